/**
 * Sequential specifications of common objects: a read/write register, a compare-and-set
 * register, a fenced register (writes carry tokens) and a key-value map partitioned by key.
 */
import { FaultlineError } from '../core/errors.js'
import { canonicalJson } from '../core/canonical.js'
import type { Call, Spec, Value } from './types.js'
import { equalValue, showValue, valueKey } from './values.js'

function unknownOp(spec: string, call: Call, known: string): never {
  throw new FaultlineError(`${spec}: unknown operation '${call.op}'; expected one of ${known}`)
}

function field(spec: string, call: Call, name: string): Value {
  const input = call.input
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !(name in input)) {
    throw new FaultlineError(`${spec}: ${call.op} expects an input object with field '${name}', got ${showValue(input)}`)
  }
  return (input as { readonly [key: string]: Value })[name] as Value
}

const isRead = (call: Call): boolean => call.op === 'read'

/**
 * A read/write register: `read` (input `null`) returns the value, `write` (input: the value)
 * returns `null`.
 *
 * @example
 * checkLinearizable(history, register(0))
 */
export function register(init: Value = null): Spec<Value> {
  return {
    name: 'register',
    init,
    step(state, call) {
      if (call.op === 'read') return [state, state]
      if (call.op === 'write') return [null, call.input]
      return unknownOp('register', call, 'read, write')
    },
    key: valueKey,
    readOnly: isRead,
  }
}

/**
 * A compare-and-set register: `read` and `write` as in {@link register}, and `cas` (input
 * `{ from, to }`) that sets the value to `to` and returns `true` when it equals `from`, else
 * returns `false` and changes nothing.
 */
export function casRegister(init: Value = null): Spec<Value> {
  return {
    name: 'casRegister',
    init,
    step(state, call) {
      switch (call.op) {
        case 'read':
          return [state, state]
        case 'write':
          return [null, call.input]
        case 'cas': {
          const from = field('casRegister', call, 'from')
          const to = field('casRegister', call, 'to')
          return equalValue(state, from) ? [true, to] : [false, state]
        }
        default:
          return unknownOp('casRegister', call, 'read, write, cas')
      }
    },
    key: valueKey,
    readOnly: isRead,
  }
}

/** The state of a {@link fencedRegister}: the value and the highest token accepted so far. */
export interface FencedState {
  readonly value: Value
  /** `null` before the first accepted write. */
  readonly maxToken: number | null
}

/**
 * A fenced register (a storage service guarding against stale lock holders): `write` (input
 * `{ token, value }`) is accepted, returning `'ok'`, when `token` is at least the highest token
 * seen so far, and otherwise rejected, returning `'rejected'` and changing nothing; `read` returns
 * the value.
 */
export function fencedRegister(init: Value = null): Spec<FencedState> {
  return {
    name: 'fencedRegister',
    init: { value: init, maxToken: null },
    step(state, call) {
      if (call.op === 'read') return [state.value, state]
      if (call.op !== 'write') return unknownOp('fencedRegister', call, 'read, write')
      const token = field('fencedRegister', call, 'token')
      if (typeof token !== 'number') {
        throw new FaultlineError(`fencedRegister: write expects a numeric token, got ${showValue(token)}`)
      }
      if (state.maxToken !== null && token < state.maxToken) return ['rejected', state]
      return ['ok', { value: field('fencedRegister', call, 'value'), maxToken: token }]
    },
    key: (s) => `${s.maxToken === null ? '-' : s.maxToken}|${valueKey(s.value)}`,
    readOnly: isRead,
  }
}

/** The state of a {@link kvMap}: the value of each key written so far. */
export type KvState = { readonly [key: string]: Value }

/**
 * A key-value map: `get` (input `{ key }`) returns the key's value (`null` if never written),
 * `put` (input `{ key, value }`) sets it and returns `null`. Keys are independent, so the checker
 * checks each key's sub-history on its own.
 */
export function kvMap(): Spec<KvState> {
  const keyOf = (call: Call): string => {
    const k = field('kvMap', call, 'key')
    if (typeof k !== 'string') throw new FaultlineError(`kvMap: keys are strings, got ${showValue(k)}`)
    return k
  }
  return {
    name: 'kvMap',
    init: {},
    step(state, call) {
      if (call.op === 'get') {
        const k = keyOf(call)
        // An own-property check, so keys such as 'constructor' are not read from the prototype.
        return [Object.prototype.hasOwnProperty.call(state, k) ? (state[k] as Value) : null, state]
      }
      if (call.op === 'put') return [null, { ...state, [keyOf(call)]: field('kvMap', call, 'value') }]
      return unknownOp('kvMap', call, 'get, put')
    },
    key: (s) => canonicalJson(s),
    readOnly: (call) => call.op === 'get',
    partition: keyOf,
  }
}
