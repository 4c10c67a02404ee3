import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  casRegister,
  checkLinearizable,
  equalValue,
  explainLinearization,
  kvMap,
  register,
  simulateHistory,
  type History,
  type Operation,
  type Spec,
} from './index.js'

/** Linearizability by brute force: try every order of the operations (pending ones optional). */
function bruteForce<S>(h: History, spec: Spec<S>): boolean {
  const done = new Array<boolean>(h.length).fill(false)
  const go = (state: S, left: number): boolean => {
    if (left === 0) return true
    for (let i = 0; i < h.length; i++) {
      const o = h[i] as Operation
      if (done[i]) continue
      // o may go next only if no operation still to go returned before o was invoked.
      if (h.some((p, j) => !done[j] && j !== i && p.ret !== null && p.ret < o.call)) continue
      const [out, next] = spec.step(state, o)
      if (o.ret !== null && !equalValue(out, o.output)) continue
      done[i] = true
      const ok = go(next, left - (o.ret === null ? 0 : 1))
      done[i] = false
      if (ok) return true
    }
    return false
  }
  return go(spec.init, h.filter((o) => o.ret !== null).length)
}

/** Tiny compare-and-set histories with made-up outputs: about half are linearizable. */
const tinyCasHistory: fc.Arbitrary<Operation[]> = fc
  .array(
    fc.record({
      call: fc.integer({ min: 0, max: 8 }),
      length: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 5 }),
      kind: fc.constantFrom('read', 'write', 'cas'),
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
      ok: fc.boolean(),
    }),
    { maxLength: 7 },
  )
  .map((xs) =>
    xs.map((x, i): Operation => {
      const ret = x.length === null ? null : x.call + x.length
      const base = { id: i, client: `c${i}`, call: x.call, ret }
      if (x.kind === 'read') return { ...base, op: 'read', input: null, output: ret === null ? null : x.a }
      if (x.kind === 'write') return { ...base, op: 'write', input: x.a, output: null }
      return { ...base, op: 'cas', input: { from: x.a, to: x.b }, output: ret === null ? null : x.ok }
    }),
  )

const schedule = fc.record({
  ops: fc.integer({ min: 0, max: 40 }),
  clients: fc.integer({ min: 1, max: 6 }),
  schedule: fc.array(fc.nat({ max: 1000 }), { maxLength: 150 }),
  coarsen: fc.integer({ min: 1, max: 3 }),
  leavePending: fc.boolean(),
})

describe('history: properties', () => {
  test('property: the checker agrees with brute force on tiny compare-and-set histories', () => {
    fc.assert(
      fc.property(tinyCasHistory, (h) => {
        const spec = casRegister(0)
        const r = checkLinearizable(h, spec)
        expect(r.result).toBe(bruteForce(h, spec) ? 'linearizable' : 'not-linearizable')
        if (r.result === 'linearizable') expect(explainLinearization(h, spec, r.linearization ?? [])).toBeNull()
        else {
          // The counterexample is a sub-history that is not linearizable either.
          const m = r.minimalCounterexample ?? []
          expect(m.every((o) => h.includes(o))).toBe(true)
          expect(bruteForce(m, spec)).toBe(false)
        }
      }),
      { numRuns: 400 },
    )
  })

  test('property: histories of a real register with random concurrency are linearizable', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        const h = simulateHistory(s)
        const r = checkLinearizable(h, register(0))
        expect(r.result).toBe('linearizable')
        expect(explainLinearization(h, register(0), r.linearization ?? [])).toBeNull()
      }),
    )
  })

  test('property: histories of a real key-value map are linearizable, key by key', () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: 1, max: 3 }), (s, keys) => {
        const h = simulateHistory({ ...s, object: 'kvMap', keys })
        const r = checkLinearizable(h, kvMap())
        expect(r.result).toBe('linearizable')
        expect(explainLinearization(h, kvMap(), r.linearization ?? [])).toBeNull()
      }),
    )
  })

  test('property: one read changed to a value never written is not linearizable, and is the counterexample', () => {
    fc.assert(
      fc.property(schedule, fc.nat(), (s, pick) => {
        const h = simulateHistory(s)
        const reads = h.filter((o) => o.op === 'read' && o.ret !== null)
        fc.pre(reads.length > 0)
        const bad = { ...(reads[pick % reads.length] as Operation), output: -1 }
        const r = checkLinearizable(
          h.map((o) => (o.id === bad.id ? bad : o)),
          register(0),
        )
        expect(r.result).toBe('not-linearizable')
        expect(r.minimalCounterexample).toEqual([bad])
      }),
    )
  })

  test('property: with one read changed to another written value, any counterexample is real', () => {
    fc.assert(
      fc.property(schedule, fc.nat(), fc.nat(), (s, pick, value) => {
        const h = simulateHistory({ ...s, reads: 0.6 })
        const reads = h.filter((o) => o.op === 'read' && o.ret !== null)
        const writes = h.filter((o) => o.op === 'write')
        fc.pre(reads.length > 0 && writes.length > 0)
        const bad = { ...(reads[pick % reads.length] as Operation), output: (writes[value % writes.length] as Operation).input }
        const changed = h.map((o) => (o.id === bad.id ? bad : o))
        const r = checkLinearizable(changed, register(0))
        if (r.result === 'linearizable') return
        const m = r.minimalCounterexample ?? []
        expect(m.length).toBeGreaterThan(0)
        expect(m.every((o) => changed.includes(o))).toBe(true)
        expect(checkLinearizable(m, register(0), { minimize: false }).result).toBe('not-linearizable')
        // Only the changed read is wrong, so every counterexample involves it.
        expect(m).toContain(bad)
      }),
      { numRuns: 300 },
    )
  })
})
