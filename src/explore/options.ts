/**
 * Search options and their defaults, in one place. Every search has a limit on depth, distinct
 * states, time and memory; a run that hits one reports it (`verdict: 'incomplete'`, `cutBy`).
 */
import { FaultlineError } from '../core/errors.js'
import type { Params } from '../core/definition.js'

/** How the state space is searched. */
export type Strategy = 'bfs' | 'dfs' | 'random'

/** A bound that can cut a search short. */
export type Bound = 'maxDepth' | 'maxStates' | 'timeLimit' | 'memory' | 'walks'

/** A snapshot of a running search, handed to `onProgress` about once a second. */
export interface Progress {
  readonly states: number
  readonly transitions: number
  readonly depth: number
  readonly queue: number
  readonly elapsedMs: number
  readonly statesPerSecond: number
}

export interface ExploreOptions {
  /** @default 'bfs' (shortest counterexamples) */
  readonly strategy?: Strategy
  /** States at this depth are not expanded. @default unbounded for bfs/dfs, 100 for random walks */
  readonly maxDepth?: number
  /** Stop after this many distinct states. @default 50_000_000 */
  readonly maxStates?: number
  /** Stop after this many seconds. @default 3600 */
  readonly timeLimit?: number
  /** Stop when the JS heap plus typed arrays grow past this many bytes (the JS heap alone is also
   * kept under 80% of V8's heap limit). @default 80% of the machine's memory */
  readonly maxMemory?: number
  /** Seed of random walks. @default 1 */
  readonly seed?: number
  /** Number of random walks. @default 10_000 */
  readonly walks?: number
  /** Deep-freeze each state and run each step twice, to catch impure or nondeterministic models. @default false */
  readonly checkPurity?: boolean
  /** Store one state per symmetry class, using the model's `representative`. Never changes a
   * verdict or a shortest counterexample's length; fewer states. @default false */
  readonly symmetry?: boolean
  /** Stop at the first `always` violation (BFS: the shortest). When false, go on until every
   * property has a verdict or the space is exhausted. @default true */
  readonly stopOnViolation?: boolean
  /** Called about once a second while the search runs. */
  readonly onProgress?: (p: Progress) => void
  /** Names echoed into the report and every trace (the CLI fills them in). */
  readonly meta?: RunMeta
}

/** The names a report and its traces echo: the config, its parameters and the weakenings. */
export interface RunMeta {
  readonly config?: string
  readonly params?: Params
  readonly weaken?: readonly string[]
}

export const DEFAULTS = {
  strategy: 'bfs' as Strategy,
  maxStates: 50_000_000,
  timeLimit: 3600,
  randomMaxDepth: 100,
  walks: 10_000,
  seed: 1,
  progressIntervalMs: 1000,
  memoryFraction: 0.8,
} as const

/** Checks numeric bounds: a negative, fractional or NaN bound is a usage error, said in one line. */
export function validateOptions(o: ExploreOptions): void {
  const whole = (name: string, v: number | undefined, min: number): void => {
    if (v === undefined) return
    if (!(Number.isInteger(v) || v === Infinity) || v < min) {
      throw new FaultlineError(`${name} must be a whole number >= ${min}, got ${v}`)
    }
  }
  whole('maxDepth', o.maxDepth, 0)
  whole('maxStates', o.maxStates, 1)
  whole('walks', o.walks, 1)
  whole('seed', o.seed, 0)
  if (o.timeLimit !== undefined && !(o.timeLimit > 0)) {
    throw new FaultlineError(`timeLimit must be a positive number of seconds, got ${o.timeLimit}`)
  }
  if (o.strategy !== undefined && !['bfs', 'dfs', 'random'].includes(o.strategy)) {
    throw new FaultlineError(`unknown strategy '${String(o.strategy)}'; use bfs, dfs or random`)
  }
}
