/**
 * The Paxos model: single-decree Paxos at message level after Lamport's `Paxos.tla`, with
 * proposers, learners and acceptor crash/restart. See README.md beside this file for the
 * spec-to-code table, what is not modelled, and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildPaxos } from './model.js'
import type { PaxosAction, PaxosParams, PaxosState } from './model.js'
// Registers how a paxos trace reads as a sequence diagram (lanes p1..pP, a1..aN, l1..lL).
import './view.js'

export type {
  FaultAction,
  LearnAction,
  PaxosAction,
  PaxosFlag,
  PaxosParams,
  PaxosSetup,
  PaxosState,
  Phase1aAction,
  Phase1bAction,
  Phase2aAction,
  Phase2bAction,
  ProposerState,
  RetryLowerBallotAction,
  Value,
} from './model.js'
export { acceptorName, buildPaxos, formatPaxosAction, initialState, paxosSetup, valueName } from './model.js'

const base = { acceptors: 3, proposers: 2, ballots: 1, values: 2, restarts: 0, learners: 1 }

/** Single-decree Paxos: acceptors, competing proposers, learners, a message set that only grows. */
export const paxos = defineModel<PaxosParams, PaxosState, PaxosAction>({
  name: 'paxos',
  summary: "Single-decree Paxos (Lamport's Paxos.tla) with competing proposers, learners and acceptor restarts",
  params: {
    acceptors: { doc: 'number of acceptors (a1..aN); quorums are majorities', min: 1, max: 9 },
    proposers: { doc: 'number of proposers (p1..pN); p(i+1) owns ballots i, i+N, i+2N, ...', min: 1, max: 9 },
    ballots: { doc: 'ballots per proposer (proposers * ballots <= 10)', min: 1, max: 10 },
    values: { doc: 'number of values (v1..vN); proposer p(i+1) proposes v((i mod N)+1) as its own', min: 1, max: 9 },
    restarts: { doc: 'crash budget: how many times acceptors may crash (each may then restart)', min: 0 },
    learners: { doc: 'number of learners (l1..lN)', min: 1, max: 9 },
  },
  configs: {
    tiny: {
      doc: '3 acceptors, 2 proposers with 1 ballot each, 2 values: 2,881 states, instant',
      params: base,
    },
    ci: {
      doc: '3 acceptors, 3 proposers with 1 ballot each, 2 values, 1 acceptor crash: 658,125 states, a few seconds',
      params: { ...base, proposers: 3, restarts: 1 },
    },
    deep: {
      doc: '3 acceptors, 2 proposers with 2 ballots each, 2 values, 1 acceptor crash: 27,607,525 states, a few minutes',
      params: { ...base, ballots: 2, restarts: 1 },
    },
    crash: {
      doc: 'tiny with 1 acceptor crash: 14,405 states, the least that lets an acceptor restart',
      params: { ...base, restarts: 1 },
    },
    retry: {
      doc: '3 acceptors, 1 proposer with 2 ballots, 2 values: 2,681 states, the least that lets a proposer go back',
      params: { ...base, proposers: 1, ballots: 2 },
    },
    tiny2: {
      doc: 'tiny with 2 acceptors: 98 states, the fewest where a vote can differ from a quorum it is checked against',
      params: { ...base, acceptors: 2 },
    },
    crash1: {
      doc: 'crash with 1 acceptor: 102 states, a lone acceptor that crashes and restarts',
      params: { ...base, acceptors: 1, restarts: 1 },
    },
    retry2: {
      doc: 'retry with 2 acceptors: 89 states, one proposer going back to a lower ballot',
      params: { ...base, acceptors: 2, proposers: 1, ballots: 2 },
    },
    solo: {
      doc: '3 acceptors, 1 proposer with 1 ballot, 2 values: 57 states, the least with two disjoint quorum sizes',
      params: { ...base, proposers: 1 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    ignoreHighestAccepted: {
      doc: 'the proposer sends its own value even when its 1b quorum reports a vote (2 acceptors: on 1, Agreement breaks in the same step and is checked first)',
      breaks: 'VotesSafe',
      config: 'tiny2',
    },
    acceptBelowPromise: {
      doc: 'an acceptor votes for a 2a message of a ballot below the one it promised (2 acceptors: on 1, Agreement breaks in the same step and is checked first)',
      breaks: 'VotesSafe',
      config: 'tiny2',
    },
    sharedBallot: {
      doc: 'proposers number their ballots without their own offset, so two proposers run the same ballot (2 acceptors: on 1, Agreement breaks in the same step and is checked first)',
      breaks: 'OneValuePerBallot',
      config: 'tiny2',
    },
    forgetPromiseOnRestart: {
      doc: 'an acceptor keeps maxBal, maxVBal and maxVal in memory only and restarts without them',
      breaks: 'VotesSafe',
      config: 'crash1',
    },
    nonIntersectingQuorums: {
      doc: 'flexible quorums with |Q1| + |Q2| <= N: phase-2 quorums of N - |Q1| acceptors',
      breaks: 'QuorumIntersection',
      config: 'solo',
    },
    learnerAcrossBallots: {
      doc: 'a learner counts the 2b messages for one value across different ballots',
      breaks: 'LearnedIsChosen',
      config: 'tiny2',
    },
    retryLowerBallot: {
      doc: 'a proposer that hears no reply retries with a lower ballot of its own and a new value (2 acceptors: on 1, Agreement breaks in the same step and is checked first)',
      breaks: 'OneValuePerBallot',
      config: 'retry2',
    },
  },
  build: (params, weaken) => buildPaxos(params, weaken),
})

export default paxos
