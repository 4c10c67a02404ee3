import { describe, expect, test } from 'vitest'
import { fingerprint } from '../core/canonical.js'
import { CanonicalStateError } from '../core/errors.js'
import { compareData, equalData, formatValue } from './data.js'
import { actorModel } from './model.js'

describe('actor data: canonical order', () => {
  test('equal data compares 0 whatever the key order; unequal data never does', () => {
    expect(compareData({ type: 'V', term: 1, ok: true }, { ok: true, term: 1, type: 'V' })).toBe(0)
    expect(compareData({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(0)
    expect(compareData({ type: 'V', term: 1 }, { type: 'V', term: 2 })).not.toBe(0)
    expect(compareData([1, 2], [2, 1])).not.toBe(0)
    expect(compareData({ a: 1 }, { a: 1, b: 2 })).not.toBe(0)
    expect(compareData(0, -0)).toBe(0)
  })

  test('the order is antisymmetric and puts kinds, then types, in a fixed order', () => {
    const xs: unknown[] = [null, false, true, -1, 0, 2.5, 10, 'a', 'b', [1], [], { type: 'A', x: 1 }, { type: 'B' }, { x: 1 }, { x: 2 }]
    for (const a of xs) for (const b of xs) expect(Math.sign(compareData(a, b))).toBe(0 - Math.sign(compareData(b, a)))
    const sorted = [...xs].reverse().sort(compareData)
    expect(sorted.slice(0, 9)).toEqual([null, false, true, -1, 0, 2.5, 10, 'a', 'b'])
    // Objects without a string type come before tagged ones; tags in string order.
    expect(sorted.slice(-2)).toEqual([{ type: 'A', x: 1 }, { type: 'B' }])
  })

  test('a non-canonical message is rejected with its path', () => {
    expect(() => compareData({ type: 'V', at: new Set() }, { type: 'V', at: 1 })).toThrow(CanonicalStateError)
  })

  test('equalData is deep equality of plain data', () => {
    expect(equalData({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true)
    expect(equalData({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(equalData([1], { 0: 1 })).toBe(false)
  })

  test('messages equal up to key order share one envelope, so the states are equal', () => {
    const build = (flip: boolean) =>
      actorModel<null, { readonly type: string; readonly term: number }>({
        name: 'key-order',
        nodes: ['a', 'b'],
        actor: {
          init: () => null,
          onStart: (s, ctx) =>
            ctx.self === 'a'
              ? {
                  state: s,
                  send: [
                    { to: 'b', msg: { type: 'V', term: 1 } },
                    { to: 'b', msg: flip ? { term: 1, type: 'V' } : { type: 'V', term: 1 } },
                  ],
                }
              : undefined,
          onMessage: () => undefined,
        },
      })
    const [x] = build(false).init()
    const [y] = build(true).init()
    expect(x?.net).toHaveLength(1)
    expect(x?.net[0]?.count).toBe(2)
    expect(fingerprint(x)).toBe(fingerprint(y))
  })
})

describe('actor data: formatValue', () => {
  test('tagged objects, bare identifiers, quoted strings, arrays', () => {
    expect(formatValue({ type: 'RequestVote', term: 2 })).toBe('RequestVote{term: 2}')
    expect(formatValue({ type: 'Heartbeat' })).toBe('Heartbeat')
    expect(formatValue('election')).toBe('election')
    expect(formatValue('two words')).toBe('"two words"')
    expect(formatValue({ to: 'n2', entries: [1, 2], ok: null })).toBe('{to: n2, entries: [1, 2], ok: null}')
    expect(formatValue({ type: 'Put', kv: { k: 'x', v: 1 } })).toBe('Put{kv: {k: x, v: 1}}')
  })
})
