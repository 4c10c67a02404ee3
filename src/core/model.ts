/**
 * The model contract: pure data and pure functions that every search, the shrinker and the
 * renderers consume. See DESIGN.md §2.
 */

/** An `always` property must hold in every reachable state; a `sometimes` property must be reached. */
export type PropertyKind = 'always' | 'sometimes'

/** A named predicate over states, checked by every search in every state it visits. */
export interface Property<S> {
  readonly kind: PropertyKind
  readonly name: string
  /** One sentence: what the property states. Shown by `faultline list`. */
  readonly doc?: string
  readonly check: (s: S) => boolean
}

/**
 * A protocol model: initial states, enabled actions, a pure transition function and properties.
 *
 * States and actions are canonical plain data (objects, arrays, strings, finite numbers, booleans,
 * null), so they can be fingerprinted, stored in trace files and compared.
 */
export interface Model<S, A> {
  readonly name: string
  /** One or more initial states. */
  init(): readonly S[]
  /** Enabled actions in a deterministic order; index 0 is the least disruptive one. */
  actions(s: S): readonly A[]
  /** The successor of `s` under `a`; `undefined` when `a` is not enabled. Must not mutate `s`. */
  next(s: S, a: A): S | undefined
  readonly properties: readonly Property<S>[]
  /** State constraint: a state outside it is neither counted nor expanded (TLC's CONSTRAINT). */
  within?(s: S): boolean
  /** The action in the spec's own words, for example `RequestVote(s1, s2)`. */
  formatAction?(a: A): string
  /**
   * Every kind of action this model can take (the formatted action's name before its parenthesis),
   * so random search's coverage can name a kind that was never even enabled, not only one never
   * taken.
   */
  readonly actionKinds?: readonly string[]
  /**
   * An optional flat encoding of states, for speed: when present, searches fingerprint the packed
   * words instead of walking the object, and keep their frontier packed, so few objects outlive a
   * step. `unpack(pack(s))` must equal `s`; the purity check (`checkPurity`) verifies it.
   */
  readonly codec?: StateCodec<S>
  /**
   * Symmetry reduction: the canonical representative of `s` among the states that differ from it
   * only by a symmetry of the model (a permutation of interchangeable nodes, say). With the
   * `symmetry` search option, one state per class is stored and expanded. Every property must give
   * the same answer on a state and its representative.
   */
  representative?(s: S): S
}

/**
 * A fixed-width flat encoding of a model's states into 32-bit words. It must be a bijection on
 * reachable states: equal states pack to equal words and `unpack` rebuilds an equal state.
 */
export interface StateCodec<S> {
  /** Words per state. */
  readonly words: number
  /** Writes `s` into `out[at .. at + words)`. */
  pack(s: S, out: Int32Array, at: number): void
  /** Rebuilds the state packed at `words[at .. at + this.words)`. */
  unpack(words: Int32Array, at: number): S
}

/** A model whose state and action types are not known statically (registries, the CLI). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any, any>

/**
 * An `always` property: `pred` must hold in every reachable state.
 *
 * @example
 * always('TCConsistent', (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')))
 */
export function always<S>(name: string, pred: (s: S) => boolean, doc?: string): Property<S> {
  return doc === undefined ? { kind: 'always', name, check: pred } : { kind: 'always', name, check: pred, doc }
}

/**
 * A `sometimes` property: some reachable state must satisfy `pred`; a search that never reaches
 * one reports the missing witness as a failure, so a model that does nothing cannot pass.
 *
 * @example
 * sometimes('SomeCommit', (s) => s.rmState.includes('committed'))
 */
export function sometimes<S>(name: string, pred: (s: S) => boolean, doc?: string): Property<S> {
  return doc === undefined
    ? { kind: 'sometimes', name, check: pred }
    : { kind: 'sometimes', name, check: pred, doc }
}

/** Formats an action with the model's `formatAction`, or as compact JSON when it has none. */
export function formatActionOf<A>(model: Pick<Model<unknown, A>, 'formatAction'>, a: A): string {
  if (model.formatAction) return model.formatAction(a)
  return typeof a === 'string' ? a : JSON.stringify(a)
}

/** Whether `v` has a model's shape: `init`, `actions` and `next` functions and a `properties` list. */
export function isModel(v: unknown): v is AnyModel {
  const m = v as Partial<AnyModel> | null
  return (
    typeof v === 'object' && m !== null && typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function' && Array.isArray(m.properties)
  )
}
