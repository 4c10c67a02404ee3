/**
 * Symmetry reduction for Raft: servers are interchangeable (no action, bound, weakening or
 * property names a particular one), so a state and any renaming of its servers have the same
 * behaviours. The representative of a state is the renaming whose flat encoding (codec.ts, with
 * the message and election slots sorted by code) is least; searches with `symmetry: true` store
 * one state per class. For 3 servers that is about 6 times fewer states; a verdict and the length
 * of a shortest counterexample never change.
 *
 * It works on the flat encoding, so it exists where the codec does (see `raftCodecFits`).
 */
import type { StateCodec } from '../../src/core/model.js'
import type { BagEntry, RaftSetup, RaftState } from './model.js'

/** Every permutation of 0..n-1. */
function permutations(n: number): readonly (readonly number[])[] {
  if (n === 0) return [[]]
  const out: number[][] = []
  for (const p of permutations(n - 1)) {
    for (let k = 0; k <= p.length; k++) out.push([...p.slice(0, k), n - 1, ...p.slice(k)])
  }
  return out
}

function permuteMask(m: number, pi: readonly number[]): number {
  let out = 0
  for (let j = 0; j < pi.length; j++) if (m & (1 << j)) out |= 1 << (pi[j] as number)
  return out
}

function permuteRow(c: number, pi: readonly number[]): number {
  let out = 0
  for (let j = 0; j < pi.length; j++) out |= ((c >>> (8 * j)) & 0xff) << (8 * (pi[j] as number))
  return out
}

/** Sorts `k` slots of `width` words at `out[at..]` by their words, as unsigned numbers. */
function sortSlots(out: Int32Array, at: number, k: number, width: number): void {
  for (let x = 1; x < k; x++) {
    for (let y = x; y > 0; y--) {
      const a = at + (y - 1) * width
      const b = at + y * width
      let c = 0
      for (let w = 0; w < width && c === 0; w++) c = ((out[a + w] as number) >>> 0) - ((out[b + w] as number) >>> 0)
      if (c <= 0) break
      for (let w = 0; w < width; w++) {
        const t = out[a + w] as number
        out[a + w] = out[b + w] as number
        out[b + w] = t
      }
    }
  }
}

/** The `representative` function of a model with this setup and codec. */
export function raftRepresentative(u: RaftSetup, codec: StateCodec<RaftState>): (s: RaftState) => RaftState {
  const n = u.n
  const perms = permutations(n)
  const words = codec.words
  const R = 5 * n
  const M0 = R + 1
  const L0 = M0 + 3 * u.maxMsgs
  const slots = words - L0
  const base = new Int32Array(words)
  const cand = new Int32Array(words)
  const best = new Int32Array(words)

  /** Writes the encoding of pi(s) into `cand`, from the encoding of s in `base`. */
  const permute = (pi: readonly number[]): void => {
    for (let i = 0; i < n; i++) {
      const o = 5 * i
      const p = 5 * (pi[i] as number)
      const a = base[o] as number
      const voted = (a >>> 10) & 15
      cand[p] = (a & ~(15 << 10)) | ((voted === 0 ? 0 : (pi[voted - 1] as number) + 1) << 10)
      const votes = base[o + 1] as number
      cand[p + 1] = permuteMask(votes & 0xff, pi) | (permuteMask((votes >>> 8) & 0xff, pi) << 8)
      cand[p + 2] = base[o + 2] as number
      cand[p + 3] = permuteRow(base[o + 3] as number, pi)
      cand[p + 4] = permuteRow(base[o + 4] as number, pi)
    }
    cand[R] = base[R] as number
    let used = 0
    for (let k = 0; k < u.maxMsgs; k++) {
      const o = M0 + 3 * k
      const count = base[o + 2] as number
      if (count === 0) {
        cand[o] = 0
        cand[o + 1] = 0
        cand[o + 2] = 0
        continue
      }
      used++
      const a = base[o] as number
      const source = (a >>> 2) & 15
      const dest = (a >>> 6) & 15
      cand[o] = (a & ~(0xff << 2)) | ((pi[source] as number) << 2) | ((pi[dest] as number) << 6)
      cand[o + 1] = base[o + 1] as number
      cand[o + 2] = count
    }
    sortSlots(cand, M0, used, 3)
    let elections = 0
    for (let k = 0; k < slots; k++) {
      const c = base[L0 + k] as number
      if (c === 0) {
        cand[L0 + k] = 0
        continue
      }
      elections++
      const leader = (c >>> 5) & 3
      cand[L0 + k] = (c & ~(3 << 5)) | ((pi[leader] as number) << 5)
    }
    sortSlots(cand, L0, elections, 1)
  }

  return (s) => {
    codec.pack(s, base, 0)
    let have = false
    for (const pi of perms) {
      permute(pi)
      if (have) {
        let c = 0
        for (let w = 0; w < words && c === 0; w++) c = ((cand[w] as number) >>> 0) - ((best[w] as number) >>> 0)
        if (c >= 0) continue
      }
      best.set(cand)
      have = true
    }
    const r = codec.unpack(best, 0)
    // The slots are in code order; the state keeps its bag and election set in text order.
    const messages = r.messages.length > 1 ? [...r.messages].sort((x: BagEntry, y: BagEntry) => (x[0] < y[0] ? -1 : 1)) : r.messages
    const elections = r.elections.length > 1 ? [...r.elections].sort() : r.elections
    return messages === r.messages && elections === r.elections ? r : { ...r, elections, messages }
  }
}
