/**
 * A small bounded breadth-first search with its own fingerprint table, for the shrinker (is there
 * a shorter way to the same violation?) and for hybrid random search (the frontier states at
 * depth k, where random walks start). It is kept apart from `src/explore` on purpose: those two
 * need the states of the last layer and a goal test from any set of root states, which the
 * explorer's report does not expose.
 */
import type { Model } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { Hasher, hashOrExplain } from '../core/canonical.js'
import type { TraceStep } from '../core/trace.js'
import { ROOT, VisitedTable } from '../explore/visited.js'

export interface BoundedBfsOptions<S> {
  /** The roots: every search starts from all of them at depth 0. */
  readonly roots: readonly S[]
  /** States at this depth are not expanded. */
  readonly maxDepth: number
  /** Stop after this many distinct states. */
  readonly maxStates: number
  /** `performance.now()` after which the search stops. @default no deadline */
  readonly deadline?: number
  /**
   * Called once per distinct state, roots included, in BFS order; return true to stop the search
   * at this state (it becomes `found`).
   */
  readonly visit?: (s: S, id: number, depth: number) => boolean
  /** Keep the frontier (the deepest complete layer) in the result. @default false */
  readonly keepFrontier?: boolean
  /** Fingerprints (hi, lo) to watch for: reaching one records its depth in `watched`. */
  readonly watch?: ReadonlyMap<string, number>
}

export interface BoundedBfsResult<S> {
  /** The state the `visit` callback stopped at, or null. */
  readonly found: { readonly id: number; readonly depth: number; readonly state: S } | null
  /** True when every state within `maxDepth` was visited (no budget or deadline cut the search). */
  readonly complete: boolean
  /** True when, in addition, no state at `maxDepth` has an unvisited successor: the whole space. */
  readonly exhausted: boolean
  readonly states: number
  readonly transitions: number
  /**
   * With `keepFrontier`: the states of the deepest complete layer, with their ids: those at
   * `maxDepth`, or, when the budget cut the search, those of the layer it was expanding.
   */
  readonly frontier: readonly { readonly state: S; readonly id: number }[]
  /** Depth of the frontier states. */
  readonly frontierDepth: number
  /** Watched fingerprints reached, by their key, with the id and depth where first reached. */
  readonly watched: ReadonlyMap<number, { readonly id: number; readonly depth: number }>
  readonly table: VisitedTable
}

/** Key of a 64-bit fingerprint as one string, for small maps of watched states. */
export function fingerprintKey(h: Hasher): string {
  return `${h.hi}:${h.lo}`
}

/**
 * Breadth-first search from `roots` to `maxDepth`, within a state budget. States outside the
 * model's `within` constraint are neither counted nor expanded, as in the explorer.
 */
export function boundedBfs<S, A>(model: Model<S, A>, o: BoundedBfsOptions<S>): BoundedBfsResult<S> {
  const table = new VisitedTable(1 << 12)
  const hasher = new Hasher()
  const within = model.within
  const watched = new Map<number, { id: number; depth: number }>()
  const frontier: { state: S; id: number }[] = []
  let transitions = 0
  let complete = true
  let exhausted = true
  let layer: { state: S; id: number }[] = []
  let found: { id: number; depth: number; state: S } | null = null
  let frontierDepth = 0

  // `s` is already hashed into `hasher`.
  const add = (s: S, parent: number, via: number, depth: number): number | 'stop' => {
    const id = table.insert(hasher.hi, hasher.lo, parent, via, depth)
    if (id < 0) return -1
    if (o.watch) {
      const w = o.watch.get(fingerprintKey(hasher))
      if (w !== undefined && !watched.has(w)) watched.set(w, { id, depth })
    }
    if (o.visit?.(s, id, depth)) {
      found = { id, depth, state: s }
      return 'stop'
    }
    return id
  }

  for (let i = 0; i < o.roots.length; i++) {
    const s = o.roots[i] as S
    if (within !== undefined && !within(s)) continue
    hashOrExplain(hasher, s)
    const id = add(s, ROOT, i, 0)
    if (id === 'stop') return result()
    if (id >= 0) layer.push({ state: s, id })
  }

  for (let depth = 0; layer.length > 0; depth++) {
    if (depth >= o.maxDepth) {
      for (const entry of layer) {
        if (exhausted && hasUnseenSuccessor(entry.state)) exhausted = false
        if (o.keepFrontier) frontier.push(entry)
      }
      frontierDepth = depth
      break
    }
    const nextLayer: { state: S; id: number }[] = []
    const cut = (): BoundedBfsResult<S> => {
      complete = false
      exhausted = false
      // This layer is complete (every state at `depth` was visited): it is the frontier.
      if (o.keepFrontier) {
        frontier.push(...layer)
        frontierDepth = depth
      }
      return result()
    }
    for (const { state, id } of layer) {
      if (o.deadline !== undefined && performance.now() > o.deadline) return cut()
      const actions = model.actions(state)
      for (let k = 0; k < actions.length; k++) {
        const t = model.next(state, actions[k] as A)
        if (t === undefined) continue
        transitions++
        if (within !== undefined && !within(t)) continue
        hashOrExplain(hasher, t)
        if (table.has(hasher.hi, hasher.lo)) continue
        if (table.size >= o.maxStates) return cut()
        const tid = add(t, id, k, depth + 1)
        if (tid === 'stop') return result()
        if (tid >= 0) nextLayer.push({ state: t, id: tid })
      }
    }
    layer = nextLayer
  }
  return result()

  function hasUnseenSuccessor(s: S): boolean {
    for (const a of model.actions(s)) {
      const t = model.next(s, a)
      if (t === undefined || (within !== undefined && !within(t))) continue
      hashOrExplain(hasher, t)
      if (!table.has(hasher.hi, hasher.lo)) return true
    }
    return false
  }

  function result(): BoundedBfsResult<S> {
    const done = found === null && complete
    return {
      found,
      complete: done,
      exhausted: done && exhausted,
      states: table.size,
      transitions,
      frontier,
      frontierDepth,
      watched,
      table,
    }
  }
}

/**
 * The path from a root to state `id` of a {@link boundedBfs} table, as the root's index and the
 * trace steps (re-running the recorded action indices from the root).
 */
export function pathTo<S, A>(
  model: Model<S, A>,
  roots: readonly S[],
  table: VisitedTable,
  id: number,
): { root: number; steps: TraceStep[]; states: S[] } {
  const { init, vias } = table.path(id)
  let s = roots[init] as S
  const states: S[] = [s]
  const steps: TraceStep[] = []
  for (const via of vias) {
    const a = model.actions(s)[via] as A
    steps.push({ action: formatActionOf(model, a), data: a })
    s = model.next(s, a) as S
    states.push(s)
  }
  return { root: init, steps, states }
}
