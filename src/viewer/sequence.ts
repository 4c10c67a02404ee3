/**
 * Who talks to whom: a trace seen as a sequence diagram. Every renderer of this folder (Mermaid,
 * SVG, the HTML page, the explorer) draws the same {@link Sequence}: a lane per participant, a row
 * per step, an arrow from each send to its delivery (or drop), and the fields each step changed,
 * filed under the lane they belong to.
 *
 * Where the lanes and messages come from:
 * - a model that registered a {@link SequenceView} under its name ({@link registerSequenceView});
 * - an actor model (src/actor): derived from its actions (`Deliver`, `Crash`, `Partition`, ...) and
 *   from the in-flight messages each step added or removed;
 * - any other model: a generic fallback (a lane per node when the state has a `nodes` array or
 *   several arrays of one length, else a lane per top-level state key), with local steps only.
 *
 * This module imports no Node API, so a model's `view.ts` can import it cheaply.
 */
import type { Model } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { canonicalJson } from '../core/canonical.js'
import { diffStates, formatChange, type Change } from '../trace/diff.js'
import { formatValue } from '../actor/data.js'

/** What happens on the lanes in one step. */
export type SequenceEventKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'duplicate'
  | 'crash'
  | 'restart'
  | 'partition'
  | 'heal'
  | 'local'

/**
 * One event of a step. Messages (`send`, `deliver`, `drop`, `duplicate`) name `from` and `to`; a
 * delivery is paired with the earliest undelivered send of the same `from`, `to` and `label`.
 * `crash`, `restart` and `local` happen at `node` (or, failing that, at `to` or `from`).
 * `partition` and `heal` concern every lane; `groups` says who is cut off from whom.
 */
export interface SequenceEvent {
  readonly kind: SequenceEventKind
  readonly from?: string
  readonly to?: string
  readonly node?: string
  /** The message, or what happened: `Prepared`, `RequestVote{term: 2}`, `election timer`. */
  readonly label: string
  /** Why, when it is not plain: `lost: n2 crashed`. */
  readonly reason?: string
  /** For `partition`: the groups, each a list of lanes. */
  readonly groups?: readonly (readonly string[])[]
}

/** Where a changed state field is shown: under a lane (or the whole system, `lane: null`), as `path`. */
export interface FieldPlace {
  readonly lane: string | null
  /** The field's path relative to the lane: `currentTerm` for `nodes[1].currentTerm`. */
  readonly path: string
}

/**
 * How a model reads as a sequence diagram. A model provides one with {@link registerSequenceView};
 * without one, actor models and everything else get a derived view.
 *
 * @example
 * registerSequenceView<TwoPhaseState, TwoPhaseAction>('twophase', {
 *   participants: (s) => ['TM', ...s.rmState.map((_, i) => `rm${i + 1}`)],
 *   events: (s, a) => (a.type === 'RMPrepare' ? [{ kind: 'send', from: `rm${a.rm}`, to: 'TM', label: 'Prepared' }] : []),
 * })
 */
export interface SequenceView<S, A> {
  /** The lanes, left to right. */
  participants(s: S): readonly string[]
  /** What the step from `s` to `t` by action `a` does on the lanes. */
  events(s: S, a: A, t: S): readonly SequenceEvent[]
  /** Messages already in flight in an initial state (sent by the start). @default none */
  initial?(s: S): readonly SequenceEvent[]
  /**
   * Where a changed field is shown (`path` as `diffStates` writes it, without a trailing ` +=` or
   * ` -=`), or `null` to leave it out (a message bag already drawn as arrows).
   * @default per-lane arrays and `nodes[i]` go to lane i; everything else to the whole system
   */
  field?(path: string, s: S): FieldPlace | null
}

/** Any view, with its types erased, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyView = SequenceView<any, any>

const views: Record<string, AnyView> = Object.create(null) as Record<string, AnyView>

/**
 * Registers how the model called `modelName` reads as a sequence diagram. A later registration of
 * the same name replaces the earlier one.
 */
export function registerSequenceView<S, A>(modelName: string, view: SequenceView<S, A>): void {
  views[modelName] = view as AnyView
}

/** The view registered under `modelName`, if any. */
export function registeredView(modelName: string): SequenceView<unknown, unknown> | undefined {
  return views[modelName]
}

// ---------------------------------------------------------------------------------------------
// The sequence: what the renderers draw.

/** A message drawn as an arrow: from its send to its delivery, drop, or the end of the trace. */
export interface Arrow {
  readonly from: string
  readonly to: string
  readonly label: string
  /** The step that sent it (0: the initial state); null when no step sent it (a delivery out of thin air). */
  readonly sent: number | null
  /** The step that delivered or dropped it; null while it is still in flight at the end. */
  readonly end: number | null
  readonly how: 'deliver' | 'drop' | 'inflight'
  /** A copy made by a `duplicate` step (then `sent` is that step). */
  readonly copy: boolean
  /** Delivered again: its send was already delivered once (a message set that only grows). */
  readonly again: boolean
  readonly reason: string | null
}

/** The changed fields of one step under one lane (or the whole system, `lane: null`). */
export interface LaneNote {
  readonly lane: string | null
  readonly changes: readonly string[]
}

/** One row of the diagram. Row 0 is the initial state. */
export interface SequenceStep {
  readonly n: number
  /** The action in the spec's names; `Init` for row 0. */
  readonly action: string
  readonly events: readonly SequenceEvent[]
  /** The lane the step happens at (its note goes there); null for the whole system. */
  readonly lane: string | null
  readonly notes: readonly LaneNote[]
  /** Every changed field, as `diffStates` paths (for highlighting the state). */
  readonly changed: readonly Change[]
}

/** A run drawn as a sequence diagram. */
export interface Sequence {
  readonly lanes: readonly string[]
  readonly steps: readonly SequenceStep[]
  readonly arrows: readonly Arrow[]
  /** Steps at which each partition began and ended (null: still holds at the end). */
  readonly partitions: readonly { readonly from: number; readonly to: number | null; readonly groups: readonly (readonly string[])[] }[]
  /** Per lane, the intervals in which it is down (crash step to restart step, null: to the end). */
  readonly down: readonly { readonly lane: string; readonly from: number; readonly to: number | null }[]
}

/** The view a model is drawn with: its registered one, the actor view, or the generic fallback. */
export function viewOf<S, A>(model: Model<S, A>, first: S): SequenceView<S, A> {
  const registered = views[model.name]
  if (registered) return registered as SequenceView<S, A>
  if (isActorModel(model)) return actorView(model.nodes) as unknown as SequenceView<S, A>
  return genericView(first) as SequenceView<S, A>
}

/**
 * Builds the sequence of a run: `states[0]` the initial state, `states[i]` the state after
 * `actions[i - 1]`.
 *
 * @example
 * const states = runTrace(model, trace)
 * const seq = buildSequence(model, states, trace.steps.map((s) => s.data))
 */
export function buildSequence<S, A>(
  model: Model<S, A>,
  states: readonly S[],
  actions: readonly A[],
  view: SequenceView<S, A> = viewOf(model, states[0] as S),
): Sequence {
  const first = states[0] as S
  const lanes = [...view.participants(first)]
  const known = new Set(lanes)
  const need = (lane: string | undefined): void => {
    // A view that names a lane it did not list still draws: the lane is added on the right.
    if (lane !== undefined && !known.has(lane)) {
      known.add(lane)
      lanes.push(lane)
    }
  }
  const place = placer(view, lanes)
  const steps: SequenceStep[] = []
  const init = view.initial ? [...view.initial(first)] : []
  steps.push({ n: 0, action: 'Init', events: init, lane: null, notes: [], changed: [] })
  for (let i = 0; i < actions.length; i++) {
    const s = states[i] as S
    const t = states[i + 1] as S
    const a = actions[i] as A
    const events = [...view.events(s, a, t)]
    const changed = diffStates(s, t)
    steps.push({
      n: i + 1,
      action: formatActionOf(model, a),
      events,
      lane: mainLane(events),
      notes: notesOf(changed, s, place),
      changed,
    })
  }
  for (const st of steps) for (const e of st.events) for (const l of [e.from, e.to, e.node, ...(e.groups ?? []).flat()]) need(l)
  return { lanes, steps, arrows: pairArrows(steps), partitions: partitionsOf(steps), down: downOf(steps) }
}

/** The lane a single-lane event happens at. */
export function eventLane(e: SequenceEvent): string | undefined {
  return e.node ?? e.to ?? e.from
}

function mainLane(events: readonly SequenceEvent[]): string | null {
  for (const kind of ['deliver', 'local', 'crash', 'restart', 'drop', 'duplicate', 'send'] as const) {
    const e = events.find((x) => x.kind === kind)
    if (e) return (kind === 'send' ? e.from : kind === 'drop' || kind === 'duplicate' ? (e.to ?? e.from) : eventLane(e)) ?? null
  }
  return null
}

type Placer = (path: string, s: unknown) => FieldPlace | null

function placer<S, A>(view: SequenceView<S, A>, lanes: readonly string[]): Placer {
  if (view.field) return view.field as Placer
  return (path) => indexedPlace(path, lanes)
}

/**
 * The default field placement: `key[i]...` goes to lane i when `key` is `nodes` or an array with
 * one entry per lane, shown as `key...` (or, for `nodes`, the rest of the path).
 */
function indexedPlace(path: string, lanes: readonly string[]): FieldPlace {
  const m = /^([A-Za-z_$][\w$]*)\[(\d+)\](.*)$/.exec(path)
  if (m) {
    const lane = lanes[Number(m[2])]
    if (lane !== undefined) {
      const key = m[1] as string
      const rest = (m[3] as string).replace(/^\./, '')
      if (key === 'nodes') return { lane, path: rest === '' ? 'state' : rest }
      return { lane, path: `${key}${rest === '' ? '' : rest.startsWith('[') ? rest : `.${rest}`}` }
    }
  }
  return { lane: null, path }
}

function notesOf(changed: readonly Change[], s: unknown, place: Placer): LaneNote[] {
  const byLane = new Map<string | null, string[]>()
  for (const c of changed) {
    const suffix = / [+-]=$/.exec(c.path)?.[0] ?? ''
    const bare = suffix === '' ? c.path : c.path.slice(0, -suffix.length)
    const where = place(bare, s)
    if (where === null) continue
    const text = formatChange(where.path === bare ? c : { ...c, path: `${where.path}${suffix}` })
    const list = byLane.get(where.lane)
    if (list) list.push(text)
    else byLane.set(where.lane, [text])
  }
  return [...byLane].map(([lane, changes]) => ({ lane, changes }))
}

/** Pairs every send with its delivery, drop or the end; duplicates add a copy. */
function pairArrows(steps: readonly SequenceStep[]): Arrow[] {
  interface Pending {
    from: string
    to: string
    label: string
    sent: number | null
    copy: boolean
  }
  const key = (from: string | undefined, to: string | undefined, label: string): string => `${from ?? ''}\u0000${to ?? ''}\u0000${label}`
  const pending = new Map<string, Pending[]>()
  const delivered = new Map<string, number>() // key -> the send step of a copy delivered earlier
  const arrows: Arrow[] = []
  const take = (k: string): Pending | undefined => {
    const q = pending.get(k)
    const p = q?.shift()
    if (q && q.length === 0) pending.delete(k)
    return p
  }
  const put = (k: string, p: Pending): void => {
    const q = pending.get(k)
    if (q) q.push(p)
    else pending.set(k, [p])
  }
  for (const st of steps) {
    for (const e of st.events) {
      if (e.from === undefined || e.to === undefined) continue
      const k = key(e.from, e.to, e.label)
      const reason = e.reason ?? null
      switch (e.kind) {
        case 'send':
          put(k, { from: e.from, to: e.to, label: e.label, sent: st.n, copy: false })
          break
        case 'duplicate': {
          const q = pending.get(k)
          const original = q?.[0]
          put(k, { from: e.from, to: e.to, label: e.label, sent: original === undefined ? null : st.n, copy: true })
          break
        }
        case 'deliver':
        case 'drop': {
          const p = take(k)
          const how = e.kind === 'deliver' ? 'deliver' : 'drop'
          if (p) {
            arrows.push({ from: p.from, to: p.to, label: p.label, sent: p.sent, end: st.n, how, copy: p.copy, again: false, reason })
            if (how === 'deliver' && p.sent !== null) delivered.set(k, p.sent)
          } else {
            const earlier = delivered.get(k)
            arrows.push({
              from: e.from,
              to: e.to,
              label: e.label,
              sent: earlier ?? null,
              end: st.n,
              how,
              copy: false,
              again: earlier !== undefined,
              reason,
            })
          }
          break
        }
        default:
          break
      }
    }
  }
  for (const q of pending.values()) {
    for (const p of q) {
      arrows.push({ from: p.from, to: p.to, label: p.label, sent: p.sent, end: null, how: 'inflight', copy: p.copy, again: false, reason: null })
    }
  }
  // Draw order: by the step they end at (in flight last), then by send.
  const at = (x: number | null): number => (x === null ? Infinity : x)
  arrows.sort((x, y) => at(x.end) - at(y.end) || at(x.sent) - at(y.sent))
  return arrows
}

function partitionsOf(steps: readonly SequenceStep[]): Sequence['partitions'] {
  const out: { from: number; to: number | null; groups: readonly (readonly string[])[] }[] = []
  for (const st of steps) {
    for (const e of st.events) {
      const open = out[out.length - 1]
      if (e.kind === 'partition') {
        if (open && open.to === null) open.to = st.n
        out.push({ from: st.n, to: null, groups: e.groups ?? [] })
      } else if (e.kind === 'heal' && open && open.to === null) open.to = st.n
    }
  }
  return out
}

function downOf(steps: readonly SequenceStep[]): Sequence['down'] {
  const out: { lane: string; from: number; to: number | null }[] = []
  for (const st of steps) {
    for (const e of st.events) {
      const lane = eventLane(e)
      if (lane === undefined) continue
      if (e.kind === 'crash') out.push({ lane, from: st.n, to: null })
      else if (e.kind === 'restart') {
        const open = out.find((d) => d.lane === lane && d.to === null)
        if (open) open.to = st.n
      }
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The actor view: lanes are the nodes; events come from the action and the network's diff.

interface ActorLike {
  readonly nodes: readonly string[]
  indexOf(id: string): number
}

function isActorModel(m: unknown): m is ActorLike {
  const x = m as Partial<ActorLike>
  return Array.isArray(x.nodes) && typeof x.indexOf === 'function'
}

interface Env {
  readonly count: number
  readonly from: string
  readonly to: string
  readonly msg: unknown
}
interface ActorStateLike {
  readonly net: readonly Env[]
  readonly nodes: readonly unknown[]
}
type ActorActionLike =
  | { readonly type: 'Deliver' | 'Drop' | 'Duplicate'; readonly from: string; readonly to: string; readonly msg: unknown }
  | { readonly type: 'Fire'; readonly node: string; readonly timer: unknown }
  | { readonly type: 'Request'; readonly node: string; readonly req: unknown }
  | { readonly type: 'Crash' | 'Restart'; readonly node: string }
  | { readonly type: 'Partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly type: 'Heal' }

/** The copies in `a` beyond those in `b`, per (from, to, message), in `a`'s order. */
function netMinus(a: readonly Env[], b: readonly Env[]): Env[] {
  const left = new Map<string, number>()
  for (const e of b) {
    const k = `${e.from}\u0000${e.to}\u0000${canonicalJson(e.msg)}`
    left.set(k, (left.get(k) ?? 0) + e.count)
  }
  const out: Env[] = []
  for (const e of a) {
    const k = `${e.from}\u0000${e.to}\u0000${canonicalJson(e.msg)}`
    const have = left.get(k) ?? 0
    const extra = e.count - have
    left.set(k, Math.max(0, have - e.count))
    if (extra > 0) out.push({ ...e, count: extra })
  }
  return out
}

/**
 * The view of an actor model (src/actor): a lane per node; `Deliver`, `Drop`, `Duplicate`,
 * `Crash`, `Restart`, `Partition` and `Heal` as themselves, timers and requests as local steps,
 * and every message a step put in flight as a send. Messages are labelled with `formatValue`.
 * A message sent to a node that is down is lost on sending and leaves no trace in the state, so
 * it is not drawn.
 */
export function actorView(nodes: readonly string[]): SequenceView<ActorStateLike, ActorActionLike> {
  const sends = (s: ActorStateLike, t: ActorStateLike, consumed: Env | null): SequenceEvent[] => {
    const before = consumed ? [...s.net.filter((e) => e !== consumed), ...(consumed.count > 1 ? [{ ...consumed, count: consumed.count - 1 }] : [])] : s.net
    const out: SequenceEvent[] = []
    for (const e of netMinus(t.net, before)) {
      for (let c = 0; c < e.count; c++) out.push({ kind: 'send', from: e.from, to: e.to, label: formatValue(e.msg) })
    }
    return out
  }
  const envelopeOf = (s: ActorStateLike, from: string, to: string, msg: unknown): Env | null => {
    const want = canonicalJson(msg)
    return s.net.find((e) => e.from === from && e.to === to && canonicalJson(e.msg) === want) ?? null
  }
  const lanes = [...nodes]
  return {
    participants: () => lanes,
    initial: (s) => sends({ net: [], nodes: s.nodes }, s, null),
    events(s, a, t) {
      switch (a.type) {
        case 'Deliver': {
          const ev: SequenceEvent = { kind: 'deliver', from: a.from, to: a.to, label: formatValue(a.msg) }
          return [ev, ...sends(s, t, envelopeOf(s, a.from, a.to, a.msg))]
        }
        case 'Fire':
          return [{ kind: 'local', node: a.node, label: `timer ${formatValue(a.timer)}` }, ...sends(s, t, null)]
        case 'Request':
          return [{ kind: 'local', node: a.node, label: `request ${formatValue(a.req)}` }, ...sends(s, t, null)]
        case 'Crash': {
          const lost = netMinus(s.net, t.net).flatMap((e) =>
            Array.from({ length: e.count }, (): SequenceEvent => ({ kind: 'drop', from: e.from, to: e.to, label: formatValue(e.msg), reason: `lost: ${a.node} crashed` })),
          )
          return [{ kind: 'crash', node: a.node, label: 'crash' }, ...lost]
        }
        case 'Restart':
          return [{ kind: 'restart', node: a.node, label: 'restart' }, ...sends(s, t, null)]
        case 'Partition':
          return [{ kind: 'partition', label: a.groups.map((g) => `{${g.join(',')}}`).join(' | '), groups: a.groups }]
        case 'Heal':
          return [{ kind: 'heal', label: 'heal' }]
        case 'Drop':
          return [{ kind: 'drop', from: a.from, to: a.to, label: formatValue(a.msg), reason: 'dropped' }]
        case 'Duplicate':
          return [{ kind: 'duplicate', from: a.from, to: a.to, label: formatValue(a.msg) }]
        default:
          return []
      }
    },
    field(path) {
      const m = /^(nodes|timers)\[(\d+)\](.*)$/.exec(path)
      if (m) {
        const lane = lanes[Number(m[2])]
        const rest = (m[3] as string).replace(/^\./, '')
        if (lane !== undefined) return { lane, path: m[1] === 'timers' ? `timers${rest}` : rest === '' ? 'state' : rest }
      }
      // Drawn already: messages as arrows, faults as marks on the lanes.
      if (/^(net|down|partition|budget)\b/.test(path)) return null
      return { lane: null, path }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The generic fallback.

const NODE_KEYS = ['nodes', 'servers', 'replicas', 'processes']

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * The fallback view of a model that registered none: a lane per node when the state has a
 * `nodes` (or `servers`, `replicas`, `processes`) array, or several top-level arrays of one length
 * (one entry per node, as in TLA+ ports: `currentTerm[i]`); otherwise a lane per top-level key.
 * Every step is a local step on each lane whose fields it changed.
 */
export function genericView(first: unknown): SequenceView<unknown, unknown> {
  let lanes: string[]
  let place: (path: string) => FieldPlace
  const nodeKey = isRecord(first) ? NODE_KEYS.find((k) => Array.isArray(first[k])) : undefined
  const perNode = isRecord(first) ? commonLength(first) : 0
  if (isRecord(first) && nodeKey !== undefined) {
    const list = first[nodeKey] as unknown[]
    lanes = list.map((x, i) => (isRecord(x) && typeof x.id === 'string' ? x.id : `${nodeKey.replace(/e?s$/, '')}${i + 1}`))
    place = (path) => {
      const m = new RegExp(`^${nodeKey}\\[(\\d+)\\]\\.?(.*)$`).exec(path)
      const lane = m ? lanes[Number(m[1])] : undefined
      if (m && lane !== undefined) return { lane, path: m[2] === '' ? 'state' : (m[2] as string) }
      return { lane: null, path }
    }
  } else if (perNode >= 2) {
    lanes = Array.from({ length: perNode }, (_, i) => `node${i + 1}`)
    const keys = new Set(Object.entries(first as Record<string, unknown>).filter(([, v]) => Array.isArray(v) && v.length === perNode).map(([k]) => k))
    place = (path) => {
      const m = /^([A-Za-z_$][\w$]*)\[(\d+)\](.*)$/.exec(path)
      const lane = m && keys.has(m[1] as string) ? lanes[Number(m[2])] : undefined
      if (m && lane !== undefined) return { lane, path: `${m[1]}${m[3]}` }
      return { lane: null, path }
    }
  } else if (isRecord(first) && Object.keys(first).length > 0) {
    lanes = Object.keys(first)
    place = (path) => {
      const k = /^[^.[ ]+/.exec(path)?.[0] ?? path
      if (!lanes.includes(k)) return { lane: null, path }
      const rest = path.slice(k.length).replace(/^\./, '')
      return { lane: k, path: rest === '' ? 'value' : rest }
    }
  } else {
    lanes = ['state']
    place = (path) => ({ lane: 'state', path: path === '' ? 'state' : path })
  }
  return {
    participants: () => lanes,
    events(s, _a, t) {
      const touched: string[] = []
      for (const c of diffStates(s, t)) {
        const lane = place(c.path.replace(/ [+-]=$/, '')).lane
        if (lane !== null && !touched.includes(lane)) touched.push(lane)
      }
      touched.sort((x, y) => lanes.indexOf(x) - lanes.indexOf(y))
      return touched.map((node): SequenceEvent => ({ kind: 'local', node, label: 'changes' }))
    },
    field: (path) => place(path),
  }
}

/** The most common length (at least 2) among two or more top-level arrays; 0 when there is none. */
function commonLength(s: Record<string, unknown>): number {
  const counts = new Map<number, number>()
  for (const v of Object.values(s)) if (Array.isArray(v) && v.length >= 2) counts.set(v.length, (counts.get(v.length) ?? 0) + 1)
  let best = 0
  let bestCount = 1
  for (const [len, c] of counts) if (c > bestCount || (c === bestCount && best !== 0 && len > best)) [best, bestCount] = [len, c]
  return best
}
