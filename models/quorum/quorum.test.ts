import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { checkLinearizable, register } from '../../src/history/index.js'
import { readSeesLatestAck, toHistory } from '../../properties/quorum.js'
import { buildQuorum, quorum, quorumSetup } from './index.js'
import type { QuorumAction, QuorumParams, QuorumState } from './index.js'
import { paramsOf, witnessDepths } from '../../test/support/models.js'

type QuorumModel = Model<QuorumState, QuorumAction>

function build(opts: { config?: string; params?: Partial<QuorumParams>; weaken?: readonly string[] } = {}): QuorumModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(quorum, { config: opts.config, params, weaken: opts.weaken }).model as QuorumModel
}



function steps(m: QuorumModel, r: Report, property: string): readonly string[] {
  const trace = r.violations.find((v) => v.property === property)?.trace ?? r.witnesses.find((w) => w.property === property)?.trace
  if (!trace) throw new Error(`no trace for ${property}`)
  expect(replay(m, trace).reproduced).toBe(true)
  return trace.steps.map((s) => s.action)
}

const ALL_FLAGS = Object.keys(quorum.weakenings)
const WITNESSES = { ReadReturnsWrite: 8, ReadAfterAck: 10, ReadRepairFixesStale: 8 }

describe('quorum: state space', () => {
  // Distinct states, transitions and BFS depth of each config with every property holding. The
  // witnesses: a read returns the write after 8 steps (the put reaches r1, the read asks r1 and
  // r2, repairs r2 and returns); a read that starts after the write's acknowledgement needs 10.
  it.each([
    { config: 'tiny', states: 3_344, transitions: 13_103, depth: 13 },
    { config: 'twoReads', states: 16_451, transitions: 62_974, depth: 18 },
    { config: 'sloppy', states: 3_344, transitions: 13_103, depth: 13 },
    { config: 'ci', states: 161_098, transitions: 697_313, depth: 20 },
  ])('$config: BFS finds $states distinct states at depth $depth; both guarantees hold, every witness is reached', (want) => {
    const { config, states, transitions, depth } = want
    const r = explore(build({ config }))
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect(r.states).toBe(states)
    expect(r.transitions).toBe(transitions)
    expect(r.maxDepth).toBe(depth)
    expect(r.invariants).toEqual([
      { property: 'ReadSeesLatestAck', held: true },
      { property: 'Linearizable', held: true },
    ])
    expect(witnessDepths(r)).toEqual(WITNESSES)
  })

  it('the configs: N=3, R=W=2 throughout; ci adds a crash to two reads; deep has two writes, a drop and a crash', () => {
    expect(quorum.defaultConfig).toBe('ci')
    expect(paramsOf(quorum, 'tiny')).toEqual({ replicas: 3, r: 2, w: 2, writes: 1, reads: 1, spares: 0, drops: 0, crashes: 0 })
    expect(paramsOf(quorum, 'ci')).toEqual({ replicas: 3, r: 2, w: 2, writes: 1, reads: 2, spares: 0, drops: 0, crashes: 1 })
    expect(paramsOf(quorum, 'deep')).toEqual({ replicas: 3, r: 2, w: 2, writes: 2, reads: 2, spares: 0, drops: 1, crashes: 1 })
  })

  it('tiny: the witnesses replay; read repair raises the replica the write had not reached', () => {
    const m = build({ config: 'tiny' })
    const r = explore(m)
    expect(steps(m, r, 'ReadRepairFixesStale')).toEqual([
      'Request(c1, Write(1))',
      'Deliver(c1 -> r1, Put(#1, v1))',
      'Request(c2, Read)',
      'Deliver(c2 -> r1, Get(#1))',
      'Deliver(c2 -> r2, Get(#1))',
      'Deliver(r1 -> c2, GetReply(#1, v1))',
      'Deliver(r2 -> c2, GetReply(#1, v0))',
      'Deliver(c2 -> r2, Repair(#1, v1))',
    ])
    expect(steps(m, r, 'ReadAfterAck')).toHaveLength(10)
  })

  it.each(['tiny', 'twoReads'])('%s: the codec changes nothing, BFS and DFS agree, the purity check passes', (config) => {
    const params = paramsOf(quorum, config)
    const a = explore(buildQuorum(params, new Set()))
    const plain = explore(buildQuorum(params, new Set(), { codec: false }))
    expect([plain.states, plain.transitions, plain.maxDepth]).toEqual([a.states, a.transitions, a.maxDepth])
    expect(explore(buildQuorum(params, new Set()), { strategy: 'dfs' }).states).toBe(a.states)
    // The purity check freezes every state, runs each step twice and round-trips the codec.
    const pure = explore(buildQuorum(params, new Set()), { checkPurity: true })
    expect([pure.verdict, pure.states]).toEqual(['holds', a.states])
  })

  it('tiny: keeping the messages nobody will act on gives 7,352 states instead of 3,344, the same verdict and witnesses', () => {
    // On twoReads it is 215,066 states instead of 16,451 (not run here: about 10 seconds).
    const kept = explore(buildQuorum(paramsOf(quorum, 'tiny'), new Set(), { dropIgnored: false }))
    expect([kept.verdict, kept.states, kept.maxDepth]).toEqual(['holds', 7_352, 16])
    expect(witnessDepths(kept)).toEqual(WITNESSES)
  })
})

describe('quorum: weakenings', () => {
  // The BFS-shortest counterexample of each weakening on its own config; then, searched to the
  // end, the shortest violation of each property (null: it holds in the whole weakened space).
  interface Expected {
    readonly property: string
    readonly steps: readonly string[]
    readonly states: number
    readonly shortest: { readonly ReadSeesLatestAck: number | null; readonly Linearizable: number | null }
  }
  const expected: Record<string, Expected> = {
    nonIntersectingQuorums: {
      property: 'ReadSeesLatestAck',
      // W = 1: the write is acknowledged by r1 alone, and the read asks r2 and r3.
      steps: [
        'Request(c1, Write(1))',
        'Deliver(c1 -> r1, Put(#1, v1))',
        'Deliver(r1 -> c1, PutAck(#1))',
        'Request(c2, Read)',
        'Deliver(c2 -> r2, Get(#1))',
        'Deliver(c2 -> r3, Get(#1))',
        'Deliver(r2 -> c2, GetReply(#1, v0))',
        'Deliver(r3 -> c2, GetReply(#1, v0))',
      ],
      states: 1_977,
      shortest: { ReadSeesLatestAck: 8, Linearizable: 8 },
    },
    sloppyQuorum: {
      property: 'ReadSeesLatestAck',
      // The write counts s1's ack for r2 toward W; the read asks r2 and r3, which have neither.
      steps: [
        'Request(c1, Write(1))',
        'Deliver(c1 -> r1, Put(#1, v1))',
        'Deliver(r1 -> c1, PutAck(#1))',
        'Fire(c1, Timeout)',
        'Deliver(c1 -> s1, HintedPut(#1, v1, for r2))',
        'Deliver(s1 -> c1, PutAck(#1))',
        'Request(c2, Read)',
        'Deliver(c2 -> r2, Get(#1))',
        'Deliver(c2 -> r3, Get(#1))',
        'Deliver(r2 -> c2, GetReply(#1, v0))',
        'Deliver(r3 -> c2, GetReply(#1, v0))',
      ],
      states: 40_377,
      shortest: { ReadSeesLatestAck: 11, Linearizable: 11 },
    },
    returnBeforeRepair: {
      property: 'Linearizable',
      // New then old: the first read sees v1 on r1 and returns it unrepaired; the second asks r2
      // and r3, still at v0, while the write is in progress.
      steps: [
        'Request(c1, Write(1))',
        'Deliver(c1 -> r1, Put(#1, v1))',
        'Request(c2, Read)',
        'Deliver(c2 -> r1, Get(#1))',
        'Deliver(c2 -> r2, Get(#1))',
        'Deliver(r1 -> c2, GetReply(#1, v1))',
        'Deliver(r2 -> c2, GetReply(#1, v0))',
        'Request(c2, Read)',
        'Deliver(c2 -> r2, Get(#2))',
        'Deliver(c2 -> r3, Get(#2))',
        'Deliver(r2 -> c2, GetReply(#2, v0))',
        'Deliver(r3 -> c2, GetReply(#2, v0))',
      ],
      states: 25_427,
      // Every read still sees every acknowledged write: only linearizability breaks.
      shortest: { ReadSeesLatestAck: null, Linearizable: 12 },
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(quorum, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays', (flag) => {
    const { config } = expectShortestCounterexample(quorum, flag, expected[flag])
    // Neither the codec nor the dropping of ignored messages changes the shortest trace.
    const plain = buildQuorum(paramsOf(quorum, config), new Set([flag]), { codec: false, dropIgnored: false })
    expect(explore(plain).violations[0]?.trace?.steps.map((s) => s.action)).toEqual(expected[flag]?.steps)
  })

  it.each(ALL_FLAGS)('%s: searched to the end, each property breaks first at the pinned length', (flag) => {
    const want = expected[flag]
    const config = quorum.weakenings[flag]?.config
    if (!want || !config) throw new Error(`no expectation for ${flag}`)
    const m = build({ config, weaken: [flag] })
    const r = explore(m, { stopOnViolation: false })
    expect(r.states).toBe(want.states)
    const lengths = Object.fromEntries(
      ['ReadSeesLatestAck', 'Linearizable'].map((p) => [p, r.violations.find((v) => v.property === p)?.length ?? null]),
    )
    expect(lengths).toEqual(want.shortest)
    for (const v of r.violations) if (v.trace) expect(replay(m, v.trace).reproduced).toBe(true)
  })

  it('returnBeforeRepair: the history at the end is new-then-old, which the WGL checker rejects; each read saw a quorum', () => {
    const m = build({ config: 'twoReads', weaken: ['returnBeforeRepair'] })
    const trace = explore(m).violations[0]?.trace
    if (!trace) throw new Error('no counterexample')
    const last = replay(m, trace).states.at(-1)
    if (!last) throw new Error('no states')
    expect(last.ghost.history).toEqual([
      { client: 'c1', op: 'write', call: 0, ret: null, val: 1 },
      { client: 'c2', op: 'read', call: 1, ret: 2, val: 1 },
      { client: 'c2', op: 'read', call: 3, ret: 4, val: 0 },
    ])
    expect(readSeesLatestAck(last.ghost.history)).toBe(true)
    const check = checkLinearizable(toHistory(last.ghost.history), register(0))
    expect(check.result).toBe('not-linearizable')
    expect(check.minimalCounterexample?.map((o) => o.id)).toEqual([0, 1, 2])
  })
})

describe('quorum: model surface', () => {
  it('quorums: R=W=2 of 3; nonIntersectingQuorums lowers W to N - R', () => {
    const u = quorumSetup(paramsOf(quorum, 'tiny'), new Set())
    expect([u.n, u.r, u.w]).toEqual([3, 2, 2])
    const w = quorumSetup(paramsOf(quorum, 'tiny'), new Set(['nonIntersectingQuorums']))
    expect([w.n, w.r, w.w]).toEqual([3, 2, 1])
    expect(quorumSetup({ ...paramsOf(quorum, 'tiny'), replicas: 5, r: 3 }, new Set(['nonIntersectingQuorums'])).w).toBe(2)
  })

  it('nodes: the write coordinator, the read coordinator, the preference list, the spares', () => {
    expect(quorumSetup(paramsOf(quorum, 'sloppy'), new Set()).nodes).toEqual(['c1', 'c2', 'r1', 'r2', 'r3', 's1'])
    expect(quorumSetup({ ...paramsOf(quorum, 'tiny'), writes: 0 }, new Set()).nodes).toEqual(['c1', 'r1', 'r2', 'r3'])
  })

  it('rejects impossible parameters with a one-line error', () => {
    expect(() => build({ params: { r: 4 } })).toThrow(FaultlineError)
    expect(() => quorumSetup({ ...paramsOf(quorum, 'tiny'), r: 4 }, new Set())).toThrow(/quorum needs r to be a whole number in 1\.\.3, got 4/)
    expect(() => quorumSetup({ ...paramsOf(quorum, 'tiny'), writes: 0, reads: 0 }, new Set())).toThrow(/at least one read or write/)
  })

  it('the first steps: the writes go in order through c1, the reads through c2', () => {
    const m = build({ config: 'deep' })
    const s = m.init()[0] as QuorumState
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual([
      'Request(c1, Write(1))',
      'Request(c2, Read)',
      'Crash(c1)',
      'Crash(c2)',
      'Crash(r1)',
      'Crash(r2)',
      'Crash(r3)',
    ])
    const write2: QuorumAction = { type: 'Request', node: 'c1', req: { type: 'Write', at: 'c1', val: 2 } }
    expect(m.next(s, write2)).toBeUndefined()
    const after = m.next(s, { type: 'Request', node: 'c1', req: { type: 'Write', at: 'c1', val: 1 } })
    expect(after?.net.map((e) => `${e.from}->${e.to}`)).toEqual(['c1->r1', 'c1->r2', 'c1->r3'])
  })
})
