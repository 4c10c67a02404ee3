/**
 * Epidemic dissemination after Demers et al., "Epidemic Algorithms for Replicated Database
 * Maintenance" (PODC 1987): N nodes hold a version map (key -> newest version they know) and
 * spread it by push, pull or push-pull anti-entropy rounds with a fan-out, over a network that
 * loses messages, with crashes, restarts and partitions, then a quiet phase in which every live
 * node must hold the newest version within `within` rounds.
 *
 * Rounds are synchronous: a round ends (`EndRound`) only when every live node has gossiped once and
 * every message of the round has been delivered or lost. That barrier is why this model is written
 * directly against `Model` and not with the actor layer, whose asynchronous network has no notion
 * of "every message of this round is settled".
 *
 * Peer selection is a shuffled round-robin: each node contacts its peers in a random order, f per
 * round, and contacts every peer once before it starts a new cycle (the scheme SWIM uses for its
 * probe targets). Exhaustive search explores every order, so a bound on convergence holds on every
 * path; the convergence study (study.ts) draws the orders at random.
 *
 * See README.md beside this file for the spec-to-code table, what is not modelled, and the
 * weakenings.
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { combinations } from '../../src/core/combinations.js'
import { gossipProperties } from '../../properties/gossip.js'

/** How nodes exchange state in a round. */
export type GossipMode = 'push' | 'pull' | 'push-pull'

/** The model's parameters; see `params` in index.ts. (A type, not an interface, so it is a `Params` record.) */
export type GossipParams = {
  readonly nodes: number
  readonly fanout: number
  /** 1 = push, 2 = pull, 3 = push-pull. */
  readonly mode: number
  readonly keys: number
  readonly writes: number
  readonly removes: number
  readonly drops: number
  readonly crashes: number
  readonly restarts: number
  readonly partitions: number
  readonly within: number
}

/** The weakening flags of this model; see `weakenings` in index.ts for the mistake each stands for. */
export type GossipFlag = 'pullFanoutZero' | 'forwardOnce' | 'noTombstones'

/**
 * One entry of a version map, as a number: `0` the node knows nothing of the key, `v > 0` the key
 * is live at version `v`, `-v` the key was removed at version `v` (a tombstone). Versions of one key
 * are numbered 1, 2, 3, ... in the order they were written, so `|e|` orders entries.
 */
export type Entry = number

/** One node. Keys are listed in sorted order (the order the fingerprint reads them in). */
export interface GossipNode {
  /**
   * History, read only by properties: per key, the newest version this node has applied since it
   * (re)started, recorded only while it is newer than the entry the node holds (0 otherwise). It is
   * 0 everywhere unless a node drops an entry it had (`noTombstones`), so it adds no state to the
   * unweakened model.
   */
  readonly applied: readonly number[]
  /** Peers contacted in the current cycle of the round-robin, sorted (node indices). */
  readonly contacted: readonly number[]
  /** The version map: `entries[k]` for key `k(k+1)`. */
  readonly entries: readonly Entry[]
  /** The node has taken its `Gossip` step this round. */
  readonly gossiped: boolean
  /** `forwardOnce` only: the node learned something since it last gossiped (a hot rumor). Always false otherwise. */
  readonly hot: boolean
  /** The node is running (false: crashed; its state is then the fresh one it restarts with). */
  readonly up: boolean
}

/** A message kind: a push of the sender's map, a pull request with its digest, both at once, or the answer to a pull. */
export type MsgType = 'Push' | 'Pull' | 'PushPull' | 'Reply'

/**
 * A message in flight. Each sender contacts a peer at most once per round and answers each request
 * once, so (from, to, type) identifies a message and the network is a set.
 */
export interface GossipMsg {
  /** The sender's version map when it sent (for a `Pull`, its digest). */
  readonly entries: readonly Entry[]
  readonly from: number
  readonly to: number
  readonly type: MsgType
}

/** Fault and workload budgets left in this run. */
export interface GossipBudget {
  readonly crash: number
  readonly drop: number
  readonly partition: number
  readonly remove: number
  readonly restart: number
  readonly write: number
}

/** A state of the whole system. Keys are listed in sorted order. */
export interface GossipState {
  readonly budget: GossipBudget
  /**
   * History, read only by properties: per key, the newest version ever written (negative when it
   * was a removal). It orders nothing in the protocol: versions stand for timestamps.
   */
  readonly latest: readonly Entry[]
  /** In-flight messages, sorted by (from, to, type). */
  readonly net: readonly GossipMsg[]
  readonly nodes: readonly GossipNode[]
  /** The side (0 or 1) of every node while a partition holds (node 0 always on side 0), or null. */
  readonly partition: readonly number[] | null
  /** Null while faults may happen; after `Quiesce`, the rounds ended since, counted up to `within`. */
  readonly quiet: number | null
}

/** Every action; nodes are 0-based indices (`n1` is 0), keys too (`k1` is 0). */
export type GossipAction =
  | { readonly type: 'Gossip'; readonly node: number; readonly targets: readonly number[] }
  | { readonly type: 'Deliver' | 'Drop'; readonly msg: GossipMsg }
  | { readonly type: 'Write' | 'Remove'; readonly node: number; readonly key: number }
  | { readonly type: 'Crash' | 'Restart'; readonly node: number }
  | { readonly type: 'Partition'; readonly side: readonly number[] }
  | { readonly type: 'Heal' | 'EndRound' | 'Quiesce' }

/** What the actions read besides the state: sizes, the mode, the budgets and the weakenings. */
export interface GossipSetup {
  readonly n: number
  readonly keys: number
  /** The configured fan-out. */
  readonly fanout: number
  /** Peers contacted per round: `min(fanout, n - 1)`, or 0 for pull nodes under `pullFanoutZero`. */
  readonly perRound: number
  readonly mode: GossipMode
  readonly push: boolean
  readonly pull: boolean
  readonly within: number
  readonly budget: GossipBudget
  /** The partitions `Partition` may choose: every split into two non-empty sides (up to 12 nodes). */
  readonly partitions: readonly (readonly number[])[]
  readonly pullFanoutZero: boolean
  readonly forwardOnce: boolean
  readonly noTombstones: boolean
}

const MODES: Record<number, GossipMode> = { 1: 'push', 2: 'pull', 3: 'push-pull' }
/** Most nodes for which every two-way partition is enumerated (2^(n-1) - 1 of them). */
const MAX_NODES_FOR_PARTITIONS = 12

/** The setup of a configuration; rejects impossible parameters with one line. */
export function gossipSetup(p: GossipParams, weaken: ReadonlySet<string>): GossipSetup {
  const fail = (msg: string): never => {
    throw new FaultlineError(`gossip: ${msg}`)
  }
  const mode = MODES[p.mode] ?? fail(`mode must be 1 (push), 2 (pull) or 3 (push-pull), got ${p.mode}`)
  if (p.nodes < 2) fail(`nodes must be at least 2, got ${p.nodes}`)
  if (p.partitions > 0 && p.nodes > MAX_NODES_FOR_PARTITIONS) {
    fail(`partitions need at most ${MAX_NODES_FOR_PARTITIONS} nodes, got ${p.nodes}`)
  }
  const pullFanoutZero = weaken.has('pullFanoutZero')
  const push = mode !== 'pull'
  const pull = mode !== 'push'
  const perRound = pullFanoutZero && mode === 'pull' ? 0 : Math.min(p.fanout, p.nodes - 1)
  return {
    n: p.nodes,
    keys: p.keys,
    fanout: p.fanout,
    perRound,
    mode,
    push,
    pull,
    within: p.within,
    budget: {
      crash: p.crashes,
      drop: p.drops,
      partition: p.partitions,
      remove: p.removes,
      restart: p.restarts,
      write: p.writes,
    },
    partitions: p.partitions > 0 ? twoWaySplits(p.nodes) : [],
    pullFanoutZero,
    forwardOnce: weaken.has('forwardOnce'),
    noTombstones: weaken.has('noTombstones'),
  }
}

/** Every split of n nodes into two non-empty sides, node 0 on side 0, in lexicographic order of sides. */
function twoWaySplits(n: number): number[][] {
  const out: number[][] = []
  for (let mask = 1; mask < 1 << (n - 1); mask++) {
    const side = [0]
    for (let i = 1; i < n; i++) side.push((mask >> (i - 1)) & 1)
    out.push(side)
  }
  // Isolating one node first reads best; then by the sides themselves.
  const ones = (s: readonly number[]): number => s.reduce((a, b) => a + b, 0)
  return out.sort((a, b) => {
    const sa = Math.min(ones(a), a.length - ones(a))
    const sb = Math.min(ones(b), b.length - ones(b))
    return sa !== sb ? sa - sb : a.join('') < b.join('') ? -1 : 1
  })
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function zeros(k: number): number[] {
  return new Array<number>(k).fill(0)
}

/** A node as it starts, and as it restarts after a crash: it knows nothing. */
export function freshNode(u: GossipSetup, up: boolean): GossipNode {
  const z = zeros(u.keys)
  return { applied: z, contacted: [], entries: z, gossiped: false, hot: false, up }
}

/** The initial state: every node up and knowing nothing, nothing written, the full budget. */
export function initialState(u: GossipSetup): GossipState {
  const node = freshNode(u, true)
  return {
    budget: u.budget,
    latest: zeros(u.keys),
    net: [],
    nodes: new Array<GossipNode>(u.n).fill(node),
    partition: null,
    quiet: null,
  }
}

const TYPE_ORDER: Record<MsgType, number> = { Push: 0, Pull: 1, PushPull: 2, Reply: 3 }

function compareMsg(a: GossipMsg, b: GossipMsg): number {
  if (a.from !== b.from) return a.from - b.from
  if (a.to !== b.to) return a.to - b.to
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type]
}

/** Where a message with the same (from, to, type) as `m` is, or would go: the first index not before it. */
function lowerBound(net: readonly GossipMsg[], m: GossipMsg): number {
  let lo = 0
  let hi = net.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareMsg(net[mid] as GossipMsg, m) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The index of the message with the same (from, to, type) as `m`, or -1. */
function findMsg(net: readonly GossipMsg[], m: GossipMsg): number {
  const k = lowerBound(net, m)
  const at = net[k]
  return at !== undefined && compareMsg(at, m) === 0 ? k : -1
}

/** Adds a message to a working copy of the network, keeping it sorted. */
function enqueue(w: GossipMsg[], m: GossipMsg): void {
  w.splice(lowerBound(w, m), 0, m)
}

function without(net: readonly GossipMsg[], i: number): GossipMsg[] {
  const w = net.slice()
  w.splice(i, 1)
  return w
}

/** Whether a message from `a` can reach `b` now: `b` is up and no partition separates them. */
function reachable(s: GossipState, a: number, b: number): boolean {
  if (s.nodes[b]?.up !== true) return false
  return s.partition === null || s.partition[a] === s.partition[b]
}

/** The entry-wise newer of two maps (the newer version of each key wins), or `mine` when nothing is newer. */
export function mergeEntries(mine: readonly Entry[], theirs: readonly Entry[]): readonly Entry[] {
  let out: Entry[] | null = null
  for (let k = 0; k < mine.length; k++) {
    const t = theirs[k] ?? 0
    if (Math.abs(t) > Math.abs(mine[k] ?? 0)) {
      if (out === null) out = mine.slice()
      out[k] = t
    }
  }
  return out ?? mine
}

/** Whether `a` holds some key at a newer version than `b`. */
function hasNewer(a: readonly Entry[], b: readonly Entry[]): boolean {
  for (let k = 0; k < a.length; k++) if (Math.abs(a[k] ?? 0) > Math.abs(b[k] ?? 0)) return true
  return false
}

function anyKnown(entries: readonly Entry[]): boolean {
  for (const e of entries) if (e !== 0) return true
  return false
}

/** The history field after the node's entries changed: it keeps only what is newer than them. */
function normalizeApplied(applied: readonly number[], entries: readonly Entry[]): readonly number[] {
  let out: number[] | null = null
  for (let k = 0; k < applied.length; k++) {
    const a = applied[k] ?? 0
    if (a !== 0 && Math.abs(entries[k] ?? 0) >= a) {
      if (out === null) out = applied.slice()
      out[k] = 0
    }
  }
  return out ?? applied
}

/** Node `node` after merging `theirs` into its map. */
function absorb(u: GossipSetup, node: GossipNode, theirs: readonly Entry[]): GossipNode {
  const entries = mergeEntries(node.entries, theirs)
  if (entries === node.entries) return node
  return {
    applied: normalizeApplied(node.applied, entries),
    contacted: node.contacted,
    entries,
    gossiped: node.gossiped,
    hot: u.forwardOnce,
    up: node.up,
  }
}

// ---------------------------------------------------------------------------------------------
// Peer selection: the shuffled round-robin
// ---------------------------------------------------------------------------------------------

/**
 * Whether `targets` is a legal choice for a node with this cycle, and the cycle after it; null
 * when it is not. A node takes `perRound` peers it has not contacted in this cycle; when fewer are
 * left, it takes all of them and starts the next cycle with the rest.
 */
export function nextCycle(u: GossipSetup, self: number, contacted: readonly number[], targets: readonly number[]): readonly number[] | null {
  if (targets.length !== u.perRound) return null
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i] as number
    if (!Number.isInteger(t) || t < 0 || t >= u.n || t === self) return null
    if (i > 0 && t <= (targets[i - 1] as number)) return null
  }
  const peers = u.n - 1
  const left = peers - contacted.length
  if (left >= targets.length) {
    for (const t of targets) if (contacted.includes(t)) return null
    if (contacted.length + targets.length === peers) return []
    return mergeSorted(contacted, targets)
  }
  // Fewer left than a round takes: all of them, and the rest opens the next cycle.
  const fresh: number[] = []
  let taken = 0
  for (const t of targets) {
    if (contacted.includes(t)) fresh.push(t)
    else taken++
  }
  if (taken !== left) return null
  return fresh.length === peers ? [] : fresh
}

/** The union of two sorted lists of distinct numbers that share none. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x as number)
      i++
    } else {
      out.push(y)
      j++
    }
  }
  return out
}

/** Every legal target set of a node, in lexicographic order. */
function targetChoices(u: GossipSetup, self: number, contacted: readonly number[]): number[][] {
  const f = u.perRound
  if (f === 0) return [[]]
  const eligible: number[] = []
  const others: number[] = []
  for (let j = 0; j < u.n; j++) {
    if (j === self) continue
    if (contacted.includes(j)) others.push(j)
    else eligible.push(j)
  }
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b)
  if (eligible.length >= f) return combinations(eligible, f)
  return combinations(others, f - eligible.length).map((rest) => sorted([...eligible, ...rest]))
}

// ---------------------------------------------------------------------------------------------
// Actions. Each checks its guard first and returns `undefined` when it is not enabled.
// ---------------------------------------------------------------------------------------------

function nodeAt(u: GossipSetup, s: GossipState, i: number): GossipNode {
  const node = s.nodes[i]
  if (node === undefined || !Number.isInteger(i)) throw new FaultlineError(`gossip: unknown node ${nodeName(i)}; there are ${u.n}`)
  return node
}

function checkKey(u: GossipSetup, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= u.keys) throw new FaultlineError(`gossip: unknown key ${keyName(k)}; there are ${u.keys}`)
}

/**
 * Node i takes its turn of the round: it contacts the next peers of its round-robin and pushes its
 * map (push), asks for theirs with its digest (pull), or both (push-pull). Messages to a crashed
 * peer or across the partition are lost on sending.
 */
function Gossip(u: GossipSetup, s: GossipState, i: number, targets: readonly number[]): GossipState | undefined {
  const node = nodeAt(u, s, i)
  if (!node.up || node.gossiped) return undefined
  const contacted = nextCycle(u, i, node.contacted, targets)
  if (contacted === null) return undefined
  const type: MsgType = u.mode === 'push' ? 'Push' : u.mode === 'pull' ? 'Pull' : 'PushPull'
  // A push carries news only if there is some; under forwardOnce, only while the rumor is hot.
  const sends = type !== 'Push' || (u.forwardOnce ? node.hot : anyKnown(node.entries))
  let net: GossipMsg[] | null = null
  if (sends) {
    for (const j of targets) {
      if (!reachable(s, i, j)) continue
      if (net === null) net = s.net.slice()
      enqueue(net, { entries: node.entries, from: i, to: j, type })
    }
  }
  const after: GossipNode = { ...node, contacted: sameList(contacted, node.contacted), gossiped: true, hot: false }
  return { ...s, net: net ?? s.net, nodes: set(s.nodes, i, after) }
}

function sameList(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length !== b.length) return a
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a
  return b
}

/**
 * The network delivers message m: the receiver merges a pushed map; it answers a pull (or the
 * pull half of a push-pull) with its own map when it holds something newer than the digest.
 */
function Deliver(u: GossipSetup, s: GossipState, m: GossipMsg): GossipState | undefined {
  const k = findMsg(s.net, m)
  if (k < 0) return undefined
  const sent = s.net[k] as GossipMsg
  const j = sent.to
  const before = nodeAt(u, s, j)
  if (!before.up) return undefined
  const net = without(s.net, k)
  const after = sent.type === 'Pull' ? before : absorb(u, before, sent.entries)
  if ((sent.type === 'Pull' || sent.type === 'PushPull') && hasNewer(after.entries, sent.entries) && reachable(s, j, sent.from)) {
    enqueue(net, { entries: after.entries, from: j, to: sent.from, type: 'Reply' })
  }
  return { ...s, net, nodes: after === before ? s.nodes : set(s.nodes, j, after) }
}

/** Before the quiet phase, the network loses message m. */
function Drop(s: GossipState, m: GossipMsg): GossipState | undefined {
  if (s.quiet !== null || s.budget.drop <= 0) return undefined
  const k = findMsg(s.net, m)
  if (k < 0) return undefined
  return { ...s, budget: { ...s.budget, drop: s.budget.drop - 1 }, net: without(s.net, k) }
}

/** A client writes key k at node i: the next version of k, live, known at i alone. */
function Write(u: GossipSetup, s: GossipState, i: number, k: number): GossipState | undefined {
  const node = nodeAt(u, s, i)
  checkKey(u, k)
  const latest = s.latest[k] ?? 0
  // A removed key stays removed: a member that leaves comes back under a new identity.
  if (!node.up || s.quiet !== null || s.budget.write <= 0 || latest < 0) return undefined
  const v = latest + 1
  const entries = set(node.entries, k, v)
  const after: GossipNode = { ...node, applied: normalizeApplied(node.applied, entries), entries, hot: u.forwardOnce }
  return { ...s, budget: { ...s.budget, write: s.budget.write - 1 }, latest: set(s.latest, k, v), nodes: set(s.nodes, i, after) }
}

/**
 * Node i removes key k (a member leaves the group), which it holds live: it writes a tombstone, the
 * next version of k, which gossip spreads like any version. Under `noTombstones` it deletes the
 * entry instead, so nothing records the removal.
 */
function Remove(u: GossipSetup, s: GossipState, i: number, k: number): GossipState | undefined {
  const node = nodeAt(u, s, i)
  checkKey(u, k)
  if (!node.up || s.quiet !== null || s.budget.remove <= 0 || (node.entries[k] ?? 0) <= 0) return undefined
  const v = Math.abs(s.latest[k] ?? 0) + 1
  const latest = set(s.latest, k, -v)
  const budget = { ...s.budget, remove: s.budget.remove - 1 }
  const entries = set(node.entries, k, u.noTombstones ? 0 : -v)
  const applied = u.noTombstones ? set(node.applied, k, v) : normalizeApplied(node.applied, entries)
  const after: GossipNode = { ...node, applied, entries, hot: u.forwardOnce }
  return { ...s, budget, latest, nodes: set(s.nodes, i, after) }
}

/** Node i crashes: its map is gone and every message in flight to it is lost. */
function Crash(u: GossipSetup, s: GossipState, i: number): GossipState | undefined {
  const node = nodeAt(u, s, i)
  if (!node.up || s.quiet !== null || s.budget.crash <= 0) return undefined
  const net = s.net.some((m) => m.to === i) ? s.net.filter((m) => m.to !== i) : s.net
  return { ...s, budget: { ...s.budget, crash: s.budget.crash - 1 }, net, nodes: set(s.nodes, i, freshNode(u, false)) }
}

/** Crashed node i restarts empty and joins the gossip again (it must take its turn this round). */
function Restart(u: GossipSetup, s: GossipState, i: number): GossipState | undefined {
  const node = nodeAt(u, s, i)
  if (node.up || s.quiet !== null || s.budget.restart <= 0) return undefined
  return { ...s, budget: { ...s.budget, restart: s.budget.restart - 1 }, nodes: set(s.nodes, i, freshNode(u, true)) }
}

/** The network splits in two; messages in flight between the sides are lost. */
function Partition(u: GossipSetup, s: GossipState, side: readonly number[]): GossipState | undefined {
  if (s.partition !== null || s.quiet !== null || s.budget.partition <= 0) return undefined
  const p = u.partitions.find((q) => q.length === side.length && q.every((x, i) => x === side[i]))
  if (p === undefined) return undefined
  const net = s.net.filter((m) => p[m.from] === p[m.to])
  return { ...s, budget: { ...s.budget, partition: s.budget.partition - 1 }, net, partition: p }
}

/** The partition ends. */
function Heal(s: GossipState): GossipState | undefined {
  if (s.partition === null) return undefined
  return { ...s, partition: null }
}

/**
 * The round ends: every live node has gossiped and no message is in flight. After `Quiesce` this
 * counts one more quiet round (up to `within`, which is all the property needs).
 */
function EndRound(u: GossipSetup, s: GossipState): GossipState | undefined {
  if (!endRoundEnabled(s)) return undefined
  let nodes: GossipNode[] | null = null
  for (let i = 0; i < s.nodes.length; i++) {
    const node = s.nodes[i] as GossipNode
    if (!node.gossiped) continue
    if (nodes === null) nodes = s.nodes.slice()
    nodes[i] = { ...node, gossiped: false }
  }
  const quiet = s.quiet === null ? null : Math.min(s.quiet + 1, u.within)
  return { ...s, nodes: nodes ?? s.nodes, quiet }
}

function endRoundEnabled(s: GossipState): boolean {
  if (s.net.length > 0) return false
  for (const node of s.nodes) if (node.up && !node.gossiped) return false
  return true
}

/** Faults stop: any partition heals, and from now on no message is lost, no node crashes or restarts, nothing is written. */
function Quiesce(s: GossipState): GossipState | undefined {
  if (s.quiet !== null) return undefined
  return { ...s, partition: null, quiet: 0 }
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/** `n1`, `n2`, ... for node index 0, 1, ... */
export function nodeName(i: number): string {
  return `n${i + 1}`
}

/** `k1`, `k2`, ... for key index 0, 1, ... */
export function keyName(k: number): string {
  return `k${k + 1}`
}

/** A version map as actions show it: `{k1=v2}`, a tombstone `{k1=del3}`, unknown keys left out. */
export function formatEntries(entries: readonly Entry[]): string {
  const parts: string[] = []
  entries.forEach((e, k) => {
    if (e > 0) parts.push(`${keyName(k)}=v${e}`)
    else if (e < 0) parts.push(`${keyName(k)}=del${-e}`)
  })
  return `{${parts.join(', ')}}`
}

function formatMsg(m: GossipMsg): string {
  return `${nodeName(m.from)} -> ${nodeName(m.to)}, ${m.type}${formatEntries(m.entries)}`
}

function formatSide(side: readonly number[]): string {
  const a: string[] = []
  const b: string[] = []
  side.forEach((x, i) => (x === 0 ? a : b).push(nodeName(i)))
  return `{${a.join(',')}} | {${b.join(',')}}`
}

/** An action in the model's own words: `Gossip(n1, {n2})`, `Deliver(n1 -> n2, Push{k1=v1})`. */
export function formatGossipAction(a: GossipAction): string {
  switch (a.type) {
    case 'Gossip':
      return `Gossip(${nodeName(a.node)}, {${a.targets.map(nodeName).join(',')}})`
    case 'Deliver':
    case 'Drop':
      return `${a.type}(${formatMsg(a.msg)})`
    case 'Write':
    case 'Remove':
      return `${a.type}(${nodeName(a.node)}, ${keyName(a.key)})`
    case 'Crash':
    case 'Restart':
      return `${a.type}(${nodeName(a.node)})`
    case 'Partition':
      return `Partition(${formatSide(a.side)})`
    default:
      return a.type
  }
}

/** The successor of `s` under `a`, or undefined when `a` is not enabled. */
export function gossipNext(u: GossipSetup, s: GossipState, a: GossipAction): GossipState | undefined {
  switch (a.type) {
    case 'Gossip':
      return Gossip(u, s, a.node, a.targets)
    case 'Deliver':
      return Deliver(u, s, a.msg)
    case 'Drop':
      return Drop(s, a.msg)
    case 'Write':
      return Write(u, s, a.node, a.key)
    case 'Remove':
      return Remove(u, s, a.node, a.key)
    case 'Crash':
      return Crash(u, s, a.node)
    case 'Restart':
      return Restart(u, s, a.node)
    case 'Partition':
      return Partition(u, s, a.side)
    case 'Heal':
      return Heal(s)
    case 'EndRound':
      return EndRound(u, s)
    case 'Quiesce':
      return Quiesce(s)
    default:
      throw new FaultlineError(`gossip: unknown action ${JSON.stringify(a)}`)
  }
}

const HEAL: GossipAction = { type: 'Heal' }
const END_ROUND: GossipAction = { type: 'EndRound' }
const QUIESCE: GossipAction = { type: 'Quiesce' }

/**
 * The enabled actions, calmest first: deliveries, gossip turns, the end of the round, writes and
 * removals, `Quiesce`, `Heal`, then the faults (crash, restart, partition, drop).
 */
export function gossipActions(u: GossipSetup, s: GossipState, memo?: Map<string, readonly GossipAction[]>): GossipAction[] {
  const out: GossipAction[] = []
  for (const msg of s.net) out.push({ type: 'Deliver', msg })
  s.nodes.forEach((node, i) => {
    if (!node.up || node.gossiped) return
    const key = memo === undefined ? '' : `${i}:${node.contacted.join(',')}`
    let turns = memo?.get(key)
    if (turns === undefined) {
      turns = targetChoices(u, i, node.contacted).map((targets): GossipAction => ({ type: 'Gossip', node: i, targets }))
      memo?.set(key, turns)
    }
    for (const a of turns) out.push(a)
  })
  if (endRoundEnabled(s)) out.push(END_ROUND)
  const faults = s.quiet === null
  if (faults) {
    s.nodes.forEach((node, i) => {
      if (!node.up) return
      for (let k = 0; k < u.keys; k++) {
        if (s.budget.write > 0 && (s.latest[k] ?? 0) >= 0) out.push({ type: 'Write', node: i, key: k })
      }
    })
    s.nodes.forEach((node, i) => {
      if (!node.up || s.budget.remove <= 0) return
      for (let k = 0; k < u.keys; k++) if ((node.entries[k] ?? 0) > 0) out.push({ type: 'Remove', node: i, key: k })
    })
    out.push(QUIESCE)
  }
  if (s.partition !== null) out.push(HEAL)
  if (faults) {
    if (s.budget.crash > 0) s.nodes.forEach((node, i) => node.up && out.push({ type: 'Crash', node: i }))
    if (s.budget.restart > 0) s.nodes.forEach((node, i) => !node.up && out.push({ type: 'Restart', node: i }))
    if (s.budget.partition > 0 && s.partition === null) for (const side of u.partitions) out.push({ type: 'Partition', side })
    if (s.budget.drop > 0) for (const msg of s.net) out.push({ type: 'Drop', msg })
  }
  return out
}

/** The gossip model of a configuration. */
export function buildGossip(p: GossipParams, weaken: ReadonlySet<string>): Model<GossipState, GossipAction> {
  const u = gossipSetup(p, weaken)
  const init = initialState(u)
  const turns = new Map<string, readonly GossipAction[]>()
  return {
    name: 'gossip',
    init: () => [init],
    // Gossip turns depend only on the node and its cycle: built once, shared by every state.
    actions: (s) => gossipActions(u, s, turns),
    next: (s, a) => gossipNext(u, s, a),
    properties: gossipProperties(u),
    formatAction: formatGossipAction,
    actionKinds: [
      'Deliver', 'Gossip', 'EndRound', 'Quiesce',
      ...(u.budget.write > 0 ? ['Write'] : []),
      ...(u.budget.remove > 0 ? ['Remove'] : []),
      ...(u.budget.partition > 0 ? ['Partition', 'Heal'] : []),
      ...(u.budget.crash > 0 ? ['Crash'] : []),
      ...(u.budget.restart > 0 ? ['Restart'] : []),
      ...(u.budget.drop > 0 ? ['Drop'] : []),
    ],
  }
}
