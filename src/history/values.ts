/** Equality and canonical keys of plain values, cheap for the primitives that most outputs are. */
import { canonicalJson } from '../core/canonical.js'
import type { Value } from './types.js'

/** True when `a` and `b` are equal as plain data (object keys in any order). */
export function equalValue(a: Value, b: Value): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalValue(a[i] as Value, b[i] as Value)) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as { readonly [key: string]: Value }
  const rb = b as { readonly [key: string]: Value }
  const ka = Object.keys(ra)
  if (ka.length !== Object.keys(rb).length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(rb, k)) return false
    if (!equalValue(ra[k] as Value, rb[k] as Value)) return false
  }
  return true
}

/**
 * A canonical key of a plain value: a number stays a number; anything else becomes a string that
 * no other value shares (strings are marked with a leading quote, so the string `'null'` and
 * `null`, or `'[1]'` and `[1]`, get different keys).
 */
export function valueKey(v: Value): string | number {
  switch (typeof v) {
    case 'number':
      return v
    case 'string':
      return '"' + v
    case 'boolean':
      return v ? 'true' : 'false'
    default:
      return v === null ? 'null' : canonicalJson(v)
  }
}

/** A short text of a value for messages: `7`, `"a"`, `{"token":1}`. */
export function showValue(v: Value): string {
  return typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)
}
