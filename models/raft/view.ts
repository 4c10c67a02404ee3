/**
 * Raft as a sequence diagram: a lane per server (`s1..sN`). The bag `messages` says what is in
 * flight, so a send is every copy a step added to it, and a message is labelled with its text in
 * the bag without the endpoints (see {@link raftMessageLabel}): `RVReq t2 lastLog=t0@0`,
 * `AEReq t2 [2:v1] prevLog=t0@0 commit=0`, `AEResp t2 success match=1` (formats in wire.ts).
 *
 * - `Receive(m)` that consumes `m` delivers it from `msource` to `mdest`; the reply it puts in the
 *   bag is a send. raft.tla also has receive steps that leave `m` in flight (`UpdateTerm`, a
 *   candidate returning to follower, a follower removing a conflicting entry or appending the
 *   entry): those are local steps of `mdest`, and the arrow ends where `m` is finally consumed.
 * - `DuplicateMessage` and `DropMessage` are the network's duplicate and drop.
 * - `Restart(i)` is a restart (raft.tla's crash and recovery in one step).
 * - `Timeout`, `BecomeLeader`, `ClientRequest` and `AdvanceCommitIndex` are local steps.
 *
 * Importing this module registers the view under the model's name.
 */
import { registerSequenceView, type FieldPlace, type SequenceEvent, type SequenceView } from '../../src/viewer/sequence.js'
import type { BagEntry, RaftAction, RaftState } from './model.js'
import { decodeMessage, encodeLog, type Log, type Wire } from './wire.js'

const server = (i: number): string => `s${i + 1}`

/**
 * A message's label: its text in the bag without the `s1>s2 ` endpoints, which the arrow shows.
 * An AppendEntries request shows its entries right after the term (`AEReq t3 [3:v1] prevLog=t0@0
 * commit=0`), so they survive when a renderer cuts a long label short.
 */
export function raftMessageLabel(m: string): string {
  const bare = m.replace(/^(\S+) s\d+>s\d+ /, '$1 ')
  return bare.replace(/^AEReq (t\d+) (prevLog=\S+) entries=(\S+) /, 'AEReq $1 $3 $2 ')
}

const send = (w: Wire): SequenceEvent => ({ kind: 'send', from: server(w.source), to: server(w.dest), label: raftMessageLabel(w.key) })

/** The copies in bag `b` beyond those in bag `a` (both sorted by message), as sends. */
function sendsBetween(a: readonly BagEntry[], b: readonly BagEntry[], consumed: string | null): SequenceEvent[] {
  const before = new Map<string, number>()
  for (const [m, c] of a) before.set(m, c)
  if (consumed !== null) before.set(consumed, (before.get(consumed) ?? 0) - 1)
  const out: SequenceEvent[] = []
  for (const [m, c] of b) {
    const extra = c - Math.max(0, before.get(m) ?? 0)
    for (let k = 0; k < extra; k++) out.push(send(decodeMessage(m)))
  }
  return out
}

function copies(bag: readonly BagEntry[], m: string): number {
  for (const [x, c] of bag) if (x === m) return c
  return 0
}

/** What a receive step that leaves the message in flight did at the recipient. */
function peekLabel(s: RaftState, t: RaftState, w: Wire): string {
  const i = w.dest
  const what = raftMessageLabel(w.key).split(' ')[0] ?? ''
  if (w.msg.mterm > (s.currentTerm[i] ?? 0)) return `adopts term ${w.msg.mterm} from ${what} (UpdateTerm); ${what} stays in flight`
  if (s.state[i] !== t.state[i]) return `returns to ${t.state[i] ?? '?'} on ${what}; ${what} stays in flight`
  const before = (s.log[i] ?? []) as Log
  const after = (t.log[i] ?? []) as Log
  if (after.length < before.length) return `removes a conflicting entry on ${what}; ${what} stays in flight`
  if (after.length > before.length) return `appends ${encodeLog(after.slice(before.length))} from ${what}; ${what} stays in flight`
  return `handles ${what}; ${what} stays in flight`
}

const PER_SERVER = /^([A-Za-z]+)\[(\d+)\](?:\[(\d+)\])?(.*)$/
/** History variables (read only by properties), the fault budget and the bag (drawn as arrows). */
const LEFT_OUT = new Set(['messages', 'allLogs', 'elections', 'voterLog', 'restartsLeft'])
/** Per-server arrays indexed a second time by server. */
const PER_PEER = new Set(['matchIndex', 'nextIndex'])

/** How Raft reads as a sequence diagram. */
export const raftView: SequenceView<RaftState, RaftAction> = {
  participants: (s) => s.currentTerm.map((_, i) => server(i)),
  initial: (s) => sendsBetween([], s.messages, null),
  events(s, a, t): readonly SequenceEvent[] {
    switch (a.type) {
      case 'Receive': {
        const w = decodeMessage(a.m)
        if (copies(t.messages, a.m) >= copies(s.messages, a.m)) {
          return [{ kind: 'local', node: server(w.dest), label: peekLabel(s, t, w) }]
        }
        const ev: SequenceEvent = { kind: 'deliver', from: server(w.source), to: server(w.dest), label: raftMessageLabel(a.m) }
        return [ev, ...sendsBetween(s.messages, t.messages, a.m)]
      }
      case 'DuplicateMessage': {
        const w = decodeMessage(a.m)
        return [{ kind: 'duplicate', from: server(w.source), to: server(w.dest), label: raftMessageLabel(a.m) }]
      }
      case 'DropMessage': {
        const w = decodeMessage(a.m)
        return [{ kind: 'drop', from: server(w.source), to: server(w.dest), label: raftMessageLabel(a.m), reason: 'dropped' }]
      }
      case 'RequestVote':
      case 'AppendEntries':
        return sendsBetween(s.messages, t.messages, null)
      case 'Restart': {
        const i = Number(a.i.slice(1)) - 1
        const forgot = t.currentTerm[i] !== s.currentTerm[i] || t.votedFor[i] !== s.votedFor[i]
        return [{ kind: 'restart', node: a.i, label: forgot ? 'restarts without its term and vote' : 'restart' }]
      }
      case 'Timeout': {
        const term = t.currentTerm[Number(a.i.slice(1)) - 1] ?? 0
        return [{ kind: 'local', node: a.i, label: `times out, candidate in term ${term}` }]
      }
      case 'BecomeLeader': {
        const term = s.currentTerm[Number(a.i.slice(1)) - 1] ?? 0
        return [{ kind: 'local', node: a.i, label: `becomes leader of term ${term}` }]
      }
      case 'ClientRequest':
        return [{ kind: 'local', node: a.i, label: `client request v${a.v}` }]
      case 'AdvanceCommitIndex': {
        const c = t.commitIndex[Number(a.i.slice(1)) - 1] ?? 0
        return [{ kind: 'local', node: a.i, label: `commits up to index ${c}` }]
      }
      default:
        return []
    }
  },
  field(path): FieldPlace | null {
    const m = PER_SERVER.exec(path)
    const key = m ? (m[1] as string) : (/^[A-Za-z]+/.exec(path)?.[0] ?? path)
    if (LEFT_OUT.has(key)) return null
    if (m) {
      // `matchIndex[i][j]` and `nextIndex[i][j]` are leader i's view of server j.
      const second = m[3] === undefined ? '' : PER_PEER.has(key) ? `[${server(Number(m[3]))}]` : `[${m[3]}]`
      return { lane: server(Number(m[2])), path: `${key}${second}${m[4] ?? ''}` }
    }
    return { lane: null, path }
  },
}

registerSequenceView('raft', raftView)
