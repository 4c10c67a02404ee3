/**
 * The history variable of the clock models (and of `lww`): every event each process has done,
 * with the stamp its clock gave it and its true causal past, built from the sends and receives
 * that actually happened. Only properties (and tests) read it; no process ever does.
 *
 * Happens-before is Lamport's relation: `a → b` when `a` comes before `b` on one process, or `a`
 * sends the message `b` receives, or transitively. The set of events that happened before an
 * event `b` (with `b`) is closed under "comes earlier on the same process", so it is a prefix of
 * every process's sequence of events, and one count per process describes it exactly:
 * `past[q]` is how many of process `q`'s events are in it. That is the relation itself, not a
 * clock: it is computed from the message that was received, never from any stamp.
 */

/** What an event is, in Lamport's terms: a local step, the sending of messages, or a receipt. */
export type EventKind = 'local' | 'send' | 'receive'

/** One event of one process, as the history records it. */
export interface ClockEvent<T> {
  /** For a receive: the send event whose message it received (`n1.2`); `null` otherwise. */
  readonly cause: string | null
  readonly kind: EventKind
  /**
   * `past[q]`: how many events of process `q` happened before this one (this event counts for
   * its own process). `a`, the k-th event of `p`, happened before `b` exactly when
   * `a !== b` and `b.past[p] >= k`.
   */
  readonly past: readonly number[]
  /** The event's timestamp: the process's clock right after the event (Lamport's `C<a>`). */
  readonly ts: T
}

/** Every process's events in the order it did them: `history[i][k - 1]` is event `n(i+1).k`. */
export type History<T> = readonly (readonly ClockEvent<T>[])[]

/** The id of process `i` (0-based): `n1`, `n2`, ... */
export function nodeName(i: number): string {
  return `n${i + 1}`
}

/** The name of the k-th event (1-based) of process `i` (0-based): `n1.2`. */
export function eventName(i: number, k: number): string {
  return `n${i + 1}.${k}`
}

/** An empty history of `n` processes. */
export function emptyHistory<T>(n: number): History<T> {
  return Array.from({ length: n }, () => [])
}

/** The events of process `i`, or a loud error for a process the history does not have. */
export function eventsOf<T>(h: History<T>, i: number): readonly ClockEvent<T>[] {
  const evs = h[i]
  if (evs === undefined) throw new Error(`the history has no process ${nodeName(i)}`)
  return evs
}

/** The k-th event (1-based) of process `i`, or a loud error. */
export function eventAt<T>(h: History<T>, i: number, k: number): ClockEvent<T> {
  const e = eventsOf(h, i)[k - 1]
  if (e === undefined) throw new Error(`the history has no event ${eventName(i, k)}`)
  return e
}

/**
 * The history after process `i` did one more event. For a receive, `cause` is the send event
 * (process and 1-based number) whose message arrived; the new event's causal past is its
 * predecessor's, joined with that send's, plus itself.
 */
export function record<T>(
  h: History<T>,
  i: number,
  kind: EventKind,
  ts: T,
  cause: { readonly node: number; readonly seq: number } | null,
): History<T> {
  const mine = eventsOf(h, i)
  const k = mine.length + 1
  const prev = mine[k - 2]
  const past = prev === undefined ? new Array<number>(h.length).fill(0) : prev.past.slice()
  if (cause !== null) {
    const send = eventAt(h, cause.node, cause.seq)
    for (let q = 0; q < past.length; q++) {
      const x = send.past[q] ?? 0
      if (x > (past[q] ?? 0)) past[q] = x
    }
  }
  past[i] = k
  const causeName = cause === null ? null : eventName(cause.node, cause.seq)
  const ev: ClockEvent<T> = { cause: causeName, kind, past, ts }
  const out = h.slice()
  out[i] = [...mine, ev]
  return out
}

/** Whether event `k` of process `p` happened before event `j` of process `q` (both 1-based). */
export function happenedBefore<T>(h: History<T>, p: number, k: number, q: number, j: number): boolean {
  if (p === q && k === j) return false
  return (eventAt(h, q, j).past[p] ?? 0) >= k
}

/** One event with its place, as the pair loops of the properties see it. */
export interface PlacedEvent<T> {
  /** The process, 0-based. */
  readonly p: number
  /** The event's number on its process, 1-based. */
  readonly k: number
  readonly e: ClockEvent<T>
}

/** Every event of the history, process by process. */
export function allEvents<T>(h: History<T>): PlacedEvent<T>[] {
  const out: PlacedEvent<T>[] = []
  for (let p = 0; p < h.length; p++) {
    const evs = h[p] ?? []
    for (let k = 1; k <= evs.length; k++) out.push({ p, k, e: evs[k - 1] as ClockEvent<T> })
  }
  return out
}

/** Whether `a` happened before `b`, for two placed events of one history. */
export function before<T>(a: PlacedEvent<T>, b: PlacedEvent<T>): boolean {
  if (a.p === b.p && a.k === b.k) return false
  return (b.e.past[a.p] ?? 0) >= a.k
}

/**
 * Whether `test(a, b)` holds for every ordered pair of distinct events. Stops at the first
 * pair that fails. The properties are all of this shape.
 */
export function everyPair<T>(h: History<T>, test: (a: PlacedEvent<T>, b: PlacedEvent<T>) => boolean): boolean {
  const evs = allEvents(h)
  for (let x = 0; x < evs.length; x++) {
    for (let y = 0; y < evs.length; y++) {
      if (x !== y && !test(evs[x] as PlacedEvent<T>, evs[y] as PlacedEvent<T>)) return false
    }
  }
  return true
}

/** Whether some ordered pair of distinct events satisfies `test`. */
export function somePair<T>(h: History<T>, test: (a: PlacedEvent<T>, b: PlacedEvent<T>) => boolean): boolean {
  return !everyPair(h, (a, b) => !test(a, b))
}
