import { describe, expect, test } from 'vitest'
import { checkLinearizable, register, simulateHistory, type History, type Id, type Operation, type Spec, type Value } from './index.js'

function op(id: Id, client: Id, call: number, ret: number | null, name: string, input: Value, output: Value = null): Operation {
  return { id, client, call, ret, op: name, input, output }
}
const ids = (ops: readonly Operation[] | undefined): Id[] | undefined => ops?.map((o) => o.id)
const linearizable = <S>(h: History, spec: Spec<S>): boolean => checkLinearizable(h, spec, { minimize: false }).result === 'linearizable'

/** Property 2 of the minimiser, stated directly: consistent once the culprit may act earlier, or without it. */
function explains<S>(h: History, spec: Spec<S>, culprit: Operation, mode: 'earlier' | 'without'): boolean {
  if (mode === 'without') return linearizable(h.filter((o) => o !== culprit), spec)
  return linearizable(
    h.map((o) => (o === culprit ? { ...o, call: -1e9 } : o)),
    spec,
  )
}
/**
 * The counterexample is not linearizable; one of the operations returning last is a culprit that
 * explains it; and no other single operation can go without breaking one of the two.
 */
function expectMinimal<S>(m: readonly Operation[], spec: Spec<S>, mode: 'earlier' | 'without'): void {
  expect(linearizable(m, spec)).toBe(false)
  const last = Math.max(...m.map((o) => o.ret ?? -Infinity))
  const culprit = m.find((o) => o.ret === last && explains(m, spec, o, mode))
  expect(culprit).toBeDefined()
  for (const o of m) {
    if (o === culprit) continue
    const rest = m.filter((x) => x !== o)
    expect(linearizable(rest, spec) || !explains(rest, spec, culprit as Operation, mode)).toBe(true)
  }
}

/** A linearizable simulated history with one read changed to a value written 30 writes earlier. */
function staleRead(ops: number, seed: number): { history: Operation[]; bad: Operation } {
  const h = simulateHistory({ ops, clients: 10, seed })
  const at = h.findIndex((o, i) => i > ops * 0.75 && o.op === 'read' && o.ret !== null && typeof o.output === 'number' && o.output > 50)
  const bad = { ...(h[at] as Operation), output: ((h[at] as Operation).output as number) - 30 }
  return { history: h.map((o, i) => (i === at ? bad : o)), bad }
}

describe('history: minimal counterexample', () => {
  test('minimise: a stale read in a 500-operation history shrinks to the two writes and the read', () => {
    const { history, bad } = staleRead(500, 5)
    expect(bad).toMatchObject({ id: 376, output: 163 })
    const r = checkLinearizable(history, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(r.steps).toBe(49_170)
    // w(163) completed, then w(170) completed, then a read still saw 163.
    expect(ids(r.minimalCounterexample)).toEqual([320, 336, 376])
    expect(r.minimalCounterexample?.map((o) => [o.op, o.input, o.output])).toEqual([
      ['write', 163, null],
      ['write', 170, null],
      ['read', null, 163],
    ])
    expectMinimal(r.minimalCounterexample ?? [], register(0), 'earlier')
  })

  test('minimise: reads that fix the order of two concurrent writes stay in the counterexample', () => {
    const { history } = staleRead(1000, 5)
    const r = checkLinearizable(history, register(0))
    // w(354) and w(356) overlap; two reads show 354 then 356, so a later read of 354 is stale.
    expect(r.minimalCounterexample?.map((o) => [o.id, o.op, o.input ?? o.output])).toEqual([
      [691, 'write', 354],
      [694, 'write', 356],
      [698, 'read', 354],
      [700, 'read', 356],
      [752, 'read', 354],
    ])
    expectMinimal(r.minimalCounterexample ?? [], register(0), 'earlier')
  })

  test('minimise: the write a stale read observed is kept, so the read is not reported as reading nothing', () => {
    // r1 pins the write before 2, so r0 (after 3) is stale. Dropping the write would leave
    // "r1 read 1, which nobody wrote": a different, invented violation.
    const h: History = [op('q', 'c', 0, 0.5, 'read', null, 0), op('w', 'a', 0, 5, 'write', 1), op('r1', 'b', 1, 2, 'read', null, 1), op('r0', 'b', 3, 6, 'read', null, 0)]
    const r = checkLinearizable(h, register(0))
    expect(ids(r.minimalCounterexample)).toEqual(['w', 'r1', 'r0'])
    expect(linearizable([h[2] as Operation, h[3] as Operation], register(0))).toBe(false)
    expectMinimal(r.minimalCounterexample ?? [], register(0), 'earlier')
  })

  test('minimise: a read of a value nobody wrote shrinks to that read alone', () => {
    const h = simulateHistory({ ops: 300, clients: 5, seed: 11 }).map((o) => (o.id === 200 ? { ...o, output: -1 } : o))
    expect(h.find((o) => o.id === 200)?.op).toBe('read')
    const r = checkLinearizable(h, register(0))
    expect(r.result).toBe('not-linearizable')
    expect(ids(r.minimalCounterexample)).toEqual([200])
    expectMinimal(r.minimalCounterexample ?? [], register(0), 'without')
  })

  test('minimise: a write still running when the violation completes is kept when it explains a read', () => {
    const h: History = [op('w', 'a', 0, 10, 'write', 1), op('r1', 'b', 1, 2, 'read', null, 1), op('r0', 'b', 3, 4, 'read', null, 0), op('z', 'c', 5, 6, 'read', null, 1)]
    const r = checkLinearizable(h, register(0))
    expect(ids(r.minimalCounterexample)).toEqual(['w', 'r1', 'r0'])
  })

  test('minimise: off, or with no budget, the counterexample is absent or the whole history', () => {
    const h: History = [op('w', 'a', 0, 1, 'write', 1), op('q', 'c', 0, 1, 'read', null, 0), op('r', 'b', 2, 3, 'read', null, 0)]
    expect(checkLinearizable(h, register(0), { minimize: false })).toEqual({ result: 'not-linearizable', steps: 3, partitions: 1 })
    const none = checkLinearizable(h, register(0), { minimizeBudget: 0 })
    expect(ids(none.minimalCounterexample)).toEqual(['w', 'q', 'r'])
    expect(none.minimizeSteps).toBe(0)
    expect(ids(checkLinearizable(h, register(0)).minimalCounterexample)).toEqual(['w', 'r'])
  })
})
