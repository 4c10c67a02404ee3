/**
 * Model traces replayed against real async code. Random schedules of the model (drawn by
 * fast-check as data, so a failure shrinks) drive the implementation's deliveries; after every
 * step its state must be the model's. A counterexample of a weakened model reproduces the same bug
 * in an implementation that has it, and is refused by one that does not.
 */
import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { resolveModel } from '../../src/core/definition.js'
import { explore } from '../../src/explore/search.js'
import { scheduleArbitrary } from '../../src/random/schedule.js'
import { Walker, initialStarts } from '../../src/random/walk.js'
import { tcConsistent } from '../../properties/twophase.js'
import { formatTwoPhaseAction, twophase, type TwoPhaseAction, type TwoPhaseState } from '../../models/twophase/index.js'
import type { Model } from '../../src/core/model.js'
import { abstractState, replayOnImpl } from './replay.js'
import { Cluster } from './impl.js'

const sound = resolveModel(twophase, { params: { rm: 3 } })
const model = sound.model as Model<TwoPhaseState, TwoPhaseAction>

describe('replay-impl: twophase traces drive the async implementation', () => {
  it('a fresh cluster is the model\'s initial state', () => {
    expect(abstractState(new Cluster({ rms: 3 }))).toEqual(model.init()[0])
  })

  it('the shortest witnesses (SomeCommit in 8 steps, SomeAbort in 1) replay step for step', async () => {
    const r = explore(model)
    for (const w of r.witnesses) {
      if (!w.trace) throw new Error(`no witness for ${w.property}`)
      const out = await replayOnImpl(model, w.trace, { rms: 3 })
      expect(out.ok).toBe(true)
    }
    expect(r.witnesses.map((w) => w.trace?.steps.length)).toEqual([8, 1])
  })

  it('200 random schedules of the model: the implementation follows every step', async () => {
    const walker = new Walker(model, initialStarts(model), { strategy: 'random' })
    const commits: number[] = []
    await fc.assert(
      fc.asyncProperty(scheduleArbitrary({ maxDepth: 30 }), async (schedule) => {
        const run = walker.walk(schedule, [], false)
        const steps = run.actions.map((a) => ({ action: formatTwoPhaseAction(a), data: a }))
        const out = await replayOnImpl(model, { init: run.start.init, steps }, { rms: 3 })
        if (!out.ok) throw new Error(`step ${out.step} (${out.action}): ${out.reason}`)
        if (out.states.some((s) => s.tmState === 'committed')) commits.push(run.actions.length)
      }),
      { seed: 1, numRuns: 200 },
    )
    // Not only trivial runs: some schedules went all the way to a commit.
    expect(commits.length).toBeGreaterThan(0)
  })
})

describe('replay-impl: a model counterexample against the implementation', () => {
  const weak = resolveModel(twophase, { params: { rm: 3 }, weaken: ['commitWithoutAllPrepared'] })
  const trace = explore(weak.model, { meta: { config: weak.config, params: weak.params, weaken: weak.weaken } }).violations[0]?.trace
  if (!trace) throw new Error('no counterexample')

  it('the implementation with the matching bug reproduces it: one RM committed, another aborted', async () => {
    expect(trace.steps.map((s) => s.action)).toEqual(['RMPrepare(rm1)', 'TMRcvPrepared(rm1)', 'TMCommit', 'RMRcvCommitMsg(rm1)', 'RMChooseToAbort(rm2)'])
    const out = await replayOnImpl(weak.model as Model<TwoPhaseState, TwoPhaseAction>, trace, { rms: 3, commitOnFirstVote: true })
    if (!out.ok) throw new Error(out.reason)
    const last = out.states[out.states.length - 1] as TwoPhaseState
    expect(last.rmState).toEqual(['committed', 'aborted', 'working'])
    expect(tcConsistent(last)).toBe(false)
  })

  it('the correct implementation refuses the commit the trace needs', async () => {
    const out = await replayOnImpl(weak.model as Model<TwoPhaseState, TwoPhaseAction>, trace, { rms: 3 })
    expect(out).toEqual({ ok: false, step: 3, action: 'TMCommit', reason: 'the implementation refuses this step' })
  })

  it('a cluster that does not match the model (2 RMs against 3) is caught before the first step', async () => {
    const ok = explore(model).witnesses[0]?.trace
    if (!ok) throw new Error('no witness')
    await expect(replayOnImpl(model, ok, { rms: 2 })).resolves.toMatchObject({ ok: false, step: 0, action: 'Init' })
  })
})
