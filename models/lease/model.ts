/**
 * Leases with fencing tokens: a lock service that grants time-bounded leases (Gray and Cheriton,
 * "Leases: An Efficient Fault-Tolerant Mechanism for Distributed File Cache Consistency") with
 * monotonically increasing tokens, clients whose clocks may run slow within a bound and whose
 * process may pause, and a storage service that accepts a write only if its token is at least the
 * highest it has accepted (Kleppmann, "How to do distributed locking").
 *
 * Time is explicit and bounded: `Tick` is one unit of real time, and every countdown in the state
 * (the lock service's lease, each client's trust in its lease) is the time left, not an absolute
 * reading, so the state space is finite without a horizon. See README.md beside this file for the
 * protocol, the spec-to-code table, what is not modelled, and the weakenings.
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { leaseProperties } from '../../properties/lease.js'

/** A lease as its client believes it. */
export interface Lease {
  /** Clock units this client's clock has lost (run slow) since the lease was granted or renewed. */
  readonly lost: number
  /** The fencing token the lock service granted with it. */
  readonly token: number
  /** Units of the client's own clock it will still trust the lease for (always >= 1: at 0 it drops it). */
  readonly validFor: number
}

/** One client. Index `i` of `clients` is client `c(i+1)`. */
export interface LeaseClient {
  /** The lease it trusts, or null. */
  readonly lease: Lease | null
  /** A GC pause: the process takes no step while real time, and its clock, go on. */
  readonly paused: boolean
  /** The token of a write it has decided on (its lease checked) but not yet sent; null for none. */
  readonly pending: number | null
  /** Writes it may still begin in this run (a bound of the workload). */
  readonly writes: number
}

/** The lock service. Its clock is the reference: real time. */
export interface LockService {
  /** The client (0-based) whose lease is in force, or null when none is. */
  readonly holder: number | null
  /** Real time units until that lease expires (0 when no lease is in force). */
  readonly left: number
  /** The last token granted (0 before the first grant); the next grant gets `token + 1`. */
  readonly token: number
}

/** The storage service: a register whose writes carry fencing tokens. */
export interface Storage {
  /** The highest token of a write it accepted (0 before the first). */
  readonly maxToken: number
  /** The client whose write it accepted last (the register's value), or null. */
  readonly value: string | null
}

/**
 * One write as its client saw it, for the history check. `call` and `ret` number the history's
 * events (each invocation and each response is one), so `a.ret < b.call` is real-time order.
 */
export interface WriteOp {
  /** When the client began the write (it had just checked its lease). */
  readonly call: number
  /** The writer, 0-based. */
  readonly client: number
  /** Whether the writer's lease was still in force at the lock service when the storage applied the write; null while pending. */
  readonly live: boolean | null
  /** The storage's answer: true accepted, false rejected, null while the write is pending. */
  readonly ok: boolean | null
  /** When the storage applied it and answered; null while pending. */
  readonly ret: number | null
  readonly token: number
}

/**
 * A state. Keys are in sorted order (the order the fingerprint reads them in), so states never
 * need a key sort.
 */
export interface LeaseState {
  readonly clients: readonly LeaseClient[]
  /** History, read only by properties: the client (0-based) each token went to, in token order. */
  readonly grants: readonly number[]
  /** History, read only by properties: every write, in the order the clients began them. */
  readonly history: readonly WriteOp[]
  readonly lock: LockService
  /** GC pauses left in this run's budget. */
  readonly pausesLeft: number
  /** Lease renewals left in this run's budget. */
  readonly renewalsLeft: number
  readonly storage: Storage
}

/** An action. Clients are numbered from 1, as in `Acquire(c1)`. */
export type LeaseAction =
  | { readonly type: 'Tick' }
  | { readonly type: 'Acquire' | 'Renew' | 'SlowTick' | 'Pause' | 'Resume'; readonly c: number }
  | { readonly type: 'BeginWrite' | 'Write'; readonly c: number; readonly token: number }

/** The weakening flags of this model; see `weakenings` in index.ts for the mistake each stands for. */
export type LeaseFlag = 'noFencing' | 'equalityFencing' | 'slowClockBeyondMargin' | 'renewWithoutMargin'

/** The model's parameters; see `params` in index.ts. (A type, not an interface, so it is a `Params` record.) */
export type LeaseParams = {
  readonly clients: number
  readonly term: number
  readonly drift: number
  readonly leases: number
  readonly renewals: number
  readonly writes: number
  readonly pauses: number
}

/** What the actions read besides the state: sizes, bounds and the weakenings in force. */
export interface LeaseSetup {
  readonly n: number
  readonly term: number
  /** The clock drift bound, and the safety margin a client subtracts from the term to cover it. */
  readonly margin: number
  /** The most units a client's clock actually loses during one lease: `margin`, or one more when weakened. */
  readonly maxLost: number
  /** How long a client trusts a fresh or renewed lease, on its own clock. */
  readonly trustOnGrant: number
  readonly trustOnRenew: number
  readonly leases: number
  readonly renewals: number
  readonly writes: number
  readonly pauses: number
  readonly noFencing: boolean
  readonly equalityFencing: boolean
}

/** The setup of a model: checks the parameters and resolves the weakenings. */
export function leaseSetup(p: LeaseParams, weaken: ReadonlySet<string>): LeaseSetup {
  const fail = (msg: string): never => {
    throw new FaultlineError(`lease: ${msg}`)
  }
  if (p.drift >= p.term) fail(`drift (${p.drift}) must be below term (${p.term}): a client trusts a lease for term - drift units`)
  const trustOnGrant = p.term - p.drift
  return {
    n: p.clients,
    term: p.term,
    margin: p.drift,
    maxLost: weaken.has('slowClockBeyondMargin') ? p.drift + 1 : p.drift,
    trustOnGrant,
    trustOnRenew: weaken.has('renewWithoutMargin') ? p.term : trustOnGrant,
    leases: p.leases,
    renewals: p.renewals,
    writes: p.writes,
    pauses: p.pauses,
    noFencing: weaken.has('noFencing'),
    equalityFencing: weaken.has('equalityFencing'),
  }
}

/** Client `i` (0-based) as actions and histories name it: `c1`, `c2`, ... */
export function clientName(i: number): string {
  return `c${i + 1}`
}

/** The initial state: no lease granted, nothing written, every client idle with its writes ahead. */
export function initialState(u: LeaseSetup): LeaseState {
  const idle: LeaseClient = { lease: null, paused: false, pending: null, writes: u.writes }
  return {
    clients: Array.from({ length: u.n }, () => idle),
    grants: [],
    history: [],
    lock: { holder: null, left: 0, token: 0 },
    pausesLeft: u.pauses,
    renewalsLeft: u.renewals,
    storage: { maxToken: 0, value: null },
  }
}

function setAt<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function withClient(s: LeaseState, i: number, c: LeaseClient): LeaseState {
  return { ...s, clients: setAt(s.clients, i, c) }
}

/** Events in a history so far: one per invocation, one per response. */
function eventCount(h: readonly WriteOp[]): number {
  let n = h.length
  for (const op of h) if (op.ret !== null) n++
  return n
}

function clientAt(u: LeaseSetup, s: LeaseState, i: number): LeaseClient {
  const c = s.clients[i]
  if (c === undefined || i < 0 || i >= u.n) throw new FaultlineError(`lease: unknown client ${clientName(i)}; the clients are c1..c${u.n}`)
  return c
}

// ---------------------------------------------------------------------------------------------
// Actions: a guard, then the effects. `undefined` means not enabled.
// ---------------------------------------------------------------------------------------------

/** Client `i`, holding no lease, asks the lock service for one; the service, free, grants it with the next token. */
function Acquire(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  if (c.paused || c.lease !== null || c.pending !== null) return undefined
  if (s.lock.holder !== null || s.lock.token >= u.leases) return undefined
  // The request and the grant are one step: the client measures its lease from the moment it
  // asked, so a slow grant would only shorten the lease it sees (see README.md).
  const token = s.lock.token + 1
  return {
    ...withClient(s, i, { ...c, lease: { lost: 0, token, validFor: u.trustOnGrant } }),
    grants: [...s.grants, i],
    lock: { holder: i, left: u.term, token },
  }
}

/**
 * Client `i`, trusting its lease, asks to renew it: the lock service extends it by a full term if
 * the lease is still in force, and refuses otherwise (the client then drops it).
 */
function Renew(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  const lease = c.lease
  if (c.paused || lease === null || c.pending !== null || s.renewalsLeft === 0) return undefined
  const inForce = s.lock.holder === i && s.lock.token === lease.token
  // A renewal the instant after a grant or renewal changes nothing but the budget: not enabled.
  if (inForce && s.lock.left === u.term && lease.lost === 0 && lease.validFor === u.trustOnRenew) return undefined
  const renewalsLeft = s.renewalsLeft - 1
  if (!inForce) return { ...withClient(s, i, { ...c, lease: null }), renewalsLeft }
  // Correct: trust the renewed lease for term - margin units, as on a grant. Weakened
  // (`renewWithoutMargin`): for the full term.
  const renewed: Lease = { lost: 0, token: lease.token, validFor: u.trustOnRenew }
  return { ...withClient(s, i, { ...c, lease: renewed }), lock: { ...s.lock, left: u.term }, renewalsLeft }
}

/** Client `i` checks that it trusts its lease and begins a write carrying the lease's token. */
function BeginWrite(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  if (c.paused || c.lease === null || c.pending !== null || c.writes === 0) return undefined
  const token = c.lease.token
  const op: WriteOp = { call: eventCount(s.history), client: i, live: null, ok: null, ret: null, token }
  return { ...withClient(s, i, { ...c, pending: token, writes: c.writes - 1 }), history: [...s.history, op] }
}

/** Whether the storage accepts a write with `token` (the fencing check, or a weakened one). */
function accepts(u: LeaseSetup, storage: Storage, token: number): boolean {
  if (u.noFencing) return true
  if (u.equalityFencing) return storage.maxToken === 0 || token === storage.maxToken
  return token >= storage.maxToken
}

/**
 * Client `i`'s write reaches the storage, which applies it if the token passes the fencing check
 * and rejects it otherwise, and answers. (Sending, applying and answering are one step: a
 * running client's write is prompt, see `Tick`; a paused one sends it when it resumes.)
 */
function Write(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  const token = c.pending
  if (c.paused || token === null) return undefined
  const ok = accepts(u, s.storage, token)
  const live = s.lock.holder === i && s.lock.token === token
  const storage: Storage = ok ? { maxToken: Math.max(s.storage.maxToken, token), value: clientName(i) } : s.storage
  const ret = eventCount(s.history)
  let k = s.history.length - 1
  while (k >= 0 && !(s.history[k]?.client === i && s.history[k]?.ret === null)) k--
  const op = s.history[k]
  if (op === undefined) throw new FaultlineError(`lease: ${clientName(i)} has a pending write but none is in the history`)
  return {
    ...withClient(s, i, { ...c, pending: null }),
    history: setAt(s.history, k, { ...op, live, ok, ret }),
    storage,
  }
}

function tickEnabled(s: LeaseState): boolean {
  let counting = s.lock.holder !== null
  for (const c of s.clients) {
    // A running client's local steps take no real time: it sends a write it began before time
    // moves on. Only a paused client lets time pass in between (Kleppmann's GC pause).
    if (c.pending !== null && !c.paused) return false
    if (c.lease !== null) counting = true
  }
  // With no lease anywhere, time passing changes nothing: not enabled.
  return counting
}

/** One unit of real time passes: the lease in force and every client's trust count down; `slow` is a client whose clock stands still. */
function tick(u: LeaseSetup, s: LeaseState, slow: number): LeaseState | undefined {
  if (!tickEnabled(s)) return undefined
  if (slow >= 0) {
    const lease = clientAt(u, s, slow).lease
    if (lease === null || lease.lost >= u.maxLost) return undefined
  }
  const clients = s.clients.map((c, i): LeaseClient => {
    const lease = c.lease
    if (lease === null) return c
    if (i === slow) return { ...c, lease: { ...lease, lost: lease.lost + 1 } }
    return { ...c, lease: lease.validFor > 1 ? { ...lease, validFor: lease.validFor - 1 } : null }
  })
  const l = s.lock
  const lock: LockService = l.holder === null ? l : l.left > 1 ? { ...l, left: l.left - 1 } : { holder: null, left: 0, token: l.token }
  return { ...s, clients, lock }
}

/** One unit of real time passes, and every clock advances with it. */
function Tick(u: LeaseSetup, s: LeaseState): LeaseState | undefined {
  return tick(u, s, -1)
}

/** One unit of real time passes, and client `i`'s clock, running slow, does not advance (at most `drift` units per lease). */
function SlowTick(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  return tick(u, s, i)
}

/** Client `i`'s process pauses (a GC pause) between checking its lease and sending its write. */
function Pause(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  // A pause anywhere else adds nothing: an idle client may already sit still while time goes on.
  if (c.paused || c.pending === null || s.pausesLeft === 0) return undefined
  return { ...withClient(s, i, { ...c, paused: true }), pausesLeft: s.pausesLeft - 1 }
}

/** Client `i`'s process resumes where it stopped, its write still to send. */
function Resume(u: LeaseSetup, s: LeaseState, i: number): LeaseState | undefined {
  const c = clientAt(u, s, i)
  if (!c.paused) return undefined
  return withClient(s, i, { ...c, paused: false })
}

// ---------------------------------------------------------------------------------------------

/** The action as the protocol names it: `Acquire(c1)`, `BeginWrite(c1, t1)`, `Tick`. */
export function formatLeaseAction(a: LeaseAction): string {
  if (a.type === 'Tick') return 'Tick'
  if (a.type === 'BeginWrite' || a.type === 'Write') return `${a.type}(c${a.c}, t${a.token})`
  return `${a.type}(c${a.c})`
}

/** Builds the lease model for the given parameters and weakenings. */
export function buildLease(params: LeaseParams, weaken: ReadonlySet<string>): Model<LeaseState, LeaseAction> {
  const u = leaseSetup(params, weaken)
  const tickAction: LeaseAction = Object.freeze({ type: 'Tick' })
  const per = (type: 'Acquire' | 'Renew' | 'SlowTick' | 'Pause' | 'Resume'): readonly LeaseAction[] =>
    Array.from({ length: u.n }, (_, i) => Object.freeze({ type, c: i + 1 }))
  const acquire = per('Acquire')
  const renew = per('Renew')
  const slowTick = per('SlowTick')
  const pause = per('Pause')
  const resume = per('Resume')
  const init = [initialState(u)]

  const next = (s: LeaseState, a: LeaseAction): LeaseState | undefined => {
    if (a.type === 'Tick') return Tick(u, s)
    const i = a.c - 1
    switch (a.type) {
      case 'Acquire':
        return Acquire(u, s, i)
      case 'Renew':
        return Renew(u, s, i)
      case 'BeginWrite':
        return clientAt(u, s, i).lease?.token === a.token ? BeginWrite(u, s, i) : undefined
      case 'Write':
        return clientAt(u, s, i).pending === a.token ? Write(u, s, i) : undefined
      case 'SlowTick':
        return SlowTick(u, s, i)
      case 'Pause':
        return Pause(u, s, i)
      case 'Resume':
        return Resume(u, s, i)
      default:
        throw new FaultlineError(`lease: unknown action ${JSON.stringify(a)}`)
    }
  }

  // Least disruptive first: the protocol's own steps, then time, then slow clocks and pauses.
  const actions = (s: LeaseState): readonly LeaseAction[] => {
    const acts: LeaseAction[] = []
    const kinds: readonly (readonly LeaseAction[])[] = [acquire, renew]
    for (const list of kinds) for (const a of list) if (next(s, a) !== undefined) acts.push(a)
    s.clients.forEach((c, i) => {
      if (c.lease !== null && BeginWrite(u, s, i) !== undefined) acts.push({ type: 'BeginWrite', c: i + 1, token: c.lease.token })
    })
    s.clients.forEach((c, i) => {
      if (c.pending !== null && !c.paused) acts.push({ type: 'Write', c: i + 1, token: c.pending })
    })
    if (tickEnabled(s)) {
      acts.push(tickAction)
      for (const a of slowTick) if (next(s, a) !== undefined) acts.push(a)
    }
    for (const list of [pause, resume]) for (const a of list) if (next(s, a) !== undefined) acts.push(a)
    return acts
  }

  return {
    name: 'lease',
    init: () => init,
    actions,
    next,
    properties: leaseProperties(u),
    formatAction: formatLeaseAction,
  }
}
