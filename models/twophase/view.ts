/**
 * Two-phase commit as a sequence diagram: a lane for the TM and one per RM; `Prepared` messages
 * from an RM to the TM, `Commit` and `Abort` from the TM to every RM. The spec's `msgs` only grows,
 * so a message is drawn from the step that first put it in `msgs` to each step that received it.
 *
 * Importing this module registers the view under the model's name.
 */
import { registerSequenceView, type SequenceEvent, type SequenceView } from '../../src/viewer/sequence.js'
import type { TwoPhaseAction, TwoPhaseState } from './model.js'

const rm = (i: number): string => `rm${i}`

/** How two-phase commit reads as a sequence diagram. */
export const twophaseView: SequenceView<TwoPhaseState, TwoPhaseAction> = {
  participants: (s) => ['TM', ...s.rmState.map((_, i) => rm(i + 1))],
  events(s, a): readonly SequenceEvent[] {
    const toEvery = (label: string): SequenceEvent[] =>
      s.rmState.map((_, i): SequenceEvent => ({ kind: 'send', from: 'TM', to: rm(i + 1), label }))
    switch (a.type) {
      case 'RMPrepare':
        return [{ kind: 'send', from: rm(a.rm), to: 'TM', label: 'Prepared' }]
      case 'TMRcvPrepared':
        return [{ kind: 'deliver', from: rm(a.rm), to: 'TM', label: 'Prepared' }]
      case 'TMCommit':
        // Once in `msgs`, a message stays: sending it again adds nothing.
        return s.msgs.commit ? [{ kind: 'local', node: 'TM', label: 'decides commit' }] : toEvery('Commit')
      case 'TMAbort':
        return s.msgs.abort ? [{ kind: 'local', node: 'TM', label: 'decides abort' }] : toEvery('Abort')
      case 'RMRcvCommitMsg':
        return [{ kind: 'deliver', from: 'TM', to: rm(a.rm), label: 'Commit' }]
      case 'RMRcvAbortMsg':
        return [{ kind: 'deliver', from: 'TM', to: rm(a.rm), label: 'Abort' }]
      case 'RMChooseToAbort':
        return [{ kind: 'local', node: rm(a.rm), label: 'chooses to abort' }]
      case 'TMRestart':
        return [{ kind: 'restart', node: 'TM', label: 'restarts without a log' }]
      case 'RMRestart':
        return [{ kind: 'restart', node: rm(a.rm), label: 'restarts without a log' }]
      default:
        return []
    }
  },
  field(path) {
    const m = /^(rmState|tmPrepared)\[(\d+)\]$/.exec(path)
    if (m) {
      const who = rm(Number(m[2]) + 1)
      return m[1] === 'rmState' ? { lane: who, path: 'rmState' } : { lane: 'TM', path: `tmPrepared[${who}]` }
    }
    if (path === 'tmState' || path === 'tmPrepared') return { lane: 'TM', path }
    // `msgs` is drawn as arrows.
    if (path.startsWith('msgs')) return null
    return { lane: null, path }
  },
}

registerSequenceView('twophase', twophaseView)
