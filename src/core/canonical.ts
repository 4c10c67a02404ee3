/**
 * Canonical plain data: validation with path-named errors, a 64-bit fingerprint of a canonical
 * encoding, and canonical JSON. Two values that are equal as plain data (object keys in any order)
 * get the same fingerprint; a `Map`, `Set`, class instance, function, `undefined` field or a
 * non-finite number is rejected.
 *
 * The fingerprint is the hot path of every search, so it streams the value straight into two
 * 32-bit hash lanes (no intermediate string or buffer, no JSON).
 */
import { CanonicalStateError } from './errors.js'

const T_NULL = 0x01
const T_FALSE = 0x02
const T_TRUE = 0x03
const T_INT = 0x04
const T_FLOAT = 0x05
const T_STRING = 0x06
const T_ARRAY = 0x07
const T_OBJECT = 0x08

const f64 = new Float64Array(1)
const f64Words = new Uint32Array(f64.buffer)

/** Streams plain data into a 64-bit hash held as two 32-bit halves (`hi`, `lo`). */
export class Hasher {
  hi = 0
  lo = 0
  private a = 0
  private b = 0

  /** Hashes `v`; the result is in `hi` and `lo`. Throws a plain error on non-canonical data. */
  hash(v: unknown): void {
    this.a = 0x9e3779b9 | 0
    this.b = 0x85ebca6b | 0
    this.value(v)
    // Final avalanche with cross-lane mixing (murmur3 fmix32 on each lane).
    let a = this.a ^ this.b
    let b = this.b ^ Math.imul(a, 0x2545f491)
    a = fmix(a)
    b = fmix(b ^ a)
    this.hi = a >>> 0
    this.lo = b >>> 0
  }

  private word(x: number): void {
    let k = Math.imul(x, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    let a = this.a ^ k
    a = (a << 13) | (a >>> 19)
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0
    let j = Math.imul(x ^ 0x5bd1e995, 0x85ebca6b)
    j = (j << 16) | (j >>> 16)
    let b = (this.b + j) | 0
    b = (b << 17) | (b >>> 15)
    this.b = (Math.imul(b, 0x27d4eb2f) + 0x165667b1) | 0
  }

  private string(s: string): void {
    const n = s.length
    this.word((T_STRING << 24) | n)
    let i = 0
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16))
    if (i < n) this.word(s.charCodeAt(i))
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v)
        return
      case 'number':
        if ((v | 0) === v) {
          this.word(T_INT)
          this.word(v)
        } else if (Number.isFinite(v)) {
          f64[0] = v
          this.word(T_FLOAT)
          this.word(f64Words[0] ?? 0)
          this.word(f64Words[1] ?? 0)
        } else {
          throw new Error('non-finite number')
        }
        return
      case 'boolean':
        this.word(v ? T_TRUE : T_FALSE)
        return
      case 'object': {
        if (v === null) {
          this.word(T_NULL)
          return
        }
        if (Array.isArray(v)) {
          const n = v.length
          this.word((T_ARRAY << 24) | n)
          for (let i = 0; i < n; i++) this.value(v[i])
          return
        }
        const proto = Object.getPrototypeOf(v)
        if (proto !== Object.prototype && proto !== null) throw new Error('not a plain object')
        const keys = Object.keys(v)
        if (!isSorted(keys)) keys.sort()
        this.word((T_OBJECT << 24) | keys.length)
        const rec = v as Record<string, unknown>
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string
          const x = rec[k]
          if (x === undefined) throw new Error('undefined field')
          this.string(k)
          this.value(x)
        }
        return
      }
      default:
        throw new Error(`a ${typeof v}`)
    }
  }
}

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false
  return true
}

const shared = new Hasher()

/**
 * The 64-bit fingerprint of a canonical plain value, as 16 hex digits.
 *
 * @example
 * fingerprint({ a: 1, b: [true, null] }) === fingerprint({ b: [true, null], a: 1 }) // true
 */
export function fingerprint(v: unknown, what = 'state'): string {
  hashOrExplain(shared, v, what)
  return hex64(shared.hi, shared.lo)
}

/** `hi`/`lo` as 16 hex digits. */
export function hex64(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/**
 * Hashes `v` into `h`; on non-canonical data throws a {@link CanonicalStateError} that names the
 * offending path (`state.nodes[2].votes is a Set`).
 */
export function hashOrExplain(h: Hasher, v: unknown, what = 'state'): void {
  try {
    h.hash(v)
  } catch (err) {
    const problem = findNonCanonical(v, what)
    if (problem) throw new CanonicalStateError(problem)
    if (err instanceof RangeError) {
      throw new CanonicalStateError(`${what} is cyclic or nested too deeply; states must be finite trees of plain data`)
    }
    throw err
  }
}

/**
 * Finds the first place where `v` is not canonical plain data and says what is there, or returns
 * `null` when `v` is canonical.
 */
export function findNonCanonical(v: unknown, path = 'state'): string | null {
  const seen = new Set<object>()
  const visit = (x: unknown, p: string): string | null => {
    switch (typeof x) {
      case 'string':
      case 'boolean':
        return null
      case 'number':
        return Number.isFinite(x) ? null : `${p} is ${x}; use a finite number or null`
      case 'undefined':
        return `${p} is undefined; use null for "none" or leave the field out`
      case 'function':
        return `${p} is a function; states hold plain data only`
      case 'bigint':
        return `${p} is a bigint; use a number or a string`
      case 'symbol':
        return `${p} is a symbol; use a string`
      case 'object': {
        if (x === null) return null
        if (seen.has(x)) return `${p} is a cycle back to an enclosing value; states must be trees`
        seen.add(x)
        try {
          if (Array.isArray(x)) {
            for (let i = 0; i < x.length; i++) {
              if (!(i in x)) return `${p}[${i}] is a hole; arrays must be dense`
              const r = visit(x[i], `${p}[${i}]`)
              if (r) return r
            }
            return null
          }
          const proto = Object.getPrototypeOf(x)
          if (proto !== Object.prototype && proto !== null) {
            const kind = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'class instance'
            return `${p} is a ${kind}; use sorted arrays or plain objects (Map/Set/class instances are not canonical)`
          }
          for (const k of Object.keys(x)) {
            const r = visit((x as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${p}.${k}` : `${p}[${JSON.stringify(k)}]`)
            if (r) return r
          }
          return null
        } finally {
          seen.delete(x)
        }
      }
      default:
        return `${p} has unsupported type ${typeof x}`
    }
  }
  return visit(v, path)
}

/** JSON with object keys sorted: equal plain values give equal strings. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k])
    return out
  }
  return v
}
