/**
 * The one search call the matchers and helpers share: explore or random search by strategy, then
 * the counterexample shrunk, written as a trace file and rendered.
 */
import { relative } from 'node:path'
import type { Bounds, ResolvedModel } from '../core/definition.js'
import { FaultlineError } from '../core/errors.js'
import { isModel, type AnyModel, type Property } from '../core/model.js'
import type { Trace } from '../core/trace.js'
import { explore } from '../explore/search.js'
import type { Report } from '../explore/report.js'
import { checkRandom } from '../random/check.js'
import { shrinkTrace } from '../shrink/shrink.js'
import { saveTrace } from '../trace/file.js'
import { renderText } from '../trace/text.js'
import { faultlineSeed } from './seed.js'

/** A model to check: a plain `Model`, or one resolved from a definition (its traces then name the config). */
export type Checkable = AnyModel | ResolvedModel

/** Options of the matchers `toHoldAll` and `toViolate`. */
export interface CheckOptions {
  /** `bfs` finds the shortest counterexample; `random` and `hybrid` use fast-check schedules. @default 'bfs' */
  readonly strategy?: 'bfs' | 'dfs' | 'random' | 'hybrid'
  /** Depth bound of bfs/dfs, or the longest random run. @default the config's bound, if any */
  readonly maxDepth?: number
  /** Distinct-state bound of bfs/dfs. @default the config's bound, if any */
  readonly maxStates?: number
  /** Seconds. @default the config's bound, else 60 */
  readonly timeLimit?: number
  /** Seed of random search. @default the `FAULTLINE_SEED` environment variable, else a fixed seed */
  readonly seed?: number
  /** Random runs. @default 1_000 */
  readonly runs?: number
  /** Stop random search once this many runs in a row found no new state. */
  readonly untilStale?: number
  /** Hybrid: depth of the exhaustive BFS before the random runs. */
  readonly bfsDepth?: number
  /** Shrink the counterexample before showing it. @default true */
  readonly shrink?: boolean
  /** Where counterexample trace files are written. @default '.faultline' */
  readonly outDir?: string
}

/** Default time limit of a matcher's search, in seconds: a test must not hang. */
export const MATCHER_TIME_LIMIT = 60

function isResolved(x: Checkable): x is ResolvedModel {
  return typeof x === 'object' && x !== null && 'definition' in x && 'model' in x
}

/** What the matchers search: the model, the names its traces carry, and its config's bounds. */
export interface Unwrapped {
  readonly model: AnyModel
  readonly meta: { readonly config?: string; readonly params?: Readonly<Record<string, number>>; readonly weaken?: readonly string[] }
  readonly bounds: Bounds
}

/** The model to search, the names its traces carry and the bounds its config presets. */
export function unwrap(x: unknown): Unwrapped {
  if (x === null || typeof x !== 'object') throw new FaultlineError(`expected a faultline Model or ResolvedModel, got ${x === null ? 'null' : typeof x}`)
  const c = x as Checkable
  if (isResolved(c)) return { model: c.model, meta: { config: c.config, params: c.params, weaken: c.weaken }, bounds: c.bounds }
  if (!isModel(c)) {
    throw new FaultlineError('expected a faultline Model (init, actions, next, properties) or a ResolvedModel from resolveModel()')
  }
  return { model: c, meta: {}, bounds: {} }
}

/** The model with only one `always` property kept (and every `sometimes`), so a search looks for that one. */
export function narrowTo(model: AnyModel, property: string): { model: AnyModel; property: Property<unknown> } {
  const p = model.properties.find((q) => q.name === property)
  if (!p) {
    throw new FaultlineError(`model ${model.name} has no property '${property}'; it has: ${model.properties.map((q) => q.name).join(', ')}`)
  }
  if (p.kind !== 'always') throw new FaultlineError(`${property} is a sometimes property; only always properties can be violated`)
  return { model: { ...model, properties: model.properties.filter((q) => q.kind === 'sometimes' || q.name === property) }, property: p }
}

/** Runs the search the options ask for; bounds not given come from the model's config. */
export function search(target: Unwrapped, options: CheckOptions): Report {
  const { model, meta, bounds } = target
  const o: CheckOptions = {
    ...(bounds.maxDepth !== undefined ? { maxDepth: bounds.maxDepth } : {}),
    ...(bounds.maxStates !== undefined ? { maxStates: bounds.maxStates } : {}),
    ...(bounds.timeLimit !== undefined ? { timeLimit: bounds.timeLimit } : {}),
    ...options,
  }
  const strategy = o.strategy ?? 'bfs'
  const timeLimit = o.timeLimit ?? MATCHER_TIME_LIMIT
  if (strategy === 'random' || strategy === 'hybrid') {
    return checkRandom(model, {
      strategy,
      seed: o.seed ?? faultlineSeed(),
      timeLimit,
      meta,
      ...(o.runs !== undefined ? { runs: o.runs } : {}),
      ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
      ...(o.untilStale !== undefined ? { untilStale: o.untilStale } : {}),
      ...(o.bfsDepth !== undefined ? { bfsDepth: o.bfsDepth } : {}),
      shrink: false,
    })
  }
  return explore(model, {
    strategy,
    timeLimit,
    meta,
    ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
    ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
  })
}

/**
 * Shrinks a counterexample (unless told not to), writes it under `outDir` and renders it with the
 * line that replays it.
 */
export function presentCounterexample(model: AnyModel, trace: Trace, o: Pick<CheckOptions, 'shrink' | 'outDir'>): { trace: Trace; path: string; text: string } {
  const shrunk = o.shrink === false ? trace : shrinkTrace(model, trace).trace
  const file = saveTrace(o.outDir ?? '.faultline', shrunk)
  const path = relative(process.cwd(), file) || file
  const text = `${renderText(model, shrunk)}\n\ntrace written to ${path}\nreplay it with: npx faultline replay ${path}`
  return { trace: shrunk, path, text }
}
