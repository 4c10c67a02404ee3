/**
 * The quorum replication model: Dynamo-style (DeCandia et al., 2007) replication of one key on N
 * replicas, with coordinators that write to W and read from R of them, read repair, and a sloppy
 * quorum with hinted handoff as a weakening. See README.md beside this file for the protocol, the
 * spec-to-code table, what is not modelled, and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildQuorum } from './model.js'
import type { QuorumAction, QuorumParams, QuorumState } from './model.js'

export type {
  BuildOptions,
  Coordinator,
  HistoryEntry,
  Hint,
  Operation,
  QuorumAction,
  QuorumEvent,
  QuorumFlag,
  QuorumGhost,
  QuorumMsg,
  QuorumNode,
  QuorumParams,
  QuorumRequest,
  QuorumSetup,
  QuorumState,
  QuorumTimer,
  Store,
} from './model.js'
export { buildQuorum, dropIgnored, formatMsg, formatRequest, observe, quorumSetup } from './model.js'

const base: QuorumParams = { replicas: 3, r: 2, w: 2, writes: 1, reads: 1, spares: 0, drops: 0, crashes: 0 }

/** Dynamo-style quorum replication of one register: N replicas, R + W > N, read repair. */
export const quorum = defineModel<QuorumParams, QuorumState, QuorumAction>({
  name: 'quorum',
  summary: 'Dynamo-style quorum replication (N, R, W) of one register with read repair; sloppy quorum and hinted handoff as a weakening',
  params: {
    replicas: { doc: 'N: replicas in the preference list (r1..rN)', min: 1, max: 9 },
    r: { doc: 'R: replies a read (and a write, for its version) waits for', min: 1, max: 9 },
    w: { doc: 'W: acknowledgements a write (and a read repair) waits for', min: 1, max: 9 },
    writes: { doc: 'writes in the workload, one after another through coordinator c1; write i writes value i as version i', min: 0, max: 9 },
    reads: { doc: 'reads in the workload, one after another through the next coordinator', min: 0, max: 9 },
    spares: { doc: 'spare nodes past the preference list (s1..sS), used only by a sloppy quorum', min: 0, max: 9 },
    drops: { doc: 'how many messages the network may lose', min: 0 },
    crashes: { doc: 'how many times a node may crash (each may then restart, with its durable state)', min: 0 },
  },
  configs: {
    tiny: {
      doc: 'N=3, R=W=2, one write and one read, no faults: 3,344 states, instant',
      params: base,
    },
    twoReads: {
      doc: 'tiny with two reads one after another, the least that can show new-then-old: 16,451 states',
      params: { ...base, reads: 2 },
    },
    sloppy: {
      doc: 'tiny with one spare node past the preference list, for a sloppy quorum: 3,344 states unweakened',
      params: { ...base, spares: 1 },
    },
    ci: {
      doc: 'N=3, R=W=2, one write, two reads, one crash: 161,098 states, a few seconds',
      params: { ...base, reads: 2, crashes: 1 },
    },
    deep: {
      doc: 'N=3, R=W=2, two writes, two reads, one drop, one crash: 27,622,973 states, several minutes',
      params: { ...base, writes: 2, reads: 2, drops: 1, crashes: 1 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    nonIntersectingQuorums: {
      doc: 'R + W <= N: a write waits for N - R acknowledgements, so a read quorum can miss every replica that has it',
      breaks: 'ReadSeesLatestAck',
      config: 'tiny',
    },
    sloppyQuorum: {
      doc: 'a write that times out on a replica puts to a spare with a hint and counts its ack toward W; reads ask only the preference list',
      breaks: 'ReadSeesLatestAck',
      config: 'sloppy',
    },
    returnBeforeRepair: {
      doc: 'a read returns the newest of its R replies at once and repairs the stale replicas after it has returned',
      breaks: 'Linearizable',
      config: 'twoReads',
    },
  },
  build: (params, weaken) => buildQuorum(params, weaken),
})

export default quorum
