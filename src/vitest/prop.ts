/**
 * Random search as a property test of `@fast-check/vitest`: each run is one schedule of the model,
 * drawn with a seed that does not change from run to run (so neither does the test's name, which
 * `test.prop` suffixes with the seed). A failing run is shrunk by fast-check, then by
 * `shrinkTrace`, and reported as the rendered counterexample and its trace file.
 */
import { test as fcTest, fc } from '@fast-check/vitest'
import type { AnyModel, Property } from '../core/model.js'
import { resolveModel, type Params, type ResolvedModel } from '../core/definition.js'
import { scheduleArbitrary, type Schedule } from '../random/schedule.js'
import { Walker, initialStarts } from '../random/walk.js'
import type { RunMeta } from '../explore/options.js'
import { presentCounterexample, unwrap, type Checkable } from './search.js'
import { faultlineSeed } from './seed.js'

export interface ModelPropOptions {
  /** Schedules to run. @default 200 */
  readonly runs?: number
  /** Longest run, in steps. @default 50 */
  readonly maxDepth?: number
  /** Swarm testing (random subsets of action kinds per run). @default true */
  readonly swarm?: boolean
  /** @default the `FAULTLINE_SEED` environment variable, else a fixed seed */
  readonly seed?: number
  /** Where the counterexample's trace file is written. @default '.faultline' */
  readonly outDir?: string
  /** Only these `always` properties. @default all of them */
  readonly properties?: readonly string[]
  /** Test timeout in milliseconds, passed to vitest. */
  readonly timeout?: number
}

/** The pieces of a model property test, for callers that build their own `test.prop`. */
export interface ModelProp {
  readonly arbitraries: [fc.Arbitrary<Schedule>]
  readonly params: fc.Parameters<[Schedule]>
  /** The property: true when the schedule's run breaks none of the checked `always` properties. */
  readonly predicate: (schedule: Schedule) => boolean
}

/**
 * The arbitrary, parameters and predicate of a random search over `model`; the parameters carry
 * the stable seed and a reporter that shows a failure as the shrunk counterexample.
 *
 * @example
 * const p = modelProp(model)
 * test.prop(p.arbitraries, p.params)('no two leaders', p.predicate)
 */
export function modelProp(target: Checkable, options: ModelPropOptions = {}): ModelProp {
  const { model, meta } = unwrap(target)
  const runs = runner(model, meta, options)
  const seed = options.seed ?? faultlineSeed()
  const reporter = (details: fc.RunDetails<[Schedule]>): void => {
    if (!details.failed) return
    const schedule = details.counterexample?.[0]
    throw (
      (schedule && runs.failure(schedule, ` (random search, seed ${seed}, fast-check path ${details.counterexamplePath ?? '-'})`)) ??
      new Error(fc.defaultReportMessage(details) ?? 'property failed')
    )
  }
  return {
    arbitraries: [schedules(options)],
    params: { seed, numRuns: options.runs ?? 200, reporter },
    predicate: runs.passes,
  }
}

/** Runs of one model's schedules: whether one passes, and how a failing one is reported. */
function runner(model: AnyModel, meta: RunMeta, options: ModelPropOptions) {
  const checked = pickProperties(model, options.properties)
  const walker = new Walker(model, initialStarts(model), { strategy: 'random', meta })
  return {
    passes: (schedule: Schedule): boolean => walker.walk(schedule, checked, false).violated === null,
    /** The error a failing schedule is reported as (the shrunk counterexample and its trace file), or null if it passes. */
    failure(schedule: Schedule, how: string): Error | null {
      const run = walker.walk(schedule, checked, false)
      if (run.violated === null) return null
      const shown = presentCounterexample(model, walker.traceOf(run, run.violated, 'violated'), { outDir: options.outDir ?? '.faultline' })
      return new Error(`${run.violated.name} is violated${how}:\n\n${shown.text}`)
    },
  }
}

/** The schedule arbitrary of the options. */
function schedules(options: ModelPropOptions): fc.Arbitrary<Schedule> {
  return scheduleArbitrary({ maxDepth: options.maxDepth ?? 50, swarm: options.swarm ?? true })
}

/**
 * Declares a vitest test (with `test.prop` from `@fast-check/vitest`) that runs random schedules of
 * `model` and fails with the shrunk counterexample when one breaks an `always` property.
 *
 * @example
 * testModel('token ring: mutual exclusion under random schedules', resolveModel(tokenMutex), { runs: 500 })
 */
export function testModel(name: string, target: Checkable, options: ModelPropOptions = {}): void {
  const p = modelProp(target, options)
  fcTest.prop(p.arbitraries, p.params)(name, p.predicate, options.timeout)
}

/** {@link ModelProp} with the model's parameters drawn too: the config first, the schedule last. */
export interface ConfigModelProp {
  readonly arbitraries: [fc.Arbitrary<Params>, fc.Arbitrary<Schedule>]
  readonly params: fc.Parameters<[Params, Schedule]>
  readonly predicate: (params: Params, schedule: Schedule) => boolean
}

/**
 * A random search that draws the model's parameters as well as its schedule (DESIGN §5: the
 * schedule comes last, after the config). fast-check shrinks both, so a failure is reported at the
 * smallest parameters it could find (fewer nodes, values, terms), then as a shrunk trace.
 * `resolved` gives the definition, config and weakenings; `paramsArb` draws overrides of its
 * parameters, each checked against the definition's bounds.
 *
 * @example
 * const p = modelPropOverParams(resolveModel(raft, { config: 'tiny' }), fc.record({ servers: fc.integer({ min: 1, max: 3 }) }))
 * test.prop(p.arbitraries, p.params)('no two leaders in a term', p.predicate)
 */
export function modelPropOverParams(resolved: ResolvedModel, paramsArb: fc.Arbitrary<Params>, options: ModelPropOptions = {}): ConfigModelProp {
  const seed = options.seed ?? faultlineSeed()
  // One model and runner per parameter set drawn (a run draws few distinct sets).
  const built = new Map<string, ReturnType<typeof runner>>()
  const at = (params: Params) => {
    const key = JSON.stringify(params)
    let b = built.get(key)
    if (b === undefined) {
      const r = resolveModel(resolved.definition, { config: resolved.config, params: { ...resolved.params, ...params }, weaken: resolved.weaken })
      b = runner(r.model, { config: r.config, params: r.params, weaken: r.weaken }, options)
      built.set(key, b)
    }
    return b
  }
  const reporter = (details: fc.RunDetails<[Params, Schedule]>): void => {
    if (!details.failed) return
    const [params, schedule] = details.counterexample ?? []
    throw (
      (params && schedule && at(params).failure(schedule, ` at ${JSON.stringify(params)} (random search, seed ${seed}, fast-check path ${details.counterexamplePath ?? '-'})`)) ??
      new Error(fc.defaultReportMessage(details) ?? 'property failed')
    )
  }
  return {
    arbitraries: [paramsArb, schedules(options)],
    params: { seed, numRuns: options.runs ?? 200, reporter },
    predicate: (params, schedule) => at(params).passes(schedule),
  }
}

function pickProperties(model: AnyModel, names: readonly string[] | undefined): Property<unknown>[] {
  const always = model.properties.filter((p) => p.kind === 'always')
  if (names === undefined) return always
  return names.map((n) => {
    const p = always.find((q) => q.name === n)
    if (!p) throw new Error(`model ${model.name} has no always property '${n}'; it has: ${always.map((q) => q.name).join(', ')}`)
    return p
  })
}
