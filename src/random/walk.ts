/**
 * Interprets a {@link Schedule} against a model: the one place where a choice becomes an action.
 * It also keeps the coverage of the runs it is told to record (distinct fingerprints, action kinds
 * enabled and taken, `sometimes` witnesses), since those are only known while walking.
 */
import type { Model, Property } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { Hasher, hashOrExplain } from '../core/canonical.js'
import { TRACE_SCHEMA, type Trace, type TraceStep } from '../core/trace.js'
import { ROOT, VisitedTable } from '../explore/visited.js'
import { propertyHolds } from '../explore/search.js'
import type { RunMeta } from '../explore/options.js'
import { defaultKindOf, pickWeighted, swarmWeight, type Schedule } from './schedule.js'

/** A state a run can start from, and how it was reached (nothing for an initial state). */
export interface StartPoint<S> {
  readonly state: S
  /** Index into `model.init()` of the state the path to this one starts at. */
  readonly init: number
  readonly depth: number
  /** The steps from that initial state to this one. */
  prefix(): readonly TraceStep[]
}

/** What one run did. */
export interface WalkResult<S, A> {
  readonly start: StartPoint<S>
  /** The actions taken, in order (up to and including the one that broke a property). */
  readonly actions: readonly A[]
  /** The `always` property the last state violates, or null. */
  readonly violated: Property<S> | null
  /** Distinct states this run added to the coverage table (0 when not recording). */
  readonly newStates: number
}

/** Where a witness was first seen at its shallowest, with its trace. */
interface BestWitness {
  depth: number
  trace: Trace
}

export interface WalkerOptions<A> {
  readonly kindOf?: ((a: A) => string) | undefined
  readonly strategy: string
  readonly meta?: RunMeta | undefined
}

/** Walks schedules over one model, keeping coverage across the runs it records. */
export class Walker<S, A> {
  readonly table = new VisitedTable(1 << 12)
  private readonly hasher = new Hasher()
  readonly always: readonly Property<S>[]
  readonly sometimes: readonly Property<S>[]
  /** Per `sometimes` property: runs that witnessed it, the first such run, the shallowest witness. */
  readonly witnessHits: number[]
  readonly witnessFirstRun: (number | null)[]
  readonly witnessBest: (BestWitness | null)[]
  /** Kind -> [distinct states where enabled, steps taken]. */
  readonly kinds = new Map<string, [number, number]>()
  private readonly kindCache = new WeakMap<object, string>()
  private readonly kindOfAction: (a: A) => string
  steps = 0
  transitions = 0
  pruned = 0
  deepest = 0
  runs = 0
  swarmRuns = 0

  constructor(
    readonly model: Model<S, A>,
    public starts: readonly StartPoint<S>[],
    readonly o: WalkerOptions<A>,
  ) {
    this.always = model.properties.filter((p) => p.kind === 'always')
    this.sometimes = model.properties.filter((p) => p.kind === 'sometimes')
    this.witnessHits = this.sometimes.map(() => 0)
    this.witnessFirstRun = this.sometimes.map(() => null)
    this.witnessBest = this.sometimes.map(() => null)
    this.kindOfAction = o.kindOf ?? ((a: A) => defaultKindOf(model, a))
  }

  /** Replaces the start points (hybrid search: the BFS frontier). */
  setStarts(starts: readonly StartPoint<S>[]): void {
    this.starts = starts
  }

  /** The kind of an action, cached per action object (models often reuse prebuilt actions). */
  kindOf(a: A): string {
    if (a === null || typeof a !== 'object') return this.kindOfAction(a)
    let k = this.kindCache.get(a)
    if (k === undefined) {
      k = this.kindOfAction(a)
      this.kindCache.set(a, k)
    }
    return k
  }

  /**
   * Runs one schedule. With `record`, the run counts towards coverage and witnesses; `check` is the
   * list of `always` properties to check (the first one violated ends the run).
   */
  walk(schedule: Schedule, check: readonly Property<S>[], record: boolean): WalkResult<S, A> {
    const model = this.model
    const start = this.starts[schedule.start % this.starts.length] as StartPoint<S>
    let s = start.state
    let depth = start.depth
    const taken: A[] = []
    let newStates = 0
    const seen: boolean[] | null = record ? this.sometimes.map(() => false) : null
    if (record) {
      this.runs++
      if (schedule.swarm !== 0) this.swarmRuns++
    }
    if (record) {
      if (this.note(s, depth)) {
        newStates++
        this.tallyEnabled(s)
      }
      this.witness(s, depth, start, taken, seen as boolean[])
    }
    let violated = this.firstViolated(check, s, depth)
    const weightOf = new Map<string, number>()
    const swarm = schedule.swarm
    const within = model.within
    for (let c = 0; c < schedule.choices.length && violated === null; c++) {
      const choice = schedule.choices[c] as number
      const actions = model.actions(s)
      if (actions.length === 0) break
      // Candidates in listed order with their weights; one whose successor is not enabled (or
      // falls outside `within`) is dropped and the same choice read again against the rest.
      const idx: number[] = actions.map((_, i) => i)
      let weights: number[] = swarm === 0 ? idx.map(() => 1) : actions.map((a) => this.weight(weightOf, swarm, a))
      let fellBack = swarm === 0
      let next: S | undefined
      let action: A | undefined
      for (;;) {
        const k = pickWeighted(choice, weights)
        if (k < 0) {
          if (fellBack || idx.length === 0) break
          // The swarm leaves out every enabled kind here: take any enabled action rather than stop.
          weights = idx.map(() => 1)
          fellBack = true
          continue
        }
        const a = actions[idx[k] as number] as A
        const t = model.next(s, a)
        if (t !== undefined && record) this.transitions++
        if (t !== undefined && (within === undefined || within(t))) {
          next = t
          action = a
          break
        }
        if (t !== undefined && record) this.pruned++
        idx.splice(k, 1)
        weights.splice(k, 1)
      }
      if (next === undefined || action === undefined) break
      s = next
      depth++
      taken.push(action)
      if (record) {
        this.steps++
        this.tallyKind(this.kindOf(action), 1)
        if (this.note(s, depth)) {
          newStates++
          this.tallyEnabled(s)
        }
        this.witness(s, depth, start, taken, seen as boolean[])
      }
      violated = this.firstViolated(check, s, depth)
    }
    if (seen) {
      seen.forEach((hit, i) => {
        if (!hit) return
        this.witnessHits[i] = (this.witnessHits[i] as number) + 1
        if (this.witnessFirstRun[i] === null) this.witnessFirstRun[i] = this.runs
      })
    }
    return { start, actions: taken, violated, newStates }
  }

  /** The trace of a run: the path to its start, then its actions. */
  traceOf(result: Pick<WalkResult<S, A>, 'start' | 'actions'>, property: Property<S>, verdict: Trace['verdict']): Trace {
    return this.trace(result.start, result.actions, property, verdict)
  }

  trace(start: StartPoint<S>, actions: readonly A[], property: Property<S>, verdict: Trace['verdict']): Trace {
    const steps: TraceStep[] = [...start.prefix(), ...actions.map((a) => ({ action: formatActionOf(this.model, a), data: a as unknown }))]
    const meta = this.o.meta ?? {}
    return {
      schema: TRACE_SCHEMA,
      model: this.model.name,
      config: meta.config ?? 'custom',
      params: meta.params ?? {},
      weaken: meta.weaken ?? [],
      property: property.name,
      kind: property.kind,
      verdict,
      strategy: this.o.strategy,
      init: start.init,
      steps,
    }
  }

  /** Records a state's fingerprint; true when it is new. */
  note(s: S, depth: number): boolean {
    hashOrExplain(this.hasher, s)
    const id = this.table.insert(this.hasher.hi, this.hasher.lo, ROOT, 0, depth)
    if (depth > this.deepest) this.deepest = depth
    return id >= 0
  }

  /** Records a witness seen outside a run (the hybrid BFS). */
  noteWitness(i: number, depth: number, trace: Trace): void {
    this.witnessHits[i] = (this.witnessHits[i] as number) + 1
    if (this.witnessFirstRun[i] === null) this.witnessFirstRun[i] = 0
    const best = this.witnessBest[i]
    if (!best || depth < best.depth) this.witnessBest[i] = { depth, trace }
  }

  /** Counts, once per distinct state, each kind of action enabled in it (run ends included). */
  private tallyEnabled(s: S): void {
    const kinds = new Set<string>()
    for (const a of this.model.actions(s)) kinds.add(this.kindOf(a))
    for (const k of kinds) this.tallyKind(k, 0)
  }

  tallyKind(kind: string, fired: 0 | 1): void {
    const k = this.kinds.get(kind)
    if (k === undefined) this.kinds.set(kind, fired ? [0, 1] : [1, 0])
    else if (fired) k[1]++
    else k[0]++
  }

  private weight(cache: Map<string, number>, swarm: number, a: A): number {
    const kind = this.kindOf(a)
    let w = cache.get(kind)
    if (w === undefined) {
      w = swarmWeight(swarm, kind)
      cache.set(kind, w)
    }
    return w
  }

  private witness(s: S, depth: number, start: StartPoint<S>, taken: readonly A[], seen: boolean[]): void {
    const some = this.sometimes
    for (let i = 0; i < some.length; i++) {
      if (seen[i]) continue
      const p = some[i] as Property<S>
      if (!this.holds(p, s, depth)) continue
      seen[i] = true
      const best = this.witnessBest[i]
      if (!best || depth < best.depth) this.witnessBest[i] = { depth, trace: this.trace(start, taken, p, 'witness') }
    }
  }

  firstViolated(check: readonly Property<S>[], s: S, depth: number): Property<S> | null {
    for (const p of check) if (!this.holds(p, s, depth)) return p
    return null
  }

  holds(p: Property<S>, s: S, depth: number): boolean {
    return propertyHolds(this.model, p, s, depth)
  }
}

/** The initial states of a model inside its `within` constraint, as start points. */
export function initialStarts<S, A>(model: Model<S, A>): StartPoint<S>[] {
  const out: StartPoint<S>[] = []
  model.init().forEach((state, init) => {
    if (model.within === undefined || model.within(state)) out.push({ state, init, depth: 0, prefix: () => [] })
  })
  return out
}
