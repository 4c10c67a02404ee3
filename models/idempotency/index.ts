/**
 * The idempotency model: a client charging payments through a server over a lossy network,
 * retrying on timeout, with idempotency keys that the server binds to one request each. See
 * README.md beside this file for the protocol, the spec-to-code table, what is not modelled, and
 * the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildIdempotency } from './model.js'
import type { IdempotencyParams, IdempotencyState } from './model.js'
import type { ActorAction } from '../../src/actor/index.js'
import type { Pay, PayMsg, PayTimer } from './model.js'

export type {
  ClientState,
  CommitTimer,
  IdempotencyFlag,
  IdempotencyModel,
  IdempotencyParams,
  IdempotencySetup,
  IdempotencyState,
  KeyRecord,
  Outcome,
  Pay,
  PayMsg,
  PayNode,
  PayTimer,
  ServerState,
  WorkItem,
} from './model.js'
export {
  CLIENT,
  SERVER,
  buildIdempotency,
  clientOf,
  formatPay,
  formatPayMsg,
  formatPayTimer,
  idempotencySetup,
  serverOf,
} from './model.js'

/** An action of the compiled model. */
export type IdempotencyAction = ActorAction<PayMsg, PayTimer, Pay>

const base: IdempotencyParams = { payments: 1, sharedKey: 0, retries: 1, workers: 1, crashes: 1, drops: 1, duplicates: 0 }

/** Idempotent retries: payments over a lossy network, idempotency keys, a server that crashes between steps. */
export const idempotency = defineModel<IdempotencyParams, IdempotencyState, IdempotencyAction>({
  name: 'idempotency',
  summary: 'Idempotent retries: a client charging through a crashing server over a lossy network, deduplicated by idempotency keys',
  params: {
    payments: { doc: 'payments the client makes, one after another (p1, p2: amounts 10, 20)', min: 1, max: 9 },
    sharedKey: { doc: '1 = every payment carries key k1 (a key reused for a different payment); 0 = payment n carries kn', min: 0, max: 1 },
    retries: { doc: 'times the client sends a payment again after a timeout before it gives up', min: 0 },
    workers: { doc: 'requests the server holds between its two steps at once; more are shed', min: 1 },
    crashes: { doc: 'server crash budget (each crash may be followed by a restart)', min: 0 },
    drops: { doc: 'messages the network may lose in a run', min: 0 },
    duplicates: { doc: 'messages the network may duplicate in a run', min: 0 },
  },
  configs: {
    tiny: {
      doc: '1 payment, 1 retry, 1 worker, 1 server crash, 1 drop: 111 states, instant',
      params: base,
    },
    concurrent: {
      doc: '1 payment, 1 retry, 2 workers, no faults: 22 states, the least that lets two copies of a request be worked on at once',
      params: { ...base, workers: 2, crashes: 0, drops: 0 },
    },
    reuse: {
      doc: '2 payments under one key, 1 retry, 1 worker, no faults: 298 states, the least that reuses a key',
      params: { ...base, payments: 2, sharedKey: 1, crashes: 0, drops: 0 },
    },
    ci: {
      doc: '2 payments, 2 retries, 2 workers, 1 server crash, 2 drops, 1 duplicate: 23,408 states, about a second',
      params: { payments: 2, sharedKey: 0, retries: 2, workers: 2, crashes: 1, drops: 2, duplicates: 1 },
    },
    deep: {
      doc: '3 payments, 2 retries, 2 workers, 2 server crashes, 2 drops, 1 duplicate: 1,214,686 states, under a minute',
      params: { payments: 3, sharedKey: 0, retries: 2, workers: 2, crashes: 2, drops: 2, duplicates: 1 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    noKey: {
      doc: 'the client sends its requests, retries included, with no idempotency key',
      breaks: 'ExactlyOnceEffect',
      config: 'tiny',
    },
    recordAfterEffect: {
      doc: 'the server charges first and records the key in a later step, not in the same transaction',
      breaks: 'ExactlyOnceEffect',
      config: 'tiny',
    },
    checkThenInsert: {
      doc: 'the server looks the key up when a request arrives and inserts it only when it charges, so two copies both pass',
      breaks: 'ExactlyOnceEffect',
      config: 'concurrent',
    },
    keyPayloadUnchecked: {
      doc: 'the server looks a request up by key alone and answers a different payload with the recorded outcome',
      breaks: 'KeyBindsOneRequest',
      config: 'reuse',
    },
  },
  build: (params, weaken) => buildIdempotency(params, weaken),
})

export default idempotency
