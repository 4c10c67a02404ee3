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

// Distinct seeds per kind of value, so `[]`, `{}`, `''`, `0`, `false` and `null` never collide.
const K_NULL = 0x1b873593
const K_FALSE = 0x2c1b3c6d
const K_TRUE = 0x297a2d39
const K_INT = 0x5bd1e995
const K_FLOAT = 0x68e31da4
const K_STRING = 0x3c6ef372
const K_ARRAY = 0x7f4a7c15
const K_OBJECT = 0x4cf5ad43

const f64 = new Float64Array(1)
const f64Words = new Int32Array(f64.buffer)

/** How deep below the root the hasher remembers containers of the state being expanded. */
const MEMO_DEPTH = 3
/** At most this many containers of one state are remembered. */
const MEMO_SIZE = 512
/** Slots of the string-hash cache (a power of two). */
const STRING_CACHE = 1 << 12

/**
 * Hashes plain data into 64 bits (two 32-bit lanes, `hi` and `lo`).
 *
 * The hash is compositional: an array mixes its elements' hashes in order, an object sums the
 * hashes of its (key, value) entries, so key order does not matter and no key list is built or
 * sorted. That lets {@link Hasher.remember} make successor hashing cheap: a successor built with
 * spreads shares most sub-objects with its parent by reference, and a shared sub-object's hash is
 * taken from the parent's walk instead of being recomputed.
 */
export class Hasher {
  hi = 0
  lo = 0
  /** Lane B of the value just hashed (lane A is the return value). */
  private rb = 0
  // The remembered containers of one state, in walk order, with the size of their remembered subtree.
  private memoObj: unknown[] = []
  private readonly memoA = new Int32Array(MEMO_SIZE)
  private readonly memoB = new Int32Array(MEMO_SIZE)
  private readonly memoSkip = new Int32Array(MEMO_SIZE)
  private memoLen = 0
  private recording = false
  private pc = 0

  /** Hashes `v`; the result is in `hi` and `lo`. Throws a plain error on non-canonical data. */
  hash(v: unknown): void {
    this.pc = 0
    const a = this.value(v, 0)
    const b = this.rb
    this.hi = fmix(a ^ Math.imul(b, 0x2545f491)) >>> 0
    this.lo = fmix(b + Math.imul(a, 0x9e3779b1)) >>> 0
  }

  /** Hashes `n` packed words (a model's flat encoding); the result is in `hi` and `lo`. */
  words(w: Int32Array, at: number, n: number): void {
    let a = 0x3c6ef372 ^ n
    let b = Math.imul(0x7f4a7c15, n + 1)
    for (let i = at; i < at + n; i++) {
      const x = w[i] as number
      a = mixA(a, x)
      b = mixB(b, x)
    }
    a = fmix(a)
    b = fmix(b)
    this.hi = fmix(a ^ Math.imul(b, 0x2545f491)) >>> 0
    this.lo = fmix(b + Math.imul(a, 0x9e3779b1)) >>> 0
  }

  /**
   * Hashes `v` and remembers its sub-objects (to a small depth), so the hashes of states that
   * share them by reference, such as its successors, are computed without walking them again.
   */
  remember(v: unknown): void {
    this.memoObj = []
    this.memoLen = 0
    this.recording = true
    try {
      this.hash(v)
    } finally {
      this.recording = false
    }
  }

  // A direct-mapped cache of string hashes: keys and enum-like values recur in every state, and a
  // slot check (length and two char codes, then ===, a pointer compare for interned strings) is
  // several times cheaper than a Map lookup or rehashing the characters.
  private readonly strKey: (string | undefined)[] = new Array<string | undefined>(STRING_CACHE).fill(undefined)
  private readonly strA = new Int32Array(STRING_CACHE)
  private readonly strB = new Int32Array(STRING_CACHE)

  private string(s: string): number {
    const n = s.length
    if (n > 32) return this.stringUncached(s)
    // FNV-1a over every character picks the slot: one multiply per character, so strings that
    // differ anywhere (message labels) spread over the cache instead of evicting each other.
    let slot = 0x811c9dc5 | 0
    for (let i = 0; i < n; i++) slot = Math.imul(slot ^ s.charCodeAt(i), 0x01000193)
    slot = (slot ^ (slot >>> 15)) & (STRING_CACHE - 1)
    if (this.strKey[slot] === s) {
      this.rb = this.strB[slot] as number
      return this.strA[slot] as number
    }
    const a = this.stringUncached(s)
    this.strKey[slot] = s
    this.strA[slot] = a
    this.strB[slot] = this.rb
    return a
  }

  private stringUncached(s: string): number {
    const n = s.length
    let a = K_STRING ^ n
    let b = Math.imul(K_STRING, n + 1)
    let i = 0
    for (; i + 1 < n; i += 2) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)
      a = mixA(a, w)
      b = mixB(b, w)
    }
    if (i < n) {
      const w = s.charCodeAt(i)
      a = mixA(a, w)
      b = mixB(b, w)
    }
    this.rb = fmix(b)
    return fmix(a)
  }

  private value(v: unknown, depth: number): number {
    switch (typeof v) {
      case 'string':
        return this.string(v)
      case 'number':
        if ((v | 0) === v) {
          this.rb = fmix(Math.imul(v, 0x85ebca6b) ^ K_INT)
          return fmix(v ^ K_INT)
        }
        if (!Number.isFinite(v)) throw new Error('non-finite number')
        f64[0] = v
        this.rb = fmix(mixB(K_FLOAT, f64Words[0] as number) ^ (f64Words[1] as number))
        return fmix(mixA(mixA(K_FLOAT, f64Words[0] as number), f64Words[1] as number))
      case 'boolean':
        this.rb = v ? K_FALSE : K_TRUE
        return v ? K_TRUE : K_FALSE
      case 'object':
        if (v === null) {
          this.rb = K_FLOAT
          return K_NULL
        }
        return this.container(v, depth)
      default:
        throw new Error(`a ${typeof v}`)
    }
  }

  private container(v: object, depth: number): number {
    // A sub-object the remembered state also holds at this place in its walk: reuse its hash.
    let slot = -1
    if (depth > 0 && depth <= MEMO_DEPTH) {
      if (this.recording) {
        if (this.memoLen < MEMO_SIZE) {
          slot = this.memoLen++
          this.memoObj.push(v)
        }
      } else if (this.pc < this.memoLen) {
        const memo = this.memoObj
        let k = this.pc
        const end = Math.min(this.memoLen, k + 4)
        while (k < end && memo[k] !== v) k++
        if (k < end) {
          this.pc = k + 1 + (this.memoSkip[k] as number)
          this.rb = this.memoB[k] as number
          return this.memoA[k] as number
        }
        this.pc++
      }
    }
    let a: number
    let b: number
    if (Array.isArray(v)) {
      const n = v.length
      a = K_ARRAY ^ n
      b = Math.imul(K_ARRAY, n + 1)
      for (let i = 0; i < n; i++) {
        a = mixA(a, this.value(v[i], depth + 1))
        b = mixB(b, this.rb)
      }
    } else {
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) throw new Error('not a plain object')
      a = 0
      b = 0
      let n = 0
      const rec = v as Record<string, unknown>
      for (const k in rec) {
        const x = rec[k]
        if (x === undefined) throw new Error('undefined field')
        const ka = this.string(k)
        const kb = this.rb
        const va = this.value(x, depth + 1)
        // Entries are summed: a commutative combination, so key order does not matter.
        a = (a + fmix(mixA(ka, va))) | 0
        b = (b + fmix(mixB(kb, this.rb))) | 0
        n++
      }
      a = mixA(a, K_OBJECT ^ n)
      b = mixB(b, Math.imul(K_OBJECT, n + 1))
    }
    a = fmix(a)
    b = fmix(b)
    if (slot >= 0) {
      this.memoA[slot] = a
      this.memoB[slot] = b
      this.memoSkip[slot] = this.memoLen - slot - 1
    }
    this.rb = b
    return a
  }
}

function mixA(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  h ^= Math.imul(k, 0x1b873593)
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function mixB(h: number, x: number): number {
  let k = Math.imul(x ^ 0x5bd1e995, 0x85ebca6b)
  k = (k << 16) | (k >>> 16)
  h = (h + k) | 0
  h = (h << 17) | (h >>> 15)
  return (Math.imul(h, 0x27d4eb2f) + 0x165667b1) | 0
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
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
