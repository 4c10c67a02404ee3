/**
 * The Wing–Gong search with Lowe's memoisation, over one sub-history.
 *
 * The invocations and returns sit in one doubly linked list sorted by time. The search walks the
 * list from its head: an invocation met before any return is an operation that may take effect
 * next; it is tried against the specification and, if the output matches and the configuration
 * (operations done so far, state) is new, "lifted" out of the list (its invocation and return
 * unlinked, dancing-links style) and pushed on a stack; the walk restarts from the head. Meeting a
 * return means that operation would have to take effect later than its answer: the search pops the
 * last choice, links it back, and tries the next invocation after it. The history is linearizable
 * when every completed operation is done; it is not when the stack runs empty.
 *
 * The set of done operations is a bitset indexed by call order, so it is nearly a prefix of ones;
 * the memo table stores it compactly (the index of the first word that is not all ones and the
 * words from there to the last non-zero one) and finds it by a Zobrist hash kept up to date on
 * every lift and unlift.
 *
 * A {@link Searcher} is built once per list of operations and run many times with different kinds
 * (an operation may be left out of a run), optionally from a set of start configurations: the
 * minimiser uses that to resume a search in the middle of a history instead of redoing its start.
 */
import type { Call, Spec, Value } from './types.js'
import { equalValue } from './values.js'
import { fmix } from '../core/canonical.js'

/** Completed: takes effect within its interval, with its recorded output. */
export const MANDATORY = 0
/** No return: may take effect any time after its call, with any output, or never. */
export const PENDING = 1
/** Left out of this run. */
export const ABSENT = 2
/**
 * Invoked but not yet answered at the time a history is cut: may take effect any time after its
 * call or never, but if it does, with its recorded output.
 */
export const UNANSWERED = 3
export type Kind = typeof MANDATORY | typeof PENDING | typeof ABSENT | typeof UNANSWERED

// How an operation on the stack was taken.
const APPLIED = 0
const FORCED = 1

/** One operation as the search sees it. */
export interface SearchOp {
  readonly call: Call & { readonly output: Value }
  readonly start: number
  /** `null` for a pending operation. */
  readonly end: number | null
}

/** A configuration to start from: the done set (compact bitset in the searcher's numbering) and the state. */
export interface Start<S> {
  readonly lo: number
  readonly tail: Int32Array
  readonly state: S
  readonly key: string | number
}

export interface RunResult<S> {
  readonly result: 'linearizable' | 'not-linearizable' | 'unknown'
  /** When linearizable: indices into the operations, in the order they took effect. */
  readonly order: readonly number[]
  readonly steps: number
  /**
   * The latest return time at which the search got stuck (an operation that had to take effect
   * by then could not): when not linearizable, the violation is complete by this time.
   */
  readonly reach: number
  /** When collected: every configuration the run entered. */
  readonly frontier?: Frontier<S>
}

export interface RunOptions<S> {
  /** Start configurations, tried in turn; by default the initial state with nothing done. */
  readonly starts?: readonly Start<S>[]
  /** Record every configuration entered, for {@link Frontier.at}. @default false */
  readonly collect?: boolean
  /**
   * Keep searching after the first linearization, until every configuration has been entered
   * (so that a collected frontier is complete for a linearizable history too). @default false
   */
  readonly exhaustive?: boolean
}

/** The kind of each operation of a history: completed ones mandatory, pending ones pending, pending reads left out. */
export function defaultKinds<S>(ops: readonly SearchOp[], spec: Spec<S>): Uint8Array {
  let lastEnd = -Infinity
  for (const o of ops) if (o.end !== null && o.end > lastEnd) lastEnd = o.end
  const kinds = new Uint8Array(ops.length)
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i] as SearchOp
    if (o.end !== null) kinds[i] = MANDATORY
    // A pending read never matters, nor does a pending operation invoked after every completed one returned.
    else kinds[i] = o.start > lastEnd || (spec.readOnly !== undefined && spec.readOnly(o.call)) ? ABSENT : PENDING
  }
  return kinds
}

/** Searches one list of operations for linearizations; see the module comment. */
export class Searcher<S> {
  readonly n: number
  private readonly spec: Spec<S>
  /** Operation i of the search is ops[input[i]]: numbering by call time keeps the done set near a prefix. */
  private readonly input: Int32Array
  private readonly internal: Int32Array
  private readonly op: SearchOp[]
  private readonly isRead: Uint8Array
  /** Events sorted by time (invocations before returns at equal times): op * 2 + (1 for a return). */
  private readonly events: Int32Array
  /** Position in `events` of each operation's invocation. */
  private readonly callPos: Int32Array
  private readonly zobA: Int32Array
  private readonly zobB: Int32Array
  /** XOR of the Zobrist values of operations 0 .. k-1. */
  private readonly prefixA: Int32Array
  private readonly prefixB: Int32Array

  constructor(ops: readonly SearchOp[], spec: Spec<S>) {
    const n = ops.length
    this.n = n
    this.spec = spec
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ops[a] as SearchOp).start - (ops[b] as SearchOp).start || a - b)
    this.input = Int32Array.from(order)
    this.internal = new Int32Array(n)
    for (let i = 0; i < n; i++) this.internal[order[i] as number] = i
    this.op = order.map((i) => ops[i] as SearchOp)
    this.isRead = new Uint8Array(n)
    if (spec.readOnly !== undefined) for (let i = 0; i < n; i++) if (spec.readOnly((this.op[i] as SearchOp).call)) this.isRead[i] = 1
    const events: number[] = []
    for (let i = 0; i < n; i++) {
      events.push(i * 2)
      if ((this.op[i] as SearchOp).end !== null) events.push(i * 2 + 1)
    }
    const timeOf = (e: number): number => {
      const o = this.op[e >> 1] as SearchOp
      return e & 1 ? (o.end as number) : o.start
    }
    // Invocations before returns at the same time: touching intervals are concurrent. The
    // difference of two -Infinity start times is NaN, which `||` passes over like a tie.
    events.sort((a, b) => timeOf(a) - timeOf(b) || (a & 1) - (b & 1) || a - b)
    this.events = Int32Array.from(events)
    this.callPos = new Int32Array(n)
    for (let k = 0; k < events.length; k++) {
      const e = events[k] as number
      if ((e & 1) === 0) this.callPos[e >> 1] = k
    }
    this.zobA = new Int32Array(n)
    this.zobB = new Int32Array(n)
    this.prefixA = new Int32Array(n + 1)
    this.prefixB = new Int32Array(n + 1)
    let seed = 0x2545f491
    for (let i = 0; i < n; i++) {
      seed = (seed + 0x6d2b79f5) | 0
      this.zobA[i] = fmix(seed)
      seed = (seed + 0x6d2b79f5) | 0
      this.zobB[i] = fmix(seed ^ 0x5bd1e995)
      this.prefixA[i + 1] = (this.prefixA[i] as number) ^ (this.zobA[i] as number)
      this.prefixB[i + 1] = (this.prefixB[i] as number) ^ (this.zobB[i] as number)
    }
  }

  /**
   * Searches for a linearization in which the operations of kind MANDATORY all take effect, the
   * PENDING and UNANSWERED ones may, and the ABSENT ones are left out (`kinds` is indexed like
   * the operations). An UNANSWERED operation must be given no return time.
   */
  run(kinds: Uint8Array, budget: number, options: RunOptions<S> = {}): RunResult<S> {
    const { n, spec, op, events, callPos, zobA, zobB, isRead } = this
    const kind = new Uint8Array(n)
    for (let i = 0; i < n; i++) kind[i] = kinds[this.input[i] as number] as number
    // A mandatory read that gives its recorded output now may be put next without losing any
    // linearization: it changes no state, and nothing still to come has to precede it. So reads
    // are never branched on: each new configuration first takes every read it can ("forced"),
    // and a configuration whose forced read was seen before has failed as a whole.
    const forced = new Uint8Array(n)
    const mandatoryBefore = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      if (kind[i] === MANDATORY && isRead[i] === 1) forced[i] = 1
      mandatoryBefore[i + 1] = (mandatoryBefore[i] as number) + (kind[i] === MANDATORY ? 1 : 0)
    }
    const mandatoryTotal = mandatoryBefore[n] as number

    const size = events.length
    const head = size
    const next = new Int32Array(size + 1)
    const prev = new Int32Array(size + 1)
    const nodeOp = new Int32Array(size)
    const nodeIsCall = new Uint8Array(size)
    const callNode = new Int32Array(n)
    const retNode = new Int32Array(n)
    for (let k = 0; k < size; k++) {
      const e = events[k] as number
      nodeOp[k] = e >> 1
      if (e & 1) retNode[e >> 1] = k
      else {
        nodeIsCall[k] = 1
        callNode[e >> 1] = k
      }
    }
    const unlink = (x: number): void => {
      next[prev[x] as number] = next[x] as number
      prev[next[x] as number] = prev[x] as number
    }
    const relink = (x: number): void => {
      next[prev[x] as number] = x
      prev[next[x] as number] = x
    }
    const hasRet = (i: number): boolean => kind[i] === MANDATORY && (op[i] as SearchOp).end !== null
    // Unlinked in this order, linked back in the reverse one, so the list is restored exactly.
    const lift = (i: number): void => {
      unlink(callNode[i] as number)
      if (hasRet(i)) unlink(retNode[i] as number)
    }
    const unlift = (i: number): void => {
      if (hasRet(i)) relink(retNode[i] as number)
      relink(callNode[i] as number)
    }
    const timeOfNode = (x: number): number => {
      const o = op[nodeOp[x] as number] as SearchOp
      return nodeIsCall[x] === 1 ? o.start : (o.end as number)
    }

    const words = (n + 31) >> 5
    const bits = new Int32Array(words)
    let zA = 0
    let zB = 0
    // First word that may not be all ones; last word that may be non-zero (both kept conservative).
    let lo = 0
    let hi = -1
    const flip = (i: number, on: boolean): void => {
      const w = i >> 5
      bits[w] = (bits[w] as number) ^ (1 << (i & 31))
      zA ^= zobA[i] as number
      zB ^= zobB[i] as number
      if (on) {
        if (w > hi) hi = w
      } else if (w < lo) lo = w
    }
    const memo = new Memo()
    const remember = (key: string | number): boolean => {
      while (lo < words && bits[lo] === -1) lo++
      while (hi >= 0 && bits[hi] === 0) hi--
      const kh = keyHash(key)
      return memo.add(fmix(zA ^ kh), zB ^ Math.imul(kh, 0x2545f491), key, bits, lo, hi)
    }

    const collect = options.collect === true
    const exhaustive = options.exhaustive === true
    let found: number[] | null = null
    const fMemo: number[] = []
    const fState: S[] = []
    const fFrom: number[] = []
    const fTo: number[] = []
    // Records the configuration just remembered, with the times q for which it lies on the frontier
    // at q: everything done was invoked before q, everything not done returns at q or later.
    const record = (state: S): void => {
      const top = hi >= lo && hi >= 0 ? hi * 32 + 31 - Math.clz32(bits[hi] as number) : lo * 32 - 1
      const from = top >= 0 ? (op[top] as SearchOp).start : -Infinity
      let to = Infinity
      for (let x = next[head] as number; x !== head; x = next[x] as number) {
        if (nodeIsCall[x] === 0) {
          to = timeOfNode(x)
          break
        }
      }
      if (from < to) {
        fMemo.push(memo.size - 1)
        fState.push(state)
        fFrom.push(from)
        fTo.push(to)
      }
    }

    const stackOp = new Int32Array(n)
    const stackHow = new Uint8Array(n)
    const stackState: S[] = []
    const stackKey: (string | number)[] = []
    let depth = 0
    let state = spec.init
    let stateKey = spec.key(state)
    let mandatoryLeft = mandatoryTotal
    let steps = 0
    let reach = -Infinity
    let fresh = true
    let entry = head
    const push = (i: number, how: number): void => {
      stackOp[depth] = i
      stackHow[depth] = how
      stackState[depth] = state
      stackKey[depth] = stateKey
      depth++
      lift(i)
      if (kind[i] === MANDATORY) mandatoryLeft--
      fresh = true
    }

    // Sets up a start configuration; false when it was met before.
    const enter = (s: Start<S>): boolean => {
      bits.fill(0)
      const full = Math.min(n, s.lo * 32)
      bits.fill(-1, 0, s.lo)
      bits.set(s.tail, s.lo)
      zA = this.prefixA[full] as number
      zB = this.prefixB[full] as number
      mandatoryLeft = mandatoryTotal - (mandatoryBefore[full] as number)
      for (let w = 0; w < s.tail.length; w++) {
        let word = s.tail[w] as number
        while (word !== 0) {
          const b = 31 - Math.clz32(word)
          word ^= 1 << b
          const i = (s.lo + w) * 32 + b
          zA ^= zobA[i] as number
          zB ^= zobB[i] as number
          if (kind[i] === MANDATORY) mandatoryLeft--
        }
      }
      lo = s.lo
      hi = s.lo + s.tail.length - 1
      // The list holds the nodes of operations not done and not absent; those of operations below
      // the full prefix all come before the invocation of the first operation after it.
      let last = head
      for (let k = full < n ? (callPos[full] as number) : size; k < size; k++) {
        const i = nodeOp[k] as number
        if (kind[i] === ABSENT || (bits[i >> 5] as number) & (1 << (i & 31))) continue
        if (nodeIsCall[k] === 0 && !hasRet(i)) continue
        next[last] = k
        prev[k] = last
        last = k
      }
      next[last] = head
      prev[head] = last
      state = s.state
      stateKey = s.key
      depth = 0
      fresh = true
      if (!remember(stateKey)) return false
      if (collect) record(state)
      return true
    }

    const starts = options.starts ?? [{ lo: 0, tail: new Int32Array(0), state: spec.init, key: spec.key(spec.init) }]
    const done = (result: 'linearizable' | 'not-linearizable' | 'unknown', order: readonly number[]): RunResult<S> => ({
      result,
      order,
      steps,
      reach,
      ...(collect ? { frontier: new Frontier(memo, fMemo, fState, fFrom, fTo) } : {}),
    })

    search_starts: for (const start of starts) {
      if (!enter(start)) continue
      search: for (;;) {
        if (mandatoryLeft === 0) {
          const order: number[] = []
          for (let d = 0; d < depth; d++) order.push(this.input[stackOp[d] as number] as number)
          if (!exhaustive) return done('linearizable', order)
          if (found === null) found = order
          fresh = false
          entry = head
        }
        if (fresh) {
          fresh = false
          let dead = false
          for (let e = next[head] as number; e !== head && nodeIsCall[e] === 1; e = next[e] as number) {
            const i = nodeOp[e] as number
            if (forced[i] === 0) continue
            if (steps >= budget) return done('unknown', [])
            steps++
            const o = op[i] as SearchOp
            if (!equalValue(spec.step(state, o.call)[0], o.call.output)) continue
            flip(i, true)
            if (remember(stateKey)) {
              push(i, FORCED)
              if (collect) record(state)
              continue search
            }
            // Seen before, so it failed then; and so does this configuration.
            flip(i, false)
            dead = true
            break
          }
          entry = dead ? head : (next[head] as number)
        }
        if (entry !== head && nodeIsCall[entry] === 1) {
          const i = nodeOp[entry] as number
          if (forced[i] === 1) {
            // Mandatory reads were all tried when this configuration was entered.
            entry = next[entry] as number
            continue
          }
          if (steps >= budget) return done('unknown', [])
          steps++
          const o = op[i] as SearchOp
          const [out, after] = spec.step(state, o.call)
          if (kind[i] === PENDING || equalValue(out, o.call.output)) {
            const afterKey = spec.key(after)
            flip(i, true)
            if (remember(afterKey)) {
              push(i, APPLIED)
              state = after
              stateKey = afterKey
              if (collect) record(state)
              continue
            }
            flip(i, false)
          }
          entry = next[entry] as number
          continue
        }
        // A return (or the end): that operation cannot wait any longer. Backtrack to the last
        // branch; a forced read had no alternative, so undoing it undoes one more.
        if (entry !== head && mandatoryLeft > 0) {
          const t = timeOfNode(entry)
          if (t > reach) reach = t
        }
        for (;;) {
          if (depth === 0) continue search_starts
          depth--
          const i = stackOp[depth] as number
          unlift(i)
          flip(i, false)
          state = stackState[depth] as S
          stateKey = stackKey[depth] as string | number
          if (kind[i] === MANDATORY) mandatoryLeft++
          if (stackHow[depth] === APPLIED) {
            entry = next[callNode[i] as number] as number
            break
          }
        }
      }
    }
    return found === null ? done('not-linearizable', []) : done('linearizable', found)
  }
}

/** The configurations a collecting run entered, with the times at which each lies on the frontier. */
export class Frontier<S> {
  constructor(
    private readonly memo: Memo,
    private readonly entry: readonly number[],
    private readonly state: readonly S[],
    private readonly from: readonly number[],
    private readonly to: readonly number[],
  ) {}

  /**
   * The configurations on the frontier at time q: every operation done was invoked before q, and
   * every one not done returns at q or later. Any linearization of a history that differs from
   * the collected one only in operations invoked at q or later passes through one of them.
   */
  at(q: number): Start<S>[] {
    const out: Start<S>[] = []
    for (let k = 0; k < this.entry.length; k++) {
      if ((this.from[k] as number) < q && q <= (this.to[k] as number)) {
        const e = this.entry[k] as number
        out.push({ lo: this.memo.lo(e), tail: this.memo.tail(e), state: this.state[k] as S, key: this.memo.key(e) })
      }
    }
    return out
  }
}

/**
 * The configurations already explored: (done set, state key), found by hash and confirmed by
 * comparing the compact bitset, so a hash collision can never prune a live branch. The compact
 * bitsets live end to end in one growing pool of words.
 */
class Memo {
  private mask = (1 << 12) - 1
  private slotA = new Int32Array(1 << 12)
  private slotB = new Int32Array(1 << 12)
  /** Entry index + 1; 0 is an empty slot. */
  private slotE = new Int32Array(1 << 12)
  private readonly keys: (string | number)[] = []
  private readonly los: number[] = []
  private readonly offsets: number[] = []
  private readonly lengths: number[] = []
  private pool = new Int32Array(1 << 12)
  private used = 0

  get size(): number {
    return this.keys.length
  }
  key(e: number): string | number {
    return this.keys[e] as string | number
  }
  lo(e: number): number {
    return this.los[e] as number
  }
  tail(e: number): Int32Array {
    const at = this.offsets[e] as number
    return this.pool.subarray(at, at + (this.lengths[e] as number))
  }

  /** Adds the configuration; false when it was already there. */
  add(a: number, b: number, key: string | number, bits: Int32Array, lo: number, hi: number): boolean {
    const len = hi >= lo ? hi - lo + 1 : 0
    const pool = this.pool
    let s = a & this.mask
    for (;;) {
      const e = this.slotE[s] as number
      if (e === 0) break
      if (this.slotA[s] === a && this.slotB[s] === b) {
        const k = e - 1
        if (this.keys[k] === key && this.los[k] === lo && this.lengths[k] === len) {
          const at = this.offsets[k] as number
          let w = 0
          while (w < len && pool[at + w] === bits[lo + w]) w++
          if (w === len) return false
        }
      }
      s = (s + 1) & this.mask
    }
    this.slotA[s] = a
    this.slotB[s] = b
    this.slotE[s] = this.keys.length + 1
    this.keys.push(key)
    this.los.push(lo)
    this.offsets.push(this.used)
    this.lengths.push(len)
    if (this.used + len > pool.length) {
      const bigger = new Int32Array(Math.max(pool.length * 2, this.used + len))
      bigger.set(pool.subarray(0, this.used))
      this.pool = bigger
    }
    this.pool.set(bits.subarray(lo, lo + len), this.used)
    this.used += len
    if (this.keys.length * 2 > this.mask) this.grow()
    return true
  }

  private grow(): void {
    const { slotA, slotB, slotE } = this
    const cap = (this.mask + 1) * 2
    this.mask = cap - 1
    this.slotA = new Int32Array(cap)
    this.slotB = new Int32Array(cap)
    this.slotE = new Int32Array(cap)
    for (let s = 0; s < slotE.length; s++) {
      const e = slotE[s] as number
      if (e === 0) continue
      const a = slotA[s] as number
      let t = a & this.mask
      while (this.slotE[t] !== 0) t = (t + 1) & this.mask
      this.slotA[t] = a
      this.slotB[t] = slotB[s] as number
      this.slotE[t] = e
    }
  }
}

const f64 = new Float64Array(1)
const f64Words = new Int32Array(f64.buffer)

function keyHash(k: string | number): number {
  if (typeof k === 'number') {
    if ((k | 0) === k) return fmix(k ^ 0x3c6ef372)
    f64[0] = k
    return fmix(Math.imul(f64Words[0] as number, 0x85ebca6b) ^ (f64Words[1] as number) ^ 0x68e31da4)
  }
  let h = 0x811c9dc5 ^ k.length
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193)
  return fmix(h)
}
