/**
 * The three clocks, each as the rules a process runs at its events and the order applications
 * compare stamps by, with the weakened variants the models' flags swap in.
 *
 * - Lamport (1978): a counter `C`. IR1: increment between events. IR2: a message carries
 *   `Tm = C<send>`; the receiver sets `C := max(C, Tm) + 1`.
 * - Vector clocks (Fidge 1988, Mattern 1989): a vector `V` with one entry per process. At each
 *   event a process increments its own entry; a receive first takes the entrywise max with the
 *   message's vector. `V(a) < V(b)`: every entry `<=`, and the vectors differ.
 * - Hybrid logical clocks (Kulkarni, Demirbas, Madappa, Avva, Leone 2014): a pair `(l, c)`, `l`
 *   the largest physical time heard of, `c` a counter that orders events within one `l`. Stamps
 *   compare lexicographically.
 */

/** One clock algorithm: its initial value, its rules, and how stamps compare. */
export interface ClockAlgorithm<T> {
  /** The clock of process `i` (of `n`) at the start. */
  init(i: number, n: number): T
  /** A local or send event at process `i` whose physical clock reads `pt`: the clock after it. */
  tick(t: T, i: number, pt: number): T
  /** A receive at process `i` of a message stamped `m`: the clock after it. */
  receive(t: T, m: T, i: number, pt: number): T
  /** The order applications compare stamps by: `less(a, b)` reads "a is earlier than b". */
  less(a: T, b: T): boolean
  /** A stamp, written compactly: `3`, `[1,0,2]`, `(4,1)`. */
  format(t: T): string
}

// ---- Lamport ----

/** The Lamport clock's weakening flags. */
export interface LamportWeakening {
  /** IR2 without the max: a receive only increments (`C := C + 1`), ignoring `Tm`. */
  readonly receiveWithoutMax: boolean
}

/** Lamport's logical clock: `C := C + 1` at every event, `C := max(C, Tm) + 1` at a receive. */
export function lamportClock(w: LamportWeakening): ClockAlgorithm<number> {
  return {
    init: () => 0,
    tick: (t) => t + 1,
    receive: w.receiveWithoutMax ? (t) => t + 1 : (t, m) => Math.max(t, m) + 1,
    less: (a, b) => a < b,
    format: (t) => String(t),
  }
}

// ---- Vector ----

/** A vector timestamp: entry `q` counts the events of process `q` this process knows of. */
export type Vector = readonly number[]

/** The vector clock's weakening flags. */
export interface VectorWeakening {
  /** The merge loop stops one entry short (`k < n - 1`): the last process's entry is never merged. */
  readonly mergeSkipsComponent: boolean
  /** `V(a) < V(b)` is decided by the first entry alone. */
  readonly compareSingleComponent: boolean
  /** `V(a) < V(b)` is decided lexicographically, like strings. */
  readonly compareLexicographic: boolean
  /** Incomparable vectors are tie-broken (by entry sum, then lexicographically) into a total order. */
  readonly tieBreakTotalOrder: boolean
}

/** Whether `a <= b` in every entry and `a != b`: the vector order of Fidge and Mattern. */
export function vectorLess(a: Vector, b: Vector): boolean {
  let strict = false
  for (let q = 0; q < a.length; q++) {
    const x = a[q] ?? 0
    const y = b[q] ?? 0
    if (x > y) return false
    if (x < y) strict = true
  }
  return strict
}

/** Lexicographic order: the first differing entry decides. */
export function lexLess(a: Vector, b: Vector): boolean {
  for (let q = 0; q < a.length; q++) {
    const x = a[q] ?? 0
    const y = b[q] ?? 0
    if (x !== y) return x < y
  }
  return false
}

/** The sum of a vector's entries: how many events it has seen. */
export function vectorSum(v: Vector): number {
  let s = 0
  for (const x of v) s += x
  return s
}

/** A total order that extends the vector order: by entry sum, then lexicographically. */
export function sumThenLexLess(a: Vector, b: Vector): boolean {
  const sa = vectorSum(a)
  const sb = vectorSum(b)
  return sa !== sb ? sa < sb : lexLess(a, b)
}

/** Fidge/Mattern vector clocks: increment your own entry at every event; merge by max on receipt. */
export function vectorClock(w: VectorWeakening): ClockAlgorithm<Vector> {
  const less = w.compareSingleComponent
    ? (a: Vector, b: Vector) => (a[0] ?? 0) < (b[0] ?? 0)
    : w.compareLexicographic
      ? lexLess
      : w.tieBreakTotalOrder
        ? (a: Vector, b: Vector) => vectorLess(a, b) || (!vectorLess(b, a) && sumThenLexLess(a, b))
        : vectorLess
  return {
    init: (_i, n) => new Array<number>(n).fill(0),
    tick: (t, i) => {
      const v = t.slice()
      v[i] = (v[i] ?? 0) + 1
      return v
    },
    receive: (t, m, i) => {
      const v = t.slice()
      const merged = w.mergeSkipsComponent ? v.length - 1 : v.length
      for (let q = 0; q < merged; q++) v[q] = Math.max(v[q] ?? 0, m[q] ?? 0)
      v[i] = (v[i] ?? 0) + 1
      return v
    },
    less,
    format: (t) => `[${t.join(',')}]`,
  }
}

// ---- Hybrid logical clocks ----

/** A hybrid logical clock: `l`, the largest physical time known, and `c`, a counter within it. */
export interface Hlc {
  readonly c: number
  readonly l: number
}

/** The hybrid logical clock's weakening flags. */
export interface HlcWeakening {
  /** A receive treats the message's counter `c.m` as 0. */
  readonly hlcIgnoreRemoteCounter: boolean
  /** A receive sets `c := 0`, as if a new physical tick had begun. */
  readonly hlcResetOnReceive: boolean
  /** The paper's naive first attempt: `l := max(l + 1, pt)`, the counter folded into `l`. */
  readonly hlcNaive: boolean
}

/** Lexicographic order on `(l, c)`. */
export function hlcLess(a: Hlc, b: Hlc): boolean {
  return a.l !== b.l ? a.l < b.l : a.c < b.c
}

/** Kulkarni et al.'s HLC (Figure 5 of the paper), or one of its weakened variants. */
export function hybridClock(w: HlcWeakening): ClockAlgorithm<Hlc> {
  const naive = w.hlcNaive
  return {
    init: () => ({ c: 0, l: 0 }),
    // Send or local event.
    tick: (t, _i, pt) => {
      if (naive) return { c: 0, l: Math.max(t.l + 1, pt) }
      const l = Math.max(t.l, pt)
      return { c: l === t.l ? t.c + 1 : 0, l }
    },
    // Receive event of message m.
    receive: (t, m, _i, pt) => {
      if (naive) return { c: 0, l: Math.max(t.l + 1, m.l + 1, pt) }
      const l = Math.max(t.l, m.l, pt)
      if (w.hlcResetOnReceive) return { c: 0, l }
      const cm = w.hlcIgnoreRemoteCounter ? 0 : m.c
      let c: number
      if (l === t.l && l === m.l) c = Math.max(t.c, cm) + 1
      else if (l === t.l) c = t.c + 1
      else if (l === m.l) c = cm + 1
      else c = 0
      return { c, l }
    },
    less: hlcLess,
    format: (t) => `(${t.l},${t.c})`,
  }
}
