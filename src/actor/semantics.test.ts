/**
 * The actor layer's semantics on tiny systems whose reachable states are counted by hand. Each
 * test's comment lists the states.
 */
import { describe, expect, test } from 'vitest'
import { always, sometimes } from '../core/model.js'
import { FaultlineError, TraceFileError } from '../core/errors.js'
import { runTrace } from '../core/trace.js'
import { explore } from '../explore/index.js'
import { actorModel, type ActorModel } from './model.js'
import type { Actor, ActorModelOptions, ActorState } from './types.js'

/** Runs the actions named by their formatted text and returns every state visited. */
function walk<NS, Msg, Timer, Req, G>(model: ActorModel<NS, Msg, Timer, Req, G>, steps: readonly string[]) {
  return runTrace(model, { init: 0, steps: steps.map((action) => ({ action, data: null })) })
}

function last<T>(xs: readonly T[]): T {
  const x = xs[xs.length - 1]
  if (x === undefined) throw new Error('empty')
  return x
}

/** The formatted actions enabled in a state. */
function enabled<NS, Msg, Timer, Req, G>(model: ActorModel<NS, Msg, Timer, Req, G>, s: ActorState<NS, Msg, Timer, Req, G>): string[] {
  return model.actions(s).map((a) => model.formatAction(a))
}

// ---- ping-pong: a pings b at start; b answers pong; a records it ----

interface PingNode {
  readonly pinged: boolean
  readonly ponged: boolean
}
type PingMsg = 'ping' | 'pong'

const pingActor: Actor<PingNode, PingMsg> = {
  init: () => ({ pinged: false, ponged: false }),
  onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'ping' }] } : undefined),
  onMessage: (s, msg, from) =>
    msg === 'ping' ? { state: { ...s, pinged: true }, send: [{ to: from, msg: 'pong' }] } : { state: { ...s, ponged: true } },
}

function pingPong(extra: Partial<ActorModelOptions<PingNode, PingMsg>> = {}): ActorModel<PingNode, PingMsg> {
  return actorModel<PingNode, PingMsg>({
    name: 'ping-pong',
    nodes: ['a', 'b'],
    actor: pingActor,
    properties: [sometimes('Ponged', (s) => s.nodes[0]?.ponged === true)],
    ...extra,
  })
}

describe('actor: delivery', () => {
  test('ping-pong (2 nodes, reliable): 3 states, depth 2, one path', () => {
    // {ping in flight} -> {b pinged, pong in flight} -> {a ponged, nothing in flight}
    const m = pingPong()
    const r = explore(m)
    expect([r.verdict, r.states, r.maxDepth, r.transitions]).toEqual(['holds', 3, 2, 2])
    const states = walk(m, ['Deliver(a -> b, ping)', 'Deliver(b -> a, pong)'])
    expect(last(states)).toEqual({
      budget: {},
      down: [],
      ghost: null,
      net: [],
      nodes: [
        { pinged: false, ponged: true },
        { pinged: true, ponged: false },
      ],
      partition: null,
      requests: [],
      timers: [[], []],
    })
  })

  test('the initial state holds the messages onStart sent, as envelopes with a count', () => {
    const [s0] = pingPong().init()
    expect(s0?.net).toEqual([{ count: 1, from: 'a', msg: 'ping', to: 'b' }])
  })

  test('a handler returning undefined ignores the message, which is still consumed', () => {
    const m = actorModel<null, 'noise'>({
      name: 'ignore',
      nodes: ['a', 'b'],
      actor: {
        init: () => null,
        onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'noise' }] } : undefined),
        onMessage: () => undefined,
      },
    })
    const states = walk(m, ['Deliver(a -> b, noise)'])
    expect(last(states).net).toEqual([])
    expect(explore(m).states).toBe(2)
  })

  test('ordered vs unordered: two messages on one link reach 3 vs 5 states', () => {
    // a sends m1 then m2 to b; b appends what it receives to its log.
    // unordered: {} [1] [2] [1,2] [2,1] = 5;  ordered (FIFO link): {} [1] [1,2] = 3
    const build = (ordered: boolean) =>
      actorModel<readonly number[], number>({
        name: `two-messages-${ordered ? 'fifo' : 'bag'}`,
        nodes: ['a', 'b'],
        actor: {
          init: () => [],
          onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 1 }, { to: 'b', msg: 2 }] } : undefined),
          onMessage: (s, msg) => ({ state: [...s, msg] }),
        },
        network: { ordered },
        properties: [sometimes('SecondFirst', (s) => s.nodes[1]?.[0] === 2)],
      })
    const bag = explore(build(false))
    expect([bag.verdict, bag.states, bag.maxDepth]).toEqual(['holds', 5, 2])
    const fifo = explore(build(true))
    expect([fifo.verdict, fifo.states, fifo.maxDepth]).toEqual(['violated', 3, 2])
    expect(fifo.violations.map((v) => v.property)).toEqual(['SecondFirst'])
    const [s0] = build(true).init()
    if (!s0) throw new Error('no initial state')
    expect(enabled(build(true), s0)).toEqual(['Deliver(a -> b, 1)'])
    expect(enabled(build(false), s0)).toEqual(['Deliver(a -> b, 1)', 'Deliver(a -> b, 2)'])
  })

  test('ordered: equal messages in a row merge into one envelope; a different one in between does not', () => {
    const m = actorModel<null, string>({
      name: 'fifo-merge',
      nodes: ['a', 'b'],
      actor: {
        init: () => null,
        onStart: (s, ctx) =>
          ctx.self === 'a' ? { state: s, send: ['x', 'x', 'y', 'x'].map((msg) => ({ to: 'b', msg })) } : undefined,
        onMessage: () => undefined,
      },
      network: { ordered: true },
    })
    const [s0] = m.init()
    expect(s0?.net.map((e) => [e.msg, e.count])).toEqual([
      ['x', 2],
      ['y', 1],
      ['x', 1],
    ])
    // x x y x delivered in order: 5 states on one path.
    expect(explore(m).states).toBe(5)
  })

  test('unordered: equal messages on a link are one envelope with a count, delivered one copy at a time', () => {
    const m = actorModel<number, string>({
      name: 'bag-count',
      nodes: ['a', 'b'],
      actor: {
        init: () => 0,
        onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'x' }, { to: 'b', msg: 'x' }] } : undefined),
        onMessage: (s) => ({ state: s + 1 }),
      },
    })
    const [s0] = m.init()
    expect(s0?.net).toEqual([{ count: 2, from: 'a', msg: 'x', to: 'b' }])
    expect(enabled(m, s0 as ActorState<number, string>)).toEqual(['Deliver(a -> b, x)'])
    expect(explore(m).states).toBe(3)
  })

  test('broadcast reaches every other node, not the sender; a node may send to itself', () => {
    const m = actorModel<number, string>({
      name: 'broadcast',
      nodes: 3,
      actor: {
        init: () => 0,
        onStart: (s, ctx) => (ctx.index === 0 ? { state: s, broadcast: ['hi'], send: [{ to: ctx.self, msg: 'me' }] } : undefined),
        onMessage: (s) => ({ state: s + 1 }),
      },
    })
    const [s0] = m.init()
    expect(s0?.net.map((e) => `${e.from}>${e.to}:${e.msg}`)).toEqual(['n1>n1:me', 'n1>n2:hi', 'n1>n3:hi'])
    // Three independent deliveries: 2^3 states.
    expect(explore(m).states).toBe(8)
  })
})

describe('actor: crash and restart', () => {
  test('a message is lost at a crashed node (crash budget 1, no restart): 8 states', () => {
    // S0 init | S1 b pinged, pong in flight | S2 done
    // S3 Crash(a) from S0: ping still in flight (a's own message) | S4 Crash(b) from S0: ping lost
    // S5 a down, b pinged, pong lost: from S3 by Deliver, from S1 by Crash(a), from S2 by Crash(a)
    // S6 Crash(b) from S1: b back at init, pong in flight | S7 a ponged, b down: from S6 and from S2
    const m = pingPong({ faults: { crash: 1 } })
    const r = explore(m)
    expect([r.verdict, r.states, r.maxDepth]).toEqual(['holds', 8, 3])

    const afterCrashB = last(walk(m, ['Crash(b)']))
    expect(afterCrashB.net).toEqual([])
    expect(afterCrashB.down).toEqual(['b'])
    expect(afterCrashB.budget).toEqual({ crash: 0 })
    expect(enabled(m, afterCrashB)).toEqual([])

    // b answers a crashed a: the pong is lost on sending.
    const lost = last(walk(m, ['Crash(a)', 'Deliver(a -> b, ping)']))
    expect(lost.net).toEqual([])
    expect(lost.nodes[1]).toEqual({ pinged: true, ponged: false })
  })

  test('crashing a node drops the messages in flight to it, keeps those it sent', () => {
    const m = pingPong({ faults: { crash: 1 } })
    const s = last(walk(m, ['Deliver(a -> b, ping)', 'Crash(b)']))
    expect(s.net).toEqual([{ count: 1, from: 'b', msg: 'pong', to: 'a' }])
    expect(s.nodes[1]).toEqual({ pinged: false, ponged: false })
  })

  test('the crash budget bounds crashes, so crash/restart cycles end: 2k+1 states for budget k', () => {
    // up(k) down(k-1) up(k-1) ... down(0) up(0)
    const build = (k: number, restart: number | boolean) =>
      actorModel<null, never>({
        name: `crash-${k}`,
        nodes: ['a'],
        actor: { init: () => null, onMessage: () => undefined },
        faults: { crash: k, restart },
      })
    expect([1, 2, 3].map((k) => explore(build(k, true)).states)).toEqual([3, 5, 7])
    // A restart budget of 1 with 3 crashes: up(c3,r1) down(c2,r1) up(c2,r0) down(c1,r0).
    const r = explore(build(3, 1))
    expect([r.states, r.maxDepth]).toEqual([4, 3])
    // Crash-stop (no restart): up, down.
    expect(explore(build(3, false)).states).toBe(2)
  })

  test('persisted fields survive crash and restart; volatile fields are lost: 8 states', () => {
    // One node, `term` persisted, `cache` volatile; the timer `bump` (set at start) adds 1 to both.
    // S0 {0,0}[bump] S1 {1,1}[] S2 crashed S0: {0,0} down S3 crashed S1: {1,0} down
    // S4 restarted S2: {0,0}[bump] S5 restarted S3: {1,0}[bump] S6 {1,1}[] S7 {2,1}[]
    interface Node {
      readonly cache: number
      readonly term: number
    }
    const m = actorModel<Node, never, 'bump'>({
      name: 'persisted',
      nodes: ['a'],
      actor: {
        init: () => ({ cache: 0, term: 0 }),
        onStart: (s) => ({ state: s, setTimers: ['bump'] }),
        onMessage: () => undefined,
        onTimer: (s) => ({ state: { cache: s.cache + 1, term: s.term + 1 } }),
        persisted: ['term'],
      },
      faults: { crash: 1, restart: true },
      properties: [sometimes('TermTwo', (s) => s.nodes[0]?.term === 2)],
    })
    const r = explore(m)
    expect([r.verdict, r.states, r.maxDepth]).toEqual(['holds', 8, 4])
    const states = walk(m, ['Fire(a, bump)', 'Crash(a)', 'Restart(a)', 'Fire(a, bump)'])
    expect(states.map((s) => [s.nodes[0]?.term, s.nodes[0]?.cache, s.down.length, s.timers[0]?.length])).toEqual([
      [0, 0, 0, 1],
      [1, 1, 0, 0],
      [1, 0, 1, 0],
      [1, 0, 0, 1],
      [2, 1, 0, 0],
    ])
  })

  test('a custom restart rebuilds the state from the persisted fields', () => {
    const m = actorModel<{ readonly boots: number }, never>({
      name: 'boots',
      nodes: ['a'],
      actor: {
        init: () => ({ boots: 0 }),
        onMessage: () => undefined,
        persisted: ['boots'],
        restart: (p) => ({ boots: (p.boots ?? 0) + 1 }),
      },
      faults: { crash: 2, restart: true },
    })
    const s = last(walk(m, ['Crash(a)', 'Restart(a)', 'Crash(a)']))
    expect(s.nodes[0]).toEqual({ boots: 2 })
    expect(explore(m).states).toBe(5)
  })

  test('a crashed node loses its timers and fires none until it restarts', () => {
    const m = actorModel<number, never, 'tick'>({
      name: 'crash-timers',
      nodes: ['a'],
      actor: {
        init: () => 0,
        onStart: (s) => ({ state: s, setTimers: ['tick'] }),
        onMessage: () => undefined,
        onTimer: (s) => ({ state: s + 1 }),
      },
      faults: { crash: 1, restart: true },
    })
    const down = last(walk(m, ['Crash(a)']))
    expect(down.timers).toEqual([[]])
    expect(enabled(m, down)).toEqual(['Restart(a)'])
    expect(last(walk(m, ['Crash(a)', 'Restart(a)'])).timers).toEqual([['tick']])
  })
})

describe('actor: network faults', () => {
  test('a duplicated message is delivered twice (duplicate budget 1): 5 states', () => {
    // {m x1, dup 1} -> Deliver {got 1, dup 1} | Duplicate {m x2, dup 0} -> {got 1, m x1} -> {got 2}
    const m = actorModel<number, 'm'>({
      name: 'duplicate',
      nodes: ['a', 'b'],
      actor: {
        init: () => 0,
        onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'm' }] } : undefined),
        onMessage: (s) => ({ state: s + 1 }),
      },
      network: { duplicating: true },
      faults: { duplicate: 1 },
      properties: [always('AtMostOnce', (s) => (s.nodes[1] ?? 0) <= 1)],
    })
    const r = explore(m, { stopOnViolation: false })
    expect([r.verdict, r.states, r.maxDepth]).toEqual(['violated', 5, 3])
    expect(r.violations[0]?.trace?.steps.map((s) => s.action)).toEqual([
      'Duplicate(a -> b, m)',
      'Deliver(a -> b, m)',
      'Deliver(a -> b, m)',
    ])
    const dup = last(walk(m, ['Duplicate(a -> b, m)']))
    expect(dup.net).toEqual([{ count: 2, from: 'a', msg: 'm', to: 'b' }])
    expect(dup.budget).toEqual({ duplicate: 0 })
  })

  test('a lossy network drops messages: ping-pong reaches 5 states', () => {
    // S0 -> S1 {pong} | S2 ping dropped;  S1 -> S3 done | S4 pong dropped
    const r = explore(pingPong({ network: { lossy: true } }))
    expect([r.states, r.maxDepth]).toEqual([5, 2])
    const bounded = pingPong({ network: { lossy: true }, faults: { drop: 1 } })
    expect(explore(bounded).states).toBe(5)
    expect(last(walk(bounded, ['Drop(a -> b, ping)'])).budget).toEqual({ drop: 0 })
  })

  test('a partition blocks delivery until Heal: 6 states', () => {
    // S0 ping, whole | S1 b pinged, whole | S2 partitioned, ping held back | S3 healed, ping, no
    // budget left | S4 b pinged, healed (from S3, and from S5 by Heal) | S5 b pinged, partitioned
    const m = actorModel<boolean, 'ping'>({
      name: 'partition',
      nodes: ['a', 'b'],
      actor: {
        init: () => false,
        onStart: (s, ctx) => (ctx.self === 'a' ? { state: s, send: [{ to: 'b', msg: 'ping' }] } : undefined),
        onMessage: () => ({ state: true }),
      },
      faults: { partition: 1 },
    })
    expect(m.partitions).toEqual([[['a'], ['b']]])
    const r = explore(m)
    expect([r.states, r.maxDepth]).toEqual([6, 3])
    const split = last(walk(m, ['Partition({a} | {b})']))
    expect(split.partition).toEqual([['a'], ['b']])
    expect(split.net).toHaveLength(1)
    expect(enabled(m, split)).toEqual(['Heal'])
    expect(() => walk(m, ['Partition({a} | {b})', 'Deliver(a -> b, ping)'])).toThrow(TraceFileError)
    expect(last(walk(m, ['Partition({a} | {b})', 'Heal', 'Deliver(a -> b, ping)'])).nodes).toEqual([false, true])
  })

  test('partitions of 3 nodes: every split into two groups, once, smallest minority first', () => {
    const m = actorModel<null, never>({
      name: 'splits',
      nodes: 3,
      actor: { init: () => null, onMessage: () => undefined },
      faults: { partition: 1 },
    })
    const [s0] = m.init()
    if (!s0) throw new Error('no initial state')
    expect(enabled(m, s0)).toEqual(['Partition({n1,n3} | {n2})', 'Partition({n1,n2} | {n3})', 'Partition({n1} | {n2,n3})'])
    // 4 nodes: 2^3 - 1 = 7 splits; whole + 7 partitioned + 1 healed-with-no-budget = 9 states.
    const four = actorModel<null, never>({
      name: 'splits4',
      nodes: 4,
      actor: { init: () => null, onMessage: () => undefined },
      faults: { partition: 1 },
    })
    expect(four.partitions).toHaveLength(7)
    expect(explore(four).states).toBe(9)
  })

  test('custom partitions are validated and made canonical', () => {
    const m = actorModel<null, never>({
      name: 'custom-partitions',
      nodes: 3,
      actor: { init: () => null, onMessage: () => undefined },
      faults: { partition: true, partitions: [[['n3'], ['n2', 'n1']]] },
    })
    expect(m.partitions).toEqual([[['n1', 'n2'], ['n3']]])
    // Unlimited partition/heal: whole, split.
    expect(explore(m).states).toBe(2)
    const bad = (partitions: readonly (readonly (readonly string[])[])[]) => () =>
      actorModel<null, never>({
        name: 'bad',
        nodes: 3,
        actor: { init: () => null, onMessage: () => undefined },
        faults: { partition: 1, partitions },
      })
    expect(bad([[['n1', 'n2']]])).toThrow(/two or more groups/)
    expect(bad([[['n1'], ['n2']]])).toThrow(/leaves out node n3/)
    expect(bad([[['n1', 'n2'], ['n2', 'n3']]])).toThrow(/puts node n2 in two groups/)
    expect(bad([[['n1'], ['n9', 'n2', 'n3']]])).toThrow(/unknown node n9/)
  })
})

describe('actor: timers and requests', () => {
  test('a timer fires while set; firing unsets it unless the handler sets it again', () => {
    // {0}[tick] -> {1}[tick] -> {2}[] : the handler re-sets tick below 2.
    const m = actorModel<number, never, 'tick'>({
      name: 'ticks',
      nodes: ['a'],
      actor: {
        init: () => 0,
        onStart: (s) => ({ state: s, setTimers: ['tick'] }),
        onMessage: () => undefined,
        onTimer: (s) => (s + 1 < 2 ? { state: s + 1, setTimers: ['tick'] } : { state: s + 1 }),
      },
    })
    const r = explore(m)
    expect([r.states, r.maxDepth]).toEqual([3, 2])
    expect(last(walk(m, ['Fire(a, tick)', 'Fire(a, tick)'])).timers).toEqual([[]])
  })

  test('timers are a sorted set: setting twice keeps one; cancel then set; onTimer undefined still unsets', () => {
    const m = actorModel<number, never, string>({
      name: 'timer-set',
      nodes: ['a'],
      actor: {
        init: () => 0,
        onStart: (s) => ({ state: s, setTimers: ['b', 'a', 'b', 'c'] }),
        onMessage: () => undefined,
        onTimer: (s, t) => (t === 'a' ? { state: s, cancelTimers: ['b', 'c'], setTimers: ['c'] } : undefined),
      },
    })
    const [s0] = m.init()
    expect(s0?.timers).toEqual([['a', 'b', 'c']])
    expect(last(walk(m, ['Fire(a, a)'])).timers).toEqual([['c']])
    expect(last(walk(m, ['Fire(a, b)'])).timers).toEqual([['a', 'c']])
  })

  test('requests: each pending request is taken once by one node that accepts it', () => {
    // Two nodes take request x: {pending x} -> n1 took x | n2 took x = 3 states.
    const build = (accept: (self: string) => boolean) =>
      actorModel<readonly string[], never, never, string>({
        name: 'requests',
        nodes: 2,
        actor: {
          init: () => [],
          onMessage: () => undefined,
          onRequest: (s, req, ctx) => (accept(ctx.self) ? { state: [...s, req] } : undefined),
        },
        requests: ['x'],
      })
    const both = build(() => true)
    expect(explore(both).states).toBe(3)
    const [s0] = both.init()
    if (!s0) throw new Error('no initial state')
    expect(s0.requests).toEqual(['x'])
    expect(enabled(both, s0)).toEqual(['Request(n1, x)', 'Request(n2, x)'])
    expect(last(walk(both, ['Request(n2, x)']))).toMatchObject({ nodes: [[], ['x']], requests: [] })
    // A refusal is a guard: the request stays pending for a node that accepts it.
    const onlyN1 = build((self) => self === 'n1')
    expect(enabled(onlyN1, s0)).toEqual(['Request(n1, x)'])
    expect(explore(onlyN1).states).toBe(2)
  })

  test('the workload is a multiset: two equal requests give one action at a time', () => {
    const m = actorModel<number, never, never, string>({
      name: 'workload',
      nodes: ['a'],
      actor: { init: () => 0, onMessage: () => undefined, onRequest: (s) => ({ state: s + 1 }) },
      requests: ['w', 'r', 'w'],
    })
    const [s0] = m.init()
    if (!s0) throw new Error('no initial state')
    expect(s0.requests).toEqual(['r', 'w', 'w'])
    expect(enabled(m, s0)).toEqual(['Request(a, r)', 'Request(a, w)'])
    // Taken so far, as a multiset: {} {r} {w} {r,w} {w,w} {r,w,w}
    expect(explore(m).states).toBe(6)
  })
})

describe('actor: actions, formatting, ghost, configuration', () => {
  test('actions are listed least disruptive first: deliver, fire, request, crash, restart, partition, drop, duplicate', () => {
    const m = actorModel<number, { type: string; term: number }, string, string>({
      name: 'everything',
      nodes: 3,
      actor: {
        init: () => 0,
        onStart: (s, ctx) =>
          ctx.index === 0 ? { state: s, send: [{ to: 'n2', msg: { type: 'RequestVote', term: 2 } }], setTimers: ['election'] } : undefined,
        onMessage: () => undefined,
        onTimer: () => undefined,
        onRequest: (s) => ({ state: s + 1 }),
      },
      network: { lossy: true, duplicating: true },
      faults: { crash: 1, restart: true, partition: 1, drop: 1, duplicate: 1 },
      requests: ['put'],
    })
    const [s0] = m.init()
    if (!s0) throw new Error('no initial state')
    expect(s0.budget).toEqual({ crash: 1, drop: 1, duplicate: 1, partition: 1 })
    expect(enabled(m, s0)).toEqual([
      'Deliver(n1 -> n2, RequestVote{term: 2})',
      'Fire(n1, election)',
      'Request(n1, put)',
      'Request(n2, put)',
      'Request(n3, put)',
      'Crash(n1)',
      'Crash(n2)',
      'Crash(n3)',
      'Partition({n1,n3} | {n2})',
      'Partition({n1,n2} | {n3})',
      'Partition({n1} | {n2,n3})',
      'Drop(n1 -> n2, RequestVote{term: 2})',
      'Duplicate(n1 -> n2, RequestVote{term: 2})',
    ])
    const crashed = last(walk(m, ['Crash(n3)']))
    expect(enabled(m, crashed).filter((a) => /^(Restart|Crash)/.test(a))).toEqual(['Restart(n3)'])
  })

  test('the ghost observes every step; only properties read it', () => {
    // Count deliveries of ping-pong in a ghost: 0, 1, 2.
    const m = actorModel<PingNode, PingMsg, never, never, { readonly delivered: number; readonly lost: number }>({
      name: 'ghost',
      nodes: ['a', 'b'],
      actor: pingActor,
      faults: { crash: 1 },
      ghost: {
        initial: { delivered: 0, lost: 0 },
        observe: (g, e) => ({
          delivered: g.delivered + (e.action.type === 'Deliver' ? 1 : 0),
          lost: g.lost + e.sent.filter((x) => x.lost).length,
        }),
      },
      properties: [always('AtMostTwoDeliveries', (s) => s.ghost.delivered <= 2)],
    })
    expect(last(walk(m, ['Deliver(a -> b, ping)', 'Deliver(b -> a, pong)'])).ghost).toEqual({ delivered: 2, lost: 0 })
    expect(last(walk(m, ['Crash(a)', 'Deliver(a -> b, ping)'])).ghost).toEqual({ delivered: 1, lost: 1 })
    // Of the 8 states of 'a message is lost at a crashed node', the ghost splits S5 in three:
    // from S3 (1 delivery, pong lost on sending), from S1 (1, pong dropped by the crash), from S2 (2).
    const r = explore(m)
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(10)
  })

  test('configuration mistakes fail loudly with one line', () => {
    const actor: Actor<null, string> = { init: () => null, onMessage: () => undefined }
    const base = { name: 'bad', nodes: ['a', 'b'] as const }
    expect(() => actorModel({ ...base, actor, network: { duplicating: true } })).toThrow(/needs a numeric faults.duplicate/)
    expect(() => actorModel({ ...base, actor, faults: { drop: 2 } })).toThrow(/faults.drop needs network: \{ lossy: true \}/)
    expect(() => actorModel({ ...base, actor, faults: { crash: -1 } })).toThrow(/faults.crash must be a whole number/)
    expect(() => actorModel({ ...base, nodes: ['a', 'a'], actor })).toThrow(/listed twice/)
    expect(() => actorModel({ ...base })).toThrow(/exactly one of actor/)
    expect(() => actorModel({ ...base, actors: { a: actor } })).toThrow(/no actor for node b/)
    const sender = actorModel<null, string>({
      ...base,
      actor: { init: () => null, onStart: (s) => ({ state: s, send: [{ to: 'z', msg: 'hi' }] }), onMessage: () => undefined },
    })
    expect(() => sender.init()).toThrow(FaultlineError)
    expect(() => sender.init()).toThrow(/node a sent hi to unknown node z/)
  })

  test('per-node actors: a client and a server with different handlers', () => {
    type S = { readonly role: 'client' | 'server'; readonly seen: number }
    const server: Actor<S, 'req' | 'ack'> = {
      init: () => ({ role: 'server', seen: 0 }),
      onMessage: (s, msg, from) => ({ state: { ...s, seen: s.seen + 1 }, send: [{ to: from, msg: 'ack' }] }),
    }
    const client: Actor<S, 'req' | 'ack'> = {
      init: () => ({ role: 'client', seen: 0 }),
      onStart: (s) => ({ state: s, send: [{ to: 'server', msg: 'req' }] }),
      onMessage: (s) => ({ state: { ...s, seen: s.seen + 1 } }),
    }
    const m = actorModel({ name: 'client-server', nodes: ['client', 'server'], actors: { client, server } })
    expect(last(walk(m, ['Deliver(client -> server, req)', 'Deliver(server -> client, ack)'])).nodes).toEqual([
      { role: 'client', seen: 1 },
      { role: 'server', seen: 1 },
    ])
  })

  test('dfs, bfs and the purity check agree on the states of a faulty system, ordered or not', () => {
    for (const ordered of [false, true]) {
      const m = pingPong({
        network: { ordered, lossy: true, duplicating: true },
        faults: { crash: 1, restart: 1, partition: 1, duplicate: 1 },
      })
      const b = explore(m)
      const d = explore(m, { strategy: 'dfs' })
      const p = explore(m, { checkPurity: true })
      expect(d.states).toBe(b.states)
      expect(d.transitions).toBe(b.transitions)
      expect(p.states).toBe(b.states)
      expect(b.verdict).toBe('holds')
      // At most one kind of message per link here, so FIFO links change nothing: 204 states either way.
      expect([b.states, b.transitions, b.maxDepth]).toEqual([204, 582, 8])
    }
  })

  test('the ghost sees the crashed and restarted node before and after', () => {
    type Seen = readonly string[]
    const m = actorModel<PingNode, PingMsg, never, never, Seen>({
      name: 'ghost-events',
      nodes: ['a', 'b'],
      actor: { ...pingActor, persisted: ['pinged'] },
      faults: { crash: 1, restart: true },
      ghost: {
        initial: [],
        observe: (g, e) => [
          ...g,
          `${e.action.type}@${e.node ?? '-'}:${JSON.stringify(e.before)}->${JSON.stringify(e.after)}:${e.sent.map((x) => `${x.msg}>${x.to}`).join(',')}`,
        ],
      },
    })
    expect(last(walk(m, ['Deliver(a -> b, ping)', 'Crash(b)', 'Restart(b)'])).ghost).toEqual([
      'Deliver@b:{"pinged":false,"ponged":false}->{"pinged":true,"ponged":false}:pong>a',
      'Crash@b:{"pinged":true,"ponged":false}->{"pinged":true,"ponged":false}:',
      'Restart@b:{"pinged":true,"ponged":false}->{"pinged":true,"ponged":false}:',
    ])
  })
})
