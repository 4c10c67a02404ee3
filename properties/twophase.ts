/**
 * Properties of the two-phase commit model (models/twophase). `TPTypeOK` and `TCConsistent` are
 * the spec's own (`TCConsistent` comes from `TCommit.tla`, which `TwoPhase.tla` implements);
 * `TMPreparedVoted` and `VoteIsDurable` are conjuncts of the protocol's inductive invariant that
 * name the mistake when a weakening breaks them.
 *
 * These run in every state of the benchmark search, so they are plain loops that allocate nothing.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import type { TwoPhaseState } from '../models/twophase/model.js'

function isRMState(x: unknown): boolean {
  return x === 'working' || x === 'prepared' || x === 'committed' || x === 'aborted'
}

function isFlags(xs: unknown, n: number): boolean {
  if (!Array.isArray(xs) || xs.length !== n) return false
  for (let i = 0; i < n; i++) if (typeof xs[i] !== 'boolean') return false
  return true
}

/** `TPTypeOK` for `n` RMs: every variable holds a value of its type. */
export function tpTypeOK(s: TwoPhaseState, n: number): boolean {
  const rs: unknown = s.rmState
  if (!Array.isArray(rs) || rs.length !== n) return false
  for (let i = 0; i < n; i++) if (!isRMState(rs[i])) return false
  const tm: unknown = s.tmState
  if (tm !== 'init' && tm !== 'committed' && tm !== 'aborted') return false
  if (!isFlags(s.tmPrepared, n)) return false
  const m: unknown = s.msgs
  if (typeof m !== 'object' || m === null) return false
  const msgs = m as Record<string, unknown>
  return isFlags(msgs['prepared'], n) && typeof msgs['commit'] === 'boolean' && typeof msgs['abort'] === 'boolean'
}

/** `TCConsistent`: no RM has committed while another has aborted. */
export function tcConsistent(s: TwoPhaseState): boolean {
  let committed = false
  let aborted = false
  const rs = s.rmState
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]
    if (r === 'committed') committed = true
    else if (r === 'aborted') aborted = true
  }
  return !(committed && aborted)
}

/** `TMPreparedVoted`: every RM in `tmPrepared` has sent its Prepared message. */
export function tmPreparedVoted(s: TwoPhaseState): boolean {
  const tp = s.tmPrepared
  const sent = s.msgs.prepared
  for (let i = 0; i < tp.length; i++) if (tp[i] && !sent[i]) return false
  return true
}

/** `VoteIsDurable`: an RM whose Prepared message has been sent is no longer working. */
export function voteIsDurable(s: TwoPhaseState): boolean {
  const rs = s.rmState
  const sent = s.msgs.prepared
  for (let i = 0; i < rs.length; i++) if (sent[i] && rs[i] === 'working') return false
  return true
}

/** The properties of the two-phase commit model with `n` RMs, invariants first. */
export function twoPhaseProperties(n: number): readonly Property<TwoPhaseState>[] {
  return [
    always<TwoPhaseState>('TPTypeOK', (s) => tpTypeOK(s, n), 'Every variable holds a value of its type (the spec\'s TPTypeOK).'),
    always<TwoPhaseState>(
      'TCConsistent',
      tcConsistent,
      'No RM has committed while another has aborted (TCommit\'s TCConsistent).',
    ),
    always<TwoPhaseState>(
      'TMPreparedVoted',
      tmPreparedVoted,
      'The TM counts an RM as prepared only after that RM sent its Prepared message.',
    ),
    always<TwoPhaseState>(
      'VoteIsDurable',
      voteIsDurable,
      'An RM that sent its Prepared vote never becomes working (undecided) again.',
    ),
    sometimes<TwoPhaseState>('SomeCommit', (s) => s.rmState.includes('committed'), 'Some RM commits.'),
    sometimes<TwoPhaseState>('SomeAbort', (s) => s.rmState.includes('aborted'), 'Some RM aborts.'),
  ]
}
