/**
 * Idempotent retries: a client charges payments through a server over a lossy network and retries
 * when it hears nothing; each request carries an idempotency key, and the server binds each key
 * to one request and its outcome, so a retry is answered from the key table instead of charging
 * again. The server crashes and restarts with its database (key table and ledger) intact.
 *
 * Written with the actor layer (src/actor): two nodes, `client` and `server`, a lossy (and
 * optionally duplicating) network, the client's retry timer, and the server's workers as timers.
 * See README.md beside this file for the protocol, the spec-to-code table, what is not modelled,
 * and the weakenings.
 */
import { FaultlineError } from '../../src/core/errors.js'
import { actorModel, type ActorModel } from '../../src/actor/index.js'
import type { Actor, ActorState, Out } from '../../src/actor/index.js'
import { idempotencyProperties } from '../../properties/idempotency.js'

/** A payment the client is asked to make (the workload): the n-th, under `key`, for `amount`. */
export interface Pay {
  readonly type: 'Pay'
  readonly amount: number
  readonly key: string
  readonly n: number
}

/** A message between client and server. `key` is null only when the client sends none (weakening `noKey`). */
export type PayMsg =
  /** The client asks the server to charge `amount` under `key`. */
  | { readonly type: 'Charge'; readonly amount: number; readonly key: string | null }
  /** The server answers that the request (`key`, `amount`) is charged. */
  | { readonly type: 'Charged'; readonly amount: number; readonly key: string | null }
  /** The server refuses the request: `key` is bound to a request with another payload. */
  | { readonly type: 'KeyReused'; readonly amount: number; readonly key: string }

/** The server's timer for a request one of its workers holds between its two steps. */
export interface CommitTimer {
  readonly type: 'Commit'
  readonly key: string
}

/** `Timeout`: the client's retry timer. `Commit(k)`: a server worker's next step on key `k`. */
export type PayTimer = 'Timeout' | CommitTimer

/** How a payment ended, as the client saw it. */
export interface Outcome {
  readonly amount: number
  /** How many times the client sent it. */
  readonly attempts: number
  readonly key: string
  /** `charged`: the server said so; `refused`: the key was bound to another payload; `gaveUp`: no answer after every retry. */
  readonly result: 'charged' | 'refused' | 'gaveUp'
}

/** The client: the payment in flight, if any, and how each earlier one ended. */
export interface ClientState {
  readonly role: 'client'
  /** Times the current payment has been sent (0 when there is none). */
  readonly attempts: number
  readonly current: Pay | null
  readonly outcomes: readonly Outcome[]
}

/** A row of the idempotency key table: the request a key is bound to, and how far it got. */
export interface KeyRecord {
  readonly amount: number
  readonly key: string
  /** `started`: claimed, not yet charged; `done`: charged, the answer recorded. */
  readonly status: 'started' | 'done'
}

/** A request a server worker holds between its first and second step. */
export interface WorkItem {
  readonly amount: number
  readonly key: string
}

/** The server: its database (key table and ledger, which survive a crash) and its workers (which do not). */
export interface ServerState {
  readonly role: 'server'
  /** The idempotency key table, sorted by key. */
  readonly keys: readonly KeyRecord[]
  /** Every charge made, by amount: a sorted multiset. The effect the properties count. */
  readonly ledger: readonly number[]
  /** Requests held by workers between steps, sorted. At most `workers` of them. */
  readonly work: readonly WorkItem[]
}

export type PayNode = ClientState | ServerState
export type IdempotencyState = ActorState<PayNode, PayMsg, PayTimer, Pay>
export type IdempotencyModel = ActorModel<PayNode, PayMsg, PayTimer, Pay>

/** The weakening flags of this model; see `weakenings` in index.ts for the mistake each stands for. */
export type IdempotencyFlag = 'noKey' | 'recordAfterEffect' | 'checkThenInsert' | 'keyPayloadUnchecked'

/** The model's parameters; see `params` in index.ts. (A type, not an interface, so it is a `Params` record.) */
export type IdempotencyParams = {
  readonly payments: number
  readonly sharedKey: number
  readonly retries: number
  readonly workers: number
  readonly crashes: number
  readonly drops: number
  readonly duplicates: number
}

/** What the handlers read besides the state: the workload, the bounds and the weakenings in force. */
export interface IdempotencySetup {
  /** The payments, in order: the n-th for `10 * n`, under key `k<n>` (or all under `k1` with `sharedKey`). */
  readonly payments: readonly Pay[]
  readonly retries: number
  readonly workers: number
  readonly noKey: boolean
  readonly recordAfterEffect: boolean
  readonly checkThenInsert: boolean
  readonly keyPayloadUnchecked: boolean
}

/** The node ids, in node order. */
export const CLIENT = 'client'
export const SERVER = 'server'

/** The setup of a model: the workload from the parameters, and the weakenings. */
export function idempotencySetup(p: IdempotencyParams, weaken: ReadonlySet<string>): IdempotencySetup {
  const payments = Array.from({ length: p.payments }, (_, i): Pay => ({
    type: 'Pay',
    amount: 10 * (i + 1),
    key: p.sharedKey === 1 ? 'k1' : `k${i + 1}`,
    n: i + 1,
  }))
  return {
    payments,
    retries: p.retries,
    workers: p.workers,
    noKey: weaken.has('noKey'),
    recordAfterEffect: weaken.has('recordAfterEffect'),
    checkThenInsert: weaken.has('checkThenInsert'),
    keyPayloadUnchecked: weaken.has('keyPayloadUnchecked'),
  }
}

/** The client's state in `s` (node order: client, then server). */
export function clientOf(s: IdempotencyState): ClientState {
  const c = s.nodes[0]
  if (c?.role !== 'client') throw new FaultlineError('idempotency: node 1 is not the client')
  return c
}

/** The server's state in `s` (while it is down: the state it restarts with). */
export function serverOf(s: IdempotencyState): ServerState {
  const v = s.nodes[1]
  if (v?.role !== 'server') throw new FaultlineError('idempotency: node 2 is not the server')
  return v
}

function asClient(s: PayNode): ClientState {
  if (s.role !== 'client') throw new FaultlineError('idempotency: the client handler ran on a server state')
  return s
}

function asServer(s: PayNode): ServerState {
  if (s.role !== 'server') throw new FaultlineError('idempotency: the server handler ran on a client state')
  return s
}

function compareItems(a: WorkItem, b: WorkItem): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.amount - b.amount
}

function insertSorted<T>(xs: readonly T[], x: T, cmp: (a: T, b: T) => number): T[] {
  let k = 0
  while (k < xs.length && cmp(xs[k] as T, x) <= 0) k++
  const ys = xs.slice()
  ys.splice(k, 0, x)
  return ys
}

/** The key table with `r` in place of the row for its key (or added). */
function bind(keys: readonly KeyRecord[], r: KeyRecord): KeyRecord[] {
  const rest = keys.filter((x) => x.key !== r.key)
  return insertSorted(rest, r, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function charge(ledger: readonly number[], amount: number): number[] {
  return insertSorted(ledger, amount, (a, b) => a - b)
}

type Output = Out<PayNode, PayMsg, PayTimer>

/** The client: takes the payments in order, sends each with its key, retries on timeout, records how it ended. */
function clientActor(u: IdempotencySetup): Actor<PayNode, PayMsg, PayTimer, Pay> {
  const send = (p: Pay): PayMsg => ({ type: 'Charge', amount: p.amount, key: u.noKey ? null : p.key })
  const finish = (c: ClientState, p: Pay, result: Outcome['result']): Output => ({
    state: {
      role: 'client',
      attempts: 0,
      current: null,
      outcomes: [...c.outcomes, { amount: p.amount, attempts: c.attempts, key: p.key, result }],
    },
    cancelTimers: ['Timeout'],
  })
  return {
    init: () => ({ role: 'client', attempts: 0, current: null, outcomes: [] }),
    // `Pay(p)`: the client, idle, starts the next payment: it sends the request and starts its timer.
    onRequest: (s, p) => {
      const c = asClient(s)
      if (c.current !== null || p.n !== c.outcomes.length + 1) return undefined
      return { state: { ...c, attempts: 1, current: p }, send: [{ to: SERVER, msg: send(p) }], setTimers: ['Timeout'] }
    },
    // `Timeout`: the client heard nothing; it sends the same request again, or gives up after its retries.
    onTimer: (s, timer) => {
      const c = asClient(s)
      const p = c.current
      if (timer !== 'Timeout' || p === null) return undefined
      if (c.attempts > u.retries) return finish(c, p, 'gaveUp')
      return { state: { ...c, attempts: c.attempts + 1 }, send: [{ to: SERVER, msg: send(p) }], setTimers: ['Timeout'] }
    },
    // An answer to the current payment ends it; any other (a late copy, an earlier payment's) is ignored.
    onMessage: (s, m) => {
      const c = asClient(s)
      const p = c.current
      if (p === null || m.type === 'Charge' || m.amount !== p.amount || (m.key !== null && m.key !== p.key)) return undefined
      return finish(c, p, m.type === 'Charged' ? 'charged' : 'refused')
    },
  }
}

/**
 * The server. A request is handled in two steps by one of `workers` workers: `Claim` (on
 * delivery: look the key up and, if it is new, bind it, as started, with one insert-if-absent)
 * and `Commit` (a timer: charge and mark the key done in one transaction, then answer). A retry
 * of a key that is done is answered from the table; of a key another worker holds, dropped (the
 * client retries); of a key a crash left started, taken over.
 */
function serverActor(u: IdempotencySetup): Actor<PayNode, PayMsg, PayTimer, Pay> {
  const reply = (m: PayMsg): { to: string; msg: PayMsg }[] => [{ to: CLIENT, msg: m }]
  const hold = (v: ServerState, item: WorkItem, patch: Partial<ServerState>): Output => ({
    state: { ...v, ...patch, work: insertSorted(v.work, item, compareItems) },
    setTimers: [{ type: 'Commit', key: item.key }],
  })
  return {
    init: () => ({ role: 'server', keys: [], ledger: [], work: [] }),
    persisted: ['keys', 'ledger'],
    onMessage: (s, m) => {
      const v = asServer(s)
      if (m.type !== 'Charge') return undefined
      const { key, amount } = m
      // No key (weakening noKey): nothing to deduplicate on; charge at once.
      if (key === null) {
        return { state: { ...v, ledger: charge(v.ledger, amount) }, send: reply({ type: 'Charged', amount, key: null }) }
      }
      const r = v.keys.find((x) => x.key === key)
      const busy = v.work.length >= u.workers
      if (r !== undefined) {
        if (r.amount !== amount && !u.keyPayloadUnchecked) {
          return { state: v, send: reply({ type: 'KeyReused', amount, key }) }
        }
        if (r.status === 'done') return { state: v, send: reply({ type: 'Charged', amount, key }) }
        // Started: a worker has it (drop this copy; the client retries), or a crash orphaned it (take it over).
        if (busy || v.work.some((w) => w.key === key)) return undefined
        return hold(v, { amount: r.amount, key }, {})
      }
      // A request that finds every worker busy is shed; the client retries.
      if (busy) return undefined
      // Weakened: the key is only looked up now and bound at Commit.
      if (u.checkThenInsert) return hold(v, { amount, key }, {})
      // Weakened: charge first, bind the key at Commit.
      if (u.recordAfterEffect) return hold(v, { amount, key }, { ledger: charge(v.ledger, amount) })
      return hold(v, { amount, key }, { keys: bind(v.keys, { amount, key, status: 'started' }) })
    },
    onTimer: (s, timer) => {
      const v = asServer(s)
      if (timer === 'Timeout') return undefined
      const k = v.work.findIndex((w) => w.key === timer.key)
      const item = v.work[k]
      if (item === undefined) return undefined
      const work = v.work.filter((_, j) => j !== k)
      const done: KeyRecord = { amount: item.amount, key: item.key, status: 'done' }
      // Correct and checkThenInsert: charge and bind in one transaction. recordAfterEffect: the charge is made already.
      const ledger = u.recordAfterEffect ? v.ledger : charge(v.ledger, item.amount)
      return {
        state: { ...v, keys: bind(v.keys, done), ledger, work },
        send: reply({ type: 'Charged', amount: item.amount, key: item.key }),
        ...(work.some((w) => w.key === item.key) ? { setTimers: [timer] } : {}),
      }
    },
  }
}

/** A message as the protocol writes it: `Charge(k1, 10)`, `Charged(k1, 10)`, `KeyReused(k1, 20)`. */
export function formatPayMsg(m: PayMsg): string {
  return m.key === null ? `${m.type}(${m.amount})` : `${m.type}(${m.key}, ${m.amount})`
}

/** A timer: `Timeout`, `Commit(k1)`. */
export function formatPayTimer(t: PayTimer): string {
  return t === 'Timeout' ? t : `Commit(${t.key})`
}

/** A payment: `Pay(p1, k1, 10)`. */
export function formatPay(p: Pay): string {
  return `Pay(p${p.n}, ${p.key}, ${p.amount})`
}

/** Builds the idempotency model for the given parameters and weakenings. */
export function buildIdempotency(params: IdempotencyParams, weaken: ReadonlySet<string>): IdempotencyModel {
  const u = idempotencySetup(params, weaken)
  return actorModel<PayNode, PayMsg, PayTimer, Pay>({
    name: 'idempotency',
    nodes: [CLIENT, SERVER],
    actors: { [CLIENT]: clientActor(u), [SERVER]: serverActor(u) },
    network: { lossy: params.drops > 0, duplicating: params.duplicates > 0 },
    faults: {
      crash: params.crashes,
      restart: true,
      ...(params.drops > 0 ? { drop: params.drops } : {}),
      ...(params.duplicates > 0 ? { duplicate: params.duplicates } : {}),
    },
    requests: u.payments,
    // Only the server crashes: the client is the observer whose view the properties judge.
    within: (s) => !s.down.includes(CLIENT),
    properties: idempotencyProperties(u),
    formatMsg: formatPayMsg,
    formatTimer: formatPayTimer,
    formatRequest: formatPay,
  })
}
