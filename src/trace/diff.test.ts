import { describe, expect, test } from 'vitest'
import { diffStates, formatChange } from './diff.js'

const phrases = (a: unknown, b: unknown): string[] => diffStates(a, b).map(formatChange)

describe('trace: per-step diffs', () => {
  test('nested fields are named by path', () => {
    expect(phrases({ rm: ['working', 'working'], tm: 'init' }, { rm: ['working', 'prepared'], tm: 'init' })).toEqual([
      'rm[1]: working → prepared',
    ])
  })

  test('an element inserted into a sorted multiset is reported as added, wherever it lands', () => {
    expect(phrases({ msgs: ['a', 'c'] }, { msgs: ['a', 'b', 'c'] })).toEqual(['msgs += [b]'])
    expect(phrases({ msgs: ['a', 'b', 'c'] }, { msgs: ['a', 'c'] })).toEqual(['msgs -= [b]'])
    expect(phrases({ log: [{ term: 1 }] }, { log: [{ term: 1 }, { term: 2 }] })).toEqual(['log += [{term: 2}]'])
  })

  test('an array that changed otherwise is one change', () => {
    expect(phrases({ xs: [1, 2] }, { xs: [3] })).toEqual(['xs: [1, 2] → [3]'])
  })

  test('added and removed fields, and no change at all', () => {
    expect(phrases({ a: 1 }, { a: 1, b: null })).toEqual(['b: ∅ → null'])
    expect(phrases({ a: 1, b: 2 }, { a: 1 })).toEqual(['b: 2 → ∅'])
    expect(phrases({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([])
  })

  test('strings that are not plain words are quoted, long values are cut', () => {
    expect(phrases({ s: 'a' }, { s: 'two words' })).toEqual(['s: a → "two words"'])
    const long = 'x'.repeat(200)
    expect(phrases({ s: 'a' }, { s: long })[0]?.length).toBeLessThan(90)
  })
})
