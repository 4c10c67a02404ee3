/** The entry point: partition a history, search each part, merge the linearizations, minimise a violation. */
import { FaultlineError } from '../core/errors.js'
import { validateHistory } from './events.js'
import { minimize } from './minimize.js'
import type { CheckOptions, CheckResult, History, Id, Operation, Spec } from './types.js'
import { equalValue, showValue } from './values.js'
import { defaultKinds, Searcher, type SearchOp } from './wgl.js'

/** Defaults of {@link CheckOptions}, in one place. */
export const HISTORY_DEFAULTS = {
  budget: 10_000_000,
  minimize: true,
  minimizeBudget: 10_000_000,
} as const

function asSearchOps(ops: readonly Operation[]): SearchOp[] {
  return ops.map((o) => ({ call: o, start: o.call, end: o.ret }))
}

/** The sub-histories of `history` by the spec's partition key, in a deterministic order of keys. */
export function partitionHistory<S>(history: History, spec: Spec<S>): { readonly key: Id | null; readonly ops: Operation[] }[] {
  const partition = spec.partition
  if (partition === undefined) return [{ key: null, ops: [...history] }]
  const parts = new Map<Id, Operation[]>()
  for (const o of history) {
    const k = partition(o)
    let part = parts.get(k)
    if (part === undefined) parts.set(k, (part = []))
    part.push(o)
  }
  return [...parts.keys()].sort(compareIds).map((key) => ({ key, ops: parts.get(key) as Operation[] }))
}

function compareIds(a: Id, b: Id): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Decides whether `history` is linearizable with respect to `spec`: whether its operations can be
 * put in one order that respects real time (an operation that returned before another was invoked
 * comes first) and in which each completed operation gives its recorded output. Pending
 * operations may take effect at any time after their call, or never.
 *
 * @example
 * const history: History = [
 *   { id: 1, client: 'a', call: 0, ret: 1, op: 'write', input: 1, output: null },
 *   { id: 2, client: 'b', call: 2, ret: 3, op: 'read', input: null, output: 0 }, // stale
 * ]
 * checkLinearizable(history, register(0)).result // 'not-linearizable'
 */
export function checkLinearizable<S>(history: History, spec: Spec<S>, options: CheckOptions = {}): CheckResult {
  validateHistory(history)
  const budget = options.budget ?? HISTORY_DEFAULTS.budget
  if (!(budget >= 0)) throw new FaultlineError(`checkLinearizable: budget must be a non-negative number of steps, got ${budget}`)
  const parts = partitionHistory(history, spec)
  let steps = 0
  const orders: Operation[][] = []
  for (const part of parts) {
    const ops = asSearchOps(part.ops)
    const r = new Searcher(ops, spec).run(defaultKinds(ops, spec), budget - steps)
    steps += r.steps
    if (r.result === 'not-linearizable') {
      const base = { result: 'not-linearizable' as const, steps, partitions: parts.length, ...(part.key === null ? {} : { partition: part.key }) }
      if (!(options.minimize ?? HISTORY_DEFAULTS.minimize)) return base
      const m = minimize(part.ops, spec, options.minimizeBudget ?? HISTORY_DEFAULTS.minimizeBudget, r.reach)
      const inM = new Set(m.ops)
      return { ...base, minimalCounterexample: history.filter((o) => inM.has(o)), minimizeSteps: m.steps }
    }
    // The budget is spent, so no later part could be decided either.
    if (r.result === 'unknown') return { result: 'unknown', steps, partitions: parts.length, ...(part.key === null ? {} : { partition: part.key }) }
    orders.push(r.order.map((i) => part.ops[i] as Operation))
  }
  return { result: 'linearizable', linearization: mergeOrders(orders).map((o) => o.id), steps, partitions: parts.length }
}

/**
 * Merges the linearizations of independent parts into one that respects real time across parts.
 * Each operation gets a linearization point: the latest call time among it and the operations
 * before it in its part. That point lies within its interval (the search only puts an operation
 * after others it overlaps or follows), points rise along each part, and an operation that
 * returned before another was invoked gets a strictly smaller point, so sorting by point (stably,
 * keeping each part's order among ties) gives a valid global order.
 */
function mergeOrders(orders: readonly (readonly Operation[])[]): Operation[] {
  if (orders.length === 1) return [...(orders[0] as readonly Operation[])]
  const pointed: { o: Operation; at: number }[] = []
  for (const order of orders) {
    let at = -Infinity
    for (const o of order) {
      at = Math.max(at, o.call)
      pointed.push({ o, at })
    }
  }
  return pointed.sort((a, b) => a.at - b.at).map((p) => p.o)
}

/**
 * Checks a proposed linearization of `history` (ids in order) and returns why it is wrong, or
 * `null` when it is right: every completed operation appears once, a pending one at most once,
 * real-time order is kept, and replaying the spec (part by part) gives every recorded output.
 */
export function explainLinearization<S>(history: History, spec: Spec<S>, order: readonly Id[]): string | null {
  const byId = new Map<Id, Operation>()
  for (const o of history) byId.set(o.id, o)
  const seen = new Set<Id>()
  let latestCall = -Infinity
  let latestCallId: Id | null = null
  for (const id of order) {
    const o = byId.get(id)
    if (o === undefined) return `operation ${String(id)} is not in the history`
    if (seen.has(id)) return `operation ${String(id)} appears twice`
    seen.add(id)
    if (o.ret !== null && o.ret < latestCall) return `operation ${String(id)} returned at ${o.ret}, before ${String(latestCallId)} was invoked at ${latestCall}, yet comes after it`
    if (o.call > latestCall) {
      latestCall = o.call
      latestCallId = id
    }
  }
  for (const o of history) if (o.ret !== null && !seen.has(o.id)) return `completed operation ${String(o.id)} is missing`
  const states = new Map<Id | null, S>()
  for (const id of order) {
    const o = byId.get(id) as Operation
    const part = spec.partition === undefined ? null : spec.partition(o)
    const before = states.has(part) ? (states.get(part) as S) : spec.init
    const [out, after] = spec.step(before, o)
    if (o.ret !== null && !equalValue(out, o.output)) {
      return `operation ${String(id)} (${o.op}) returned ${showValue(o.output)}, but at that point the spec gives ${showValue(out)}`
    }
    states.set(part, after)
  }
  return null
}
