/** The result of a search: the same shape whichever strategy ran. */
import type { PropertyKind } from '../core/model.js'
import type { Params } from '../core/definition.js'
import type { Trace } from '../core/trace.js'
import type { Bound, Strategy } from './options.js'

/** `holds`: every property holds and every witness was found in a search no bound cut;
 * `violated`: an `always` property fails or an exhaustive search found no `sometimes` witness;
 * `incomplete`: a bound cut the search before either could be said. */
export type Verdict = 'holds' | 'violated' | 'incomplete'

export interface Violation {
  readonly property: string
  readonly kind: PropertyKind
  /** Steps in the counterexample (0 for an initial state, or for a missing witness). */
  readonly length: number
  /** The counterexample; absent for a `sometimes` property whose witness was never reached. */
  readonly trace?: Trace
  /** One line for the reader. */
  readonly message: string
}

export interface Witness {
  readonly property: string
  readonly found: boolean
  /** Depth of the first (with BFS: shallowest) state that satisfies it. */
  readonly depth?: number
  readonly trace?: Trace
}

export interface Report {
  readonly model: string
  readonly config: string
  readonly params: Params
  readonly weaken: readonly string[]
  readonly strategy: Strategy
  readonly verdict: Verdict
  /** True only when no bound cut the search and it ran to the end. */
  readonly exhaustive: boolean
  /** The bounds that cut the search, empty when none did. */
  readonly cutBy: readonly Bound[]
  /** Distinct states. */
  readonly states: number
  readonly transitions: number
  /** Deepest state reached. */
  readonly maxDepth: number
  /** States outside the model's `within` constraint, neither counted nor expanded. */
  readonly pruned: number
  readonly elapsedMs: number
  readonly statesPerSecond: number
  /** CPU time of this process during the search (user + system), for per-core figures. */
  readonly cpuMs: number
  /** Bytes of the visited table. */
  readonly visitedBytes: number
  /** Largest frontier (BFS queue or DFS stack) seen, sampled every 1,024 states. */
  readonly peakQueue: number
  /** Peak growth of JS heap plus typed-array memory during the search, sampled every 1,024
   * states; it includes garbage not yet collected, so it is an upper bound. */
  readonly peakMemoryBytes: number
  readonly violations: readonly Violation[]
  readonly witnesses: readonly Witness[]
  /** Every `always` property and whether it held in every state visited. */
  readonly invariants: readonly { readonly property: string; readonly held: boolean }[]
}
