/**
 * The Raft model, following Ongaro's `raft.tla` action by action. See README.md beside this file
 * for the protocol, the spec-to-code table, what is not modelled, and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildRaft } from './model.js'
import type { RaftAction, RaftParams, RaftState } from './model.js'
// Registers how a raft trace reads as a sequence diagram (lanes s1..sN).
import './view.js'

export type { BagEntry, RaftAction, RaftFlag, RaftParams, RaftSetup, RaftState } from './model.js'
export { buildRaft, formatRaftAction, initialState, raftSetup } from './model.js'
export type { Election, Entry, Log, Message, Role, Server } from './wire.js'
export { decodeElection, decodeLog, decodeMessage, describeMessage, encodeLog } from './wire.js'

/** Raft: leader election and log replication over a network that reorders, duplicates and drops. */
export const raft = defineModel<RaftParams, RaftState, RaftAction>({
  name: 'raft',
  summary: "Raft consensus (Ongaro's raft.tla): elections, log replication and commitment over a lossy network",
  params: {
    servers: { doc: 'number of servers (s1..sN)', min: 1 },
    maxTerm: { doc: 'bound: no server goes past this term', min: 1 },
    maxLogLen: { doc: 'bound: no log grows past this many entries', min: 0 },
    maxMsgs: { doc: 'bound: at most this many distinct messages in flight', min: 0 },
    maxCopies: { doc: 'bound: at most this many copies of one message in flight', min: 1 },
    values: { doc: 'client values v1..vN a leader may append', min: 1 },
    restarts: { doc: 'Restart budget per run; -1 = unbounded, as in raft.tla (no budget in the state)', min: -1 },
    duplicate: { doc: '1 = the network may duplicate a message (DuplicateMessage)', min: 0, max: 1 },
    drop: { doc: '1 = the network may drop a message (DropMessage)', min: 0, max: 1 },
    history: {
      doc: "1 = keep raft.tla's proof-only history exactly (allLogs, voterLog, mlog, evotes, evoterLog); 0 = only what the properties read",
      min: 0,
      max: 1,
    },
    stale: {
      doc: '1 = keep the candidate and leader variables of servers that no longer use them, as raft.tla does; 0 = clear them (same behaviours, fewer states)',
      min: 0,
      max: 1,
    },
  },
  configs: {
    tiny: {
      doc: '2 servers, terms <= 3, one entry, two messages in flight: 23,129 states, depth 36, a second',
      params: { servers: 2, maxTerm: 3, maxLogLen: 1, maxMsgs: 2, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    ci: {
      doc: '3 servers, terms <= 3, one entry, one message in flight, two values: 999,079 states, depth 50, seconds',
      params: { servers: 3, maxTerm: 3, maxLogLen: 1, maxMsgs: 1, maxCopies: 1, values: 2, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    deep: {
      doc: '3 servers, terms <= 3, logs of two entries, one message in flight, two values, one restart, lossy network: 128,354,363 states (21,404,484 classes with --symmetry), depth 66; minutes (--workers auto)',
      params: { servers: 3, maxTerm: 3, maxLogLen: 2, maxMsgs: 1, maxCopies: 1, values: 2, restarts: 1, duplicate: 0, drop: 1, history: 0, stale: 0 },
      bounds: { maxStates: 200_000_000 },
    },
    tla: {
      doc: "raft.tla's own state space (history and stale variables kept, unbounded Restart, duplicate and drop, each count <= 1): 2 servers, MaxTerm 3, MaxLogLen 1, MaxMsgs 1: 25,164 states, depth 40",
      params: { servers: 2, maxTerm: 3, maxLogLen: 1, maxMsgs: 1, maxCopies: 1, values: 1, restarts: -1, duplicate: 1, drop: 1, history: 1, stale: 1 },
    },
    stalevotes: {
      doc: 'for countStaleVotes: 2 servers, terms <= 3, empty logs, one message (too small for the EntryCommitted witness)',
      params: { servers: 2, maxTerm: 3, maxLogLen: 0, maxMsgs: 1, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    stepdown: {
      doc: 'for noStepDown: 2 servers, terms <= 3, one entry, one message in flight, two values',
      params: { servers: 2, maxTerm: 3, maxLogLen: 1, maxMsgs: 1, maxCopies: 1, values: 2, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    restart: {
      doc: 'for votesNotPersisted: 3 servers, term 2 only, empty logs, one message, one restart (too small for EntryCommitted and SecondTerm)',
      params: { servers: 3, maxTerm: 2, maxLogLen: 0, maxMsgs: 1, maxCopies: 1, values: 1, restarts: 1, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    four: {
      doc: 'for quorumFloorHalf: 4 servers (the smallest cluster where half is not a majority), term 2 only, empty logs, one message',
      params: { servers: 4, maxTerm: 2, maxLogLen: 0, maxMsgs: 1, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    commit: {
      doc: 'for commitIndexNoMin: 3 servers, term 2 only, two entries, one message (too small for SecondTerm)',
      params: { servers: 3, maxTerm: 2, maxLogLen: 2, maxMsgs: 1, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    reorder: {
      doc: 'for truncateWithoutConflict: 3 servers, terms <= 3, one entry, two messages in flight (an old request arrives after a newer one)',
      params: { servers: 3, maxTerm: 3, maxLogLen: 1, maxMsgs: 2, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
    figure8: {
      doc: 'for commitPreviousTerm: 3 servers, terms <= 5 (Figure 8 takes four elections), one entry, one message',
      params: { servers: 3, maxTerm: 5, maxLogLen: 1, maxMsgs: 1, maxCopies: 1, values: 1, restarts: 0, duplicate: 0, drop: 0, history: 0, stale: 0 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    commitPreviousTerm: {
      doc: 'a leader commits an entry of an earlier term by counting replicas (Figure 8)',
      breaks: 'LeaderCompleteness',
      config: 'figure8',
    },
    noElectionRestriction: {
      doc: "a server grants its vote without checking that the candidate's log is at least as up-to-date as its own",
      breaks: 'LeaderCompleteness',
    },
    votesNotPersisted: {
      doc: 'currentTerm and votedFor are kept in memory only, so a restarted server votes again in the same term',
      breaks: 'ElectionSafety',
      config: 'restart',
    },
    quorumFloorHalf: {
      doc: 'a quorum is counted as half the servers (2*|Q| >= N), so 2 of 4 servers elect a leader',
      breaks: 'ElectionSafety',
      config: 'four',
    },
    noStepDown: {
      doc: 'a leader that sees a higher term adopts it but does not step down',
      breaks: 'LogMatching',
      config: 'stepdown',
    },
    truncateWithoutConflict: {
      doc: 'a follower cuts its log after the entries of any accepted AppendEntries, conflict or not',
      breaks: 'LeaderCompleteness',
      config: 'reorder',
    },
    commitIndexNoMin: {
      doc: 'a follower sets commitIndex to leaderCommit without the min with the index of the last new entry',
      breaks: 'StateMachineSafety',
      config: 'commit',
    },
    countStaleVotes: {
      doc: 'a candidate counts vote responses from earlier terms',
      breaks: 'ElectionSafety',
      config: 'stalevotes',
    },
  },
  build: (params, weaken) => buildRaft(params, weaken),
})

export default raft
