import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { resolveModel } from '../core/definition.js'
import { replay } from '../core/trace.js'
import type { Model } from '../core/model.js'
import { explore } from '../explore/search.js'
import { grid } from '../explore/fixtures.js'
import { twophase } from '../../models/twophase/index.js'
import { raft } from '../../models/raft/index.js'
import { Walker, checkRandom, defaultKindOf, initialStarts, pickWeighted, scheduleArbitrary, swarmWeight, type Schedule } from './index.js'

function twophaseModel(weaken: string[] = []) {
  const r = resolveModel(twophase, { weaken })
  return { model: r.model, meta: { config: r.config, params: r.params, weaken: r.weaken } }
}

describe('random: schedules as data', () => {
  it('choice c takes action c mod n; choice 0 is the first (least disruptive) action', () => {
    expect(pickWeighted(0, [1, 1, 1])).toBe(0)
    expect(pickWeighted(4, [1, 1, 1])).toBe(1)
    expect(pickWeighted(2_147_483_647, [1, 1, 1])).toBe(2_147_483_647 % 3)
  })

  it('with swarm weights, c mod the total weight walks the cumulative weights; all-zero weights pick nothing', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((c) => pickWeighted(c, [0, 2, 1, 4]))).toEqual([1, 1, 2, 3, 3, 3, 3])
    expect(pickWeighted(5, [0, 0])).toBe(-1)
  })

  it('swarm 0 gives every kind weight 1; another seed gives each kind a fixed weight, leaving some kinds out', () => {
    expect(swarmWeight(0, 'TMAbort')).toBe(1)
    expect(swarmWeight(12345, 'TMAbort')).toBe(swarmWeight(12345, 'TMAbort'))
    const kinds = ['RMPrepare', 'TMRcvPrepared', 'TMCommit', 'RMRcvCommitMsg', 'TMAbort', 'RMRcvAbortMsg', 'RMChooseToAbort']
    const left = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => kinds.filter((k) => swarmWeight(seed, k) === 0).length)
    expect(left.some((n) => n > 0)).toBe(true)
    expect(left.every((n) => n < kinds.length)).toBe(true)
  })

  it('the kind of an action is its formatted name before the parenthesis', () => {
    const m = twophaseModel().model
    expect(defaultKindOf(m, { type: 'RMPrepare', rm: 2 })).toBe('RMPrepare')
    expect(defaultKindOf(m, { type: 'TMCommit' })).toBe('TMCommit')
  })

  it('the arbitrary draws start, swarm, then choices of up to maxDepth, the same for the same seed', () => {
    const a = fc.sample(scheduleArbitrary({ maxDepth: 30 }), { seed: 3, numRuns: 50 })
    const b = fc.sample(scheduleArbitrary({ maxDepth: 30 }), { seed: 3, numRuns: 50 })
    expect(a).toEqual(b)
    expect(Object.keys(a[0] as Schedule)).toEqual(['start', 'swarm', 'choices'])
    expect(Math.max(...a.map((s) => s.choices.length))).toBeLessThanOrEqual(30)
    expect(fc.sample(scheduleArbitrary({ swarm: false }), { seed: 3, numRuns: 50 }).every((s) => s.swarm === 0)).toBe(true)
  })

  it('a schedule of zeros walks the first enabled action at every step: the all-prepare path of twophase', () => {
    const { model } = twophaseModel()
    const w = new Walker(model, initialStarts(model), { strategy: 'random' })
    const r = w.walk({ start: 0, swarm: 0, choices: new Array<number>(20).fill(0) }, [], false)
    expect(r.actions.map((a) => model.formatAction?.(a))).toEqual([
      'RMPrepare(rm1)',
      'RMPrepare(rm2)',
      'RMPrepare(rm3)',
      'TMRcvPrepared(rm1)',
      'TMRcvPrepared(rm2)',
      'TMRcvPrepared(rm3)',
      'TMCommit',
      'RMRcvCommitMsg(rm1)',
      'RMRcvCommitMsg(rm2)',
      'RMRcvCommitMsg(rm3)',
    ])
  })
})

describe('random: twophase weakenings (seed 1)', () => {
  // The run that finds each one, its length before and after fast-check's shrinking, and after
  // shrinkTrace: always the BFS length, proved shortest.
  it.each([
    { flag: 'abortAfterPrepared', property: 'TCConsistent', run: 42, raw: 11, fcLength: 9, length: 9 },
    { flag: 'commitWithoutAllPrepared', property: 'TCConsistent', run: 20, raw: 6, fcLength: 5, length: 5 },
    { flag: 'tmForgetsDecision', property: 'TCConsistent', run: 51, raw: 14, fcLength: 14, length: 11 },
    { flag: 'tmPresumesPrepared', property: 'TMPreparedVoted', run: 1, raw: 1, fcLength: 1, length: 1 },
    { flag: 'rmForgetsVote', property: 'VoteIsDurable', run: 2, raw: 7, fcLength: 3, length: 2 },
  ])('$flag: run $run breaks $property in $raw steps, shrunk to $length (the BFS length)', ({ flag, property, run, raw, fcLength, length }) => {
    const { model, meta } = twophaseModel([flag])
    const rep = checkRandom(model, { seed: 1, meta })
    expect(rep.verdict).toBe('violated')
    expect(rep.strategy).toBe('random')
    expect(rep.found).toHaveLength(1)
    expect(rep.found[0]).toMatchObject({ property, run, rawLength: raw, fcLength, length, shortest: true, fcSeed: 1 })
    const v = rep.violations[0]
    expect(v?.length).toBe(length)
    expect(v?.length).toBe(explore(model).violations[0]?.length)
    const trace = v?.trace
    if (!trace) throw new Error('no trace')
    expect(trace).toMatchObject({ model: 'twophase', config: 'ci', params: { rm: 3 }, weaken: [flag], property, strategy: 'random' })
    expect(replay(model, trace).reproduced).toBe(true)
  })

  it('the same seed gives the same report; another seed finds abortAfterPrepared in another run', () => {
    const { model } = twophaseModel(['abortAfterPrepared'])
    const strip = (r: ReturnType<typeof checkRandom>) => ({ states: r.states, transitions: r.transitions, found: r.found.map(({ findMs, shrinkMs, ...f }) => f), traces: r.violations.map((v) => v.trace) })
    expect(strip(checkRandom(model, { seed: 9 }))).toEqual(strip(checkRandom(model, { seed: 9 })))
    expect(checkRandom(model, { seed: 9 }).found[0]?.run).not.toBe(42)
  })

  it('without shrinking, the trace is fast-check\'s shrunk schedule', () => {
    const { model } = twophaseModel(['tmForgetsDecision'])
    const rep = checkRandom(model, { seed: 1, shrink: false })
    expect(rep.violations[0]?.length).toBe(14)
  })

  it('stopOnViolation false goes on to the next property: tmPresumesPrepared with rmForgetsVote breaks three', () => {
    const { model } = twophaseModel(['tmPresumesPrepared', 'rmForgetsVote'])
    const rep = checkRandom(model, { seed: 1, stopOnViolation: false })
    expect(rep.violations.map((v) => [v.property, v.length])).toEqual([
      ['TMPreparedVoted', 1],
      ['VoteIsDurable', 2],
      ['TCConsistent', 6],
    ])
    expect(rep.found.map((f) => f.run)).toEqual([1, 2, 14])
    expect(rep.invariants).toEqual([
      { property: 'TPTypeOK', held: true },
      { property: 'TCConsistent', held: false },
      { property: 'TMPreparedVoted', held: false },
      { property: 'VoteIsDurable', held: false },
    ])
  })
})

describe('random: coverage and stopping', () => {
  it('unweakened twophase, 1,000 runs: 258 of 288 states, no violation, incomplete (cut by walks)', () => {
    const { model } = twophaseModel()
    const rep = checkRandom(model, { seed: 1, kinds: ['TMRestart'] })
    expect(rep).toMatchObject({ verdict: 'incomplete', exhaustive: false, cutBy: ['walks'], states: 258, transitions: 5331, maxDepth: 10, violations: [] })
    expect(rep.coverage).toMatchObject({ runs: 1000, steps: 5331, distinctStates: 258, stoppedBy: 'runs', swarmRuns: 746 })
    expect(rep.coverage.witnesses).toEqual([
      { property: 'SomeCommit', hits: 44, firstRun: 15 },
      { property: 'SomeAbort', hits: 884, firstRun: 1 },
    ])
    // TMRestart exists only under a weakening: listed, never enabled, never fired.
    expect(rep.coverage.neverFired).toEqual(['TMRestart'])
    expect(rep.coverage.kinds.find((k) => k.kind === 'TMRestart')).toEqual({ kind: 'TMRestart', enabled: 0, fired: 0 })
    // Distinct states where each kind was enabled, and steps of each kind taken. TMCommit is
    // enabled in exactly one state (every RM prepared and counted), RMRcvCommitMsg in the 7
    // committed states where some RM has not committed yet.
    expect(rep.coverage.kinds).toEqual([
      { kind: 'RMChooseToAbort', enabled: 103, fired: 1172 },
      { kind: 'RMPrepare', enabled: 103, fired: 1225 },
      { kind: 'RMRcvAbortMsg', enabled: 159, fired: 1385 },
      { kind: 'RMRcvCommitMsg', enabled: 7, fired: 128 },
      { kind: 'TMAbort', enabled: 64, fired: 864 },
      { kind: 'TMCommit', enabled: 1, fired: 45 },
      { kind: 'TMRcvPrepared', enabled: 37, fired: 512 },
      { kind: 'TMRestart', enabled: 0, fired: 0 },
    ])
    expect(rep.witnesses.map((w) => [w.property, w.found, w.depth])).toEqual([
      ['SomeCommit', true, 8],
      ['SomeAbort', true, 1],
    ])
    for (const w of rep.witnesses) if (w.trace) expect(replay(model, w.trace).reproduced).toBe(true)
  })

  it("'enabled' counts every distinct state the runs visit, a run's last state included", () => {
    const rep = checkRandom(grid(5, 2), { seed: 1, runs: 3, maxDepth: 4, swarm: false })
    expect(rep.states).toBe(5)
    // The grid lists every move in every state (next says which apply), so both kinds are
    // offered in each of the 5 states, the one a run ended in too.
    expect(rep.coverage.kinds).toEqual([
      { kind: 'Dec', enabled: 5, fired: 2 },
      { kind: 'Inc', enabled: 5, fired: 4 },
    ])
  })

  it("a model's actionKinds are coverage's kinds by default: a kind never enabled is named", () => {
    const { model } = twophaseModel(['rmForgetsVote'])
    const rep = checkRandom(model, { seed: 1, runs: 20, maxDepth: 1 })
    expect(model.actionKinds).toContain('RMRestart')
    expect(rep.coverage.kinds.map((k) => k.kind)).toEqual([
      'RMChooseToAbort', 'RMPrepare', 'RMRcvAbortMsg', 'RMRcvCommitMsg', 'RMRestart', 'TMAbort', 'TMCommit', 'TMRcvPrepared',
    ])
    expect(rep.coverage.kinds.find((k) => k.kind === 'TMCommit')).toEqual({ kind: 'TMCommit', enabled: 0, fired: 0 })
  })

  it('untilStale stops once that many runs in a row add no new state', () => {
    const g = grid(3, 2)
    const rep = checkRandom(g, { seed: 1, runs: 100_000, untilStale: 50 })
    expect(rep.states).toBe(9)
    expect(rep.coverage.stoppedBy).toBe('untilStale')
    expect(rep.coverage.staleRuns).toBeGreaterThanOrEqual(50)
    expect(rep.coverage.runs).toBeLessThan(1_000)
  })

  it('without swarm, no run draws a swarm', () => {
    const rep = checkRandom(twophaseModel().model, { seed: 1, runs: 300, swarm: false })
    expect(rep.coverage.swarmRuns).toBe(0)
    expect(rep.coverage.runs).toBe(300)
  })

  it('a state outside within is neither counted nor walked into: a 3x3 grid cut to x+y <= 2 has 6 states', () => {
    const g = grid(3, 2)
    const cut: Model<readonly number[], { readonly dim: number; readonly delta: 1 | -1 }> = { ...g, within: (s) => (s[0] ?? 0) + (s[1] ?? 0) <= 2 }
    const rep = checkRandom(cut, { seed: 1, runs: 200 })
    expect(rep.states).toBe(9 - 3)
    expect(rep.pruned).toBeGreaterThan(0)
    expect(rep.witnesses[0]).toEqual({ property: 'FarCorner', found: false })
  })

  it('the time limit stops the runs and is reported as the bound that cut them', () => {
    const rep = checkRandom(grid(40, 4), { seed: 1, runs: 1_000_000_000, timeLimit: 0.2 })
    expect(rep.coverage.stoppedBy).toBe('timeLimit')
    expect(rep.cutBy).toEqual(['timeLimit'])
  })

  it('rejects bad options in one line', () => {
    const m = grid(2, 1)
    expect(() => checkRandom(m, { runs: 0 })).toThrow('runs must be a whole number >= 1, got 0')
    expect(() => checkRandom(m, { strategy: 'dfs' as never })).toThrow("unknown random strategy 'dfs'; use random or hybrid")
  })
})

describe('random: hybrid (BFS to depth k, then runs from its frontier)', () => {
  it('twophase with bfsDepth 20 covers the whole space: exhaustive, holds, 288 states', () => {
    const rep = checkRandom(twophaseModel().model, { strategy: 'hybrid', bfsDepth: 20 })
    expect(rep).toMatchObject({ verdict: 'holds', exhaustive: true, states: 288, mode: 'hybrid' })
    expect(rep.coverage.stoppedBy).toBe('exhausted')
    expect(rep.coverage.runs).toBe(0)
  })

  it('bfsDepth 2: 29 BFS states, runs from the 21 at depth 2 reach 219 states in 300 runs', () => {
    const rep = checkRandom(twophaseModel().model, { seed: 1, strategy: 'hybrid', bfsDepth: 2, runs: 300 })
    expect(rep.coverage.bfs).toEqual({ states: 29, depth: 2, frontier: 21 })
    expect(rep.states).toBe(219)
    expect(rep.verdict).toBe('incomplete')
  })

  it('a violation within the BFS depth is found by the BFS, shortest, as run 0', () => {
    const { model } = twophaseModel(['tmPresumesPrepared', 'rmForgetsVote'])
    const rep = checkRandom(model, { seed: 1, strategy: 'hybrid', stopOnViolation: false })
    expect(rep.violations.map((v) => [v.property, v.length])).toEqual([
      ['TMPreparedVoted', 1],
      ['VoteIsDurable', 2],
      ['TCConsistent', 6],
    ])
    expect(rep.found.map((f) => f.run)).toEqual([0, 0, 10])
    for (const v of rep.violations) if (v.trace) expect(replay(model, v.trace).reproduced).toBe(true)
  })

  it('a violation past the BFS depth is found by a run, and its trace starts with the path to the frontier', () => {
    const { model, meta } = twophaseModel(['tmForgetsDecision'])
    const rep = checkRandom(model, { seed: 1, strategy: 'hybrid', bfsDepth: 4, shrink: false, meta })
    const f = rep.found[0]
    expect(f?.run).toBeGreaterThan(0)
    expect(f?.rawLength).toBeGreaterThan(4)
    const trace = rep.violations[0]?.trace
    if (!trace) throw new Error('no trace')
    expect(trace.strategy).toBe('hybrid')
    expect(replay(model, trace).reproduced).toBe(true)
  })
})

describe('random: swarm runs reach rare interleavings', () => {
  it('raft ci, 1,000 runs of 100 steps (seed 1): swarm runs see a second term begin in 22 runs, uniform walks in 1', () => {
    // A second term needs a leader to lose its term to another candidate: a long detour that a
    // uniform walk, spread over every enabled delivery, rarely takes. Swarm runs switch kinds off
    // (some never time out, some never deliver) and reach it far more often.
    const m = resolveModel(raft, { config: 'ci' }).model
    const hits = (swarm: boolean) => {
      const r = checkRandom(m, { runs: 1_000, maxDepth: 100, seed: 1, swarm })
      return Object.fromEntries(r.coverage.witnesses.map((w) => [w.property, w.hits]))
    }
    const uniform = hits(false)
    const swarm = hits(true)
    expect(uniform['SecondTerm']).toBe(1)
    expect(swarm['SecondTerm']).toBe(22)
    // Both elect leaders in most runs: the difference is in the rare event, not the common one.
    expect(uniform['LeaderElected']).toBeGreaterThan(500)
    expect(swarm['LeaderElected']).toBeGreaterThan(500)
  })
})
