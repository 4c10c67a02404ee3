/**
 * Raft's data on the wire and in the history variables: log entries, messages and election
 * records, each with one canonical string form.
 *
 * Messages and election records sit in the state as short canonical strings, not records. A
 * string is plain data, it sorts with `<` (so the message bag and the `elections` set stay sorted
 * without a comparator), and it fingerprints several times faster than a record with eight keys,
 * which matters because every successor state is fingerprinted. The handlers never parse those
 * strings: each one is interned with its decoded record (spec field names: `mterm`,
 * `mprevLogIndex`, ...) when it is built, and `decodeMessage` is a table lookup. A string that was
 * built elsewhere (another worker thread, a state read from a file) is parsed once and interned.
 *
 * Formats (servers are `s1`..`sN`, an entry is `term:value`, a log is `[1:v1,2:v2]`):
 *
 * ```
 * RVReq s1>s2 t2 lastLog=t1@3                       RequestVoteRequest, mlastLogTerm 1, mlastLogIndex 3
 * RVResp s2>s1 t2 granted log=[1:v1]                RequestVoteResponse (log= only with history)
 * AEReq s1>s2 t2 prevLog=t1@1 entries=[2:v1] commit=1 log=[1:v1,2:v1]
 * AEResp s2>s1 t2 success match=2                   AppendEntriesResponse (or failure match=0)
 * t2 s1 elog=[1:v1] evotes=[s1,s2] evoterLog={s1:[],s2:[1:v1]}   an election (evotes.. with history)
 * ```
 */
import { FaultlineError } from '../../src/core/errors.js'

/** A server's state; the spec's constants `Follower`, `Candidate`, `Leader`. */
export type Role = 'Follower' | 'Candidate' | 'Leader'

/** A server name, `s1`..`sN`. */
export type Server = string

/** A log entry `[term |-> t, value |-> v]` as the pair `[t, v]`; value `v` is the client value `v<v>`. */
export type Entry = readonly [term: number, value: number]

/** A log: index k of the spec (1-based) is element k-1. */
export type Log = readonly Entry[]

/** `RequestVoteRequest`: candidate `msource` asks `mdest` for its vote in term `mterm`. */
export interface RequestVoteRequest {
  readonly mtype: 'RequestVoteRequest'
  readonly mterm: number
  readonly mlastLogTerm: number
  readonly mlastLogIndex: number
  readonly msource: Server
  readonly mdest: Server
}

/** `RequestVoteResponse`; `mlog` (the voter's log, encoded) is the spec's proof-only field, `null` without history. */
export interface RequestVoteResponse {
  readonly mtype: 'RequestVoteResponse'
  readonly mterm: number
  readonly mvoteGranted: boolean
  readonly mlog: string | null
  readonly msource: Server
  readonly mdest: Server
}

/** `AppendEntriesRequest` with at most one entry; `mlog` (the leader's log, encoded) is proof-only. */
export interface AppendEntriesRequest {
  readonly mtype: 'AppendEntriesRequest'
  readonly mterm: number
  readonly mprevLogIndex: number
  readonly mprevLogTerm: number
  readonly mentries: Log
  readonly mlog: string | null
  readonly mcommitIndex: number
  readonly msource: Server
  readonly mdest: Server
}

/** `AppendEntriesResponse`. */
export interface AppendEntriesResponse {
  readonly mtype: 'AppendEntriesResponse'
  readonly mterm: number
  readonly msuccess: boolean
  readonly mmatchIndex: number
  readonly msource: Server
  readonly mdest: Server
}

export type Message = RequestVoteRequest | RequestVoteResponse | AppendEntriesRequest | AppendEntriesResponse

/**
 * One record of the `elections` history variable (raft.tla's BecomeLeader). `evotes` and
 * `evoterLog` are kept only with the spec's full history (`null` otherwise); `evoterLog` lists
 * each voter with its log, encoded.
 */
export interface Election {
  readonly eterm: number
  readonly eleader: Server
  readonly elog: Log
  readonly evotes: readonly Server[] | null
  readonly evoterLog: readonly (readonly [Server, string])[] | null
}

/** A message as interned: the decoded record plus the sender and receiver as 0-based indexes. */
export interface Wire {
  readonly key: string
  readonly msg: Message
  /** Index of `mdest`, the server that receives it (the spec's `i` in the handlers). */
  readonly dest: number
  /** Index of `msource`, the server that sent it (the spec's `j`). */
  readonly source: number
}

// ---------------------------------------------------------------------------------------------
// Names and logs

/** The name of server index `i` (0-based): `s1` for 0. */
export function serverName(i: number): Server {
  return `s${i + 1}`
}

/** The 0-based index of a server name, or a loud error for anything else. */
export function serverIndex(name: string): number {
  const m = /^s([1-9][0-9]*)$/.exec(name)
  if (!m) throw new FaultlineError(`unknown server ${name}; servers are named s1..sN`)
  return Number(m[1]) - 1
}

const logKeys = new WeakMap<Log, string>()

/** The canonical text of a log: `[1:v1,2:v1]`. Cached per log array (logs are shared, never mutated). */
export function encodeLog(log: Log): string {
  let k = logKeys.get(log)
  if (k === undefined) {
    k = '['
    for (let x = 0; x < log.length; x++) {
      const e = log[x] as Entry
      if (x > 0) k += ','
      k += `${e[0]}:v${e[1]}`
    }
    k += ']'
    logKeys.set(log, k)
  }
  return k
}

const parsedLogs = new Map<string, Log>()

/** The log a canonical log text stands for (inverse of {@link encodeLog}). */
export function decodeLog(text: string): Log {
  let log = parsedLogs.get(text)
  if (log !== undefined) return log
  if (!/^\[([0-9]+:v[0-9]+(,[0-9]+:v[0-9]+)*)?\]$/.test(text)) throw new FaultlineError(`not a Raft log: ${text}`)
  const body = text.slice(1, -1)
  log = body === '' ? [] : body.split(',').map((e): Entry => {
    const [t, v] = e.split(':v')
    return [Number(t), Number(v)]
  })
  parsedLogs.set(text, log)
  logKeys.set(log, text)
  return log
}

// ---------------------------------------------------------------------------------------------
// Messages

const wires = new Map<string, Wire>()

function intern(key: string, make: () => Message): Wire {
  let w = wires.get(key)
  if (w === undefined) {
    const msg = make()
    w = { key, msg, dest: serverIndex(msg.mdest), source: serverIndex(msg.msource) }
    wires.set(key, w)
  }
  return w
}

/** Builds (and interns) a `RequestVoteRequest` from server index `i` to `j`. */
export function requestVoteRequest(term: number, lastLogTerm: number, lastLogIndex: number, i: number, j: number): Wire {
  const key = `RVReq s${i + 1}>s${j + 1} t${term} lastLog=t${lastLogTerm}@${lastLogIndex}`
  return intern(key, () => ({
    mtype: 'RequestVoteRequest',
    mterm: term,
    mlastLogTerm: lastLogTerm,
    mlastLogIndex: lastLogIndex,
    msource: serverName(i),
    mdest: serverName(j),
  }))
}

/** Builds (and interns) a `RequestVoteResponse` from server index `i` to `j`. */
export function requestVoteResponse(term: number, granted: boolean, mlog: string | null, i: number, j: number): Wire {
  const key = `RVResp s${i + 1}>s${j + 1} t${term} ${granted ? 'granted' : 'denied'}${mlog === null ? '' : ` log=${mlog}`}`
  return intern(key, () => ({
    mtype: 'RequestVoteResponse',
    mterm: term,
    mvoteGranted: granted,
    mlog,
    msource: serverName(i),
    mdest: serverName(j),
  }))
}

/** Builds (and interns) an `AppendEntriesRequest` from server index `i` to `j`. */
export function appendEntriesRequest(
  term: number,
  prevLogIndex: number,
  prevLogTerm: number,
  entries: Log,
  mlog: string | null,
  commitIndex: number,
  i: number,
  j: number,
): Wire {
  const key =
    `AEReq s${i + 1}>s${j + 1} t${term} prevLog=t${prevLogTerm}@${prevLogIndex} entries=${encodeLog(entries)} commit=${commitIndex}` +
    (mlog === null ? '' : ` log=${mlog}`)
  return intern(key, () => ({
    mtype: 'AppendEntriesRequest',
    mterm: term,
    mprevLogIndex: prevLogIndex,
    mprevLogTerm: prevLogTerm,
    mentries: entries,
    mlog,
    mcommitIndex: commitIndex,
    msource: serverName(i),
    mdest: serverName(j),
  }))
}

/** Builds (and interns) an `AppendEntriesResponse` from server index `i` to `j`. */
export function appendEntriesResponse(term: number, success: boolean, matchIndex: number, i: number, j: number): Wire {
  const key = `AEResp s${i + 1}>s${j + 1} t${term} ${success ? 'success' : 'failure'} match=${matchIndex}`
  return intern(key, () => ({
    mtype: 'AppendEntriesResponse',
    mterm: term,
    msuccess: success,
    mmatchIndex: matchIndex,
    msource: serverName(i),
    mdest: serverName(j),
  }))
}

const LOG = String.raw`\[[^\]]*\]`
const RV_REQ = new RegExp(String.raw`^RVReq s(\d+)>s(\d+) t(\d+) lastLog=t(\d+)@(\d+)$`)
const RV_RESP = new RegExp(String.raw`^RVResp s(\d+)>s(\d+) t(\d+) (granted|denied)(?: log=(${LOG}))?$`)
const AE_REQ = new RegExp(
  String.raw`^AEReq s(\d+)>s(\d+) t(\d+) prevLog=t(\d+)@(\d+) entries=(${LOG}) commit=(\d+)(?: log=(${LOG}))?$`,
)
const AE_RESP = new RegExp(String.raw`^AEResp s(\d+)>s(\d+) t(\d+) (success|failure) match=(\d+)$`)

/** The interned message a canonical message text stands for; parses (once) a text built elsewhere. */
export function decodeMessage(key: string): Wire {
  const w = wires.get(key)
  if (w !== undefined) return w
  const n = (x: string | undefined): number => Number(x)
  let m: RegExpExecArray | null
  let built: Wire | undefined
  if ((m = RV_REQ.exec(key))) built = requestVoteRequest(n(m[3]), n(m[4]), n(m[5]), n(m[1]) - 1, n(m[2]) - 1)
  else if ((m = RV_RESP.exec(key))) built = requestVoteResponse(n(m[3]), m[4] === 'granted', m[5] ?? null, n(m[1]) - 1, n(m[2]) - 1)
  else if ((m = AE_REQ.exec(key)))
    built = appendEntriesRequest(n(m[3]), n(m[5]), n(m[4]), decodeLog(m[6] ?? ''), m[8] ?? null, n(m[7]), n(m[1]) - 1, n(m[2]) - 1)
  else if ((m = AE_RESP.exec(key))) built = appendEntriesResponse(n(m[3]), m[4] === 'success', n(m[5]), n(m[1]) - 1, n(m[2]) - 1)
  if (built === undefined || built.key !== key) throw new FaultlineError(`not a Raft message: ${key}`)
  return built
}

/** The message in the spec's words, for actions and traces: `AppendEntriesRequest s1->s2 term 2 ...`. */
export function describeMessage(msg: Message): string {
  const head = `${msg.mtype} ${msg.msource}->${msg.mdest} term ${msg.mterm}`
  switch (msg.mtype) {
    case 'RequestVoteRequest':
      return `${head} lastLogTerm ${msg.mlastLogTerm} lastLogIndex ${msg.mlastLogIndex}`
    case 'RequestVoteResponse':
      return `${head} ${msg.mvoteGranted ? 'granted' : 'denied'}`
    case 'AppendEntriesRequest':
      return `${head} prevLogIndex ${msg.mprevLogIndex} prevLogTerm ${msg.mprevLogTerm} entries ${encodeLog(msg.mentries)} commitIndex ${msg.mcommitIndex}`
    case 'AppendEntriesResponse':
      return `${head} ${msg.msuccess ? 'success' : 'failure'} matchIndex ${msg.mmatchIndex}`
  }
}

// ---------------------------------------------------------------------------------------------
// Election records

const elections = new Map<string, Election>()

/**
 * The canonical text of an election record. `votes` and `voterLog` (one encoded log or null per
 * server) are given only when the spec's full history is kept.
 */
export function encodeElection(
  term: number,
  leader: number,
  log: Log,
  votes: readonly Server[] | null,
  voterLog: readonly (string | null)[] | null,
): string {
  let key = `t${term} s${leader + 1} elog=${encodeLog(log)}`
  if (votes !== null && voterLog !== null) {
    const vl: (readonly [Server, string])[] = []
    for (let k = 0; k < voterLog.length; k++) {
      const l = voterLog[k]
      if (l !== null && l !== undefined) vl.push([serverName(k), l])
    }
    key += ` evotes=[${votes.join(',')}] evoterLog={${vl.map(([s, l]) => `${s}:${l}`).join(',')}}`
    if (!elections.has(key)) elections.set(key, { eterm: term, eleader: serverName(leader), elog: log, evotes: votes, evoterLog: vl })
  } else if (!elections.has(key)) {
    elections.set(key, { eterm: term, eleader: serverName(leader), elog: log, evotes: null, evoterLog: null })
  }
  return key
}

const ELECTION = new RegExp(
  String.raw`^t(\d+) (s\d+) elog=(${LOG})(?: evotes=\[([^\]]*)\] evoterLog=\{(.*)\})?$`,
)

/** The election record a canonical election text stands for. */
export function decodeElection(key: string): Election {
  const e = elections.get(key)
  if (e !== undefined) return e
  const m = ELECTION.exec(key)
  if (!m) throw new FaultlineError(`not a Raft election record: ${key}`)
  const votes = m[4] === undefined ? null : m[4] === '' ? [] : m[4].split(',')
  const voterLog =
    m[5] === undefined
      ? null
      : m[5] === ''
        ? []
        : (m[5].match(/s\d+:\[[^\]]*\]/g) ?? []).map((x): readonly [Server, string] => {
            const c = x.indexOf(':')
            return [x.slice(0, c), x.slice(c + 1)]
          })
  const rec: Election = { eterm: Number(m[1]), eleader: m[2] ?? '', elog: decodeLog(m[3] ?? '[]'), evotes: votes, evoterLog: voterLog }
  elections.set(key, rec)
  return rec
}
