import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { fingerprint } from '../../src/core/canonical.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { buildTwoPhase, twophase } from './index.js'
import type { TwoPhaseAction, TwoPhaseState } from './index.js'
import { expectExhaustiveHolds, witnessDepths } from '../../test/support/models.js'

type TwoPhaseModel = Model<TwoPhaseState, TwoPhaseAction>

function build(opts: { config?: string; rm?: number; weaken?: readonly string[] } = {}): TwoPhaseModel {
  const params = opts.rm === undefined ? undefined : { rm: opts.rm }
  return resolveModel(twophase, { config: opts.config, params, weaken: opts.weaken }).model as TwoPhaseModel
}


const ALL_FLAGS = Object.keys(twophase.weakenings)

describe('twophase: state space against TLC and Stateright', () => {
  // Distinct states, transitions and BFS depth; 288 (3 RMs) and 8,832 (5 RMs) are the published
  // figures of TLC and Stateright for TwoPhase.tla. SomeCommit needs 2N+2 steps (N votes, N
  // receipts, TMCommit, one delivery); SomeAbort one (RMChooseToAbort).
  it.each([
    { rm: 1, states: 12, transitions: 14, depth: 4 },
    { rm: 2, states: 56, transitions: 105, depth: 7 },
    { rm: 3, states: 288, transitions: 761, depth: 10 },
    { rm: 4, states: 1_568, transitions: 5_377, depth: 13 },
    { rm: 5, states: 8_832, transitions: 37_345, depth: 16 },
    { rm: 6, states: 50_816, transitions: 256_001, depth: 19 },
  ])('$rm RMs: BFS finds $states distinct states at depth $depth, and every property holds', ({ rm, states, transitions, depth }) => {
    expectExhaustiveHolds(explore(build({ rm })), {
      states,
      transitions,
      depth,
      witnesses: { SomeCommit: 2 * rm + 2, SomeAbort: 1 },
    })
  })

  it('the configs: tiny is 2 RMs (56 states), ci 3 (288, the default), five 5 (8,832), deep 7', () => {
    expect(twophase.defaultConfig).toBe('ci')
    expect(explore(build({ config: 'tiny' })).states).toBe(56)
    expect(explore(build()).states).toBe(288)
    expect(explore(build({ config: 'five' })).states).toBe(8_832)
    expect(twophase.configs['deep']?.params).toEqual({ rm: 7 })
  })

  it('deep (7 RMs): BFS finds 296,448 distinct states at depth 22', () => {
    const r = explore(build({ config: 'deep' }))
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(296_448)
    expect(r.transitions).toBe(1_735_809)
    expect(r.maxDepth).toBe(22)
  })

  it.each(['tiny', 'ci', 'five'])('%s: BFS and DFS agree on the distinct-state count', (config) => {
    const m = build({ config })
    const bfs = explore(m, { strategy: 'bfs' })
    const dfs = explore(m, { strategy: 'dfs' })
    expect(dfs.verdict).toBe('holds')
    expect(dfs.states).toBe(bfs.states)
    expect(dfs.transitions).toBe(bfs.transitions)
  })

  it('ci: the purity check (frozen states, every step run twice) finds nothing', () => {
    const r = explore(build(), { checkPurity: true })
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(288)
  })

  it.each([3, 5])('%i RMs: the flat codec changes nothing: same counts without it, and it round-trips every state', (rm) => {
    const withCodec = build({ rm })
    expect(withCodec.codec).toBeDefined()
    const plain = buildTwoPhase(rm, new Set(), false)
    expect(plain.codec).toBeUndefined()
    const a = explore(withCodec)
    const b = explore(plain)
    expect([a.states, a.transitions, a.maxDepth]).toEqual([b.states, b.transitions, b.maxDepth])
    // The purity check unpacks every packed state and compares it with the original.
    expect(explore(withCodec, { checkPurity: true }).states).toBe(a.states)
  })

  it('every weakening gives the same counterexample with and without the codec', () => {
    for (const flag of ALL_FLAGS) {
      const a = explore(build({ weaken: [flag] }))
      const b = explore(buildTwoPhase(3, new Set([flag]), false))
      expect(a.violations[0]?.trace?.steps).toEqual(b.violations[0]?.trace?.steps)
    }
  })

  it('the witnesses SomeCommit and SomeAbort replay from their traces', () => {
    const m = build()
    const r = explore(m)
    for (const w of r.witnesses) {
      expect(w.trace).toBeDefined()
      if (w.trace) expect(replay(m, w.trace).reproduced).toBe(true)
    }
  })
})

describe('twophase: weakenings', () => {
  // The BFS-shortest counterexample of each weakening on its own config (2 RMs, or 1 when a lone RM
  // suffices), and, when the search on tiny (2 RMs, the fewest that can disagree) goes on past the
  // first violation, the shortest run that breaks TCConsistent itself and the states it visits.
  const expected: Record<string, { property: string; config: string; length: number; tcConsistent: number; states: number; steps: string[] }> = {
    abortAfterPrepared: {
      property: 'TCConsistent',
      config: 'tiny',
      length: 7,
      tcConsistent: 7,
      states: 81,
      steps: [
        'RMPrepare(rm1)',
        'RMPrepare(rm2)',
        'TMRcvPrepared(rm1)',
        'TMRcvPrepared(rm2)',
        'TMCommit',
        'RMRcvCommitMsg(rm1)',
        'RMChooseToAbort(rm2)',
      ],
    },
    commitWithoutAllPrepared: {
      property: 'TCConsistent',
      config: 'tiny',
      length: 5,
      tcConsistent: 5,
      states: 76,
      steps: ['RMPrepare(rm1)', 'TMRcvPrepared(rm1)', 'TMCommit', 'RMRcvCommitMsg(rm1)', 'RMChooseToAbort(rm2)'],
    },
    tmForgetsDecision: {
      property: 'TCConsistent',
      config: 'tiny',
      length: 9,
      tcConsistent: 9,
      states: 189,
      steps: [
        'RMPrepare(rm1)',
        'RMPrepare(rm2)',
        'TMRcvPrepared(rm1)',
        'TMRcvPrepared(rm2)',
        'TMCommit',
        'RMRcvCommitMsg(rm1)',
        'TMRestart',
        'TMAbort',
        'RMRcvAbortMsg(rm2)',
      ],
    },
    tmPresumesPrepared: { property: 'TMPreparedVoted', config: 'one', length: 1, tcConsistent: 5, states: 125, steps: ['TMRcvPrepared(rm1)'] },
    rmForgetsVote: { property: 'VoteIsDurable', config: 'one', length: 2, tcConsistent: 8, states: 144, steps: ['RMPrepare(rm1)', 'RMRestart(rm1)'] },
  }

  it('every weakening is pinned here, names the property it breaks and the config it runs on', () => {
    expectWeakeningsPinned(twophase, expected)
    for (const [flag, want] of Object.entries(expected)) expect(twophase.weakenings[flag]?.config).toBe(want.config)
  })

  it.each(ALL_FLAGS)('%s: BFS on its own config finds its property violated by the shortest trace, which replays', (flag) => {
    const { report } = expectShortestCounterexample(twophase, flag, expected[flag])
    expect(report.violations[0]?.property).toBe(twophase.weakenings[flag]?.breaks)
  })

  it('on ci (3 RMs) the same flags need 9, 5, 11, 1 and 2 steps', () => {
    const lengths = ALL_FLAGS.map((flag) => explore(build({ weaken: [flag] })).violations[0]?.length)
    expect(lengths).toEqual([9, 5, 11, 1, 2])
  })

  it.each(ALL_FLAGS)('%s: searched to the end on 2 RMs, it breaks TCConsistent too; BFS and DFS agree on the states', (flag) => {
    const want = expected[flag]
    if (!want) throw new Error(`no expectation for ${flag}`)
    const m = build({ config: 'tiny', weaken: [flag] })
    const bfs = explore(m, { stopOnViolation: false })
    const tc = bfs.violations.find((v) => v.property === 'TCConsistent')
    expect(tc?.length).toBe(want.tcConsistent)
    if (tc?.trace) expect(replay(m, tc.trace).reproduced).toBe(true)
    expect(bfs.states).toBe(want.states)
    expect(bfs.invariants.find((i) => i.property === 'TPTypeOK')?.held).toBe(true)
    const dfs = explore(m, { strategy: 'dfs', stopOnViolation: false })
    expect(dfs.states).toBe(bfs.states)
  })

  it('with no weakening, TMRestart and RMRestart are never enabled', () => {
    const m = build()
    const s = m.init()[0]
    if (!s) throw new Error('no initial state')
    const prepared = m.next(s, { type: 'RMPrepare', rm: 1 })
    if (!prepared) throw new Error('RMPrepare(rm1) not enabled initially')
    const counted = m.next(prepared, { type: 'TMRcvPrepared', rm: 1 })
    if (!counted) throw new Error('TMRcvPrepared(rm1) not enabled after RMPrepare(rm1)')
    expect(m.next(counted, { type: 'TMRestart' })).toBeUndefined()
    expect(m.next(counted, { type: 'RMRestart', rm: 1 })).toBeUndefined()
  })
})

describe('twophase: the model contract', () => {
  /** Every action the model can name for `n` RMs, enabled or not. */
  function candidates(n: number): TwoPhaseAction[] {
    const out: TwoPhaseAction[] = [{ type: 'TMCommit' }, { type: 'TMAbort' }, { type: 'TMRestart' }]
    const perRM = ['TMRcvPrepared', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg', 'RMRestart'] as const
    for (const type of perRM) for (let rm = 1; rm <= n; rm++) out.push({ type, rm })
    return out
  }

  /** Every reachable state, by a plain traversal independent of the explorer. */
  function reachable(m: TwoPhaseModel): TwoPhaseState[] {
    const seen = new Set<string>()
    const out: TwoPhaseState[] = []
    const stack = [...m.init()]
    while (stack.length > 0) {
      const s = stack.pop() as TwoPhaseState
      const f = fingerprint(s)
      if (seen.has(f)) continue
      seen.add(f)
      out.push(s)
      for (const a of m.actions(s)) {
        const t = m.next(s, a)
        if (t) stack.push(t)
      }
    }
    return out
  }

  it.each([
    { name: 'unweakened', weaken: [] as string[], states: 288 },
    { name: 'every weakening at once', weaken: ALL_FLAGS, states: 16_034 },
  ])(
    '$name (3 RMs): actions(s) lists exactly the enabled actions, none a stutter, and next never mutates',
    ({ weaken, states }) => {
      const m = build({ weaken })
      const all = reachable(m)
      expect(all).toHaveLength(states)
      const fmt = (a: TwoPhaseAction): string => m.formatAction?.(a) ?? ''
      const problems: string[] = []
      for (const s of all) {
        const before = fingerprint(s)
        const listed = new Set(m.actions(s).map(fmt))
        for (const a of candidates(3)) {
          const t = m.next(s, a)
          if ((t !== undefined) !== listed.has(fmt(a))) problems.push(`${fmt(a)}: next and actions disagree in ${JSON.stringify(s)}`)
          if (t !== undefined && fingerprint(t) === before) problems.push(`${fmt(a)} stutters in ${JSON.stringify(s)}`)
        }
        if (fingerprint(s) !== before) problems.push(`a step mutated ${JSON.stringify(s)}`)
      }
      expect(problems).toEqual([])
    },
  )

  it('formats actions with the spec names: RMPrepare(rm2), TMRcvPrepared(rm3), TMCommit', () => {
    const m = build()
    expect(m.formatAction?.({ type: 'RMPrepare', rm: 2 })).toBe('RMPrepare(rm2)')
    expect(m.formatAction?.({ type: 'TMRcvPrepared', rm: 3 })).toBe('TMRcvPrepared(rm3)')
    expect(m.formatAction?.({ type: 'TMCommit' })).toBe('TMCommit')
    const s = m.init()[0]
    if (!s) throw new Error('no initial state')
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual([
      'RMPrepare(rm1)',
      'RMPrepare(rm2)',
      'RMPrepare(rm3)',
      'TMAbort',
      'RMChooseToAbort(rm1)',
      'RMChooseToAbort(rm2)',
      'RMChooseToAbort(rm3)',
    ])
  })

  it('the initial state is TPInit, in canonical plain data', () => {
    const s = build().init()[0]
    expect(s).toEqual({
      msgs: { abort: false, commit: false, prepared: [false, false, false] },
      rmState: ['working', 'working', 'working'],
      tmPrepared: [false, false, false],
      tmState: 'init',
    })
  })

  it('an RM the model does not have is a loud error, not a silent undefined', () => {
    const m = build()
    const s = m.init()[0]
    if (!s) throw new Error('no initial state')
    expect(() => m.next(s, { type: 'RMPrepare', rm: 4 })).toThrow(/unknown RM rm4; this twophase model has rm1\.\.rm3/)
    expect(() => m.next(s, { type: 'RMPrepare', rm: 0 })).toThrow(/unknown RM rm0/)
  })

  it('rejects fewer than one RM through the config parameters', () => {
    expect(() => build({ rm: 0 })).toThrow(/parameter rm=0 is out of range/)
  })
})

describe('twophase: symmetry reduction (RMs are interchangeable)', () => {
  it.each([
    { rm: 3, states: 288, classes: 80 },
    { rm: 5, states: 8_832, classes: 314 },
  ])('$rm RMs: the same verdict and witness depths on $classes classes instead of $states states', ({ rm, states, classes }) => {
    const m = build({ rm })
    const plain = explore(m)
    const sym = explore(m, { symmetry: true })
    expect(sym.verdict).toBe('holds')
    expect(plain.states).toBe(states)
    expect(sym.states).toBe(classes)
    expect(sym.maxDepth).toBe(plain.maxDepth)
    expect(witnessDepths(sym)).toEqual(witnessDepths(plain))
  })

  it('every weakening: the same property breaks after the same number of steps, and the trace replays', () => {
    for (const flag of ALL_FLAGS) {
      const m = build({ weaken: [flag] })
      const plain = explore(m)
      const sym = explore(m, { symmetry: true })
      expect(sym.violations[0]?.property).toBe(plain.violations[0]?.property)
      expect(sym.violations[0]?.length).toBe(plain.violations[0]?.length)
      const t = sym.violations[0]?.trace
      if (!t) throw new Error('no trace')
      expect(replay(m, t).reproduced).toBe(true)
    }
  })

  it('the codec and symmetry together agree with symmetry alone', () => {
    const withCodec = explore(build({ rm: 4 }), { symmetry: true })
    const without = explore(buildTwoPhase(4, new Set(), false), { symmetry: true })
    expect(withCodec.states).toBe(without.states)
  })
})
