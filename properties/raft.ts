/**
 * Properties of the Raft model (models/raft): the safety properties of the Raft paper's Figure 3
 * (the dissertation's Figure 3.2), each a named `always`, and `sometimes` witnesses that show the
 * configuration is big enough for them to mean something (a leader is elected, an entry is
 * committed, leadership passes to a second term).
 *
 * They run in every state a search visits, so they are plain loops; the history variables
 * (`elections`, `allLogs`) are decoded through the interning tables in wire.ts, not parsed.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import type { RaftState } from '../models/raft/model.js'
import { decodeElection, decodeLog, type Entry, type Log } from '../models/raft/wire.js'

/** Whether two logs hold the same entry at 1-based index `k`. */
function sameEntry(a: Log, b: Log, k: number): boolean {
  const x = a[k - 1]
  const y = b[k - 1]
  return x !== undefined && y !== undefined && x[0] === y[0] && x[1] === y[1]
}

/** Log Matching for two logs: if they hold an entry with the same index and term, they are
 * identical up to and including that index. */
function logsMatch(a: Log, b: Log): boolean {
  let k = Math.min(a.length, b.length)
  // The highest index where the terms agree decides: everything up to it must be equal.
  while (k > 0 && (a[k - 1] as Entry)[0] !== (b[k - 1] as Entry)[0]) k--
  for (; k > 0; k--) if (!sameEntry(a, b, k)) return false
  return true
}

/** `ElectionSafety`: at most one leader is elected in a term (over the `elections` history). */
export function electionSafety(s: RaftState): boolean {
  const es = s.elections
  for (let x = 0; x < es.length; x++) {
    const e = decodeElection(es[x] as string)
    for (let y = x + 1; y < es.length; y++) {
      const f = decodeElection(es[y] as string)
      if (e.eterm === f.eterm && e.eleader !== f.eleader) return false
    }
  }
  return true
}

/** `LogMatching`: any two logs (the servers' logs now, and with history every log ever held)
 * that share an entry's index and term are identical up to that index. */
export function logMatching(s: RaftState): boolean {
  const logs = s.log
  for (let i = 0; i < logs.length; i++) {
    for (let j = i + 1; j < logs.length; j++) if (!logsMatch(logs[i] as Log, logs[j] as Log)) return false
  }
  const all = s.allLogs
  if (all.length === 0) return true
  const seen: Log[] = logs.slice()
  for (let x = 0; x < all.length; x++) seen.push(decodeLog(all[x] as string))
  for (let x = logs.length; x < seen.length; x++) {
    for (let y = 0; y < x; y++) if (!logsMatch(seen[x] as Log, seen[y] as Log)) return false
  }
  return true
}

/**
 * `LeaderCompleteness`: an entry committed in some term is in the log of every leader elected in
 * a later term. The state does not record the term an entry was committed in; it is at most the
 * committing server's currentTerm (terms only grow, and a server commits or learns a commit only
 * in its current term), so every election after that term is checked, and no correct run is
 * flagged.
 */
export function leaderCompleteness(s: RaftState): boolean {
  const es = s.elections
  if (es.length === 0) return true
  for (let i = 0; i < s.log.length; i++) {
    const log = s.log[i] as Log
    const committed = Math.min(s.commitIndex[i] as number, log.length)
    if (committed === 0) continue
    const term = s.currentTerm[i] as number
    for (let x = 0; x < es.length; x++) {
      const e = decodeElection(es[x] as string)
      if (e.eterm <= term) continue
      for (let k = 1; k <= committed; k++) if (!sameEntry(log, e.elog, k)) return false
    }
  }
  return true
}

/**
 * `StateMachineSafety`: no two servers have committed different entries at the same index. A
 * server that has committed index k must hold an entry there (the TLA+ formula
 * `\A i, j \in Server : \A k \in 1..Min({commitIndex[i], commitIndex[j]}) : log[i][k] = log[j][k]`
 * taken with i = j): a server cannot apply an entry it does not have.
 */
export function stateMachineSafety(s: RaftState): boolean {
  const logs = s.log
  for (let i = 0; i < logs.length; i++) {
    const a = logs[i] as Log
    const ca = s.commitIndex[i] as number
    if (ca > a.length) return false
    if (ca === 0) continue
    for (let j = i + 1; j < logs.length; j++) {
      const b = logs[j] as Log
      const upTo = Math.min(ca, s.commitIndex[j] as number, b.length)
      for (let k = 1; k <= upTo; k++) if (!sameEntry(a, b, k)) return false
    }
  }
  return true
}

/** `LeaderElected`: some server becomes leader. */
export function leaderElected(s: RaftState): boolean {
  return s.elections.length > 0
}

/** `EntryCommitted`: some server marks an entry committed. */
export function entryCommitted(s: RaftState): boolean {
  for (let i = 0; i < s.commitIndex.length; i++) if ((s.commitIndex[i] as number) > 0) return true
  return false
}

/** `SecondTerm`: leadership passes on, that is leaders have been elected in two different terms. */
export function secondTerm(s: RaftState): boolean {
  const es = s.elections
  if (es.length < 2) return false
  const first = decodeElection(es[0] as string).eterm
  for (let x = 1; x < es.length; x++) if (decodeElection(es[x] as string).eterm !== first) return true
  return false
}

/** The properties of the Raft model, invariants first. */
export function raftProperties(): readonly Property<RaftState>[] {
  return [
    always<RaftState>('ElectionSafety', electionSafety, 'At most one leader is elected in any one term.'),
    always<RaftState>(
      'LogMatching',
      logMatching,
      'Two logs with an entry of the same index and term are identical up to that index.',
    ),
    always<RaftState>(
      'LeaderCompleteness',
      leaderCompleteness,
      'An entry committed in a term is in the log of every leader of a later term.',
    ),
    always<RaftState>(
      'StateMachineSafety',
      stateMachineSafety,
      'No two servers have committed different entries at the same index.',
    ),
    sometimes<RaftState>('LeaderElected', leaderElected, 'Some server is elected leader.'),
    sometimes<RaftState>('EntryCommitted', entryCommitted, 'Some server marks an entry committed.'),
    sometimes<RaftState>('SecondTerm', secondTerm, 'Leaders are elected in two different terms.'),
  ]
}
