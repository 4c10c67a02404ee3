/**
 * Raft at the message level, following Diego Ongaro's `raft.tla` (the TLA+ specification in the
 * Raft dissertation, Appendix B) action by action: the same variables, the same atomic steps
 * (`UpdateTerm` is a step of its own, a follower removes one conflicting entry per step), the same
 * bag of messages that the network may duplicate, drop and reorder. See README.md beside this file
 * for the spec-to-code table, what is not modelled, and the weakenings.
 *
 * The hot path is plain: server actions are built once per model, message actions once per
 * message, `actions` runs only the cheap guards, and `next` builds successors with array copies
 * and object spreads (no immer, no JSON, no closures per call).
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { raftProperties } from '../../properties/raft.js'
import { raftCodec, raftCodecFits } from './codec.js'
import { raftRepresentative } from './symmetry.js'
import {
  appendEntriesRequest,
  appendEntriesResponse,
  decodeMessage,
  describeMessage,
  encodeElection,
  encodeLog,
  requestVoteRequest,
  requestVoteResponse,
  serverName,
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  type Entry,
  type Log,
  type RequestVoteRequest,
  type RequestVoteResponse,
  type Role,
  type Server,
  type Wire,
} from './wire.js'

/** One element of the message bag: a message (its canonical text, see wire.ts) and how many copies are in flight. */
export type BagEntry = readonly [message: string, count: number]

/**
 * A state of the whole cluster: raft.tla's variables under their own names. Index `i` of each
 * per-server array is server `s(i+1)`. Keys are listed in sorted order (the order the canonical
 * fingerprint reads them in) so states never need a key sort.
 */
export interface RaftState {
  /** History, read only by properties: every log of every earlier state (raft.tla's `allLogs`),
   * encoded and sorted. Always empty unless the spec's full history is kept (`history=1`). */
  readonly allLogs: readonly string[]
  readonly commitIndex: readonly number[]
  readonly currentTerm: readonly number[]
  /** History, read only by properties: one record per successful election (raft.tla's
   * `elections`), encoded (see wire.ts) and sorted. */
  readonly elections: readonly string[]
  readonly log: readonly Log[]
  /** `matchIndex[i][j]`: the latest entry leader `i` knows `j` to share. */
  readonly matchIndex: readonly (readonly number[])[]
  /** The bag `messages`: sorted by message, counts >= 1 (a message with no copy left is removed). */
  readonly messages: readonly BagEntry[]
  /** `nextIndex[i][j]`: the next entry leader `i` sends to `j`. */
  readonly nextIndex: readonly (readonly number[])[]
  /** Restarts left in this run's fault budget; -1 when Restart is unbounded (as in raft.tla). */
  readonly restartsLeft: number
  readonly state: readonly Role[]
  readonly votedFor: readonly (Server | null)[]
  /** History, read only by properties: `voterLog[i][j]` is the log (encoded) voter `j` sent
   * candidate `i` with its vote, `null` where `j` is not in the spec's domain. Empty (`[]`)
   * unless the spec's full history is kept. */
  readonly voterLog: readonly (readonly (string | null)[])[]
  /** Servers that granted this candidate a vote in its current term, sorted. */
  readonly votesGranted: readonly (readonly Server[])[]
  /** Servers that answered this candidate's RequestVote in its current term, sorted. */
  readonly votesResponded: readonly (readonly Server[])[]
}

/** An action of raft.tla's `Next`. Servers are named (`s1`), values numbered (`1` is `v1`). */
export type RaftAction =
  | { readonly type: 'Restart' | 'Timeout' | 'BecomeLeader' | 'AdvanceCommitIndex'; readonly i: Server }
  | { readonly type: 'RequestVote' | 'AppendEntries'; readonly i: Server; readonly j: Server }
  | { readonly type: 'ClientRequest'; readonly i: Server; readonly v: number }
  | { readonly type: 'Receive' | 'DuplicateMessage' | 'DropMessage'; readonly m: string }

/** The weakening flags of this model; see `weakenings` in index.ts for the mistake each stands for. */
export type RaftFlag =
  | 'commitPreviousTerm'
  | 'noElectionRestriction'
  | 'votesNotPersisted'
  | 'quorumFloorHalf'
  | 'noStepDown'
  | 'truncateWithoutConflict'
  | 'commitIndexNoMin'
  | 'countStaleVotes'

/** The model's parameters; see `params` in index.ts. (A type, not an interface, so it is a `Params` record.) */
export type RaftParams = {
  readonly servers: number
  readonly maxTerm: number
  readonly maxLogLen: number
  readonly maxMsgs: number
  readonly maxCopies: number
  readonly values: number
  readonly restarts: number
  readonly duplicate: number
  readonly drop: number
  readonly history: number
  readonly stale: number
}

/** What the actions read besides the state: sizes, bounds, fault switches and weakenings. */
export interface RaftSetup {
  readonly n: number
  readonly names: readonly Server[]
  /** Votes that make a quorum: the least k with `2k > n` (weakened: `2k >= n`). */
  readonly quorum: number
  readonly values: number
  readonly maxTerm: number
  readonly maxLogLen: number
  readonly maxMsgs: number
  readonly maxCopies: number
  /** Restart budget; -1 = unbounded and not kept in the state. */
  readonly restarts: number
  readonly duplicate: boolean
  readonly drop: boolean
  /** Keep raft.tla's proof-only history (allLogs, voterLog, mlog, evotes, evoterLog). */
  readonly history: boolean
  /** Keep the candidate and leader variables of servers that no longer use them, as raft.tla does. */
  readonly stale: boolean
  readonly weak: Readonly<Record<RaftFlag, boolean>>
  /** Shared constant rows: `[j \in Server |-> 1]`, `|-> 0`, and an empty voterLog row. */
  readonly ones: readonly number[]
  readonly zeros: readonly number[]
  readonly noVoterLog: readonly null[]
}

const FOLLOWER: Role = 'Follower'
const CANDIDATE: Role = 'Candidate'
const LEADER: Role = 'Leader'
const NONE: readonly never[] = []

// ---------------------------------------------------------------------------------------------
// Helpers: copies with one element replaced, the bag, logs.

function setAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function setAt2(xss: readonly (readonly number[])[], i: number, j: number, v: number): (readonly number[])[] {
  return setAt(xss, i, setAt(xss[i] as readonly number[], j, v))
}

/** Adds server `name` to a sorted set of servers. */
function addServer(set: readonly Server[], name: Server): readonly Server[] {
  if (set.includes(name)) return set
  const out = set.slice()
  let k = out.length
  while (k > 0 && (out[k - 1] as Server) > name) k--
  out.splice(k, 0, name)
  return out
}

/** Adds a string to a sorted set of strings. */
function addString(set: readonly string[], x: string): readonly string[] {
  let lo = 0
  let hi = set.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const y = set[mid] as string
    if (y === x) return set
    if (y < x) lo = mid + 1
    else hi = mid
  }
  const out = set.slice()
  out.splice(lo, 0, x)
  return out
}

/** Position of message `m` in the bag, or `-(insertion point) - 1` when absent. */
function find(bag: readonly BagEntry[], m: string): number {
  let lo = 0
  let hi = bag.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const y = (bag[mid] as BagEntry)[0]
    if (y === m) return mid
    if (y < m) lo = mid + 1
    else hi = mid
  }
  return -lo - 1
}

/** `WithMessage(m, msgs)`: one more copy of `m`. */
function withMessage(bag: readonly BagEntry[], m: string): readonly BagEntry[] {
  const k = find(bag, m)
  const out = bag.slice()
  if (k >= 0) out[k] = [m, (bag[k] as BagEntry)[1] + 1]
  else out.splice(-k - 1, 0, [m, 1])
  return out
}

/** `WithoutMessage(m, msgs)`: one copy fewer; the last copy leaves the bag's domain. raft.tla as
 * published kept a zero count in the domain, so a dropped message could still be received; that
 * was fixed upstream (issue #2, pull request #15) and this is the fixed bag. */
function withoutMessage(bag: readonly BagEntry[], m: string): readonly BagEntry[] {
  const k = find(bag, m)
  if (k < 0) return bag
  const out = bag.slice()
  const c = (bag[k] as BagEntry)[1]
  if (c > 1) out[k] = [m, c - 1]
  else out.splice(k, 1)
  return out
}

/** `LastTerm(xlog)`. */
function lastTerm(log: Log): number {
  return log.length === 0 ? 0 : (log[log.length - 1] as Entry)[0]
}

/** `xlog[k].term` for a 1-based index that must exist. */
function termAt(log: Log, k: number): number {
  const e = log[k - 1]
  if (e === undefined) throw new FaultlineError(`raft: log index ${k} is out of range (log length ${log.length})`)
  return e[0]
}

function isQuorum(u: RaftSetup, votes: number): boolean {
  return votes >= u.quorum
}

// ---------------------------------------------------------------------------------------------
// Server actions, in raft.tla's order. Each checks its guard first and returns `undefined` when
// it is not enabled.

/** `Restart(i)`: server i restarts from stable storage, keeping only currentTerm, votedFor and log. */
function Restart(u: RaftSetup, s: RaftState, i: number): RaftState | undefined {
  if (!restartEnabled(u, s, i)) return undefined
  const lose = u.weak.votesNotPersisted
  return {
    ...s,
    commitIndex: setAt(s.commitIndex, i, 0),
    // Weakened (votesNotPersisted): the term and the vote were kept in memory only.
    currentTerm: lose ? setAt(s.currentTerm, i, 1) : s.currentTerm,
    matchIndex: setAt(s.matchIndex, i, u.zeros),
    nextIndex: setAt(s.nextIndex, i, u.ones),
    restartsLeft: s.restartsLeft > 0 ? s.restartsLeft - 1 : s.restartsLeft,
    state: setAt(s.state, i, FOLLOWER),
    votedFor: lose ? setAt(s.votedFor, i, null) : s.votedFor,
    voterLog: u.history ? setAt(s.voterLog, i, u.noVoterLog) : s.voterLog,
    votesGranted: setAt(s.votesGranted, i, NONE),
    votesResponded: setAt(s.votesResponded, i, NONE),
  }
}

function sameRow(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false
  return true
}

function restartEnabled(u: RaftSetup, s: RaftState, i: number): boolean {
  if (s.restartsLeft === 0) return false
  // With the spec's history every step extends allLogs, so even a restart that changes nothing
  // else is a step of its own; without it such a restart would only stutter (or spend budget).
  if (u.history) return true
  const voterLog = s.voterLog[i]
  return (
    s.state[i] !== FOLLOWER ||
    s.commitIndex[i] !== 0 ||
    (s.votesGranted[i] as readonly Server[]).length > 0 ||
    (s.votesResponded[i] as readonly Server[]).length > 0 ||
    !sameRow(s.nextIndex[i] as readonly number[], u.ones) ||
    !sameRow(s.matchIndex[i] as readonly number[], u.zeros) ||
    (voterLog !== undefined && voterLog.some((l) => l !== null)) ||
    (u.weak.votesNotPersisted && (s.currentTerm[i] !== 1 || s.votedFor[i] !== null))
  )
}

/** `Timeout(i)`: server i times out and starts a new election. */
function Timeout(u: RaftSetup, s: RaftState, i: number): RaftState | undefined {
  if (s.state[i] === LEADER) return undefined
  return {
    ...s,
    currentTerm: setAt(s.currentTerm, i, (s.currentTerm[i] as number) + 1),
    state: setAt(s.state, i, CANDIDATE),
    // Most implementations vote for themselves here; the spec sends itself a RequestVote instead.
    votedFor: setAt(s.votedFor, i, null),
    voterLog: u.history ? setAt(s.voterLog, i, u.noVoterLog) : s.voterLog,
    votesGranted: setAt(s.votesGranted, i, NONE),
    votesResponded: setAt(s.votesResponded, i, NONE),
  }
}

/** `RequestVote(i, j)`: candidate i sends j a RequestVote request. */
function RequestVote(s: RaftState, i: number, j: number, jName: Server): RaftState | undefined {
  if (s.state[i] !== CANDIDATE || (s.votesResponded[i] as readonly Server[]).includes(jName)) return undefined
  const log = s.log[i] as Log
  const m = requestVoteRequest(s.currentTerm[i] as number, lastTerm(log), log.length, i, j)
  return { ...s, messages: withMessage(s.messages, m.key) }
}

/** `AppendEntries(i, j)`: leader i sends j an AppendEntries request with at most one entry. */
function AppendEntries(u: RaftSetup, s: RaftState, i: number, j: number): RaftState | undefined {
  if (i === j || s.state[i] !== LEADER) return undefined
  const log = s.log[i] as Log
  const next = (s.nextIndex[i] as readonly number[])[j] as number
  const prevLogIndex = next - 1
  const prevLogTerm = prevLogIndex > 0 ? termAt(log, prevLogIndex) : 0
  const lastEntry = Math.min(log.length, next)
  const entries = log.slice(next - 1, lastEntry)
  const commit = s.commitIndex[i] as number
  // Weakened (commitIndexNoMin): the follower is told the leader's whole commitIndex, even past
  // the entries this message vouches for.
  const mcommitIndex = u.weak.commitIndexNoMin ? commit : Math.min(commit, lastEntry)
  const m = appendEntriesRequest(
    s.currentTerm[i] as number,
    prevLogIndex,
    prevLogTerm,
    entries,
    u.history ? encodeLog(log) : null,
    mcommitIndex,
    i,
    j,
  )
  return { ...s, messages: withMessage(s.messages, m.key) }
}

/** `BecomeLeader(i)`: candidate i, holding votes from a quorum, becomes leader. */
function BecomeLeader(u: RaftSetup, s: RaftState, i: number): RaftState | undefined {
  if (s.state[i] !== CANDIDATE) return undefined
  const votes = s.votesGranted[i] as readonly Server[]
  if (!isQuorum(u, votes.length)) return undefined
  const log = s.log[i] as Log
  const election = u.history
    ? encodeElection(s.currentTerm[i] as number, i, log, votes, s.voterLog[i] as readonly (string | null)[])
    : encodeElection(s.currentTerm[i] as number, i, log, null, null)
  return {
    ...s,
    elections: addString(s.elections, election),
    matchIndex: setAt(s.matchIndex, i, u.zeros),
    nextIndex: setAt(s.nextIndex, i, log.length === 0 ? u.ones : new Array<number>(u.n).fill(log.length + 1)),
    state: setAt(s.state, i, LEADER),
  }
}

/** `ClientRequest(i, v)`: leader i receives a client request to add value v to its log. */
function ClientRequest(s: RaftState, i: number, v: number): RaftState | undefined {
  if (s.state[i] !== LEADER) return undefined
  const entry: Entry = [s.currentTerm[i] as number, v]
  return { ...s, log: setAt(s.log, i, [...(s.log[i] as Log), entry]) }
}

/** The commitIndex leader i would advance to (raft.tla's `newCommitIndex`). */
function newCommitIndex(u: RaftSetup, s: RaftState, i: number): number {
  const log = s.log[i] as Log
  const match = s.matchIndex[i] as readonly number[]
  // Agree(index) shrinks as index grows, so the largest agreed index is the first from the top.
  for (let index = log.length; index >= 1; index--) {
    let agree = 1
    for (let k = 0; k < u.n; k++) if (k !== i && (match[k] as number) >= index) agree++
    if (isQuorum(u, agree)) {
      // Weakened (commitPreviousTerm): an entry from an earlier term is committed by counting
      // replicas alone (the dissertation's Figure 3.7, "Figure 8" of the paper).
      if (u.weak.commitPreviousTerm || termAt(log, index) === s.currentTerm[i]) return index
      break
    }
  }
  return s.commitIndex[i] as number
}

/** `AdvanceCommitIndex(i)`: leader i advances its commitIndex to the latest entry of its term on a quorum. */
function AdvanceCommitIndex(u: RaftSetup, s: RaftState, i: number): RaftState | undefined {
  if (s.state[i] !== LEADER) return undefined
  const c = newCommitIndex(u, s, i)
  // Without history an unchanged commitIndex is a stuttering step: it adds no state, so it is not offered.
  if (c === s.commitIndex[i] && !u.history) return undefined
  return { ...s, commitIndex: setAt(s.commitIndex, i, c) }
}

// ---------------------------------------------------------------------------------------------
// Message handlers: i = recipient (`mdest`), j = sender (`msource`), m = message.

/** `UpdateTerm(i, j, m)`: any RPC with a newer term makes the recipient adopt it first (m stays in flight). */
function UpdateTerm(u: RaftSetup, s: RaftState, w: Wire): RaftState | undefined {
  const i = w.dest
  if (w.msg.mterm <= (s.currentTerm[i] as number)) return undefined
  // Weakened (noStepDown): a leader adopts the newer term but stays leader.
  const keepLeading = u.weak.noStepDown && s.state[i] === LEADER
  return {
    ...s,
    currentTerm: setAt(s.currentTerm, i, w.msg.mterm),
    state: keepLeading ? s.state : setAt(s.state, i, FOLLOWER),
    votedFor: setAt(s.votedFor, i, null),
  }
}

/** `HandleRequestVoteRequest(i, j, m)`: server i, at term >= mterm, answers j's RequestVote. */
function HandleRequestVoteRequest(u: RaftSetup, s: RaftState, w: Wire, m: RequestVoteRequest): RaftState | undefined {
  const i = w.dest
  const ct = s.currentTerm[i] as number
  if (m.mterm > ct) return undefined
  const log = s.log[i] as Log
  const last = lastTerm(log)
  // Weakened (noElectionRestriction): the vote is granted whatever the candidate's log holds.
  const logOk = u.weak.noElectionRestriction || m.mlastLogTerm > last || (m.mlastLogTerm === last && m.mlastLogIndex >= log.length)
  const voted = s.votedFor[i] as Server | null
  const grant = m.mterm === ct && logOk && (voted === null || voted === m.msource)
  const reply = requestVoteResponse(ct, grant, u.history ? encodeLog(log) : null, i, w.source)
  return {
    ...s,
    messages: withoutMessage(withMessage(s.messages, reply.key), w.key),
    votedFor: grant ? setAt(s.votedFor, i, m.msource) : s.votedFor,
  }
}

/** `HandleRequestVoteResponse(i, j, m)`: server i tallies j's answer from its current term. */
function HandleRequestVoteResponse(u: RaftSetup, s: RaftState, w: Wire, m: RequestVoteResponse): RaftState {
  const i = w.dest
  // Like the spec, this tallies even when i is no longer a candidate; nobody reads the tally then.
  let voterLog = s.voterLog
  if (u.history && m.mvoteGranted && m.mlog !== null) {
    const row = s.voterLog[i] as readonly (string | null)[]
    // `voterLog[i] @@ (j :> m.mlog)` keeps an existing mapping for j.
    if (row[w.source] === null) voterLog = setAt(s.voterLog, i, setAt(row, w.source, m.mlog))
  }
  return {
    ...s,
    messages: withoutMessage(s.messages, w.key),
    voterLog,
    votesGranted: m.mvoteGranted ? setAt(s.votesGranted, i, addServer(s.votesGranted[i] as readonly Server[], m.msource)) : s.votesGranted,
    votesResponded: setAt(s.votesResponded, i, addServer(s.votesResponded[i] as readonly Server[], m.msource)),
  }
}

/**
 * `HandleAppendEntriesRequest(i, j, m)`: server i, at term >= mterm, handles j's AppendEntries:
 * reject it, return to follower, or accept it. Accepting is one of three steps: the request is
 * already done (reply), the next entry conflicts (remove the last entry; the request stays in
 * flight), or the entry is new (append it; the request stays in flight).
 */
function HandleAppendEntriesRequest(u: RaftSetup, s: RaftState, w: Wire, m: AppendEntriesRequest): RaftState | undefined {
  const i = w.dest
  const ct = s.currentTerm[i] as number
  if (m.mterm > ct) return undefined
  const log = s.log[i] as Log
  const role = s.state[i]
  const prev = m.mprevLogIndex
  const logOk = prev === 0 || (prev > 0 && prev <= log.length && m.mprevLogTerm === termAt(log, prev))
  if (m.mterm < ct || (role === FOLLOWER && !logOk)) {
    // Reject the request.
    const reply = appendEntriesResponse(ct, false, 0, i, w.source)
    return { ...s, messages: withoutMessage(withMessage(s.messages, reply.key), w.key) }
  }
  if (role === CANDIDATE) {
    // Return to follower state; the request stays in flight.
    return { ...s, state: setAt(s.state, i, FOLLOWER) }
  }
  if (role !== FOLLOWER) return undefined // a leader never hears from another leader of its own term
  const index = prev + 1
  const entry = m.mentries[0]
  if (entry === undefined || (log.length >= index && termAt(log, index) === entry[0])) {
    // Already done with the request: reply. (Like the spec, this may lower commitIndex when an
    // old, duplicated request arrives.)
    const matched = prev + m.mentries.length
    const reply = appendEntriesResponse(ct, true, matched, i, w.source)
    return {
      ...s,
      commitIndex: setAt(s.commitIndex, i, m.mcommitIndex),
      // Weakened (truncateWithoutConflict): everything past the request's entries is cut off,
      // conflict or not, so a stale or duplicated request erases newer entries.
      log: u.weak.truncateWithoutConflict && log.length > matched ? setAt(s.log, i, log.slice(0, matched)) : s.log,
      messages: withoutMessage(withMessage(s.messages, reply.key), w.key),
    }
  }
  if (log.length >= index) {
    // Conflict: remove one entry (the last one; the step repeats while the conflict lasts).
    return { ...s, log: setAt(s.log, i, log.slice(0, log.length - 1)) }
  }
  // No conflict (log.length = prev): append the entry.
  return { ...s, log: setAt(s.log, i, [...log, entry]) }
}

/** `HandleAppendEntriesResponse(i, j, m)`: server i records j's answer from its current term. */
function HandleAppendEntriesResponse(s: RaftState, w: Wire, m: AppendEntriesResponse): RaftState {
  const i = w.dest
  const j = w.source
  const messages = withoutMessage(s.messages, w.key)
  if (m.msuccess) {
    return {
      ...s,
      matchIndex: setAt2(s.matchIndex, i, j, m.mmatchIndex),
      messages,
      nextIndex: setAt2(s.nextIndex, i, j, m.mmatchIndex + 1),
    }
  }
  const next = (s.nextIndex[i] as readonly number[])[j] as number
  return { ...s, messages, nextIndex: setAt2(s.nextIndex, i, j, Math.max(next - 1, 1)) }
}

/** `DropStaleResponse(i, j, m)`: a response from an earlier term is ignored. */
function DropStaleResponse(s: RaftState, w: Wire): RaftState {
  return { ...s, messages: withoutMessage(s.messages, w.key) }
}

/**
 * `Receive(m)`: the recipient handles m. Exactly one of the spec's disjuncts is enabled for a
 * given state and message, so the dispatch is deterministic; `UpdateTerm` is a step of its own.
 */
function Receive(u: RaftSetup, s: RaftState, w: Wire): RaftState | undefined {
  if (find(s.messages, w.key) < 0) return undefined
  const ct = s.currentTerm[w.dest] as number
  const m = w.msg
  if (m.mterm > ct) return UpdateTerm(u, s, w)
  switch (m.mtype) {
    case 'RequestVoteRequest':
      return HandleRequestVoteRequest(u, s, w, m)
    case 'RequestVoteResponse':
      // Weakened (countStaleVotes): a vote from an earlier term is counted instead of dropped.
      if (m.mterm < ct && !u.weak.countStaleVotes) return DropStaleResponse(s, w)
      return HandleRequestVoteResponse(u, s, w, m)
    case 'AppendEntriesRequest':
      return HandleAppendEntriesRequest(u, s, w, m)
    case 'AppendEntriesResponse':
      if (m.mterm < ct) return DropStaleResponse(s, w)
      return HandleAppendEntriesResponse(s, w, m)
  }
}

/** `DuplicateMessage(m)`: the network duplicates a message in flight. */
function DuplicateMessage(u: RaftSetup, s: RaftState, key: string): RaftState | undefined {
  if (!u.duplicate || find(s.messages, key) < 0) return undefined
  return { ...s, messages: withMessage(s.messages, key) }
}

/** `DropMessage(m)`: the network drops one copy of a message in flight. */
function DropMessage(u: RaftSetup, s: RaftState, key: string): RaftState | undefined {
  if (!u.drop || find(s.messages, key) < 0) return undefined
  return { ...s, messages: withoutMessage(s.messages, key) }
}

/**
 * Clears the candidate variables (`votesResponded`, `votesGranted`, `voterLog`) of server i if it
 * is not a candidate, and its leader variables (`nextIndex`, `matchIndex`) if it is not a leader,
 * unless the spec's exact state is asked for (`stale=1`). Only the server a step acts on or
 * delivers to can change role or touch those variables, so only it is looked at.
 *
 * raft.tla leaves them as they were when a server steps down, and even updates them from late
 * responses. They are dead: every action that reads them requires the role, and the only ways
 * into a role (Timeout, BecomeLeader) reset them first. So clearing them merges states that no
 * action or property can tell apart; the behaviours are the same, with 2 to 6 times fewer states.
 */
function forgetStale(u: RaftSetup, t: RaftState, i: number): RaftState {
  const role = t.state[i]
  let granted = t.votesGranted
  let responded = t.votesResponded
  let voterLog = t.voterLog
  let next = t.nextIndex
  let match = t.matchIndex
  if (role !== CANDIDATE) {
    if ((granted[i] as readonly Server[]).length > 0) granted = setAt(granted, i, NONE)
    if ((responded[i] as readonly Server[]).length > 0) responded = setAt(responded, i, NONE)
    if (u.history && voterLog[i] !== u.noVoterLog) voterLog = setAt(voterLog, i, u.noVoterLog)
  }
  if (role !== LEADER) {
    if (next[i] !== u.ones) next = setAt(next, i, u.ones)
    if (match[i] !== u.zeros) match = setAt(match, i, u.zeros)
  }
  if (granted === t.votesGranted && responded === t.votesResponded && voterLog === t.voterLog && next === t.nextIndex && match === t.matchIndex) {
    return t
  }
  return { ...t, matchIndex: match, nextIndex: next, voterLog, votesGranted: granted, votesResponded: responded }
}

// ---------------------------------------------------------------------------------------------

/** raft.tla's `Init`: every server a follower in term 1 with an empty log; no message in flight. */
export function initialState(u: RaftSetup): RaftState {
  const n = u.n
  const per = <T>(v: T): T[] => new Array<T>(n).fill(v)
  return {
    allLogs: NONE,
    commitIndex: per(0),
    currentTerm: per(1),
    elections: NONE,
    log: per<Log>(NONE),
    matchIndex: per(u.zeros),
    messages: NONE,
    nextIndex: per(u.ones),
    restartsLeft: u.restarts,
    state: per(FOLLOWER),
    votedFor: per<Server | null>(null),
    voterLog: u.history ? per(u.noVoterLog) : NONE,
    votesGranted: per<readonly Server[]>(NONE),
    votesResponded: per<readonly Server[]>(NONE),
  }
}

/** The action in the spec's words: `RequestVote(s1, s2)`, `Receive(AppendEntriesRequest s1->s2 term 2 ...)`. */
export function formatRaftAction(a: RaftAction): string {
  switch (a.type) {
    case 'RequestVote':
    case 'AppendEntries':
      return `${a.type}(${a.i}, ${a.j})`
    case 'ClientRequest':
      return `ClientRequest(${a.i}, v${a.v})`
    case 'Receive':
    case 'DuplicateMessage':
    case 'DropMessage':
      return `${a.type}(${describeMessage(decodeMessage(a.m).msg)})`
    default:
      return `${a.type}(${a.i})`
  }
}

/** Resolves parameters and weakening flags into the setup the actions read. */
export function raftSetup(p: RaftParams, weaken: ReadonlySet<string>): RaftSetup {
  const n = p.servers
  if (!Number.isInteger(n) || n < 1) throw new FaultlineError(`raft needs a whole number of servers >= 1, got ${n}`)
  const flag = (f: RaftFlag): boolean => weaken.has(f)
  const weak: Record<RaftFlag, boolean> = {
    commitPreviousTerm: flag('commitPreviousTerm'),
    noElectionRestriction: flag('noElectionRestriction'),
    votesNotPersisted: flag('votesNotPersisted'),
    quorumFloorHalf: flag('quorumFloorHalf'),
    noStepDown: flag('noStepDown'),
    truncateWithoutConflict: flag('truncateWithoutConflict'),
    commitIndexNoMin: flag('commitIndexNoMin'),
    countStaleVotes: flag('countStaleVotes'),
  }
  // `Cardinality(Q) * 2 > Cardinality(Server)`; weakened to `>=`, so half the servers (floor(n/2)
  // for even n: 2 of 4) are taken for a quorum.
  const quorum = weak.quorumFloorHalf ? Math.ceil(n / 2) : Math.floor(n / 2) + 1
  return {
    n,
    names: Array.from({ length: n }, (_, i) => serverName(i)),
    quorum,
    values: p.values,
    maxTerm: p.maxTerm,
    maxLogLen: p.maxLogLen,
    maxMsgs: p.maxMsgs,
    maxCopies: p.maxCopies,
    restarts: p.restarts,
    duplicate: p.duplicate === 1,
    drop: p.drop === 1,
    history: p.history === 1,
    stale: p.stale === 1,
    weak,
    ones: Object.freeze(new Array<number>(n).fill(1)),
    zeros: Object.freeze(new Array<number>(n).fill(0)),
    noVoterLog: Object.freeze(new Array<null>(n).fill(null)),
  }
}

type ServerAction = Extract<RaftAction, { readonly i: Server }>
type MessageAction = Extract<RaftAction, { readonly m: string }>

interface MessageActions {
  readonly receive: MessageAction
  readonly duplicate: MessageAction
  readonly drop: MessageAction
}

/**
 * Builds the Raft model. Actions are listed least disruptive first: deliveries, then the leader's
 * and candidate's own steps, timeouts, and last the faults (duplicate, drop, restart). With
 * `useCodec` (the default) it carries the flat encoding of codec.ts where the configuration fits
 * it, which only makes searches faster, and there it also offers symmetry reduction (symmetry.ts).
 */
export function buildRaft(p: RaftParams, weaken: ReadonlySet<string>, useCodec = true): Model<RaftState, RaftAction> {
  const u = raftSetup(p, weaken)
  const { n, names } = u
  const byServer = <A extends ServerAction>(make: (i: number) => A): readonly A[] =>
    Array.from({ length: n }, (_, i) => Object.freeze(make(i)))
  const restart = byServer((i) => ({ type: 'Restart' as const, i: names[i] as Server }))
  const timeout = byServer((i) => ({ type: 'Timeout' as const, i: names[i] as Server }))
  const becomeLeader = byServer((i) => ({ type: 'BecomeLeader' as const, i: names[i] as Server }))
  const advance = byServer((i) => ({ type: 'AdvanceCommitIndex' as const, i: names[i] as Server }))
  const pairs = (type: 'RequestVote' | 'AppendEntries'): readonly (readonly ServerAction[])[] =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => Object.freeze({ type, i: names[i] as Server, j: names[j] as Server })),
    )
  const requestVote = pairs('RequestVote')
  const appendEntries = pairs('AppendEntries')
  const clientRequest = Array.from({ length: n }, (_, i) =>
    Array.from({ length: u.values }, (_, v) => Object.freeze({ type: 'ClientRequest' as const, i: names[i] as Server, v: v + 1 })),
  )
  const messageActions = new Map<string, MessageActions>()
  const forMessage = (m: string): MessageActions => {
    let a = messageActions.get(m)
    if (a === undefined) {
      a = {
        receive: Object.freeze({ type: 'Receive', m }),
        duplicate: Object.freeze({ type: 'DuplicateMessage', m }),
        drop: Object.freeze({ type: 'DropMessage', m }),
      }
      messageActions.set(m, a)
    }
    return a
  }
  const init = [initialState(u)]

  const indexOf: Readonly<Record<string, number>> = Object.fromEntries(names.map((name, i) => [name, i]))
  const index = (name: Server): number => {
    const i = indexOf[name]
    if (i === undefined) throw new FaultlineError(`unknown server ${name}; this model has s1..s${n}`)
    return i
  }

  /** The successor, and in `acted` the server whose role or candidate/leader variables it may change. */
  let acted = -1
  const step = (s: RaftState, a: RaftAction): RaftState | undefined => {
    switch (a.type) {
      case 'Restart':
        return Restart(u, s, index(a.i))
      case 'Timeout':
        return Timeout(u, s, (acted = index(a.i)))
      case 'RequestVote':
        return RequestVote(s, index(a.i), index(a.j), a.j)
      case 'BecomeLeader':
        return BecomeLeader(u, s, (acted = index(a.i)))
      case 'ClientRequest':
        if (!Number.isInteger(a.v) || a.v < 1 || a.v > u.values) throw new FaultlineError(`unknown value v${a.v}; this model has v1..v${u.values}`)
        return ClientRequest(s, index(a.i), a.v)
      case 'AdvanceCommitIndex':
        return AdvanceCommitIndex(u, s, index(a.i))
      case 'AppendEntries':
        return AppendEntries(u, s, index(a.i), index(a.j))
      case 'Receive': {
        const w = decodeMessage(a.m)
        if (w.dest >= n || w.source >= n) throw new FaultlineError(`message ${a.m} names a server this model does not have`)
        acted = w.dest
        return Receive(u, s, w)
      }
      case 'DuplicateMessage':
        return DuplicateMessage(u, s, a.m)
      case 'DropMessage':
        return DropMessage(u, s, a.m)
    }
  }

  return {
    name: 'raft',
    init: () => init,
    // Actions whose successor is certain to fall outside the bounds (`within`) are not offered:
    // the search would prune those successors anyway, so this changes no count, only saves work.
    actions(s) {
      const out: RaftAction[] = []
      const bag = s.messages
      // With one copy per message allowed and the bag full, every send leaves the bounds.
      const canSend = !(bag.length >= u.maxMsgs && u.maxCopies === 1)
      for (let k = 0; k < bag.length; k++) out.push(forMessage((bag[k] as BagEntry)[0]).receive)
      for (let i = 0; i < n; i++) {
        const role = s.state[i]
        if (role === LEADER) {
          if (u.history || newCommitIndex(u, s, i) !== s.commitIndex[i]) out.push(advance[i] as ServerAction)
          if ((s.log[i] as Log).length < u.maxLogLen) {
            const cr = clientRequest[i] as readonly ServerAction[]
            for (let v = 0; v < cr.length; v++) out.push(cr[v] as ServerAction)
          }
          if (canSend) {
            const ae = appendEntries[i] as readonly ServerAction[]
            for (let j = 0; j < n; j++) if (j !== i) out.push(ae[j] as ServerAction)
          }
        } else if (role === CANDIDATE) {
          if (isQuorum(u, (s.votesGranted[i] as readonly Server[]).length)) out.push(becomeLeader[i] as ServerAction)
          if (canSend) {
            const rv = requestVote[i] as readonly ServerAction[]
            const responded = s.votesResponded[i] as readonly Server[]
            for (let j = 0; j < n; j++) if (!responded.includes(names[j] as Server)) out.push(rv[j] as ServerAction)
          }
        }
      }
      for (let i = 0; i < n; i++) {
        if (s.state[i] !== LEADER && (s.currentTerm[i] as number) < u.maxTerm) out.push(timeout[i] as ServerAction)
      }
      if (u.duplicate) {
        for (let k = 0; k < bag.length; k++) {
          const e = bag[k] as BagEntry
          if (e[1] < u.maxCopies) out.push(forMessage(e[0]).duplicate)
        }
      }
      if (u.drop) for (let k = 0; k < bag.length; k++) out.push(forMessage((bag[k] as BagEntry)[0]).drop)
      if (s.restartsLeft !== 0) for (let i = 0; i < n; i++) if (restartEnabled(u, s, i)) out.push(restart[i] as ServerAction)
      return out
    },
    next(s, a) {
      acted = -1
      let t = step(s, a)
      if (t === undefined) return t
      if (!u.stale && acted >= 0) t = forgetStale(u, t, acted)
      if (!u.history) return t
      // raft.tla's Next conjoins `allLogs' = allLogs \cup {log[i] : i \in Server}` to every step.
      let all = s.allLogs
      for (let i = 0; i < n; i++) all = addString(all, encodeLog(s.log[i] as Log))
      return all === t.allLogs ? t : { ...t, allLogs: all }
    },
    within(s) {
      for (let i = 0; i < n; i++) {
        if ((s.currentTerm[i] as number) > u.maxTerm || (s.log[i] as Log).length > u.maxLogLen) return false
      }
      const bag = s.messages
      if (bag.length > u.maxMsgs) return false
      for (let k = 0; k < bag.length; k++) if ((bag[k] as BagEntry)[1] > u.maxCopies) return false
      return true
    },
    formatAction: formatRaftAction,
    actionKinds: [
      ...(u.restarts !== 0 ? ['Restart'] : []),
      'Timeout', 'RequestVote', 'BecomeLeader', 'ClientRequest', 'AdvanceCommitIndex', 'AppendEntries', 'Receive',
      ...(u.duplicate ? ['DuplicateMessage'] : []),
      ...(u.drop ? ['DropMessage'] : []),
    ],
    properties: raftProperties(),
    ...flat(u, useCodec),
  }
}

/** The flat encoding (when asked for) and the symmetry representative, where the configuration fits them. */
function flat(u: RaftSetup, useCodec: boolean): Pick<Model<RaftState, RaftAction>, 'codec' | 'representative'> {
  if (!raftCodecFits(u)) return {}
  const codec = raftCodec(u)
  const representative = raftRepresentative(u, codec)
  return useCodec ? { codec, representative } : { representative }
}
