/**
 * Random and hybrid search with fast-check: runs are drawn as {@link Schedule} values, checked by
 * `fc.check`, shrunk by fast-check as data, then minimised by `shrinkTrace`. The result is the
 * explorer's `Report` (plus coverage), with a replayable trace for every violation.
 */
import { getHeapStatistics } from 'node:v8'
import * as fc from 'fast-check'
import type { Model, Property } from '../core/model.js'
import type { Trace } from '../core/trace.js'
import { FaultlineError } from '../core/errors.js'
import type { Bound } from '../explore/options.js'
import type { Violation, Witness } from '../explore/report.js'
import { shrinkTrace } from '../shrink/shrink.js'
import { boundedBfs, pathTo } from '../shrink/bfs.js'
import { RANDOM_DEFAULTS, validateRandomOptions, type RandomOptions } from './options.js'
import type { Coverage, Found, KindCoverage, RandomReport, StoppedBy } from './report.js'
import { scheduleArbitrary, type Schedule } from './schedule.js'
import { Walker, initialStarts, type StartPoint } from './walk.js'

/** JS heap plus memory outside it (typed arrays), as the explorer measures it. */
function memoryInUse(): number {
  const h = getHeapStatistics()
  return h.used_heap_size + h.external_memory
}

/** The fast-check seed of chunk `i` of a search with seed `seed` (chunk 0 uses the seed itself). */
export function chunkSeed(seed: number, i: number): number {
  return i === 0 ? seed : (seed + Math.imul(i, 0x9e3779b9)) | 0
}

/**
 * Searches a model with random runs drawn by fast-check and returns the same `Report` as
 * `explore`, with a shrunk, replayable trace for each violation and the coverage of the runs.
 *
 * @example
 * const report = checkRandom(model, { runs: 2_000, seed: 7, untilStale: 300 })
 * for (const v of report.violations) console.log(renderText(model, v.trace!))
 * console.log(report.coverage.neverFired) // action kinds no run took
 */
export function checkRandom<S, A>(model: Model<S, A>, options: RandomOptions<A> = {}): RandomReport {
  validateRandomOptions(options as RandomOptions<unknown>)
  const startTime = performance.now()
  const cpuStart = process.cpuUsage()
  const baseMemory = memoryInUse()
  let peakMemory = baseMemory
  const sampleMemory = (): void => {
    peakMemory = Math.max(peakMemory, memoryInUse())
  }
  const mode = options.strategy ?? RANDOM_DEFAULTS.strategy
  const seed = options.seed ?? RANDOM_DEFAULTS.seed
  const runsWanted = options.runs ?? RANDOM_DEFAULTS.runs
  const maxDepth = options.maxDepth ?? RANDOM_DEFAULTS.maxDepth
  const deadline = startTime + (options.timeLimit ?? RANDOM_DEFAULTS.timeLimit) * 1000
  const stopOnViolation = options.stopOnViolation ?? true
  const fcShrinks = options.fcShrinks ?? RANDOM_DEFAULTS.fcShrinks
  const shrinkOptions = options.shrink === false ? null : options.shrink === true || options.shrink === undefined ? {} : options.shrink

  const inits = initialStarts(model)
  if (model.init().length === 0) throw new FaultlineError(`model ${model.name} has no initial state; init() must return at least one`)
  const always = model.properties.filter((p) => p.kind === 'always')
  const violations: Violation[] = []
  const found: Found[] = []
  const reported = new Set<string>()
  const cut = new Set<Bound>()
  let stoppedBy: StoppedBy = 'runs'
  let bfsInfo: Coverage['bfs'] = null
  let bfsBytes = 0
  const walker = new Walker<S, A>(model, inits, { kindOf: options.kindOf, strategy: mode, meta: options.meta })

  const addViolation = (property: Property<S>, trace: Trace, f: Found): void => {
    reported.add(property.name)
    found.push(f)
    const steps = `${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}`
    violations.push({
      property: property.name,
      kind: 'always',
      length: trace.steps.length,
      trace,
      message:
        f.run === 0
          ? `${property.name} is violated after ${steps} (found by the hybrid BFS)`
          : `${property.name} is violated after ${steps} (run ${f.run}, ${f.rawLength} steps before shrinking)`,
    })
  }

  let exhausted = false
  if (mode === 'hybrid') {
    const roots = model.init()
    const t0 = performance.now()
    // The BFS checks every property in every state it visits, as the explorer does; the traces
    // are built once it returns its table.
    const witnessAt: (number | null)[] = walker.sometimes.map(() => null)
    const violatedAt: { property: Property<S>; id: number; depth: number; ms: number }[] = []
    const bfs = boundedBfs(model, {
      roots,
      maxDepth: options.bfsDepth ?? RANDOM_DEFAULTS.bfsDepth,
      maxStates: options.bfsStates ?? RANDOM_DEFAULTS.bfsStates,
      deadline,
      keepFrontier: true,
      visit: (s, id, depth) => {
        walker.note(s, depth)
        walker.sometimes.forEach((p, i) => {
          if (witnessAt[i] === null && walker.holds(p, s, depth)) witnessAt[i] = id
        })
        let stop = false
        for (const p of always) {
          if (violatedAt.some((v) => v.property === p) || walker.holds(p, s, depth)) continue
          violatedAt.push({ property: p, id, depth, ms: Math.round(performance.now() - t0) })
          if (stopOnViolation) stop = true
        }
        return stop
      },
    })
    const traceTo = (id: number, p: Property<S>, verdict: Trace['verdict']): { trace: Trace; depth: number } => {
      const path = pathTo(model, roots, bfs.table, id)
      const start: StartPoint<S> = { state: roots[path.root] as S, init: path.root, depth: 0, prefix: () => [] }
      return { trace: walker.trace(start, path.steps.map((st) => st.data as A), p, verdict), depth: path.steps.length }
    }
    witnessAt.forEach((id, i) => {
      if (id === null) return
      const p = walker.sometimes[i] as Property<S>
      const { trace, depth } = traceTo(id, p, 'witness')
      walker.noteWitness(i, depth, trace)
    })
    for (const v of violatedAt) {
      const { trace } = traceTo(v.id, v.property, 'violated')
      const d = v.depth
      addViolation(v.property, trace, { property: v.property.name, run: 0, rawLength: d, fcLength: d, deltaLength: d, length: d, shortest: true, findMs: v.ms, shrinkMs: 0, fcSeed: seed, fcPath: null })
    }
    bfsBytes = bfs.table.bytes
    bfsInfo = { states: bfs.states, depth: bfs.frontierDepth, frontier: bfs.frontier.length }
    exhausted = bfs.exhausted
    sampleMemory()
    walker.setStarts(
      bfs.frontier.map(({ state, id }) => ({
        state,
        init: bfs.table.path(id).init,
        depth: bfs.frontierDepth,
        prefix: () => pathTo(model, roots, bfs.table, id).steps,
      })),
    )
  }

  const violatedAlready = (): boolean => stopOnViolation && violations.length > 0
  let staleRuns = 0
  let lastTick = startTime + RANDOM_DEFAULTS.progressIntervalMs
  if (!violatedAlready() && !exhausted && walker.starts.length > 0) {
    const arb = scheduleArbitrary({ maxDepth, swarm: options.swarm ?? true })
    for (let chunk = 0; walker.runs < runsWanted; chunk++) {
      if (performance.now() > deadline) {
        stoppedBy = 'timeLimit'
        break
      }
      if (options.untilStale !== undefined && staleRuns >= options.untilStale) {
        stoppedBy = 'untilStale'
        break
      }
      const check = always.filter((p) => !reported.has(p.name))
      if (check.length === 0) break
      const fcSeed = chunkSeed(seed, chunk)
      let failure: { property: Property<S>; run: number; rawLength: number; findMs: number; schedule: Schedule } | null = null
      let shrinkCalls = 0
      const property = fc.property(arb, (schedule: Schedule) => {
        if (failure === null) {
          if (walker.runs >= runsWanted || performance.now() > deadline) return true
          if (options.untilStale !== undefined && staleRuns >= options.untilStale) return true
          const r = walker.walk(schedule, check, true)
          staleRuns = r.newStates > 0 ? 0 : staleRuns + 1
          if (options.onProgress && performance.now() >= lastTick) {
            lastTick = performance.now() + RANDOM_DEFAULTS.progressIntervalMs
            const elapsedMs = performance.now() - startTime
            options.onProgress({
              states: walker.table.size,
              transitions: walker.transitions,
              depth: walker.deepest,
              queue: 0,
              elapsedMs,
              statesPerSecond: Math.round(walker.table.size / (elapsedMs / 1000)),
            })
          }
          if (r.violated === null) return true
          failure = {
            property: r.violated,
            run: walker.runs,
            rawLength: r.start.depth + r.actions.length,
            findMs: Math.round(performance.now() - startTime),
            schedule,
          }
          return false
        }
        // Shrinking: the schedule fails only if it still breaks the same property.
        if (++shrinkCalls > fcShrinks || performance.now() > deadline) return true
        const r = walker.walk(schedule, [failure.property], false)
        return r.violated === null
      })
      const details = fc.check(property, { seed: fcSeed, numRuns: Math.min(RANDOM_DEFAULTS.chunk, runsWanted - walker.runs) })
      sampleMemory()
      const fail = failure as { property: Property<S>; run: number; rawLength: number; findMs: number; schedule: Schedule } | null
      if (!details.failed || fail === null) continue
      const schedule = (details.counterexample as [Schedule] | null)?.[0]
      if (schedule === undefined) throw new FaultlineError('internal: fast-check reported a failure without a counterexample')
      const rerun = walker.walk(schedule, [fail.property], false)
      if (rerun.violated === null) throw new FaultlineError(`internal: the shrunk schedule no longer violates ${fail.property.name}`)
      const fcTrace = walker.traceOf(rerun, fail.property, 'violated')
      // fast-check shrinks the schedule as data (fewer, smaller choices), which can read as a
      // longer run; the shrinker starts from whichever trace is shorter.
      const first = walker.walk(fail.schedule, [fail.property], false)
      const firstTrace = first.violated === null ? fcTrace : walker.traceOf(first, fail.property, 'violated')
      const raw = firstTrace.steps.length < fcTrace.steps.length ? firstTrace : fcTrace
      const t0 = performance.now()
      let trace = raw
      let shortest = false
      let deltaLength = raw.steps.length
      if (shrinkOptions !== null) {
        const left = Math.max(0.1, (deadline - t0) / 1000)
        const shrunk = shrinkTrace(model, raw, { ...shrinkOptions, timeLimit: Math.min(shrinkOptions.timeLimit ?? 10, left) })
        trace = shrunk.trace
        shortest = shrunk.stats.shortest
        deltaLength = shrunk.stats.deltaLength
      }
      addViolation(fail.property, trace, {
        property: fail.property.name,
        run: fail.run,
        rawLength: fail.rawLength,
        fcLength: fcTrace.steps.length,
        deltaLength,
        length: trace.steps.length,
        shortest,
        findMs: fail.findMs,
        shrinkMs: Math.round(performance.now() - t0),
        fcSeed,
        fcPath: details.counterexamplePath,
      })
      if (stopOnViolation) break
    }
  }
  if (violatedAlready()) stoppedBy = 'violation'
  else if (exhausted) stoppedBy = 'exhausted'
  if (stoppedBy === 'timeLimit') cut.add('timeLimit')
  if (stoppedBy === 'runs' || stoppedBy === 'untilStale') cut.add('walks')

  // Exhaustive only when the hybrid BFS covered the whole space.
  const isExhaustive = exhausted && violations.length === 0
  const witnesses: Witness[] = walker.sometimes.map((p, i) => {
    const best = walker.witnessBest[i]
    return best ? { property: p.name, found: true, depth: best.depth, trace: best.trace } : { property: p.name, found: false }
  })
  if (isExhaustive) {
    for (const w of witnesses) {
      if (w.found) continue
      violations.push({
        property: w.property,
        kind: 'sometimes',
        length: 0,
        message: `${w.property} is never reached in ${walker.table.size} states: the model never does what this witness expects`,
      })
    }
  }
  const anyAlways = violations.some((v) => v.kind === 'always')
  const verdict = anyAlways ? 'violated' : isExhaustive ? (violations.length > 0 ? 'violated' : 'holds') : 'incomplete'

  const kinds: KindCoverage[] = [...walker.kinds.entries()]
    .map(([kind, [enabled, fired]]) => ({ kind, enabled, fired }))
  for (const k of options.kinds ?? model.actionKinds ?? []) if (!walker.kinds.has(k)) kinds.push({ kind: k, enabled: 0, fired: 0 })
  kinds.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
  const coverage: Coverage = {
    runs: walker.runs,
    steps: walker.steps,
    distinctStates: walker.table.size,
    stoppedBy,
    staleRuns,
    swarmRuns: walker.swarmRuns,
    kinds,
    neverFired: kinds.filter((k) => k.fired === 0).map((k) => k.kind),
    witnesses: walker.sometimes.map((p, i) => ({ property: p.name, hits: walker.witnessHits[i] as number, firstRun: walker.witnessFirstRun[i] ?? null })),
    bfs: bfsInfo,
  }
  const elapsedMs = performance.now() - startTime
  const cpu = process.cpuUsage(cpuStart)
  const meta = options.meta ?? {}
  return {
    model: model.name,
    config: meta.config ?? 'custom',
    params: meta.params ?? {},
    weaken: meta.weaken ?? [],
    strategy: 'random',
    verdict,
    exhaustive: isExhaustive,
    cutBy: anyAlways ? [] : [...cut],
    states: walker.table.size,
    transitions: walker.transitions,
    maxDepth: walker.deepest,
    pruned: walker.pruned,
    elapsedMs: Math.round(elapsedMs),
    statesPerSecond: elapsedMs > 0 ? Math.round(walker.table.size / (elapsedMs / 1000)) : 0,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    visitedBytes: walker.table.bytes + bfsBytes,
    peakQueue: bfsInfo?.frontier ?? 0,
    peakMemoryBytes: Math.max(0, Math.max(peakMemory, memoryInUse()) - baseMemory),
    violations,
    witnesses,
    invariants: always.map((p) => ({ property: p.name, held: !reported.has(p.name) })),
    mode,
    seed,
    coverage,
    found,
  }
}
