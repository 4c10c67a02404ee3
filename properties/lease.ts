/**
 * Properties of the lease model (models/lease). `NoStaleWrite` is the fencing guarantee, read off
 * the storage's history; `MutualExclusion` is the lease guarantee, read off what the clients
 * trust; `TrustedLeaseIsHeld` is the per-client invariant behind it, which names a clock mistake
 * one step before a second client can take the lease; `StorageLinearizable` checks the history the
 * clients saw against the fenced-register specification with src/history's checker.
 *
 * The history check runs in every state (it is fast on histories of a few writes): states that
 * share a history share its array, so each history is checked once.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import { FaultlineError } from '../src/core/errors.js'
import { checkLinearizable, fencedRegister } from '../src/history/index.js'
import type { History, Operation } from '../src/history/index.js'
import type { LeaseSetup, LeaseState, WriteOp } from '../models/lease/model.js'

/**
 * `NoStaleWrite`: the storage never accepts a write whose token is lower than that of a write it
 * accepted before (in the order it applied them).
 */
export function noStaleWrite(s: LeaseState): boolean {
  const h = s.history
  for (const a of h) {
    if (a.ok !== true || a.ret === null) continue
    for (const b of h) if (b.ok === true && b.ret !== null && b.ret < a.ret && b.token > a.token) return false
  }
  return true
}

/** `MutualExclusion`: at any moment at most one client trusts a lease. */
export function mutualExclusion(s: LeaseState): boolean {
  let trusting = 0
  for (const c of s.clients) if (c.lease !== null) trusting++
  return trusting <= 1
}

/**
 * `TrustedLeaseIsHeld`: a client trusts a lease only while the lock service still has that lease
 * in force for it. (With at most one lease in force, this implies `MutualExclusion`.)
 */
export function trustedLeaseIsHeld(s: LeaseState): boolean {
  for (let i = 0; i < s.clients.length; i++) {
    const lease = s.clients[i]?.lease
    if (lease && !(s.lock.holder === i && s.lock.token === lease.token)) return false
  }
  return true
}

/** The writes of a model history as src/history operations on a fenced register. */
export function toHistory(h: readonly WriteOp[]): History {
  return h.map(
    (op, id): Operation => ({
      id,
      client: `c${op.client + 1}`,
      call: op.call,
      ret: op.ret,
      op: 'write',
      input: { token: op.token, value: `c${op.client + 1}` },
      output: op.ok === null ? null : op.ok ? 'ok' : 'rejected',
    }),
  )
}

/** Search steps one history check may take; the model's histories need a few dozen. */
const HISTORY_BUDGET = 100_000

/**
 * `StorageLinearizable`, as a function with a cache: whether a history is linearizable against
 * `fencedRegister` (a write is accepted exactly when its token is at least the highest accepted).
 */
export function storageLinearizableChecker(): (h: readonly WriteOp[]) => boolean {
  const seen = new WeakMap<readonly WriteOp[], boolean>()
  const spec = fencedRegister()
  return (h) => {
    if (h.length === 0) return true
    const known = seen.get(h)
    if (known !== undefined) return known
    const r = checkLinearizable(toHistory(h), spec, { budget: HISTORY_BUDGET, minimize: false })
    if (r.result === 'unknown') throw new FaultlineError(`lease: the history check ran out of its budget of ${HISTORY_BUDGET} steps`)
    const ok = r.result === 'linearizable'
    seen.set(h, ok)
    return ok
  }
}

/** The properties of a lease model, invariants first. */
export function leaseProperties(u: LeaseSetup): readonly Property<LeaseState>[] {
  const linearizable = storageLinearizableChecker()
  const props: Property<LeaseState>[] = [
    always(
      'NoStaleWrite',
      noStaleWrite,
      'The storage never accepts a write whose token is lower than that of a write it accepted before.',
    ),
    always('MutualExclusion', mutualExclusion, 'At any moment at most one client trusts a lease.'),
    always(
      'TrustedLeaseIsHeld',
      trustedLeaseIsHeld,
      'A client trusts a lease only while the lock service still has it in force for that client.',
    ),
    always(
      'StorageLinearizable',
      (s) => linearizable(s.history),
      "The storage's history, as the clients saw it, is linearizable against a fenced register.",
    ),
    sometimes('WriteAccepted', (s) => s.history.some((op) => op.ok === true), 'The storage accepts a write.'),
    sometimes(
      'LeaseHandedOver',
      (s) => s.grants.some((c) => c !== s.grants[0]),
      'A lease goes to a second client after the first one held it.',
    ),
    sometimes(
      'StaleWriteRejected',
      (s) => s.history.some((op) => op.ok === false),
      'The storage rejects a write whose token an accepted write has overtaken.',
    ),
  ]
  if (u.renewals > 0) {
    props.push(sometimes('LeaseRenewed', (s) => s.renewalsLeft < u.renewals, 'A client renews its lease.'))
  }
  return props
}
