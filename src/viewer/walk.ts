/**
 * The explorer's model side, without HTTP: a path of action indices (`0.2.1`: initial state 0,
 * then action 2 of its enabled actions, then action 1 of the next state's) walked to a state, and
 * what the page shows for it. Every bad path is a {@link PathError} with a one-line message.
 */
import type { AnyModel } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { messageOf } from '../core/errors.js'
import { resolveStep, type Trace } from '../core/trace.js'
import { diffStates, formatChange } from '../trace/diff.js'
import { buildSequence } from './sequence.js'
import { renderSvg } from './svg.js'
import { eventMarks } from './mermaid.js'
import { highlightsOf, propertyStatus, type Highlight } from './html.js'

/** Longest path the explorer walks. */
export const MAX_PATH_STEPS = 5_000
/** Most enabled actions whose successors are previewed (changes, broken properties). */
export const MAX_PREVIEWED_ACTIONS = 500

/** A path the explorer cannot walk: malformed (400) or a model that failed on it (500). */
export class PathError extends Error {
  override readonly name = 'PathError'
  constructor(
    message: string,
    readonly status: 400 | 500,
  ) {
    super(message)
  }
}

/** Parses `0.2.1` (an empty or missing path is the first initial state, `0`). */
export function parsePath(text: string | null | undefined): number[] {
  const raw = (text ?? '').trim()
  if (raw === '') return [0]
  if (!/^\d{1,9}(\.\d{1,9})*$/.test(raw)) {
    throw new PathError(
      `malformed path '${raw.length > 60 ? `${raw.slice(0, 59)}…` : raw}': expected action indices separated by dots, e.g. 0.2.1 (the first number picks the initial state)`,
      400,
    )
  }
  const path = raw.split('.').map(Number)
  if (path.length - 1 > MAX_PATH_STEPS) throw new PathError(`path has ${path.length - 1} steps; the explorer walks at most ${MAX_PATH_STEPS}`, 400)
  return path
}

/** A path walked: the states (first to last) and the actions taken. */
export interface Walk {
  readonly path: readonly number[]
  readonly states: readonly unknown[]
  readonly actions: readonly unknown[]
}

/** Walks `path` from its initial state; throws a {@link PathError} naming the first bad index. */
export function walkPath(model: AnyModel, path: readonly number[]): Walk {
  const inits = guard(() => model.init(), 'init()')
  const i0 = path[0] ?? 0
  const first = inits[i0]
  if (first === undefined) {
    throw new PathError(`initial state index ${i0} is out of range: model ${model.name} has ${inits.length} initial state${inits.length === 1 ? '' : 's'} (0..${inits.length - 1})`, 400)
  }
  const states: unknown[] = [first]
  const actions: unknown[] = []
  let s: unknown = first
  for (let i = 1; i < path.length; i++) {
    const k = path[i] as number
    const enabled = guard(() => model.actions(s), 'actions()')
    const a = enabled[k]
    if (a === undefined) {
      const range = enabled.length === 0 ? 'none is enabled there (a deadlock)' : `${enabled.length} ${enabled.length === 1 ? 'is' : 'are'} enabled there (0..${enabled.length - 1})`
      throw new PathError(`action index ${k} at step ${i} is out of range: ${range}`, 400)
    }
    const t: unknown = guard(() => model.next(s, a), `next() on ${formatActionOf(model, a)}`)
    if (t === undefined) {
      throw new PathError(`model ${model.name} lists ${formatActionOf(model, a)} as enabled at step ${i}, but next() says it is not; the model's actions and next disagree`, 500)
    }
    states.push(t)
    actions.push(a)
    s = t
  }
  return { path, states, actions }
}

function guard<T>(f: () => T, what: string): T {
  try {
    return f()
  } catch (err) {
    throw new PathError(`the model threw in ${what}: ${messageOf(err)}`, 500)
  }
}

/** The path of action indices that replays a trace, or null when a step does not resolve. */
export function pathOfTrace(model: AnyModel, trace: Pick<Trace, 'init' | 'steps'>): number[] | null {
  const inits = model.init()
  let s = inits[trace.init]
  if (s === undefined) return null
  const path = [trace.init]
  for (const step of trace.steps) {
    const enabled = model.actions(s)
    const k = resolveStep(model, s, enabled, step)
    if (k < 0) return null
    const t = model.next(s, enabled[k])
    if (t === undefined) return null
    path.push(k)
    s = t
  }
  return path
}

/** One enabled action as the page lists it. */
export interface ActionView {
  readonly index: number
  readonly label: string
  /** The fields it changes (the first few). */
  readonly changes: readonly string[]
  /** `always` properties its successor violates. */
  readonly breaks: readonly string[]
  /** Its successor is outside the model's state constraint (`within`). */
  readonly outside: boolean
  /** The model failed on it. */
  readonly error?: string
}

/** Everything the explorer page shows for one state. */
export interface StateView {
  readonly path: string
  readonly depth: number
  /** How many initial states the model has (the first index of a path picks one). */
  readonly inits: number
  readonly steps: readonly { readonly n: number; readonly action: string }[]
  readonly state: unknown
  readonly changes: readonly string[]
  readonly marks: readonly string[]
  readonly highlight: readonly Highlight[]
  readonly within: boolean
  readonly properties: readonly { readonly name: string; readonly kind: string; readonly doc: string | null }[]
  readonly status: readonly (boolean | null)[]
  /** Enabled actions; past {@link MAX_PREVIEWED_ACTIONS}, without previews. */
  readonly actions: readonly ActionView[]
  /** The path as a sequence diagram, its last row selected. */
  readonly svg: string
}

const PREVIEW_CHANGES = 4

/** What the explorer shows at the end of `path`. */
export function stateView(model: AnyModel, path: readonly number[]): StateView {
  const w = walkPath(model, path)
  const s = w.states[w.states.length - 1]
  const seq = buildSequence(model, w.states, w.actions)
  const lastStep = seq.steps[seq.steps.length - 1]
  const enabled = guard(() => model.actions(s), 'actions()')
  const always = model.properties.filter((p) => p.kind === 'always')
  const actions: ActionView[] = enabled.map((a, index) => {
    const label = formatActionOf(model, a)
    if (index >= MAX_PREVIEWED_ACTIONS) return { index, label, changes: [], breaks: [], outside: false }
    try {
      const t: unknown = model.next(s, a)
      if (t === undefined) return { index, label, changes: [], breaks: [], outside: false, error: 'listed as enabled, but next() says it is not' }
      const changes = diffStates(s, t).map(formatChange)
      const breaks = always.filter((p) => !safeCheck(p.check, t)).map((p) => p.name)
      const outside = model.within ? !model.within(t) : false
      const shown = changes.length > PREVIEW_CHANGES ? [...changes.slice(0, PREVIEW_CHANGES - 1), `… ${changes.length - PREVIEW_CHANGES + 1} more`] : changes
      return { index, label, changes: shown, breaks, outside }
    } catch (err) {
      return { index, label, changes: [], breaks: [], outside: false, error: messageOf(err) }
    }
  })
  const changed = lastStep?.changed ?? []
  return {
    path: w.path.join('.'),
    depth: w.actions.length,
    inits: guard(() => model.init(), 'init()').length,
    steps: seq.steps.slice(1).map((st) => ({ n: st.n, action: st.action })),
    state: s,
    changes: changed.map(formatChange),
    marks: lastStep ? eventMarks(lastStep.events, { drops: true }) : [],
    highlight: highlightsOf(changed, w.states[w.states.length - 2], s),
    within: model.within ? safeCheck(model.within.bind(model), s) : true,
    properties: model.properties.map((p) => ({ name: p.name, kind: p.kind, doc: p.doc ?? null })),
    status: propertyStatus(model, s),
    actions,
    svg: renderSvg(seq, { current: w.actions.length }),
  }
}

function safeCheck(f: (s: unknown) => boolean, s: unknown): boolean {
  try {
    return f(s) === true
  } catch {
    return false
  }
}
