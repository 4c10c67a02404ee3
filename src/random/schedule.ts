/**
 * Schedules as data. A run of a model is drawn by fast-check as a plain value: where it starts,
 * which action kinds this run favours (swarm testing), and a list of choices, one per step, each
 * read against the actions enabled in the state the run has reached. Because the schedule is data
 * and not a callback order, fast-check can shrink it (fewer choices, smaller choices, no swarm) and
 * any run can be replayed from the value alone.
 */
import * as fc from 'fast-check'
import type { Model } from '../core/model.js'
import { formatActionOf } from '../core/model.js'

/** One run of a model, as data. */
export interface Schedule {
  /** Index (modulo their number) of the state the run starts from: an initial state, or a frontier state in hybrid search. */
  readonly start: number
  /** Seed of this run's swarm: which action kinds are enabled and their weights. 0 = every kind, weight 1. */
  readonly swarm: number
  /**
   * One choice per step. Choice `c` takes action `c mod n` of the `n` enabled actions in their
   * listed order (with swarm weights: `c mod` the total weight, in listed order), so choice 0 is
   * always the first, least disruptive action.
   */
  readonly choices: readonly number[]
}

/** Options of {@link scheduleArbitrary}. */
export interface ScheduleArbitraryOptions {
  /** Longest run, in steps. @default 100 */
  readonly maxDepth?: number
  /** Draw a swarm (enabled kinds and weights) for most runs. @default true */
  readonly swarm?: boolean
}

/**
 * The fast-check arbitrary of a {@link Schedule}: the start, then the swarm (the run's
 * configuration and fault plan), then the choices, last, so that shrinking removes choices once
 * the rest is fixed.
 *
 * @example
 * fc.assert(fc.property(scheduleArbitrary({ maxDepth: 30 }), (s) => runSchedule(model, s).violated === null))
 */
export function scheduleArbitrary(options: ScheduleArbitraryOptions = {}): fc.Arbitrary<Schedule> {
  const maxDepth = options.maxDepth ?? 100
  const swarm =
    options.swarm ?? true
      ? fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 0x7fffffff }) })
      : fc.constant(0)
  return fc.record({
    start: fc.nat(),
    swarm,
    choices: fc.array(fc.nat(), { maxLength: maxDepth, size: 'max' }),
  })
}

/** The kind of an action: what `formatAction` prints before the first parenthesis (`RMPrepare(rm1)` -> `RMPrepare`). */
export function defaultKindOf<A>(model: Pick<Model<unknown, A>, 'formatAction'>, a: A): string {
  const text = formatActionOf(model, a)
  const paren = text.indexOf('(')
  return (paren < 0 ? text : text.slice(0, paren)).trim()
}

/** Weights a swarm gives to kinds; 0 means the kind is left out of this run. */
export const SWARM_WEIGHTS: readonly number[] = [0, 0, 1, 1, 2, 4, 8, 0]

/**
 * The weight the swarm with this seed gives to an action kind: a hash of (seed, kind), so a kind
 * first met deep in a run still gets a fixed weight. About a third of the kinds are left out.
 */
export function swarmWeight(seed: number, kind: string): number {
  if (seed === 0) return 1
  let h = seed ^ 0x9e3779b9
  for (let i = 0; i < kind.length; i++) h = Math.imul(h ^ kind.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return SWARM_WEIGHTS[(h >>> 0) % SWARM_WEIGHTS.length] as number
}

/**
 * Picks the index of the action a choice takes among `weights` (one per candidate, in listed
 * order): `choice mod total`, walked through the cumulative weights. Returns -1 when every weight is 0.
 */
export function pickWeighted(choice: number, weights: readonly number[]): number {
  let total = 0
  for (const w of weights) total += w
  if (total === 0) return -1
  let r = choice % total
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number
    if (r < w) return i
    r -= w
  }
  return -1
}
