/**
 * The spec's smallest-configuration rule for raft: each weakening's counterexample uses no more
 * servers or terms than the bug needs. On its own config the weakening breaks its property; with
 * one server fewer (down to the parameter's minimum) or with `maxTerm` one lower, an exhaustive
 * search never breaks it. Searched with symmetry reduction (same verdicts, fewer states).
 */
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../src/core/definition.js'
import { explore } from '../src/explore/index.js'
import { raft } from '../models/raft/index.js'

const deep = process.env['FAULTLINE_DEEP'] ? it : it.skip

/** Too expensive for the default run: `figure8` and `reorder` take minutes even with symmetry. */
const EXPENSIVE = new Set(['commitPreviousTerm', 'truncateWithoutConflict'])

/** The dimensions a counterexample must not use more of than it needs. */
const DIMENSIONS = ['servers', 'maxTerm'] as const

function setupOf(flag: string): { config: string; breaks: string; base: Readonly<Record<string, number>> } {
  const w = raft.weakenings[flag]
  if (w === undefined) throw new Error(`raft has no weakening '${flag}'`)
  const config = w.config ?? raft.defaultConfig
  const preset = raft.configs[config]
  if (preset === undefined) throw new Error(`raft has no config '${config}'`)
  return { config, breaks: w.breaks, base: preset.params }
}

function breaksOnItsConfig(flag: string): void {
  const { config, breaks } = setupOf(flag)
  const r = explore(resolveModel(raft, { config, weaken: [flag] }).model, { strategy: 'bfs', symmetry: true })
  expect(r.verdict).toBe('violated')
  expect(r.violations[0]?.property).toBe(breaks)
}

function holdsOneSmaller(flag: string, dimension: (typeof DIMENSIONS)[number]): void {
  const { config, breaks, base } = setupOf(flag)
  const value = base[dimension]
  const min = raft.params[dimension]?.min
  if (value === undefined || min === undefined) throw new Error(`config '${config}' does not set ${dimension}`)
  // Every config sits above the minimum in both dimensions, so there is always a smaller one to try.
  expect(value - 1).toBeGreaterThanOrEqual(min)
  const model = resolveModel(raft, { config, params: { [dimension]: value - 1 }, weaken: [flag] }).model
  const r = explore(model, { strategy: 'bfs', symmetry: true, stopOnViolation: false })
  expect(r.exhaustive).toBe(true)
  expect(r.violations.map((v) => v.property)).not.toContain(breaks)
}

describe('raft: every weakening uses the smallest configuration that breaks its property', () => {
  for (const flag of Object.keys(raft.weakenings)) {
    const test = EXPENSIVE.has(flag) ? deep : it
    const suffix = EXPENSIVE.has(flag) ? ' (deep)' : ''
    const timeout = EXPENSIVE.has(flag) ? 3_600_000 : undefined
    const { config, breaks } = setupOf(flag)
    test(`raft: ${flag} breaks ${breaks} on its config ${config}${suffix}`, () => breaksOnItsConfig(flag), timeout)
    for (const dimension of DIMENSIONS) {
      test(`raft: ${flag} cannot break ${breaks} with ${dimension} one lower than ${config}${suffix}`, () => holdsOneSmaller(flag, dimension), timeout)
    }
  }
})
