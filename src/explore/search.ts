/**
 * Breadth-first, depth-first and random-walk search over any `Model`, sharing one fingerprint,
 * one visited table, one set of bounds and one report.
 */
import { getHeapStatistics } from 'node:v8'
import { totalmem } from 'node:os'
import { freeze } from 'immer'
import type { AnyModel, Model, Property, StateCodec } from '../core/model.js'
import { formatActionOf } from '../core/model.js'
import { Hasher, hashOrExplain } from '../core/canonical.js'
import { FaultlineError, ImpureModelError, PropertyThrewError, messageOf } from '../core/errors.js'
import { TRACE_SCHEMA, type Trace, type TraceStep } from '../core/trace.js'
import { ChunkedQueue, ROOT, VisitedTable, WordQueue } from './visited.js'
import { DEFAULTS, validateOptions, type Bound, type ExploreOptions, type RunMeta, type Strategy } from './options.js'
import type { Report, Violation, Witness } from './report.js'

/** Thrown inside the loop to unwind when a bound or the first violation ends the search. */
class Stop {}

class Search<S, A> {
  readonly table = new VisitedTable()
  private readonly hasher = new Hasher()
  private readonly always: Property<S>[]
  private readonly sometimes: Property<S>[]
  private readonly alwaysFailed: (Violation | null)[]
  private readonly witnessAt: (Witness | null)[]
  private readonly cut = new Set<Bound>()
  transitions = 0
  pruned = 0
  deepest = 0
  private readonly start = performance.now()
  private readonly cpuStart = process.cpuUsage()
  private nextTick = 0
  private readonly deadline: number
  private readonly maxStates: number
  private readonly maxMemory: number
  /** The JS heap's own ceiling: past it V8 would abort the process. */
  private readonly maxHeap: number
  private readonly stopOnViolation: boolean
  readonly purity: boolean
  queueLength = 0
  peakQueue = 0
  private readonly baseMemory = memoryInUse()
  private peakMemory = 0

  constructor(
    readonly model: Model<S, A>,
    readonly o: ExploreOptions,
    readonly strategy: Strategy,
  ) {
    this.always = model.properties.filter((p) => p.kind === 'always')
    this.sometimes = model.properties.filter((p) => p.kind === 'sometimes')
    this.alwaysFailed = this.always.map(() => null)
    this.witnessAt = this.sometimes.map(() => null)
    this.deadline = this.start + (o.timeLimit ?? DEFAULTS.timeLimit) * 1000
    this.maxStates = o.maxStates ?? DEFAULTS.maxStates
    this.maxMemory = o.maxMemory ?? totalmem() * DEFAULTS.memoryFraction
    this.maxHeap = getHeapStatistics().heap_size_limit * DEFAULTS.memoryFraction
    this.stopOnViolation = o.stopOnViolation ?? true
    this.purity = o.checkPurity ?? false
    this.nextTick = this.start + DEFAULTS.progressIntervalMs
    this.codec = model.codec
    this.packed = new Int32Array(this.codec?.words ?? 0)
    this.sym = symmetryOf(model, o.symmetry === true)
  }

  /** The model's symmetry canonicaliser when the symmetry option is on. */
  readonly sym: ((s: S) => S) | undefined

  /** `s`, or its representative under symmetry reduction: what the search stores and expands. */
  canon(s: S): S {
    return this.sym === undefined ? s : this.sym(s)
  }

  /** With a codec: the packed words of the state {@link Search.visit} saw last. */
  readonly packed: Int32Array
  private readonly codec: StateCodec<S> | undefined

  /** Fingerprints a state into `hasher.hi`/`hasher.lo` (via the model's codec when it has one). */
  fingerprint(s: S): void {
    // The body of fingerprintInto, written out: this is the search's hottest call, once per
    // transition, and the extra call measured a few per cent slower on twophase.
    const codec = this.codec
    if (codec !== undefined) {
      codec.pack(s, this.packed, 0)
      this.hasher.words(this.packed, 0, codec.words)
    } else {
      hashOrExplain(this.hasher, s)
    }
  }

  /** Fingerprints and records a state; returns its new id, or a negative number if seen before. */
  visit(s: S, parent: number, via: number, depth: number): number {
    this.fingerprint(s)
    const id = this.table.insert(this.hasher.hi, this.hasher.lo, parent, via, depth)
    if (id < 0) return id
    if (depth > this.deepest) this.deepest = depth
    this.checkProperties(s, id, depth)
    if ((id & 1023) === 0) this.tick()
    if (this.table.size >= this.maxStates) {
      this.cut.add('maxStates')
      throw new Stop()
    }
    return id
  }

  private checkProperties(s: S, id: number, depth: number): void {
    const always = this.always
    for (let i = 0; i < always.length; i++) {
      const p = always[i] as Property<S>
      if (this.alwaysFailed[i] !== null) continue
      if (!propertyHolds(this.model, p, s, depth)) {
        this.alwaysFailed[i] = violationOf(this.traceTo(id, p.name, 'always', 'violated'))
        if (this.stopOnViolation) throw new Stop()
      }
    }
    const some = this.sometimes
    for (let i = 0; i < some.length; i++) {
      if (this.witnessAt[i] !== null) continue
      const p = some[i] as Property<S>
      if (propertyHolds(this.model, p, s, depth)) {
        const trace = this.traceTo(id, p.name, 'sometimes', 'witness')
        this.witnessAt[i] = { property: p.name, found: true, depth, trace }
      }
    }
  }

  /** Enabled successors of `s`, in action order: [action index, state] pairs via callback. */
  expand(s: S, each: (t: S, via: number) => void): boolean {
    const model = this.model
    if (this.purity) return this.expandPure(s, each)
    // Successors share most sub-objects with `s`: remember their hashes for the visits below.
    if (this.codec === undefined) this.hasher.remember(s)
    const actions = model.actions(s)
    let any = false
    for (let i = 0; i < actions.length; i++) {
      const t = model.next(s, actions[i] as A)
      if (t === undefined) continue
      any = true
      this.transitions++
      if (model.within !== undefined && !model.within(t)) {
        this.pruned++
        continue
      }
      each(this.sym === undefined ? t : this.sym(t), i)
    }
    return any
  }

  /**
   * Whether `s` has a successor inside `within` that is not yet visited: where a depth bound stops
   * expansion, only such a successor means the bound cut something off.
   */
  hasUnseenSuccessor(s: S): boolean {
    const model = this.model
    for (const a of model.actions(s)) {
      const t = model.next(s, a)
      if (t === undefined || (model.within !== undefined && !model.within(t))) continue
      this.fingerprint(this.canon(t))
      if (!this.table.has(this.hasher.hi, this.hasher.lo)) return true
    }
    return false
  }

  private expandPure(s: S, each: (t: S, via: number) => void): boolean {
    const model = this.model
    freeze(s, true)
    const h = new Hasher()
    const fp = (v: unknown): string => {
      hashOrExplain(h, v, 'value')
      return `${h.hi}:${h.lo}`
    }
    const codec = this.codec
    const roundTrip = (x: S): void => {
      if (codec === undefined) return
      const words = new Int32Array(codec.words)
      codec.pack(x, words, 0)
      if (fp(codec.unpack(words, 0)) !== fp(x)) {
        throw new ImpureModelError(
          `the codec of model ${model.name} does not round-trip a reachable state: unpack(pack(s)) differs from s; fix pack/unpack or remove the codec`,
        )
      }
    }
    roundTrip(s)
    const actions = model.actions(s)
    const again = model.actions(s)
    if (fp(actions) !== fp(again)) {
      throw new ImpureModelError(
        `model ${model.name} is nondeterministic: actions(s) gave two different lists for one state; actions must depend on the state alone`,
      )
    }
    let any = false
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i] as A
      const name = formatActionOf(model, a)
      let t1: S | undefined
      let t2: S | undefined
      try {
        t1 = model.next(s, a)
        t2 = model.next(s, a)
      } catch (err) {
        if (err instanceof TypeError) {
          throw new ImpureModelError(
            `model ${model.name} is impure: next(s, ${name}) mutated its input state (${messageOf(err)}); build a new state with spreads instead`,
          )
        }
        throw err
      }
      if (t1 === s) {
        throw new ImpureModelError(
          `model ${model.name}: next(s, ${name}) returned its input state; return undefined when an action is not enabled`,
        )
      }
      if ((t1 === undefined) !== (t2 === undefined) || (t1 !== undefined && fp(t1) !== fp(t2))) {
        throw new ImpureModelError(
          `model ${model.name} is nondeterministic: next(s, ${name}) gave two different results for one state; next must depend on (s, a) alone`,
        )
      }
      if (t1 === undefined) continue
      roundTrip(t1)
      any = true
      this.transitions++
      if (model.within !== undefined && !model.within(t1)) {
        this.pruned++
        continue
      }
      each(this.canon(t1), i)
    }
    return any
  }

  tick(): void {
    const now = performance.now()
    if (now > this.deadline) {
      this.cut.add('timeLimit')
      throw new Stop()
    }
    if (this.queueLength > this.peakQueue) this.peakQueue = this.queueLength
    const heap = getHeapStatistics()
    const mem = heap.used_heap_size + heap.external_memory
    if (mem > this.peakMemory) this.peakMemory = mem
    if (now >= this.nextTick) {
      this.nextTick = now + DEFAULTS.progressIntervalMs
      // Typed arrays (the visited table, a packed frontier) live outside the JS heap: bound them by
      // the machine's memory, and the heap by V8's own limit.
      if (mem > this.maxMemory || heap.used_heap_size > this.maxHeap) {
        this.cut.add('memory')
        throw new Stop()
      }
      const elapsedMs = now - this.start
      this.o.onProgress?.({
        states: this.table.size,
        transitions: this.transitions,
        depth: this.deepest,
        queue: this.queueLength,
        elapsedMs,
        statesPerSecond: Math.round(this.table.size / (elapsedMs / 1000)),
      })
    }
  }

  cutBy(bound: Bound): void {
    this.cut.add(bound)
  }

  /** Rebuilds the path to `id` by replaying the recorded action indices from its root. */
  traceTo(id: number, property: string, kind: 'always' | 'sometimes', verdict: Trace['verdict']): Trace {
    const { init, vias } = this.table.path(id)
    return traceFromPath(this.model, this.sym, { init, vias }, { property, kind, verdict, strategy: this.strategy, meta: this.o.meta })
  }

  run(body: () => void): Report {
    try {
      body()
    } catch (err) {
      if (err instanceof FaultlineError) throw err
      if (!(err instanceof Stop)) {
        // A bug in the model's own code: say whose, in one line, and keep the original as cause.
        throw new FaultlineError(
          `model ${this.model.name} threw ${err instanceof Error ? err.name : 'a value'} while the search ran (after ${this.table.size.toLocaleString('en-US')} states): ${messageOf(err)}; set FAULTLINE_DEBUG=1 for the stack`,
          { cause: err },
        )
      }
    }
    return this.report()
  }

  private report(): Report {
    const elapsedMs = performance.now() - this.start
    const cpu = process.cpuUsage(this.cpuStart)
    return assembleReport({
      model: this.model,
      strategy: this.strategy,
      meta: this.o.meta,
      violations: this.alwaysFailed.filter((v): v is Violation => v !== null),
      invariants: this.always.map((p, i) => ({ property: p.name, held: this.alwaysFailed[i] === null })),
      witnesses: this.sometimes.map((p, i) => this.witnessAt[i] ?? { property: p.name, found: false }),
      cutBy: [...this.cut],
      states: this.table.size,
      transitions: this.transitions,
      maxDepth: this.deepest,
      pruned: this.pruned,
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      visitedBytes: this.table.bytes,
      peakQueue: this.peakQueue,
      peakMemoryBytes: Math.max(0, Math.max(this.peakMemory, memoryInUse()) - this.baseMemory),
    })
  }
}

/** What a search found, before the verdict is drawn from it: the report's figures, the
 * `always` properties found violated (each with its trace), and the model and names it ran with. */
export interface SearchOutcome extends Omit<Report, 'model' | 'config' | 'params' | 'weaken' | 'verdict' | 'exhaustive' | 'statesPerSecond'> {
  readonly model: AnyModel
  readonly meta: RunMeta | undefined
}

/**
 * The report of a search: the verdict, and a missing witness counted as a violation when (and only
 * when) the search was exhaustive.
 */
export function assembleReport(o: SearchOutcome): Report {
  const violations: Violation[] = [...o.violations]
  const anyViolation = violations.length > 0
  // "Exhaustive" means every reachable state was visited: no bound, no early stop, and not random.
  const exhaustive = o.cutBy.length === 0 && !anyViolation && o.strategy !== 'random'
  if (exhaustive) {
    for (const w of o.witnesses) {
      if (!w.found) {
        violations.push({
          property: w.property,
          kind: 'sometimes',
          length: 0,
          message: `${w.property} is never reached in ${plural(o.states, 'state')}: the model never does what this witness expects`,
        })
      }
    }
  }
  const verdict = anyViolation ? 'violated' : !exhaustive ? 'incomplete' : violations.length > 0 ? 'violated' : 'holds'
  const meta = o.meta ?? {}
  return {
    model: o.model.name,
    config: meta.config ?? 'custom',
    params: meta.params ?? {},
    weaken: meta.weaken ?? [],
    strategy: o.strategy,
    verdict,
    exhaustive,
    cutBy: o.cutBy,
    states: o.states,
    transitions: o.transitions,
    maxDepth: o.maxDepth,
    pruned: o.pruned,
    elapsedMs: Math.round(o.elapsedMs),
    statesPerSecond: o.elapsedMs > 0 ? Math.round(o.states / (o.elapsedMs / 1000)) : 0,
    cpuMs: Math.round(o.cpuMs),
    visitedBytes: o.visitedBytes,
    peakQueue: o.peakQueue,
    peakMemoryBytes: o.peakMemoryBytes,
    violations,
    witnesses: o.witnesses,
    invariants: o.invariants,
  }
}

/** A fingerprint of `s` as a string (via the model's codec when it has one). */
function keyOf<S>(model: Model<S, unknown>, s: S): string {
  const h = new Hasher()
  fingerprintInto(h, model.codec, new Int32Array(model.codec?.words ?? 0), s)
  return `${h.hi}:${h.lo}`
}

/**
 * Fingerprints `s` into `hasher.hi`/`hasher.lo`: by its packed words (written into `packed`) when
 * the model has a codec, else by walking the object.
 */
export function fingerprintInto<S>(hasher: Hasher, codec: StateCodec<S> | undefined, packed: Int32Array, s: S): void {
  if (codec !== undefined) {
    codec.pack(s, packed, 0)
    hasher.words(packed, 0, codec.words)
  } else {
    hashOrExplain(hasher, s)
  }
}

/** Whether property `p` holds in `s`; a property that throws is a one-line error that names it. */
export function propertyHolds<S>(model: { readonly name: string }, p: Property<S>, s: S, depth: number): boolean {
  try {
    return p.check(s) === true
  } catch (err) {
    throw new PropertyThrewError(
      `property ${p.name} of model ${model.name} threw on a state at depth ${depth}: ${messageOf(err)}; a property must return true or false for every state`,
    )
  }
}

/** With symmetry on, the model's `representative`, bound; a one-line error if it has none. */
export function symmetryOf<S>(model: Model<S, any>, on: boolean): ((s: S) => S) | undefined {
  if (!on) return undefined
  if (model.representative === undefined) {
    throw new FaultlineError(
      `model ${model.name} has no representative(s), so symmetry reduction cannot be used; drop the symmetry option or give the model one`,
    )
  }
  return model.representative.bind(model)
}

/** The report's entry for an `always` property that `trace` shows violated. */
export function violationOf(trace: Trace): Violation {
  return {
    property: trace.property,
    kind: 'always',
    length: trace.steps.length,
    trace,
    message: `${trace.property} is violated after ${plural(trace.steps.length, 'step')}`,
  }
}

/** What a trace says besides its steps. */
export interface TraceLabel {
  readonly property: string
  readonly kind: 'always' | 'sometimes'
  readonly verdict: Trace['verdict']
  readonly strategy: Strategy
  readonly meta: RunMeta | undefined
}

/**
 * Turns a recorded path (an index into `init()`, then one action index per step) into a trace by
 * replaying it. Under symmetry reduction (`sym` given) the path runs through representatives; it
 * is turned into a real run from the real initial state by taking, at each step, an action whose
 * successor is in the next class.
 */
export function traceFromPath<S, A>(
  model: Model<S, A>,
  sym: ((s: S) => S) | undefined,
  path: { readonly init: number; readonly vias: readonly number[] },
  label: TraceLabel,
): Trace {
  let s = model.init()[path.init] as S
  const steps: TraceStep[] = []
  if (sym === undefined) {
    for (const via of path.vias) {
      const a = model.actions(s)[via] as A
      steps.push({ action: formatActionOf(model, a), data: a })
      s = model.next(s, a) as S
    }
  } else {
    const key = (x: S): string => keyOf(model as Model<S, unknown>, x)
    let r = sym(s)
    for (const via of path.vias) {
      r = sym(model.next(r, model.actions(r)[via] as A) as S)
      const want = key(r)
      const step = model.actions(s).find((a) => {
        const t = model.next(s, a)
        return t !== undefined && key(sym(t)) === want
      })
      if (step === undefined) {
        throw new FaultlineError(
          `model ${model.name}: representative() is not a symmetry of the model (a state and its representative have different successors); fix it or drop the symmetry option`,
        )
      }
      steps.push({ action: formatActionOf(model, step), data: step })
      s = model.next(s, step) as S
    }
  }
  const meta = label.meta ?? {}
  return {
    schema: TRACE_SCHEMA,
    model: model.name,
    config: meta.config ?? 'custom',
    params: meta.params ?? {},
    weaken: meta.weaken ?? [],
    property: label.property,
    kind: label.kind,
    verdict: label.verdict,
    strategy: label.strategy,
    init: path.init,
    steps,
  }
}

/** JS heap in use plus typed-array memory: what a search holds, garbage included. */
function memoryInUse(): number {
  const h = getHeapStatistics()
  return h.used_heap_size + h.external_memory
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`
}

function initialStates<S, A>(search: Search<S, A>): S[] {
  const inits = search.model.init()
  if (inits.length === 0) throw new FaultlineError(`model ${search.model.name} has no initial state; init() must return at least one`)
  return inits.map((s) => search.canon(s))
}

/** BFS over a model with a codec: the frontier is kept packed, states are unpacked to expand. */
function bfsPacked<S, A>(search: Search<S, A>, maxDepth: number, codec: StateCodec<S>): void {
  const w = codec.words
  const queue = new WordQueue(w + 1)
  const model = search.model
  initialStates(search).forEach((s, i) => {
    if (model.within !== undefined && !model.within(s)) {
      search.pruned++
      return
    }
    const id = search.visit(s, ROOT, i, 0)
    if (id >= 0) queue.push(id, search.packed, 0, w)
  })
  while (queue.length > 0) {
    search.queueLength = queue.length
    const chunk = queue.shift()
    const id = chunk[queue.at] as number
    const s = codec.unpack(chunk, queue.at + 1)
    const depth = search.table.depth(id)
    if (depth >= maxDepth) {
      if (search.hasUnseenSuccessor(s)) search.cutBy('maxDepth')
      continue
    }
    if (search.purity) {
      search.expand(s, (t, via) => {
        const tid = search.visit(t, id, via, depth + 1)
        if (tid >= 0) queue.push(tid, search.packed, 0, w)
      })
      continue
    }
    // The hot loop, without a callback per successor.
    const actions = model.actions(s)
    for (let i = 0; i < actions.length; i++) {
      const t = model.next(s, actions[i] as A)
      if (t === undefined) continue
      search.transitions++
      if (model.within !== undefined && !model.within(t)) {
        search.pruned++
        continue
      }
      const tid = search.visit(search.sym === undefined ? t : search.sym(t), id, i, depth + 1)
      if (tid >= 0) queue.push(tid, search.packed, 0, w)
    }
  }
}

function bfs<S, A>(search: Search<S, A>, maxDepth: number): void {
  if (search.model.codec !== undefined) {
    bfsPacked(search, maxDepth, search.model.codec)
    return
  }
  const queue = new ChunkedQueue<S>()
  const ids = new ChunkedQueue<number>()
  initialStates(search).forEach((s, i) => {
    if (search.model.within !== undefined && !search.model.within(s)) {
      search.pruned++
      return
    }
    const id = search.visit(s, ROOT, i, 0)
    if (id >= 0) {
      queue.push(s)
      ids.push(id)
    }
  })
  while (queue.length > 0) {
    search.queueLength = queue.length
    const s = queue.shift() as S
    const id = ids.shift() as number
    const depth = search.table.depth(id)
    if (depth >= maxDepth) {
      if (search.hasUnseenSuccessor(s)) search.cutBy('maxDepth')
      continue
    }
    search.expand(s, (t, via) => {
      const tid = search.visit(t, id, via, depth + 1)
      if (tid >= 0) {
        queue.push(t)
        ids.push(tid)
      }
    })
  }
}

interface Frame<S> {
  readonly id: number
  readonly depth: number
  readonly succ: { t: S; via: number }[]
  i: number
}

function dfs<S, A>(search: Search<S, A>, maxDepth: number): void {
  const bounded = maxDepth !== Infinity
  const stack: Frame<S>[] = []
  const push = (s: S, id: number, depth: number): void => {
    if (depth >= maxDepth) {
      if (search.hasUnseenSuccessor(s)) search.cutBy('maxDepth')
      return
    }
    const succ: { t: S; via: number }[] = []
    search.expand(s, (t, via) => succ.push({ t, via }))
    stack.push({ id, depth, succ, i: 0 })
    search.queueLength = stack.length
  }
  initialStates(search).forEach((s, i) => {
    if (search.model.within !== undefined && !search.model.within(s)) {
      search.pruned++
      return
    }
    const id = search.visit(s, ROOT, i, 0)
    if (id >= 0) push(s, id, 0)
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame<S>
      const next = top.succ[top.i++]
      if (next === undefined) {
        stack.pop()
        continue
      }
      const d = top.depth + 1
      const tid = search.visit(next.t, top.id, next.via, d)
      if (tid >= 0) {
        push(next.t, tid, d)
      } else if (bounded) {
        // Under a depth bound, a state first met deep may be met again closer to the root; its
        // successors must then be explored again or states within the bound would be missed.
        const old = -tid - 1
        if (d < search.table.depth(old)) {
          search.table.relink(old, top.id, next.via, d)
          push(next.t, old, d)
        }
      }
    }
  })
}

/** mulberry32: a small, fast, seedable PRNG; deterministic across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomWalks<S, A>(search: Search<S, A>, maxDepth: number, walks: number, seed: number): void {
  const rand = prng(seed)
  const inits = initialStates(search)
  for (let w = 0; w < walks; w++) {
    const i = Math.floor(rand() * inits.length)
    let s = inits[i] as S
    if (search.model.within !== undefined && !search.model.within(s)) {
      search.pruned++
      continue
    }
    let id = search.visit(s, ROOT, i, 0)
    if (id < 0) id = -id - 1
    for (let depth = 0; depth < maxDepth; depth++) {
      const succ: { t: S; via: number }[] = []
      search.expand(s, (t, via) => succ.push({ t, via }))
      if (succ.length === 0) break
      const pick = succ[Math.floor(rand() * succ.length)] as { t: S; via: number }
      const tid = search.visit(pick.t, id, pick.via, depth + 1)
      id = tid >= 0 ? tid : -tid - 1
      s = pick.t
    }
    search.tick()
  }
  search.cutBy('walks')
}

/**
 * Explores a model and checks its properties in every state it reaches.
 *
 * @example
 * const report = explore(model, { strategy: 'bfs', maxDepth: 20 })
 * if (report.verdict === 'violated') console.log(report.violations[0]?.trace)
 */
export function explore<S, A>(model: Model<S, A>, options: ExploreOptions = {}): Report {
  validateOptions(options)
  const strategy = options.strategy ?? DEFAULTS.strategy
  const search = new Search(model, options, strategy)
  return search.run(() => {
    if (strategy === 'bfs') bfs(search, options.maxDepth ?? Infinity)
    else if (strategy === 'dfs') dfs(search, options.maxDepth ?? Infinity)
    else randomWalks(search, options.maxDepth ?? DEFAULTS.randomMaxDepth, options.walks ?? DEFAULTS.walks, options.seed ?? DEFAULTS.seed)
  })
}
