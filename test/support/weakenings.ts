// Shared assertions for the weakening tests of the models: each flag is pinned with the property it
// breaks, and BFS finds that property violated by one exact shortest trace. Not a test file itself;
// the models' `*.test.ts` files call these inside their own `it` blocks.
import { expect } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import type { AnyModelDefinition } from '../../src/core/definition.js'
import type { AnyModel } from '../../src/core/model.js'
import { replay } from '../../src/core/trace.js'
import type { Trace } from '../../src/core/trace.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'

/** The shortest counterexample a weakening must give: the property, the exact actions, its length. */
export interface ExpectedCounterexample {
  readonly property: string
  /** Number of steps; when left out, the number of `steps`. */
  readonly length?: number
  readonly steps: readonly string[]
}

/**
 * Every weakening of `def` has an entry in `expected`, and the property it names is the one pinned
 * there; unless `ownConfig` is false, each also names a config of the model to be checked on.
 */
export function expectWeakeningsPinned(
  def: AnyModelDefinition,
  expected: Readonly<Record<string, { readonly property: string }>>,
  options: { readonly ownConfig?: boolean } = {},
): void {
  expect(Object.keys(expected).sort()).toEqual(Object.keys(def.weakenings).sort())
  for (const [flag, w] of Object.entries(def.weakenings)) {
    expect(w.breaks).toBe(expected[flag]?.property)
    if (options.ownConfig !== false) expect(w.config !== undefined && def.configs[w.config] !== undefined).toBe(true)
  }
}

/** What `expectShortestCounterexample` checked, for the assertions a model adds of its own. */
export interface ShortestCounterexample {
  readonly config: string
  readonly model: AnyModel
  readonly report: Report
  readonly trace: Trace
}

/**
 * BFS on the weakened model (on the weakening's own config, or `options.config`) finds exactly one
 * violation: `want.property`, by exactly `want.steps`. The trace records the flag and replays to
 * the same violation, but does not reproduce on the unweakened model (it either does not replay
 * or violates nothing there). `options.build` replaces `resolveModel` to build the model.
 */
export function expectShortestCounterexample(
  def: AnyModelDefinition,
  flag: string,
  want: ExpectedCounterexample | undefined,
  options: {
    readonly config?: string
    readonly build?: (config: string, weaken: readonly string[]) => AnyModel
  } = {},
): ShortestCounterexample {
  const config = options.config ?? def.weakenings[flag]?.config
  if (!want || !config) throw new Error(`no expectation for ${flag}`)
  const build = options.build ?? ((c: string, weaken: readonly string[]) => resolveModel(def, { config: c, weaken }).model)
  const params = def.configs[config]?.params
  if (!params) throw new Error(`no config ${config}`)
  const length = want.length ?? want.steps.length
  const model = build(config, [flag])
  const report = explore(model, { meta: { config, params, weaken: [flag] } })
  expect(report.verdict).toBe('violated')
  expect(report.violations).toHaveLength(1)
  const v = report.violations[0]
  expect(v?.property).toBe(want.property)
  expect(v?.length).toBe(length)
  const trace = v?.trace
  if (!trace) throw new Error('violation without a trace')
  expect(trace.steps.map((s) => s.action)).toEqual(want.steps)
  expect(trace.weaken).toEqual([flag])
  const rep = replay(model, trace)
  expect(rep.reproduced).toBe(true)
  expect(rep.states).toHaveLength(length + 1)
  let reproducesUnweakened: boolean
  try {
    reproducesUnweakened = replay(build(config, []), trace).reproduced
  } catch {
    reproducesUnweakened = false
  }
  expect(reproducesUnweakened).toBe(false)
  return { config, model, report, trace }
}
