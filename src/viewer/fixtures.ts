/**
 * Test fixtures of the viewer (not exported from the package): a small actor model whose runs
 * show every kind of event, a model whose text is hostile HTML, and a helper that turns action
 * labels into a trace.
 */
import type { Model } from '../core/model.js'
import { always, formatActionOf, sometimes } from '../core/model.js'
import { TRACE_SCHEMA, type Trace } from '../core/trace.js'
import { actorModel, type ActorModel } from '../actor/model.js'
import type { Actor, ActorState } from '../actor/types.js'

export interface EchoNode {
  readonly pings: number
  readonly pongs: number
}
export type EchoMsg = { readonly type: 'Ping' } | { readonly type: 'Pong' }
export type EchoState = ActorState<EchoNode, EchoMsg>

const echoNode: Actor<EchoNode, EchoMsg> = {
  init: () => ({ pings: 0, pongs: 0 }),
  // n1 pings everyone at the start.
  onStart: (s, ctx) => (ctx.index === 0 && s.pings === 0 ? { state: s, broadcast: [{ type: 'Ping' }] } : undefined),
  onMessage: (s, msg, from) =>
    msg.type === 'Ping' ? { state: { ...s, pings: s.pings + 1 }, send: [{ to: from, msg: { type: 'Pong' } }] } : { state: { ...s, pongs: s.pongs + 1 } },
}

/**
 * Ping-pong on three nodes over a network that may drop, duplicate and partition once, with one
 * crash and one restart: every kind of sequence event in a few steps.
 */
export function echoModel(): ActorModel<EchoNode, EchoMsg> {
  return actorModel({
    name: 'echo',
    nodes: 3,
    actor: echoNode,
    network: { lossy: true, duplicating: true },
    faults: { crash: 1, restart: 1, partition: 1, drop: 1, duplicate: 1 },
    properties: [
      always('AtMostOnePongEach', (s) => (s.nodes[0]?.pongs ?? 0) <= 2, 'n1 hears at most one Pong from each peer.'),
      sometimes('SomePong', (s) => (s.nodes[0]?.pongs ?? 0) > 0, 'n1 hears a Pong.'),
    ],
  })
}

/**
 * The trace that takes the actions with these labels (as `formatAction` prints them), one after
 * the other from the first initial state; throws on a label that is not enabled.
 */
export function traceOf<S, A>(model: Model<S, A>, labels: readonly string[], what: Partial<Trace> = {}): Trace {
  let s = model.init()[0] as S
  const steps = labels.map((label, i) => {
    const a = model.actions(s).find((x) => formatActionOf(model, x) === label)
    if (a === undefined) {
      throw new Error(`step ${i + 1}: ${label} is not enabled; enabled: ${model.actions(s).map((x) => formatActionOf(model, x)).join(', ')}`)
    }
    s = model.next(s, a) as S
    return { action: label, data: a as unknown }
  })
  return {
    schema: TRACE_SCHEMA,
    model: model.name,
    config: 'test',
    params: {},
    weaken: [],
    property: model.properties[0]?.name ?? 'none',
    kind: 'always',
    verdict: 'violated',
    strategy: 'hand',
    init: 0,
    steps,
    ...what,
  }
}

/** The echo run that shows every event: partition, duplicate, heal, two deliveries, crash, drop, delivery, restart. */
export const ECHO_RUN = [
  'Partition({n1} | {n2,n3})',
  'Duplicate(n1 -> n2, Ping)',
  'Heal',
  'Deliver(n1 -> n2, Ping)',
  'Deliver(n1 -> n2, Ping)',
  'Crash(n3)',
  'Drop(n2 -> n1, Pong)',
  'Deliver(n2 -> n1, Pong)',
  'Restart(n3)',
] as const

/** The echo run as a trace: a witness of `SomePong` (n1 hears a Pong in step 8). */
export function echoTrace(): { readonly model: ActorModel<EchoNode, EchoMsg>; readonly trace: Trace } {
  const model = echoModel()
  return { model, trace: traceOf(model, ECHO_RUN, { property: 'SomePong', kind: 'sometimes', verdict: 'witness' }) }
}

/** What a hostile model author could put in a state or an action name. */
export const HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

export interface HostileState {
  readonly note: string
  readonly n: number
}

/** A two-state model whose state string and action name hold HTML and script. */
export const hostileModel: Model<HostileState, string> = {
  name: 'hostile',
  init: () => [{ note: 'safe', n: 0 }],
  actions: (s) => (s.n < 2 ? [`Write(${HOSTILE})`] : []),
  next: (s, a) => (s.n < 2 && a.startsWith('Write(') ? { note: HOSTILE, n: s.n + 1 } : undefined),
  properties: [always(`Safe<b>${HOSTILE}`, (s) => s.n < 2, `doc ${HOSTILE}`)],
}
