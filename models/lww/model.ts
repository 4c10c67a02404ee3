/**
 * A last-writer-wins register replicated on N replicas. A replica writes by stamping a new value,
 * keeping it if its stamp is the newest it holds, and sending it to every other replica; a replica
 * that receives a write keeps it if its stamp is newer than the one it holds. Stamps come from a
 * hybrid logical clock (the default), a vector clock, or, weakened, the replica's wall clock:
 * its physical clock, which is skewed against real time (see models/clocks/time.ts).
 *
 * A history variable records every write and receipt with its true causal past, so the
 * properties can ask whether a write that happened after another ever lost to it.
 */
import type { Model, Property } from '../../src/core/model.js'
import { hybridClock, sumThenLexLess, vectorClock, type ClockAlgorithm, type Hlc, type Vector } from '../clocks/algorithms.js'
import { emptyHistory, eventsOf, record, type History } from '../clocks/history.js'
import { findMessage, insertMessage, processIds, setAt, type CausalEvent } from '../clocks/model.js'
import { canClockTick, clockTick, initialTime, ptOf, tick, type RealTime, type TimeBounds } from '../clocks/time.js'

/** How writes are stamped. */
export type StampKind = 'hlc' | 'vector' | 'wall'

/** A stamp: a wall-clock reading, a hybrid clock `(l, c)`, or a vector. */
export type Stamp = number | Hlc | Vector

/** A write on its way from the replica that made it to another replica. */
export interface LwwMessage<T> {
  /** Real time when it was sent; the network delivers it no sooner than `delay` ticks later. */
  readonly at: number
  readonly from: string
  /** The number of the write event at its writer: the value written is `from.seq`. */
  readonly seq: number
  readonly to: string
  /** The write's stamp. */
  readonly ts: T
}

/** What a replica's register holds: the value (the write event `writer.seq`) and its stamp. */
export interface Register<T> {
  readonly seq: number
  readonly ts: T
  readonly writer: string
}

/** A state of the replicated register. Keys in sorted order; index `i` is replica `n(i+1)`. */
export interface LwwState<T> {
  /** Each replica's logical clock (HLC or vector); `null` entries with wall-clock stamps. */
  readonly clock: readonly (T | null)[]
  /** History, read only by properties: every write and receipt with its stamp and causal past. */
  readonly ghost: History<T>
  /** The bound: how many more writes each replica may make (receipts are not counted). */
  readonly left: readonly number[]
  /** Writes in flight, sorted by sender, receiver, then write number. */
  readonly net: readonly LwwMessage<T>[]
  /** Each replica's register: the newest write it holds, or `null` before any. */
  readonly reg: readonly (Register<T> | null)[]
  /** Real time and the replicas' physical (wall) clocks. */
  readonly time: RealTime
}

/** The actions: writes, receipts, and the passage of time. */
export type LwwAction<T> =
  | { readonly type: 'Write'; readonly node: string }
  | { readonly type: 'Receive'; readonly msg: LwwMessage<T> }
  | { readonly type: 'ClockTick'; readonly node: string }
  | { readonly type: 'Tick' }

/** What a replicated register is built from. */
export interface LwwSetup {
  readonly n: number
  readonly writes: number
  readonly stamps: StampKind
  readonly time: TimeBounds
  /** A write is delivered no sooner than this many ticks of real time after it was sent. */
  readonly delay: number
  /** With vector stamps, order incomparable stamps by writer alone (not a total order). */
  readonly vectorTieByWriter: boolean
}

/** A compiled register model: a `Model`, its replica ids, and each step read as an event. */
export interface LwwModel<T> extends Model<LwwState<T>, LwwAction<T>> {
  readonly nodes: readonly string[]
  readonly setup: LwwSetup
  formatAction(a: LwwAction<T>): string
  /** Whether register entry `a` is newer than `b`: the order last-writer-wins keeps. */
  newer(a: Register<T>, b: Register<T>): boolean
  causalEvent(before: LwwState<T>, a: LwwAction<T>, after: LwwState<T>): CausalEvent | null
}

/** Tie-breakers shared by every stamp order: the writer, then its write number. */
function byWriter<T>(a: Register<T>, b: Register<T>): boolean {
  return a.writer !== b.writer ? a.writer > b.writer : a.seq > b.seq
}

/**
 * The order last-writer-wins keeps for each kind of stamp. Each is total, so replicas converge:
 * wall clocks by reading; hybrid clocks by `(l, c)`; vectors by entry sum, then lexicographically
 * (a total order that extends happens-before); ties by writer, then write number.
 */
export function newerFor(stamps: StampKind, vectorTieByWriter: boolean): (a: Register<Stamp>, b: Register<Stamp>) => boolean {
  switch (stamps) {
    case 'wall':
      return (a, b) => {
        const x = a.ts as number
        const y = b.ts as number
        return x !== y ? x > y : byWriter(a, b)
      }
    case 'hlc':
      return (a, b) => {
        const x = a.ts as Hlc
        const y = b.ts as Hlc
        if (x.l !== y.l) return x.l > y.l
        if (x.c !== y.c) return x.c > y.c
        return byWriter(a, b)
      }
    case 'vector':
      return (a, b) => {
        const x = a.ts as Vector
        const y = b.ts as Vector
        const after = vectorAfter(x, y)
        if (after !== null) return after
        if (vectorTieByWriter) return byWriter(a, b)
        if (sumThenLexLess(y, x)) return true
        if (sumThenLexLess(x, y)) return false
        return byWriter(a, b)
      }
  }
}

/** `true` if `x` is after `y` in the vector order, `false` if before, `null` if equal or incomparable. */
function vectorAfter(x: Vector, y: Vector): boolean | null {
  let gt = false
  let lt = false
  for (let q = 0; q < x.length; q++) {
    const a = x[q] ?? 0
    const b = y[q] ?? 0
    if (a > b) gt = true
    if (a < b) lt = true
  }
  return gt && !lt ? true : lt && !gt ? false : null
}

/**
 * A clock over one kind of stamp, typed over every kind. Sound here because a model stamps with
 * one kind only: every stamp a clock is handed was made by that same clock.
 */
function asStampClock<X extends Stamp>(c: ClockAlgorithm<X>): ClockAlgorithm<Stamp> {
  return c as unknown as ClockAlgorithm<Stamp>
}

/** The stamp written compactly. */
export function formatStamp(ts: Stamp): string {
  if (typeof ts === 'number') return String(ts)
  if (Array.isArray(ts)) return `[${ts.join(',')}]`
  const h = ts as Hlc
  return `(${h.l},${h.c})`
}

/**
 * Builds the replicated register.
 *
 * @example
 * const m = buildLwwRegister({ n: 3, writes: 1, stamps: 'hlc', time: { time: 2, skew: 1 }, delay: 1, vectorTieByWriter: false }, props)
 */
export function buildLwwRegister(setup: LwwSetup, properties: readonly Property<LwwState<Stamp>>[]): LwwModel<Stamp> {
  type T = Stamp
  type S = LwwState<T>
  type A = LwwAction<T>
  const { n, stamps } = setup
  const bounds = setup.time
  const { ids, indexOf } = processIds(n, 'lww')
  const idOf = (i: number): string => ids[i] ?? `n${i + 1}`
  const algorithm: ClockAlgorithm<T> | null =
    stamps === 'hlc'
      ? asStampClock(hybridClock({ hlcIgnoreRemoteCounter: false, hlcResetOnReceive: false, hlcNaive: false }))
      : stamps === 'vector'
        ? asStampClock(vectorClock({ mergeSkipsComponent: false, compareSingleComponent: false, compareLexicographic: false, tieBreakTotalOrder: false }))
        : null
  const newer = newerFor(stamps, setup.vectorTieByWriter)
  const keep = (reg: Register<T> | null, w: Register<T>): Register<T> | null => (reg === null || newer(w, reg) ? w : reg)

  const writes: A[] = ids.map((node) => ({ type: 'Write', node }))
  const clockTicks: A[] = ids.map((node) => ({ type: 'ClockTick', node }))
  const tickAction: A = { type: 'Tick' }

  /** Replica i writes: it stamps the write, keeps it if newest, and sends it to every other replica. */
  const write = (s: S, i: number): S | undefined => {
    if ((s.left[i] ?? 0) <= 0) return undefined
    const pt = ptOf(s.time, i)
    const ts: T = algorithm === null ? pt : algorithm.tick(s.clock[i] as T, i, pt)
    const seq = eventsOf(s.ghost, i).length + 1
    const from = idOf(i)
    let net: readonly LwwMessage<T>[] = s.net
    for (let j = 0; j < n; j++) if (j !== i) net = insertMessage(net, { at: s.time.now, from, seq, to: idOf(j), ts })
    return {
      clock: algorithm === null ? s.clock : setAt(s.clock, i, ts),
      ghost: record(s.ghost, i, 'send', ts, null),
      left: setAt(s.left, i, (s.left[i] ?? 0) - 1),
      net,
      reg: setAt(s.reg, i, keep(s.reg[i] ?? null, { seq, ts, writer: from })),
      time: s.time,
    }
  }

  /** A replica receives a write, at least `delay` ticks after it was sent, and keeps it if newer. */
  const receive = (s: S, m: LwwMessage<T>): S | undefined => {
    const k = findMessage(s.net, m)
    if (k < 0) return undefined
    const msg = s.net[k] as LwwMessage<T>
    if (s.time.now < msg.at + setup.delay) return undefined
    const j = indexOf(msg.to)
    const pt = ptOf(s.time, j)
    const clockTs: T = algorithm === null ? pt : algorithm.receive(s.clock[j] as T, msg.ts, j, pt)
    const net = s.net.slice()
    net.splice(k, 1)
    return {
      clock: algorithm === null ? s.clock : setAt(s.clock, j, clockTs),
      ghost: record(s.ghost, j, 'receive', clockTs, { node: indexOf(msg.from), seq: msg.seq }),
      left: s.left,
      net,
      reg: setAt(s.reg, j, keep(s.reg[j] ?? null, { seq: msg.seq, ts: msg.ts, writer: msg.from })),
      time: s.time,
    }
  }

  const next = (s: S, a: A): S | undefined => {
    switch (a.type) {
      case 'Write':
        return write(s, indexOf(a.node))
      case 'Receive':
        return receive(s, a.msg)
      case 'ClockTick': {
        const t = clockTick(s.time, indexOf(a.node), bounds)
        return t === undefined ? undefined : { ...s, time: t }
      }
      case 'Tick': {
        const t = tick(s.time, bounds)
        return t === undefined ? undefined : { ...s, time: t }
      }
      default:
        return undefined
    }
  }

  const actions = (s: S): A[] => {
    const out: A[] = []
    for (const m of s.net) if (s.time.now >= m.at + setup.delay) out.push({ type: 'Receive', msg: m })
    for (let i = 0; i < n; i++) if ((s.left[i] ?? 0) > 0) out.push(writes[i] as A)
    for (let i = 0; i < n; i++) if (canClockTick(s.time, i, bounds)) out.push(clockTicks[i] as A)
    if (s.time.now < bounds.time) out.push(tickAction)
    return out
  }

  const formatAction = (a: A): string => {
    switch (a.type) {
      case 'Write':
        return `Write(${a.node})`
      case 'Receive':
        return `Receive(${a.msg.from}.${a.msg.seq} -> ${a.msg.to}, ts=${formatStamp(a.msg.ts)})`
      case 'ClockTick':
        return `ClockTick(${a.node})`
      case 'Tick':
        return 'Tick'
    }
  }

  const causalEvent = (before: S, a: A, after: S): CausalEvent | null => {
    const stampAt = (i: number): string => {
      const evs = eventsOf(after.ghost, i)
      const last = evs[evs.length - 1]
      return last === undefined ? '' : formatStamp(last.ts)
    }
    switch (a.type) {
      case 'Write': {
        const i = indexOf(a.node)
        const key = String(eventsOf(before.ghost, i).length + 1)
        return { node: a.node, received: null, sent: ids.filter((to) => to !== a.node).map((to) => ({ to, key })), stamp: stampAt(i) }
      }
      case 'Receive':
        return { node: a.msg.to, received: { from: a.msg.from, key: String(a.msg.seq) }, sent: [], stamp: stampAt(indexOf(a.msg.to)) }
      default:
        return null
    }
  }

  const initial: S = {
    clock: Array.from({ length: n }, (_, i) => (algorithm === null ? null : algorithm.init(i, n))),
    ghost: emptyHistory<T>(n),
    left: new Array<number>(n).fill(setup.writes),
    net: [],
    reg: new Array<Register<T> | null>(n).fill(null),
    time: initialTime(n),
  }

  return {
    name: 'lww',
    nodes: ids,
    setup,
    init: () => [initial],
    actions,
    next,
    properties,
    formatAction,
    newer,
    causalEvent,
  }
}
