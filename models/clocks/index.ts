/**
 * The clock models: Lamport clocks, vector clocks and hybrid logical clocks on N processes that
 * do local events, sends and receives, each checked against the true happens-before relation.
 * See README.md beside this file for the algorithms, the spec-to-code table, what is not
 * modelled, and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { hlcProperties, lamportProperties, vectorProperties } from '../../properties/clocks.js'
import { hybridClock, lamportClock, vectorClock, type Hlc, type Vector } from './algorithms.js'
import { buildClockSystem, type ClockAction, type ClockModel, type ClockState } from './model.js'

export type { ClockAlgorithm, Hlc, HlcWeakening, LamportWeakening, Vector, VectorWeakening } from './algorithms.js'
export { hlcLess, hybridClock, lamportClock, lexLess, sumThenLexLess, vectorClock, vectorLess, vectorSum } from './algorithms.js'
export type { CausalEvent, ClockAction, ClockMessage, ClockModel, ClockSetup, ClockState } from './model.js'
export { buildClockSystem, initialClockState } from './model.js'
export type { ClockEvent, EventKind, History, PlacedEvent } from './history.js'
export { allEvents, before, eventName, happenedBefore, nodeName } from './history.js'
export type { RealTime, TimeBounds } from './time.js'

/** Parameters of the Lamport and vector clock models. (A type, so it is a `Params` record.) */
export type LogicalParams = {
  readonly processes: number
  readonly events: number
}

/** Parameters of the hybrid logical clock model. */
export type HlcParams = LogicalParams & {
  readonly time: number
  readonly skew: number
}

const logicalParams = {
  processes: { doc: 'number of processes (n1..nN)', min: 1, max: 9 },
  events: { doc: 'local and send events each process may do (receives come on top, one per message)', min: 0 },
} as const

/** Builds the Lamport clock model for `params`, with the weakening flags in `weaken`. */
export function buildLamport(params: LogicalParams, weaken: ReadonlySet<string>): ClockModel<number> {
  const algorithm = lamportClock({ receiveWithoutMax: weaken.has('receiveWithoutMax') })
  const props = lamportProperties({
    lowerAsBefore: weaken.has('misreadLowerAsBefore'),
    differentAsOrdered: weaken.has('misreadDifferentAsOrdered'),
  })
  return buildClockSystem({ name: 'lamport', n: params.processes, events: params.events, algorithm, time: null }, props)
}

/** Builds the vector clock model for `params`, with the weakening flags in `weaken`. */
export function buildVector(params: LogicalParams, weaken: ReadonlySet<string>): ClockModel<Vector> {
  const algorithm = vectorClock({
    mergeSkipsComponent: weaken.has('mergeSkipsComponent'),
    compareSingleComponent: weaken.has('compareSingleComponent'),
    compareLexicographic: weaken.has('compareLexicographic'),
    tieBreakTotalOrder: weaken.has('tieBreakTotalOrder'),
  })
  const props = vectorProperties(algorithm.less, weaken.has('misreadVectorsAsTotal'))
  return buildClockSystem({ name: 'vector', n: params.processes, events: params.events, algorithm, time: null }, props)
}

/** Builds the hybrid logical clock model for `params`, with the weakening flags in `weaken`. */
export function buildHlc(params: HlcParams, weaken: ReadonlySet<string>): ClockModel<Hlc> {
  const algorithm = hybridClock({
    hlcIgnoreRemoteCounter: weaken.has('hlcIgnoreRemoteCounter'),
    hlcResetOnReceive: weaken.has('hlcResetOnReceive'),
    hlcNaive: weaken.has('hlcNaive'),
  })
  const time = { time: params.time, skew: params.skew }
  return buildClockSystem({ name: 'hlc', n: params.processes, events: params.events, algorithm, time }, hlcProperties(params.skew))
}

/** Lamport's logical clocks (1978): a counter per process; the Clock Condition. */
export const lamport = defineModel<LogicalParams, ClockState<number>, ClockAction<number>>({
  name: 'lamport',
  summary: "Lamport clocks (Lamport 1978): N processes, local events, sends and receives; the Clock Condition",
  params: logicalParams,
  configs: {
    tiny: { doc: '3 processes, 1 event each: 88 states, instant', params: { processes: 3, events: 1 } },
    ci: { doc: '3 processes, 2 events each: 7,530 states, well under a second', params: { processes: 3, events: 2 } },
    deep: { doc: '3 processes, 3 events each: 869,040 states, under a minute', params: { processes: 3, events: 3 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    receiveWithoutMax: {
      doc: "a receive only increments the clock (C := C + 1) instead of C := max(C, Tm) + 1",
      breaks: 'ClockCondition',
    },
    misreadLowerAsBefore: {
      doc: 'misreading: "L(a) < L(b) means a happened before b"; the model checks that instead of the Clock Condition',
      breaks: 'LowerStampMeansBefore',
    },
    misreadDifferentAsOrdered: {
      doc: 'misreading: "different Lamport stamps mean causally ordered" (concurrent events share a stamp)',
      breaks: 'DifferentStampsMeanOrdered',
    },
  },
  build: (params, weaken) => buildLamport(params, weaken),
})

/** Vector clocks (Fidge 1988, Mattern 1989): V(a) < V(b) exactly when a happened before b. */
export const vector = defineModel<LogicalParams, ClockState<Vector>, ClockAction<Vector>>({
  name: 'vector',
  summary: 'Vector clocks (Fidge, Mattern): N processes; V(a) < V(b) exactly when a happened before b',
  params: logicalParams,
  configs: {
    tiny: { doc: '3 processes, 1 event each: 88 states, instant', params: { processes: 3, events: 1 } },
    ci: { doc: '3 processes, 2 events each: 7,530 states, well under a second', params: { processes: 3, events: 2 } },
    deep: { doc: '3 processes, 3 events each: 869,040 states, under a minute', params: { processes: 3, events: 3 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    mergeSkipsComponent: {
      doc: "the merge on receipt stops one entry short, so the last process's entry is never merged",
      breaks: 'VectorOrdering',
    },
    compareSingleComponent: {
      doc: 'V(a) < V(b) is decided by the first entry alone',
      breaks: 'VectorOrdering',
    },
    compareLexicographic: {
      doc: 'V(a) < V(b) is decided lexicographically, like strings',
      breaks: 'VectorOrdering',
    },
    tieBreakTotalOrder: {
      doc: 'incomparable vectors are tie-broken (by sum, then lexicographically) into a total order',
      breaks: 'VectorOrdering',
    },
    misreadVectorsAsTotal: {
      doc: 'misreading: "vector clocks give a total order"; the model checks that any two stamps are comparable',
      breaks: 'VectorsTotallyOrdered',
    },
  },
  build: (params, weaken) => buildVector(params, weaken),
})

/** Hybrid logical clocks (Kulkarni et al. 2014) over physical clocks with bounded skew. */
export const hlc = defineModel<HlcParams, ClockState<Hlc>, ClockAction<Hlc>>({
  name: 'hlc',
  summary: 'Hybrid logical clocks (Kulkarni et al. 2014) over skewed physical clocks: causal and close to real time',
  params: {
    ...logicalParams,
    time: { doc: 'real time runs from 0 to this many ticks', min: 0 },
    skew: { doc: 'every physical clock stays within this many ticks of real time', min: 0 },
  },
  configs: {
    tiny: { doc: '2 processes, 2 events each, time 0..1, skew 1: 8,037 states, instant', params: { processes: 2, events: 2, time: 1, skew: 1 } },
    ci: { doc: '2 processes, 3 events each, time 0..1, skew 1: 176,141 states, a few seconds', params: { processes: 2, events: 3, time: 1, skew: 1 } },
    deep: { doc: '3 processes, 2 events each, time 0..1, skew 1: 4,751,322 states, a few minutes', params: { processes: 3, events: 2, time: 1, skew: 1 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    hlcIgnoreRemoteCounter: {
      doc: "a receive treats the message's counter c.m as 0",
      breaks: 'HlcMonotonic',
    },
    hlcResetOnReceive: {
      doc: 'a receive sets c := 0, as if a new physical tick had begun',
      breaks: 'HlcMonotonic',
    },
    hlcNaive: {
      doc: "the paper's naive attempt: l := max(l + 1, pt), no counter, so l runs away from physical time",
      breaks: 'HlcBoundedDrift',
    },
  },
  build: (params, weaken) => buildHlc(params, weaken),
})
