/**
 * The public types of the actor layer: what an author writes (`Actor`, `Out`), what the compiled
 * model's states and actions look like (`ActorState`, `Envelope`, `ActorAction`), and the options
 * of `actorModel`. The semantics are documented once, at the top of `./model.ts` and in the README.
 */
import type { Property } from '../core/model.js'

/** What a handler sees besides its own state: who it is and who else is in the system. */
export interface NodeContext {
  /** This node's id. */
  readonly self: string
  /** This node's position in `nodes`. */
  readonly index: number
  /** Every node id, in node order. */
  readonly nodes: readonly string[]
  /** Every other node id, in node order (the receivers of a `broadcast`). */
  readonly peers: readonly string[]
}

/** One message a handler sends to one node. */
export interface Send<Msg> {
  readonly to: string
  readonly msg: Msg
}

/**
 * What a handler returns: the node's new state and its outputs. Sends go out in list order, then
 * broadcasts; timers are cancelled first, then set.
 */
export interface Out<NS, Msg, Timer = never> {
  /** The node's new state. */
  readonly state: NS
  /** Messages to single nodes (a node may send to itself). */
  readonly send?: readonly Send<Msg>[]
  /** Messages to every other node (`ctx.peers`), each in turn. */
  readonly broadcast?: readonly Msg[]
  /** Timers to set; setting a timer that is already set changes nothing (timers are a set). */
  readonly setTimers?: readonly Timer[]
  /** Timers to cancel; cancelling a timer that is not set changes nothing. */
  readonly cancelTimers?: readonly Timer[]
}

/**
 * A per-node protocol: the handlers one node runs. Node states, messages, timers and requests are
 * canonical plain data (records, sorted arrays, strings, finite numbers, booleans, null).
 *
 * Actors have no config argument: build them inside a model's `build(params)` and let the
 * handlers close over the parameters.
 */
export interface Actor<NS, Msg, Timer = never, Req = never> {
  /** The fresh state of a node, at the start and (with the persisted fields restored) on restart. */
  init(ctx: NodeContext): NS
  /** Runs when the node starts: once for every node in the initial state, and on every Restart. */
  onStart?(s: NS, ctx: NodeContext): Out<NS, Msg, Timer> | undefined
  /** A message is delivered; `undefined` means the node ignores it (the message is still consumed). */
  onMessage(s: NS, msg: Msg, from: string, ctx: NodeContext): Out<NS, Msg, Timer> | undefined
  /** A set timer fires (it is unset first); `undefined` means nothing else changes. */
  onTimer?(s: NS, timer: Timer, ctx: NodeContext): Out<NS, Msg, Timer> | undefined
  /**
   * A client request from the workload arrives. `undefined` means the node does not accept it now
   * (for example it is not the leader): the `Request` action is then not enabled and the request
   * stays pending, the way a TLA+ action's guard works.
   */
  onRequest?(s: NS, req: Req, ctx: NodeContext): Out<NS, Msg, Timer> | undefined
  /** Fields kept across a crash (stable storage); every other field is volatile. @default [] */
  readonly persisted?: readonly KeyOfAny<NS>[]
  /** The state a node restarts with, from its persisted fields. @default `{ ...init(ctx), ...persisted }` */
  restart?(persisted: Partial<NS>, ctx: NodeContext): NS
}

/**
 * In-flight copies of one message on one directed link. `count` is how many identical copies are
 * in flight (more than one only after a duplicate, or after a node sent the same message twice).
 */
export interface Envelope<Msg> {
  readonly count: number
  readonly from: string
  readonly msg: Msg
  readonly to: string
}

/** A network partition: two or more groups of node ids; no message is delivered across groups. */
export type Partition = readonly (readonly string[])[]

/**
 * What is left of each bounded fault budget. Only faults with a numeric budget appear; a fault that
 * is off, or unlimited, has no entry.
 */
export interface FaultBudget {
  readonly crash?: number
  readonly drop?: number
  readonly duplicate?: number
  readonly partition?: number
  readonly restart?: number
}

/** The state of a compiled actor model: canonical plain data, as `Model` requires. */
export interface ActorState<NS, Msg, Timer = never, Req = never, G = null> {
  /** Remaining fault budgets (see {@link FaultBudget}). */
  readonly budget: FaultBudget
  /** Crashed nodes, in node order. */
  readonly down: readonly string[]
  /** History variable: read only by properties, written only by the `ghost.observe` hook. `null` when unused. */
  readonly ghost: G
  /**
   * In-flight messages. Unordered network: a multiset sorted by (sender, receiver, message),
   * equal messages on a link merged into one envelope with a count. Ordered network: each
   * directed link's FIFO queue, oldest first, links in (sender, receiver) order; adjacent equal
   * messages merged with a count.
   */
  readonly net: readonly Envelope<Msg>[]
  /** Node states, in node order. A down node holds the state it will restart with. */
  readonly nodes: readonly NS[]
  /** The current partition, or `null` when the network is whole. */
  readonly partition: Partition | null
  /** Client requests not yet taken by a node: a sorted multiset. */
  readonly requests: readonly Req[]
  /** Set timers per node, in node order; each a sorted set. A down node has none. */
  readonly timers: readonly (readonly Timer[])[]
}

/** A message is delivered to its receiver and consumed. */
export interface DeliverAction<Msg> {
  readonly type: 'Deliver'
  readonly from: string
  readonly to: string
  readonly msg: Msg
}
/** A set timer of a running node fires. */
export interface FireAction<Timer> {
  readonly type: 'Fire'
  readonly node: string
  readonly timer: Timer
}
/** A running node takes a pending client request. */
export interface RequestAction<Req> {
  readonly type: 'Request'
  readonly node: string
  readonly req: Req
}
/** A running node crashes. */
export interface CrashAction {
  readonly type: 'Crash'
  readonly node: string
}
/** A crashed node restarts. */
export interface RestartAction {
  readonly type: 'Restart'
  readonly node: string
}
/** The network splits into groups. */
export interface PartitionAction {
  readonly type: 'Partition'
  readonly groups: Partition
}
/** The partition ends. */
export interface HealAction {
  readonly type: 'Heal'
}
/** The network loses one copy of an in-flight message. */
export interface DropAction<Msg> {
  readonly type: 'Drop'
  readonly from: string
  readonly to: string
  readonly msg: Msg
}
/** The network duplicates an in-flight message. */
export interface DuplicateAction<Msg> {
  readonly type: 'Duplicate'
  readonly from: string
  readonly to: string
  readonly msg: Msg
}

/** Every action of a compiled actor model, in the order `actions` lists them. */
export type ActorAction<Msg, Timer = never, Req = never> =
  | DeliverAction<Msg>
  | FireAction<Timer>
  | RequestAction<Req>
  | CrashAction
  | RestartAction
  | PartitionAction
  | HealAction
  | DropAction<Msg>
  | DuplicateAction<Msg>

/** One message a step sent, as the ghost hook sees it. */
export interface SentMessage<Msg> {
  readonly from: string
  readonly to: string
  readonly msg: Msg
  /** True when the receiver was down, so the message was lost on sending. */
  readonly lost: boolean
}

/** What happened in one step, handed to `ghost.observe`. */
export interface ActorEvent<NS, Msg, Timer = never, Req = never> {
  readonly action: ActorAction<Msg, Timer, Req>
  /** The node the step ran at or hit (receiver, timer owner, crashed node...); null for Partition, Heal, Drop, Duplicate. */
  readonly node: string | null
  /** That node's state before the step, or null. */
  readonly before: NS | null
  /** That node's state after the step, or null. */
  readonly after: NS | null
  /** The messages the step's handler sent, in send order. */
  readonly sent: readonly SentMessage<Msg>[]
}

/** Network behaviour. */
export interface NetworkOptions {
  /** Each directed link is FIFO: only the oldest message on a link can be delivered. @default false */
  readonly ordered?: boolean
  /** The network may duplicate messages: `Duplicate` actions, bounded by `faults.duplicate`. @default false */
  readonly duplicating?: boolean
  /** The network may lose messages: `Drop` actions, bounded by `faults.drop` if given. @default false */
  readonly lossy?: boolean
}

/**
 * Fault budgets: how many of each fault may happen in one run. A number bounds it; `true` means
 * unlimited; `false` or 0 turns it off. The remaining budget is part of the state.
 */
export interface FaultOptions {
  /** Crashes of running nodes. @default 0 */
  readonly crash?: number | boolean
  /** Restarts of crashed nodes. @default false (crash-stop) */
  readonly restart?: number | boolean
  /** Partitions (each later healed by a `Heal`, which is not budgeted). @default 0 */
  readonly partition?: number | boolean
  /**
   * The partitions to explore, each a list of groups of node ids covering every node once.
   * @default every split of the nodes into two non-empty groups, each listed once
   */
  readonly partitions?: readonly Partition[]
  /** Drops; needs `network.lossy`. @default true (unlimited) when the network is lossy */
  readonly drop?: number | boolean
  /** Duplicates; needs `network.duplicating`, and is required then (unbounded duplication never ends). */
  readonly duplicate?: number
}

/** History (ghost) variables: an initial value and a hook that updates it after every step. */
export interface GhostOptions<G, NS, Msg, Timer = never, Req = never> {
  readonly initial: G
  /** The ghost after a step; must be pure. Only properties read the ghost. */
  observe(ghost: G, event: ActorEvent<NS, Msg, Timer, Req>): G
}

/** Everything `actorModel` compiles into a `Model`. */
export interface ActorModelOptions<NS, Msg, Timer = never, Req = never, G = null> {
  readonly name: string
  /** Node ids in node order, or a count (ids `n1`, `n2`, ...). */
  readonly nodes: readonly string[] | number
  /** The actor every node runs; give this or `actors`. */
  readonly actor?: Actor<NS, Msg, Timer, Req>
  /** An actor per node id, for systems whose nodes play different roles; give this or `actor`. */
  readonly actors?: Readonly<Record<string, Actor<NS, Msg, Timer, Req>>>
  /** @default unordered, no duplication, no loss */
  readonly network?: NetworkOptions
  /** @default no faults */
  readonly faults?: FaultOptions
  /** The bounded client workload: requests any running node may take, each once. @default [] */
  readonly requests?: readonly Req[]
  /**
   * Properties of the compiled state. TypeScript cannot type an inline `always('X', (s) => ...)`
   * while it is still inferring the actor's types: give `actorModel` its type arguments, or
   * write the predicates as typed functions.
   */
  readonly properties?: readonly Property<ActorState<NS, Msg, Timer, Req, G>>[]
  /** State constraint (bounds such as a maximum term). */
  readonly within?: (s: ActorState<NS, Msg, Timer, Req, G>) => boolean
  /** How a message reads in an action. @default {@link formatValue} */
  readonly formatMsg?: (msg: Msg) => string
  /** How a timer reads in an action. @default {@link formatValue} */
  readonly formatTimer?: (timer: Timer) => string
  /** How a request reads in an action. @default {@link formatValue} */
  readonly formatRequest?: (req: Req) => string
  /** History variables for properties. @default none (`ghost` is `null`) */
  readonly ghost?: GhostOptions<G, NS, Msg, Timer, Req>
}

/** The keys of any member of a union (one node-state type per role): `keyof` of a union gives
 * only the keys every member shares. */
export type KeyOfAny<T> = T extends unknown ? keyof T : never
