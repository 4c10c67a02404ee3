/**
 * A flat encoding of Raft states into 32-bit words, so the explorer fingerprints a state by
 * hashing a few dozen numbers and keeps its frontier without objects. It is an optimisation only:
 * the model is the same with or without it, and the tests check that the state counts agree both
 * ways and that `unpack(pack(s))` equals `s` on every reachable state (the purity check).
 *
 * The encoding is derived from the content alone (no table of first-seen ids), so two searches,
 * or two worker threads, always pack a state to the same words. Per server i, five words:
 *
 *   server:  currentTerm | role << 8 | (votedFor + 1) << 10 | commitIndex << 14
 *   votes:   votesResponded (bit per server) | votesGranted << 8
 *   log:     entry k (1-based) in bits 8(k-1)..8k-1 as term << 3 | value (0 = no entry)
 *   next:    nextIndex[i][j] in bits 8j..8j+7        match: matchIndex[i][j] likewise
 *
 * then one word `restartsLeft + 1`, then the bag: one slot of three words per distinct message
 * (the message's two code words, its count; count 0 = empty slot), then one word per election
 * record: eterm | eleader << 5 | 1 << 7 | elog << 8 (0 = empty slot).
 *
 * It covers the configurations whose values fit those fields (see {@link raftCodecFits}); the
 * proof-only history of `history=1` is not encoded, so that configuration fingerprints the object.
 */
import type { StateCodec } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import type { BagEntry, RaftSetup, RaftState } from './model.js'
import {
  appendEntriesRequest,
  appendEntriesResponse,
  decodeElection,
  decodeMessage,
  encodeElection,
  requestVoteRequest,
  requestVoteResponse,
  serverName,
  type Entry,
  type Log,
  type Role,
  type Server,
} from './wire.js'

const ROLES: readonly Role[] = ['Follower', 'Candidate', 'Leader']
const NONE: readonly never[] = []

/** The largest parameters the encoding holds. */
const MAX = { servers: 4, maxTerm: 31, values: 7, maxLogLen: 3 } as const

/** Election records a state may hold at most: one per term and server, and again after each
 * restart when a restart forgets the term (the `votesNotPersisted` weakening). */
function electionSlots(u: RaftSetup): number {
  return Math.max(1, u.maxTerm - 1) * u.n * (u.weak.votesNotPersisted ? u.restarts + 1 : 1)
}

/** Whether the flat encoding holds every state of this configuration. */
export function raftCodecFits(u: RaftSetup): boolean {
  return (
    !u.history &&
    u.n <= MAX.servers &&
    u.maxTerm <= MAX.maxTerm &&
    u.values <= MAX.values &&
    u.maxLogLen <= MAX.maxLogLen &&
    u.maxMsgs <= 64 &&
    u.maxCopies <= 255 &&
    (u.restarts >= 0 || !u.weak.votesNotPersisted) &&
    u.restarts < 255
  )
}

function roleCode(r: Role): number {
  return r === 'Follower' ? 0 : r === 'Candidate' ? 1 : 2
}

/** The server index of a name `s1`..`s9`. */
function idx(name: Server): number {
  return name.charCodeAt(1) - 49
}

function logCode(log: Log): number {
  let c = 0
  for (let k = 0; k < log.length; k++) {
    const e = log[k] as Entry
    c |= ((e[0] << 3) | e[1]) << (8 * k)
  }
  return c
}

function setMask(names: readonly Server[]): number {
  let m = 0
  for (let k = 0; k < names.length; k++) m |= 1 << idx(names[k] as Server)
  return m
}

function rowCode(row: readonly number[]): number {
  let c = 0
  for (let j = 0; j < row.length; j++) c |= (row[j] as number) << (8 * j)
  return c
}

const T_RVREQ = 0
const T_RVRESP = 1
const T_AEREQ = 2
const T_AERESP = 3

/** The codec of one configuration (which must fit, see {@link raftCodecFits}). */
export function raftCodec(u: RaftSetup): StateCodec<RaftState> {
  if (!raftCodecFits(u)) throw new FaultlineError('raft: this configuration does not fit the flat encoding')
  const n = u.n
  const E0 = 5 * n
  const R = E0 // restartsLeft + 1
  const M0 = R + 1
  const slots = electionSlots(u)
  const L0 = M0 + 3 * u.maxMsgs
  const words = L0 + slots

  // Shared objects for what unpacking rebuilds, so unpacked states share their parts.
  const logs = new Map<number, Log>([[0, NONE]])
  const rows = new Map<number, readonly number[]>([
    [rowCode(u.ones), u.ones],
    [rowCode(u.zeros), u.zeros],
  ])
  const sets: (readonly Server[])[] = []
  for (let m = 0; m < 1 << n; m++) {
    const names: Server[] = []
    for (let j = 0; j < n; j++) if (m & (1 << j)) names.push(serverName(j))
    sets.push(m === 0 ? NONE : names)
  }
  const names = Array.from({ length: n }, (_, j) => serverName(j))
  const messageByCode = new Map<number, string>()
  const electionByCode = new Map<number, string>()

  const logOf = (c: number): Log => {
    let log = logs.get(c)
    if (log === undefined) {
      const out: Entry[] = []
      for (let k = 0; k < 4; k++) {
        const e = (c >>> (8 * k)) & 0xff
        if (e === 0) break
        out.push([e >>> 3, e & 7])
      }
      log = out
      logs.set(c, log)
    }
    return log
  }
  const rowOf = (c: number): readonly number[] => {
    let row = rows.get(c)
    if (row === undefined) {
      const out: number[] = new Array<number>(n)
      for (let j = 0; j < n; j++) out[j] = (c >>> (8 * j)) & 0xff
      row = out
      rows.set(c, row)
    }
    return row
  }

  const onesCode = rowCode(u.ones)
  const code = (row: readonly number[]): number => (row === u.ones ? onesCode : row === u.zeros ? 0 : rowCode(row))

  /** Writes the two code words of a message at `out[at]`, `out[at + 1]`. */
  const packMessage = (key: string, out: Int32Array, at: number): void => {
    const w = decodeMessage(key)
    const m = w.msg
    let a = (w.source << 2) | (w.dest << 6) | (m.mterm << 10)
    let b = 0
    switch (m.mtype) {
      case 'RequestVoteRequest':
        a |= T_RVREQ | (m.mlastLogTerm << 18) | (m.mlastLogIndex << 26)
        break
      case 'RequestVoteResponse':
        a |= T_RVRESP | ((m.mvoteGranted ? 1 : 0) << 18)
        break
      case 'AppendEntriesRequest': {
        a |= T_AEREQ | (m.mprevLogTerm << 18) | (m.mprevLogIndex << 26)
        const e = m.mentries[0]
        b = (e === undefined ? 0 : (e[0] << 3) | e[1]) | (m.mcommitIndex << 8)
        break
      }
      case 'AppendEntriesResponse':
        a |= T_AERESP | ((m.msuccess ? 1 : 0) << 18) | (m.mmatchIndex << 19)
        break
    }
    out[at] = a
    out[at + 1] = b
  }
  const unpackMessage = (a: number, b: number): string => {
    const code = (a >>> 0) * 0x10000 + b
    let key = messageByCode.get(code)
    if (key === undefined) {
      const source = (a >>> 2) & 15
      const dest = (a >>> 6) & 15
      const term = (a >>> 10) & 0xff
      switch (a & 3) {
        case T_RVREQ:
          key = requestVoteRequest(term, (a >>> 18) & 0xff, (a >>> 26) & 63, source, dest).key
          break
        case T_RVRESP:
          key = requestVoteResponse(term, ((a >>> 18) & 1) === 1, null, source, dest).key
          break
        case T_AEREQ: {
          const e = b & 0xff
          const entries: Log = e === 0 ? NONE : logOf(e)
          key = appendEntriesRequest(term, (a >>> 26) & 63, (a >>> 18) & 0xff, entries, null, b >>> 8, source, dest).key
          break
        }
        default:
          key = appendEntriesResponse(term, ((a >>> 18) & 1) === 1, (a >>> 19) & 63, source, dest).key
      }
      messageByCode.set(code, key)
    }
    return key
  }

  return {
    words,
    pack(s, out, at) {
      for (let i = 0; i < n; i++) {
        const o = at + 5 * i
        const voted = s.votedFor[i] as Server | null
        out[o] =
          (s.currentTerm[i] as number) |
          (roleCode(s.state[i] as Role) << 8) |
          ((voted === null ? 0 : idx(voted) + 1) << 10) |
          ((s.commitIndex[i] as number) << 14)
        out[o + 1] = setMask(s.votesResponded[i] as readonly Server[]) | (setMask(s.votesGranted[i] as readonly Server[]) << 8)
        out[o + 2] = logCode(s.log[i] as Log)
        out[o + 3] = code(s.nextIndex[i] as readonly number[])
        out[o + 4] = code(s.matchIndex[i] as readonly number[])
      }
      out[at + R] = s.restartsLeft + 1
      const bag = s.messages
      if (bag.length > u.maxMsgs) throw new FaultlineError(`raft codec: ${bag.length} messages in flight, more than maxMsgs`)
      for (let k = 0; k < u.maxMsgs; k++) {
        const o = at + M0 + 3 * k
        const e = bag[k]
        if (e === undefined) {
          out[o] = 0
          out[o + 1] = 0
          out[o + 2] = 0
        } else {
          packMessage(e[0], out, o)
          out[o + 2] = e[1]
        }
      }
      const es = s.elections
      if (es.length > slots) throw new FaultlineError(`raft codec: ${es.length} election records, more than ${slots}`)
      for (let k = 0; k < slots; k++) {
        const key = es[k]
        if (key === undefined) {
          out[at + L0 + k] = 0
        } else {
          const e = decodeElection(key)
          // term: 5 bits, leader: 2 bits, present: 1 bit, elog: 3 entries of 8 bits
          out[at + L0 + k] = e.eterm | (idx(e.eleader) << 5) | (1 << 7) | (logCode(e.elog) << 8)
        }
      }
    },
    unpack(w, at) {
      const currentTerm = new Array<number>(n)
      const state = new Array<Role>(n)
      const votedFor = new Array<Server | null>(n)
      const commitIndex = new Array<number>(n)
      const votesResponded = new Array<readonly Server[]>(n)
      const votesGranted = new Array<readonly Server[]>(n)
      const log = new Array<Log>(n)
      const nextIndex = new Array<readonly number[]>(n)
      const matchIndex = new Array<readonly number[]>(n)
      for (let i = 0; i < n; i++) {
        const o = at + 5 * i
        const a = w[o] as number
        currentTerm[i] = a & 0xff
        state[i] = ROLES[(a >>> 8) & 3] as Role
        const v = (a >>> 10) & 15
        votedFor[i] = v === 0 ? null : (names[v - 1] as Server)
        commitIndex[i] = (a >>> 14) & 0xff
        const votes = w[o + 1] as number
        votesResponded[i] = sets[votes & 0xff] as readonly Server[]
        votesGranted[i] = sets[(votes >>> 8) & 0xff] as readonly Server[]
        log[i] = logOf(w[o + 2] as number)
        nextIndex[i] = rowOf(w[o + 3] as number)
        matchIndex[i] = rowOf(w[o + 4] as number)
      }
      const messages: BagEntry[] = []
      for (let k = 0; k < u.maxMsgs; k++) {
        const o = at + M0 + 3 * k
        const count = w[o + 2] as number
        if (count === 0) break
        messages.push([unpackMessage(w[o] as number, w[o + 1] as number), count])
      }
      const elections: string[] = []
      for (let k = 0; k < slots; k++) {
        const c = w[at + L0 + k] as number
        if (c === 0) break
        let key = electionByCode.get(c)
        if (key === undefined) {
          key = encodeElection(c & 31, (c >>> 5) & 3, logOf(c >>> 8), null, null)
          electionByCode.set(c, key)
        }
        elections.push(key)
      }
      return {
        allLogs: NONE,
        commitIndex,
        currentTerm,
        elections: elections.length === 0 ? NONE : elections,
        log,
        matchIndex,
        messages: messages.length === 0 ? NONE : messages,
        nextIndex,
        restartsLeft: (w[at + R] as number) - 1,
        state,
        votedFor,
        voterLog: NONE,
        votesGranted,
        votesResponded,
      }
    },
  }
}
