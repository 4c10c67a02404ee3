import { describe, expect, test } from 'vitest'
import { FaultlineError } from '../core/errors.js'
import {
  casRegister,
  checkLinearizable,
  explainLinearization,
  fencedRegister,
  kvMap,
  register,
  type History,
  type Id,
  type Operation,
  type Value,
} from './index.js'

/** One operation: `ret: null` for a pending one. */
function op(id: Id, client: Id, call: number, ret: number | null, name: string, input: Value, output: Value = null): Operation {
  return { id, client, call, ret, op: name, input, output }
}
const ids = (ops: readonly Operation[] | undefined): Id[] | undefined => ops?.map((o) => o.id)

describe('history: register', () => {
  test('register: a stale read after a completed write is not linearizable', () => {
    const h: History = [op('w1', 'a', 0, 1, 'write', 1), op('r0', 'b', 2, 3, 'read', null, 0)]
    const r = checkLinearizable(h, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(r.linearization).toBeUndefined()
    expect(ids(r.minimalCounterexample)).toEqual(['w1', 'r0'])
    expect(r.steps).toBe(2)
    expect(r.partitions).toBe(1)
  })

  test('register: a read concurrent with a write may see the old value or the new one', () => {
    const write = op('w', 'a', 0, 3, 'write', 1)
    const old = checkLinearizable([write, op('r', 'b', 1, 2, 'read', null, 0)], register(0))
    expect(old).toEqual({ result: 'linearizable', linearization: ['r', 'w'], steps: 2, partitions: 1 })
    const fresh = checkLinearizable([write, op('r', 'b', 1, 2, 'read', null, 1)], register(0))
    expect(fresh).toEqual({ result: 'linearizable', linearization: ['w', 'r'], steps: 3, partitions: 1 })
  })

  test('register: intervals that touch are concurrent', () => {
    // The write returns at 2, when the read is invoked: either order is allowed.
    const h: History = [op('w', 'a', 0, 2, 'write', 1), op('r', 'b', 2, 3, 'read', null, 0)]
    expect(checkLinearizable(h, register(0)).linearization).toEqual(['r', 'w'])
  })

  test('register: once a read sees the new value, a later read cannot see the old one', () => {
    const h: History = [op('w', 'a', 0, 5, 'write', 1), op('r1', 'b', 1, 2, 'read', null, 1), op('r0', 'b', 3, 4, 'read', null, 0)]
    const r = checkLinearizable(h, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(ids(r.minimalCounterexample)).toEqual(['w', 'r1', 'r0'])
  })

  test('register: a pending write may take effect, or never', () => {
    const pending = op('w', 'a', 0, null, 'write', 1)
    const never = checkLinearizable([pending, op('r', 'b', 1, 2, 'read', null, 0)], register(0))
    expect(never.result).toBe('linearizable')
    expect(never.linearization).toEqual(['r'])
    const took = checkLinearizable([pending, op('r', 'b', 1, 2, 'read', null, 1)], register(0))
    expect(took.linearization).toEqual(['w', 'r'])
    // Late: it may take effect long after its call.
    const late = checkLinearizable([pending, op('r0', 'b', 1, 2, 'read', null, 0), op('r1', 'b', 50, 51, 'read', null, 1)], register(0))
    expect(late.linearization).toEqual(['r0', 'w', 'r1'])
  })

  test('register: a pending write takes effect once, so the old value cannot come back', () => {
    const h: History = [op('w', 'a', 0, null, 'write', 1), op('r1', 'b', 1, 2, 'read', null, 1), op('r0', 'b', 3, 4, 'read', null, 0)]
    const r = checkLinearizable(h, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(ids(r.minimalCounterexample)).toEqual(['w', 'r1', 'r0'])
  })

  test('register: a pending write cannot be seen before it was invoked', () => {
    const h: History = [op('r', 'b', 0, 1, 'read', null, 1), op('w', 'a', 2, null, 'write', 1)]
    const r = checkLinearizable(h, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(ids(r.minimalCounterexample)).toEqual(['r'])
  })

  test('register: the empty history and a history of pending operations are linearizable', () => {
    expect(checkLinearizable([], register(0))).toEqual({ result: 'linearizable', linearization: [], steps: 0, partitions: 1 })
    const h: History = [op(1, 'a', 0, null, 'write', 1), op(2, 'b', 0, null, 'read', null)]
    expect(checkLinearizable(h, register(0))).toEqual({ result: 'linearizable', linearization: [], steps: 0, partitions: 1 })
  })

  test('register: values compare as plain data, object keys in any order', () => {
    const h: History = [op(1, 'a', 0, 1, 'write', { x: 1, y: [2, 3] }), op(2, 'b', 2, 3, 'read', null, { y: [2, 3], x: 1 })]
    expect(checkLinearizable(h, register(null)).result).toBe('linearizable')
  })
})

describe('history: casRegister', () => {
  test('casRegister: two concurrent compare-and-sets from the same value cannot both succeed', () => {
    const h: History = [op('c1', 'a', 0, 2, 'cas', { from: 0, to: 1 }, true), op('c2', 'b', 1, 3, 'cas', { from: 0, to: 2 }, true)]
    const r = checkLinearizable(h, casRegister(0))
    expect(r.result).toBe('not-linearizable')
    expect(ids(r.minimalCounterexample)).toEqual(['c1', 'c2'])
  })

  test('casRegister: one compare-and-set wins, the other fails, and a read sees the winner', () => {
    const h: History = [
      op('c1', 'a', 0, 2, 'cas', { from: 0, to: 1 }, true),
      op('c2', 'b', 1, 3, 'cas', { from: 0, to: 2 }, false),
      op('r', 'c', 4, 5, 'read', null, 1),
    ]
    expect(checkLinearizable(h, casRegister(0))).toEqual({ result: 'linearizable', linearization: ['c1', 'c2', 'r'], steps: 3, partitions: 1 })
  })

  test('casRegister: the loser may take effect first when it fails against the initial value', () => {
    // c2 expects 5, fails at once; then c1 succeeds.
    const h: History = [op('c1', 'a', 0, 3, 'cas', { from: 0, to: 1 }, true), op('c2', 'b', 1, 2, 'cas', { from: 5, to: 2 }, false)]
    expect(checkLinearizable(h, casRegister(0)).result).toBe('linearizable')
  })

  test('casRegister: a compare-and-set after a write sees the written value', () => {
    const base = [op('w', 'a', 0, 1, 'write', 5), op('c', 'b', 2, 3, 'cas', { from: 5, to: 6 }, true)]
    expect(checkLinearizable([...base, op('r', 'c', 4, 5, 'read', null, 6)], casRegister(0)).result).toBe('linearizable')
    const stale = checkLinearizable([...base, op('r', 'c', 4, 5, 'read', null, 5)], casRegister(0))
    expect(stale.result).toBe('not-linearizable')
    // The write stays: without it the compare-and-set could not have succeeded.
    expect(ids(stale.minimalCounterexample)).toEqual(['w', 'c', 'r'])
  })
})

describe('history: fencedRegister', () => {
  test('fencedRegister: a write with a lower token than one already accepted must be rejected', () => {
    const accepted = [op('w2', 'a', 0, 1, 'write', { token: 2, value: 'a' }, 'ok')]
    const wrong = checkLinearizable([...accepted, op('w1', 'b', 2, 3, 'write', { token: 1, value: 'b' }, 'ok')], fencedRegister())
    expect(wrong.result).toBe('not-linearizable')
    expect(ids(wrong.minimalCounterexample)).toEqual(['w2', 'w1'])
    const right = checkLinearizable(
      [...accepted, op('w1', 'b', 2, 3, 'write', { token: 1, value: 'b' }, 'rejected'), op('r', 'c', 4, 5, 'read', null, 'a')],
      fencedRegister(),
    )
    expect(right).toEqual({ result: 'linearizable', linearization: ['w2', 'w1', 'r'], steps: 3, partitions: 1 })
  })

  test('fencedRegister: concurrent writes with tokens 1 and 2 both succeed only in token order', () => {
    const h: History = [
      op('w2', 'a', 0, 3, 'write', { token: 2, value: 'new' }, 'ok'),
      op('w1', 'b', 1, 2, 'write', { token: 1, value: 'old' }, 'ok'),
      op('r', 'c', 4, 5, 'read', null, 'new'),
    ]
    expect(checkLinearizable(h, fencedRegister()).linearization).toEqual(['w1', 'w2', 'r'])
    const lost = checkLinearizable([...h.slice(0, 2), op('r', 'c', 4, 5, 'read', null, 'old')], fencedRegister())
    expect(lost.result).toBe('not-linearizable')
    expect(ids(lost.minimalCounterexample)).toEqual(['w2', 'w1', 'r'])
  })

  test('fencedRegister: an equal token is accepted', () => {
    const h: History = [op(1, 'a', 0, 1, 'write', { token: 3, value: 'x' }, 'ok'), op(2, 'b', 2, 3, 'write', { token: 3, value: 'y' }, 'ok')]
    expect(checkLinearizable(h, fencedRegister()).result).toBe('linearizable')
  })
})

describe('history: kvMap', () => {
  const kv: History = [
    op(1, 'a', 0, 2, 'put', { key: 'x', value: 1 }),
    op(2, 'b', 1, 3, 'put', { key: 'y', value: 7 }),
    op(3, 'c', 4, 5, 'get', { key: 'x' }, 1),
    op(4, 'a', 4, 6, 'get', { key: 'y' }, 7),
    op(5, 'b', 5, 8, 'get', { key: 'z' }, null),
  ]

  test('kvMap: independent keys are checked apart, and the merged order respects real time', () => {
    const r = checkLinearizable(kv, kvMap())
    expect(r.result).toBe('linearizable')
    expect(r.partitions).toBe(3)
    expect(r.linearization).toEqual([1, 2, 3, 4, 5])
    expect(explainLinearization(kv, kvMap(), r.linearization ?? [])).toBeNull()
  })

  test('kvMap: a violation on one key names that key and shows only its operations', () => {
    const h: History = [...kv, op(6, 'c', 9, 10, 'get', { key: 'y' }, null)]
    const r = checkLinearizable(h, kvMap())
    expect(r.result).toBe('not-linearizable')
    expect(r.partition).toBe('y')
    expect(ids(r.minimalCounterexample)).toEqual([2, 6])
  })

  test('kvMap: keys like constructor are plain keys', () => {
    const h: History = [op(1, 'a', 0, 1, 'get', { key: 'constructor' }, null)]
    expect(checkLinearizable(h, kvMap()).result).toBe('linearizable')
  })
})

describe('history: budget', () => {
  // Five writers overlap, then a read sees the value of the one that was invoked first: the
  // search tries the writes in call order and has to backtrack.
  const h: History = [
    ...[1, 2, 3, 4, 5].map((v) => op(`w${v}`, `c${v}`, v, 10, 'write', v)),
    op('r', 'c9', 11, 12, 'read', null, 1),
  ]

  test('budget: running out answers unknown, never linearizable', () => {
    const full = checkLinearizable(h, register(0))
    expect(full.result).toBe('linearizable')
    expect(full.steps).toBe(72)
    expect(checkLinearizable(h, register(0), { budget: 71 })).toEqual({ result: 'unknown', steps: 71, partitions: 1 })
    expect(checkLinearizable(h, register(0), { budget: 72 }).result).toBe('linearizable')
    expect(checkLinearizable(h, register(0), { budget: 0 })).toEqual({ result: 'unknown', steps: 0, partitions: 1 })
  })

  test('budget: a violation that needs more steps than allowed is unknown too', () => {
    const bad = [...h.slice(0, 5), op('r', 'c9', 11, 12, 'read', null, 9)]
    const full = checkLinearizable(bad, register(0), { minimize: false })
    expect(full).toEqual({ result: 'not-linearizable', steps: 170, partitions: 1 })
    expect(checkLinearizable(bad, register(0), { budget: 169 }).result).toBe('unknown')
    expect(checkLinearizable(bad, register(0), { budget: 170 }).result).toBe('not-linearizable')
  })

  test('budget: the check names the partition whose budget ran out', () => {
    const r = checkLinearizable([op(1, 'a', 0, 1, 'put', { key: 'k', value: 1 })], kvMap(), { budget: 0 })
    expect(r).toEqual({ result: 'unknown', steps: 0, partitions: 1, partition: 'k' })
  })

  test('budget: a negative budget is a usage error', () => {
    expect(() => checkLinearizable(h, register(0), { budget: -1 })).toThrow(FaultlineError)
  })
})

describe('history: explainLinearization', () => {
  const h: History = [op('w', 'a', 0, 1, 'write', 1), op('r', 'b', 2, 3, 'read', null, 1), op('p', 'c', 0, null, 'write', 2)]

  test('explainLinearization: accepts a right order and says what is wrong with others', () => {
    expect(explainLinearization(h, register(0), ['w', 'r'])).toBeNull()
    expect(explainLinearization(h, register(0), ['r', 'w'])).toBe('operation w returned at 1, before r was invoked at 2, yet comes after it')
    expect(explainLinearization(h, register(0), ['w'])).toBe('completed operation r is missing')
    expect(explainLinearization(h, register(0), ['w', 'p', 'r'])).toBe('operation r (read) returned 1, but at that point the spec gives 2')
    expect(explainLinearization(h, register(0), ['w', 'w', 'r'])).toBe('operation w appears twice')
    expect(explainLinearization(h, register(0), ['x'])).toBe('operation x is not in the history')
  })
})

describe('history: specs and inputs', () => {
  test('specs: an unknown operation or a malformed input is a usage error that names it', () => {
    expect(() => checkLinearizable([op(1, 'a', 0, 1, 'cas', { from: 0, to: 1 }, true)], register(0))).toThrow(
      "register: unknown operation 'cas'; expected one of read, write",
    )
    expect(() => checkLinearizable([op(1, 'a', 0, 1, 'cas', 3, true)], casRegister(0))).toThrow("casRegister: cas expects an input object with field 'from', got 3")
    expect(() => checkLinearizable([op(1, 'a', 0, 1, 'write', { token: 'x', value: 1 }, 'ok')], fencedRegister())).toThrow(
      'fencedRegister: write expects a numeric token, got "x"',
    )
    expect(() => checkLinearizable([op(1, 'a', 0, 1, 'get', { key: 3 }, null)], kvMap())).toThrow('kvMap: keys are strings, got 3')
  })

  test('history: malformed histories are rejected with the operation named', () => {
    expect(() => checkLinearizable([op(1, 'a', 0, 1, 'read', null, 0), op(1, 'b', 2, 3, 'read', null, 0)], register(0))).toThrow(
      'history: operation id 1 is used twice',
    )
    expect(() => checkLinearizable([op('x', 'a', 5, 1, 'read', null, 0)], register(0))).toThrow('history: operation "x" returns at 1, before its call at 5')
    expect(() => checkLinearizable([op('x', 'a', Number.NaN, 1, 'read', null, 0)], register(0))).toThrow(
      'history: operation "x" has call time NaN; use a finite number',
    )
  })
})
