/**
 * A flat encoding of Paxos states into a few 32-bit words, so the explorer fingerprints a state
 * by hashing numbers and keeps its frontier without objects. It is an optimisation only: the
 * model is the same with or without it, and the tests check that the state counts agree both
 * ways and that `unpack(pack(s))` equals `s` on every reachable state (the purity check).
 *
 *   one word per acceptor:  maxBal + 1 | (maxVBal + 1) << 4 | (maxVal + 1) << 8 | down << 12
 *   one word per proposer:  bal + 1 | input << 4 | (val + 1) << 8
 *   one word:               proposed (a bitmask of values) | restarts << 9
 *   decided:                4 bits per learner (0 undecided, k + 1 for value k), 8 to a word
 *   msgs:                   a bitset over the message catalogue, bit i = the message of rank i
 *
 * Values are 0-based indices here (`v1` is 0); -1 is `None`. Ballots fit in 4 bits (at most 10).
 */
import type { StateCodec } from '../../src/core/model.js'
import type { Catalogue, Value } from './messages.js'
import type { PaxosState, ProposerState } from './model.js'

function vIndex(v: Value | null): number {
  return v === null ? -1 : v.charCodeAt(1) - 49
}

/** The codec of one configuration: its sizes and its message catalogue. */
export function paxosCodec(
  n: number,
  np: number,
  nl: number,
  values: readonly Value[],
  cat: Catalogue,
): StateCodec<PaxosState> {
  const all = cat.all
  const P0 = n
  const G = n + np
  const D0 = G + 1
  const M0 = D0 + Math.ceil(nl / 8)
  const words = M0 + Math.ceil(all.length / 32)
  const name = (k: number): Value | null => (k < 0 ? null : (values[k] as Value))
  // The message bitset of the last `msgs` array packed or unpacked. A successor usually holds its
  // parent's array, or that array with one message added; then the bits are copied (and one set)
  // instead of ranking every message again.
  const nw = words - M0
  let memoMsgs: readonly string[] | null = null
  const memoBits = new Int32Array(nw)
  const remember = (msgs: readonly string[], out: Int32Array, at: number): void => {
    memoMsgs = msgs
    for (let i = 0; i < nw; i++) memoBits[i] = out[at + M0 + i] as number
  }
  /** The one message `msgs` has beyond `memo` when it is `memo` plus one message, else null. */
  const added = (msgs: readonly string[], memo: readonly string[]): string | null => {
    const len = memo.length
    if (msgs.length !== len + 1) return null
    let i = 0
    while (i < len && msgs[i] === memo[i]) i++
    for (let j = i; j < len; j++) if (msgs[j + 1] !== memo[j]) return null
    return msgs[i] as string
  }
  return {
    words,
    pack(s, out, at) {
      for (let a = 0; a < n; a++) {
        out[at + a] =
          ((s.maxBal[a] as number) + 1) |
          (((s.maxVBal[a] as number) + 1) << 4) |
          ((vIndex(s.maxVal[a] as Value | null) + 1) << 8) |
          (s.down[a] ? 1 << 12 : 0)
      }
      for (let p = 0; p < np; p++) {
        const pr = s.proposers[p] as ProposerState
        out[at + P0 + p] = (pr.bal + 1) | (vIndex(pr.input) << 4) | ((vIndex(pr.val) + 1) << 8)
      }
      let proposed = 0
      for (const v of s.proposed) proposed |= 1 << vIndex(v)
      out[at + G] = proposed | (s.restarts << 9)
      for (let i = D0; i < M0; i++) out[at + i] = 0
      for (let l = 0; l < nl; l++) {
        const k = at + D0 + (l >> 3)
        out[k] = (out[k] as number) | ((vIndex(s.decided[l] as Value | null) + 1) << ((l & 7) * 4))
      }
      const msgs = s.msgs
      const memo = memoMsgs
      const extra = memo === null || msgs === memo ? null : added(msgs, memo)
      if (msgs === memo || extra !== null) {
        for (let i = 0; i < nw; i++) out[at + M0 + i] = memoBits[i] as number
        if (extra !== null) {
          const r = cat.rank(extra)
          const k = at + M0 + (r >> 5)
          out[k] = (out[k] as number) | (1 << (r & 31))
        }
        return
      }
      for (let i = M0; i < words; i++) out[at + i] = 0
      for (let i = 0; i < msgs.length; i++) {
        const r = cat.rank(msgs[i] as string)
        const k = at + M0 + (r >> 5)
        out[k] = (out[k] as number) | (1 << (r & 31))
      }
      remember(msgs, out, at)
    },
    unpack(w, at) {
      const maxBal = new Array<number>(n)
      const maxVBal = new Array<number>(n)
      const maxVal = new Array<Value | null>(n)
      const down = new Array<boolean>(n)
      for (let a = 0; a < n; a++) {
        const x = w[at + a] as number
        maxBal[a] = (x & 15) - 1
        maxVBal[a] = ((x >> 4) & 15) - 1
        maxVal[a] = name(((x >> 8) & 15) - 1)
        down[a] = (x & (1 << 12)) !== 0
      }
      const proposers = new Array<ProposerState>(np)
      for (let p = 0; p < np; p++) {
        const x = w[at + P0 + p] as number
        proposers[p] = { bal: (x & 15) - 1, input: values[(x >> 4) & 15] as Value, val: name(((x >> 8) & 15) - 1) }
      }
      const g = w[at + G] as number
      const proposed: Value[] = []
      for (let v = 0; v < values.length; v++) if ((g & (1 << v)) !== 0) proposed.push(values[v] as Value)
      const decided = new Array<Value | null>(nl)
      for (let l = 0; l < nl; l++) decided[l] = name((((w[at + D0 + (l >> 3)] as number) >> ((l & 7) * 4)) & 15) - 1)
      const msgs: string[] = []
      for (let i = M0; i < words; i++) {
        let x = w[at + i] as number
        const base = (i - M0) << 5
        while (x !== 0) {
          const low = x & -x
          msgs.push(all[base + 31 - Math.clz32(low)] as string)
          x ^= low
        }
      }
      remember(msgs, w, at)
      return { decided, down, maxBal, maxVBal, maxVal, msgs, proposed, proposers, restarts: g >>> 9 }
    },
  }
}
