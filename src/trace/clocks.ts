/**
 * The time-and-ordering lab: a trace read as events of Lamport's model (local steps, sends,
 * receives), each annotated with the Lamport and vector stamps it would get, recomputed from the
 * trace's own sends and receives whatever clock the model used, and the happens-before relation
 * and the concurrent pairs between its events.
 *
 * Two kinds of model can be read this way:
 * - a model that says how its steps read as events: it has `nodes` (process ids) and a
 *   `causalEvent(before, action, after)` method (the clock and register models do);
 * - an actor model (src/actor): a `Deliver` is a receive at its receiver; `Fire`, `Request` and
 *   `Restart` are events of their node, sends when the step put messages in flight; faults,
 *   partitions and heals are not events. A message sent to a crashed node never shows (it is
 *   lost on sending), and a receive of a duplicated copy is matched with the latest such send.
 */
import type { AnyModel } from '../core/model.js'
import { FaultlineError } from '../core/errors.js'
import { canonicalJson } from '../core/canonical.js'
import { resolveStep, runTrace, type Trace } from '../core/trace.js'
import { traceHeading } from './text.js'

/** A step of a trace as an event of Lamport's model. */
export interface CausalEvent {
  /** The process the event happens at. */
  readonly node: string
  /** The message the step received: its sender and a key naming it on its link. */
  readonly received: { readonly from: string; readonly key: string } | null
  /** The messages the step sent, each with a key naming it on its link. */
  readonly sent: readonly { readonly to: string; readonly key: string }[]
  /** The model's own stamp of the event, shown beside the recomputed ones. */
  readonly stamp?: string
}

/** One event of the trace with its recomputed stamps. */
export interface LabEvent {
  /** `n1.2`: the second event of process n1. */
  readonly name: string
  readonly node: string
  /** The trace step (1-based) that made it. */
  readonly step: number
  readonly action: string
  readonly kind: 'local' | 'send' | 'receive'
  /** For a receive: the send event whose message it took (null if the trace does not show the send). */
  readonly cause: string | null
  /** The receivers of its messages, for a send. */
  readonly to: readonly string[]
  readonly lamport: number
  readonly vector: readonly number[]
  readonly modelStamp: string | null
}

/** A trace read as events: the processes, the events, and the steps that were no event. */
export interface Lab {
  readonly nodes: readonly string[]
  readonly events: readonly LabEvent[]
  /** Steps that are not events of a process (Tick, ClockTick, Crash, Partition, ...), by step number. */
  readonly other: readonly { readonly step: number; readonly action: string }[]
}

type Reader = (before: unknown, action: unknown, after: unknown) => CausalEvent | null

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** How to read a model's steps as events, or a one-line error for a model that cannot be read. */
function readerOf(model: AnyModel): { nodes: readonly string[]; read: Reader } {
  const m = model as unknown as Record<string, unknown>
  const nodes = m['nodes']
  if (!Array.isArray(nodes) || !nodes.every((x) => typeof x === 'string')) {
    throw new FaultlineError(`model ${model.name} has no processes to draw clocks for: --clocks needs a clock model or an actor model`)
  }
  const own = m['causalEvent']
  if (typeof own === 'function') {
    return { nodes, read: (b, a, c) => (own as Reader).call(model, b, a, c) }
  }
  const first = model.init()[0]
  if (isRecord(first) && Array.isArray(first['net']) && Array.isArray(first['timers']) && Array.isArray(first['down'])) {
    return { nodes, read: actorEvent }
  }
  throw new FaultlineError(`model ${model.name} does not say how its steps read as sends and receives: --clocks needs a clock model or an actor model`)
}

/** Counts of in-flight copies per (from, to, message) of an actor state's network. */
function netCounts(s: unknown): Map<string, { from: string; to: string; key: string; count: number }> {
  const out = new Map<string, { from: string; to: string; key: string; count: number }>()
  const net = isRecord(s) ? s['net'] : undefined
  if (!Array.isArray(net)) return out
  for (const e of net) {
    if (!isRecord(e)) continue
    const from = String(e['from'])
    const to = String(e['to'])
    const key = canonicalJson(e['msg'])
    const id = `${from}\u0000${to}\u0000${key}`
    const prev = out.get(id)
    const count = typeof e['count'] === 'number' ? e['count'] : 1
    out.set(id, { from, to, key, count: (prev?.count ?? 0) + count })
  }
  return out
}

/** An actor-model step as an event: the node it ran at, what it received, what it put in flight. */
function actorEvent(before: unknown, action: unknown, after: unknown): CausalEvent | null {
  if (!isRecord(action)) return null
  const type = action['type']
  let node: string
  let received: CausalEvent['received'] = null
  if (type === 'Deliver') {
    node = String(action['to'])
    received = { from: String(action['from']), key: canonicalJson(action['msg']) }
  } else if (type === 'Fire' || type === 'Request' || type === 'Restart') {
    node = String(action['node'])
  } else {
    return null
  }
  const was = netCounts(before)
  const now = netCounts(after)
  if (received !== null) {
    // The delivered copy left the network: count it as still there when diffing.
    const id = `${received.from}\u0000${node}\u0000${received.key}`
    const e = now.get(id)
    now.set(id, { from: received.from, to: node, key: received.key, count: (e?.count ?? 0) + 1 })
  }
  const sent: { to: string; key: string }[] = []
  for (const [id, e] of now) {
    if (e.from !== node) continue
    const extra = e.count - (was.get(id)?.count ?? 0)
    for (let c = 0; c < extra; c++) sent.push({ to: e.to, key: e.key })
  }
  return { node, received, sent }
}

/**
 * Replays `trace` on `model` and reads it as events with recomputed Lamport and vector stamps.
 * Throws a `FaultlineError` for a model whose steps cannot be read as sends and receives.
 */
export function clockLab(model: AnyModel, trace: Trace): Lab {
  const { nodes, read } = readerOf(model)
  const states = runTrace(model, trace)
  const n = nodes.length
  const index = new Map(nodes.map((id, i) => [id, i]))
  const lamport = new Array<number>(n).fill(0)
  const vector: number[][] = nodes.map(() => new Array<number>(n).fill(0))
  const count = new Array<number>(n).fill(0)
  // Messages sent and not yet received, per link and key, oldest first; and the last one sent,
  // for a receive of a copy the network duplicated.
  const pending = new Map<string, { name: string; lamport: number; vector: readonly number[] }[]>()
  const lastSent = new Map<string, { name: string; lamport: number; vector: readonly number[] }>()
  const events: LabEvent[] = []
  const other: { step: number; action: string }[] = []

  trace.steps.forEach((step, k) => {
    const before = states[k]
    const after = states[k + 1]
    // The action itself, as replay resolved it (a hand-written step may name it only by text).
    const enabled = model.actions(before)
    const action = enabled[resolveStep(model, before, enabled, step)]
    const ev = read(before, action, after)
    if (ev === null) {
      other.push({ step: k + 1, action: step.action })
      return
    }
    const i = index.get(ev.node)
    if (i === undefined) throw new FaultlineError(`step ${k + 1} (${step.action}) happens at unknown process ${ev.node}`)
    let cause: string | null = null
    let L = lamport[i] ?? 0
    const V = (vector[i] ?? []).slice()
    if (ev.received !== null) {
      const link = `${ev.received.from}\u0000${ev.node}\u0000${ev.received.key}`
      const queue = pending.get(link)
      const msg = queue !== undefined && queue.length > 0 ? queue.shift() : lastSent.get(link)
      if (msg !== undefined) {
        cause = msg.name
        L = Math.max(L, msg.lamport)
        for (let q = 0; q < n; q++) V[q] = Math.max(V[q] ?? 0, msg.vector[q] ?? 0)
      }
    }
    L += 1
    V[i] = (V[i] ?? 0) + 1
    lamport[i] = L
    vector[i] = V
    const seq = (count[i] ?? 0) + 1
    count[i] = seq
    const name = `${ev.node}.${seq}`
    for (const s of ev.sent) {
      const link = `${ev.node}\u0000${s.to}\u0000${s.key}`
      const msg = { name, lamport: L, vector: V }
      const queue = pending.get(link) ?? []
      queue.push(msg)
      pending.set(link, queue)
      lastSent.set(link, msg)
    }
    events.push({
      name,
      node: ev.node,
      step: k + 1,
      action: step.action,
      kind: ev.received !== null ? 'receive' : ev.sent.length > 0 ? 'send' : 'local',
      cause,
      to: [...new Set(ev.sent.map((s) => s.to))],
      lamport: L,
      vector: V,
      modelStamp: ev.stamp ?? null,
    })
  })
  return { nodes, events, other }
}

/** Whether `a` happened before `b`: the vector order of their (correctly recomputed) vector stamps. */
export function labBefore(a: LabEvent, b: LabEvent): boolean {
  let strict = false
  for (let q = 0; q < a.vector.length; q++) {
    const x = a.vector[q] ?? 0
    const y = b.vector[q] ?? 0
    if (x > y) return false
    if (x < y) strict = true
  }
  return strict
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length)
}

/**
 * Renders a trace as the time-and-ordering lab: one line per event with a lane per process, the
 * Lamport and vector stamps recomputed from the trace's sends and receives, the model's own stamp
 * when it has one; then, for every event, the events it happened before, and every concurrent pair.
 *
 * @example
 * console.log(renderClocks(model, trace)) // faultline show TRACE --clocks
 */
export function renderClocks(model: AnyModel, trace: Trace): string {
  const lab = clockLab(model, trace)
  const { nodes, events } = lab
  const lines: string[] = [traceHeading(trace), '']
  const withModel = events.some((e) => e.modelStamp !== null)
  lines.push(
    `${events.length} event${events.length === 1 ? '' : 's'} on ${nodes.join(', ')}; Lamport and vector stamps recomputed from the sends and receives` +
      (withModel ? '; "model" is the stamp the model gave' : ''),
  )
  lines.push('')
  const what = (e: LabEvent): string =>
    e.kind === 'receive' ? `receive ${e.cause ?? '?'}` : e.kind === 'send' ? `send → ${e.to.join(',')}` : 'local'
  const laneW = Math.max(...events.map((e) => e.name.length), ...nodes.map((x) => x.length), 4) + 2
  const whatW = Math.max(...events.map((e) => what(e).length), 5) + 2
  const lamW = Math.max(...events.map((e) => String(e.lamport).length), 'Lamport'.length) + 2
  const vecW = Math.max(...events.map((e) => `[${e.vector.join(',')}]`.length), 'vector'.length) + 2
  const stepW = Math.max(String(trace.steps.length).length, 4)
  const header =
    `${pad('step', stepW)}  ${nodes.map((x) => pad(x, laneW)).join('')}${pad('event', whatW)}${pad('Lamport', lamW)}${pad('vector', vecW)}` +
    (withModel ? 'model' : '')
  lines.push(header.trimEnd())
  const others = new Map(lab.other.map((o) => [o.step, o.action]))
  let e = 0
  for (let step = 1; step <= trace.steps.length; step++) {
    const ev = events[e]
    if (ev !== undefined && ev.step === step) {
      e++
      const lanes = nodes.map((x) => pad(x === ev.node ? ev.name : '', laneW)).join('')
      const row =
        `${String(step).padStart(stepW)}  ${lanes}${pad(what(ev), whatW)}${pad(String(ev.lamport), lamW)}${pad(`[${ev.vector.join(',')}]`, vecW)}` +
        (withModel ? (ev.modelStamp ?? '') : '')
      lines.push(row.trimEnd())
    } else {
      lines.push(`${String(step).padStart(stepW)}  (${others.get(step) ?? trace.steps[step - 1]?.action ?? '?'}: not an event)`)
    }
  }
  lines.push('')
  lines.push('happened before (→), from the sends and receives:')
  let any = false
  for (const a of events) {
    const later = events.filter((b) => labBefore(a, b)).map((b) => b.name)
    if (later.length > 0) {
      lines.push(`  ${a.name} → ${later.join(', ')}`)
      any = true
    }
  }
  if (!any) lines.push('  (none)')
  lines.push('concurrent (∥):')
  any = false
  events.forEach((a, x) => {
    const conc = events.slice(x + 1).filter((b) => !labBefore(a, b) && !labBefore(b, a)).map((b) => b.name)
    if (conc.length > 0) {
      lines.push(`  ${a.name} ∥ ${conc.join(', ')}`)
      any = true
    }
  })
  if (!any) lines.push('  (none)')
  return lines.join('\n')
}
