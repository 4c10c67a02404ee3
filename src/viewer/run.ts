/** A trace re-run for rendering: its states, the actions themselves, and its sequence. */
import type { Model } from '../core/model.js'
import { resolveStep, runTrace, type Trace } from '../core/trace.js'
import { TraceFileError } from '../core/errors.js'
import { buildSequence, type Sequence } from './sequence.js'

/** A trace's run: every state (first to last), the action of every step, and the sequence diagram. */
export interface TraceRun<S, A> {
  readonly states: readonly S[]
  readonly actions: readonly A[]
  readonly sequence: Sequence
}

/**
 * Re-runs `trace` against `model` (throwing the replay's one-line error when a step is not
 * enabled) and builds its sequence diagram.
 */
export function runForView<S, A>(model: Model<S, A>, trace: Pick<Trace, 'init' | 'steps'>): TraceRun<S, A> {
  const states = runTrace(model, trace)
  const actions = trace.steps.map((step, i) => {
    const s = states[i] as S
    const enabled = model.actions(s)
    const k = resolveStep(model, s, enabled, step)
    const a = enabled[k]
    if (k < 0 || a === undefined) throw new TraceFileError(`step ${i + 1} (${step.action}) is not enabled in model ${model.name}`)
    return a
  })
  return { states, actions, sequence: buildSequence(model, states, actions) }
}
