/**
 * The clock models: N processes do local events, send messages and receive them, in Lamport's
 * model of a distributed system, and stamp every event with a logical clock (Lamport, vector or
 * hybrid). A history variable records each event with its stamp and its true causal past, so the
 * properties can hold the stamps against happens-before.
 *
 * One engine serves the three clocks: only the rules a process runs at its events differ (see
 * `algorithms.ts`). The hybrid clock also needs real time and physical clocks (see `time.ts`);
 * the other two run without them (`time` is `null`).
 *
 * These are plain models, not actor models: the hybrid clock needs real time with a `Tick` action
 * and bounded skew, which the actor layer does not have, and one engine keeps the three clocks'
 * traces alike. `renderClocks` (src/trace/clocks.ts) reads them through `causalEvent`.
 */
import type { Model, Property } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import type { ClockAlgorithm } from './algorithms.js'
import { emptyHistory, eventsOf, nodeName, record, type History } from './history.js'
import { canClockTick, clockTick, initialTime, ptOf, tick, type RealTime, type TimeBounds } from './time.js'

/** A message in flight: the sender's stamp `ts` (Lamport's `Tm`) on the way from `from` to `to`. */
export interface ClockMessage<T> {
  readonly from: string
  /** The number of its send event at the sender (it is event `from.seq`). Only the history reads it. */
  readonly seq: number
  readonly to: string
  /** The sender's clock right after the send: the message's timestamp. */
  readonly ts: T
}

/**
 * A state of the whole system. Keys are in sorted order. Index `i` of every per-process array is
 * process `n(i+1)`.
 */
export interface ClockState<T> {
  /** Each process's clock (`C_i`, `V_i`, or `(l.j, c.j)`). */
  readonly clock: readonly T[]
  /** History, read only by properties: every event with its stamp and causal past. */
  readonly ghost: History<T>
  /** The bound: how many more local or send events each process may do (receives are not counted). */
  readonly left: readonly number[]
  /** Messages in flight, sorted by sender, receiver, then send number. Each is delivered at most once. */
  readonly net: readonly ClockMessage<T>[]
  /** Real time and physical clocks, or `null` in models without them. */
  readonly time: RealTime | null
}

/** The actions, named as events of Lamport's model, plus the passage of time. */
export type ClockAction<T> =
  | { readonly type: 'Local'; readonly node: string }
  | { readonly type: 'Send'; readonly from: string; readonly to: string }
  | { readonly type: 'Receive'; readonly msg: ClockMessage<T> }
  | { readonly type: 'ClockTick'; readonly node: string }
  | { readonly type: 'Tick' }

/** A step of a model seen as an event of Lamport's model, for `renderClocks` (src/trace/clocks.ts). */
export interface CausalEvent {
  readonly node: string
  /** The message this step received: its sender and a key that names it on its link. */
  readonly received: { readonly from: string; readonly key: string } | null
  /** The messages this step sent, each with a key that names it on its link. */
  readonly sent: readonly { readonly to: string; readonly key: string }[]
  /** The model's own stamp of the event, as text. */
  readonly stamp: string
}

/** What a clock system is built from. */
export interface ClockSetup<T> {
  /** The model's name: `lamport`, `vector` or `hlc`. */
  readonly name: string
  /** Number of processes. */
  readonly n: number
  /** Local and send events each process may do. */
  readonly events: number
  readonly algorithm: ClockAlgorithm<T>
  /** Real time and skew, or `null` for a model without physical clocks. */
  readonly time: TimeBounds | null
}

/** A compiled clock model: a `Model`, its process ids, and each step read as an event. */
export interface ClockModel<T> extends Model<ClockState<T>, ClockAction<T>> {
  readonly nodes: readonly string[]
  readonly setup: ClockSetup<T>
  formatAction(a: ClockAction<T>): string
  /** The step from `before` by `a` as an event of Lamport's model; `null` for `Tick` and `ClockTick`. */
  causalEvent(before: ClockState<T>, a: ClockAction<T>, after: ClockState<T>): CausalEvent | null
}

/** Orders messages in flight: by sender, receiver (process order), then send number. */
export function compareMessages(a: { from: string; to: string; seq: number }, b: { from: string; to: string; seq: number }): number {
  if (a.from !== b.from) return a.from < b.from ? -1 : 1
  if (a.to !== b.to) return a.to < b.to ? -1 : 1
  return a.seq - b.seq
}

/** `net` with `m` added in its place. */
export function insertMessage<M extends { from: string; to: string; seq: number }>(net: readonly M[], m: M): M[] {
  let k = net.length
  while (k > 0 && compareMessages(net[k - 1] as M, m) > 0) k--
  const out = net.slice()
  out.splice(k, 0, m)
  return out
}

/** The position of message `m` in `net` (by identity, then by link and send number), or -1. */
export function findMessage<M extends { from: string; to: string; seq: number }>(net: readonly M[], m: M): number {
  for (let k = 0; k < net.length; k++) if (net[k] === m) return k
  for (let k = 0; k < net.length; k++) if (compareMessages(net[k] as M, m) === 0) return k
  return -1
}

/** Process ids `n1..nN`, with a lookup that fails loudly on an unknown id. */
export function processIds(n: number, model: string): { ids: readonly string[]; indexOf(id: string): number } {
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new FaultlineError(`model ${model}: processes must be 1..9, got ${n}`)
  const ids = Array.from({ length: n }, (_, i) => nodeName(i))
  const index = new Map(ids.map((id, i) => [id, i]))
  return {
    ids,
    indexOf: (id) => {
      const i = index.get(id)
      if (i === undefined) throw new FaultlineError(`model ${model}: unknown process ${String(id)}; the processes are ${ids.join(', ')}`)
      return i
    },
  }
}

/** A copy of `xs` with entry `i` set to `v`; the input is left alone. */
export function setAt<X>(xs: readonly X[], i: number, v: X): X[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

/** The initial state: every clock at its start, no events, nothing in flight, time zero. */
export function initialClockState<T>(setup: ClockSetup<T>): ClockState<T> {
  const { n, algorithm } = setup
  return {
    clock: Array.from({ length: n }, (_, i) => algorithm.init(i, n)),
    ghost: emptyHistory<T>(n),
    left: new Array<number>(n).fill(setup.events),
    net: [],
    time: setup.time === null ? null : initialTime(n),
  }
}

/**
 * Builds a clock system: the processes, their clock and the properties to check.
 *
 * @example
 * const m = buildClockSystem({ name: 'lamport', n: 3, events: 2, algorithm: lamportClock({ receiveWithoutMax: false }), time: null }, props)
 */
export function buildClockSystem<T>(setup: ClockSetup<T>, properties: readonly Property<ClockState<T>>[]): ClockModel<T> {
  type S = ClockState<T>
  type A = ClockAction<T>
  const { n, algorithm, name } = setup
  const bounds = setup.time
  const { ids, indexOf } = processIds(n, name)
  const idOf = (i: number): string => ids[i] ?? nodeName(i)

  const locals: A[] = ids.map((node) => ({ type: 'Local', node }))
  const sends: A[][] = ids.map((from) => ids.filter((to) => to !== from).map((to) => ({ type: 'Send', from, to })))
  const clockTicks: A[] = ids.map((node) => ({ type: 'ClockTick', node }))
  const tickAction: A = { type: 'Tick' }

  /** Process i does a local event: its clock ticks (IR1). */
  const local = (s: S, i: number): S | undefined => {
    if ((s.left[i] ?? 0) <= 0) return undefined
    const ts = algorithm.tick(s.clock[i] as T, i, ptOf(s.time, i))
    return {
      clock: setAt(s.clock, i, ts),
      ghost: record(s.ghost, i, 'local', ts, null),
      left: setAt(s.left, i, (s.left[i] ?? 0) - 1),
      net: s.net,
      time: s.time,
    }
  }

  /** Process i sends a message to j: its clock ticks (IR1) and the message carries the new stamp (IR2a). */
  const send = (s: S, i: number, j: number): S | undefined => {
    if ((s.left[i] ?? 0) <= 0 || i === j) return undefined
    const ts = algorithm.tick(s.clock[i] as T, i, ptOf(s.time, i))
    const seq = eventsOf(s.ghost, i).length + 1
    const msg: ClockMessage<T> = { from: idOf(i), seq, to: idOf(j), ts }
    return {
      clock: setAt(s.clock, i, ts),
      ghost: record(s.ghost, i, 'send', ts, null),
      left: setAt(s.left, i, (s.left[i] ?? 0) - 1),
      net: insertMessage(s.net, msg),
      time: s.time,
    }
  }

  /** The receiver of an in-flight message takes it and advances its clock past the stamp (IR2b). */
  const receive = (s: S, m: ClockMessage<T>): S | undefined => {
    const k = findMessage(s.net, m)
    if (k < 0) return undefined
    const msg = s.net[k] as ClockMessage<T>
    const j = indexOf(msg.to)
    if ((s.left[j] ?? 0) <= 0) return undefined
    const ts = algorithm.receive(s.clock[j] as T, msg.ts, j, ptOf(s.time, j))
    const net = s.net.slice()
    net.splice(k, 1)
    return {
      clock: setAt(s.clock, j, ts),
      ghost: record(s.ghost, j, 'receive', ts, { node: indexOf(msg.from), seq: msg.seq }),
      left: setAt(s.left, j, (s.left[j] ?? 0) - 1),
      net,
      time: s.time,
    }
  }

  const next = (s: S, a: A): S | undefined => {
    switch (a.type) {
      case 'Local':
        return local(s, indexOf(a.node))
      case 'Send':
        return send(s, indexOf(a.from), indexOf(a.to))
      case 'Receive':
        return receive(s, a.msg)
      case 'ClockTick': {
        if (s.time === null || bounds === null) return undefined
        const t = clockTick(s.time, indexOf(a.node), bounds)
        return t === undefined ? undefined : { ...s, time: t }
      }
      case 'Tick': {
        if (s.time === null || bounds === null) return undefined
        const t = tick(s.time, bounds)
        return t === undefined ? undefined : { ...s, time: t }
      }
      default:
        return undefined
    }
  }

  const actions = (s: S): A[] => {
    const out: A[] = []
    for (const m of s.net) if ((s.left[indexOf(m.to)] ?? 0) > 0) out.push({ type: 'Receive', msg: m })
    for (let i = 0; i < n; i++) {
      if ((s.left[i] ?? 0) > 0) {
        out.push(locals[i] as A)
        for (const a of sends[i] ?? []) out.push(a)
      }
    }
    if (s.time !== null && bounds !== null) {
      for (let i = 0; i < n; i++) if (canClockTick(s.time, i, bounds)) out.push(clockTicks[i] as A)
      if (s.time.now < bounds.time) out.push(tickAction)
    }
    return out
  }

  const formatAction = (a: A): string => {
    switch (a.type) {
      case 'Local':
        return `Local(${a.node})`
      case 'Send':
        return `Send(${a.from} -> ${a.to})`
      case 'Receive':
        return `Receive(${a.msg.from}.${a.msg.seq} -> ${a.msg.to}, ts=${algorithm.format(a.msg.ts)})`
      case 'ClockTick':
        return `ClockTick(${a.node})`
      case 'Tick':
        return 'Tick'
    }
  }

  const causalEvent = (before: S, a: A, after: S): CausalEvent | null => {
    const stampAt = (node: string): string => algorithm.format(after.clock[indexOf(node)] as T)
    switch (a.type) {
      case 'Local':
        return { node: a.node, received: null, sent: [], stamp: stampAt(a.node) }
      case 'Send': {
        const seq = eventsOf(before.ghost, indexOf(a.from)).length + 1
        return { node: a.from, received: null, sent: [{ to: a.to, key: String(seq) }], stamp: stampAt(a.from) }
      }
      case 'Receive':
        return { node: a.msg.to, received: { from: a.msg.from, key: String(a.msg.seq) }, sent: [], stamp: stampAt(a.msg.to) }
      default:
        return null
    }
  }

  const initial = initialClockState(setup)
  return {
    name,
    nodes: ids,
    setup,
    init: () => [initial],
    actions,
    next,
    properties,
    formatAction,
    causalEvent,
  }
}
