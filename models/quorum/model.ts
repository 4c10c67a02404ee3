/**
 * Quorum replication after Dynamo (DeCandia et al., SOSP 2007, sections 4.4 to 4.6 and 5): one key
 * kept on the N replicas of its preference list, coordinators that write to W and read from R of
 * them, read repair, and (as a weakening) a sloppy quorum with hinted handoff. Written with the
 * actor layer, so the network is the layer's unordered, lossy network and crashes are its crashes.
 *
 * Nodes, in node order: the write coordinator `c1`, the read coordinator `c2`, replicas `r1..rN`
 * (the preference list, in rank order), spares `s1..sS` (the next nodes on the ring, used only by
 * a sloppy quorum). With no writes the read coordinator is `c1`.
 *
 * Versions: all writes go through one coordinator, which numbers them from a durable counter, so
 * write `i` writes value `i` as version `i` and the register's value is its version (the initial
 * value 0 is version 0). That counter is what Dynamo's vector clock is when one coordinator writes:
 * a clock with one entry, whose versions are totally ordered. See README.md.
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { actorModel } from '../../src/actor/model.js'
import type { Actor, ActorAction, ActorEvent, ActorState, NodeContext, Out, Send } from '../../src/actor/types.js'
import { quorumProperties } from '../../properties/quorum.js'
import { Messages } from './messages.js'
import { quorumCodec } from './codec.js'

/** The numeric parameters of the model. */
export type QuorumParams = {
  readonly replicas: number
  readonly r: number
  readonly w: number
  readonly writes: number
  readonly reads: number
  readonly spares: number
  readonly drops: number
  readonly crashes: number
}

/** The weakening flags. */
export type QuorumFlag = 'nonIntersectingQuorums' | 'sloppyQuorum' | 'returnBeforeRepair'

/** An operation in progress at a coordinator. */
export interface Operation {
  readonly kind: 'read' | 'write'
  /** `query`: a read asks replicas for their versions; `store`: a write's put, or a read's repair. */
  readonly phase: 'query' | 'store'
  /** The request id; replies carry it, so a late reply to an earlier operation is not counted. */
  readonly rid: number
  /** A write: the version it writes. A read: the newest version heard so far, then the one it repairs. */
  readonly ver: number
  /** Query phase: the replicas that replied. Store phase: the nodes known to hold `ver` or newer. */
  readonly replied: readonly string[]
  /** Query phase: the responders whose reply is `ver`, the newest so far. */
  readonly fresh: readonly string[]
  /** A write under a sloppy quorum: the replicas a hinted put stood in for. */
  readonly hinted: readonly string[]
}

/** A coordinator: takes client requests and runs them against the preference list. */
export interface Coordinator {
  /** Requests started so far, on stable storage: request ids (and versions) are never reused after a restart. */
  readonly rid: number
  readonly op: Operation | null
  /** The version the last completed operation wrote or returned (the output the ghost records). */
  readonly last: number | null
}

/** A write a spare holds for a replica of the preference list (Dynamo's hinted replica). */
export interface Hint {
  readonly for: string
  readonly ver: number
}

/** A replica or a spare: its stored version of the key, and the hints it holds (spares only). */
export interface Store {
  readonly hints: readonly Hint[]
  readonly ver: number
}

export type QuorumNode = Coordinator | Store

/** The messages between coordinators, replicas and spares. */
export type QuorumMsg =
  | { readonly type: 'Get'; readonly rid: number }
  | { readonly type: 'GetReply'; readonly rid: number; readonly ver: number }
  | { readonly type: 'Put'; readonly rid: number; readonly ver: number }
  | { readonly type: 'HintedPut'; readonly hint: string; readonly rid: number; readonly ver: number }
  | { readonly type: 'Repair'; readonly rid: number; readonly ver: number }
  | { readonly type: 'PutAck'; readonly rid: number }
  | { readonly type: 'Handoff'; readonly ver: number }
  | { readonly type: 'HandoffAck'; readonly ver: number }

/** `Timeout`: a write's coordinator gives up on a replica (sloppy quorum). `Handoff`: a spare hands its hints back. */
export type QuorumTimer = 'Handoff' | 'Timeout'

/** A client request, aimed at one coordinator. */
export type QuorumRequest =
  | { readonly type: 'Read'; readonly at: string }
  | { readonly type: 'Write'; readonly at: string; readonly val: number }

/** One operation of the client history (a history variable: only properties read it). */
export interface HistoryEntry {
  readonly client: string
  readonly op: 'read' | 'write'
  /** Logical time of the invocation: the number of invoke and return events before it. */
  readonly call: number
  /** Logical time of the return, or null while pending (or forever, if its coordinator crashed). */
  readonly ret: number | null
  /** A write's value (its version); a read's returned value, null while pending. */
  readonly val: number | null
}

/** History variables, read only by properties. */
export interface QuorumGhost {
  /** The client history, in invocation order. */
  readonly history: readonly HistoryEntry[]
  /** Some repair raised a stale replica's version. */
  readonly repaired: boolean
  /** Some replica took a version handed off by a spare. */
  readonly handedOff: boolean
}

export type QuorumState = ActorState<QuorumNode, QuorumMsg, QuorumTimer, QuorumRequest, QuorumGhost>
export type QuorumAction = ActorAction<QuorumMsg, QuorumTimer, QuorumRequest>
export type QuorumEvent = ActorEvent<QuorumNode, QuorumMsg, QuorumTimer, QuorumRequest>

/** Everything the handlers and properties read besides the state. */
export interface QuorumSetup {
  readonly params: QuorumParams
  readonly weaken: ReadonlySet<string>
  /** Replicas in the preference list (Dynamo's N). */
  readonly n: number
  /** Replies a read waits for. */
  readonly r: number
  /** Acknowledgements a write (and a read's repair) waits for; N - R under `nonIntersectingQuorums`. */
  readonly w: number
  /** The write coordinator, or null when there are no writes. */
  readonly writer: string | null
  /** The read coordinator, or null when there are no reads. */
  readonly reader: string | null
  readonly coordinators: readonly string[]
  readonly replicas: readonly string[]
  readonly spares: readonly string[]
  /** Every node id, in node order. */
  readonly nodes: readonly string[]
  readonly sloppy: boolean
  readonly returnBeforeRepair: boolean
}

/** The setup of a config: node ids, quorum sizes, the weakenings. Throws on impossible parameters. */
export function quorumSetup(params: QuorumParams, weaken: ReadonlySet<string>): QuorumSetup {
  const whole = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new FaultlineError(`quorum needs ${name} to be a whole number in ${min}..${max}, got ${v}`)
    }
  }
  const n = params.replicas
  whole('replicas', n, 1, 9)
  whole('r', params.r, 1, n)
  whole('w', params.w, 1, n)
  whole('writes', params.writes, 0, 9)
  whole('reads', params.reads, 0, 9)
  whole('spares', params.spares, 0, 9)
  whole('drops', params.drops, 0, 99)
  whole('crashes', params.crashes, 0, 99)
  if (params.writes + params.reads === 0) throw new FaultlineError('quorum needs at least one read or write')
  const writer = params.writes > 0 ? 'c1' : null
  const reader = params.reads > 0 ? (writer === null ? 'c1' : 'c2') : null
  const coordinators = [writer, reader].filter((c): c is string => c !== null)
  const replicas = Array.from({ length: n }, (_, i) => `r${i + 1}`)
  const spares = Array.from({ length: params.spares }, (_, i) => `s${i + 1}`)
  // Non-intersecting read and write quorums: R + W = N, by writes that wait for fewer
  // acknowledgements (at least one, so it needs R < N).
  const w = weaken.has('nonIntersectingQuorums') ? Math.max(1, n - params.r) : params.w
  return {
    params,
    weaken,
    n,
    r: params.r,
    w,
    writer,
    reader,
    coordinators,
    replicas,
    spares,
    nodes: [...coordinators, ...replicas, ...spares],
    sloppy: weaken.has('sloppyQuorum'),
    returnBeforeRepair: weaken.has('returnBeforeRepair'),
  }
}

// ---- small helpers ----

/** `xs` with `id` added, sorted (ids of one kind share a prefix and have one digit). */
function withId(xs: readonly string[], id: string): readonly string[] {
  if (xs.includes(id)) return xs
  return [...xs, id].sort()
}

const isCoordinator = (s: QuorumNode): s is Coordinator => 'rid' in s

function asCoordinator(s: QuorumNode, ctx: NodeContext): Coordinator {
  if (!isCoordinator(s)) throw new FaultlineError(`quorum: node ${ctx.self} is not a coordinator`)
  return s
}

function asStore(s: QuorumNode, ctx: NodeContext): Store {
  if (isCoordinator(s)) throw new FaultlineError(`quorum: node ${ctx.self} is not a replica or a spare`)
  return s
}

type NodeOut = Out<QuorumNode, QuorumMsg, QuorumTimer>
type QuorumActor = Actor<QuorumNode, QuorumMsg, QuorumTimer, QuorumRequest>

// ---- coordinators ----

function coordinatorActor(u: QuorumSetup, msgs: Messages): QuorumActor {
  const toAll = (nodes: readonly string[], msg: QuorumMsg): Send<QuorumMsg>[] => nodes.map((to) => ({ to, msg }))

  /** The operation completes: the client gets `ver` (the version a write wrote, or the value a read returns). */
  const complete = (c: Coordinator, op: Operation, send: readonly Send<QuorumMsg>[] = []): NodeOut => ({
    state: { rid: c.rid, op: null, last: op.ver },
    send,
    cancelTimers: ['Timeout'],
  })

  /**
   * The write coordinator takes the client's next write: it numbers it from its counter and sends
   * the put to every replica of the preference list (Dynamo's put to the N highest-ranked nodes).
   */
  const StartWrite = (c: Coordinator, val: number): NodeOut | undefined => {
    if (c.op !== null || val !== c.rid + 1) return undefined
    const rid = c.rid + 1
    const op: Operation = { kind: 'write', phase: 'store', rid, ver: rid, replied: [], fresh: [], hinted: [] }
    const timers: QuorumTimer[] = u.sloppy && u.spares.length > 0 ? ['Timeout'] : []
    return { state: { rid, op, last: c.last }, send: toAll(u.replicas, msgs.put(rid, rid)), setTimers: timers }
  }

  /** The read coordinator takes the client's next read and asks every replica of the preference list for its version (Dynamo's get). */
  const StartRead = (c: Coordinator): NodeOut | undefined => {
    if (c.op !== null) return undefined
    const rid = c.rid + 1
    const op: Operation = { kind: 'read', phase: 'query', rid, ver: 0, replied: [], fresh: [], hinted: [] }
    return { state: { rid, op, last: c.last }, send: toAll(u.replicas, msgs.get(rid)) }
  }

  /** A replica's version reaches the read's coordinator; at the R-th reply the read repairs and returns. */
  const GetReply = (c: Coordinator, rid: number, ver: number, from: string): NodeOut | undefined => {
    const op = c.op
    if (op === null || op.phase !== 'query' || rid !== op.rid || op.replied.includes(from)) return undefined
    const replied = withId(op.replied, from)
    const next: Operation =
      ver > op.ver
        ? { ...op, ver, replied, fresh: [from] }
        : ver === op.ver
          ? { ...op, replied, fresh: withId(op.fresh, from) }
          : { ...op, replied }
    if (replied.length < u.r) return { state: { ...c, op: next } }
    return readRepair(c, next)
  }

  /**
   * The read's R replies are in: it repairs the stale responders (and, when R < W leaves too few
   * of them, every replica that did not answer) and returns once W replicas hold the newest
   * version. Under `returnBeforeRepair` it returns at once and the repair goes out behind it, as
   * in Dynamo, which repairs "after the read response has been returned to the caller".
   */
  const readRepair = (c: Coordinator, op: Operation): NodeOut => {
    const stale = op.replied.filter((id) => !op.fresh.includes(id))
    const targets = op.fresh.length + stale.length < u.w ? u.replicas.filter((id) => !op.fresh.includes(id)) : stale
    const send = toAll(targets, msgs.repair(op.rid, op.ver))
    if (u.returnBeforeRepair || op.fresh.length >= u.w) return complete(c, op, send)
    return { state: { ...c, op: { ...op, phase: 'store', replied: op.fresh, fresh: [] } }, send }
  }

  /** A replica (or a spare standing in for one) holds the version being stored; at W of them the operation completes. */
  const PutAck = (c: Coordinator, rid: number, from: string): NodeOut | undefined => {
    const op = c.op
    if (op === null || op.phase !== 'store' || rid !== op.rid || op.replied.includes(from)) return undefined
    const next = { ...op, replied: withId(op.replied, from) }
    if (next.replied.length >= u.w) return complete(c, next)
    return { state: { ...c, op: next } }
  }

  /**
   * Sloppy quorum: the write's coordinator takes the first replica that has not acknowledged for
   * unreachable and sends the put to the next spare on the ring, with a hint naming that replica.
   */
  const Timeout = (c: Coordinator): NodeOut | undefined => {
    const op = c.op
    if (!u.sloppy || op === null || op.kind !== 'write') return undefined
    const spare = u.spares[op.hinted.length]
    const hint = u.replicas.find((id) => !op.replied.includes(id) && !op.hinted.includes(id))
    if (spare === undefined || hint === undefined) return undefined
    const hinted = withId(op.hinted, hint)
    const more = hinted.length < u.spares.length
    return {
      state: { ...c, op: { ...op, hinted } },
      send: [{ to: spare, msg: msgs.hintedPut(op.rid, op.ver, hint) }],
      setTimers: more ? ['Timeout'] : [],
    }
  }

  return {
    init: () => ({ rid: 0, op: null, last: null }),
    persisted: ['rid'],
    onRequest: (s, req, ctx) => {
      const c = asCoordinator(s, ctx)
      if (req.at !== ctx.self) return undefined
      return req.type === 'Write' ? StartWrite(c, req.val) : StartRead(c)
    },
    onMessage: (s, msg, from, ctx) => {
      const c = asCoordinator(s, ctx)
      switch (msg.type) {
        case 'GetReply':
          return GetReply(c, msg.rid, msg.ver, from)
        case 'PutAck':
          return PutAck(c, msg.rid, from)
        default:
          return undefined
      }
    },
    onTimer: (s, timer, ctx) => (timer === 'Timeout' ? Timeout(asCoordinator(s, ctx)) : undefined),
  }
}

// ---- replicas and spares ----

function storeActor(msgs: Messages): QuorumActor {
  /** The store keeps the newer of its version and `ver`. */
  const keepNewer = (st: Store, ver: number): Store => (ver > st.ver ? { hints: st.hints, ver } : st)

  /** A replica answers a read's query with its version. */
  const Get = (st: Store, rid: number, from: string): NodeOut => ({
    state: st,
    send: [{ to: from, msg: msgs.getReply(rid, st.ver) }],
  })

  /** A replica stores a put (or a read's repair) if it is newer than what it holds, and acknowledges. */
  const Put = (st: Store, rid: number, ver: number, from: string): NodeOut => ({
    state: keepNewer(st, ver),
    send: [{ to: from, msg: msgs.putAck(rid) }],
  })

  /** A spare keeps a hinted put for the replica it names, acknowledges, and will hand it off later. */
  const HintedPut = (st: Store, hint: string, rid: number, ver: number, from: string): NodeOut => {
    const known = st.hints.some((h) => h.for === hint && h.ver === ver)
    const hints = known ? st.hints : [...st.hints, { for: hint, ver }].sort(compareHints)
    return { state: { ...st, hints }, send: [{ to: from, msg: msgs.putAck(rid) }], setTimers: ['Handoff'] }
  }

  /** A spare sends each hinted version to the replica it belongs to (in Dynamo, once it sees the replica is back). */
  const FireHandoff = (st: Store): NodeOut | undefined => {
    if (st.hints.length === 0) return undefined
    return { state: st, send: st.hints.map((h) => ({ to: h.for, msg: msgs.handoff(h.ver) })) }
  }

  /** A replica takes a handed-off version if it is newer, and acknowledges to the spare. */
  const Handoff = (st: Store, ver: number, from: string): NodeOut => ({
    state: keepNewer(st, ver),
    send: [{ to: from, msg: msgs.handoffAck(ver) }],
  })

  /** The replica has the hinted version: the spare deletes its hint. */
  const HandoffAck = (st: Store, ver: number, from: string): NodeOut | undefined => {
    const hints = st.hints.filter((h) => !(h.for === from && h.ver === ver))
    return hints.length === st.hints.length ? undefined : { state: { ...st, hints } }
  }

  return {
    init: () => ({ hints: [], ver: 0 }),
    // Dynamo's storage engines are durable: the version and the hints survive a crash.
    persisted: ['hints', 'ver'],
    // A spare restarts with its hints and tries again to hand them off.
    onStart: (s, ctx) => (asStore(s, ctx).hints.length > 0 ? { state: s, setTimers: ['Handoff'] } : undefined),
    onMessage: (s, msg, from, ctx) => {
      const st = asStore(s, ctx)
      switch (msg.type) {
        case 'Get':
          return Get(st, msg.rid, from)
        case 'Put':
        case 'Repair':
          return Put(st, msg.rid, msg.ver, from)
        case 'HintedPut':
          return HintedPut(st, msg.hint, msg.rid, msg.ver, from)
        case 'Handoff':
          return Handoff(st, msg.ver, from)
        case 'HandoffAck':
          return HandoffAck(st, msg.ver, from)
        default:
          return undefined
      }
    },
    onTimer: (s, timer, ctx) => (timer === 'Handoff' ? FireHandoff(asStore(s, ctx)) : undefined),
  }
}

function compareHints(a: Hint, b: Hint): number {
  return a.for < b.for ? -1 : a.for > b.for ? 1 : a.ver - b.ver
}

// ---- the client history (ghost) ----

/** Invoke and return events so far: the logical clock of the history. */
function eventsOf(h: readonly HistoryEntry[]): number {
  let k = h.length
  for (const e of h) if (e.ret !== null) k++
  return k
}

/**
 * The ghost after a step: a request taken is an invocation; a coordinator whose operation ends on
 * a delivery (not a crash) is a return, with the version it kept in `last`; a repair or a handoff
 * that raises a replica's version sets the witnesses' flags.
 */
export function observe(g: QuorumGhost, e: QuorumEvent): QuorumGhost {
  const a = e.action
  if (a.type === 'Request') {
    const write = a.req.type === 'Write'
    const entry: HistoryEntry = {
      client: a.node,
      op: write ? 'write' : 'read',
      call: eventsOf(g.history),
      ret: null,
      val: a.req.type === 'Write' ? a.req.val : null,
    }
    return { ...g, history: [...g.history, entry] }
  }
  if (a.type !== 'Deliver' || e.before === null || e.after === null) return g
  const before = e.before
  const after = e.after
  if (isCoordinator(before)) {
    if (!isCoordinator(after) || before.op === null || after.op !== null || after.last === null) return g
    const h = g.history
    let k = h.length - 1
    while (k >= 0 && !(h[k]?.client === e.node && h[k]?.ret === null)) k--
    const open = h[k]
    if (open === undefined) throw new FaultlineError(`quorum: ${String(e.node)} returned with no pending operation`)
    const history = h.slice()
    history[k] = { ...open, ret: eventsOf(h), val: after.last }
    return { ...g, history }
  }
  if (isCoordinator(after) || after.ver <= before.ver) return g
  if (a.msg.type === 'Repair' && !g.repaired) return { ...g, repaired: true }
  if (a.msg.type === 'Handoff' && !g.handedOff) return { ...g, handedOff: true }
  return g
}

// ---- late messages ----

/**
 * Whether the receiver of `m` can only ignore it, now and forever: a reply (`GetReply`, `PutAck`)
 * to a coordinator whose operation no longer waits for it, or a `Get` whose reply that coordinator
 * would ignore. Request ids only grow (they are durable), so once ignored, always ignored.
 */
function ignored(u: QuorumSetup, s: QuorumState, from: string, to: string, m: QuorumMsg): boolean {
  if (m.type !== 'Get' && m.type !== 'GetReply' && m.type !== 'PutAck') return false
  const coordinator = m.type === 'Get' ? from : to
  // Coordinators come first in node order.
  const c = s.nodes[coordinator === u.coordinators[0] ? 0 : coordinator === u.coordinators[1] ? 1 : -1]
  if (c === undefined || !isCoordinator(c)) return false
  const op = c.op
  const waits = (phase: Operation['phase'], rid: number, node: string): boolean =>
    op !== null && op.phase === phase && op.rid === rid && !op.replied.includes(node)
  switch (m.type) {
    case 'Get':
      return !waits('query', m.rid, to)
    case 'GetReply':
      return !waits('query', m.rid, from)
    case 'PutAck':
      return !waits('store', m.rid, from)
    default:
      return false
  }
}

/**
 * `s` without the messages its receivers can only ignore (see {@link ignored}). Delivering such
 * a message changes nothing but the network, so removing it at once removes only stuttering
 * steps, and the states that differ from others only by such messages. Dynamo's coordinator
 * discards late replies the same way; here they are discarded before they arrive.
 */
export function dropIgnored(u: QuorumSetup, s: QuorumState): QuorumState {
  const net = s.net
  let k = 0
  while (k < net.length) {
    const e = net[k]
    if (e !== undefined && ignored(u, s, e.from, e.to, e.msg)) break
    k++
  }
  if (k === net.length) return s
  return { ...s, net: net.filter((e) => !ignored(u, s, e.from, e.to, e.msg)) }
}

// ---- formatting ----

/** A request as it reads in an action: `Write(1)`, `Read`. */
export function formatRequest(req: QuorumRequest): string {
  return req.type === 'Write' ? `Write(${req.val})` : 'Read'
}

/** A message as it reads in an action: `Put(#1, v1)` is request 1's put of version 1. */
export function formatMsg(m: QuorumMsg): string {
  switch (m.type) {
    case 'Get':
    case 'PutAck':
      return `${m.type}(#${m.rid})`
    case 'GetReply':
    case 'Put':
    case 'Repair':
      return `${m.type}(#${m.rid}, v${m.ver})`
    case 'HintedPut':
      return `HintedPut(#${m.rid}, v${m.ver}, for ${m.hint})`
    case 'Handoff':
    case 'HandoffAck':
      return `${m.type}(v${m.ver})`
    default:
      return JSON.stringify(m)
  }
}

// ---- the model ----

/** How `buildQuorum` builds the model; neither option changes a verdict, only the search's cost. */
export interface BuildOptions {
  /** Attach the flat encoding (codec.ts). @default true */
  readonly codec?: boolean
  /** Remove messages their receivers can only ignore (see {@link dropIgnored}). @default true */
  readonly dropIgnored?: boolean
}

/** Builds the quorum model for `params` with the given weakenings. */
export function buildQuorum(params: QuorumParams, weaken: ReadonlySet<string>, options: BuildOptions = {}): Model<QuorumState, QuorumAction> {
  const u = quorumSetup(params, weaken)
  const msgs = new Messages(Math.max(params.writes, params.reads), params.writes, u.replicas)
  const coordinator = coordinatorActor(u, msgs)
  const store = storeActor(msgs)
  const actors: Record<string, QuorumActor> = {}
  for (const id of u.coordinators) actors[id] = coordinator
  for (const id of [...u.replicas, ...u.spares]) actors[id] = store
  const requests: QuorumRequest[] = []
  for (let i = 1; i <= params.writes; i++) requests.push({ type: 'Write', at: u.writer ?? 'c1', val: i })
  for (let i = 1; i <= params.reads; i++) requests.push({ type: 'Read', at: u.reader ?? 'c1' })
  const ghost: QuorumGhost = { history: [], repaired: false, handedOff: false }
  const base = actorModel<QuorumNode, QuorumMsg, QuorumTimer, QuorumRequest, QuorumGhost>({
    name: 'quorum',
    nodes: u.nodes,
    actors,
    network: { lossy: params.drops > 0 },
    faults: {
      ...(params.drops > 0 ? { drop: params.drops } : {}),
      crash: params.crashes,
      restart: params.crashes > 0,
    },
    requests,
    ghost: { initial: ghost, observe },
    properties: quorumProperties(u),
    formatMsg,
    formatRequest,
  })
  const model: Model<QuorumState, QuorumAction> =
    options.dropIgnored === false
      ? base
      : {
          ...base,
          next: (st, action) => {
            const after = base.next(st, action)
            return after === undefined ? undefined : dropIgnored(u, after)
          },
        }
  return options.codec === false ? model : { ...model, codec: quorumCodec(u, msgs, requests) }
}
