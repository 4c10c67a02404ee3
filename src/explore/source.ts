/**
 * Where a model comes from, said as data, so another thread can build the same model: a worker
 * cannot receive functions, only a name to look up or a module to import.
 */
import { resolveModel, type AnyModelDefinition, type Params } from '../core/definition.js'
import { isModel, type AnyModel } from '../core/model.js'
import { FaultlineError, messageOf } from '../core/errors.js'

export interface ModelSource {
  /**
   * An ES module's URL (`new URL('./my-model.js', import.meta.url).href`). Without it, `name` is a
   * model shipped with faultline (see `faultline list`).
   */
  readonly module?: string
  /**
   * A shipped model's name, or the module's export: a model definition (resolved with `config`,
   * `params` and `weaken`), a `Model`, or a function that returns either (called with `args`).
   */
  readonly name: string
  /** Arguments of an exported function; they must survive a structured clone. */
  readonly args?: readonly unknown[]
  readonly config?: string
  readonly params?: Params
  readonly weaken?: readonly string[]
}

/** What a source resolves to: the model, and the names a report and a trace echo. */
export interface LoadedModel {
  readonly model: AnyModel
  readonly meta: { readonly config: string; readonly params: Params; readonly weaken: readonly string[] }
}

function isDefinition(v: unknown): v is AnyModelDefinition {
  return typeof v === 'object' && v !== null && typeof (v as AnyModelDefinition).build === 'function' && 'configs' in v
}

/** Builds the model a source names; every way it can fail is one line that says what to fix. */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  let value: unknown
  if (source.module === undefined) {
    const { findModel } = await import('../cli/registry.js')
    value = findModel(source.name)
  } else {
    let mod: Record<string, unknown>
    try {
      mod = (await import(source.module)) as Record<string, unknown>
    } catch (err) {
      throw new FaultlineError(`cannot import the model module ${source.module}: ${messageOf(err)}; give the URL of a compiled ES module`)
    }
    if (!(source.name in mod)) {
      throw new FaultlineError(`module ${source.module} has no export '${source.name}'; exports: ${Object.keys(mod).join(', ') || 'none'}`)
    }
    value = mod[source.name]
    if (typeof value === 'function') value = (value as (...a: unknown[]) => unknown)(...(source.args ?? []))
  }
  if (isDefinition(value)) {
    const r = resolveModel(value, { config: source.config, params: source.params, weaken: source.weaken })
    return { model: r.model, meta: { config: r.config, params: r.params, weaken: r.weaken } }
  }
  if (isModel(value)) {
    if (source.config !== undefined || source.params !== undefined || (source.weaken?.length ?? 0) > 0) {
      throw new FaultlineError(`'${source.name}' is a model, not a model definition, so it takes no config, params or weakenings`)
    }
    return { model: value, meta: { config: 'custom', params: {}, weaken: [] } }
  }
  throw new FaultlineError(`'${source.name}' is neither a model nor a model definition (nor a function returning one)`)
}
