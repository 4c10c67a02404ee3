/**
 * SWIM membership (Das, Gupta and Motivala, "SWIM: Scalable Weakly-consistent Infection-style
 * Process Group Membership Protocol", DSN 2002) with the suspicion subprotocol, incarnation
 * numbers and the precedence rules of memberlist and Lifeguard (Dadgar et al., 2018): protocol
 * periods in which every member probes one other member with a direct `ping`, falls back on
 * `ping-req` through `helpers` members, suspects a member no one could reach, and confirms it dead
 * when the suspicion outlives `timeout` periods; a suspected member refutes with a higher
 * incarnation. Membership updates ride on every message (infection-style dissemination).
 *
 * Periods are synchronous: a period ends (`EndPeriod`) only when every live member has finished its
 * probe and every message of the period has been delivered or lost, as SWIM's timeouts assume.
 * That barrier is why this model is written directly against `Model` and not with the actor layer.
 *
 * See README.md beside this file for the spec-to-code table, what is not modelled, and the
 * weakenings.
 */
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { combinations } from '../../src/core/combinations.js'
import { swimProperties } from '../../properties/swim.js'

/** The model's parameters; see `params` in index.ts. (A type, not an interface, so it is a `Params` record.) */
export type SwimParams = {
  readonly members: number
  readonly helpers: number
  readonly timeout: number
  readonly drops: number
  readonly badLink: number
  readonly crashes: number
  /** Crashed members that may come back (`Rejoin`), under an incarnation above any held for them. */
  readonly rejoins: number
  readonly maxInc: number
  readonly within: number
}

/** The weakening flags of this model; see `weakenings` in index.ts for the mistake each stands for. */
export type SwimFlag = 'noIncarnation' | 'noIndirect' | 'zeroTimeout' | 'reviveSameIncarnation'

/** A member's status in a view. */
export type Status = 'alive' | 'suspect' | 'dead'

/**
 * One entry of a membership view as a number: `inc * 3 + s`, with `s` 0 for alive, 1 for
 * suspect, 2 for dead (confirmed). Comparing codes is SWIM's precedence: a higher incarnation wins,
 * and at one incarnation suspect beats alive and dead beats both (see {@link precedes}).
 */
export type Code = number

export const ALIVE = 0
export const SUSPECT = 1
export const DEAD = 2

export function code(inc: number, status: number): Code {
  return inc * 3 + status
}
export function incOf(c: Code): number {
  return Math.floor(c / 3)
}
export function statusOf(c: Code): number {
  return c % 3
}

/** Where a member is in this period's probe. */
export interface Probe {
  /** An ack from the target (direct or forwarded) arrived. */
  readonly acked: boolean
  /** `direct`: ping sent; `indirect`: ping-req sent; `done`: acked, or the target suspected. */
  readonly stage: 'direct' | 'indirect' | 'done'
  readonly target: number
}

/** One member. Keys are listed in sorted order (the order the fingerprint reads them in). */
export interface SwimMember {
  /** Members probed in the current round-robin cycle, sorted. */
  readonly cycle: readonly number[]
  /**
   * History, read only by properties: per member, the highest dead incarnation this member has
   * held it at, recorded only while the view holds something below that confirm; -1 otherwise.
   * Always -1 in the unweakened model, whose views only move up.
   */
  readonly deadAt: readonly number[]
  /** This period's probe, or null before it starts (or when there is no one to probe). */
  readonly probe: Probe | null
  /**
   * History, read only by properties, and only in configurations with rejoins: the incarnation
   * this member last rejoined under, -1 if it never did. A confirm of it below that incarnation was
   * true when made (it had crashed), not a false one.
   */
  readonly rejoinedAt?: number
  /** History, with `rejoinedAt`: whether some live member held this member confirmed dead when it rejoined. */
  readonly rejoinedDead?: boolean
  /** Per member: periods the current suspicion of it has lasted (0 unless the view holds it suspect). */
  readonly timers: readonly number[]
  readonly up: boolean
  /** The membership list: `view[j]` is this member's entry for member j; `view[self]` holds its own incarnation. */
  readonly view: readonly Code[]
}

/** A message kind: a probe, a request to probe through a helper, an acknowledgement. */
export type SwimMsgType = 'Ping' | 'PingReq' | 'Ack'

/**
 * A message in flight; every message piggybacks its sender's view. `(from, to, type, relay,
 * target)` identifies it within a period, so the network is a set.
 */
export interface SwimMsg {
  readonly from: number
  /** `Ping` and `Ack` sent on behalf of a prober through a helper: that prober; null for direct ones. */
  readonly relay: number | null
  /** `PingReq`: the member to probe. `Ack`: the member that answered. Null for `Ping`. */
  readonly target: number | null
  readonly to: number
  readonly type: SwimMsgType
  readonly view: readonly Code[]
}

/** Fault budgets left in this run. */
export interface SwimBudget {
  readonly crash: number
  readonly drop: number
  /** Present only in configurations with rejoins. */
  readonly rejoin?: number
}

/** A state of the whole group. Keys are listed in sorted order. */
export interface SwimState {
  readonly budget: SwimBudget
  readonly members: readonly SwimMember[]
  /** In-flight messages, sorted by (from, to, type, relay, target). */
  readonly net: readonly SwimMsg[]
  /** Null while faults may happen; after `Quiesce`, the periods ended since, counted up to `within`. */
  readonly quiet: number | null
}

/** Every action; members are 0-based indices (`n1` is 0). */
export type SwimAction =
  | { readonly type: 'Deliver' | 'Drop'; readonly msg: SwimMsg }
  | { readonly type: 'Probe'; readonly member: number; readonly target: number }
  | { readonly type: 'PingReq'; readonly member: number; readonly helpers: readonly number[] }
  | { readonly type: 'Suspect'; readonly member: number }
  | { readonly type: 'Crash' | 'Rejoin'; readonly member: number }
  | { readonly type: 'EndPeriod' | 'Quiesce' }

/** What the actions read besides the state. */
export interface SwimSetup {
  readonly n: number
  readonly helpers: number
  readonly timeout: number
  readonly badLink: boolean
  readonly maxInc: number
  readonly within: number
  readonly budget: SwimBudget
  readonly noIncarnation: boolean
  readonly noIndirect: boolean
  readonly zeroTimeout: boolean
  readonly reviveSameIncarnation: boolean
}

/** The setup of a configuration; rejects impossible parameters with one line. */
export function swimSetup(p: SwimParams, weaken: ReadonlySet<string>): SwimSetup {
  if (p.members < 2) throw new FaultlineError(`swim: members must be at least 2, got ${p.members}`)
  if (p.badLink === 1 && p.members < 2) throw new FaultlineError('swim: badLink needs members n1 and n2')
  return {
    n: p.members,
    helpers: p.helpers,
    timeout: p.timeout,
    badLink: p.badLink === 1,
    maxInc: p.maxInc,
    within: p.within,
    budget: p.rejoins > 0 ? { crash: p.crashes, drop: p.drops, rejoin: p.rejoins } : { crash: p.crashes, drop: p.drops },
    noIncarnation: weaken.has('noIncarnation'),
    noIndirect: weaken.has('noIndirect'),
    zeroTimeout: weaken.has('zeroTimeout'),
    reviveSameIncarnation: weaken.has('reviveSameIncarnation'),
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function filled(n: number, v: number): number[] {
  return new Array<number>(n).fill(v)
}

/** A member as it starts: everyone alive at incarnation 0, nothing probed, no suspicion. */
function freshMember(u: SwimSetup, up: boolean): SwimMember {
  const zero = filled(u.n, 0)
  const m: SwimMember = { cycle: [], deadAt: filled(u.n, -1), probe: null, timers: zero, up, view: zero }
  return u.budget.rejoin !== undefined ? { ...m, rejoinedAt: -1, rejoinedDead: false } : m
}

/** The initial state: every member up and alive at incarnation 0 in every view. */
export function initialState(u: SwimSetup): SwimState {
  return { budget: u.budget, members: new Array<SwimMember>(u.n).fill(freshMember(u, true)), net: [], quiet: null }
}

const TYPE_ORDER: Record<SwimMsgType, number> = { Ping: 0, PingReq: 1, Ack: 2 }

function compareMsg(a: SwimMsg, b: SwimMsg): number {
  if (a.from !== b.from) return a.from - b.from
  if (a.to !== b.to) return a.to - b.to
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type]
  if (a.relay !== b.relay) return (a.relay ?? -1) - (b.relay ?? -1)
  return (a.target ?? -1) - (b.target ?? -1)
}

function findMsg(net: readonly SwimMsg[], m: SwimMsg): number {
  for (let i = 0; i < net.length; i++) if (compareMsg(net[i] as SwimMsg, m) === 0) return i
  return -1
}

function without(net: readonly SwimMsg[], i: number): SwimMsg[] {
  const w = net.slice()
  w.splice(i, 1)
  return w
}

/** Sends `m` on a working copy of the network: lost on sending when the receiver is down. */
function send(s: SwimState, w: SwimMsg[], m: SwimMsg): void {
  if (s.members[m.to]?.up !== true) return
  let k = w.length
  while (k > 0 && compareMsg(w[k - 1] as SwimMsg, m) > 0) k--
  w.splice(k, 0, m)
}

/**
 * Whether incoming entry `theirs` replaces `mine` for another member. SWIM section 4.2 with
 * memberlist's refinement for confirms: a higher incarnation wins; at one incarnation, suspect
 * beats alive and a confirm beats both; a confirm of an older incarnation is ignored; an alive of a
 * higher incarnation revives a confirmed member (it rejoined). That is exactly `theirs > mine` on
 * codes, so views only move up and merging is a maximum.
 */
function precedes(u: SwimSetup, theirs: Code, mine: Code): boolean {
  // Without incarnations only the statuses are compared, as SWIM's rules read when every
  // incarnation is equal: a suspicion beats an alive and a confirm beats both, so no alive
  // (a refutation among them) ever overrides a suspicion.
  if (u.noIncarnation) return statusOf(theirs) > statusOf(mine)
  if (u.reviveSameIncarnation && statusOf(mine) === DEAD && statusOf(theirs) === ALIVE) return incOf(theirs) >= incOf(mine)
  return theirs > mine
}

/** Member `m` with its view of `j` changed to `c` (its timer and history kept in step). */
function withEntry(m: SwimMember, j: number, c: Code): SwimMember {
  const old = m.view[j] as Code
  if (old === c) return m
  const deadMax = Math.max(m.deadAt[j] ?? -1, statusOf(old) === DEAD ? incOf(old) : -1)
  const deadAt = deadMax >= 0 && c < code(deadMax, DEAD) ? deadMax : -1
  return {
    ...m,
    deadAt: m.deadAt[j] === deadAt ? m.deadAt : set(m.deadAt, j, deadAt),
    timers: m.timers[j] === 0 ? m.timers : set(m.timers, j, 0),
    view: set(m.view, j, c),
  }
}

/**
 * Member `i` merges a piggybacked view: each entry about another member that takes precedence
 * replaces its own; a suspicion or confirm of itself at its current incarnation or above is
 * refuted by moving to the next incarnation (a confirmed member that is alive rejoins that way).
 */
function absorb(u: SwimSetup, m: SwimMember, i: number, view: readonly Code[]): SwimMember {
  let out = m
  for (let j = 0; j < view.length; j++) {
    const theirs = view[j] as Code
    const mine = out.view[j] as Code
    if (j === i) {
      if (statusOf(theirs) === ALIVE) continue
      // (Under `noIncarnation` the member still refutes this way, but no one can order its
      // refutation after the suspicion: the number is then a label that only properties read.)
      if (incOf(theirs) >= incOf(mine)) {
        out = withEntry(out, i, code(Math.max(incOf(theirs), incOf(mine)) + 1, ALIVE))
      }
      continue
    }
    if (theirs !== mine && precedes(u, theirs, mine)) out = withEntry(out, j, theirs)
  }
  return out
}

function peersAlive(m: SwimMember, i: number): number[] {
  const out: number[] = []
  for (let j = 0; j < m.view.length; j++) if (j !== i && statusOf(m.view[j] as Code) !== DEAD) out.push(j)
  return out
}

/** The members `i` may probe next: live-looking peers not yet probed this cycle, or, once the cycle is through, all of them. */
function probeTargets(m: SwimMember, i: number): number[] {
  const peers = peersAlive(m, i)
  const fresh = peers.filter((j) => !m.cycle.includes(j))
  return fresh.length > 0 ? fresh : peers
}

/** The members `i` may ask to probe `target`: live-looking members other than both. */
function helperPool(m: SwimMember, i: number, target: number): number[] {
  return peersAlive(m, i).filter((j) => j !== target)
}

/** The helper sets `i` may ask: `helpers` of the pool, or all of it when it is smaller. */
function helperChoices(u: SwimSetup, m: SwimMember, i: number, target: number): number[][] {
  const pool = helperPool(m, i, target)
  return combinations(pool, Math.min(u.helpers, pool.length))
}

/** Whether `i`'s probe goes on to ping-req: unless the weakening removes it, or there is no one to ask. */
function indirectStage(u: SwimSetup, m: SwimMember, i: number, target: number): boolean {
  return !u.noIndirect && u.helpers > 0 && helperPool(m, i, target).length > 0
}

/** Whether any message of `i`'s probe of `j` is still in flight (direct, or through a helper). */
function probeInFlight(s: SwimState, i: number, j: number, directOnly: boolean): boolean {
  for (const m of s.net) {
    // Direct: i's ping to j and j's ack to i.
    if (m.relay === null && m.type === 'Ping' && m.from === i && m.to === j) return true
    if (m.relay === null && m.type === 'Ack' && m.from === j && m.to === i && m.target === j) return true
    if (directOnly) continue
    // Indirect: i's ping-req, the helper's ping and j's ack to it, the forwarded ack.
    if (m.type === 'PingReq' && m.from === i && m.target === j) return true
    if (m.relay === i && m.type === 'Ping' && m.to === j) return true
    if (m.relay === i && m.type === 'Ack' && m.from === j) return true
    if (m.relay === null && m.type === 'Ack' && m.to === i && m.target === j) return true
  }
  return false
}

function memberAt(u: SwimSetup, s: SwimState, i: number): SwimMember {
  const m = s.members[i]
  if (m === undefined || !Number.isInteger(i)) throw new FaultlineError(`swim: unknown member ${memberName(i)}; there are ${u.n}`)
  return m
}

// ---------------------------------------------------------------------------------------------
// Actions. Each checks its guard first and returns `undefined` when it is not enabled.
// ---------------------------------------------------------------------------------------------

/**
 * Member i starts this period's probe: it pings the next member of its round-robin (SWIM section
 * 4.3), skipping members it holds confirmed dead.
 */
function Probe(u: SwimSetup, s: SwimState, i: number, target: number): SwimState | undefined {
  const m = memberAt(u, s, i)
  if (!m.up || m.probe !== null) return undefined
  const targets = probeTargets(m, i)
  if (!targets.includes(target)) return undefined
  // The cycle so far, without members confirmed dead since; a new one if the target was in it.
  const peers = peersAlive(m, i)
  const fresh = m.cycle.includes(target) ? [] : m.cycle.filter((j) => peers.includes(j))
  const cycle = fresh.length + 1 === peers.length ? [] : [...fresh, target].sort((a, b) => a - b)
  const net = s.net.slice()
  send(s, net, { from: i, relay: null, target: null, to: target, type: 'Ping', view: m.view })
  const after: SwimMember = { ...m, cycle, probe: { acked: false, stage: 'direct', target } }
  return { ...s, members: set(s.members, i, after), net }
}

/**
 * Member i heard no ack to its direct ping (the ping or the ack is lost): it asks `helpers` to
 * ping the target on its behalf (SWIM section 3.1, ping-req).
 */
function PingReq(u: SwimSetup, s: SwimState, i: number, helpers: readonly number[]): SwimState | undefined {
  const m = memberAt(u, s, i)
  const p = m.probe
  if (!m.up || p === null || p.stage !== 'direct' || p.acked || !indirectStage(u, m, i, p.target)) return undefined
  if (probeInFlight(s, i, p.target, true)) return undefined
  const legal = helperChoices(u, m, i, p.target).some((h) => h.length === helpers.length && h.every((x, k) => x === helpers[k]))
  if (!legal) return undefined
  const net = s.net.slice()
  for (const h of helpers) send(s, net, { from: i, relay: null, target: p.target, to: h, type: 'PingReq', view: m.view })
  const after: SwimMember = { ...m, probe: { ...p, stage: 'indirect' } }
  return { ...s, members: set(s.members, i, after), net }
}

/**
 * No ack reached member i, directly or through a helper (or directly, when there is no one to
 * ask): it suspects the target (SWIM section 4.2), or under `zeroTimeout` confirms it dead at
 * once. Piggybacking spreads the news.
 */
function Suspect(u: SwimSetup, s: SwimState, i: number): SwimState | undefined {
  const m = memberAt(u, s, i)
  const p = m.probe
  if (!m.up || p === null || p.acked || p.stage === 'done') return undefined
  if (p.stage === 'direct' && indirectStage(u, m, i, p.target)) return undefined
  if (probeInFlight(s, i, p.target, false)) return undefined
  const held = m.view[p.target] as Code
  let after: SwimMember = { ...m, probe: { ...p, stage: 'done' } }
  if (statusOf(held) === ALIVE) after = withEntry(after, p.target, code(incOf(held), u.zeroTimeout ? DEAD : SUSPECT))
  return { ...s, members: set(s.members, i, after) }
}

/**
 * The network delivers message m and its receiver merges the piggybacked view, then: answers a
 * ping with an ack (to the helper, for a relayed one); pings the target for a ping-req; forwards
 * a relayed ack to its prober; or, as the prober, takes the ack.
 */
function Deliver(u: SwimSetup, s: SwimState, msg: SwimMsg): SwimState | undefined {
  const k = findMsg(s.net, msg)
  if (k < 0) return undefined
  const m = s.net[k] as SwimMsg
  const r = m.to
  const before = memberAt(u, s, r)
  if (!before.up) return undefined
  let after = absorb(u, before, r, m.view)
  const net = without(s.net, k)
  const view = after.view
  if (m.type === 'Ping') {
    send(s, net, { from: r, relay: m.relay, target: r, to: m.from, type: 'Ack', view })
  } else if (m.type === 'PingReq') {
    send(s, net, { from: r, relay: m.from, target: null, to: m.target as number, type: 'Ping', view })
  } else if (m.relay !== null) {
    send(s, net, { from: r, relay: null, target: m.target, to: m.relay, type: 'Ack', view })
  } else {
    const p = after.probe
    if (p !== null && p.target === m.target && !p.acked) after = { ...after, probe: { ...p, acked: true, stage: 'done' } }
  }
  return { ...s, members: after === before ? s.members : set(s.members, r, after), net }
}

/** Before the quiet phase, the network loses message m (under `badLink`, only on the link n1-n2). */
function Drop(u: SwimSetup, s: SwimState, msg: SwimMsg): SwimState | undefined {
  if (s.quiet !== null || s.budget.drop <= 0) return undefined
  if (u.badLink && !onBadLink(msg)) return undefined
  const k = findMsg(s.net, msg)
  if (k < 0) return undefined
  return { ...s, budget: { ...s.budget, drop: s.budget.drop - 1 }, net: without(s.net, k) }
}

function onBadLink(m: SwimMsg): boolean {
  return (m.from === 0 && m.to === 1) || (m.from === 1 && m.to === 0)
}

/** Before the quiet phase, member i crashes for good; messages in flight to it are lost. */
function Crash(u: SwimSetup, s: SwimState, i: number): SwimState | undefined {
  const m = memberAt(u, s, i)
  if (!m.up || s.quiet !== null || s.budget.crash <= 0) return undefined
  const net = s.net.some((x) => x.to === i) ? s.net.filter((x) => x.to !== i) : s.net
  return { ...s, budget: { ...s.budget, crash: s.budget.crash - 1 }, members: set(s.members, i, freshMember(u, false)), net }
}

/**
 * Before the quiet phase, crashed member i comes back and rejoins (memberlist's restart with a
 * fresh incarnation): empty state, every peer alive at incarnation 0 in its view, and its own
 * incarnation one above the highest any member holds for it, so its first message overrides every
 * suspicion and confirm of its old self. Not enabled when that incarnation passes `maxInc`.
 */
function Rejoin(u: SwimSetup, s: SwimState, i: number): SwimState | undefined {
  const m = memberAt(u, s, i)
  const left = s.budget.rejoin ?? 0
  if (m.up || s.quiet !== null || left <= 0) return undefined
  let inc = 0
  for (const o of s.members) inc = Math.max(inc, incOf(o.view[i] as Code) + 1)
  if (inc > u.maxInc) return undefined
  const fresh = freshMember(u, true)
  const rejoinedDead = s.members.some((o) => o.up && statusOf(o.view[i] as Code) === DEAD)
  const back: SwimMember = { ...fresh, rejoinedAt: inc, rejoinedDead, view: set(fresh.view, i, code(inc, ALIVE)) }
  return { ...s, budget: { ...s.budget, rejoin: left - 1 }, members: set(s.members, i, back) }
}

function endPeriodEnabled(s: SwimState): boolean {
  if (s.net.length > 0) return false
  for (let i = 0; i < s.members.length; i++) {
    const m = s.members[i] as SwimMember
    if (!m.up) continue
    if (m.probe === null ? probeTargets(m, i).length > 0 : m.probe.stage !== 'done') return false
  }
  return true
}

/**
 * The protocol period ends: every live member has finished its probe and nothing is in flight.
 * Each suspicion ages by one period, and a suspicion that has lasted `timeout` periods is
 * confirmed: the member is declared dead at that incarnation. Confirms are fused into the period's
 * end because the suspicion timer is counted in periods; they are local steps that send nothing,
 * so no interleaving is lost.
 */
function EndPeriod(u: SwimSetup, s: SwimState): SwimState | undefined {
  if (!endPeriodEnabled(s)) return undefined
  const members = s.members.map((m) => {
    if (!m.up) return m
    let out: SwimMember = { ...m, probe: null }
    for (let j = 0; j < m.view.length; j++) {
      const c = m.view[j] as Code
      if (statusOf(c) !== SUSPECT) continue
      const t = (m.timers[j] ?? 0) + 1
      if (t >= u.timeout) out = withEntry(out, j, code(incOf(c), DEAD))
      else out = { ...out, timers: set(out.timers, j, t) }
    }
    return out
  })
  const quiet = s.quiet === null ? null : Math.min(s.quiet + 1, u.within)
  return { ...s, members, quiet }
}

/** Faults stop: from now on no message is lost and no member crashes. */
function Quiesce(s: SwimState): SwimState | undefined {
  if (s.quiet !== null) return undefined
  return { ...s, quiet: 0 }
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/** `n1`, `n2`, ... for member index 0, 1, ... */
export function memberName(i: number): string {
  return `n${i + 1}`
}

const STATUS_LETTER = ['A', 'S', 'D']

/** A view's news as actions show it: every entry other than alive at incarnation 0, `[n2:S0 n3:A1]`. */
export function formatView(view: readonly Code[]): string {
  const parts: string[] = []
  view.forEach((c, j) => {
    if (c !== 0) parts.push(`${memberName(j)}:${STATUS_LETTER[statusOf(c)] ?? '?'}${incOf(c)}`)
  })
  return parts.length === 0 ? '' : ` [${parts.join(' ')}]`
}

function formatMsg(m: SwimMsg): string {
  let what: string = m.type
  if (m.type === 'PingReq') what = `PingReq(${memberName(m.target ?? -1)})`
  else if (m.type === 'Ack') what = `Ack(${memberName(m.target ?? -1)}${m.relay === null ? '' : ` for ${memberName(m.relay)}`})`
  else if (m.relay !== null) what = `Ping(for ${memberName(m.relay)})`
  return `${memberName(m.from)} -> ${memberName(m.to)}, ${what}${formatView(m.view)}`
}

/** An action in SWIM's words: `Probe(n1, n2)`, `PingReq(n1, {n3})`, `Deliver(n1 -> n2, Ping)`. */
export function formatSwimAction(a: SwimAction): string {
  switch (a.type) {
    case 'Deliver':
    case 'Drop':
      return `${a.type}(${formatMsg(a.msg)})`
    case 'Probe':
      return `Probe(${memberName(a.member)}, ${memberName(a.target)})`
    case 'PingReq':
      return `PingReq(${memberName(a.member)}, {${a.helpers.map(memberName).join(',')}})`
    case 'Suspect':
    case 'Crash':
    case 'Rejoin':
      return `${a.type}(${memberName(a.member)})`
    default:
      return a.type
  }
}

/** The successor of `s` under `a`, or undefined when `a` is not enabled. */
export function swimNext(u: SwimSetup, s: SwimState, a: SwimAction): SwimState | undefined {
  switch (a.type) {
    case 'Deliver':
      return Deliver(u, s, a.msg)
    case 'Drop':
      return Drop(u, s, a.msg)
    case 'Probe':
      return Probe(u, s, a.member, a.target)
    case 'PingReq':
      return PingReq(u, s, a.member, a.helpers)
    case 'Suspect':
      return Suspect(u, s, a.member)
    case 'Crash':
      return Crash(u, s, a.member)
    case 'Rejoin':
      return Rejoin(u, s, a.member)
    case 'EndPeriod':
      return EndPeriod(u, s)
    case 'Quiesce':
      return Quiesce(s)
    default:
      throw new FaultlineError(`swim: unknown action ${JSON.stringify(a)}`)
  }
}

const END_PERIOD: SwimAction = { type: 'EndPeriod' }
const QUIESCE: SwimAction = { type: 'Quiesce' }

/** The enabled actions, calmest first: deliveries, probe steps, the end of the period, `Quiesce`, then crashes and drops. */
export function swimActions(u: SwimSetup, s: SwimState): SwimAction[] {
  const out: SwimAction[] = []
  for (const msg of s.net) out.push({ type: 'Deliver', msg })
  s.members.forEach((m, i) => {
    if (!m.up) return
    const p = m.probe
    if (p === null) {
      for (const target of probeTargets(m, i)) out.push({ type: 'Probe', member: i, target })
      return
    }
    if (p.acked || p.stage === 'done') return
    if (p.stage === 'direct' && indirectStage(u, m, i, p.target)) {
      if (!probeInFlight(s, i, p.target, true)) {
        for (const helpers of helperChoices(u, m, i, p.target)) out.push({ type: 'PingReq', member: i, helpers })
      }
      return
    }
    if (!probeInFlight(s, i, p.target, false)) out.push({ type: 'Suspect', member: i })
  })
  if (endPeriodEnabled(s)) out.push(END_PERIOD)
  if (s.quiet === null) {
    out.push(QUIESCE)
    if (s.budget.crash > 0) s.members.forEach((m, i) => m.up && out.push({ type: 'Crash', member: i }))
    if ((s.budget.rejoin ?? 0) > 0) s.members.forEach((m, i) => !m.up && out.push({ type: 'Rejoin', member: i }))
    if (s.budget.drop > 0) for (const msg of s.net) if (!u.badLink || onBadLink(msg)) out.push({ type: 'Drop', msg })
  }
  return out
}

/** Whether every incarnation in the state is within `maxInc` (the bound that keeps refutations finite). */
function withinBound(u: SwimSetup, s: SwimState): boolean {
  const top = code(u.maxInc, DEAD)
  for (const m of s.members) for (const c of m.view) if (c > top) return false
  return true
}

/** The SWIM model of a configuration. */
export function buildSwim(p: SwimParams, weaken: ReadonlySet<string>): Model<SwimState, SwimAction> {
  const u = swimSetup(p, weaken)
  const init = initialState(u)
  return {
    name: 'swim',
    init: () => [init],
    actions: (s) => swimActions(u, s),
    next: (s, a) => swimNext(u, s, a),
    properties: swimProperties(u),
    within: (s) => withinBound(u, s),
    formatAction: formatSwimAction,
    actionKinds: [
      'Deliver', 'Probe',
      ...(u.helpers > 0 && !u.noIndirect ? ['PingReq'] : []),
      'Suspect', 'EndPeriod', 'Quiesce',
      ...(u.budget.crash > 0 ? ['Crash'] : []),
      ...((u.budget.rejoin ?? 0) > 0 ? ['Rejoin'] : []),
      ...(u.budget.drop > 0 ? ['Drop'] : []),
    ],
  }
}
