/**
 * The lease model: a lock service granting time-bounded leases with fencing tokens, clients with
 * slow clocks and GC pauses, and a storage service that fences writes by token. See README.md
 * beside this file for the protocol, the spec-to-code table, what is not modelled, and the
 * weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildLease } from './model.js'
import type { LeaseAction, LeaseParams, LeaseState } from './model.js'

export type {
  Lease,
  LeaseAction,
  LeaseClient,
  LeaseFlag,
  LeaseParams,
  LeaseSetup,
  LeaseState,
  LockService,
  Storage,
  WriteOp,
} from './model.js'
export { buildLease, clientName, formatLeaseAction, initialState, leaseSetup } from './model.js'

const base: LeaseParams = { clients: 2, term: 2, drift: 1, leases: 2, renewals: 0, writes: 1, pauses: 1 }

/** Leases and fencing tokens (Gray and Cheriton; Kleppmann): time, slow clocks, GC pauses, a fenced storage. */
export const lease = defineModel<LeaseParams, LeaseState, LeaseAction>({
  name: 'lease',
  summary: 'Leases with fencing tokens (Gray & Cheriton; Kleppmann): slow clocks, GC pauses and a storage that fences writes',
  params: {
    clients: { doc: 'number of clients (c1..cN) competing for the lease', min: 1, max: 9 },
    term: { doc: 'lease term, in units of real time', min: 1 },
    drift: { doc: 'most units a client clock loses during one lease; the safety margin a client subtracts from the term', min: 0 },
    leases: { doc: 'most leases the lock service grants in a run (the highest token)', min: 1 },
    renewals: { doc: 'most lease renewals in a run', min: 0 },
    writes: { doc: 'writes each client may begin in a run', min: 0 },
    pauses: { doc: 'most GC pauses in a run', min: 0 },
  },
  configs: {
    tiny: {
      doc: '2 clients, term 2, drift 1, 2 leases, 1 write each, 1 pause: 297 states, instant',
      params: base,
    },
    renew: {
      doc: 'tiny with 1 renewal: 593 states, the least that lets a client renew',
      params: { ...base, renewals: 1 },
    },
    ci: {
      doc: '2 clients, term 3, drift 1, 3 leases, 2 renewals, 2 writes each, 2 pauses: 53,707 states, about a second',
      params: { clients: 2, term: 3, drift: 1, leases: 3, renewals: 2, writes: 2, pauses: 2 },
    },
    deep: {
      doc: '3 clients, term 3, drift 1, 4 leases, 2 renewals, 2 writes each, 2 pauses: 3,361,357 states, about a minute',
      params: { clients: 3, term: 3, drift: 1, leases: 4, renewals: 2, writes: 2, pauses: 2 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    noFencing: {
      doc: 'the storage accepts every write, whatever its token',
      breaks: 'NoStaleWrite',
      config: 'tiny',
    },
    equalityFencing: {
      doc: 'the storage accepts a write only if its token equals the highest it has seen, not if it is at least that',
      breaks: 'StorageLinearizable',
      config: 'tiny',
    },
    slowClockBeyondMargin: {
      doc: "a client's clock runs slower than the margin allows (drift + 1 units per lease), so it trusts its lease past expiry",
      breaks: 'TrustedLeaseIsHeld',
      config: 'tiny',
    },
    renewWithoutMargin: {
      doc: 'a client trusts a renewed lease for the full term, with no margin for its clock running slow',
      breaks: 'TrustedLeaseIsHeld',
      config: 'renew',
    },
  },
  build: (params, weaken) => buildLease(params, weaken),
})

export default lease
