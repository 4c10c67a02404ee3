/**
 * The messages of the quorum model, built once per config and shared: a handler that sends
 * `Put(#1, v1)` sends the one `Put(#1, v1)` object. Sharing keeps allocation out of the search's
 * hot path and lets the codec find a message's number by identity.
 */
import { FaultlineError } from '../../src/core/errors.js'
import type { QuorumMsg } from './model.js'

/** Every message a config can send, interned. Request ids run 1..maxRid, versions 0..maxVer. */
export class Messages {
  /** Every interned message, numbered by its place here. */
  readonly all: QuorumMsg[] = []
  private readonly number = new Map<QuorumMsg, number>()
  private readonly byKey = new Map<string, number>()
  private readonly gets: QuorumMsg[] = []
  private readonly acks: QuorumMsg[] = []
  private readonly replies: QuorumMsg[][] = []
  private readonly puts: QuorumMsg[][] = []
  private readonly repairs: QuorumMsg[][] = []
  private readonly hinted: QuorumMsg[][][] = []
  private readonly handoffs: QuorumMsg[] = []
  private readonly handoffAcks: QuorumMsg[] = []

  constructor(
    readonly maxRid: number,
    readonly maxVer: number,
    readonly replicas: readonly string[],
  ) {
    for (let k = 0; k <= maxRid; k++) {
      this.gets.push(this.add({ type: 'Get', rid: k }))
      this.acks.push(this.add({ type: 'PutAck', rid: k }))
      const replies: QuorumMsg[] = []
      const puts: QuorumMsg[] = []
      const repairs: QuorumMsg[] = []
      const hinted: QuorumMsg[][] = []
      for (let v = 0; v <= maxVer; v++) {
        replies.push(this.add({ type: 'GetReply', rid: k, ver: v }))
        puts.push(this.add({ type: 'Put', rid: k, ver: v }))
        repairs.push(this.add({ type: 'Repair', rid: k, ver: v }))
        hinted.push(replicas.map((hint) => this.add({ type: 'HintedPut', hint, rid: k, ver: v })))
      }
      this.replies.push(replies)
      this.puts.push(puts)
      this.repairs.push(repairs)
      this.hinted.push(hinted)
    }
    for (let v = 0; v <= maxVer; v++) {
      this.handoffs.push(this.add({ type: 'Handoff', ver: v }))
      this.handoffAcks.push(this.add({ type: 'HandoffAck', ver: v }))
    }
  }

  private add(m: QuorumMsg): QuorumMsg {
    Object.freeze(m)
    this.number.set(m, this.all.length)
    this.byKey.set(keyOf(m), this.all.length)
    this.all.push(m)
    return m
  }

  private pick<T>(xs: readonly T[], i: number, what: string): T {
    const x = xs[i]
    if (x === undefined) throw new FaultlineError(`quorum: no message ${what} in this config`)
    return x
  }

  get(rid: number): QuorumMsg {
    return this.pick(this.gets, rid, `Get(#${rid})`)
  }
  getReply(rid: number, ver: number): QuorumMsg {
    return this.pick(this.pick(this.replies, rid, `GetReply(#${rid})`), ver, `GetReply(#${rid}, v${ver})`)
  }
  put(rid: number, ver: number): QuorumMsg {
    return this.pick(this.pick(this.puts, rid, `Put(#${rid})`), ver, `Put(#${rid}, v${ver})`)
  }
  repair(rid: number, ver: number): QuorumMsg {
    return this.pick(this.pick(this.repairs, rid, `Repair(#${rid})`), ver, `Repair(#${rid}, v${ver})`)
  }
  hintedPut(rid: number, ver: number, hint: string): QuorumMsg {
    const byVer = this.pick(this.pick(this.hinted, rid, `HintedPut(#${rid})`), ver, `HintedPut(#${rid}, v${ver})`)
    return this.pick(byVer, this.replicas.indexOf(hint), `HintedPut(#${rid}, v${ver}, for ${hint})`)
  }
  putAck(rid: number): QuorumMsg {
    return this.pick(this.acks, rid, `PutAck(#${rid})`)
  }
  handoff(ver: number): QuorumMsg {
    return this.pick(this.handoffs, ver, `Handoff(v${ver})`)
  }
  handoffAck(ver: number): QuorumMsg {
    return this.pick(this.handoffAcks, ver, `HandoffAck(v${ver})`)
  }

  /** The number of `m` (an interned message, or one equal to it), or -1 when the config cannot send it. */
  numberOf(m: QuorumMsg): number {
    return this.number.get(m) ?? this.byKey.get(keyOf(m)) ?? -1
  }
}

/** A message's fields as one string, for the lookup of messages that are not interned (read from a trace). */
function keyOf(m: QuorumMsg): string {
  switch (m.type) {
    case 'Get':
    case 'PutAck':
      return `${m.type}/${m.rid}`
    case 'GetReply':
    case 'Put':
    case 'Repair':
      return `${m.type}/${m.rid}/${m.ver}`
    case 'HintedPut':
      return `${m.type}/${m.rid}/${m.ver}/${m.hint}`
    case 'Handoff':
    case 'HandoffAck':
      return `${m.type}/${m.ver}`
    default:
      return JSON.stringify(m)
  }
}
