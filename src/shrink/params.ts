/**
 * Lowering parameters: a counterexample with two nodes is easier to read than one with five. Each
 * parameter is tried at its lowest allowed value first; the trace is carried over leniently (steps
 * that name a node the smaller model does not have are skipped), and when that does not show the
 * property any more, a bounded BFS on the smaller model looks for a trace of its own.
 */
import { resolveModel, type AnyModelDefinition, type Params, type ResolvedModel } from '../core/definition.js'
import { FaultlineError } from '../core/errors.js'
import type { Model } from '../core/model.js'
import type { Trace } from '../core/trace.js'
import { boundedBfs, pathTo } from './bfs.js'
import { LenientRunner, shrinkTrace, showsVerdict, type ShrinkOptions, type ShrinkStats } from './shrink.js'

export interface ShrinkParamsOptions extends ShrinkOptions {
  /** Distinct states the BFS on each smaller model may visit. @default 100_000 */
  readonly bfsStates?: number
}

export interface ShrinkParamsResult {
  /** The model at the lowered parameters (the same as given when none could be lowered). */
  readonly resolved: ResolvedModel
  readonly trace: Trace
  /** Each parameter lowered, with its value before and after. */
  readonly lowered: readonly { readonly param: string; readonly from: number; readonly to: number }[]
  /** Stats of the final {@link shrinkTrace} on the lowered model. */
  readonly stats: ShrinkStats
}

/**
 * Lowers a counterexample's parameters as far as it still shows its property, then shrinks its
 * steps on the smallest model. The trace's `params` record the values it was found at.
 *
 * @example
 * const { resolved, trace, lowered } = shrinkParams(twophase, resolveModel(twophase, { weaken: ['abortAfterPrepared'] }), trace)
 * // lowered: [{ param: 'rm', from: 3, to: 2 }]
 */
export function shrinkParams(
  def: AnyModelDefinition,
  resolved: ResolvedModel,
  trace: Trace,
  options: ShrinkParamsOptions = {},
): ShrinkParamsResult {
  let current = resolved
  let currentTrace = trace
  const lowered: { param: string; from: number; to: number }[] = []
  let changed = true
  while (changed) {
    changed = false
    for (const [name, spec] of Object.entries(def.params) as [string, { min: number }][]) {
      const value = current.params[name]
      if (value === undefined || value <= spec.min) continue
      for (let v = spec.min; v < value; v++) {
        const attempt = tryParams(def, current, currentTrace, { ...current.params, [name]: v }, options)
        if (attempt === null) continue
        const prev = lowered.find((l) => l.param === name)
        if (prev) prev.to = v
        else lowered.push({ param: name, from: value, to: v })
        current = attempt.resolved
        currentTrace = attempt.trace
        changed = true
        break
      }
    }
  }
  const final = shrinkTrace(current.model, currentTrace, options)
  return { resolved: current, trace: final.trace, lowered, stats: final.stats }
}

function tryParams(
  def: AnyModelDefinition,
  current: ResolvedModel,
  trace: Trace,
  params: Params,
  options: ShrinkParamsOptions,
): { resolved: ResolvedModel; trace: Trace } | null {
  let next: ResolvedModel
  try {
    next = resolveModel(def, { config: current.config, params, weaken: current.weaken })
  } catch (err) {
    // A parameter combination the model rejects (for example more proposers than ballots allow).
    if (err instanceof FaultlineError) return null
    throw err
  }
  const model = next.model as Model<unknown, unknown>
  const property = model.properties.find((p) => p.name === trace.property)
  if (!property) return null
  const meta = { params: next.params }
  const runner = new LenientRunner(model, property, trace.verdict, true)
  if (trace.init < model.init().length) {
    const carried = runner.run(trace.init, trace.steps)
    if (carried) return { resolved: next, trace: { ...trace, ...meta, steps: carried.steps } }
  }
  const roots = model.init()
  const bfs = boundedBfs(model, {
    roots,
    maxDepth: Infinity,
    maxStates: options.bfsStates ?? 100_000,
    visit: (s) => showsVerdict(property, trace.verdict, s),
  })
  if (!bfs.found) return null
  const p = pathTo(model, roots, bfs.table, bfs.found.id)
  return { resolved: next, trace: { ...trace, ...meta, init: p.root, steps: p.steps } }
}
