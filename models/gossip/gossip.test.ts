import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { checkRandom } from '../../src/random/index.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { gossip, gossipSetup, initialState, mergeEntries, nextCycle } from './index.js'
import type { GossipAction, GossipParams, GossipState } from './index.js'
import { expectExhaustiveHolds, paramsOf } from '../../test/support/models.js'

type GossipModel = Model<GossipState, GossipAction>

function build(opts: { config?: string; params?: Partial<GossipParams>; weaken?: readonly string[] } = {}): GossipModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(gossip, { config: opts.config, params, weaken: opts.weaken }).model as GossipModel
}


function steps(r: Report): string[] {
  return r.violations[0]?.trace?.steps.map((s) => s.action) ?? []
}

const ALL_FLAGS = Object.keys(gossip.weakenings)

describe('gossip: state space', () => {
  // VersionSpreads takes a write, a gossip turn and its delivery; ConvergesAfterFault a lost
  // message (or a crash) before Quiesce; QuietForWithin the write, then `within` quiet rounds.
  it.each([
    { config: 'pair-push', states: 152, transitions: 276, depth: 14, witnesses: { VersionSpreads: 3, ConvergesAfterFault: 6, QuietForWithin: 9 } },
    { config: 'pair-pull', states: 324, transitions: 676, depth: 17, witnesses: { VersionSpreads: 4, ConvergesAfterFault: 7, QuietForWithin: 13 } },
    {
      config: 'pair',
      states: 844,
      transitions: 1_920,
      depth: 17,
      witnesses: { VersionSpreads: 3, ConvergesAfterFault: 6, QuietForWithin: 12, RemovalSpreads: 4 },
    },
    { config: 'tiny', states: 21_080, transitions: 64_636, depth: 36, witnesses: { VersionSpreads: 3, ConvergesAfterFault: 8, QuietForWithin: 23 } },
    {
      config: 'ci',
      states: 153_000,
      transitions: 583_836,
      depth: 44,
      witnesses: { VersionSpreads: 3, ConvergesAfterFault: 5, QuietForWithin: 19, RemovalSpreads: 4 },
    },
  ])('$config: BFS finds $states distinct states at depth $depth; every property holds, every witness is reached', (want) => {
    expectExhaustiveHolds(explore(build({ config: want.config })), want)
  })

  it('the configs: ci is the default; deep adds a second write and a restart', () => {
    expect(gossip.defaultConfig).toBe('ci')
    expect(paramsOf(gossip, 'ci')).toEqual({
      nodes: 3,
      fanout: 1,
      mode: 3,
      keys: 1,
      writes: 1,
      removes: 1,
      drops: 1,
      crashes: 1,
      restarts: 0,
      partitions: 0,
      within: 4,
    })
    expect(paramsOf(gossip, 'deep')).toEqual({ ...paramsOf(gossip, 'ci'), writes: 2, restarts: 1 })
  })

  it('pair: the purity check passes and DFS finds the same states', () => {
    const m = build({ config: 'pair' })
    const r = explore(m, { checkPurity: true })
    expect(r.verdict).toBe('holds')
    expect(explore(m, { strategy: 'dfs' }).states).toBe(r.states)
  })

  it('tiny: the witnesses replay from their traces', () => {
    const m = build({ config: 'tiny' })
    for (const w of explore(m).witnesses) {
      if (!w.trace) throw new Error(`witness ${w.property} without a trace`)
      expect(replay(m, w.trace).reproduced).toBe(true)
    }
  })
})

describe('gossip: the random config (100 nodes, too big to exhaust)', () => {
  it('random search, 4 runs of up to 1,500 steps (seed 1): no property breaks; the write and the removal reach every node', () => {
    const m = build({ config: 'random' })
    const r = checkRandom(m, { runs: 4, maxDepth: 1_500, seed: 1 })
    expect(r.verdict).toBe('incomplete') // random search never claims "holds"
    expect(r.violations).toEqual([])
    expect(r.states).toBe(2_205)
    expect(r.coverage.witnesses.filter((w) => w.hits > 0).map((w) => w.property)).toEqual(['VersionSpreads', 'RemovalSpreads'])
    expect(paramsOf(gossip, 'random').nodes).toBe(100)
  })
})

describe('gossip: bounded convergence', () => {
  // The least `within` for which ConvergesWithin holds, per mode, on tiny (3 nodes, fan-out 1,
  // one write, one lost message); one round less is violated, and the trace replays. The quiet
  // phase may begin mid-round, so the first quiet round is partial.
  it.each([
    { mode: 1, name: 'push', least: 4, length: 17 },
    { mode: 2, name: 'pull', least: 4, length: 23 },
    { mode: 3, name: 'push-pull', least: 3, length: 16 },
  ])('$name: converges within $least rounds, not within one less ($length-step counterexample)', ({ mode, least, length }) => {
    expect(explore(build({ config: 'tiny', params: { mode, within: least } })).verdict).toBe('holds')
    const m = build({ config: 'tiny', params: { mode, within: least - 1 } })
    const r = explore(m)
    expect(r.verdict).toBe('violated')
    expect(r.violations[0]?.property).toBe('ConvergesWithin')
    expect(r.violations[0]?.length).toBe(length)
    const trace = r.violations[0]?.trace
    if (!trace) throw new Error('violation without a trace')
    expect(replay(m, trace).reproduced).toBe(true)
  })

  it('push-pull within 2: the write lands mid-round and the adversary routes the first full round around n1', () => {
    const r = explore(build({ config: 'tiny', params: { within: 2 } }))
    expect(steps(r)).toEqual([
      'Gossip(n1, {n2})',
      'Deliver(n1 -> n2, PushPull{})',
      'Gossip(n2, {n1})',
      'Deliver(n2 -> n1, PushPull{})',
      'Gossip(n3, {n1})',
      'Deliver(n3 -> n1, PushPull{})',
      'Write(n1, k1)',
      'Quiesce',
      'EndRound',
      'Gossip(n1, {n3})',
      'Gossip(n2, {n3})',
      'Deliver(n2 -> n3, PushPull{})',
      'Gossip(n3, {n2})',
      'Deliver(n1 -> n3, PushPull{k1=v1})',
      'Deliver(n3 -> n2, PushPull{})',
      'EndRound',
    ])
  })
})

describe('gossip: weakenings', () => {
  const expected: Record<string, { property: string; length: number; steps: readonly string[] }> = {
    pullFanoutZero: {
      property: 'ConvergesWithin',
      length: 8,
      steps: ['Gossip(n1, {})', 'Gossip(n2, {})', 'Write(n1, k1)', 'Quiesce', 'EndRound', 'Gossip(n1, {})', 'Gossip(n2, {})', 'EndRound'],
    },
    forwardOnce: {
      property: 'ConvergesWithin',
      length: 9,
      steps: [
        'Gossip(n1, {n2})',
        'Write(n2, k1)',
        'Gossip(n2, {n1})',
        'Drop(n2 -> n1, Push{k1=v1})',
        'Quiesce',
        'EndRound',
        'Gossip(n1, {n2})',
        'Gossip(n2, {n1})',
        'EndRound',
      ],
    },
    noTombstones: {
      property: 'MonotonicVersions',
      length: 6,
      steps: [
        'Write(n1, k1)',
        'Gossip(n1, {n2})',
        'Deliver(n1 -> n2, PushPull{k1=v1})',
        'Gossip(n2, {n1})',
        'Remove(n1, k1)',
        'Deliver(n2 -> n1, PushPull{k1=v1})',
      ],
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(gossip, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays only when weakened', (flag) => {
    const { config } = expectShortestCounterexample(gossip, flag, expected[flag])
    // The config holds unweakened, so the trace shows the mistake and nothing else.
    expect(explore(build({ config })).verdict).toBe('holds')
  })

  it('noTombstones on ci: the remover relearns the member from a peer (MonotonicVersions, 6 steps)', () => {
    const r = explore(build({ config: 'ci', weaken: ['noTombstones'] }))
    expect(r.violations[0]?.property).toBe('MonotonicVersions')
    expect(r.violations[0]?.length).toBe(6)
  })
})

describe('gossip: model surface', () => {
  const u3 = gossipSetup({ ...paramsOf(gossip, 'tiny'), nodes: 4, fanout: 2 }, new Set())

  it('the round-robin takes fresh peers first and opens a new cycle with the rest', () => {
    expect(nextCycle(u3, 0, [], [1, 2])).toEqual([1, 2])
    expect(nextCycle(u3, 0, [1, 2], [3, 1])).toBeNull() // not sorted
    expect(nextCycle(u3, 0, [1, 2], [1, 3])).toEqual([1]) // n4 ends the cycle, n2 opens the next
    expect(nextCycle(u3, 0, [1, 2], [1, 2])).toBeNull() // n4 must come first
    expect(nextCycle(u3, 0, [1], [2, 3])).toEqual([]) // the cycle is through
    expect(nextCycle(u3, 0, [], [0, 1])).toBeNull() // not itself
  })

  it('merging keeps the newer version of each key, tombstones included, and the same array when nothing is newer', () => {
    expect(mergeEntries([1, 0, -3], [2, 1, 2])).toEqual([2, 1, -3])
    const mine = [2, -1]
    expect(mergeEntries(mine, [1, 0])).toBe(mine)
  })

  it('a step that is not enabled gives undefined; an unknown node is named', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as GossipState
    expect(m.next(s, { type: 'EndRound' })).toBeUndefined()
    expect(m.next(s, { type: 'Remove', node: 0, key: 0 })).toBeUndefined()
    expect(m.next(s, { type: 'Gossip', node: 0, targets: [1, 2] })).toBeUndefined()
    expect(() => m.next(s, { type: 'Crash', node: 7 })).toThrow(FaultlineError)
    expect(() => m.next(s, { type: 'Crash', node: 7 })).toThrow(/unknown node n8/)
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual([
      'Gossip(n1, {n2})',
      'Gossip(n1, {n3})',
      'Gossip(n2, {n1})',
      'Gossip(n2, {n3})',
      'Gossip(n3, {n1})',
      'Gossip(n3, {n2})',
      'Write(n1, k1)',
      'Write(n2, k1)',
      'Write(n3, k1)',
      'Quiesce',
    ])
  })

  it('rejects an unknown mode and partitions of more nodes than it enumerates', () => {
    expect(() => build({ params: { mode: 4 } })).toThrow(/out of range/)
    expect(() => gossipSetup({ ...paramsOf(gossip, 'tiny'), mode: 5 }, new Set())).toThrow(/mode must be 1/)
    expect(() => build({ params: { nodes: 13, partitions: 1 } })).toThrow(/partitions need at most 12 nodes/)
    expect(initialState(u3).nodes).toHaveLength(4)
  })
})
