/**
 * A flat encoding of quorum states (see `StateCodec` in src/core/model.ts): every field is a few
 * bits at a fixed place, the in-flight messages a 2-bit count per entry of a catalogue of every
 * (sender, receiver, message) the config can produce. The catalogue is kept in the network's own
 * canonical order (sender, receiver, then the actor layer's message order), so unpacking lists
 * the envelopes already sorted. A state the encoding cannot hold (a count above 3, a message
 * outside the catalogue) throws: the search must never merge two states by accident.
 */
import type { StateCodec } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { compareData } from '../../src/actor/data.js'
import type { Envelope, FaultBudget } from '../../src/actor/types.js'
import type { Messages } from './messages.js'
import type {
  Coordinator,
  HistoryEntry,
  Hint,
  Operation,
  QuorumMsg,
  QuorumNode,
  QuorumRequest,
  QuorumSetup,
  QuorumState,
  QuorumTimer,
  Store,
} from './model.js'

/** Bits to hold every whole number in 0..max. */
function bitsFor(max: number): number {
  let b = 0
  while (2 ** b <= max) b++
  return b
}

function put(out: Int32Array, at: number, pos: number, v: number, width: number): void {
  if (width === 0) return
  const w = at + (pos >>> 5)
  const off = pos & 31
  out[w] = (out[w] as number) | (v << off)
  if (off + width > 32) out[w + 1] = (out[w + 1] as number) | (v >>> (32 - off))
}

function get(words: Int32Array, at: number, pos: number, width: number): number {
  if (width === 0) return 0
  const w = at + (pos >>> 5)
  const off = pos & 31
  let x = (words[w] as number) >>> off
  if (off + width > 32) x |= (words[w + 1] as number) << (32 - off)
  return x & ((1 << width) - 1)
}

function fail(what: string): never {
  throw new FaultlineError(`quorum codec: ${what}`)
}

/** The codec of one config; `msgs` must be the catalogue its handlers send from. */
export function quorumCodec(u: QuorumSetup, msgs: Messages, requests: readonly QuorumRequest[]): StateCodec<QuorumState> {
  const nodes = u.nodes
  const nn = nodes.length
  const nc = u.coordinators.length
  const holders = [...u.replicas, ...u.spares] // replied: replicas and spares, in node order
  const maxRid = msgs.maxRid
  const maxVer = msgs.maxVer
  const ops = u.params.writes + u.params.reads
  const { crashes, drops, writes, reads } = u.params

  // ---- the envelope catalogue ----
  const M = msgs.all.length
  // The roles: w (the write coordinator), q (the read coordinator), r (replica), s (spare).
  const role = (id: string): string => (id === u.writer ? 'w' : id === u.reader ? 'q' : u.replicas.includes(id) ? 'r' : 's')
  const allowed = (from: string, to: string, m: QuorumMsg): boolean => {
    const link = role(from) + role(to)
    switch (m.type) {
      case 'Put':
        return link === 'wr' && m.rid >= 1 && m.rid <= writes && m.ver === m.rid
      case 'HintedPut':
        return link === 'ws' && m.rid >= 1 && m.rid <= writes && m.ver === m.rid
      case 'Get':
        return link === 'qr' && m.rid >= 1 && m.rid <= reads
      case 'Repair':
        return link === 'qr' && m.rid >= 1 && m.rid <= reads
      case 'GetReply':
        return link === 'rq' && m.rid >= 1 && m.rid <= reads
      case 'PutAck':
        return ((link === 'rw' || link === 'sw') && m.rid >= 1 && m.rid <= writes) || (link === 'rq' && m.rid >= 1 && m.rid <= reads)
      case 'Handoff':
        return link === 'sr' && m.ver >= 1
      case 'HandoffAck':
        return link === 'rs' && m.ver >= 1
      default:
        return false
    }
  }
  interface Entry {
    readonly from: string
    readonly to: string
    readonly fi: number
    readonly ti: number
    readonly msg: QuorumMsg
    readonly envelopes: readonly Envelope<QuorumMsg>[] // by count 1..3
  }
  const entries: Entry[] = []
  const slotOf = new Int32Array(nn * nn * M).fill(-1)
  for (let fi = 0; fi < nn; fi++) {
    for (let ti = 0; ti < nn; ti++) {
      const from = nodes[fi] as string
      const to = nodes[ti] as string
      const link = msgs.all.filter((m) => allowed(from, to, m)).sort(compareData)
      for (const msg of link) {
        const envelopes = [1, 2, 3].map((count) => Object.freeze({ count, from, msg, to }))
        entries.push({ from, to, fi, ti, msg, envelopes })
      }
    }
  }
  entries.forEach((e, slot) => {
    slotOf[(e.fi * nn + e.ti) * M + msgs.numberOf(e.msg)] = slot
  })
  // Plain-object lookups: faster than a Map for a handful of short string keys.
  const rankOf: Record<string, number> = Object.create(null) as Record<string, number>
  nodes.forEach((id, i) => (rankOf[id] = i))
  const holderBit: Record<string, number> = Object.create(null) as Record<string, number>
  holders.forEach((id, i) => (holderBit[id] = 1 << i))

  // ---- the layout ----
  let pos = 0
  const field = (width: number): number => {
    const at = pos
    pos += width
    return at
  }
  const B_CRASH = bitsFor(crashes)
  const B_DROP = bitsFor(drops)
  const B_RID = bitsFor(maxRid)
  const B_VER = bitsFor(maxVer)
  const B_VER1 = bitsFor(maxVer + 1)
  const B_OPS = bitsFor(ops)
  const B_TIME = bitsFor(2 * ops)
  const B_TIME1 = bitsFor(2 * ops + 1)
  const nh = holders.length
  const nr = u.replicas.length
  const pCrash = field(crashes > 0 ? B_CRASH : 0)
  const pDrop = field(drops > 0 ? B_DROP : 0)
  const pDown = field(nn)
  const pTimers = field(2 * nn)
  const pWrites = field(writes)
  const pReads = field(bitsFor(reads))
  const COORD = 2 * B_RID + B_VER1 + 3 + B_VER + nh + 2 * nr
  const STORE = B_VER + nr * (maxVer + 1)
  const pNodes = field(nc * COORD + (nn - nc) * STORE)
  const pCount = field(B_OPS)
  const ENTRY = 1 + B_TIME + B_TIME1 + B_VER1
  const pHistory = field(ops * ENTRY)
  const pFlags = field(2)
  const pNet = field(2 * entries.length)
  const words = Math.max(1, Math.ceil(pos / 32))

  // Shared pieces of unpacked states.
  const timerSets: readonly (readonly QuorumTimer[])[] = [[], ['Handoff'], ['Timeout'], ['Handoff', 'Timeout']].map((t) =>
    Object.freeze(t as QuorumTimer[]),
  )
  const sortedRequests = [...requests].sort(compareData)
  const emptyIds: readonly string[] = Object.freeze([])

  // Replicas come first among the holders, so a replica's bit is the same in both universes.
  const bitsOf = (ids: readonly string[], what: string): number => {
    let m = 0
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as string
      const b = holderBit[id]
      if (b === undefined) fail(`${what} names ${id}, which it cannot hold`)
      m |= b
    }
    return m
  }
  const idsOf = (mask: number, universe: readonly string[]): readonly string[] => {
    if (mask === 0) return emptyIds
    const r: string[] = []
    for (let i = 0; i < universe.length; i++) if (mask & (1 << i)) r.push(universe[i] as string)
    return r
  }

  const pack = (s: QuorumState, out: Int32Array, at: number): void => {
    out.fill(0, at, at + words)
    if (s.partition !== null) fail('a partition is never set in this model')
    if (crashes > 0) put(out, at, pCrash, s.budget.crash ?? fail('no crash budget'), B_CRASH)
    if (drops > 0) put(out, at, pDrop, s.budget.drop ?? fail('no drop budget'), B_DROP)
    for (const id of s.down) put(out, at, pDown + (rankOf[id] ?? fail(`unknown node ${id}`)), 1, 1)
    for (let i = 0; i < nn; i++) {
      for (const t of s.timers[i] ?? []) put(out, at, pTimers + 2 * i + (t === 'Handoff' ? 0 : 1), 1, 1)
    }
    let pendingReads = 0
    for (const r of s.requests) {
      if (r.type === 'Read') pendingReads++
      else put(out, at, pWrites + r.val - 1, 1, 1)
    }
    put(out, at, pReads, pendingReads, bitsFor(reads))
    let p = pNodes
    for (let i = 0; i < nn; i++) {
      const node = s.nodes[i] ?? fail(`no node ${i}`)
      // Node kinds are fixed by position (coordinators first); unpack rebuilds them the same way,
      // and the purity check's round trip catches a state that breaks this.
      if (i < nc) {
        const n = node as Coordinator
        put(out, at, p, n.rid, B_RID)
        put(out, at, p + B_RID, n.last === null ? 0 : n.last + 1, B_VER1)
        let q = p + B_RID + B_VER1
        const op = n.op
        if (op !== null) {
          put(out, at, q, 1, 1)
          put(out, at, q + 1, op.kind === 'write' ? 1 : 0, 1)
          put(out, at, q + 2, op.phase === 'store' ? 1 : 0, 1)
          q += 3
          put(out, at, q, op.rid, B_RID)
          put(out, at, q + B_RID, op.ver, B_VER)
          q += B_RID + B_VER
          put(out, at, q, bitsOf(op.replied, 'replied'), nh)
          put(out, at, q + nh, bitsOf(op.fresh, 'fresh'), nr)
          put(out, at, q + nh + nr, bitsOf(op.hinted, 'hinted'), nr)
        }
        p += COORD
      } else {
        const n = node as Store
        put(out, at, p, n.ver, B_VER)
        for (const h of n.hints) put(out, at, p + B_VER + u.replicas.indexOf(h.for) * (maxVer + 1) + h.ver, 1, 1)
        p += STORE
      }
    }
    const h = s.ghost.history
    put(out, at, pCount, h.length, B_OPS)
    for (let k = 0; k < h.length; k++) {
      const e = h[k] as HistoryEntry
      if (e.client !== (e.op === 'write' ? u.writer : u.reader)) fail(`history entry ${k} has client ${e.client}`)
      const q = pHistory + k * ENTRY
      put(out, at, q, e.op === 'write' ? 1 : 0, 1)
      put(out, at, q + 1, e.call, B_TIME)
      put(out, at, q + 1 + B_TIME, e.ret === null ? 0 : e.ret + 1, B_TIME1)
      put(out, at, q + 1 + B_TIME + B_TIME1, e.val === null ? 0 : e.val + 1, B_VER1)
    }
    put(out, at, pFlags, (s.ghost.repaired ? 1 : 0) | (s.ghost.handedOff ? 2 : 0), 2)
    for (const e of s.net) {
      const num = msgs.numberOf(e.msg)
      const fi = rankOf[e.from]
      const ti = rankOf[e.to]
      const slot = num < 0 || fi === undefined || ti === undefined ? -1 : (slotOf[(fi * nn + ti) * M + num] as number)
      if (slot < 0) fail(`message ${JSON.stringify(e.msg)} from ${e.from} to ${e.to} is outside the catalogue`)
      if (e.count > 3) fail(`${e.count} copies of one message on one link; the encoding holds 3`)
      put(out, at, pNet + 2 * slot, e.count, 2)
    }
  }

  const unpack = (w: Int32Array, at: number): QuorumState => {
    const budget: { crash?: number; drop?: number } = {}
    if (crashes > 0) budget.crash = get(w, at, pCrash, B_CRASH)
    if (drops > 0) budget.drop = get(w, at, pDrop, B_DROP)
    const down: string[] = []
    for (let i = 0; i < nn; i++) if (get(w, at, pDown + i, 1)) down.push(nodes[i] as string)
    const timers: (readonly QuorumTimer[])[] = []
    for (let i = 0; i < nn; i++) timers.push(timerSets[get(w, at, pTimers + 2 * i, 2)] as readonly QuorumTimer[])
    const requests: QuorumRequest[] = []
    let readsLeft = get(w, at, pReads, bitsFor(reads))
    for (const r of sortedRequests) {
      if (r.type === 'Read') {
        if (readsLeft > 0) {
          requests.push(r)
          readsLeft--
        }
      } else if (get(w, at, pWrites + r.val - 1, 1)) {
        requests.push(r)
      }
    }
    const ns: QuorumNode[] = []
    let p = pNodes
    for (let i = 0; i < nn; i++) {
      if (i < nc) {
        const rid = get(w, at, p, B_RID)
        const last1 = get(w, at, p + B_RID, B_VER1)
        let q = p + B_RID + B_VER1
        let op: Operation | null = null
        if (get(w, at, q, 1)) {
          const kind = get(w, at, q + 1, 1) ? 'write' : 'read'
          const phase = get(w, at, q + 2, 1) ? 'store' : 'query'
          q += 3
          const orid = get(w, at, q, B_RID)
          const ver = get(w, at, q + B_RID, B_VER)
          q += B_RID + B_VER
          op = {
            kind,
            phase,
            rid: orid,
            ver,
            replied: idsOf(get(w, at, q, nh), holders),
            fresh: idsOf(get(w, at, q + nh, nr), u.replicas),
            hinted: idsOf(get(w, at, q + nh + nr, nr), u.replicas),
          }
        }
        ns.push({ rid, op, last: last1 === 0 ? null : last1 - 1 })
        p += COORD
      } else {
        const ver = get(w, at, p, B_VER)
        const hints: Hint[] = []
        for (let r = 0; r < nr; r++) {
          for (let v = 0; v <= maxVer; v++) {
            if (get(w, at, p + B_VER + r * (maxVer + 1) + v, 1)) hints.push({ for: u.replicas[r] as string, ver: v })
          }
        }
        const st: Store = { hints, ver }
        ns.push(st)
        p += STORE
      }
    }
    const history: HistoryEntry[] = []
    const count = get(w, at, pCount, B_OPS)
    for (let k = 0; k < count; k++) {
      const q = pHistory + k * ENTRY
      const write = get(w, at, q, 1) === 1
      const ret1 = get(w, at, q + 1 + B_TIME, B_TIME1)
      const val1 = get(w, at, q + 1 + B_TIME + B_TIME1, B_VER1)
      history.push({
        client: (write ? u.writer : u.reader) ?? fail('a history entry without its coordinator'),
        op: write ? 'write' : 'read',
        call: get(w, at, q + 1, B_TIME),
        ret: ret1 === 0 ? null : ret1 - 1,
        val: val1 === 0 ? null : val1 - 1,
      })
    }
    const flags = get(w, at, pFlags, 2)
    const net: Envelope<QuorumMsg>[] = []
    for (let slot = 0; slot < entries.length; slot++) {
      const c = get(w, at, pNet + 2 * slot, 2)
      if (c !== 0) net.push((entries[slot] as Entry).envelopes[c - 1] as Envelope<QuorumMsg>)
    }
    return {
      budget: budget as FaultBudget,
      down,
      ghost: { history, repaired: (flags & 1) !== 0, handedOff: (flags & 2) !== 0 },
      net,
      nodes: ns,
      partition: null,
      requests,
      timers,
    }
  }

  return { words, pack, unpack }
}
