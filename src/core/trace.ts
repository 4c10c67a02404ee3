/**
 * Traces: the one data type every search, the shrinker and the renderers share, and `replay`,
 * which re-runs a trace against a model and checks that it still shows what it claims.
 */
import type { Model, Property, PropertyKind } from './model.js'
import { formatActionOf } from './model.js'
import { canonicalJson, fingerprint } from './canonical.js'
import { TraceFileError } from './errors.js'
import type { Params } from './definition.js'

/** The trace file schema this version writes and reads. */
export const TRACE_SCHEMA = 'faultline.trace/1'

/** One step: the action in spec words and as data, to re-resolve it against `actions(s)`. */
export interface TraceStep {
  /** The action as `formatAction` prints it, e.g. `RMPrepare(rm2)`. */
  readonly action: string
  /** The action itself (plain data); replay matches it against the enabled actions. */
  readonly data: unknown
}

/** What a trace shows: an `always` property violated in its last state, or a `sometimes` witness. */
export type TraceVerdict = 'violated' | 'witness'

/** A run of a model from an initial state, as stored in a trace file. */
export interface Trace {
  readonly schema: typeof TRACE_SCHEMA
  readonly model: string
  readonly config: string
  readonly params: Params
  readonly weaken: readonly string[]
  readonly property: string
  readonly kind: PropertyKind
  readonly verdict: TraceVerdict
  /** The search that found it (`bfs`, `dfs`, `random`, ...), for the reader. */
  readonly strategy: string
  /** Index into `model.init()` of the initial state. */
  readonly init: number
  readonly steps: readonly TraceStep[]
}

/** A trace re-run against a model: the states it visits, first to last. */
export interface ReplayResult<S> {
  readonly states: readonly S[]
  /** Fingerprints of `states`, for determinism checks and diffs. */
  readonly fingerprints: readonly string[]
  /** True when the last state shows what the trace claims (property violated, or witnessed). */
  readonly reproduced: boolean
}

/**
 * Finds the action among `actions(s)` that a trace step names: by its data first, then by its
 * formatted name. Returns its index, or -1.
 */
export function resolveStep<S, A>(model: Model<S, A>, s: S, actions: readonly A[], step: TraceStep): number {
  const want = canonicalJson(step.data)
  for (let i = 0; i < actions.length; i++) if (canonicalJson(actions[i]) === want) return i
  for (let i = 0; i < actions.length; i++) if (formatActionOf(model, actions[i] as A) === step.action) return i
  return -1
}

/**
 * Runs the steps of `trace` from its initial state and returns every state; throws a
 * {@link TraceFileError} naming the first step that is not enabled.
 */
export function runTrace<S, A>(model: Model<S, A>, trace: Pick<Trace, 'init' | 'steps'>): S[] {
  const inits = model.init()
  const first = inits[trace.init]
  if (first === undefined) {
    throw new TraceFileError(`trace starts from initial state #${trace.init} but model ${model.name} has ${inits.length}`)
  }
  const states: S[] = [first]
  let s = first
  trace.steps.forEach((step, i) => {
    const actions = model.actions(s)
    const k = resolveStep(model, s, actions, step)
    const t = k < 0 ? undefined : model.next(s, actions[k] as A)
    if (t === undefined) {
      throw new TraceFileError(
        `step ${i + 1} (${step.action}) is not enabled in model ${model.name}; the trace does not match this model, config or weakening`,
      )
    }
    states.push(t)
    s = t
  })
  return states
}

/** Finds a property by name, or throws an error that lists the model's properties. */
export function propertyOf<S>(model: Pick<Model<S, unknown>, 'name' | 'properties'>, name: string): Property<S> {
  const p = model.properties.find((q) => q.name === name)
  if (!p) {
    throw new TraceFileError(
      `model ${model.name} has no property '${name}'; it has: ${model.properties.map((q) => q.name).join(', ')}`,
    )
  }
  return p
}

/**
 * Re-runs a trace and checks that it reproduces: every step is enabled, and its last state
 * violates the `always` property (or satisfies the `sometimes` property) it names.
 *
 * @example
 * const r = replay(model, trace)
 * if (!r.reproduced) throw new Error('the counterexample no longer reproduces')
 */
export function replay<S, A>(model: Model<S, A>, trace: Trace): ReplayResult<S> {
  const prop = propertyOf(model, trace.property)
  const states = runTrace(model, trace)
  const last = states[states.length - 1] as S
  const holds = prop.check(last)
  const reproduced = trace.verdict === 'violated' ? !holds : holds
  return { states, fingerprints: states.map((s) => fingerprint(s)), reproduced }
}
