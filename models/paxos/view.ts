/**
 * Paxos as a sequence diagram: a lane per proposer (`p1..pP`), per acceptor (`a1..aN`) and per
 * learner (`l1..lL`). Messages are labelled as they sit in `msgs` (`1a(0)`, `1b(a1,0,-1,None)`,
 * `2a(0,v1)`, `2b(a1,0,v1)`):
 *
 * - `Phase1a` and `RetryLowerBallot`: the proposer sends `1a(b)` to every acceptor.
 * - `Phase1b`: the acceptor receives `1a(b)` and sends its `1b` to the ballot's proposer.
 * - `Phase2a`: the proposer receives the `1b` messages of its ballot and sends `2a(b,v)` to every
 *   acceptor.
 * - `Phase2b`: the acceptor receives `2a(b,v)` and sends its `2b` to every learner.
 * - `Learn`: the learner receives the `2b` messages for the value it decides.
 * - `Crash` and `Restart`: marks on the acceptor's lane.
 *
 * `msgs` is a set that only grows, so the model does not say who a message went to or who read it.
 * "The ballot's proposer" is every proposer running that ballot in the state before the step (two
 * of them under the weakening `sharedBallot`), or, when none still runs it, the proposer that owns
 * it by number (`p(b mod P + 1)`). A delivery no step sent (a proposer reading promises made to
 * another) is drawn as such, which is the point of that weakening's counterexample.
 *
 * Importing this module registers the view under the model's name.
 */
import { registerSequenceView, type FieldPlace, type SequenceEvent, type SequenceView } from '../../src/viewer/sequence.js'
import type { PaxosAction, PaxosState } from './model.js'
import { T1B, T2B, balOf, typeOf } from './messages.js'

const proposer = (i: number): string => `p${i + 1}`
const acceptor = (i: number): string => `a${i + 1}`
const learner = (i: number): string => `l${i + 1}`

/**
 * The proposers that sent the ballot-`b` message this step answers: those running ballot `b`
 * (with value `val`, for a 2a message), else the ballot's owner by number.
 */
function ballotSenders(s: PaxosState, b: number, val: string | null = null): string[] {
  const out: string[] = []
  s.proposers.forEach((p, i) => {
    if (p.bal === b && (val === null || p.val === val)) out.push(proposer(i))
  })
  return out.length > 0 ? out : [proposer(b % s.proposers.length)]
}

/** The acceptor lane of a 1b or 2b message: `1b(a2,...)` -> `a2`. */
function senderOf(m: string): string {
  return m.slice(3, m.indexOf(','))
}

/** The value of a 2b message: `2b(a1,0,v1)` -> `v1`. */
function valueOf2b(m: string): string {
  return m.slice(m.lastIndexOf(',') + 1, -1)
}

const PER_ACCEPTOR = /^(maxBal|maxVBal|maxVal|down)\[(\d+)\]$/
const PER_PROPOSER = /^proposers\[(\d+)\]\.?(.*)$/
const PER_LEARNER = /^decided\[(\d+)\]$/

/** How Paxos reads as a sequence diagram. */
export const paxosView: SequenceView<PaxosState, PaxosAction> = {
  participants: (s) => [
    ...s.proposers.map((_, i) => proposer(i)),
    ...s.maxBal.map((_, i) => acceptor(i)),
    ...s.decided.map((_, i) => learner(i)),
  ],
  events(s, a, t): readonly SequenceEvent[] {
    switch (a.type) {
      case 'Phase1a':
      case 'RetryLowerBallot': {
        const label = `1a(${a.bal})`
        return s.maxBal.map((_, i): SequenceEvent => ({ kind: 'send', from: proposer(a.prop - 1), to: acceptor(i), label }))
      }
      case 'Phase1b': {
        const at = acceptor(a.acc - 1)
        const to = ballotSenders(s, a.bal)
        // The 1b message reports the acceptor's last vote, as messages.ts writes it.
        const reply = `1b(${at},${a.bal},${s.maxVBal[a.acc - 1] ?? -1},${s.maxVal[a.acc - 1] ?? 'None'})`
        return [
          ...to.map((from): SequenceEvent => ({ kind: 'deliver', from, to: at, label: `1a(${a.bal})` })),
          ...to.map((p): SequenceEvent => ({ kind: 'send', from: at, to: p, label: reply })),
        ]
      }
      case 'Phase2a': {
        const p = proposer(a.prop - 1)
        const promises = s.msgs.filter((m) => typeOf(m) === T1B && balOf(m) === a.bal)
        const label = `2a(${a.bal},${a.val})`
        return [
          ...promises.map((m): SequenceEvent => ({ kind: 'deliver', from: senderOf(m), to: p, label: m })),
          ...s.maxBal.map((_, i): SequenceEvent => ({ kind: 'send', from: p, to: acceptor(i), label })),
        ]
      }
      case 'Phase2b': {
        const at = acceptor(a.acc - 1)
        const label = `2a(${a.bal},${a.val})`
        const vote = `2b(${at},${a.bal},${a.val})`
        return [
          ...ballotSenders(s, a.bal, a.val).map((from): SequenceEvent => ({ kind: 'deliver', from, to: at, label })),
          ...s.decided.map((_, i): SequenceEvent => ({ kind: 'send', from: at, to: learner(i), label: vote })),
        ]
      }
      case 'Learn': {
        const at = learner(a.lrn - 1)
        return s.msgs
          .filter((m) => typeOf(m) === T2B && valueOf2b(m) === a.val)
          .map((m): SequenceEvent => ({ kind: 'deliver', from: senderOf(m), to: at, label: m }))
      }
      case 'Crash':
        return [{ kind: 'crash', node: acceptor(a.acc - 1), label: 'crash' }]
      case 'Restart': {
        const i = a.acc - 1
        const forgot = t.maxBal[i] !== s.maxBal[i] || t.maxVBal[i] !== s.maxVBal[i] || t.maxVal[i] !== s.maxVal[i]
        return [{ kind: 'restart', node: acceptor(i), label: forgot ? 'restarts without its promise and vote' : 'restart' }]
      }
      default:
        return []
    }
  },
  field(path): FieldPlace | null {
    let m = PER_ACCEPTOR.exec(path)
    if (m) return { lane: acceptor(Number(m[2])), path: m[1] as string }
    m = PER_PROPOSER.exec(path)
    if (m) return { lane: proposer(Number(m[1])), path: m[2] === '' ? 'state' : (m[2] as string) }
    m = PER_LEARNER.exec(path)
    if (m) return { lane: learner(Number(m[1])), path: 'decided' }
    // `msgs` is drawn as arrows, crashes and restarts as marks; `restarts` is the fault budget.
    if (path === 'msgs' || path === 'restarts') return null
    return { lane: null, path }
  },
}

registerSequenceView('paxos', paxosView)
