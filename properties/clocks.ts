/**
 * Properties of the clock models (models/clocks): each clock's stamps held against the true
 * happens-before relation of the history, and the common misreadings of what stamps say, which a
 * model checks instead when a misreading flag is on (so the checker refutes them).
 */
import { always, sometimes, type Property } from '../src/core/model.js'
import type { Hlc, Vector } from '../models/clocks/algorithms.js'
import { allEvents, before, everyPair, somePair, type ClockEvent, type History, type PlacedEvent } from '../models/clocks/history.js'
import type { ClockState } from '../models/clocks/model.js'

/** Whether `a` and `b` are concurrent: distinct, and neither happened before the other. */
export function concurrent<T>(a: PlacedEvent<T>, b: PlacedEvent<T>): boolean {
  return !(a.p === b.p && a.k === b.k) && !before(a, b) && !before(b, a)
}

/** The stamp of the event before `x` on its process, or `initial` for a process's first event. */
function previousStamp<T>(h: History<T>, x: PlacedEvent<T>, initial: T): T {
  return x.k === 1 ? initial : ((h[x.p]?.[x.k - 2] as ClockEvent<T>).ts)
}

/** The stamp of the send event a receive received. */
function sentStamp<T>(h: History<T>, x: PlacedEvent<T>): T | null {
  const cause = x.e.cause
  if (cause === null) return null
  const m = /^n(\d+)\.(\d+)$/.exec(cause)
  if (!m) return null
  return h[Number(m[1]) - 1]?.[Number(m[2]) - 1]?.ts ?? null
}

/** Two concurrent events exist: the witness that the model runs processes independently. */
function concurrentEvents<T>(): Property<ClockState<T>> {
  return sometimes(
    'ConcurrentEvents',
    (s) => somePair(s.ghost, concurrent),
    'Two events happen with neither before the other.',
  )
}

// ---- Lamport ----

/** Which misreading of Lamport stamps to check instead of the true statement it inverts. */
export interface LamportMisreadings {
  /** Check "L(a) < L(b) means a happened before b" instead of the Clock Condition. */
  readonly lowerAsBefore: boolean
  /** Check "different stamps mean causally ordered" instead of "equal stamps mean concurrent". */
  readonly differentAsOrdered: boolean
}

/**
 * Lamport's Clock Condition and what follows from it, with witnesses.
 *
 * - `ClockCondition`: a → b implies L(a) < L(b).
 * - `EqualStampsConcurrent`: two distinct events with equal stamps are concurrent. (Its
 *   contrapositive, "ordered events have different stamps", follows from the Clock Condition.)
 *
 * The misreadings swap in the converse of each: `LowerStampMeansBefore` (L(a) < L(b) implies
 * a → b) and `DifferentStampsMeanOrdered` (distinct events with different stamps are ordered).
 */
export function lamportProperties(misread: LamportMisreadings): Property<ClockState<number>>[] {
  const props: Property<ClockState<number>>[] = []
  props.push(
    misread.lowerAsBefore
      ? always(
          'LowerStampMeansBefore',
          (s) => everyPair(s.ghost, (a, b) => !(a.e.ts < b.e.ts) || before(a, b)),
          'Misreading: a lower Lamport stamp means the event happened before (L(a) < L(b) implies a → b).',
        )
      : always(
          'ClockCondition',
          (s) => everyPair(s.ghost, (a, b) => !before(a, b) || a.e.ts < b.e.ts),
          'Clock Condition: if a happened before b then L(a) < L(b).',
        ),
  )
  props.push(
    misread.differentAsOrdered
      ? always(
          'DifferentStampsMeanOrdered',
          (s) => everyPair(s.ghost, (a, b) => a.e.ts === b.e.ts || before(a, b) || before(b, a)),
          'Misreading: events with different Lamport stamps are causally ordered (concurrent events share a stamp).',
        )
      : always(
          'EqualStampsConcurrent',
          (s) => everyPair(s.ghost, (a, b) => a.e.ts !== b.e.ts || concurrent(a, b)),
          'Two distinct events with equal Lamport stamps are concurrent.',
        ),
  )
  props.push(concurrentEvents<number>())
  props.push(
    sometimes(
      'EqualStamps',
      (s) => somePair(s.ghost, (a, b) => a.e.ts === b.e.ts),
      'Two distinct events carry the same Lamport stamp.',
    ),
  )
  props.push(
    sometimes(
      'ReceiveJumpsAhead',
      (s) => allEvents(s.ghost).some((x) => x.e.kind === 'receive' && x.e.ts > previousStamp(s.ghost, x, 0) + 1),
      "A receive moves a clock more than one step: the max with the message's stamp took effect.",
    ),
  )
  return props
}

// ---- Vector ----

/**
 * The vector clock's characterisation (Fidge, Mattern), with witnesses.
 *
 * - `VectorOrdering`: for distinct events, `V(a) < V(b)` exactly when a → b. Applied in both
 *   orders it also gives: `V(a)` and `V(b)` are incomparable exactly when a and b are concurrent.
 *
 * `less` is the comparison the model's applications use (a weakening may replace it).
 * The misreading `VectorsTotallyOrdered` (any two events' vectors are comparable) replaces it.
 */
export function vectorProperties(less: (a: Vector, b: Vector) => boolean, misreadTotal: boolean): Property<ClockState<Vector>>[] {
  const props: Property<ClockState<Vector>>[] = []
  props.push(
    misreadTotal
      ? always(
          'VectorsTotallyOrdered',
          (s) => everyPair(s.ghost, (a, b) => less(a.e.ts, b.e.ts) || less(b.e.ts, a.e.ts)),
          'Misreading: vector clocks order all events (any two distinct stamps are comparable).',
        )
      : always(
          'VectorOrdering',
          (s) => everyPair(s.ghost, (a, b) => less(a.e.ts, b.e.ts) === before(a, b)),
          'V(a) < V(b) exactly when a happened before b; so incomparable exactly when concurrent.',
        ),
  )
  props.push(concurrentEvents<Vector>())
  props.push(
    sometimes(
      'ReceiveMerges',
      (s) =>
        allEvents(s.ghost).some((x) => {
          if (x.e.kind !== 'receive') return false
          const prev = previousStamp<Vector>(s.ghost, x, new Array<number>(s.ghost.length).fill(0))
          return x.e.ts.some((v, q) => q !== x.p && v > (prev[q] ?? 0))
        }),
      "A receive raises another process's entry: the merge took effect.",
    ),
  )
  return props
}

// ---- Hybrid logical clocks ----

/**
 * The hybrid logical clock's guarantees (Kulkarni et al. 2014), with witnesses.
 *
 * - `HlcMonotonic`: a → b implies hlc(a) < hlc(b), comparing `(l, c)` lexicographically.
 * - `HlcBoundedDrift`: no process's `l` is ever more than `skew` ahead of real time. (It is never
 *   behind the process's own physical clock right after an event, since `l := max(..., pt)`, and
 *   that clock is at most `skew` behind real time: so `l` stays within the skew bound both ways.)
 */
export function hlcProperties(skew: number): Property<ClockState<Hlc>>[] {
  const less = (a: Hlc, b: Hlc): boolean => (a.l !== b.l ? a.l < b.l : a.c < b.c)
  return [
    always(
      'HlcMonotonic',
      (s) => everyPair(s.ghost, (a, b) => !before(a, b) || less(a.e.ts, b.e.ts)),
      'If a happened before b then hlc(a) < hlc(b), comparing (l, c) lexicographically.',
    ),
    always(
      'HlcBoundedDrift',
      (s) => s.time === null || s.clock.every((t) => t.l <= (s.time?.now ?? 0) + skew),
      `The physical part l never runs more than the clock-skew bound (${skew}) ahead of real time.`,
    ),
    concurrentEvents<Hlc>(),
    sometimes(
      'HlcAheadOfPhysical',
      (s) => s.time !== null && s.clock.some((t, i) => t.l > (s.time?.pt[i] ?? 0)),
      "A process's l is ahead of its own physical clock: it heard of a faster clock.",
    ),
    sometimes(
      'ReceiveAdoptsRemote',
      (s) =>
        allEvents(s.ghost).some((x) => {
          if (x.e.kind !== 'receive') return false
          const m = sentStamp(s.ghost, x)
          return m !== null && x.e.ts.l === m.l && m.l > previousStamp<Hlc>(s.ghost, x, { c: 0, l: 0 }).l
        }),
      "A receive takes l from the message: the sender's clock was ahead.",
    ),
  ]
}
