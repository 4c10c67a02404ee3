/**
 * Two-phase commit, ported from Lamport and Gray's `TwoPhase.tla` ("Consensus on Transaction
 * Commit"): one transaction manager (TM) and N resource managers (RMs) that exchange messages
 * through a set that only grows (messages are never lost, reordered freely, and may be received
 * again).
 *
 * This model is the engine's performance benchmark, so the hot path is plain: action objects are
 * built once per model, `actions` only runs the cheap guards, and `next` builds successors with
 * array copies and object literals (no immer, no JSON, no closures per call).
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { twoPhaseProperties } from '../../properties/twophase.js'
import { CODEC_MAX_RM, twoPhaseCodec } from './codec.js'

/** An RM's state; the spec's `rmState[rm]`. */
export type RMState = 'working' | 'prepared' | 'committed' | 'aborted'

/** The TM's state; the spec's `tmState`. */
export type TMState = 'init' | 'committed' | 'aborted'

/**
 * The spec's message set `msgs`, kept canonically: `Messages` holds one Prepared message per RM
 * plus one Commit and one Abort message, so a subset of it is a flag for each. Keys are in sorted
 * order so the fingerprint never has to sort them.
 */
export interface Msgs {
  /** `[type |-> "Abort"] \in msgs` */
  readonly abort: boolean
  /** `[type |-> "Commit"] \in msgs` */
  readonly commit: boolean
  /** `prepared[i]` is `[type |-> "Prepared", rm |-> rm(i+1)] \in msgs` */
  readonly prepared: readonly boolean[]
}

/**
 * A state of the protocol. Index `i` of each array is RM `rm(i+1)`. Keys are listed in sorted
 * order (the order the canonical fingerprint reads them in) so states never need a key sort.
 */
export interface TwoPhaseState {
  readonly msgs: Msgs
  readonly rmState: readonly RMState[]
  /** The spec's set `tmPrepared` as one flag per RM: `tmPrepared[i]` is `rm(i+1) \in tmPrepared`. */
  readonly tmPrepared: readonly boolean[]
  readonly tmState: TMState
}

/** An action without a parameter. `TMRestart` exists only under the `tmForgetsDecision` weakening. */
export interface TMAction {
  readonly type: 'TMCommit' | 'TMAbort' | 'TMRestart'
}

/** An action of (or about) one RM; `rm` is 1-based, as in `RMPrepare(rm2)`. `RMRestart` exists only
 * under the `rmForgetsVote` weakening. */
export interface RMAction {
  readonly type: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg' | 'RMRestart'
  readonly rm: number
}

export type TwoPhaseAction = TMAction | RMAction

/** The weakening flags of this model; see `weakenings` in index.ts for what each one removes. */
export type TwoPhaseFlag =
  | 'abortAfterPrepared'
  | 'commitWithoutAllPrepared'
  | 'tmForgetsDecision'
  | 'tmPresumesPrepared'
  | 'rmForgetsVote'

/** What the action functions read besides the state: the RM count and the weakenings in force. */
interface Setup {
  readonly n: number
  readonly abortAfterPrepared: boolean
  readonly commitWithoutAllPrepared: boolean
  readonly tmForgetsDecision: boolean
  readonly tmPresumesPrepared: boolean
  readonly rmForgetsVote: boolean
}

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function state(msgs: Msgs, rmState: readonly RMState[], tmPrepared: readonly boolean[], tmState: TMState): TwoPhaseState {
  return { msgs, rmState, tmPrepared, tmState }
}

/** `TPInit`: every RM working, the TM in init, nothing prepared, no message sent. */
export function initialState(n: number): TwoPhaseState {
  // Array.from, not `new Array(n).fill`: V8 keeps these arrays packed (see codec.ts).
  const none: boolean[] = Array.from({ length: n }, () => false)
  return state({ abort: false, commit: false, prepared: none }, Array.from({ length: n }, (): RMState => 'working'), none, 'init')
}

// ---------------------------------------------------------------------------------------------
// Actions. Each one has a guard (`...Enabled`, which `actions` runs) and the action itself, which
// checks the guard first and returns `undefined` when the action is not enabled.
//
// The spec lets some actions stutter: `TMRcvPrepared(rm)` for an RM already in `tmPrepared`,
// `RMRcvCommitMsg(rm)` for an RM already committed, `RMRcvAbortMsg(rm)` for one already aborted.
// Those steps leave every variable unchanged, so they add no state and no behaviour a property
// can see; we treat them as not enabled. The distinct-state counts are TLC's (288 for 3 RMs).
// ---------------------------------------------------------------------------------------------

function tmRcvPreparedEnabled(u: Setup, s: TwoPhaseState, i: number): boolean {
  return s.tmState === 'init' && !s.tmPrepared[i] && (s.msgs.prepared[i] === true || u.tmPresumesPrepared)
}

/** The TM, still undecided, receives the Prepared message of RM `i` and counts its vote. */
function TMRcvPrepared(u: Setup, s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!tmRcvPreparedEnabled(u, s, i)) return undefined
  return state(s.msgs, s.rmState, set(s.tmPrepared, i, true), s.tmState)
}

function tmCommitEnabled(u: Setup, s: TwoPhaseState): boolean {
  if (s.tmState !== 'init') return false
  // Weakened: one vote is taken for all of them.
  return u.commitWithoutAllPrepared ? s.tmPrepared.includes(true) : !s.tmPrepared.includes(false)
}

/** The TM, having every RM's Prepared vote, decides to commit and sends the Commit message. */
function TMCommit(u: Setup, s: TwoPhaseState): TwoPhaseState | undefined {
  if (!tmCommitEnabled(u, s)) return undefined
  return state({ abort: s.msgs.abort, commit: true, prepared: s.msgs.prepared }, s.rmState, s.tmPrepared, 'committed')
}

function tmAbortEnabled(s: TwoPhaseState): boolean {
  return s.tmState === 'init'
}

/** The TM, still undecided, spontaneously decides to abort and sends the Abort message. */
function TMAbort(s: TwoPhaseState): TwoPhaseState | undefined {
  if (!tmAbortEnabled(s)) return undefined
  return state({ abort: true, commit: s.msgs.commit, prepared: s.msgs.prepared }, s.rmState, s.tmPrepared, 'aborted')
}

function tmRestartEnabled(u: Setup, s: TwoPhaseState): boolean {
  // A restart of a TM that has neither decided nor counted a vote changes nothing: not enabled.
  return u.tmForgetsDecision && (s.tmState !== 'init' || s.tmPrepared.includes(true))
}

/** Weakening `tmForgetsDecision`: the TM restarts without a log, forgetting its decision and the
 * votes it counted; messages already sent stay in flight. */
function TMRestart(u: Setup, s: TwoPhaseState): TwoPhaseState | undefined {
  if (!tmRestartEnabled(u, s)) return undefined
  return state(s.msgs, s.rmState, Array.from({ length: u.n }, () => false), 'init')
}

function rmPrepareEnabled(s: TwoPhaseState, i: number): boolean {
  return s.rmState[i] === 'working'
}

/** RM `i`, still working, votes to commit: it becomes prepared and sends its Prepared message. */
function RMPrepare(s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!rmPrepareEnabled(s, i)) return undefined
  const msgs: Msgs = { abort: s.msgs.abort, commit: s.msgs.commit, prepared: set(s.msgs.prepared, i, true) }
  return state(msgs, set(s.rmState, i, 'prepared'), s.tmPrepared, s.tmState)
}

function rmChooseToAbortEnabled(u: Setup, s: TwoPhaseState, i: number): boolean {
  const r = s.rmState[i]
  // Weakened: an RM takes back the vote it already sent.
  return r === 'working' || (u.abortAfterPrepared && r === 'prepared')
}

/** RM `i`, still working, decides on its own to abort (it sends nothing). */
function RMChooseToAbort(u: Setup, s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!rmChooseToAbortEnabled(u, s, i)) return undefined
  return state(s.msgs, set(s.rmState, i, 'aborted'), s.tmPrepared, s.tmState)
}

function rmRcvCommitMsgEnabled(s: TwoPhaseState, i: number): boolean {
  // The spec has no guard on rmState[rm]; only the stuttering case is left out.
  return s.msgs.commit && s.rmState[i] !== 'committed'
}

/** RM `i` receives the Commit message and commits. */
function RMRcvCommitMsg(s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!rmRcvCommitMsgEnabled(s, i)) return undefined
  return state(s.msgs, set(s.rmState, i, 'committed'), s.tmPrepared, s.tmState)
}

function rmRcvAbortMsgEnabled(s: TwoPhaseState, i: number): boolean {
  return s.msgs.abort && s.rmState[i] !== 'aborted'
}

/** RM `i` receives the Abort message and aborts. */
function RMRcvAbortMsg(s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!rmRcvAbortMsgEnabled(s, i)) return undefined
  return state(s.msgs, set(s.rmState, i, 'aborted'), s.tmPrepared, s.tmState)
}

function rmRestartEnabled(u: Setup, s: TwoPhaseState, i: number): boolean {
  return u.rmForgetsVote && s.rmState[i] === 'prepared'
}

/** Weakening `rmForgetsVote`: prepared RM `i` restarts without having logged its vote and is working
 * again, free to abort on its own; its Prepared message stays in flight. */
function RMRestart(u: Setup, s: TwoPhaseState, i: number): TwoPhaseState | undefined {
  if (!rmRestartEnabled(u, s, i)) return undefined
  return state(s.msgs, set(s.rmState, i, 'working'), s.tmPrepared, s.tmState)
}

// ---------------------------------------------------------------------------------------------

/**
 * The RMs are interchangeable (TwoPhase.tla's `RM` is a symmetry set in TLC's MCTwoPhase): the
 * representative of a state lists its RMs sorted by what each one is (its state, whether the TM
 * counted its vote, whether its Prepared message is out).
 */
function sortRMs(s: TwoPhaseState): TwoPhaseState {
  const n = s.rmState.length
  const key = (i: number): number =>
    RM_ORDER[s.rmState[i] as RMState] * 4 + (s.tmPrepared[i] ? 2 : 0) + (s.msgs.prepared[i] ? 1 : 0)
  let sorted = true
  for (let i = 1; i < n && sorted; i++) if (key(i - 1) > key(i)) sorted = false
  if (sorted) return s
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b))
  return state(
    { abort: s.msgs.abort, commit: s.msgs.commit, prepared: order.map((i) => s.msgs.prepared[i] as boolean) },
    order.map((i) => s.rmState[i] as RMState),
    order.map((i) => s.tmPrepared[i] as boolean),
    s.tmState,
  )
}

const RM_ORDER: Readonly<Record<RMState, number>> = { working: 0, prepared: 1, committed: 2, aborted: 3 }

/** The action as the spec writes it: `TMCommit`, `RMPrepare(rm2)`. */
export function formatTwoPhaseAction(a: TwoPhaseAction): string {
  return 'rm' in a ? `${a.type}(rm${a.rm})` : a.type
}

/** One prebuilt action object per RM, so `actions` allocates only the array it returns. */
function perRM(type: RMAction['type'], n: number): readonly RMAction[] {
  return Array.from({ length: n }, (_, i) => Object.freeze({ type, rm: i + 1 }))
}

/**
 * Builds the two-phase commit model for `n` RMs with the given weakenings. With `useCodec` (the
 * default) it carries the three-word flat encoding of codec.ts, which only makes searches faster.
 *
 * Actions are listed least disruptive first: votes and their delivery, the commit decision and
 * its delivery, then aborts, then the faults that only weakenings add.
 */
export function buildTwoPhase(
  n: number,
  weaken: ReadonlySet<string>,
  useCodec = true,
): Model<TwoPhaseState, TwoPhaseAction> {
  if (!Number.isInteger(n) || n < 1) throw new FaultlineError(`twophase needs a whole number of RMs >= 1, got ${n}`)
  const u: Setup = {
    n,
    abortAfterPrepared: weaken.has('abortAfterPrepared'),
    commitWithoutAllPrepared: weaken.has('commitWithoutAllPrepared'),
    tmForgetsDecision: weaken.has('tmForgetsDecision'),
    tmPresumesPrepared: weaken.has('tmPresumesPrepared'),
    rmForgetsVote: weaken.has('rmForgetsVote'),
  }
  const prepare = perRM('RMPrepare', n)
  const rcvPrepared = perRM('TMRcvPrepared', n)
  const rcvCommit = perRM('RMRcvCommitMsg', n)
  const rcvAbort = perRM('RMRcvAbortMsg', n)
  const chooseToAbort = perRM('RMChooseToAbort', n)
  const rmRestart = perRM('RMRestart', n)
  const tmCommit: TMAction = Object.freeze({ type: 'TMCommit' })
  const tmAbort: TMAction = Object.freeze({ type: 'TMAbort' })
  const tmRestart: TMAction = Object.freeze({ type: 'TMRestart' })
  const init = [initialState(n)]

  /** The 0-based index of RM `rm`; an RM this model does not have is a loud error. */
  const index = (rm: number): number => {
    const i = rm - 1
    if (!(Number.isInteger(i) && i >= 0 && i < n)) {
      throw new FaultlineError(`unknown RM rm${String(rm)}; this twophase model has rm1..rm${n}`)
    }
    return i
  }

  return {
    name: 'twophase',
    init: () => init,
    actions(s) {
      const out: TwoPhaseAction[] = []
      for (let i = 0; i < n; i++) if (rmPrepareEnabled(s, i)) out.push(prepare[i] as RMAction)
      for (let i = 0; i < n; i++) if (tmRcvPreparedEnabled(u, s, i)) out.push(rcvPrepared[i] as RMAction)
      if (tmCommitEnabled(u, s)) out.push(tmCommit)
      for (let i = 0; i < n; i++) if (rmRcvCommitMsgEnabled(s, i)) out.push(rcvCommit[i] as RMAction)
      if (tmAbortEnabled(s)) out.push(tmAbort)
      for (let i = 0; i < n; i++) if (rmRcvAbortMsgEnabled(s, i)) out.push(rcvAbort[i] as RMAction)
      for (let i = 0; i < n; i++) if (rmChooseToAbortEnabled(u, s, i)) out.push(chooseToAbort[i] as RMAction)
      if (tmRestartEnabled(u, s)) out.push(tmRestart)
      if (u.rmForgetsVote) for (let i = 0; i < n; i++) if (rmRestartEnabled(u, s, i)) out.push(rmRestart[i] as RMAction)
      return out
    },
    next(s, a) {
      switch (a.type) {
        case 'RMPrepare':
          return RMPrepare(s, index(a.rm))
        case 'TMRcvPrepared':
          return TMRcvPrepared(u, s, index(a.rm))
        case 'TMCommit':
          return TMCommit(u, s)
        case 'RMRcvCommitMsg':
          return RMRcvCommitMsg(s, index(a.rm))
        case 'TMAbort':
          return TMAbort(s)
        case 'RMRcvAbortMsg':
          return RMRcvAbortMsg(s, index(a.rm))
        case 'RMChooseToAbort':
          return RMChooseToAbort(u, s, index(a.rm))
        case 'TMRestart':
          return TMRestart(u, s)
        case 'RMRestart':
          return RMRestart(u, s, index(a.rm))
        default:
          throw new FaultlineError(`unknown twophase action ${JSON.stringify(a)}`)
      }
    },
    properties: twoPhaseProperties(n),
    formatAction: formatTwoPhaseAction,
    actionKinds: [
      'RMPrepare', 'TMRcvPrepared', 'TMCommit', 'RMRcvCommitMsg', 'TMAbort', 'RMRcvAbortMsg', 'RMChooseToAbort',
      ...(u.tmForgetsDecision ? ['TMRestart'] : []),
      ...(u.rmForgetsVote ? ['RMRestart'] : []),
    ],
    representative: (s) => sortRMs(s),
    ...(useCodec && n <= CODEC_MAX_RM ? { codec: twoPhaseCodec(n) } : {}),
  }
}
