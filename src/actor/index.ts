/**
 * The actor layer: write a protocol as per-node handlers and get a `Model` whose state holds the
 * nodes, the network, the timers and the faults. Semantics: see `./model.ts` and `./README.md`.
 */

/** Compiles per-node handlers, a network and a fault budget into a checkable `Model`. */
export { actorModel } from './model.js'
/** A compiled actor model: a `Model` plus its node ids and partitions. */
export type { ActorModel } from './model.js'
/** The smallest majority of `n` nodes. */
export { quorum } from './model.js'
/** Renders a partition the way actions show it: `{n1,n2} | {n3}`. */
export { formatPartition } from './model.js'
/** Renders plain data compactly for actions: `RequestVote{term: 2}`. */
export { formatValue } from './data.js'
/** A canonical total order on plain data (0 exactly for equal data). */
export { compareData } from './data.js'
/** The per-node protocol an author writes, its handler context and its outputs. */
export type { Actor, NodeContext, Out, Send } from './types.js'
/** The compiled model's state: nodes, in-flight envelopes, timers, faults, requests, ghost. */
export type { ActorState, Envelope, FaultBudget, Partition } from './types.js'
/** The compiled model's actions, one interface per kind. */
export type {
  ActorAction,
  DeliverAction,
  FireAction,
  RequestAction,
  CrashAction,
  RestartAction,
  PartitionAction,
  HealAction,
  DropAction,
  DuplicateAction,
} from './types.js'
/** What the ghost hook sees after each step. */
export type { ActorEvent, SentMessage, GhostOptions } from './types.js'
/** The options of `actorModel`. */
export type { ActorModelOptions, NetworkOptions, FaultOptions } from './types.js'
