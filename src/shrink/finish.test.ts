import { describe, expect, test } from 'vitest'
import { resolveModel, type AnyModelDefinition } from '../core/definition.js'
import { always, type Model } from '../core/model.js'
import { ImpureModelError } from '../core/errors.js'
import { replay } from '../core/trace.js'
import { explore } from '../explore/search.js'
import { twophase } from '../../models/twophase/index.js'
import { finishCounterexamples } from './finish.js'

const def = twophase as AnyModelDefinition

describe('finishCounterexamples: every counterexample is minimised and certified before it is reported', () => {
  test('a BFS counterexample is already shortest: certified and kept as it is', () => {
    const resolved = resolveModel(def, { weaken: ['commitWithoutAllPrepared'] })
    const found = explore(resolved.model)
    const { report, notes } = finishCounterexamples(def, resolved, found)
    expect(report.violations[0]?.trace).toBe(found.violations[0]?.trace)
    expect(report.violations[0]?.length).toBe(5)
    expect(notes).toEqual([])
  })

  test('a DFS counterexample is shrunk to the shortest length (5 steps, from 8) and replays', () => {
    const resolved = resolveModel(def, { weaken: ['commitWithoutAllPrepared'] })
    const found = explore(resolved.model, { strategy: 'dfs' })
    expect(found.violations[0]?.length).toBe(8)
    const { report, notes } = finishCounterexamples(def, resolved, found)
    const v = report.violations[0]
    expect(v?.length).toBe(5)
    expect(v?.message).toBe('TCConsistent is violated after 5 steps')
    expect(replay(resolved.model, v!.trace!).reproduced).toBe(true)
    expect(notes).toEqual(['TCConsistent: dfs found 8 steps; shrunk to 5 (proved shortest)'])
  })

  test('lowerParams: 4 RMs that abort after voting prepared show the bug with 2; the trace records rm=2 and replays there', () => {
    const resolved = resolveModel(def, { params: { rm: 4 }, weaken: ['abortAfterPrepared'] })
    const meta = { config: resolved.config, params: resolved.params, weaken: resolved.weaken }
    const { report, notes } = finishCounterexamples(def, resolved, explore(resolved.model, { meta }), { lowerParams: true })
    const trace = report.violations[0]!.trace!
    expect(trace.params['rm']).toBe(2)
    expect(notes).toEqual(['TCConsistent: also shown with rm 4 → 2 in 7 steps; the trace is at those parameters'])
    expect(replay(resolveModel(def, { params: trace.params, weaken: trace.weaken }).model, trace).reproduced).toBe(true)
  })

  test('a model whose replays differ is refused, naming the step, before its counterexample is reported', () => {
    let calls = 0
    const flaky: Model<{ readonly n: number; readonly tag: number }, 'Step'> = {
      name: 'flaky',
      init: () => [{ n: 0, tag: 0 }],
      actions: () => ['Step'],
      // Nondeterministic on purpose: the tag depends on how often next ran before.
      next: (s) => (s.n < 3 ? { n: s.n + 1, tag: calls++ } : undefined),
      properties: [always('Small', (s) => s.n < 2)],
    }
    const found = explore(flaky)
    expect(found.verdict).toBe('violated')
    const resolved = { definition: def, config: 'custom', params: {}, weaken: [], bounds: {}, model: flaky }
    expect(() => finishCounterexamples(def, resolved, found)).toThrow(ImpureModelError)
    expect(() => finishCounterexamples(def, resolved, found)).toThrow(/model flaky is nondeterministic: two replays of the same trace differ after step 1 \(Step\)/)
  })
})
