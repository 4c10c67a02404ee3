/**
 * Single-decree Paxos at the level of messages, after Lamport's `Paxos.tla`: acceptors with
 * `maxBal`, `maxVBal` and `maxVal`, and a set `msgs` of every message ever sent, which only grows
 * (so loss, reordering and duplication need no actions of their own). To the spec's four phases
 * this model adds what `Paxos.tla` leaves abstract: proposers that own ballots, start them in
 * order, retry with a higher one and propose their own value when they are free to; learners that
 * decide on a quorum of 2b messages; and acceptors that crash and restart from stable storage.
 *
 * Ballots: proposer `p(i+1)` owns ballots `i, i + P, i + 2P, ...` (P proposers, `ballots` each),
 * so ballot numbers are `0 .. P * ballots - 1` and no two proposers share one.
 *
 * The hot path is plain: actions are prebuilt objects, messages come from a prebuilt catalogue,
 * successors are built with array copies and object literals (no immer, no JSON, no closures
 * per call).
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { paxosProperties } from '../../properties/paxos.js'
import { paxosCodec } from './codec.js'
import {
  Catalogue,
  T1A,
  T1B,
  T2A,
  T2B,
  accOf,
  balOf,
  hasMsg,
  mbalOf,
  mvalOf,
  send,
  typeOf,
  valOf,
  type Value,
} from './messages.js'

export type { Value } from './messages.js'

/** A proposer: the ballot it is running and the value it sent in that ballot's 2a, if any. */
export interface ProposerState {
  /** The ballot it started last; -1 before its first. */
  readonly bal: number
  /** Its own value: what it proposes when its phase-1 quorum reports no vote. */
  readonly input: Value
  /** The value of its 2a in ballot `bal`; null while it is still in phase 1. */
  readonly val: Value | null
}

/**
 * A state of the protocol. Index `i` of each acceptor array is acceptor `a(i+1)`. Keys are in
 * sorted order (the order the fingerprint reads them in), so states never need a key sort.
 */
export interface PaxosState {
  /** What each learner `l(i+1)` has decided; null while undecided. */
  readonly decided: readonly (Value | null)[]
  /** Whether each acceptor is crashed. A crashed acceptor takes no step until it restarts. */
  readonly down: readonly boolean[]
  /** The spec's `maxBal[a]`: the highest ballot `a` has joined (-1 for none). Stable storage. */
  readonly maxBal: readonly number[]
  /** The spec's `maxVBal[a]`: the ballot of `a`'s latest vote (-1 for none). Stable storage. */
  readonly maxVBal: readonly number[]
  /** The spec's `maxVal[a]`: the value of that vote (null is the spec's `None`). Stable storage. */
  readonly maxVal: readonly (Value | null)[]
  /** The spec's `msgs`: every message sent, sorted (see messages.ts for the format). */
  readonly msgs: readonly string[]
  /** History variable, read only by `Validity`: every value a proposer ever took as its own, sorted. */
  readonly proposed: readonly Value[]
  readonly proposers: readonly ProposerState[]
  /** Crashes left in the fault budget. */
  readonly restarts: number
}

/** Proposer `prop` (1-based) starts ballot `bal`: the spec's `Phase1a(bal)`. */
export interface Phase1aAction {
  readonly type: 'Phase1a'
  readonly prop: number
  readonly bal: number
}

/** Weakening `retryLowerBallot`: proposer `prop` goes back to its lower ballot `bal` with new value `val`. */
export interface RetryLowerBallotAction {
  readonly type: 'RetryLowerBallot'
  readonly prop: number
  readonly bal: number
  readonly val: Value
}

/** Acceptor `acc` (1-based) answers the 1a message of ballot `bal`: the spec's `Phase1b(a)`. */
export interface Phase1bAction {
  readonly type: 'Phase1b'
  readonly acc: number
  readonly bal: number
}

/** Proposer `prop` sends the 2a message of its ballot `bal` with value `val`: the spec's `Phase2a(b, v)`. */
export interface Phase2aAction {
  readonly type: 'Phase2a'
  readonly prop: number
  readonly bal: number
  readonly val: Value
}

/** Acceptor `acc` votes for the 2a message `(bal, val)`: the spec's `Phase2b(a)`. */
export interface Phase2bAction {
  readonly type: 'Phase2b'
  readonly acc: number
  readonly bal: number
  readonly val: Value
}

/** Learner `lrn` (1-based) decides `val`. */
export interface LearnAction {
  readonly type: 'Learn'
  readonly lrn: number
  readonly val: Value
}

/** Acceptor `acc` crashes, or restarts from its stable storage. */
export interface FaultAction {
  readonly type: 'Crash' | 'Restart'
  readonly acc: number
}

export type PaxosAction =
  | Phase1aAction
  | RetryLowerBallotAction
  | Phase1bAction
  | Phase2aAction
  | Phase2bAction
  | LearnAction
  | FaultAction

/** The weakening flags of this model; see `weakenings` in index.ts for what each one removes. */
export type PaxosFlag =
  | 'ignoreHighestAccepted'
  | 'acceptBelowPromise'
  | 'sharedBallot'
  | 'forgetPromiseOnRestart'
  | 'nonIntersectingQuorums'
  | 'learnerAcrossBallots'
  | 'retryLowerBallot'

/** The model's parameters (see index.ts for their docs). */
export type PaxosParams = {
  readonly acceptors: number
  readonly proposers: number
  readonly ballots: number
  readonly values: number
  readonly restarts: number
  readonly learners: number
}

/** Everything the actions read besides the state: sizes, quorums, the catalogue, the weakenings. */
export interface PaxosSetup {
  /** Acceptors. */
  readonly n: number
  /** Proposers. */
  readonly np: number
  /** Learners. */
  readonly nl: number
  /** Ballot numbers in use: `0 .. nb - 1`. */
  readonly nb: number
  /** Value names, `v1 ..`. */
  readonly values: readonly Value[]
  /** Phase-1 quorum size (1b messages a proposer needs). */
  readonly q1: number
  /** Phase-2 quorum size (votes that choose a value). */
  readonly q2: number
  /** Each proposer's ballots, ascending. */
  readonly own: readonly (readonly number[])[]
  /** Every acceptor set of exactly `q1` members, as bitmasks. */
  readonly q1Masks: readonly number[]
  readonly cat: Catalogue
  readonly ignoreHighestAccepted: boolean
  readonly acceptBelowPromise: boolean
  readonly forgetPromiseOnRestart: boolean
  readonly learnerAcrossBallots: boolean
  readonly retryLowerBallot: boolean
}

/** The name of acceptor index `i`: `a1`, `a2`, ... */
export function acceptorName(i: number): string {
  return `a${i + 1}`
}

/** The name of value index `i`: `v1`, `v2`, ... */
export function valueName(i: number): Value {
  return `v${i + 1}`
}

/** The 0-based index of a value name (`v2` -> 1). */
function vIndex(v: Value): number {
  return v.charCodeAt(1) - 49
}

function popcount(x: number): number {
  let c = 0
  for (let y = x; y !== 0; y &= y - 1) c++
  return c
}

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function state(
  decided: readonly (Value | null)[],
  down: readonly boolean[],
  maxBal: readonly number[],
  maxVBal: readonly number[],
  maxVal: readonly (Value | null)[],
  msgs: readonly string[],
  proposed: readonly Value[],
  proposers: readonly ProposerState[],
  restarts: number,
): PaxosState {
  return { decided, down, maxBal, maxVBal, maxVal, msgs, proposed, proposers, restarts }
}

/** Sets up sizes, quorums and ballots; rejects parameters the one-digit message format cannot hold. */
export function paxosSetup(params: PaxosParams, weaken: ReadonlySet<string>): PaxosSetup {
  const { acceptors: n, proposers: np, ballots, values: nv, learners: nl, restarts } = params
  const whole = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new FaultlineError(`paxos needs ${name} to be a whole number in ${min}..${max}, got ${v}`)
    }
  }
  whole('acceptors', n, 1, 9)
  whole('proposers', np, 1, 9)
  whole('ballots', ballots, 1, 10)
  whole('values', nv, 1, 9)
  whole('learners', nl, 1, 9)
  whole('restarts', restarts, 0, 1_000)
  const shared = weaken.has('sharedBallot')
  // Weakened: every proposer numbers its ballots 0, P, 2P, ... without its own offset.
  const own = Array.from({ length: np }, (_, p) => Array.from({ length: ballots }, (_, k) => k * np + (shared ? 0 : p)))
  const nb = shared ? (ballots - 1) * np + 1 : ballots * np
  if (nb > 10) {
    throw new FaultlineError(
      `paxos numbers ballots with one digit, so proposers * ballots must be at most 10, got ${np} * ${ballots} = ${nb}`,
    )
  }
  const majority = Math.floor(n / 2) + 1
  const q1 = majority
  // Weakened (flexible quorums done wrong): phase-2 quorums of N - |Q1|, so |Q1| + |Q2| <= N.
  const q2 = weaken.has('nonIntersectingQuorums') ? Math.max(1, n - q1) : majority
  const q1Masks: number[] = []
  for (let m = 0; m < 1 << n; m++) if (popcount(m) === q1) q1Masks.push(m)
  const values = Array.from({ length: nv }, (_, i) => valueName(i))
  return {
    n,
    np,
    nl,
    nb,
    values,
    q1,
    q2,
    own,
    q1Masks,
    cat: new Catalogue(n, nb, values),
    ignoreHighestAccepted: weaken.has('ignoreHighestAccepted'),
    acceptBelowPromise: weaken.has('acceptBelowPromise'),
    forgetPromiseOnRestart: weaken.has('forgetPromiseOnRestart'),
    learnerAcrossBallots: weaken.has('learnerAcrossBallots'),
    retryLowerBallot: weaken.has('retryLowerBallot'),
  }
}

/**
 * The spec's `Init`, plus the parts it leaves out: every acceptor up and without a promise or a
 * vote, no message sent, proposer `p(i+1)` idle with value `v((i mod V) + 1)` as its own, every
 * learner undecided, the whole crash budget left.
 */
export function initialState(u: PaxosSetup, restarts: number): PaxosState {
  const inputs = Array.from({ length: u.np }, (_, p) => u.values[p % u.values.length] as Value)
  return state(
    new Array<Value | null>(u.nl).fill(null),
    new Array<boolean>(u.n).fill(false),
    new Array<number>(u.n).fill(-1),
    new Array<number>(u.n).fill(-1),
    new Array<Value | null>(u.n).fill(null),
    [],
    [...new Set(inputs)].sort(),
    inputs.map((input) => ({ bal: -1, input, val: null })),
    restarts,
  )
}

// ---------------------------------------------------------------------------------------------
// Actions. Each one has a guard (`...Enabled`, which `actions` runs) and the action itself, which
// checks the guard first and returns `undefined` when the action is not enabled.
//
// The spec lets `Phase2b(a)` stutter: an acceptor that already voted for a 2a message may take it
// again and change nothing. Such a step adds no state and no behaviour a property can see, so it
// is left out. Every other action changes the state.
// ---------------------------------------------------------------------------------------------

/** The proposer's next own ballot above the one it runs, or -1 when it has used them all. */
function nextBallot(u: PaxosSetup, s: PaxosState, p: number): number {
  const bal = (s.proposers[p] as ProposerState).bal
  const own = u.own[p] as readonly number[]
  for (let k = 0; k < own.length; k++) if ((own[k] as number) > bal) return own[k] as number
  return -1
}

function phase1aEnabled(u: PaxosSetup, s: PaxosState, p: number, b: number): boolean {
  return b >= 0 && nextBallot(u, s, p) === b
}

/**
 * Proposer `p` starts its next ballot `b` and sends the 1a message; it may do so at any time (it
 * is idle, or it heard no quorum in time and retries higher). The spec's `Phase1a(b)`, by the
 * ballot's owner.
 */
function Phase1a(u: PaxosSetup, s: PaxosState, p: number, b: number): PaxosState | undefined {
  if (!phase1aEnabled(u, s, p, b)) return undefined
  const pr = s.proposers[p] as ProposerState
  const proposers = set(s.proposers, p, { bal: b, input: pr.input, val: null })
  return state(s.decided, s.down, s.maxBal, s.maxVBal, s.maxVal, send(s.msgs, u.cat.phase1a(b)), s.proposed, proposers, s.restarts)
}

function retryLowerBallotEnabled(u: PaxosSetup, s: PaxosState, p: number, b: number, v: Value): boolean {
  if (!u.retryLowerBallot) return false
  const pr = s.proposers[p] as ProposerState
  return pr.val === null && b < pr.bal && (u.own[p] as readonly number[]).includes(b) && v !== pr.input && u.values.includes(v)
}

/**
 * Weakening `retryLowerBallot`: proposer `p`, hearing no reply in its ballot, starts over in a
 * lower ballot `b` of its own (one it already ran) with a new value `v` from its client.
 */
function RetryLowerBallot(u: PaxosSetup, s: PaxosState, p: number, b: number, v: Value): PaxosState | undefined {
  if (!retryLowerBallotEnabled(u, s, p, b, v)) return undefined
  const proposers = set(s.proposers, p, { bal: b, input: v, val: null })
  const proposed = s.proposed.includes(v) ? s.proposed : [...s.proposed, v].sort()
  return state(s.decided, s.down, s.maxBal, s.maxVBal, s.maxVal, send(s.msgs, u.cat.phase1a(b)), proposed, proposers, s.restarts)
}

function phase1bEnabled(u: PaxosSetup, s: PaxosState, a: number, b: number): boolean {
  return !s.down[a] && b > (s.maxBal[a] as number) && hasMsg(s.msgs, u.cat.phase1a(b))
}

/**
 * Acceptor `a` receives the 1a message of a ballot `b` higher than any it has joined, joins it
 * (promising to vote in no lower ballot) and answers with a 1b message that reports its latest
 * vote. The spec's `Phase1b(a)`.
 */
function Phase1b(u: PaxosSetup, s: PaxosState, a: number, b: number): PaxosState | undefined {
  if (!phase1bEnabled(u, s, a, b)) return undefined
  const mval = s.maxVal[a] as Value | null
  const m = u.cat.phase1b(a, b, s.maxVBal[a] as number, mval === null ? -1 : vIndex(mval))
  return state(s.decided, s.down, set(s.maxBal, a, b), s.maxVBal, s.maxVal, send(s.msgs, m), s.proposed, s.proposers, s.restarts)
}

// Scratch for `phase2aValues`: per acceptor, its highest reported `mbal` in the ballot at hand and
// the values reported with it. Never held across calls.
const hiBal = new Int32Array(9)
const hiVals = new Int32Array(9)

/**
 * The values proposer `p` may send in its 2a message, as a bitmask of value indices: the spec's
 * `Phase2a(b, v)` condition on some quorum Q of 1b messages for its ballot. A quorum whose 1b
 * messages report no vote leaves the proposer free, and it proposes its own value; otherwise it
 * must propose the value of the highest-ballot vote reported. Quorums of exactly `q1` acceptors
 * suffice: a larger quorum allows only values that one of its `q1`-subsets allows too.
 */
function phase2aValues(u: PaxosSetup, s: PaxosState, p: number): number {
  const pr = s.proposers[p] as ProposerState
  if (pr.bal < 0 || pr.val !== null) return 0
  const b = pr.bal
  const n = u.n
  for (let a = 0; a < n; a++) hiBal[a] = -2
  const msgs = s.msgs
  let senders = 0
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i] as string
    const t = typeOf(m)
    if (t < T1B) continue
    if (t > T1B) break
    if (balOf(m) !== b) continue
    const a = accOf(m)
    senders |= 1 << a
    const mb = mbalOf(m)
    const h = hiBal[a] as number
    if (mb > h) {
      hiBal[a] = mb
      hiVals[a] = mb < 0 ? 0 : 1 << mvalOf(m)
    } else if (mb === h && mb >= 0) {
      // Two 1b messages of one acceptor in one ballot, with equal votes: only after a restart
      // that forgot the promise (weakening forgetPromiseOnRestart).
      hiVals[a] = (hiVals[a] as number) | (1 << mvalOf(m))
    }
  }
  const own = 1 << vIndex(pr.input)
  let allowed = 0
  const masks = u.q1Masks
  for (let k = 0; k < masks.length; k++) {
    const q = masks[k] as number
    if ((q & senders) !== q) continue
    // Weakened: the proposer takes its own value whatever its quorum reports.
    if (u.ignoreHighestAccepted) return own
    let top = -1
    let vals = 0
    for (let a = 0; a < n; a++) {
      if ((q & (1 << a)) === 0) continue
      const h = hiBal[a] as number
      if (h > top) {
        top = h
        vals = hiVals[a] as number
      } else if (h === top && h >= 0) {
        vals |= hiVals[a] as number
      }
    }
    allowed |= top < 0 ? own : vals
  }
  return allowed
}

function phase2aEnabled(u: PaxosSetup, s: PaxosState, p: number, b: number, v: Value): boolean {
  // The spec's first conjunct, "no 2a message for ballot b was sent", is the proposer's own
  // memory here: it sends one 2a per ballot it starts. With one owner per ballot the two agree;
  // the weakenings sharedBallot and retryLowerBallot are exactly where they part.
  const pr = s.proposers[p] as ProposerState
  return pr.bal === b && pr.val === null && (phase2aValues(u, s, p) & (1 << vIndex(v))) !== 0
}

/**
 * Proposer `p`, having 1b messages for its ballot `b` from a quorum that shows `v` safe, sends the
 * 2a message asking the acceptors to vote for `v` in `b`. The spec's `Phase2a(b, v)`.
 */
function Phase2a(u: PaxosSetup, s: PaxosState, p: number, b: number, v: Value): PaxosState | undefined {
  if (!phase2aEnabled(u, s, p, b, v)) return undefined
  const pr = s.proposers[p] as ProposerState
  const proposers = set(s.proposers, p, { bal: b, input: pr.input, val: v })
  const m = u.cat.phase2a(b, vIndex(v))
  return state(s.decided, s.down, s.maxBal, s.maxVBal, s.maxVal, send(s.msgs, m), s.proposed, proposers, s.restarts)
}

function phase2bEnabled(u: PaxosSetup, s: PaxosState, a: number, b: number, v: Value): boolean {
  if (s.down[a]) return false
  const maxBal = s.maxBal[a] as number
  // Weakened: the acceptor votes in a ballot below the one it promised.
  if (b < maxBal && !u.acceptBelowPromise) return false
  const vi = vIndex(v)
  if (!hasMsg(s.msgs, u.cat.phase2a(b, vi))) return false
  // Leave out the stuttering step: the same vote again, with the promise already at `b` or above.
  return !(s.maxVBal[a] === b && s.maxVal[a] === v && maxBal >= b && hasMsg(s.msgs, u.cat.phase2b(a, b, vi)))
}

/**
 * Acceptor `a` receives the 2a message `(b, v)` of a ballot no lower than its promise, votes for
 * `v` in `b` (recording the vote in stable storage) and announces it with a 2b message. The
 * spec's `Phase2b(a)`.
 */
function Phase2b(u: PaxosSetup, s: PaxosState, a: number, b: number, v: Value): PaxosState | undefined {
  if (!phase2bEnabled(u, s, a, b, v)) return undefined
  const maxBal = s.maxBal[a] as number
  // The spec sets maxBal[a] to b; a weakened acceptor voting below its promise keeps the promise.
  const bal = b > maxBal ? b : maxBal
  return state(
    s.decided,
    s.down,
    bal === maxBal ? s.maxBal : set(s.maxBal, a, bal),
    set(s.maxVBal, a, b),
    set(s.maxVal, a, v),
    send(s.msgs, u.cat.phase2b(a, b, vIndex(v))),
    s.proposed,
    s.proposers,
    s.restarts,
  )
}

// Scratch for `learnableValues`: acceptors that voted for each (ballot, value). Never held across calls.
const votersAt = new Int32Array(10 * 9)

/**
 * The values a learner may decide, as a bitmask of value indices: those with 2b messages from a
 * phase-2 quorum of acceptors in one ballot.
 */
function learnableValues(u: PaxosSetup, msgs: readonly string[]): number {
  const nv = u.values.length
  const across = u.learnerAcrossBallots
  votersAt.fill(0, 0, u.nb * nv)
  // 2b messages sort last.
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i] as string
    if (typeOf(m) !== T2B) break
    // Weakened: a value's votes are counted together whatever their ballot (all in slot 0).
    const k = (across ? 0 : balOf(m) * nv) + valOf(m)
    votersAt[k] = (votersAt[k] as number) | (1 << accOf(m))
  }
  let out = 0
  for (let k = 0; k < u.nb * nv; k++) if (popcount(votersAt[k] as number) >= u.q2) out |= 1 << k % nv
  return out
}

function learnEnabled(u: PaxosSetup, s: PaxosState, l: number, v: Value): boolean {
  return s.decided[l] === null && u.values.includes(v) && (learnableValues(u, s.msgs) & (1 << vIndex(v))) !== 0
}

/** Learner `l`, still undecided, sees 2b messages for `v` from a quorum in one ballot and decides `v`. */
function Learn(u: PaxosSetup, s: PaxosState, l: number, v: Value): PaxosState | undefined {
  if (!learnEnabled(u, s, l, v)) return undefined
  return state(set(s.decided, l, v), s.down, s.maxBal, s.maxVBal, s.maxVal, s.msgs, s.proposed, s.proposers, s.restarts)
}

function crashEnabled(s: PaxosState, a: number): boolean {
  return !s.down[a] && s.restarts > 0
}

/** Acceptor `a` crashes; this spends one unit of the fault budget. Its stable storage survives. */
function Crash(s: PaxosState, a: number): PaxosState | undefined {
  if (!crashEnabled(s, a)) return undefined
  return state(s.decided, set(s.down, a, true), s.maxBal, s.maxVBal, s.maxVal, s.msgs, s.proposed, s.proposers, s.restarts - 1)
}

/**
 * Crashed acceptor `a` restarts with the `maxBal`, `maxVBal` and `maxVal` it had written to stable
 * storage. Messages it sent before the crash stay sent.
 */
function Restart(u: PaxosSetup, s: PaxosState, a: number): PaxosState | undefined {
  if (!s.down[a]) return undefined
  const down = set(s.down, a, false)
  if (u.forgetPromiseOnRestart) {
    // Weakened: nothing was on stable storage, so the acceptor comes back as new.
    const maxBal = set(s.maxBal, a, -1)
    const maxVBal = set(s.maxVBal, a, -1)
    return state(s.decided, down, maxBal, maxVBal, set(s.maxVal, a, null), s.msgs, s.proposed, s.proposers, s.restarts)
  }
  return state(s.decided, down, s.maxBal, s.maxVBal, s.maxVal, s.msgs, s.proposed, s.proposers, s.restarts)
}

// ---------------------------------------------------------------------------------------------

/** The action in the spec's words: `Phase1b(a1, 2)`, `Phase2a(p1, 2, v1)`, `Learn(l1, v1)`. */
export function formatPaxosAction(a: PaxosAction): string {
  switch (a.type) {
    case 'Phase1a':
      return `Phase1a(p${a.prop}, ${a.bal})`
    case 'RetryLowerBallot':
      return `RetryLowerBallot(p${a.prop}, ${a.bal}, ${a.val})`
    case 'Phase1b':
      return `Phase1b(a${a.acc}, ${a.bal})`
    case 'Phase2a':
      return `Phase2a(p${a.prop}, ${a.bal}, ${a.val})`
    case 'Phase2b':
      return `Phase2b(a${a.acc}, ${a.bal}, ${a.val})`
    case 'Learn':
      return `Learn(l${a.lrn}, ${a.val})`
    case 'Crash':
    case 'Restart':
      return `${a.type}(a${a.acc})`
  }
}

/**
 * Builds the Paxos model for the given parameters and weakenings. With `useCodec` (the default)
 * it carries the flat encoding of codec.ts, which only makes searches faster.
 *
 * Actions are listed least disruptive first: the four phases in the spec's order, then learning,
 * then the weakened retry, then crashes and restarts.
 */
export function buildPaxos(
  params: PaxosParams,
  weaken: ReadonlySet<string>,
  useCodec = true,
): Model<PaxosState, PaxosAction> {
  const u = paxosSetup(params, weaken)
  const { n, np, nl, nb, values } = u
  const nv = values.length
  const f = <T>(x: T): T => Object.freeze(x)
  // One prebuilt action object per parameter combination, so `actions` allocates only its array.
  const phase1a: Phase1aAction[] = []
  const phase2a: Phase2aAction[] = []
  const retry: RetryLowerBallotAction[] = []
  for (let p = 0; p < np; p++) {
    for (let b = 0; b < nb; b++) {
      phase1a.push(f({ type: 'Phase1a', prop: p + 1, bal: b }))
      for (let v = 0; v < nv; v++) {
        phase2a.push(f({ type: 'Phase2a', prop: p + 1, bal: b, val: values[v] as Value }))
        retry.push(f({ type: 'RetryLowerBallot', prop: p + 1, bal: b, val: values[v] as Value }))
      }
    }
  }
  const phase1b: Phase1bAction[] = []
  const phase2b: Phase2bAction[] = []
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < nb; b++) {
      phase1b.push(f({ type: 'Phase1b', acc: a + 1, bal: b }))
      for (let v = 0; v < nv; v++) phase2b.push(f({ type: 'Phase2b', acc: a + 1, bal: b, val: values[v] as Value }))
    }
  }
  const learn: LearnAction[] = []
  for (let l = 0; l < nl; l++) for (let v = 0; v < nv; v++) learn.push(f({ type: 'Learn', lrn: l + 1, val: values[v] as Value }))
  const crash: FaultAction[] = Array.from({ length: n }, (_, a) => f({ type: 'Crash', acc: a + 1 }))
  const restart: FaultAction[] = Array.from({ length: n }, (_, a) => f({ type: 'Restart', acc: a + 1 }))
  const init = [initialState(u, params.restarts)]

  /** The 0-based index of a 1-based id; an id this model does not have is a loud error. */
  const index = (what: string, prefix: string, id: number, count: number): number => {
    const i = id - 1
    if (!(Number.isInteger(i) && i >= 0 && i < count)) {
      throw new FaultlineError(`unknown ${what} ${prefix}${String(id)}; this paxos model has ${prefix}1..${prefix}${count}`)
    }
    return i
  }
  const ballot = (b: number): number => {
    if (!(Number.isInteger(b) && b >= 0 && b < nb)) {
      throw new FaultlineError(`unknown ballot ${String(b)}; this paxos model has ballots 0..${nb - 1}`)
    }
    return b
  }
  const value = (v: Value): Value => {
    if (!values.includes(v)) throw new FaultlineError(`unknown value ${String(v)}; this paxos model has ${values.join(', ')}`)
    return v
  }

  const model: Model<PaxosState, PaxosAction> = {
    name: 'paxos',
    init: () => init,
    actions(s) {
      const out: PaxosAction[] = []
      const msgs = s.msgs
      for (let p = 0; p < np; p++) {
        const b = nextBallot(u, s, p)
        if (b >= 0) out.push(phase1a[p * nb + b] as Phase1aAction)
      }
      // Phase1b: every 1a message (they sort first) against every acceptor.
      for (let i = 0; i < msgs.length; i++) {
        const m = msgs[i] as string
        if (typeOf(m) !== T1A) break
        const b = balOf(m)
        for (let a = 0; a < n; a++) if (!s.down[a] && b > (s.maxBal[a] as number)) out.push(phase1b[a * nb + b] as Phase1bAction)
      }
      for (let p = 0; p < np; p++) {
        const allowed = phase2aValues(u, s, p)
        if (allowed === 0) continue
        const b = (s.proposers[p] as ProposerState).bal
        for (let v = 0; v < nv; v++) if ((allowed & (1 << v)) !== 0) out.push(phase2a[(p * nb + b) * nv + v] as Phase2aAction)
      }
      // Phase2b: every 2a message against every acceptor.
      for (let i = 0; i < msgs.length; i++) {
        const m = msgs[i] as string
        const t = typeOf(m)
        if (t < T2A) continue
        if (t > T2A) break
        const b = balOf(m)
        const v = valOf(m)
        for (let a = 0; a < n; a++) {
          if (phase2bEnabled(u, s, a, b, values[v] as Value)) out.push(phase2b[(a * nb + b) * nv + v] as Phase2bAction)
        }
      }
      if (s.decided.includes(null)) {
        const learnable = learnableValues(u, msgs)
        for (let l = 0; l < nl; l++) {
          if (s.decided[l] !== null) continue
          for (let v = 0; v < nv; v++) if ((learnable & (1 << v)) !== 0) out.push(learn[l * nv + v] as LearnAction)
        }
      }
      if (u.retryLowerBallot) {
        for (let p = 0; p < np; p++) {
          for (let b = 0; b < nb; b++) {
            for (let v = 0; v < nv; v++) {
              if (!retryLowerBallotEnabled(u, s, p, b, values[v] as Value)) continue
              out.push(retry[(p * nb + b) * nv + v] as RetryLowerBallotAction)
            }
          }
        }
      }
      for (let a = 0; a < n; a++) if (crashEnabled(s, a)) out.push(crash[a] as FaultAction)
      for (let a = 0; a < n; a++) if (s.down[a]) out.push(restart[a] as FaultAction)
      return out
    },
    next(s, a) {
      switch (a.type) {
        case 'Phase1a':
          return Phase1a(u, s, index('proposer', 'p', a.prop, np), ballot(a.bal))
        case 'RetryLowerBallot':
          return RetryLowerBallot(u, s, index('proposer', 'p', a.prop, np), ballot(a.bal), value(a.val))
        case 'Phase1b':
          return Phase1b(u, s, index('acceptor', 'a', a.acc, n), ballot(a.bal))
        case 'Phase2a':
          return Phase2a(u, s, index('proposer', 'p', a.prop, np), ballot(a.bal), value(a.val))
        case 'Phase2b':
          return Phase2b(u, s, index('acceptor', 'a', a.acc, n), ballot(a.bal), value(a.val))
        case 'Learn':
          return Learn(u, s, index('learner', 'l', a.lrn, nl), value(a.val))
        case 'Crash':
          return Crash(s, index('acceptor', 'a', a.acc, n))
        case 'Restart':
          return Restart(u, s, index('acceptor', 'a', a.acc, n))
        default:
          throw new FaultlineError(`unknown paxos action ${JSON.stringify(a)}`)
      }
    },
    properties: paxosProperties(u),
    formatAction: formatPaxosAction,
    actionKinds: [
      'Phase1a', 'Phase1b', 'Phase2a', 'Phase2b', 'Learn',
      ...(u.retryLowerBallot ? ['RetryLowerBallot'] : []),
      ...(params.restarts > 0 ? ['Crash', 'Restart'] : []),
    ],
  }
  return useCodec ? { ...model, codec: paxosCodec(n, np, nl, values, u.cat) } : model
}
