/**
 * Properties of the Paxos model (models/paxos). `Agreement`, `Validity` and `LearnedIsChosen` are
 * the three safety requirements of "Paxos Made Simple"; `OneValuePerBallot` and `VotesSafe` are
 * the conjuncts of the invariant of `Voting.tla` (which `Paxos.tla` refines), over the votes that
 * 2b messages record; `QuorumIntersection` checks the quorums the run actually assembled.
 *
 * Quorums come in two sizes: `q1` (the 1b messages a proposer needs) and `q2` (the votes that
 * choose a value). They are both a majority unless the `nonIntersectingQuorums` weakening shrinks
 * `q2`. `chosen` counts `q2` votes in one ballot; `VotesSafe` asks for `q1` acceptors, which is
 * Lamport's `\E Q \in Quorum` with the quorums the proposers use.
 *
 * These run in every state of a search, so they read the message strings in place and share one
 * tally per state (the search checks every property of a state before it moves to the next).
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import type { PaxosSetup, PaxosState } from '../models/paxos/model.js'
import { T1B, T2A, T2B, accOf, balOf, typeOf, valOf } from '../models/paxos/messages.js'

/** What the message set says, by ballot: who promised, whether a 2a went out, who voted for what. */
export interface PaxosTally {
  /** `promised[b]`: bitmask of acceptors that sent a 1b message in ballot `b`. */
  readonly promised: Int32Array
  /** `proposedIn[b]`: bitmask of values sent in a 2a message of ballot `b`. */
  readonly proposedIn: Int32Array
  /** `voted[b * V + v]`: bitmask of acceptors that voted for value `v` in ballot `b` (`votes`). */
  readonly voted: Int32Array
  /** `votedAny[b]`: bitmask of acceptors that voted in ballot `b`. */
  readonly votedAny: Int32Array
  /** Bitmask of the values in `chosen` (Voting.tla): `q2` acceptors voted for it in one ballot. */
  readonly chosen: number
  /** Bitmask of the values some learner decided. */
  readonly decided: number
}

function popcount(x: number): number {
  let c = 0
  for (let y = x; y !== 0; y &= y - 1) c++
  return c
}

function valueBit(v: string): number {
  return 1 << (v.charCodeAt(1) - 49)
}

/** Buffers for {@link tallyOf}, sized for one configuration and reused from state to state. */
export interface TallyBuffers {
  readonly promised: Int32Array
  readonly proposedIn: Int32Array
  readonly voted: Int32Array
  readonly votedAny: Int32Array
}

/** Fresh buffers for the tallies of configuration `u`. */
export function tallyBuffers(u: PaxosSetup): TallyBuffers {
  return {
    promised: new Int32Array(u.nb),
    proposedIn: new Int32Array(u.nb),
    voted: new Int32Array(u.nb * u.values.length),
    votedAny: new Int32Array(u.nb),
  }
}

/**
 * Reads the message set of `s` into a {@link PaxosTally} held in `buf` (so it is valid until the
 * next tally into the same buffers).
 */
export function tallyOf(u: PaxosSetup, s: PaxosState, buf: TallyBuffers = tallyBuffers(u)): PaxosTally {
  const nb = u.nb
  const nv = u.values.length
  const { promised, proposedIn, voted, votedAny } = buf
  promised.fill(0)
  proposedIn.fill(0)
  voted.fill(0)
  votedAny.fill(0)
  const msgs = s.msgs
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i] as string
    const t = typeOf(m)
    if (t === T1B) {
      const b = balOf(m)
      promised[b] = (promised[b] as number) | (1 << accOf(m))
    } else if (t === T2A) {
      const b = balOf(m)
      proposedIn[b] = (proposedIn[b] as number) | (1 << valOf(m))
    } else if (t === T2B) {
      const b = balOf(m)
      const bit = 1 << accOf(m)
      const k = b * nv + valOf(m)
      voted[k] = (voted[k] as number) | bit
      votedAny[b] = (votedAny[b] as number) | bit
    }
  }
  let chosen = 0
  for (let k = 0; k < nb * nv; k++) if (popcount(voted[k] as number) >= u.q2) chosen |= 1 << k % nv
  let decided = 0
  for (const d of s.decided) if (d !== null) decided |= valueBit(d)
  return { promised, proposedIn, voted, votedAny, chosen, decided }
}

/** `Agreement`: at most one value is chosen or decided by a learner. */
export function agreement(t: PaxosTally): boolean {
  return popcount(t.chosen | t.decided) <= 1
}

/**
 * `LearnedIsChosen`: a learner decides only a value that is chosen ("a process never learns that
 * a value has been chosen unless it actually has been", Paxos Made Simple).
 */
export function learnedIsChosen(t: PaxosTally): boolean {
  return (t.decided & ~t.chosen) === 0
}

/** `Validity`: a value chosen or decided is one a proposer took as its own. */
export function validity(t: PaxosTally, s: PaxosState): boolean {
  let proposed = 0
  for (const v of s.proposed) proposed |= valueBit(v)
  return ((t.chosen | t.decided) & ~proposed) === 0
}

/** `OneValuePerBallot` (Voting.tla): no two acceptors vote for different values in one ballot. */
export function oneValuePerBallot(u: PaxosSetup, t: PaxosTally): boolean {
  const nv = u.values.length
  for (let b = 0; b < u.nb; b++) {
    let values = 0
    for (let v = 0; v < nv; v++) if (t.voted[b * nv + v] !== 0) values++
    if (values > 1) return false
  }
  return true
}

/**
 * `VotesSafe` (Voting.tla): every vote `(b, v)` is `SafeAt(b, v)`: for each lower ballot `c`, some
 * quorum's acceptors each voted for `v` in `c` or can no longer vote in `c` (`maxBal > c` and no
 * vote in `c`), so no other value is chosen or choosable in `c`.
 */
export function votesSafe(u: PaxosSetup, t: PaxosTally, s: PaxosState): boolean {
  const nv = u.values.length
  const n = u.n
  for (let b = 1; b < u.nb; b++) {
    for (let v = 0; v < nv; v++) {
      if (t.voted[b * nv + v] === 0) continue
      for (let c = 0; c < b; c++) {
        let past = 0
        for (let a = 0; a < n; a++) if ((s.maxBal[a] as number) > c) past |= 1 << a
        const ok = (t.voted[c * nv + v] as number) | (past & ~(t.votedAny[c] as number))
        if (popcount(ok) < u.q1) return false
      }
    }
  }
  return true
}

/**
 * `QuorumIntersection`: every phase-1 quorum the run assembled (`q1` acceptors that sent a 1b
 * message in a ballot that went on to a 2a message) meets every phase-2 quorum it assembled (`q2`
 * acceptors that voted for one value in one ballot). Two such quorums can be picked disjoint
 * exactly when their senders and voters together number at least `q1 + q2`.
 */
export function quorumIntersection(u: PaxosSetup, t: PaxosTally): boolean {
  const nv = u.values.length
  for (let b = 0; b < u.nb; b++) {
    if (t.proposedIn[b] === 0) continue
    const s1 = t.promised[b] as number
    if (popcount(s1) < u.q1) continue
    for (let k = 0; k < u.nb * nv; k++) {
      const s2 = t.voted[k] as number
      if (popcount(s2) >= u.q2 && popcount(s1 | s2) >= u.q1 + u.q2) return false
    }
  }
  return true
}

/** `ValueOverridden`: a proposer sent, in place of its own value, the one its 1b quorum reported. */
export function valueOverridden(s: PaxosState): boolean {
  for (const p of s.proposers) if (p.val !== null && p.val !== p.input) return true
  return false
}

/** The properties of a Paxos model, invariants first: consensus, then the conjuncts that name the mistake. */
export function paxosProperties(u: PaxosSetup): readonly Property<PaxosState>[] {
  // The search checks all properties of one state in a row: tally each state once.
  const buf = tallyBuffers(u)
  let last: PaxosState | null = null
  let tally: PaxosTally | null = null
  const tallied = (s: PaxosState): PaxosTally => {
    if (s !== last || tally === null) {
      tally = tallyOf(u, s, buf)
      last = s
    }
    return tally
  }
  const props = [
    always<PaxosState>(
      'Agreement',
      (s) => agreement(tallied(s)),
      'At most one value is chosen or decided by a learner.',
    ),
    always<PaxosState>(
      'Validity',
      (s) => validity(tallied(s), s),
      'Only a value some proposer took as its own is chosen or decided.',
    ),
    always<PaxosState>(
      'LearnedIsChosen',
      (s) => learnedIsChosen(tallied(s)),
      'A learner decides only a value that is chosen.',
    ),
    always<PaxosState>(
      'OneValuePerBallot',
      (s) => oneValuePerBallot(u, tallied(s)),
      "No two acceptors vote for different values in one ballot (Voting.tla's OneValuePerBallot).",
    ),
    always<PaxosState>(
      'VotesSafe',
      (s) => votesSafe(u, tallied(s), s),
      "Every vote is for a value safe at its ballot: none other is chosen or choosable below it (Voting.tla's VotesSafe).",
    ),
    always<PaxosState>(
      'QuorumIntersection',
      (s) => quorumIntersection(u, tallied(s)),
      'Every phase-1 quorum the run used meets every phase-2 quorum it used.',
    ),
    sometimes<PaxosState>('ValueChosen', (s) => tallied(s).chosen !== 0, 'Some value is chosen.'),
    sometimes<PaxosState>('ValueLearned', (s) => tallied(s).decided !== 0, 'Some learner decides a value.'),
  ]
  // A proposer's own value can only be overridden by another proposer's: with one proposer, or
  // one value, the configuration cannot show this, so it does not ask for it.
  if (Math.min(u.np, u.values.length) < 2) return props
  return [
    ...props,
    sometimes<PaxosState>(
      'ValueOverridden',
      valueOverridden,
      "A proposer's own value is overridden: it proposes the highest-ballot vote its 1b quorum reported.",
    ),
  ]
}
