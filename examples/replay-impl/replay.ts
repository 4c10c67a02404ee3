/**
 * Replays a trace of the `twophase` model against the implementation in `impl.ts`: each step of
 * the trace becomes one call on the implementation (an RM votes, the TM decides) or one delivery
 * the driver makes on the network, and after each step the implementation's state, read back in
 * the model's terms, must equal the model's state. The first step where they differ is reported.
 */
import type { Model } from '../../src/core/model.js'
import { runTrace, type Trace } from '../../src/core/trace.js'
import { diffStates, formatChange } from '../../src/trace/diff.js'
import type { TwoPhaseAction, TwoPhaseState } from '../../models/twophase/index.js'
import { Cluster, type ClusterOptions } from './impl.js'

/** The implementation's state, in the model's shape (the refinement mapping). */
export function abstractState(c: Cluster): TwoPhaseState {
  const n = c.rms.length
  const sent = c.net.sent
  return {
    msgs: {
      abort: sent.some((e) => e.msg.type === 'Abort'),
      commit: sent.some((e) => e.msg.type === 'Commit'),
      prepared: Array.from({ length: n }, (_, i) => sent.some((e) => e.msg.type === 'Prepared' && e.msg.rm === i + 1)),
    },
    rmState: c.rms.map((r) => r.status),
    tmPrepared: Array.from({ length: n }, (_, i) => c.tm.prepared.has(i + 1)),
    tmState: c.tm.status,
  }
}

/** Performs one model action on the implementation; false when the implementation refuses it. */
export async function perform(c: Cluster, a: TwoPhaseAction): Promise<boolean> {
  switch (a.type) {
    case 'RMPrepare':
      return c.rm(a.rm).prepare()
    case 'RMChooseToAbort':
      return c.rm(a.rm).chooseToAbort()
    case 'TMRcvPrepared':
      return c.net.deliver('tm', (m) => m.type === 'Prepared' && m.rm === a.rm)
    case 'TMCommit':
      return c.tm.commit()
    case 'TMAbort':
      return c.tm.abort()
    case 'RMRcvCommitMsg':
      return c.net.deliver(`rm${a.rm}`, (m) => m.type === 'Commit')
    case 'RMRcvAbortMsg':
      return c.net.deliver(`rm${a.rm}`, (m) => m.type === 'Abort')
    default:
      // TMRestart and RMRestart are faults of weakened models; this implementation has no such step.
      return false
  }
}

/** The outcome of replaying a trace on the implementation. */
export type ImplReplay =
  | { readonly ok: true; readonly states: readonly TwoPhaseState[] }
  | { readonly ok: false; readonly step: number; readonly action: string; readonly reason: string }

/**
 * Drives a fresh cluster through the trace, step by step, comparing it with the model after every
 * step.
 *
 * @example
 * const r = await replayOnImpl(model, trace, { rms: 3 })
 * if (!r.ok) console.log(`step ${r.step} (${r.action}): ${r.reason}`)
 */
export async function replayOnImpl(
  model: Model<TwoPhaseState, TwoPhaseAction>,
  trace: Pick<Trace, 'init' | 'steps'>,
  options: ClusterOptions,
): Promise<ImplReplay> {
  const expected = runTrace(model, trace)
  const c = new Cluster(options)
  const states: TwoPhaseState[] = [abstractState(c)]
  const first = diffStates(expected[0], states[0])
  if (first.length > 0) return { ok: false, step: 0, action: 'Init', reason: first.map(formatChange).join('; ') }
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i]
    if (step === undefined) break
    const done = await perform(c, step.data as TwoPhaseAction)
    if (!done) return { ok: false, step: i + 1, action: step.action, reason: 'the implementation refuses this step' }
    const got = abstractState(c)
    states.push(got)
    // model value -> implementation value, for every field where they differ
    const diff = diffStates(expected[i + 1], got)
    if (diff.length > 0) return { ok: false, step: i + 1, action: step.action, reason: `model -> implementation: ${diff.map(formatChange).join('; ')}` }
  }
  return { ok: true, states }
}
