/**
 * Properties of the idempotency model (models/idempotency). `ExactlyOnceEffect` counts the charges
 * in the server's ledger against what the client saw; `KeyBindsOneRequest` checks that whatever
 * the server says charged under a key is the request that key is bound to. Payments have
 * distinct amounts, so an amount in the ledger names the payment it charged.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import type { IdempotencySetup, IdempotencyState } from '../models/idempotency/model.js'
import { clientOf, serverOf } from '../models/idempotency/model.js'

function count(xs: readonly number[], x: number): number {
  let n = 0
  for (const y of xs) if (y === x) n++
  return n
}

/**
 * `ExactlyOnceEffect`: each payment is charged at most once, and a payment the client saw
 * charged is charged exactly once.
 */
export function exactlyOnceEffect(u: IdempotencySetup, s: IdempotencyState): boolean {
  const ledger = serverOf(s).ledger
  const outcomes = clientOf(s).outcomes
  for (const p of u.payments) {
    const n = count(ledger, p.amount)
    if (n > 1) return false
    if (n === 0 && outcomes.some((o) => o.amount === p.amount && o.result === 'charged')) return false
  }
  return true
}

/**
 * `KeyBindsOneRequest`: no answer the server has sent (still in flight) and no payment the client
 * saw charged claims a charge under a key that the key table binds to another payload.
 */
export function keyBindsOneRequest(s: IdempotencyState): boolean {
  const keys = serverOf(s).keys
  const boundTo = (key: string | null, amount: number): boolean => {
    if (key === null) return true
    const r = keys.find((x) => x.key === key)
    return r === undefined || r.amount === amount
  }
  for (const e of s.net) if (e.msg.type === 'Charged' && !boundTo(e.msg.key, e.msg.amount)) return false
  for (const o of clientOf(s).outcomes) if (o.result === 'charged' && !boundTo(o.key, o.amount)) return false
  return true
}

/** The properties of an idempotency model, invariants first. */
export function idempotencyProperties(u: IdempotencySetup): readonly Property<IdempotencyState>[] {
  const props: Property<IdempotencyState>[] = [
    always(
      'ExactlyOnceEffect',
      (s) => exactlyOnceEffect(u, s),
      'Each payment is charged at most once, and one the client saw succeed is charged exactly once.',
    ),
    always(
      'KeyBindsOneRequest',
      keyBindsOneRequest,
      'Whatever the server says is charged under a key is the request the key is bound to.',
    ),
  ]
  const retried = (s: IdempotencyState): boolean => {
    const c = clientOf(s)
    return c.attempts > 1 || c.outcomes.some((o) => o.attempts > 1)
  }
  props.push(
    sometimes(
      'ChargeSucceeded',
      (s) => clientOf(s).outcomes.some((o) => o.result === 'charged'),
      'The client sees a payment charged.',
    ),
  )
  // Without retries there is nothing to retry: the configuration cannot show these, so it does not ask.
  if (u.retries > 0) {
    props.push(
      sometimes('RetrySent', retried, 'The client sends a payment again after a timeout.'),
      sometimes(
        'SucceededAfterRetry',
        (s) => clientOf(s).outcomes.some((o) => o.result === 'charged' && o.attempts > 1),
        'The client sees a payment it sent more than once charged (and, by ExactlyOnceEffect, charged once).',
      ),
    )
  }
  if (u.payments.length > 1 && u.payments.every((p) => p.key === u.payments[0]?.key)) {
    props.push(
      sometimes(
        'KeyReuseRefused',
        (s) => clientOf(s).outcomes.some((o) => o.result === 'refused'),
        'The server refuses a request whose key is bound to another payment.',
      ),
    )
  }
  return props
}
