/**
 * What every counterexample goes through before it is reported, whichever search found it
 * (DESIGN §6): one that BFS found is already a shortest one, so it is only certified (it replays,
 * shows its property, and two replays visit the same fingerprints); one that any other search found
 * is minimised first ({@link shrinkTrace}, which certifies its result). On request the parameters
 * are lowered too ({@link shrinkParams}): fewer nodes, values or terms, when the bug still shows.
 * Random search minimises its own finds, so its traces are certified again here, which is cheap.
 */
import type { AnyModelDefinition, ResolvedModel } from '../core/definition.js'
import type { Report, Violation } from '../explore/report.js'
import { violationOf } from '../explore/search.js'
import { certify, shrinkTrace, type ShrinkOptions } from './shrink.js'
import { shrinkParams } from './params.js'

export interface FinishOptions extends ShrinkOptions {
  /** Lower the parameters as far as each counterexample still shows its property. @default false */
  readonly lowerParams?: boolean
}

/** A report whose counterexamples are minimised and certified, and a line on each change made. */
export interface Finished<R extends Report> {
  readonly report: R
  /** One line per counterexample that was shrunk or moved to lower parameters. */
  readonly notes: readonly string[]
}

/**
 * Minimises (unless BFS found them) and certifies every counterexample of a report.
 *
 * @example
 * const { report, notes } = finishCounterexamples(def, resolved, explore(resolved.model, { strategy: 'dfs' }))
 */
export function finishCounterexamples<R extends Report>(
  def: AnyModelDefinition,
  resolved: ResolvedModel,
  report: R,
  options: FinishOptions = {},
): Finished<R> {
  const notes: string[] = []
  const violations = report.violations.map((v): Violation => {
    if (v.trace === undefined) return v
    let trace = v.trace
    if (report.strategy === 'bfs' || report.strategy === 'random') {
      certify(resolved.model, trace)
    } else {
      const shrunk = shrinkTrace(resolved.model, trace, options)
      if (shrunk.trace.steps.length < trace.steps.length) {
        notes.push(`${v.property}: ${report.strategy} found ${trace.steps.length} steps; shrunk to ${shrunk.trace.steps.length}${shrunk.stats.shortest ? ' (proved shortest)' : ''}`)
      }
      trace = shrunk.trace
    }
    if (options.lowerParams === true) {
      const lower = shrinkParams(def, resolved, trace, options)
      if (lower.lowered.length > 0) {
        notes.push(
          `${v.property}: also shown with ${lower.lowered.map((l) => `${l.param} ${l.from} → ${l.to}`).join(', ')} in ${lower.trace.steps.length} steps; the trace is at those parameters`,
        )
        trace = lower.trace
      }
    }
    return trace === v.trace ? v : violationOf(trace)
  })
  return { report: { ...report, violations }, notes }
}
