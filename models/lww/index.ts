/**
 * The last-writer-wins register model: a register replicated on N replicas whose writes are
 * stamped by hybrid logical clocks, vector clocks, or (weakened) skewed wall clocks. See
 * README.md beside this file for the protocol, the spec-to-code table and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { lwwProperties } from '../../properties/lww.js'
import { buildLwwRegister, type LwwAction, type LwwModel, type LwwState, type Stamp } from './model.js'

export type { LwwAction, LwwMessage, LwwModel, LwwSetup, LwwState, Register, Stamp, StampKind } from './model.js'
export { buildLwwRegister, formatStamp, newerFor } from './model.js'

/** Parameters of the register model. (A type, so it is a `Params` record.) */
export type LwwParams = {
  readonly replicas: number
  readonly writes: number
  readonly time: number
  readonly skew: number
  readonly delay: number
  readonly stamps: number
}

/** Builds the register for `params`, with the weakening flags in `weaken`. */
export function buildLww(params: LwwParams, weaken: ReadonlySet<string>): LwwModel<Stamp> {
  const stamps = weaken.has('wallClockStamps') ? 'wall' : params.stamps === 1 ? 'vector' : 'hlc'
  return buildLwwRegister(
    {
      n: params.replicas,
      writes: params.writes,
      stamps,
      time: { time: params.time, skew: params.skew },
      delay: params.delay,
      vectorTieByWriter: weaken.has('vectorTieByWriter'),
    },
    lwwProperties(),
  )
}

const base = { replicas: 2, writes: 1, time: 1, skew: 1, delay: 1, stamps: 0 }

/** A last-writer-wins register on N replicas, stamped by HLC, vector or skewed wall clocks. */
export const lww = defineModel<LwwParams, LwwState<Stamp>, LwwAction<Stamp>>({
  name: 'lww',
  summary: 'Last-writer-wins register on N replicas: stamped by HLC or vector clocks it keeps causal order; by skewed wall clocks it does not',
  params: {
    replicas: { doc: 'number of replicas (n1..nN)', min: 1, max: 9 },
    writes: { doc: 'writes each replica may make', min: 0 },
    time: { doc: 'real time runs from 0 to this many ticks', min: 0 },
    skew: { doc: 'every wall clock stays within this many ticks of real time', min: 0 },
    delay: { doc: 'a write takes at least this many ticks of real time to reach another replica', min: 0 },
    stamps: { doc: '0 = hybrid logical clocks, 1 = vector clocks (the weakening wallClockStamps overrides both)', min: 0, max: 1 },
  },
  configs: {
    tiny: { doc: '2 replicas, 1 write each, HLC stamps, time 0..1, skew 1, delay 1: 596 states, instant', params: base },
    ci: { doc: '2 replicas, 2 writes each, HLC stamps, time 0..1, skew 1, delay 1: 22,028 states, about a second', params: { ...base, writes: 2 } },
    vector: {
      doc: '3 replicas, 1 write each, vector stamps, no real time: 1,008 states, instant',
      params: { replicas: 3, writes: 1, time: 0, skew: 0, delay: 0, stamps: 1 },
    },
    synced: {
      doc: '3 replicas, 1 write each, synchronised clocks (skew 0), delay 1, time 0..2: 8,112 states; wall clocks hold here',
      params: { ...base, replicas: 3, time: 2, skew: 0 },
    },
    deep: { doc: '3 replicas, 1 write each, HLC stamps, time 0..2, skew 1, delay 1: 4,878,031 states, a few minutes', params: { ...base, replicas: 3, time: 2 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    wallClockStamps: {
      doc: "writes are stamped with the replica's skewed wall clock instead of a logical clock",
      breaks: 'CausallyLaterWriteWins',
      config: 'tiny',
    },
    vectorTieByWriter: {
      doc: 'with vector stamps, concurrent writes are ordered by writer id alone, which is not transitive',
      breaks: 'CausallyLaterWriteWins',
      config: 'vector',
    },
  },
  build: (params, weaken) => buildLww(params, weaken),
})
