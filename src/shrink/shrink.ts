/**
 * Minimises a trace, whoever found it, and certifies the result by replay. The passes, in order:
 *
 * 1. cut the trace at the first state that shows its property;
 * 2. drop the fault steps (crash, restart, drop, ...) all at once;
 * 3. delete steps by delta debugging, then one at a time until no single step can go;
 * 4. a bounded BFS for a shorter trace: first from the initial states to one step less than the
 *    current length (when it completes, the result is the shortest there is), and when that is too
 *    big, from every state of the trace for a shorter way to a later state or to the property.
 *
 * Every candidate is run leniently: each step is re-resolved by its identity against the actions
 * enabled in the state it now meets (`resolveStep`: by its data, then by its formatted name), and a
 * step that is no longer enabled is skipped, so deleting one step never invalidates the rest. The
 * result is replayed twice, strictly, and must reproduce with the same fingerprints both times.
 */
import type { Model, Property } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { Hasher, canonicalJson, fingerprint } from '../core/canonical.js'
import { FaultlineError, ImpureModelError, TraceFileError } from '../core/errors.js'
import { propertyOf, replay, type Trace, type TraceStep } from '../core/trace.js'
import { boundedBfs, pathTo } from './bfs.js'

export interface ShrinkOptions {
  /** Distinct states the bounded BFS passes may visit, in all. @default 200_000 */
  readonly maxStates?: number
  /** Seconds the whole shrink may take; the passes stop early and keep the best trace so far. @default 10 */
  readonly timeLimit?: number
  /** Run the bounded BFS passes. @default true */
  readonly bfs?: boolean
  /** Which steps are faults, dropped first. @default {@link isFaultStep} */
  readonly isFault?: (step: TraceStep) => boolean
}

export const SHRINK_DEFAULTS = { maxStates: 200_000, timeLimit: 10 } as const

export interface ShrinkStats {
  /** Steps of the trace given. */
  readonly originalLength: number
  /** Steps after cutting at the first state that shows the property. */
  readonly truncatedLength: number
  /** Steps after dropping faults and deleting steps (before the BFS passes). */
  readonly deltaLength: number
  /** Steps of the result. */
  readonly length: number
  /** Fault steps in the trace given that the result no longer has. */
  readonly faultsDropped: number
  /** Candidate traces run. */
  readonly candidates: number
  /** Distinct states the BFS passes visited. */
  readonly bfsStates: number
  /** True when a complete BFS showed that no shorter trace exists. */
  readonly shortest: boolean
  readonly elapsedMs: number
}

export interface ShrinkResult {
  readonly trace: Trace
  readonly stats: ShrinkStats
}

/** Kinds of action that are faults rather than protocol steps. */
const FAULT_KIND = /crash|restart|drop|duplicat|partition|heal|lose|loss|fail/i

/**
 * The default fault test: the action's name (before its parenthesis) mentions a crash, restart,
 * drop, duplicate, partition, heal or loss.
 */
export function isFaultStep(step: TraceStep): boolean {
  const name = step.action.split('(')[0] ?? step.action
  return FAULT_KIND.test(name)
}

/** Whether the state `s` shows what a trace of `property` with this verdict claims. */
export function showsVerdict<S>(property: Property<S>, verdict: Trace['verdict'], s: S): boolean {
  const holds = property.check(s) === true
  return verdict === 'violated' ? !holds : holds
}

/**
 * Runs steps leniently from an initial state: each step is re-resolved against the actions enabled
 * where it now lands, skipped when none matches (or its successor is outside `within`), and the
 * run stops at the first state that shows the property.
 */
export class LenientRunner<S, A> {
  private readonly keys = new WeakMap<object, string>()
  private readonly hasher = new Hasher()
  candidates = 0

  constructor(
    readonly model: Model<S, A>,
    readonly property: Property<S>,
    readonly verdict: Trace['verdict'],
    readonly respectWithin: boolean,
  ) {}

  /** The steps actually taken, up to the first state that shows the property, or null if none does. */
  run(init: number, steps: readonly TraceStep[]): { steps: TraceStep[]; states: S[] } | null {
    this.candidates++
    const model = this.model
    let s = model.init()[init]
    if (s === undefined) return null
    const states: S[] = [s]
    const taken: TraceStep[] = []
    if (showsVerdict(this.property, this.verdict, s)) return { steps: taken, states }
    for (const step of steps) {
      const actions = model.actions(s)
      const k = this.resolve(actions, step)
      if (k < 0) continue
      const a = actions[k] as A
      const t = model.next(s, a)
      if (t === undefined) continue
      if (this.respectWithin && model.within !== undefined && !model.within(t)) continue
      s = t
      states.push(s)
      taken.push(sameAction(step, a) ? step : { action: formatActionOf(model, a), data: a })
      if (showsVerdict(this.property, this.verdict, s)) return { steps: taken, states }
    }
    return null
  }

  // resolveStep's rule (data first, then the formatted name) with the canonical JSON of each
  // action and step cached, since delta debugging resolves the same steps thousands of times.
  private resolve(actions: readonly A[], step: TraceStep): number {
    const want = this.key(step.data)
    for (let i = 0; i < actions.length; i++) if (this.key(actions[i]) === want) return i
    for (let i = 0; i < actions.length; i++) if (formatActionOf(this.model, actions[i] as A) === step.action) return i
    return -1
  }

  // Equal plain data (keys in any order) gives an equal key, as with canonical JSON, but the
  // 64-bit fingerprint builds no string of the whole action.
  private key(v: unknown): string {
    if (v === null || typeof v !== 'object') return canonicalJson(v)
    let k = this.keys.get(v)
    if (k === undefined) {
      try {
        this.hasher.hash(v)
        k = `${this.hasher.hi}:${this.hasher.lo}`
      } catch {
        k = canonicalJson(v)
      }
      this.keys.set(v, k)
    }
    return k
  }
}

function sameAction(step: TraceStep, a: unknown): boolean {
  return step.data === a
}

/**
 * Minimises a trace and certifies the result: it replays, shows the same property, and two replays
 * visit the same fingerprints. Throws a {@link TraceFileError} when the trace given does not
 * reproduce, and an {@link ImpureModelError} when the model is nondeterministic.
 *
 * @example
 * const { trace, stats } = shrinkTrace(model, report.violations[0].trace)
 * console.log(`${stats.originalLength} -> ${stats.length} steps`)
 */
export function shrinkTrace<S, A>(model: Model<S, A>, trace: Trace, options: ShrinkOptions = {}): ShrinkResult {
  const start = performance.now()
  const deadline = start + (options.timeLimit ?? SHRINK_DEFAULTS.timeLimit) * 1000
  const budget = options.maxStates ?? SHRINK_DEFAULTS.maxStates
  const isFault = options.isFault ?? isFaultStep
  const property = propertyOf(model, trace.property)
  const original = replay(model, trace)
  if (!original.reproduced) {
    throw new TraceFileError(
      `the trace does not reproduce: ${trace.property} ${trace.verdict === 'violated' ? 'holds' : 'does not hold'} in its last state, so there is nothing to shrink`,
    )
  }
  // A trace that passes through states outside the model's `within` constraint (written by hand,
  // or found without it) is shrunk without the constraint rather than rejected.
  let runner = new LenientRunner(model, property, trace.verdict, true)
  let first = runner.run(trace.init, trace.steps)
  if (first === null) {
    runner = new LenientRunner(model, property, trace.verdict, false)
    first = runner.run(trace.init, trace.steps)
  }
  if (first === null) throw new FaultlineError(`internal: trace of ${trace.property} reproduces strictly but not leniently`)

  let init = trace.init
  let steps = first.steps
  const truncatedLength = steps.length
  const timeLeft = (): boolean => performance.now() < deadline

  // 2. Faults all at once: a counterexample that needs no fault is the clearest one.
  if (steps.some(isFault)) {
    const r = runner.run(init, steps.filter((s) => !isFault(s)))
    if (r) steps = r.steps
  }

  // 3. Delta debugging (complements of n chunks), then single deletions to a fixed point.
  steps = deltaDebug(runner, init, steps, timeLeft)
  const deltaLength = steps.length

  // 4. Bounded BFS.
  let bfsStates = 0
  let shortest = steps.length === 0
  if ((options.bfs ?? true) && steps.length > 0 && timeLeft()) {
    const searched = runner.respectWithin ? model : withoutWithin(model)
    const roots = model.init()
    // Half the budget for the BFS from the initial states; when it cannot finish, the other half
    // goes to the cheaper searches around the trace.
    const bfs = boundedBfs(searched, {
      roots,
      maxDepth: steps.length - 1,
      maxStates: Math.max(1, Math.ceil(budget / 2)),
      deadline,
      visit: (s) => showsVerdict(property, trace.verdict, s),
    })
    bfsStates += bfs.states
    if (bfs.found) {
      const p = pathTo(model, roots, bfs.table, bfs.found.id)
      init = p.root
      steps = p.steps
      shortest = true
    } else if (bfs.complete) {
      shortest = true
    } else {
      const around = shortcutPasses(searched, runner, init, steps, property, trace.verdict, budget - bfsStates, deadline)
      steps = around.steps
      bfsStates += around.states
    }
  }

  const result: Trace = { ...trace, init, steps }
  certify(model, result)
  const originalFaults = trace.steps.filter(isFault).length
  return {
    trace: result,
    stats: {
      originalLength: trace.steps.length,
      truncatedLength,
      deltaLength,
      length: steps.length,
      faultsDropped: Math.max(0, originalFaults - steps.filter(isFault).length),
      candidates: runner.candidates,
      bfsStates,
      shortest,
      elapsedMs: Math.round(performance.now() - start),
    },
  }
}

/** The same model without its `within` constraint. */
function withoutWithin<S, A>(model: Model<S, A>): Model<S, A> {
  const free: Model<S, A> = {
    name: model.name,
    init: () => model.init(),
    actions: (s) => model.actions(s),
    next: (s, a) => model.next(s, a),
    properties: model.properties,
  }
  const format = model.formatAction
  return format === undefined ? free : { ...free, formatAction: (a) => format.call(model, a) }
}

function deltaDebug<S, A>(
  runner: LenientRunner<S, A>,
  init: number,
  start: TraceStep[],
  timeLeft: () => boolean,
): TraceStep[] {
  let steps = start
  let n = 2
  while (steps.length >= 2 && timeLeft()) {
    const size = Math.ceil(steps.length / n)
    let reduced = false
    for (let i = 0; i * size < steps.length; i++) {
      const candidate = [...steps.slice(0, i * size), ...steps.slice((i + 1) * size)]
      const r = runner.run(init, candidate)
      if (r) {
        steps = r.steps
        n = Math.max(n - 1, 2)
        reduced = true
        break
      }
    }
    if (!reduced) {
      if (n >= steps.length) break
      n = Math.min(n * 2, steps.length)
    }
  }
  // One step at a time, last first (late steps are the likeliest to be noise), to a fixed point.
  let changed = true
  while (changed && timeLeft()) {
    changed = false
    for (let i = steps.length - 1; i >= 0; i--) {
      const r = runner.run(init, [...steps.slice(0, i), ...steps.slice(i + 1)])
      if (r) {
        steps = r.steps
        changed = true
        i = Math.min(i, steps.length)
      }
    }
  }
  return steps
}

/**
 * BFS from each state of the trace (last first, the cheapest) for a shorter way to the property
 * or to a later state of the trace; splices the best one in and starts again.
 */
function shortcutPasses<S, A>(
  model: Model<S, A>,
  runner: LenientRunner<S, A>,
  init: number,
  start: TraceStep[],
  property: Property<S>,
  verdict: Trace['verdict'],
  budget: number,
  deadline: number,
): { steps: TraceStep[]; states: number } {
  let steps = start
  let spent = 0
  let improved = true
  while (improved && spent < budget && performance.now() < deadline) {
    improved = false
    const run = runner.run(init, steps)
    if (run === null) break
    const states = run.states
    const len = steps.length
    const keys = states.map((s) => fingerprint(s))
    for (let i = len - 1; i >= 0 && !improved; i--) {
      if (spent >= budget || performance.now() > deadline) break
      const watch = new Map<string, number>()
      // Later states only; an earlier duplicate of a state would itself be a shortcut.
      for (let j = i + 2; j < states.length; j++) {
        const k = hexToKey(keys[j] as string)
        if (!watch.has(k)) watch.set(k, j)
      }
      const from = states[i] as S
      const bfs = boundedBfs(model, {
        roots: [from],
        maxDepth: len - i - 1,
        maxStates: Math.max(1, Math.min(budget - spent, Math.ceil(budget / 4))),
        deadline,
        watch,
        visit: (s) => showsVerdict(property, verdict, s),
      })
      spent += bfs.states
      let best: TraceStep[] | null = null
      if (bfs.found) {
        const p = pathTo(model, [from], bfs.table, bfs.found.id)
        best = [...steps.slice(0, i), ...p.steps]
      }
      for (const [j, at] of bfs.watched) {
        if (at.depth >= j - i) continue
        const p = pathTo(model, [from], bfs.table, at.id)
        const candidate = [...steps.slice(0, i), ...p.steps, ...steps.slice(j)]
        if (best === null || candidate.length < best.length) best = candidate
      }
      if (best !== null && best.length < len) {
        const r = runner.run(init, best)
        if (r && r.steps.length < len) {
          steps = r.steps
          improved = true
        }
      }
    }
  }
  return { steps, states: spent }
}

/** `fingerprint()`'s 16 hex digits as the `hi:lo` key {@link boundedBfs} watches. */
function hexToKey(hex: string): string {
  return `${parseInt(hex.slice(0, 8), 16)}:${parseInt(hex.slice(8), 16)}`
}

/**
 * Certifies a trace: it replays strictly, shows what it claims, and two replays give the same
 * fingerprints. Throws otherwise.
 */
export function certify<S, A>(model: Model<S, A>, trace: Trace): void {
  const a = replay(model, trace)
  if (!a.reproduced) {
    throw new FaultlineError(`internal: the shrunk trace of ${trace.property} does not reproduce`)
  }
  const b = replay(model, trace)
  if (a.fingerprints.join() !== b.fingerprints.join()) {
    const at = a.fingerprints.findIndex((f, i) => f !== b.fingerprints[i])
    const step = trace.steps[at - 1]
    throw new ImpureModelError(
      `model ${model.name} is nondeterministic: two replays of the same trace differ ${step ? `after step ${at} (${step.action})` : 'in the initial state'}; check it with checkPurity`,
    )
  }
}
