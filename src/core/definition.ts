import type { AnyModel, Model } from './model.js'
import { FaultlineError } from './errors.js'

/** Numeric parameters of a model (servers, terms, RMs...). `--param name=value` overrides them. */
export type Params = Readonly<Record<string, number>>

/** Search bounds a config may preset; the CLI's flags override them. */
export interface Bounds {
  readonly maxDepth?: number
  readonly maxStates?: number
  /** Seconds. */
  readonly timeLimit?: number
}

/** A named preset: parameter values and the bounds that keep the search finite and fast. */
export interface ConfigPreset<P extends Params = Params> {
  /** One line: what this preset is for (`tiny`: seconds; `ci`: exhaustive in CI; `deep`: long). */
  readonly doc: string
  readonly params: P
  readonly bounds?: Bounds
}

/** A named weakening flag: the mistake it stands for and the property it should break. */
export interface Weakening {
  readonly doc: string
  /** The property a counterexample of this weakening violates. */
  readonly breaks: string
  /** Config to check this weakening on when none is given (defaults to the model's default). */
  readonly config?: string
}

/** Everything the registry, the CLI and `mutants` need to build a model from a config. */
export interface ModelDefinition<P extends Params = Params, S = unknown, A = unknown> {
  readonly name: string
  /** One line shown by `faultline list`. */
  readonly summary: string
  /** Each parameter with one line of doc and its lowest allowed value. */
  readonly params: { readonly [K in keyof P]: { readonly doc: string; readonly min: number; readonly max?: number } }
  readonly configs: Readonly<Record<string, ConfigPreset<P>>>
  readonly defaultConfig: string
  readonly weakenings: Readonly<Record<string, Weakening>>
  build(params: P, weaken: ReadonlySet<string>): Model<S, A>
}

/** A definition whose types are erased, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelDefinition = ModelDefinition<any, any, any>

/** Identity helper that keeps the parameter types of a model definition. */
export function defineModel<P extends Params, S, A>(def: ModelDefinition<P, S, A>): ModelDefinition<P, S, A> {
  return def
}

/** A definition resolved against a config, parameter overrides and weakenings. */
export interface ResolvedModel {
  readonly definition: AnyModelDefinition
  readonly config: string
  readonly params: Params
  readonly weaken: readonly string[]
  readonly bounds: Bounds
  readonly model: AnyModel
}

/**
 * Builds a model from its definition: picks the config, applies `--param` overrides and the
 * weakening flags, and rejects unknown names with an error that lists the known ones.
 */
export function resolveModel(
  def: AnyModelDefinition,
  options: { config?: string | undefined; params?: Params | undefined; weaken?: readonly string[] | undefined } = {},
): ResolvedModel {
  const configName = options.config ?? def.defaultConfig
  const preset = def.configs[configName]
  if (!preset) {
    throw new FaultlineError(
      `unknown config '${configName}' for model ${def.name}; known configs: ${Object.keys(def.configs).join(', ')}`,
    )
  }
  const params: Record<string, number> = { ...preset.params }
  for (const [name, value] of Object.entries(options.params ?? {})) {
    const spec = def.params[name]
    if (!spec) {
      throw new FaultlineError(
        `unknown parameter '${name}' for model ${def.name}; known parameters: ${Object.keys(def.params).join(', ') || '(none)'}`,
      )
    }
    if (!Number.isInteger(value) || value < spec.min || (spec.max !== undefined && value > spec.max)) {
      const range = spec.max === undefined ? `>= ${spec.min}` : `${spec.min}..${spec.max}`
      throw new FaultlineError(`parameter ${name}=${value} is out of range for model ${def.name}; use an integer ${range}`)
    }
    params[name] = value
  }
  const weaken = [...new Set(options.weaken ?? [])].sort()
  for (const flag of weaken) {
    if (!def.weakenings[flag]) {
      throw new FaultlineError(
        `unknown weakening '${flag}' for model ${def.name}; known weakenings: ${Object.keys(def.weakenings).join(', ') || '(none)'}`,
      )
    }
  }
  const model = def.build(params, new Set(weaken))
  return { definition: def, config: configName, params, weaken, bounds: preset.bounds ?? {}, model }
}
