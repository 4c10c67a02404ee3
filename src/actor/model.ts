/**
 * `actorModel`: per-node handlers, a network and a fault budget compiled into a `Model`.
 *
 * ## State
 * One `ActorState`: the node states (node order), the in-flight messages (`net`), the set timers
 * per node, the down nodes, the current partition, the remaining fault budget, the pending client
 * requests and an optional ghost (history) value that only properties read. All of it is
 * canonical plain data, so equal situations are equal states.
 *
 * ## Actions, in the order `actions(s)` lists them (least disruptive first)
 * 1. `Deliver(from -> to, msg)` for each in-flight message that can be delivered: its receiver is
 *    up (always true, see Crash) and the partition, if any, puts sender and receiver in one group.
 *    Unordered network: any in-flight message, one action per distinct message per link. Ordered
 *    network: only the oldest message of each directed link. One copy is consumed, then
 *    `onMessage` runs; if it returns `undefined` the node ignores the message (still consumed).
 * 2. `Fire(node, timer)` for each set timer of each node. The timer is unset, then `onTimer` runs;
 *    the handler may set it again.
 * 3. `Request(node, req)` for each running node and each distinct pending request that the node's
 *    `onRequest` accepts (returns an output for). The request is removed from the workload. A
 *    refusal (`undefined`) is a guard: the action is not enabled and the request stays pending.
 * 4. `Crash(node)` for each running node, while the crash budget lasts. The node is down: its
 *    volatile state is lost (its state becomes the one it will restart with: persisted fields over
 *    a fresh `init`), its timers are cleared, and every in-flight message addressed to it is lost.
 *    A message later sent to a down node is lost on sending. Messages it sent earlier stay in flight.
 * 5. `Restart(node)` for each down node, while the restart budget lasts. The node is up again with
 *    the state it was given at the crash, no timers, and `onStart` runs as at the beginning.
 * 6. `Partition(groups)` while no partition holds and the partition budget lasts, for each allowed
 *    partition (default: every split into two non-empty groups, each listed once). No message is
 *    delivered across groups while it holds; such messages stay in flight.
 * 7. `Heal` while a partition holds (not budgeted): the network is whole again.
 * 8. `Drop(from -> to, msg)` on a lossy network, while the drop budget lasts: one copy of an
 *    in-flight message is lost. Ordered network: only the oldest message of a link (every message
 *    becomes the oldest before it can be delivered, so what nodes can observe is the same as losing
 *    it anywhere in the queue, with fewer states).
 * 9. `Duplicate(from -> to, msg)` on a duplicating network, while the duplicate budget lasts: one
 *    more copy of an in-flight message (ordered network: of the oldest message of a link; the copy
 *    is delivered right after it). Duplication is this explicit, budgeted action, not a side effect
 *    of delivery, so every duplicate shows as a step of a counterexample.
 *
 * Within each kind, actions follow node order, then the canonical order of messages, timers and
 * requests. A handler's sends go out in list order, then its broadcasts (to every other node, in
 * node order); its timers are cancelled first, then set. Partitions never block a node from itself.
 *
 * ## Start
 * The initial state runs `init` for every node, then `onStart` for every node in node order.
 */
import type { Model, Property } from '../core/model.js'
import { FaultlineError } from '../core/errors.js'
import { compareData, compareToProbe, formatValue, setProbe } from './data.js'
import type {
  Actor,
  ActorAction,
  ActorEvent,
  ActorModelOptions,
  ActorState,
  Envelope,
  FaultBudget,
  FaultOptions,
  NodeContext,
  Out,
  Partition,
  SentMessage,
} from './types.js'

/** A compiled actor model: a `Model` plus the node ids and partitions it was built with. */
export interface ActorModel<NS, Msg, Timer = never, Req = never, G = null>
  extends Model<ActorState<NS, Msg, Timer, Req, G>, ActorAction<Msg, Timer, Req>> {
  /** Node ids, in node order. */
  readonly nodes: readonly string[]
  /** The partitions `Partition` may choose, canonical, in action order. */
  readonly partitions: readonly Partition[]
  /** The position of a node id; throws on an unknown id. */
  indexOf(id: string): number
  formatAction(a: ActorAction<Msg, Timer, Req>): string
}

type FaultKind = keyof FaultBudget
/** A fault's setting: off, unlimited, or a bound (then tracked in `state.budget`). */
type Limit = false | true | number

/** Most partitions `actorModel` enumerates by itself (2^(n-1) - 1 grows fast); list them beyond. */
const MAX_NODES_FOR_ALL_PARTITIONS = 16

/**
 * Compiles per-node handlers, a network and a fault budget into a `Model` the explorer checks.
 * The semantics are exact and listed at the top of this module and in `src/actor/README.md`.
 *
 * @example
 * const model = actorModel({
 *   name: 'ping',
 *   nodes: ['a', 'b'],
 *   actor: {
 *     init: () => ({ pinged: false }),
 *     onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'ping' }] } : undefined),
 *     onMessage: () => ({ state: { pinged: true } }),
 *   },
 *   faults: { crash: 1 },
 *   properties: [sometimes('Pinged', (s) => s.nodes[1]?.pinged === true)],
 * })
 */
export function actorModel<NS, Msg, Timer = never, Req = never, G = null>(
  o: ActorModelOptions<NS, Msg, Timer, Req, G>,
): ActorModel<NS, Msg, Timer, Req, G> {
  type St = ActorState<NS, Msg, Timer, Req, G>
  type Env = Envelope<Msg>
  type Act = ActorAction<Msg, Timer, Req>
  type O = Out<NS, Msg, Timer>

  const name = o.name
  const fail = (msg: string): never => {
    throw new FaultlineError(`actor model ${name}: ${msg}`)
  }

  const ids = resolveIds(o.nodes, fail)
  const n = ids.length
  const index = new Map<string, number>()
  ids.forEach((id, i) => index.set(id, i))
  const indexOf = (id: string): number => {
    const i = index.get(id)
    if (i === undefined) return fail(`unknown node ${String(id)}; the nodes are ${ids.join(', ')}`)
    return i
  }
  const actors = resolveActors(o, ids, fail)
  const ctxs: NodeContext[] = ids.map((self, i) =>
    Object.freeze({ self, index: i, nodes: ids, peers: Object.freeze(ids.filter((x) => x !== self)) }),
  )
  const idOf = (i: number): string => ids[i] ?? fail(`no node at position ${i}`)
  const actorOf = (i: number): Actor<NS, Msg, Timer, Req> => actors[i] ?? fail(`no actor for node ${idOf(i)}`)
  const ctxOf = (i: number): NodeContext => ctxs[i] ?? fail(`no context for node ${idOf(i)}`)

  const ordered = o.network?.ordered ?? false
  const lossy = o.network?.lossy ?? false
  const duplicating = o.network?.duplicating ?? false
  const faults: FaultOptions = o.faults ?? {}
  const limits = resolveLimits(faults, lossy, duplicating, fail)
  const partitions = limits.partition === false ? [] : resolvePartitions(faults.partitions, ids, index, fail)
  const partitionKeys = partitions.map(formatPartition)
  const initialBudget = budgetOf(limits)
  const ghost = o.ghost
  const formatMsg = o.formatMsg ?? formatValue
  const formatTimer = o.formatTimer ?? formatValue
  const formatRequest = o.formatRequest ?? formatValue
  const anyOnRequest = actors.some((a) => a.onRequest !== undefined)
  const noTimers: readonly Timer[] = Object.freeze([])

  const can = (s: St, kind: FaultKind): boolean => {
    const l = limits[kind]
    if (l === false) return false
    if (l === true) return true
    return (s.budget[kind] ?? 0) > 0
  }
  const spend = (b: FaultBudget, kind: FaultKind): FaultBudget => {
    const left = b[kind]
    return left === undefined ? b : { ...b, [kind]: left - 1 }
  }

  // ---- the network ----

  /** For a partition: the group number of every node (precomputed for the allowed ones). */
  const groupsOf = (p: Partition): Map<string, number> => {
    const m = new Map<string, number>()
    for (let g = 0; g < p.length; g++) for (const id of p[g] ?? []) m.set(id, g)
    return m
  }
  const sides = new Map<Partition, Map<string, number>>(partitions.map((p) => [p, groupsOf(p)]))
  const sideOf = (p: Partition | null): Map<string, number> | null =>
    p === null ? null : (sides.get(p) ?? groupsOf(p))
  const blocked = (side: Map<string, number> | null, from: string, to: string): boolean =>
    side !== null && from !== to && side.get(from) !== side.get(to)
  const sameLink = (a: Env, b: Env): boolean => a.from === b.from && a.to === b.to
  /** A node's position; a short scan beats a `Map` for the few nodes a model checker can afford. */
  const rankOf = (id: string): number => {
    for (let i = 0; i < n; i++) if (ids[i] === id) return i
    return indexOf(id)
  }
  /** How envelope `e` orders against a new copy of the probed message on link (fi, ti). */
  const orderAgainst = (e: Env, from: string, to: string, fi: number, ti: number): number => {
    if (e.from !== from) return rankOf(e.from) - fi
    if (e.to !== to) return rankOf(e.to) - ti
    return compareToProbe(e.msg)
  }

  /** Adds one copy of `msg` on link (fi, ti) to the working copy `w` of the network. */
  const enqueue = (w: Env[], fi: number, ti: number, msg: Msg): void => {
    const from = idOf(fi)
    const to = idOf(ti)
    const len = w.length
    let k = 0
    if (ordered) {
      // After the newest message of the link: the FIFO tail.
      for (; k < len; k++) {
        const e = w[k] as Env
        const c = e.from !== from ? rankOf(e.from) - fi : e.to !== to ? rankOf(e.to) - ti : 0
        if (c > 0) break
      }
      const tail = w[k - 1]
      if (tail !== undefined && tail.from === from && tail.to === to && compareData(tail.msg, msg) === 0) {
        w[k - 1] = { count: tail.count + 1, from, msg: tail.msg, to }
      } else {
        w.splice(k, 0, { count: 1, from, msg, to })
      }
      return
    }
    setProbe(msg)
    let c = 1
    for (; k < len; k++) {
      c = orderAgainst(w[k] as Env, from, to, fi, ti)
      if (c >= 0) break
    }
    const at = w[k]
    if (at !== undefined && c === 0) {
      w[k] = { count: at.count + 1, from, msg: at.msg, to }
    } else {
      w.splice(k, 0, { count: 1, from, msg, to })
    }
  }

  /**
   * The envelope an action names, or -1: any envelope of the link holding `msg` (unordered), or
   * the oldest of the link if it holds `msg` (ordered).
   */
  const findEnvelope = (net: readonly Env[], from: string, to: string, msg: Msg): number => {
    // Actions carry the envelope's own message object: try identity first.
    if (!ordered) {
      for (let k = 0; k < net.length; k++) {
        const e = net[k] as Env
        if (e.msg === msg && e.from === from && e.to === to) return k
      }
    }
    for (let k = 0; k < net.length; k++) {
      const e = net[k] as Env
      if (e.from !== from || e.to !== to) continue
      if (e.msg === msg || compareData(e.msg, msg) === 0) return k
      if (ordered) return -1
    }
    return -1
  }

  /** The network with one copy of envelope k removed. */
  const removeOne = (net: readonly Env[], k: number): Env[] => {
    const e = net[k] as Env
    if (e.count > 1) {
      const w = net.slice()
      w[k] = { count: e.count - 1, from: e.from, msg: e.msg, to: e.to }
      return w
    }
    const w: Env[] = []
    for (let j = 0; j < net.length; j++) if (j !== k) w.push(net[j] as Env)
    return w
  }

  /** Whether envelope k is deliverable (or droppable) as far as order goes. */
  const isHead = (net: readonly Env[], k: number): boolean =>
    !ordered || k === 0 || !sameLink(net[k - 1] as Env, net[k] as Env)

  // ---- timers and requests: sorted sets / multisets ----

  const timerAt = (ts: readonly Timer[], t: Timer): number => {
    for (let k = 0; k < ts.length; k++) {
      const c = compareData(ts[k], t)
      if (c === 0) return k
      if (c > 0) return -1
    }
    return -1
  }
  const addTimer = (ts: readonly Timer[], t: Timer): readonly Timer[] => {
    let k = 0
    while (k < ts.length) {
      const c = compareData(ts[k], t)
      if (c === 0) return ts
      if (c > 0) break
      k++
    }
    const r = ts.slice()
    r.splice(k, 0, t)
    return r
  }
  const withoutAt = <T>(xs: readonly T[], k: number): readonly T[] => {
    const r = xs.slice()
    r.splice(k, 1)
    return r
  }
  const requestAt = (rs: readonly Req[], req: Req): number => {
    for (let k = 0; k < rs.length; k++) if (compareData(rs[k], req) === 0) return k
    return -1
  }
  const isDown = (down: readonly string[], id: string): boolean => down.length !== 0 && down.includes(id)
  const downWith = (down: readonly string[], i: number): readonly string[] => {
    const r = down.filter((id) => indexOf(id) < i)
    r.push(idOf(i))
    for (const id of down) if (indexOf(id) > i) r.push(id)
    return r
  }

  // ---- one step at one node ----

  /**
   * The successor after node i's handler returned `out`: new node state, timers (from `baseTimers`),
   * sends onto `baseNet` (which it may modify when `netOwned`: a fresh copy no state holds yet);
   * then the ghost observes `action` (skipped for `null`, at start).
   */
  const commit = (
    s: St,
    i: number,
    out: O | undefined,
    baseTimers: readonly Timer[],
    baseNet: readonly Env[],
    netOwned: boolean,
    requests: readonly Req[],
    down: readonly string[],
    budget: FaultBudget,
    action: Act | null,
  ): St => {
    let nodes = s.nodes
    let ts = baseTimers
    let net = baseNet
    const sent: SentMessage<Msg>[] | null = ghost !== undefined && action !== null ? [] : null
    if (out !== undefined) {
      const ns = out.state
      if (ns === undefined) fail(`a handler of node ${idOf(i)} returned an output without a state`)
      if (ns !== nodes[i]) {
        const c = nodes.slice()
        c[i] = ns
        nodes = c
      }
      const cancel = out.cancelTimers
      if (cancel !== undefined) {
        for (const t of cancel) {
          const k = timerAt(ts, t)
          if (k >= 0) ts = withoutAt(ts, k)
        }
      }
      const set = out.setTimers
      if (set !== undefined) for (const t of set) ts = addTimer(ts, t)
      const sends = out.send
      const casts = out.broadcast
      if ((sends !== undefined && sends.length > 0) || (casts !== undefined && casts.length > 0)) {
        const w = netOwned ? (baseNet as Env[]) : net.slice()
        const from = idOf(i)
        const post = (j: number, msg: Msg): void => {
          const to = idOf(j)
          const lost = isDown(down, to)
          if (!lost) enqueue(w, i, j, msg)
          if (sent !== null) sent.push({ from, to, msg, lost })
        }
        if (sends !== undefined) {
          for (const m of sends) {
            const j = index.get(m.to)
            if (j === undefined) fail(`node ${from} sent ${formatMsg(m.msg)} to unknown node ${String(m.to)}; the nodes are ${ids.join(', ')}`)
            else post(j, m.msg)
          }
        }
        if (casts !== undefined) for (const msg of casts) for (let j = 0; j < n; j++) if (j !== i) post(j, msg)
        net = w
      }
    }
    let timers = s.timers
    if (ts !== timers[i]) {
      const c = timers.slice()
      c[i] = ts
      timers = c
    }
    let g = s.ghost
    if (ghost !== undefined && action !== null) {
      g = ghost.observe(g, { action, node: idOf(i), before: s.nodes[i] as NS, after: nodes[i] as NS, sent: sent ?? [] })
    }
    return { budget, down, ghost: g, net, nodes, partition: s.partition, requests, timers }
  }

  /** The ghost after a step that ran no handler. */
  const observeFault = (s: St, action: Act, node: number | null, after: NS | null): G => {
    if (ghost === undefined) return s.ghost
    const event: ActorEvent<NS, Msg, Timer, Req> = {
      action,
      node: node === null ? null : idOf(node),
      before: node === null ? null : (s.nodes[node] as NS),
      after,
      sent: [],
    }
    return ghost.observe(s.ghost, event)
  }

  /** The state node i restarts with after a crash: persisted fields over a fresh init. */
  const crashed = (i: number, st: NS): NS => {
    const a = actorOf(i)
    const ctx = ctxOf(i)
    const keep = a.persisted ?? []
    if (keep.length === 0) return a.restart ? a.restart({}, ctx) : a.init(ctx)
    const kept: Partial<NS> = {}
    for (const k of keep) {
      const v = (st as NS)[k]
      if (v !== undefined) kept[k] = v
    }
    return a.restart ? a.restart(kept, ctx) : ({ ...a.init(ctx), ...kept } as NS)
  }

  // ---- the model ----

  let initial: readonly St[] | null = null
  const init = (): readonly St[] => {
    if (initial !== null) return initial
    const nodes = ids.map((_, i) => actorOf(i).init(ctxOf(i)))
    const requests = [...(o.requests ?? [])].sort(compareData)
    let s: St = {
      budget: initialBudget,
      down: [],
      ghost: ghost === undefined ? (null as G) : ghost.initial,
      net: [],
      nodes,
      partition: null,
      requests,
      timers: ids.map(() => noTimers),
    }
    for (let i = 0; i < n; i++) {
      const a = actorOf(i)
      if (a.onStart === undefined) continue
      const out = a.onStart(s.nodes[i] as NS, ctxOf(i))
      s = commit(s, i, out, s.timers[i] ?? noTimers, s.net, false, s.requests, s.down, s.budget, null)
    }
    initial = [s]
    return initial
  }

  const actions = (s: St): readonly Act[] => {
    const acts: Act[] = []
    const net = s.net
    const part = s.partition
    const side = sideOf(part)
    for (let k = 0; k < net.length; k++) {
      if (!isHead(net, k)) continue
      const e = net[k] as Env
      if (blocked(side, e.from, e.to)) continue
      acts.push({ type: 'Deliver', from: e.from, to: e.to, msg: e.msg })
    }
    for (let i = 0; i < n; i++) {
      const ts = s.timers[i] ?? noTimers
      for (const timer of ts) acts.push({ type: 'Fire', node: idOf(i), timer })
    }
    const reqs = s.requests
    if (reqs.length > 0 && anyOnRequest) {
      for (let i = 0; i < n; i++) {
        const id = idOf(i)
        const handler = actorOf(i).onRequest
        if (handler === undefined || isDown(s.down, id)) continue
        for (let k = 0; k < reqs.length; k++) {
          const req = reqs[k] as Req
          if (k > 0 && compareData(reqs[k - 1], req) === 0) continue
          if (handler(s.nodes[i] as NS, req, ctxOf(i)) !== undefined) acts.push({ type: 'Request', node: id, req })
        }
      }
    }
    if (can(s, 'crash')) {
      for (const id of ids) if (!isDown(s.down, id)) acts.push({ type: 'Crash', node: id })
    }
    if (s.down.length > 0 && can(s, 'restart')) {
      for (const id of s.down) acts.push({ type: 'Restart', node: id })
    }
    if (part === null) {
      if (can(s, 'partition')) for (const groups of partitions) acts.push({ type: 'Partition', groups })
    } else {
      acts.push({ type: 'Heal' })
    }
    if (net.length > 0) {
      if (can(s, 'drop')) {
        for (let k = 0; k < net.length; k++) {
          if (!isHead(net, k)) continue
          const e = net[k] as Env
          acts.push({ type: 'Drop', from: e.from, to: e.to, msg: e.msg })
        }
      }
      if (can(s, 'duplicate')) {
        for (let k = 0; k < net.length; k++) {
          if (!isHead(net, k)) continue
          const e = net[k] as Env
          acts.push({ type: 'Duplicate', from: e.from, to: e.to, msg: e.msg })
        }
      }
    }
    return acts
  }

  const next = (s: St, a: Act): St | undefined => {
    switch (a.type) {
      case 'Deliver': {
        const ti = rankOf(a.to)
        rankOf(a.from)
        const k = findEnvelope(s.net, a.from, a.to, a.msg)
        if (k < 0 || isDown(s.down, a.to) || blocked(sideOf(s.partition), a.from, a.to)) return undefined
        const e = s.net[k] as Env
        const out = actorOf(ti).onMessage(s.nodes[ti] as NS, e.msg, e.from, ctxOf(ti))
        return commit(s, ti, out, s.timers[ti] ?? noTimers, removeOne(s.net, k), true, s.requests, s.down, s.budget, a)
      }
      case 'Fire': {
        const i = indexOf(a.node)
        const ts = s.timers[i] ?? noTimers
        const k = timerAt(ts, a.timer)
        if (k < 0) return undefined
        const timer = ts[k] as Timer
        const handler = actorOf(i).onTimer
        if (handler === undefined) return fail(`node ${a.node} set timer ${formatTimer(timer)} but its actor has no onTimer`)
        const out = handler(s.nodes[i] as NS, timer, ctxOf(i))
        return commit(s, i, out, withoutAt(ts, k), s.net, false, s.requests, s.down, s.budget, a)
      }
      case 'Request': {
        const i = indexOf(a.node)
        const handler = actorOf(i).onRequest
        const k = requestAt(s.requests, a.req)
        if (handler === undefined || k < 0 || isDown(s.down, a.node)) return undefined
        const out = handler(s.nodes[i] as NS, s.requests[k] as Req, ctxOf(i))
        if (out === undefined) return undefined
        return commit(s, i, out, s.timers[i] ?? noTimers, s.net, false, withoutAt(s.requests, k), s.down, s.budget, a)
      }
      case 'Crash': {
        const i = indexOf(a.node)
        if (isDown(s.down, a.node) || !can(s, 'crash')) return undefined
        const after = crashed(i, s.nodes[i] as NS)
        const nodes = s.nodes.slice()
        nodes[i] = after
        const timers = s.timers.slice()
        timers[i] = noTimers
        const net = s.net.some((e) => e.to === a.node) ? s.net.filter((e) => e.to !== a.node) : s.net
        return {
          budget: spend(s.budget, 'crash'),
          down: downWith(s.down, i),
          ghost: observeFault(s, a, i, after),
          net,
          nodes,
          partition: s.partition,
          requests: s.requests,
          timers,
        }
      }
      case 'Restart': {
        const i = indexOf(a.node)
        if (!isDown(s.down, a.node) || !can(s, 'restart')) return undefined
        const down = s.down.filter((id) => id !== a.node)
        const start = actorOf(i).onStart
        const out = start === undefined ? undefined : start(s.nodes[i] as NS, ctxOf(i))
        return commit(s, i, out, noTimers, s.net, false, s.requests, down, spend(s.budget, 'restart'), a)
      }
      case 'Partition': {
        if (s.partition !== null || !can(s, 'partition')) return undefined
        let p: Partition | undefined = partitions[partitions.indexOf(a.groups)]
        if (p === undefined) p = partitions[partitionKeys.indexOf(formatPartition(a.groups))]
        if (p === undefined) return undefined
        return { ...s, budget: spend(s.budget, 'partition'), ghost: observeFault(s, a, null, null), partition: p }
      }
      case 'Heal': {
        if (s.partition === null) return undefined
        return { ...s, ghost: observeFault(s, a, null, null), partition: null }
      }
      case 'Drop': {
        indexOf(a.from)
        indexOf(a.to)
        if (!can(s, 'drop')) return undefined
        const k = findEnvelope(s.net, a.from, a.to, a.msg)
        if (k < 0) return undefined
        return { ...s, budget: spend(s.budget, 'drop'), ghost: observeFault(s, a, null, null), net: removeOne(s.net, k) }
      }
      case 'Duplicate': {
        indexOf(a.from)
        indexOf(a.to)
        if (!can(s, 'duplicate')) return undefined
        const k = findEnvelope(s.net, a.from, a.to, a.msg)
        if (k < 0) return undefined
        const e = s.net[k] as Env
        const net = s.net.slice()
        net[k] = { count: e.count + 1, from: e.from, msg: e.msg, to: e.to }
        return { ...s, budget: spend(s.budget, 'duplicate'), ghost: observeFault(s, a, null, null), net }
      }
      default:
        return fail(`unknown action ${JSON.stringify(a)}`)
    }
  }

  const formatAction = (a: Act): string => {
    switch (a.type) {
      case 'Deliver':
      case 'Drop':
      case 'Duplicate':
        return `${a.type}(${a.from} -> ${a.to}, ${formatMsg(a.msg)})`
      case 'Fire':
        return `Fire(${a.node}, ${formatTimer(a.timer)})`
      case 'Request':
        return `Request(${a.node}, ${formatRequest(a.req)})`
      case 'Crash':
      case 'Restart':
        return `${a.type}(${a.node})`
      case 'Partition':
        return `Partition(${formatPartition(a.groups)})`
      case 'Heal':
        return 'Heal'
      default:
        return JSON.stringify(a)
    }
  }

  const properties: readonly Property<St>[] = o.properties ?? []
  // Every kind of action this configuration can take, for random search's coverage.
  const actionKinds = [
    'Deliver',
    ...(actors.some((a) => a.onTimer !== undefined) ? ['Fire'] : []),
    ...((o.requests?.length ?? 0) > 0 ? ['Request'] : []),
    ...(limits.crash !== false ? ['Crash'] : []),
    ...(limits.restart !== false ? ['Restart'] : []),
    ...(limits.partition !== false ? ['Partition', 'Heal'] : []),
    ...(limits.drop !== false ? ['Drop'] : []),
    ...(limits.duplicate !== false ? ['Duplicate'] : []),
  ]
  const model: ActorModel<NS, Msg, Timer, Req, G> = {
    name,
    nodes: ids,
    partitions,
    indexOf,
    init,
    actions,
    next,
    properties,
    formatAction,
    actionKinds,
  }
  if (o.within !== undefined) return { ...model, within: o.within }
  return model
}

/** A partition as it reads in an action: `{n1,n2} | {n3}`. */
export function formatPartition(p: Partition): string {
  return p.map((g) => `{${g.join(',')}}`).join(' | ')
}

/** The smallest majority of `n` nodes: `quorum(3) === 2`, `quorum(4) === 3`. */
export function quorum(n: number): number {
  return Math.floor(n / 2) + 1
}

// ---- configuration, checked once when the model is built ----

function resolveIds(nodes: readonly string[] | number, fail: (msg: string) => never): readonly string[] {
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 1) fail(`nodes must be a whole number >= 1 or a list of ids, got ${nodes}`)
    return Object.freeze(Array.from({ length: nodes }, (_, i) => `n${i + 1}`))
  }
  if (!Array.isArray(nodes) || nodes.length === 0) fail('nodes must be a non-empty list of ids or a count')
  const seen = new Set<string>()
  for (const id of nodes) {
    if (typeof id !== 'string' || id === '') fail(`node ids must be non-empty strings, got ${JSON.stringify(id)}`)
    if (seen.has(id)) fail(`node id ${id} is listed twice`)
    seen.add(id)
  }
  return Object.freeze([...nodes])
}

function resolveActors<NS, Msg, Timer, Req, G>(
  o: ActorModelOptions<NS, Msg, Timer, Req, G>,
  ids: readonly string[],
  fail: (msg: string) => never,
): readonly Actor<NS, Msg, Timer, Req>[] {
  if ((o.actor === undefined) === (o.actors === undefined)) fail('give exactly one of actor (every node runs it) and actors (one per node id)')
  const one = o.actor
  if (one !== undefined) return ids.map(() => one)
  const per = o.actors ?? {}
  for (const id of Object.keys(per)) if (!ids.includes(id)) fail(`actors names unknown node ${id}; the nodes are ${ids.join(', ')}`)
  return ids.map((id) => (Object.prototype.hasOwnProperty.call(per, id) ? per[id] : undefined) ?? fail(`no actor for node ${id} in actors`))
}

interface Limits {
  readonly crash: Limit
  readonly restart: Limit
  readonly partition: Limit
  readonly drop: Limit
  readonly duplicate: Limit
}

function resolveLimits(f: FaultOptions, lossy: boolean, duplicating: boolean, fail: (msg: string) => never): Limits {
  const limit = (what: string, v: number | boolean | undefined, dflt: Limit): Limit => {
    if (v === undefined) return dflt
    if (typeof v === 'boolean') return v
    if (!Number.isInteger(v) || v < 0) fail(`faults.${what} must be a whole number >= 0 or a boolean, got ${v}`)
    return v === 0 ? false : v
  }
  if (f.drop !== undefined && f.drop !== false && f.drop !== 0 && !lossy) fail('faults.drop needs network: { lossy: true }')
  if (f.duplicate !== undefined && f.duplicate !== 0 && !duplicating) fail('faults.duplicate needs network: { duplicating: true }')
  if (duplicating && (f.duplicate === undefined || typeof f.duplicate !== 'number')) {
    fail('network.duplicating needs a numeric faults.duplicate budget: unbounded duplication makes the state space infinite')
  }
  return {
    crash: limit('crash', f.crash, false),
    restart: limit('restart', f.restart, false),
    partition: limit('partition', f.partition, false),
    drop: lossy ? limit('drop', f.drop, true) : false,
    duplicate: duplicating ? limit('duplicate', f.duplicate, false) : false,
  }
}

/** The initial budget: an entry for each bounded fault, keys in sorted order. */
function budgetOf(l: Limits): FaultBudget {
  const b: Record<string, number> = {}
  for (const kind of ['crash', 'drop', 'duplicate', 'partition', 'restart'] as const) {
    const v = l[kind]
    if (typeof v === 'number') b[kind] = v
  }
  return b
}

function resolvePartitions(
  given: readonly Partition[] | undefined,
  ids: readonly string[],
  index: ReadonlyMap<string, number>,
  fail: (msg: string) => never,
): readonly Partition[] {
  const n = ids.length
  if (given === undefined) {
    if (n < 2) return []
    if (n > MAX_NODES_FOR_ALL_PARTITIONS) {
      fail(`${n} nodes have ${2 ** (n - 1) - 1} two-way partitions; list the ones to explore in faults.partitions`)
    }
    // Every split into two non-empty groups, once: the group without the first node is a non-empty
    // subset of the others. Smaller such groups first (isolating one node reads simplest).
    const others: number[][] = []
    for (let mask = 1; mask < 2 ** (n - 1); mask++) {
      const b: number[] = []
      for (let j = 1; j < n; j++) if (mask & (1 << (j - 1))) b.push(j)
      others.push(b)
    }
    others.sort((x, y) => x.length - y.length || compareLists(x, y))
    return others.map((b) => {
      const a = ids.filter((_, i) => !b.includes(i))
      return Object.freeze([Object.freeze(a), Object.freeze(b.map((j) => ids[j] as string))])
    })
  }
  const seen = new Set<string>()
  return given.map((p, pi) => {
    const what = `faults.partitions[${pi}]`
    if (!Array.isArray(p) || p.length < 2) fail(`${what} must list two or more groups`)
    const covered = new Set<string>()
    const groups = p.map((g) => {
      if (!Array.isArray(g) || g.length === 0) fail(`${what} has an empty group`)
      for (const id of g) {
        if (!index.has(id)) fail(`${what} names unknown node ${String(id)}; the nodes are ${ids.join(', ')}`)
        if (covered.has(id)) fail(`${what} puts node ${id} in two groups`)
        covered.add(id)
      }
      return [...g].sort((x, y) => (index.get(x) ?? 0) - (index.get(y) ?? 0))
    })
    const missing = ids.filter((id) => !covered.has(id))
    if (missing.length > 0) fail(`${what} leaves out node${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
    groups.sort((x, y) => (index.get(x[0] as string) ?? 0) - (index.get(y[0] as string) ?? 0))
    const canon = Object.freeze(groups.map((g) => Object.freeze(g)))
    const key = formatPartition(canon)
    if (seen.has(key)) fail(`${what} lists partition ${key} twice`)
    seen.add(key)
    return canon
  })
}

function compareLists(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0)
  return x.length - y.length
}
