import { describe, expect, test } from 'vitest'
import { always, sometimes, type AnyModel, type Model } from '../core/model.js'
import { CanonicalStateError, ImpureModelError, PropertyThrewError, FaultlineError } from '../core/errors.js'
import { replay } from '../core/trace.js'
import { explore } from './index.js'
import { grid, interleaving, wideTree } from './fixtures.js'

describe('explore: tiny models with known answers', () => {
  test('grid 5x2: 25 states, depth 8, 80 transitions, holds with witness', () => {
    const r = explore(grid(5, 2))
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect(r.cutBy).toEqual([])
    expect(r.states).toBe(25)
    expect(r.maxDepth).toBe(8)
    expect(r.transitions).toBe(2 * 2 * 4 * 5)
    expect(r.witnesses).toEqual([expect.objectContaining({ property: 'FarCorner', found: true, depth: 8 })])
  })

  test('grid 3x3: 27 states, depth 6', () => {
    const r = explore(grid(3, 3))
    expect([r.states, r.maxDepth, r.transitions]).toEqual([27, 6, 2 * 3 * 2 * 9])
  })

  test('bfs and dfs agree on distinct states and transitions', () => {
    for (const m of [grid(4, 3), interleaving(), wideTree(1000)] as AnyModel[]) {
      const b = explore(m, { strategy: 'bfs', stopOnViolation: false })
      const d = explore(m, { strategy: 'dfs', stopOnViolation: false })
      expect(d.states).toBe(b.states)
      expect(d.transitions).toBe(b.transitions)
    }
  })

  test('interleaving: the shortest violation has 4 steps and replays', () => {
    const m = interleaving()
    const r = explore(m)
    expect(r.verdict).toBe('violated')
    expect(r.exhaustive).toBe(false)
    const v = r.violations[0]
    expect(v?.property).toBe('NotBothAtTwo')
    expect(v?.length).toBe(4)
    expect(v?.trace?.steps.map((s) => s.action)).toEqual(['P', 'P', 'Q', 'Q'])
    const trace = v?.trace
    if (!trace) throw new Error('no trace')
    expect(replay(m, trace).reproduced).toBe(true)
  })

  test('interleaving: without stopping, all 16 states are visited', () => {
    const r = explore(interleaving(), { stopOnViolation: false })
    expect(r.states).toBe(16)
    expect(r.verdict).toBe('violated')
  })

  test('wide tree: exactly n states, depth log4', () => {
    const r = explore(wideTree(1365))
    expect(r.states).toBe(1365)
    expect(r.maxDepth).toBe(5)
    expect(r.verdict).toBe('holds')
  })
})

describe('explore: bounds', () => {
  test('maxDepth cuts the search and the verdict is incomplete, never holds', () => {
    const r = explore(grid(5, 2), { maxDepth: 3 })
    expect(r.verdict).toBe('incomplete')
    expect(r.exhaustive).toBe(false)
    expect(r.cutBy).toEqual(['maxDepth'])
    expect(r.states).toBe(10) // 1 + 2 + 3 + 4 states at depths 0..3
    expect(r.witnesses[0]?.found).toBe(false)
  })

  test('maxDepth equal to the true depth is not a cut', () => {
    const r = explore(grid(5, 2), { maxDepth: 8 })
    expect(r.verdict).toBe('holds')
    expect(r.cutBy).toEqual([])
  })

  test('depth-bounded dfs finds every state within the bound', () => {
    for (const d of [1, 2, 3, 5]) {
      const b = explore(grid(4, 3), { strategy: 'bfs', maxDepth: d })
      const f = explore(grid(4, 3), { strategy: 'dfs', maxDepth: d })
      expect(f.states).toBe(b.states)
    }
  })

  test('maxStates cuts the search', () => {
    const r = explore(grid(10, 3), { maxStates: 100 })
    expect(r.states).toBe(100)
    expect(r.cutBy).toEqual(['maxStates'])
    expect(r.verdict).toBe('incomplete')
  })

  test('within prunes states: neither counted nor expanded', () => {
    const base = grid(5, 2)
    const m: Model<readonly number[], { dim: number; delta: 1 | -1 }> = { ...base, within: (s) => (s[0] ?? 0) <= 1 }
    const r = explore(m, { stopOnViolation: false })
    expect(r.states).toBe(10)
    expect(r.pruned).toBe(5)
    expect(r.verdict).toBe('violated') // FarCorner is outside the constraint: missing witness
    expect(r.violations[0]).toMatchObject({ property: 'FarCorner', kind: 'sometimes' })
  })

  test('bad bounds are one-line usage errors', () => {
    expect(() => explore(grid(2, 1), { maxDepth: -1 })).toThrow(/maxDepth must be a whole number >= 0, got -1/)
    expect(() => explore(grid(2, 1), { maxStates: 0 })).toThrow(FaultlineError)
    expect(() => explore(grid(2, 1), { timeLimit: -5 })).toThrow(/timeLimit must be a positive number/)
  })
})

describe('explore: sometimes witnesses', () => {
  test('a model that never does anything fails its sometimes property', () => {
    const idle: Model<{ x: number }, never> = {
      name: 'idle',
      init: () => [{ x: 0 }],
      actions: () => [],
      next: () => undefined,
      properties: [always('Trivial', () => true), sometimes('Moves', (s) => s.x > 0)],
    }
    const r = explore(idle)
    expect(r.verdict).toBe('violated')
    expect(r.violations).toEqual([expect.objectContaining({ property: 'Moves', kind: 'sometimes', length: 0 })])
  })
})

describe('explore: random walks', () => {
  test('seeded random walks are deterministic and never claim holds', () => {
    const a = explore(grid(6, 3), { strategy: 'random', seed: 7, walks: 50, maxDepth: 20 })
    const b = explore(grid(6, 3), { strategy: 'random', seed: 7, walks: 50, maxDepth: 20 })
    expect(a.states).toBe(b.states)
    expect(a.transitions).toBe(b.transitions)
    expect(a.verdict).toBe('incomplete')
    expect(a.exhaustive).toBe(false)
    expect(a.cutBy).toContain('walks')
  })

  test('random walks find the interleaving violation and its trace replays', () => {
    const m = interleaving()
    const r = explore(m, { strategy: 'random', seed: 3, walks: 200 })
    expect(r.verdict).toBe('violated')
    const t = r.violations[0]?.trace
    if (!t) throw new Error('no trace')
    expect(t.strategy).toBe('random')
    expect(replay(m, t).reproduced).toBe(true)
  })
})

describe('explore: bad models', () => {
  test('a state holding a Set is rejected, naming the path', () => {
    const m: Model<{ nodes: { votes: Set<number> }[] }, 'go'> = {
      name: 'sets',
      init: () => [{ nodes: [{ votes: new Set() }] }],
      actions: () => [],
      next: () => undefined,
      properties: [],
    }
    expect(() => explore(m)).toThrow(CanonicalStateError)
    expect(() => explore(m)).toThrow('state.nodes[0].votes is a Set')
  })

  test('an undefined field and NaN are rejected, naming the path', () => {
    const m = (v: unknown): Model<unknown, never> => ({
      name: 'bad',
      init: () => [v],
      actions: () => [],
      next: () => undefined,
      properties: [],
    })
    expect(() => explore(m({ a: { b: undefined } }))).toThrow('state.a.b is undefined')
    expect(() => explore(m({ a: [1, NaN] }))).toThrow('state.a[1] is NaN')
  })

  test('a property that throws is reported with its name', () => {
    const m: Model<{ x: number }, never> = {
      name: 'throws',
      init: () => [{ x: 0 }],
      actions: () => [],
      next: () => undefined,
      properties: [
        always('Boom', () => {
          throw new Error('kaput')
        }),
      ],
    }
    expect(() => explore(m)).toThrow(PropertyThrewError)
    expect(() => explore(m)).toThrow(/property Boom of model throws threw on a state at depth 0: kaput/)
  })

  test('purity check names the action that mutates its input', () => {
    const m: Model<{ xs: number[] }, 'Push'> = {
      name: 'mutator',
      init: () => [{ xs: [] }],
      actions: () => ['Push'],
      next: (s) => {
        if (s.xs.length > 2) return undefined
        s.xs.push(1)
        return { xs: s.xs.slice() }
      },
      properties: [],
    }
    expect(() => explore(m, { checkPurity: true })).toThrow(ImpureModelError)
    expect(() => explore(m, { checkPurity: true })).toThrow(/next\(s, Push\) mutated its input state/)
  })

  test('purity check catches a nondeterministic next', () => {
    let calls = 0
    const m: Model<{ x: number }, 'Roll'> = {
      name: 'dice',
      init: () => [{ x: 0 }],
      actions: () => ['Roll'],
      next: (s) => (s.x < 3 ? { x: s.x + 1 + (calls++ % 2) } : undefined),
      properties: [],
    }
    expect(() => explore(m, { checkPurity: true })).toThrow(/nondeterministic: next\(s, Roll\)/)
  })

  test('a codec that loses information is caught by the purity check', () => {
    const base = grid(3, 2)
    const lossy: typeof base = {
      ...base,
      codec: {
        words: 1,
        pack: (st, out, at) => {
          out[at] = st[0] ?? 0
        },
        unpack: (w, at) => [w[at] ?? 0, 0],
      },
    }
    expect(explore(lossy).states).toBe(3) // the lossy codec merges states: wrong, and...
    expect(() => explore(lossy, { checkPurity: true })).toThrow(/codec of model grid3x2 does not round-trip/)
  })

  test('a faithful codec gives the same counts as the object path', () => {
    const base = grid(4, 3)
    const packed: typeof base = {
      ...base,
      codec: { words: 3, pack: (st, out, at) => out.set(st, at), unpack: (w, at) => Array.from(w.subarray(at, at + 3)) },
    }
    const a = explore(packed, { checkPurity: true })
    const b = explore(base)
    expect([a.states, a.transitions, a.maxDepth]).toEqual([b.states, b.transitions, b.maxDepth])
    expect(explore(packed, { maxDepth: 2 }).states).toBe(explore(base, { maxDepth: 2 }).states)
  })

  test('purity check passes a pure model with the same counts as a plain run', () => {
    const plain = explore(grid(4, 2))
    const pure = explore(grid(4, 2), { checkPurity: true })
    expect(pure.states).toBe(plain.states)
    expect(pure.transitions).toBe(plain.transitions)
  })
})

describe('explore: symmetry reduction', () => {
  // Two interchangeable counters: the representative sorts them, so (a, b) and (b, a) are one class.
  const sortedGrid = (): Model<readonly number[], { readonly dim: number; readonly delta: 1 | -1 }> => {
    const g = grid(4, 2)
    return { ...g, representative: (s) => ((s[0] ?? 0) <= (s[1] ?? 0) ? s : [s[1] ?? 0, s[0] ?? 0]) }
  }

  test('4x4 grid: 16 states, 10 classes, the same depth and witness', () => {
    const plain = explore(sortedGrid())
    const sym = explore(sortedGrid(), { symmetry: true })
    expect([plain.states, sym.states]).toEqual([16, 10])
    expect(sym.maxDepth).toBe(plain.maxDepth)
    expect(sym.witnesses[0]).toMatchObject({ found: true, depth: 6 })
    const t = sym.witnesses[0]?.trace
    if (!t) throw new Error('no trace')
    expect(replay(sortedGrid(), t).reproduced).toBe(true)
  })

  test('symmetry without a representative is a one-line error', () => {
    expect(() => explore(grid(2, 2), { symmetry: true })).toThrow(/has no representative\(s\)/)
  })
})
