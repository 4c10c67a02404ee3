/**
 * A total order on canonical plain data, for keeping multisets (in-flight messages, pending
 * requests) and sets (timers) sorted, and a readable rendering of plain data for actions.
 *
 * The order must be canonical (equal data, equal place, whatever the key order of an object) and
 * cheap, since every send inserts into a sorted network. Strings, numbers and booleans compare
 * directly; objects compare by their `type` field when it is a string (messages of one kind stay
 * together), then by their 64-bit fingerprint, which ignores key order and allocates nothing.
 * Equal fingerprints of unequal values (a 2^-64 event) fall back to a canonical encoding, so the
 * order stays total and exact. Nothing is cached, so nothing depends on object identity.
 */
import { Hasher, hashOrExplain } from '../core/canonical.js'

const hasher = new Hasher()

/** Rank of a value's kind in the order: null < booleans < numbers < strings < arrays < objects. */
function rank(v: unknown): number {
  switch (typeof v) {
    case 'boolean':
      return 1
    case 'number':
      return 2
    case 'string':
      return 3
    case 'object':
      return v === null ? 0 : Array.isArray(v) ? 4 : 5
    default:
      return 6
  }
}

/**
 * Compares two plain values: 0 exactly when they are equal as plain data (object keys in any
 * order), otherwise a consistent sign. A canonical order, not a "natural" one for objects.
 */
export function compareData(a: unknown, b: unknown): number {
  return compare(a, b, false)
}

// One value prepared for comparing many others against it: its fingerprint is taken at most once.
// Module state, but never live across user code: set and used inside one insertion.
let probe: unknown = null
let probeHashed = false
let probeHi = 0
let probeLo = 0

/** Prepares `v` for {@link compareToProbe}. */
export function setProbe(v: unknown): void {
  probe = v
  probeHashed = false
}

/** `compareData(a, v)` for the `v` last given to {@link setProbe}, hashing `v` at most once. */
export function compareToProbe(a: unknown): number {
  return compare(a, probe, true)
}

function compare(a: unknown, b: unknown, bIsProbe: boolean): number {
  if (a === b) return 0
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : 1
    if (ta === 'number') return (a as number) - (b as number)
    if (ta === 'boolean') return a ? 1 : -1
  }
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (ra === 0) return 0
  if (ra === 5) {
    const xa = (a as Record<string, unknown>)['type']
    const xb = (b as Record<string, unknown>)['type']
    const sa = typeof xa === 'string'
    const sb = typeof xb === 'string'
    if (sa !== sb) return sa ? 1 : -1
    if (sa && xa !== xb) return (xa as string) < (xb as string) ? -1 : 1
  }
  let hb: number
  let lb: number
  if (bIsProbe) {
    if (!probeHashed) {
      hashOrExplain(hasher, b, 'message')
      probeHi = hasher.hi
      probeLo = hasher.lo
      probeHashed = true
    }
    hb = probeHi
    lb = probeLo
  } else {
    hashOrExplain(hasher, b, 'message, timer or request')
    hb = hasher.hi
    lb = hasher.lo
  }
  hashOrExplain(hasher, a, 'message, timer or request')
  if (hasher.hi !== hb) return hasher.hi < hb ? -1 : 1
  if (hasher.lo !== lb) return hasher.lo < lb ? -1 : 1
  if (equalData(a, b)) return 0
  const ka = encode(a)
  const kb = encode(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Deep equality of plain data (object keys in any order). */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  let n = 0
  for (const k in ra) {
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !equalData(ra[k], rb[k])) return false
    n++
  }
  for (const _ in rb) n--
  return n === 0
}

/**
 * A prefix-free encoding of plain data with object keys sorted: equal data, equal strings.
 * null `N`, booleans `T`/`F`, numbers `n<digits>;`, strings `s<length>:<chars>`, arrays `[...]`,
 * objects `{key value ...}`.
 */
function encode(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`
    case 'number':
      // -0 encodes as 0, as the fingerprint treats it.
      return `n${v === 0 ? 0 : v};`
    case 'boolean':
      return v ? 'T' : 'F'
    case 'object': {
      if (v === null) return 'N'
      if (Array.isArray(v)) {
        let out = '['
        for (let i = 0; i < v.length; i++) out += encode(v[i])
        return `${out}]`
      }
      const rec = v as Record<string, unknown>
      const keys = Object.keys(rec).sort()
      let out = '{'
      for (const k of keys) out += `s${k.length}:${k}${encode(rec[k])}`
      return `${out}}`
    }
    default:
      throw new TypeError(`cannot order a ${typeof v}; messages, timers and requests must be plain data`)
  }
}

const BARE = /^[A-Za-z_][\w.-]*$/

/**
 * Renders plain data for an action, compactly: identifier-like strings bare, an object with a
 * string `type` field as `Type{field: value, ...}` (fields in the order the object lists them),
 * other objects as `{field: value}`, arrays as `[a, b]`.
 *
 * @example
 * formatValue({ type: 'RequestVote', term: 2 }) // 'RequestVote{term: 2}'
 * formatValue('ping') // 'ping'
 */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return BARE.test(v) ? v : JSON.stringify(v)
    case 'object': {
      if (v === null) return 'null'
      if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`
      const rec = v as Record<string, unknown>
      const tag = rec['type']
      const fields: string[] = []
      for (const k of Object.keys(rec)) {
        if (typeof tag === 'string' && k === 'type') continue
        fields.push(`${BARE.test(k) ? k : JSON.stringify(k)}: ${formatValue(rec[k])}`)
      }
      if (typeof tag === 'string') return fields.length === 0 ? tag : `${tag}{${fields.join(', ')}}`
      return `{${fields.join(', ')}}`
    }
    default:
      return String(v)
  }
}
