// Small helpers the models' test files share. Not a test file itself.
import { expect } from 'vitest'
import type { ModelDefinition, Params } from '../../src/core/definition.js'
import type { Report } from '../../src/explore/index.js'

/** The depth at which each `sometimes` property was first witnessed (undefined: never). */
export function witnessDepths(r: Report): Record<string, number | undefined> {
  return Object.fromEntries(r.witnesses.map((w) => [w.property, w.found ? w.depth : undefined]))
}

/** The parameters of a named config of `def`; an unknown config fails the test loudly. */
export function paramsOf<P extends Params, S, A>(def: ModelDefinition<P, S, A>, config: string): P {
  const preset = def.configs[config]
  if (!preset) throw new Error(`${def.name} has no config ${config}`)
  return preset.params
}

/** What an exhaustive search of a correct config must give: its counts and its witness depths. */
export interface ExpectedSpace {
  readonly states: number
  readonly transitions: number
  readonly depth: number
  /** Depth of each `sometimes` witness; unchecked when left out. */
  readonly witnesses?: Record<string, number | undefined>
}

/** The search was exhaustive, every property holds, and the counts (and witness depths) are as pinned. */
export function expectExhaustiveHolds(r: Report, want: ExpectedSpace): void {
  expect(r.verdict).toBe('holds')
  expect(r.exhaustive).toBe(true)
  expect([r.states, r.transitions, r.maxDepth]).toEqual([want.states, want.transitions, want.depth])
  expect(r.invariants.every((i) => i.held)).toBe(true)
  if (want.witnesses !== undefined) expect(witnessDepths(r)).toEqual(want.witnesses)
}
