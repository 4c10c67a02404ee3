import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { buildPaxos, paxos, paxosSetup } from './index.js'
import type { PaxosAction, PaxosParams, PaxosState } from './index.js'
import { Catalogue } from './messages.js'
import { expectExhaustiveHolds, paramsOf, witnessDepths } from '../../test/support/models.js'

type PaxosModel = Model<PaxosState, PaxosAction>

function build(opts: { config?: string; params?: Partial<PaxosParams>; weaken?: readonly string[] } = {}): PaxosModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(paxos, { config: opts.config, params, weaken: opts.weaken }).model as PaxosModel
}



const ALL_FLAGS = Object.keys(paxos.weakenings)

describe('paxos: state space', () => {
  // Distinct states, transitions and BFS depth of each config. ValueChosen needs 6 steps (1a, two
  // 1b, 2a, two 2b), ValueLearned one more; ValueOverridden 9 (a vote in ballot 0, then ballot 1's
  // proposer hears of it from its quorum and proposes it instead of its own value).
  it.each([
    { config: 'tiny', states: 2_881, transitions: 7_185, depth: 17 },
    { config: 'crash', states: 14_405, transitions: 47_712, depth: 19 },
    { config: 'ci', states: 658_125, transitions: 2_381_213, depth: 27 },
  ])('$config: BFS finds $states distinct states at depth $depth; every property holds, every witness is reached', (want) => {
    expectExhaustiveHolds(explore(build({ config: want.config })), {
      ...want,
      witnesses: { ValueChosen: 6, ValueLearned: 7, ValueOverridden: 9 },
    })
  })

  it('retry (one proposer): 2,681 states; ValueOverridden is not asked for, as one proposer cannot override itself', () => {
    const r = explore(build({ config: 'retry' }))
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(2_681)
    expect(r.maxDepth).toBe(17)
    expect(witnessDepths(r)).toEqual({ ValueChosen: 6, ValueLearned: 7 })
  })

  it.each([
    { config: 'solo', states: 57, transitions: 108, depth: 9 },
    { config: 'tiny2', states: 98, transitions: 161, depth: 13 },
    { config: 'retry2', states: 89, transitions: 132, depth: 13 },
    { config: 'crash1', states: 102, transitions: 199, depth: 11 },
  ])('$config (a weakening\'s smallest config): BFS finds $states distinct states at depth $depth; every property holds', (want) => {
    expectExhaustiveHolds(explore(build({ config: want.config })), want)
  })

  it('the configs: ci is the default; deep runs two ballots per proposer with a crash', () => {
    expect(paxos.defaultConfig).toBe('ci')
    expect(paramsOf(paxos, 'ci')).toEqual({ acceptors: 3, proposers: 3, ballots: 1, values: 2, restarts: 1, learners: 1 })
    expect(paramsOf(paxos, 'deep')).toEqual({ acceptors: 3, proposers: 2, ballots: 2, values: 2, restarts: 1, learners: 1 })
  })

  it.each(['tiny', 'crash', 'retry', 'tiny2', 'crash1'])('%s: the codec changes nothing, BFS and DFS agree, the purity check passes', (config) => {
    const withCodec = build({ config })
    expect(withCodec.codec).toBeDefined()
    const plain = buildPaxos(paramsOf(paxos, config), new Set(), false)
    expect(plain.codec).toBeUndefined()
    const a = explore(withCodec)
    const b = explore(plain)
    expect([a.states, a.transitions, a.maxDepth]).toEqual([b.states, b.transitions, b.maxDepth])
    expect(explore(withCodec, { strategy: 'dfs' }).states).toBe(a.states)
    // The purity check freezes every state, runs each step twice and round-trips the codec.
    const pure = explore(withCodec, { checkPurity: true })
    expect(pure.verdict).toBe('holds')
    expect(pure.states).toBe(a.states)
  })

  it('tiny: the witnesses replay from their traces', () => {
    const m = build({ config: 'tiny' })
    const r = explore(m)
    for (const w of r.witnesses) {
      if (!w.trace) throw new Error(`witness ${w.property} without a trace`)
      expect(replay(m, w.trace).reproduced).toBe(true)
    }
    const overridden = r.witnesses.find((w) => w.property === 'ValueOverridden')?.trace
    expect(overridden?.steps.map((s) => s.action)).toEqual([
      'Phase1a(p1, 0)',
      'Phase1a(p2, 1)',
      'Phase1b(a1, 0)',
      'Phase1b(a2, 0)',
      'Phase1b(a1, 1)',
      'Phase2a(p1, 0, v1)',
      'Phase2b(a2, 0, v1)',
      'Phase1b(a2, 1)',
      'Phase2a(p2, 1, v1)',
    ])
  })
})

describe('paxos: weakenings', () => {
  // The BFS-shortest counterexample of each weakening on its own config and, when the search goes
  // on past the first violation, the shortest one that breaks Agreement itself (null: never, on
  // that config) and the distinct states of the whole weakened space.
  interface Expected {
    readonly property: string
    readonly length: number
    readonly agreement: number | null
    readonly states: number
    readonly steps: readonly string[]
  }
  const expected: Record<string, Expected> = {
    ignoreHighestAccepted: {
      property: 'VotesSafe',
      length: 10,
      agreement: 12,
      states: 99,
      steps: [
        'Phase1a(p1, 0)',
        'Phase1a(p2, 1)',
        'Phase1b(a1, 0)',
        'Phase1b(a2, 0)',
        'Phase1b(a1, 1)',
        'Phase2a(p1, 0, v1)',
        'Phase2b(a2, 0, v1)',
        'Phase1b(a2, 1)',
        'Phase2a(p2, 1, v2)',
        'Phase2b(a1, 1, v2)',
      ],
    },
    acceptBelowPromise: {
      property: 'VotesSafe',
      length: 10,
      agreement: 12,
      states: 202,
      steps: [
        'Phase1a(p1, 0)',
        'Phase1a(p2, 1)',
        'Phase1b(a1, 0)',
        'Phase1b(a2, 0)',
        'Phase1b(a1, 1)',
        'Phase1b(a2, 1)',
        'Phase2a(p1, 0, v1)',
        'Phase2a(p2, 1, v2)',
        'Phase2b(a1, 0, v1)',
        'Phase2b(a1, 1, v2)',
      ],
    },
    sharedBallot: {
      property: 'OneValuePerBallot',
      length: 8,
      agreement: 10,
      states: 76,
      steps: [
        'Phase1a(p1, 0)',
        'Phase1a(p2, 0)',
        'Phase1b(a1, 0)',
        'Phase1b(a2, 0)',
        'Phase2a(p1, 0, v1)',
        'Phase2a(p2, 0, v2)',
        'Phase2b(a1, 0, v1)',
        'Phase2b(a1, 0, v2)',
      ],
    },
    forgetPromiseOnRestart: {
      property: 'VotesSafe',
      length: 6,
      agreement: 10,
      states: 200,
      steps: [
        'Phase1a(p2, 1)',
        'Phase1b(a1, 1)',
        'Phase2a(p2, 1, v2)',
        'Phase2b(a1, 1, v2)',
        'Crash(a1)',
        'Restart(a1)',
      ],
    },
    nonIntersectingQuorums: {
      property: 'QuorumIntersection',
      length: 5,
      // One proposer proposes one value; with two (tiny) a second is chosen in 10 steps.
      agreement: null,
      states: 69,
      steps: ['Phase1a(p1, 0)', 'Phase1b(a1, 0)', 'Phase1b(a2, 0)', 'Phase2a(p1, 0, v1)', 'Phase2b(a3, 0, v1)'],
    },
    learnerAcrossBallots: {
      property: 'LearnedIsChosen',
      length: 11,
      // With two acceptors and two ballots nothing else can be chosen; it takes four ballots (see README.md).
      agreement: null,
      states: 100,
      steps: [
        'Phase1a(p1, 0)',
        'Phase1a(p2, 1)',
        'Phase1b(a1, 0)',
        'Phase1b(a2, 0)',
        'Phase1b(a1, 1)',
        'Phase2a(p1, 0, v1)',
        'Phase2b(a2, 0, v1)',
        'Phase1b(a2, 1)',
        'Phase2a(p2, 1, v1)',
        'Phase2b(a1, 1, v1)',
        'Learn(l1, v1)',
      ],
    },
    retryLowerBallot: {
      property: 'OneValuePerBallot',
      length: 9,
      agreement: 11,
      states: 2_023,
      steps: [
        'Phase1a(p1, 0)',
        'Phase1b(a1, 0)',
        'Phase1b(a2, 0)',
        'Phase2a(p1, 0, v1)',
        'Phase1a(p1, 1)',
        'Phase2b(a1, 0, v1)',
        'RetryLowerBallot(p1, 0, v2)',
        'Phase2a(p1, 0, v2)',
        'Phase2b(a1, 0, v2)',
      ],
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(paxos, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays', (flag) => {
    const { config, trace } = expectShortestCounterexample(paxos, flag, expected[flag])
    // The codec only speeds the search up: the plain model finds the same trace.
    const plain = buildPaxos(paramsOf(paxos, config), new Set([flag]), false)
    expect(explore(plain).violations[0]?.trace?.steps).toEqual(trace.steps)
  })

  it.each(ALL_FLAGS)('%s: searched to the end, the mistake reaches Agreement itself (or cannot, on its config)', (flag) => {
    const want = expected[flag]
    const config = paxos.weakenings[flag]?.config
    if (!want || !config) throw new Error(`no expectation for ${flag}`)
    const m = build({ config, weaken: [flag] })
    const r = explore(m, { stopOnViolation: false })
    expect(r.states).toBe(want.states)
    const agreement = r.violations.find((v) => v.property === 'Agreement')
    expect(agreement?.length ?? null).toBe(want.agreement)
    if (agreement?.trace) expect(replay(m, agreement.trace).reproduced).toBe(true)
    // No weakening makes up a value: Validity holds throughout.
    expect(r.invariants.find((i) => i.property === 'Validity')?.held).toBe(true)
  })
})

describe('paxos: model surface', () => {
  it('the message catalogue is in sorted order and ranks each message by its place', () => {
    const cat = new Catalogue(3, 4, ['v1', 'v2'])
    expect([...cat.all].sort()).toEqual(cat.all)
    cat.all.forEach((m, i) => expect(cat.rank(m)).toBe(i))
    expect([cat.phase1a(2), cat.phase1b(0, 2, -1, -1), cat.phase1b(2, 3, 1, 1), cat.phase2a(1, 0), cat.phase2b(1, 3, 1)]).toEqual([
      '1a(2)',
      '1b(a1,2,-1,None)',
      '1b(a3,3,1,v2)',
      '2a(1,v1)',
      '2b(a2,3,v2)',
    ])
  })

  it('ballots are owned per proposer, and shared under sharedBallot', () => {
    const params = { ...paramsOf(paxos, 'tiny'), proposers: 3, ballots: 2 }
    expect(paxosSetup(params, new Set()).own).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ])
    expect(paxosSetup(params, new Set(['sharedBallot'])).own).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
    ])
  })

  it('quorums are majorities; nonIntersectingQuorums makes |Q1| + |Q2| = N', () => {
    const u = paxosSetup({ ...paramsOf(paxos, 'tiny'), acceptors: 5 }, new Set())
    expect([u.q1, u.q2]).toEqual([3, 3])
    const w = paxosSetup({ ...paramsOf(paxos, 'tiny'), acceptors: 5 }, new Set(['nonIntersectingQuorums']))
    expect([w.q1, w.q2]).toEqual([3, 2])
  })

  it('rejects more ballots than one digit numbers, and names an unknown acceptor', () => {
    expect(() => build({ params: { proposers: 4, ballots: 3 } })).toThrow(/proposers \* ballots must be at most 10/)
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as PaxosState
    expect(() => m.next(s, { type: 'Phase1b', acc: 9, bal: 0 })).toThrow(FaultlineError)
    expect(() => m.next(s, { type: 'Phase1b', acc: 9, bal: 0 })).toThrow(/unknown acceptor a9/)
  })

  it('a step that is not enabled gives undefined, never the same state', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as PaxosState
    expect(m.next(s, { type: 'Phase1b', acc: 1, bal: 0 })).toBeUndefined()
    expect(m.next(s, { type: 'Phase1a', prop: 1, bal: 1 })).toBeUndefined()
    expect(m.next(s, { type: 'Learn', lrn: 1, val: 'v1' })).toBeUndefined()
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual(['Phase1a(p1, 0)', 'Phase1a(p2, 1)'])
  })
})
