import { describe, expect, it } from 'vitest'
import { resolveModel } from '../core/definition.js'
import { ImpureModelError, TraceFileError } from '../core/errors.js'
import { always, sometimes, type Model } from '../core/model.js'
import { TRACE_SCHEMA, replay, type Trace, type TraceStep } from '../core/trace.js'
import { explore } from '../explore/search.js'
import { grid } from '../explore/fixtures.js'
import { twophase } from '../../models/twophase/index.js'
import { boundedBfs, certify, isFaultStep, shrinkParams, shrinkTrace } from './index.js'

function traceOf(model: Model<unknown, unknown>, property: string, steps: TraceStep[], verdict: Trace['verdict'] = 'violated'): Trace {
  return {
    schema: TRACE_SCHEMA,
    model: model.name,
    config: 'custom',
    params: {},
    weaken: [],
    property,
    kind: verdict === 'violated' ? 'always' : 'sometimes',
    verdict,
    strategy: 'test',
    init: 0,
    steps,
  }
}

/** A grid whose invariant fails at the far corner: the shortest counterexample has dims*(size-1) steps. */
function cornerGrid(size: number, dims: number): Model<readonly number[], { readonly dim: number; readonly delta: 1 | -1 }> {
  const g = grid(size, dims)
  return {
    ...g,
    properties: [
      always<readonly number[]>('NotInCorner', (s) => !s.every((v) => v === size - 1)),
      sometimes<readonly number[]>('Moved', (s) => s.some((v) => v > 0)),
    ],
  }
}

/** A wandering walk on the grid: up and down in every dimension before finally reaching the corner. */
function wander(size: number, dims: number): TraceStep[] {
  const steps: TraceStep[] = []
  const step = (dim: number, delta: 1 | -1): void => {
    steps.push({ action: `${delta > 0 ? 'Inc' : 'Dec'}(x${dim})`, data: { dim, delta } })
  }
  for (let d = 0; d < dims; d++) {
    for (let k = 0; k < size - 1; k++) step(d, 1)
    for (let k = 0; k < size - 2; k++) step(d, -1)
  }
  for (let d = 0; d < dims; d++) for (let k = 0; k < size - 2; k++) step(d, 1)
  return steps
}

function twophaseModel(weaken: string[] = [], rm = 3) {
  return resolveModel(twophase, { params: { rm }, weaken })
}

describe('shrink: grid (answers known by hand)', () => {
  const size = 4
  const dims = 3
  const m = cornerGrid(size, dims) as Model<unknown, unknown>
  const long = traceOf(m, 'NotInCorner', wander(size, dims))

  it('a 21-step wandering walk to the corner of a 4^3 grid replays, and shrinks to the 9 steps BFS needs', () => {
    expect(long.steps).toHaveLength(21)
    expect(replay(m, long).reproduced).toBe(true)
    const { trace, stats } = shrinkTrace(m, long)
    expect(trace.steps).toHaveLength(9)
    expect(stats).toMatchObject({ originalLength: 21, truncatedLength: 21, deltaLength: 9, length: 9, shortest: true, faultsDropped: 0 })
    expect(replay(m, trace).reproduced).toBe(true)
    expect(explore(m).violations[0]?.length).toBe(9)
  })

  it('delta debugging alone (no BFS) removes every down-move: 9 steps, not proved shortest', () => {
    const { trace, stats } = shrinkTrace(m, long, { bfs: false })
    expect(trace.steps.map((s) => s.action).filter((a) => a.startsWith('Dec'))).toEqual([])
    expect(stats.length).toBe(9)
    expect(stats.shortest).toBe(false)
    expect(stats.bfsStates).toBe(0)
  })

  it('a trace that goes on past the violation is cut at the first violating state', () => {
    const extra = traceOf(m, 'NotInCorner', [...wander(size, dims), { action: 'Dec(x0)', data: { dim: 0, delta: -1 } }])
    // The last step leaves the corner, so the trace as written does not reproduce.
    expect(replay(m, extra).reproduced).toBe(false)
    expect(() => shrinkTrace(m, extra)).toThrow(TraceFileError)
    expect(() => shrinkTrace(m, extra)).toThrow(/does not reproduce: NotInCorner holds in its last state/)
  })

  it('a witness trace shrinks too: Moved needs one step', () => {
    const w = traceOf(m, 'Moved', wander(size, dims).slice(0, 5), 'witness')
    const { trace, stats } = shrinkTrace(m, w)
    expect(trace.steps.map((s) => s.action)).toEqual(['Inc(x0)'])
    expect(stats.truncatedLength).toBe(1)
  })
})

describe('shrink: twophase', () => {
  it.each([
    { flag: 'abortAfterPrepared', length: 9 },
    { flag: 'commitWithoutAllPrepared', length: 5 },
    { flag: 'tmForgetsDecision', length: 11 },
    { flag: 'tmPresumesPrepared', length: 1 },
    { flag: 'rmForgetsVote', length: 2 },
  ])('$flag: a DFS counterexample shrinks to the BFS length $length, proved shortest', ({ flag, length }) => {
    const r = twophaseModel([flag])
    const meta = { config: r.config, params: r.params, weaken: r.weaken }
    const dfs = explore(r.model, { strategy: 'dfs', meta }).violations[0]?.trace
    if (!dfs) throw new Error('DFS found no violation')
    const { trace, stats } = shrinkTrace(r.model, dfs)
    expect(stats.length).toBe(length)
    expect(stats.shortest).toBe(true)
    expect(trace.weaken).toEqual([flag])
    expect(replay(r.model, trace).reproduced).toBe(true)
  })

  it('abortAfterPrepared: the DFS trace of 10 steps, delta debugging gets 9, BFS proves 9 shortest', () => {
    const r = twophaseModel(['abortAfterPrepared'])
    const dfs = explore(r.model, { strategy: 'dfs' }).violations[0]?.trace
    if (!dfs) throw new Error('DFS found no violation')
    const { stats } = shrinkTrace(r.model, dfs)
    expect(stats).toMatchObject({ originalLength: 10, deltaLength: 9, length: 9, shortest: true })
  })

  it('fault steps the violation does not need are dropped: a TMRestart in the middle of a commit', () => {
    const r = twophaseModel(['abortAfterPrepared', 'tmForgetsDecision'])
    const names = [
      'RMPrepare(rm1)',
      'TMRcvPrepared(rm1)',
      'TMRestart',
      'RMPrepare(rm2)',
      'RMPrepare(rm3)',
      'TMRcvPrepared(rm1)',
      'TMRcvPrepared(rm2)',
      'TMRcvPrepared(rm3)',
      'TMCommit',
      'RMRcvCommitMsg(rm1)',
      'RMChooseToAbort(rm2)',
    ]
    const steps = names.map((action) => {
      const m = /^(\w+)(?:\(rm(\d)\))?$/.exec(action)
      if (!m) throw new Error(action)
      return { action, data: m[2] ? { type: m[1], rm: Number(m[2]) } : { type: m[1] } }
    })
    const t = { ...traceOf(r.model, 'TCConsistent', steps), weaken: r.weaken }
    expect(replay(r.model, t).reproduced).toBe(true)
    expect(steps.filter(isFaultStep).map((s) => s.action)).toEqual(['TMRestart'])
    const { trace, stats } = shrinkTrace(r.model, t, { bfs: false })
    expect(stats.faultsDropped).toBe(1)
    expect(trace.steps.map((s) => s.action)).not.toContain('TMRestart')
    expect(stats.length).toBe(9)
  })

  it('the shrunk trace keeps the original meta (model, config, params, weaken, property)', () => {
    const r = twophaseModel(['commitWithoutAllPrepared'])
    const meta = { config: r.config, params: r.params, weaken: r.weaken }
    const dfs = explore(r.model, { strategy: 'dfs', meta }).violations[0]?.trace
    if (!dfs) throw new Error('DFS found no violation')
    const { trace } = shrinkTrace(r.model, dfs)
    expect({ ...trace, steps: [] }).toEqual({ ...dfs, steps: [] })
  })
})

describe('shrink: the searches around the trace', () => {
  // x counts up by 1 or 2 and must stay below 6; ten independent switches multiply the states, so
  // a BFS from the start needs far more states than a BFS of depth 1 or 2 around one state.
  type S = { readonly x: number; readonly sw: readonly boolean[] }
  type A = { readonly type: 'Inc1' | 'Inc2' } | { readonly type: 'Flip'; readonly i: number }
  const counter: Model<S, A> = {
    name: 'counter',
    init: () => [{ x: 0, sw: new Array<boolean>(10).fill(false) }],
    actions: () => [{ type: 'Inc1' }, { type: 'Inc2' }, ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ type: 'Flip' as const, i }))],
    next: (s, a) => {
      if (a.type === 'Flip') return { x: s.x, sw: s.sw.map((b, i) => (i === a.i ? !b : b)) }
      return { x: s.x + (a.type === 'Inc1' ? 1 : 2), sw: s.sw }
    },
    properties: [always<S>('Below6', (s) => s.x < 6)],
    formatAction: (a) => (a.type === 'Flip' ? `Flip(${a.i})` : a.type),
  }
  const ones = traceOf(counter as Model<unknown, unknown>, 'Below6', new Array(6).fill(0).map(() => ({ action: 'Inc1', data: { type: 'Inc1' } })))

  it('six Inc1 steps cannot lose a step by deletion; a 200-state budget is too small for the BFS from the start, but shortcuts of depth 1 find Inc2 three times', () => {
    const { trace, stats } = shrinkTrace(counter, ones, { maxStates: 200 })
    expect(stats.deltaLength).toBe(6)
    expect(trace.steps.map((s) => s.action)).toEqual(['Inc2', 'Inc2', 'Inc2'])
    expect(stats.shortest).toBe(false)
    expect(stats.bfsStates).toBeLessThanOrEqual(200)
  })

  it('with the default budget the BFS from the start proves 3 shortest', () => {
    const { stats } = shrinkTrace(counter, ones)
    expect(stats).toMatchObject({ deltaLength: 6, length: 3, shortest: true })
  })
})

describe('shrink: lowering parameters', () => {
  it.each([
    { flag: 'abortAfterPrepared', from: 3, to: 2, length: 7 },
    { flag: 'commitWithoutAllPrepared', from: 3, to: 2, length: 5 },
    { flag: 'tmPresumesPrepared', from: 3, to: 1, length: 1 },
    { flag: 'rmForgetsVote', from: 3, to: 1, length: 2 },
  ])('twophase $flag: rm $from -> $to, $length steps', ({ flag, from, to, length }) => {
    const r = resolveModel(twophase, { weaken: [flag] })
    const bfs = explore(r.model, { meta: { config: r.config, params: r.params, weaken: r.weaken } }).violations[0]?.trace
    if (!bfs) throw new Error('no violation')
    const out = shrinkParams(twophase, r, bfs)
    expect(out.lowered).toEqual([{ param: 'rm', from, to }])
    expect(out.resolved.params).toEqual({ rm: to })
    expect(out.trace.params).toEqual({ rm: to })
    expect(out.trace.steps).toHaveLength(length)
    expect(replay(out.resolved.model, out.trace).reproduced).toBe(true)
  })

  it('a trace already at the lowest parameters comes back unchanged', () => {
    const r = resolveModel(twophase, { params: { rm: 1 }, weaken: ['rmForgetsVote'] })
    const bfs = explore(r.model, { meta: { config: r.config, params: r.params, weaken: r.weaken } }).violations[0]?.trace
    if (!bfs) throw new Error('no violation')
    const out = shrinkParams(twophase, r, bfs)
    expect(out.lowered).toEqual([])
    expect(out.trace.steps).toEqual(bfs.steps)
  })
})

describe('shrink: certification', () => {
  it('a nondeterministic model is caught by the double replay', () => {
    // The first two steps it ever takes add 1, every later one adds 2.
    let calls = 0
    const flaky: Model<number, 'Step'> = {
      name: 'flaky',
      init: () => [0],
      actions: () => ['Step'],
      next: (s) => s + (calls++ < 2 ? 1 : 2),
      properties: [always('Small', (s) => s < 100)],
    }
    const t = traceOf(flaky as Model<unknown, unknown>, 'Small', [])
    expect(() => certify(flaky, { ...t, steps: [{ action: 'Step', data: 'Step' }] })).toThrow(/does not reproduce|nondeterministic/)
    const big: Model<number, 'Step'> = { ...flaky, properties: [always('Small', (s) => s < 2)] }
    calls = 0
    expect(() => certify(big, { ...t, steps: [{ action: 'Step', data: 'Step' }, { action: 'Step', data: 'Step' }] })).toThrow(ImpureModelError)
  })
})

describe('shrink: boundedBfs', () => {
  it('twophase 3 RMs to depth 3: layers of 1, 7, 21 and 38 states (67, as explore with maxDepth 3), not exhausted', () => {
    const m = twophaseModel().model
    const r = boundedBfs(m, { roots: m.init(), maxDepth: 3, maxStates: 1e6, keepFrontier: true })
    expect(r).toMatchObject({ states: 67, complete: true, exhausted: false, frontierDepth: 3 })
    expect(r.frontier).toHaveLength(38)
    expect(explore(m, { maxDepth: 3 }).states).toBe(67)
  })

  it('twophase 3 RMs to depth 10: all 288 states, exhausted', () => {
    const m = twophaseModel().model
    const r = boundedBfs(m, { roots: m.init(), maxDepth: 10, maxStates: 1e6 })
    expect(r).toMatchObject({ states: 288, complete: true, exhausted: true })
  })

  it('a budget cut leaves the last complete layer as the frontier', () => {
    const m = twophaseModel().model
    const r = boundedBfs(m, { roots: m.init(), maxDepth: 10, maxStates: 50, keepFrontier: true })
    expect(r.complete).toBe(false)
    expect(r.frontierDepth).toBe(2)
    expect(r.frontier).toHaveLength(21)
    const r2 = boundedBfs(m, { roots: m.init(), maxDepth: 10, maxStates: 100, keepFrontier: true })
    expect(r2.frontierDepth).toBe(3)
    expect(r2.frontier).toHaveLength(38)
  })
})
