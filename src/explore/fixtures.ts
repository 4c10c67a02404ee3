/**
 * Tiny models whose answers are known by hand, for the explorer's tests and the benchmark.
 * Not exported from the package.
 */
import { always, sometimes, type Model } from '../core/model.js'

/**
 * A grid of `dims` counters, each 0..size-1; an action increments or decrements one counter.
 * Distinct states: size^dims. BFS depth: dims * (size - 1). Transitions: 2 * dims * (size - 1) *
 * size^(dims - 1).
 */
export function grid(size: number, dims: number): Model<readonly number[], { readonly dim: number; readonly delta: 1 | -1 }> {
  type A = { readonly dim: number; readonly delta: 1 | -1 }
  const moves: A[] = []
  for (let d = 0; d < dims; d++) moves.push({ dim: d, delta: 1 }, { dim: d, delta: -1 })
  return {
    name: `grid${size}x${dims}`,
    init: () => [new Array<number>(dims).fill(0)],
    actions: () => moves,
    next(s, a) {
      const v = (s[a.dim] as number) + a.delta
      if (v < 0 || v >= size) return undefined
      const t = s.slice()
      t[a.dim] = v
      return t
    },
    properties: [
      always('InBounds', (s) => s.every((v) => v >= 0 && v < size)),
      sometimes('FarCorner', (s) => s.every((v) => v === size - 1)),
    ],
    formatAction: (a) => `${a.delta > 0 ? 'Inc' : 'Dec'}(x${a.dim})`,
  }
}

/**
 * Two processes each take three steps (0 -> 1 -> 2 -> 3) in any interleaving: 16 states. The
 * invariant "not both at 2" is violated first after 4 steps.
 */
export function interleaving(): Model<{ readonly p: number; readonly q: number }, 'P' | 'Q'> {
  return {
    name: 'interleaving',
    init: () => [{ p: 0, q: 0 }],
    actions: () => ['P', 'Q'],
    next: (s, a) => (a === 'P' ? (s.p < 3 ? { ...s, p: s.p + 1 } : undefined) : s.q < 3 ? { ...s, q: s.q + 1 } : undefined),
    properties: [
      always('NotBothAtTwo', (s) => !(s.p === 2 && s.q === 2)),
      sometimes('PDone', (s) => s.p === 3),
    ],
  }
}

/**
 * A synthetic model with exactly `n` states in a wide tree (state k has successors 4k+1..4k+4):
 * for runs past V8's 2^24-entry `Set`/`Map` limit, with a flat, cheap state.
 */
export function wideTree(n: number): Model<number, number> {
  const actions = [1, 2, 3, 4]
  return {
    name: `wideTree${n}`,
    init: () => [0],
    actions: () => actions,
    next: (s, a) => {
      const t = s * 4 + a
      return t < n ? t : undefined
    },
    properties: [always('Below', (s) => s < n), sometimes('Last', (s) => s === n - 1)],
  }
}

/** A counter 0..5 whose invariant throws on 3: for the error a property that throws must give. */
export function throwingProperty(): Model<number, 'Inc'> {
  return {
    name: 'throwingProperty',
    init: () => [0],
    actions: () => ['Inc'],
    next: (s) => (s < 5 ? s + 1 : undefined),
    properties: [
      always('Fragile', (s) => {
        if (s === 3) throw new Error('three is not allowed here')
        return true
      }),
      sometimes('Five', (s) => s === 5),
    ],
  }
}
