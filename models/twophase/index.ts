/**
 * The two-phase commit model, a port of Lamport and Gray's `TwoPhase.tla`. See README.md beside
 * this file for the spec-to-code table and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildTwoPhase } from './model.js'
import type { TwoPhaseAction, TwoPhaseState } from './model.js'
// Registers how a twophase trace reads as a sequence diagram (lanes TM, rm1..rmN).
import './view.js'

export type { Msgs, RMState, TMState, TwoPhaseAction, TwoPhaseFlag, TwoPhaseState } from './model.js'
export { buildTwoPhase, formatTwoPhaseAction, initialState } from './model.js'

/** Two-phase commit: one transaction manager, `rm` resource managers, a message set that only grows. */
export const twophase = defineModel<{ rm: number }, TwoPhaseState, TwoPhaseAction>({
  name: 'twophase',
  summary: "Two-phase commit (Lamport & Gray's TwoPhase.tla): a TM and N RMs agree to commit or abort",
  params: {
    rm: { doc: 'number of resource managers (rm1..rmN)', min: 1 },
  },
  configs: {
    one: { doc: '1 RM: 12 states, the least that lets a lone RM lose its vote or the TM presume one', params: { rm: 1 } },
    tiny: { doc: '2 RMs: 56 states, instant; the least where RMs can disagree', params: { rm: 2 } },
    ci: { doc: "3 RMs: 288 states, TLC's published figure", params: { rm: 3 } },
    five: { doc: "5 RMs: 8,832 states, TLC's and Stateright's published figure", params: { rm: 5 } },
    deep: { doc: '7 RMs: 296,448 states, a second or two', params: { rm: 7 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    abortAfterPrepared: {
      doc: 'an RM may still choose to abort after it has voted Prepared',
      breaks: 'TCConsistent',
      config: 'tiny',
    },
    commitWithoutAllPrepared: {
      doc: 'the TM commits once any one RM has voted Prepared, not every RM',
      breaks: 'TCConsistent',
      config: 'tiny',
    },
    tmForgetsDecision: {
      doc: 'the TM can restart without a log (TMRestart), forgetting its decision while its messages stay in flight',
      breaks: 'TCConsistent',
      config: 'tiny',
    },
    tmPresumesPrepared: {
      doc: "the TM counts an RM as prepared without having received that RM's Prepared message",
      breaks: 'TMPreparedVoted',
      config: 'one',
    },
    rmForgetsVote: {
      doc: 'a prepared RM can restart without having logged its vote (RMRestart) and is working again',
      breaks: 'VoteIsDurable',
      config: 'one',
    },
  },
  build: (params, weaken) => buildTwoPhase(params.rm, weaken),
})

export default twophase
