/**
 * The Paxos message set `msgs`, kept as a sorted array of short strings written like the spec's
 * records: `1a(2)`, `1b(a1,2,0,v1)`, `1b(a1,2,-1,None)`, `2a(2,v1)`, `2b(a1,2,v1)`. A string
 * hashes in a few words (a record with five keys takes five times as many) and sorts with `<`, so
 * the canonical set stays cheap; every ballot, acceptor and value is one decimal digit, so the
 * fields sit at fixed positions and are read back with `charCodeAt`, without splitting.
 *
 * The model and the properties share this module; nothing here allocates after the catalogue is
 * built.
 */

/** A value, named `v1`, `v2`, ... as in a TLC model's `Value == {v1, v2}`. */
export type Value = string

/** `1a(b)`: a proposer asks the acceptors to join ballot `b`. */
export const T1A = 0
/** `1b(a, b, mbal, mval)`: acceptor `a` promises ballot `b` and reports its last vote. */
export const T1B = 1
/** `2a(b, v)`: the ballot-`b` proposer asks the acceptors to vote for `v`. */
export const T2A = 2
/** `2b(a, b, v)`: acceptor `a` votes for `v` in ballot `b`. */
export const T2B = 3

const DIGIT0 = 48
const DASH = 45

/** The kind of a message string: {@link T1A}, {@link T1B}, {@link T2A} or {@link T2B}. */
export function typeOf(m: string): number {
  return ((m.charCodeAt(0) - 49) << 1) | (m.charCodeAt(1) - 97)
}

/** The ballot of any message (`m.bal`). */
export function balOf(m: string): number {
  // 1a(b) and 2a(b,v) carry the ballot at 3; 1b(aX,b,...) and 2b(aX,b,v) at 6.
  return m.charCodeAt(1) === 97 ? m.charCodeAt(3) - DIGIT0 : m.charCodeAt(6) - DIGIT0
}

/** The 0-based acceptor index of a 1b or 2b message (`m.acc`). */
export function accOf(m: string): number {
  return m.charCodeAt(4) - 49
}

/** The 0-based value index of a 2a or 2b message (`m.val`). */
export function valOf(m: string): number {
  return m.charCodeAt(m.length - 2) - 49
}

/** The `mbal` of a 1b message; -1 when the acceptor had not voted. */
export function mbalOf(m: string): number {
  const c = m.charCodeAt(8)
  return c === DASH ? -1 : c - DIGIT0
}

/** The 0-based value index of a 1b message's `mval`; -1 for `None`. */
export function mvalOf(m: string): number {
  // `mval` follows `mbal`, which is `-1` (two characters) or one digit.
  const at = m.charCodeAt(8) === DASH ? 11 : 10
  return m.charCodeAt(at) === 78 /* N */ ? -1 : m.charCodeAt(at + 1) - 49
}

/** Whether sorted `msgs` holds `m` (binary search). */
export function hasMsg(msgs: readonly string[], m: string): boolean {
  let lo = 0
  let hi = msgs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const x = msgs[mid] as string
    if (x === m) return true
    if (x < m) lo = mid + 1
    else hi = mid
  }
  return false
}

/** `msgs \cup {m}` as a new sorted array, or `msgs` itself when `m` is already in it. */
export function send(msgs: readonly string[], m: string): readonly string[] {
  let lo = 0
  let hi = msgs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const x = msgs[mid] as string
    if (x === m) return msgs
    if (x < m) lo = mid + 1
    else hi = mid
  }
  const n = msgs.length
  const out = new Array<string>(n + 1)
  for (let i = 0; i < lo; i++) out[i] = msgs[i] as string
  out[lo] = m
  for (let i = lo; i < n; i++) out[i + 1] = msgs[i] as string
  return out
}

/**
 * Every message a configuration can send, built once, so the model never concatenates a string
 * on the hot path. Indices are 0-based; `mbal` -1 and value -1 stand for "no vote" and `None`.
 *
 * Each message also has a rank: its place in the sorted order of the whole catalogue (kinds in
 * the order 1a, 1b, 2a, 2b, then the fields left to right, which is also the strings' order
 * because every field is one character). The flat codec stores `msgs` as a bitset over ranks.
 */
export class Catalogue {
  private readonly m1a: string[] = []
  private readonly m1b: string[] = []
  private readonly m2a: string[] = []
  private readonly m2b: string[] = []
  /** Every message, by rank. */
  readonly all: readonly string[]
  private readonly base1b: number
  private readonly base2a: number
  private readonly base2b: number

  constructor(
    readonly acceptors: number,
    readonly ballots: number,
    readonly values: readonly Value[],
  ) {
    const nv = values.length
    for (let b = 0; b < ballots; b++) {
      this.m1a.push(`1a(${b})`)
      for (let v = 0; v < nv; v++) this.m2a.push(`2a(${b},${values[v] as Value})`)
    }
    for (let a = 0; a < acceptors; a++) {
      for (let b = 0; b < ballots; b++) {
        for (let mb = -1; mb < ballots; mb++) {
          for (let v = -1; v < nv; v++) this.m1b.push(`1b(a${a + 1},${b},${mb},${v < 0 ? 'None' : (values[v] as Value)})`)
        }
        for (let v = 0; v < nv; v++) this.m2b.push(`2b(a${a + 1},${b},${values[v] as Value})`)
      }
    }
    this.all = [...this.m1a, ...this.m1b, ...this.m2a, ...this.m2b]
    this.base1b = this.m1a.length
    this.base2a = this.base1b + this.m1b.length
    this.base2b = this.base2a + this.m2a.length
  }

  /** `[type |-> "1a", bal |-> b]` */
  phase1a(b: number): string {
    return this.m1a[b] as string
  }

  /** `[type |-> "1b", acc |-> a, bal |-> b, mbal |-> mbal, mval |-> mval]` */
  phase1b(a: number, b: number, mbal: number, mval: number): string {
    return this.m1b[this.index1b(a, b, mbal, mval)] as string
  }

  /** `[type |-> "2a", bal |-> b, val |-> v]` */
  phase2a(b: number, v: number): string {
    return this.m2a[b * this.values.length + v] as string
  }

  /** `[type |-> "2b", acc |-> a, bal |-> b, val |-> v]` */
  phase2b(a: number, b: number, v: number): string {
    return this.m2b[(a * this.ballots + b) * this.values.length + v] as string
  }

  /** The rank of message `m` (its index in {@link Catalogue.all}), read from its fields. */
  rank(m: string): number {
    switch (typeOf(m)) {
      case T1A:
        return balOf(m)
      case T1B:
        return this.base1b + this.index1b(accOf(m), balOf(m), mbalOf(m), mvalOf(m))
      case T2A:
        return this.base2a + balOf(m) * this.values.length + valOf(m)
      default:
        return this.base2b + (accOf(m) * this.ballots + balOf(m)) * this.values.length + valOf(m)
    }
  }

  private index1b(a: number, b: number, mbal: number, mval: number): number {
    const nb = this.ballots
    return ((a * nb + b) * (nb + 1) + mbal + 1) * (this.values.length + 1) + mval + 1
  }
}
