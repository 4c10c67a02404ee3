/** Conversion between event lists and operation histories, and the checks every history gets. */
import { FaultlineError } from '../core/errors.js'
import type { History, HistoryEvent, Id, Operation } from './types.js'

const show = (id: Id): string => (typeof id === 'string' ? JSON.stringify(id) : String(id))

/**
 * Pairs each invocation with its return (by `id`) into an operation; an invocation without a
 * return becomes a pending operation. Throws on a return without an invocation, a repeated id, or
 * a return earlier than its invocation.
 *
 * @example
 * fromEvents([
 *   { kind: 'invoke', id: 1, client: 'c1', time: 0, op: 'write', value: 5 },
 *   { kind: 'return', id: 1, client: 'c1', time: 2, op: 'write' },
 * ]) // [{ id: 1, client: 'c1', call: 0, ret: 2, op: 'write', input: 5, output: null }]
 */
export function fromEvents(events: readonly HistoryEvent[]): Operation[] {
  const ops: Operation[] = []
  const open = new Map<Id, number>()
  const closed = new Set<Id>()
  for (const e of events) {
    if (e.kind === 'invoke') {
      if (open.has(e.id) || closed.has(e.id)) throw new FaultlineError(`history: operation ${show(e.id)} is invoked twice`)
      open.set(e.id, ops.length)
      ops.push({ id: e.id, client: e.client, call: e.time, ret: null, op: e.op, input: e.value ?? null, output: null })
    } else {
      const at = open.get(e.id)
      if (at === undefined) {
        throw new FaultlineError(`history: operation ${show(e.id)} returns ${closed.has(e.id) ? 'twice' : 'without an invocation'}`)
      }
      const inv = ops[at] as Operation
      if (e.time < inv.call) throw new FaultlineError(`history: operation ${show(e.id)} returns at ${e.time}, before its invocation at ${inv.call}`)
      ops[at] = { ...inv, ret: e.time, output: e.value ?? null }
      open.delete(e.id)
      closed.add(e.id)
    }
  }
  return ops
}

/** The events of a history, sorted by time (at equal times invocations first, then by id order). */
export function toEvents(history: History): HistoryEvent[] {
  const events: HistoryEvent[] = []
  for (const o of history) {
    events.push({ kind: 'invoke', id: o.id, client: o.client, time: o.call, op: o.op, value: o.input })
    if (o.ret !== null) events.push({ kind: 'return', id: o.id, client: o.client, time: o.ret, op: o.op, value: o.output })
  }
  // A stable sort keeps history order among events at the same time and of the same kind.
  return events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'invoke' ? -1 : 1))
}

/** Throws a one-line error naming the first malformed operation: a repeated id, a non-finite time, a return before its call. */
export function validateHistory(history: History): void {
  const ids = new Set<Id>()
  for (const o of history) {
    if (ids.has(o.id)) throw new FaultlineError(`history: operation id ${show(o.id)} is used twice`)
    ids.add(o.id)
    if (typeof o.call !== 'number' || !Number.isFinite(o.call)) {
      throw new FaultlineError(`history: operation ${show(o.id)} has call time ${String(o.call)}; use a finite number`)
    }
    if (o.ret !== null && (typeof o.ret !== 'number' || !Number.isFinite(o.ret))) {
      throw new FaultlineError(`history: operation ${show(o.id)} has return time ${String(o.ret)}; use a finite number, or null when pending`)
    }
    if (o.ret !== null && o.ret < o.call) {
      throw new FaultlineError(`history: operation ${show(o.id)} returns at ${o.ret}, before its call at ${o.call}`)
    }
    if (typeof o.op !== 'string') throw new FaultlineError(`history: operation ${show(o.id)} has no operation name`)
  }
}
