import { describe, expect, test } from 'vitest'
import { FaultlineError } from '../core/errors.js'
import { checkLinearizable, fromEvents, register, toEvents, type HistoryEvent } from './index.js'

describe('history: events', () => {
  const events: HistoryEvent[] = [
    { kind: 'invoke', id: 1, client: 'a', time: 0, op: 'write', value: 5 },
    { kind: 'invoke', id: 2, client: 'b', time: 1, op: 'read' },
    { kind: 'return', id: 1, client: 'a', time: 2, op: 'write' },
    { kind: 'return', id: 2, client: 'b', time: 3, op: 'read', value: 5 },
    { kind: 'invoke', id: 3, client: 'a', time: 4, op: 'write', value: 6 },
  ]

  test('events: invocations pair with their returns; one never answered is pending', () => {
    const ops = fromEvents(events)
    expect(ops).toEqual([
      { id: 1, client: 'a', call: 0, ret: 2, op: 'write', input: 5, output: null },
      { id: 2, client: 'b', call: 1, ret: 3, op: 'read', input: null, output: 5 },
      { id: 3, client: 'a', call: 4, ret: null, op: 'write', input: 6, output: null },
    ])
    expect(checkLinearizable(ops, register(0)).linearization).toEqual([1, 2])
  })

  test('events: operations convert back to the same events', () => {
    expect(toEvents(fromEvents(events))).toEqual(
      events.map((e) => ({ ...e, value: e.value ?? null })),
    )
  })

  test('events: at equal times invocations come before returns', () => {
    const ops = fromEvents([
      { kind: 'invoke', id: 'x', client: 'a', time: 0, op: 'write', value: 1 },
      { kind: 'return', id: 'x', client: 'a', time: 2, op: 'write' },
      { kind: 'invoke', id: 'y', client: 'b', time: 2, op: 'read' },
      { kind: 'return', id: 'y', client: 'b', time: 3, op: 'read', value: 0 },
    ])
    expect(toEvents(ops).map((e) => `${e.kind} ${String(e.id)}`)).toEqual(['invoke x', 'invoke y', 'return x', 'return y'])
  })

  test('events: a return without its invocation, a repeated id or time running backwards is an error', () => {
    expect(() => fromEvents([{ kind: 'return', id: 9, client: 'a', time: 0, op: 'read' }])).toThrow('history: operation 9 returns without an invocation')
    expect(() =>
      fromEvents([
        { kind: 'invoke', id: 'x', client: 'a', time: 0, op: 'read' },
        { kind: 'invoke', id: 'x', client: 'b', time: 1, op: 'read' },
      ]),
    ).toThrow('history: operation "x" is invoked twice')
    expect(() =>
      fromEvents([
        { kind: 'invoke', id: 1, client: 'a', time: 5, op: 'read' },
        { kind: 'return', id: 1, client: 'a', time: 4, op: 'read' },
      ]),
    ).toThrow(FaultlineError)
    expect(() =>
      fromEvents([
        { kind: 'invoke', id: 1, client: 'a', time: 0, op: 'read' },
        { kind: 'return', id: 1, client: 'a', time: 1, op: 'read' },
        { kind: 'return', id: 1, client: 'a', time: 2, op: 'read' },
      ]),
    ).toThrow('history: operation 1 returns twice')
  })
})
