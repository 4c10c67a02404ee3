// Small helpers the models' test files share. Not a test file itself.
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
