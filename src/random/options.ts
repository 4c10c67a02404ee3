/** Options of random and hybrid search, and their defaults, in one place. */
import { FaultlineError } from '../core/errors.js'
import type { Progress, RunMeta } from '../explore/options.js'
import type { ShrinkOptions } from '../shrink/shrink.js'

/** `random`: runs start at the initial states; `hybrid`: exhaustive BFS to `bfsDepth`, then runs start at its frontier. */
export type RandomStrategy = 'random' | 'hybrid'

export interface RandomOptions<A = never> {
  /** @default 'random' */
  readonly strategy?: RandomStrategy
  /** Runs (schedules) to try. @default 1_000 */
  readonly runs?: number
  /** Longest run, in steps after its start. @default 100 */
  readonly maxDepth?: number
  /** Stop once this many runs in a row have added no new distinct state. @default off */
  readonly untilStale?: number
  /** Seed of fast-check's generator; the same seed gives the same runs. @default 1 */
  readonly seed?: number
  /** Stop after this many seconds (shrinking included). @default 3600 */
  readonly timeLimit?: number
  /** Swarm testing: most runs enable a random subset of the action kinds, with random weights. @default true */
  readonly swarm?: boolean
  /** The kind of an action, for swarm runs and coverage. @default the formatted action's name before its parenthesis */
  readonly kindOf?: (a: A) => string
  /** Every action kind the model has, so coverage can name kinds that were never even enabled. @default the model's `actionKinds` */
  readonly kinds?: readonly string[]
  /** Hybrid: depth of the exhaustive BFS whose frontier the runs start from. @default 4 */
  readonly bfsDepth?: number
  /** Hybrid: distinct states the BFS may visit; when it runs out, the frontier is the deepest complete layer. @default 100_000 */
  readonly bfsStates?: number
  /** Stop at the first violated `always` property. When false, go on looking for the others. @default true */
  readonly stopOnViolation?: boolean
  /** Shrink each counterexample with `shrinkTrace` (options, or false for fast-check's shrunk schedule only). @default true */
  readonly shrink?: boolean | ShrinkOptions
  /** Schedules fast-check may try while shrinking one failure. @default 500 */
  readonly fcShrinks?: number
  /** Called about once a second while runs go on. */
  readonly onProgress?: (p: Progress) => void
  /** Names echoed into the report and every trace. */
  readonly meta?: RunMeta
}

export const RANDOM_DEFAULTS = {
  strategy: 'random' as RandomStrategy,
  runs: 1_000,
  maxDepth: 100,
  seed: 1,
  timeLimit: 3600,
  bfsDepth: 4,
  bfsStates: 100_000,
  fcShrinks: 500,
  /** Runs per `fc.check` call: between chunks the search checks `untilStale` and the time limit. */
  chunk: 100,
  progressIntervalMs: 1000,
} as const

/** Checks the numeric options; a bad one is a usage error said in one line. */
export function validateRandomOptions(o: RandomOptions<unknown>): void {
  const whole = (name: string, v: number | undefined, min: number): void => {
    if (v === undefined) return
    if (!Number.isInteger(v) || v < min) throw new FaultlineError(`${name} must be a whole number >= ${min}, got ${v}`)
  }
  whole('runs', o.runs, 1)
  whole('maxDepth', o.maxDepth, 0)
  whole('untilStale', o.untilStale, 1)
  whole('seed', o.seed, 0)
  whole('bfsDepth', o.bfsDepth, 0)
  whole('bfsStates', o.bfsStates, 1)
  whole('fcShrinks', o.fcShrinks, 0)
  if (o.timeLimit !== undefined && !(o.timeLimit > 0)) {
    throw new FaultlineError(`timeLimit must be a positive number of seconds, got ${o.timeLimit}`)
  }
  if (o.strategy !== undefined && o.strategy !== 'random' && o.strategy !== 'hybrid') {
    throw new FaultlineError(`unknown random strategy '${String(o.strategy)}'; use random or hybrid`)
  }
}
