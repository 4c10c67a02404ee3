/**
 * Breadth-first search on worker threads. The state space is partitioned by fingerprint: each
 * worker owns the states whose fingerprint falls in its share, stores them in its own visited
 * table, checks the properties on them and expands them, and sends every successor to its owner.
 * The search goes level by level, so a counterexample is still a shortest one, and each worker
 * takes in the states sent to it in worker order, so ids, counts and traces do not depend on
 * timing: the same model and worker count give the same report every run. It is an option that
 * never changes a verdict, a state count or a shortest counterexample's length (the tests hold it
 * to the single-threaded search on the same models).
 *
 * Workers build their own copy of the model from a {@link ModelSource} (functions cannot be sent
 * to a thread), so the model must be a shipped one or live in a compiled ES module.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { existsSync } from 'node:fs'
import { totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Property } from '../core/model.js'
import { FaultlineError } from '../core/errors.js'
import { DEFAULTS, validateOptions, type Bound, type ExploreOptions } from './options.js'
import type { Report, Violation, Witness } from './report.js'
import { assembleReport, symmetryOf, traceFromPath, violationOf } from './search.js'
import { ROOT } from './visited.js'
import { loadModel, type ModelSource } from './source.js'
import { CONTROL, ROUND_STATES, STOP, roundsFor, type FromWorker, type LevelResult, type ToWorker, type WorkerSetup } from './parallel-protocol.js'

export type { ModelSource } from './source.js'

export interface ParallelOptions extends ExploreOptions {
  /** Worker threads; each takes one core. */
  readonly workers: number
  /** States each worker expands before the workers swap successors: bounds the memory the
   * successors in flight take. Changes no count or trace. @default 32,768 */
  readonly roundStates?: number
}

function workerUrl(): URL {
  const here = new URL('./parallel-worker.js', import.meta.url)
  if (here.protocol === 'file:' && existsSync(fileURLToPath(here))) return here
  // Running from the TypeScript sources (as vitest does): the compiled worker is in dist/.
  const built = new URL('../../dist/src/explore/parallel-worker.js', import.meta.url)
  if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built
  throw new FaultlineError('the parallel search needs its compiled worker (dist/src/explore/parallel-worker.js); run `npm run build`')
}

/** The workers, and one request at a time to each, answered in order. */
class Pool {
  private readonly workers: Worker[] = []
  private readonly pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void }[][] = []
  private failure: Error | null = null
  private closing = false

  constructor(setups: readonly WorkerSetup[], ports: readonly MessagePort[][]) {
    const url = workerUrl()
    setups.forEach((setup, i) => {
      const w = new Worker(url, { workerData: setup, transferList: ports[i] ?? [] })
      this.pending.push([])
      w.on('message', (m: FromWorker) => {
        const p = this.pending[i]?.shift()
        if (p === undefined) return
        if (m.type === 'error') p.reject(new FaultlineError(m.message))
        else p.resolve(m)
      })
      w.on('error', (err) => this.fail(new FaultlineError(`worker ${i} of the parallel search failed: ${err.message}`)))
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new FaultlineError(`worker ${i} of the parallel search exited (code ${code}) before the search ended; it may have run out of memory: try fewer workers or a smaller --max-states`))
      })
      this.workers.push(w)
    })
  }

  private fail(err: Error): void {
    this.failure ??= err
    for (const q of this.pending) for (const p of q.splice(0)) p.reject(err)
  }

  call(i: number, msg: ToWorker): Promise<FromWorker> {
    if (this.failure !== null) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.pending[i]?.push({ resolve, reject })
      this.workers[i]?.postMessage(msg)
    })
  }

  async level(msg: ToWorker): Promise<LevelResult[]> {
    const replies = await Promise.all(this.workers.map((_, i) => this.call(i, msg)))
    return replies.map((r) => {
      if (r.type !== 'level') throw new FaultlineError(`the parallel search got '${r.type}' where it expected a level result`)
      return r.result
    })
  }

  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

/** The first state (lowest id) reported for each property index this level. */
function firstByProperty(results: readonly LevelResult[], pick: (r: LevelResult) => readonly [number, number][]): Map<number, number> {
  const found = new Map<number, number>()
  for (const r of results) {
    for (const [p, id] of pick(r)) {
      const had = found.get(p)
      if (had === undefined || id < had) found.set(p, id)
    }
  }
  return found
}

/**
 * Explores a model breadth-first on `workers` threads and checks its properties in every state.
 * Same report as {@link explore} with the `bfs` strategy; `cpuMs` counts every thread.
 *
 * @example
 * const report = await exploreParallel({ name: 'raft', config: 'ci' }, { workers: 2 })
 */
export async function exploreParallel(source: ModelSource, options: ParallelOptions): Promise<Report> {
  validateOptions(options)
  const n = options.workers
  if (!Number.isInteger(n) || n < 1) throw new FaultlineError(`workers must be a whole number >= 1, got ${n}`)
  if ((options.strategy ?? 'bfs') !== 'bfs') throw new FaultlineError(`workers run a breadth-first search only; drop the workers option to use the ${options.strategy} strategy`)
  if (options.checkPurity === true) throw new FaultlineError('the purity check runs on one thread; drop the workers option to use it')
  const loaded = await loadModel(source)
  const model = loaded.model
  const symmetry = options.symmetry === true
  const sym = symmetryOf(model, symmetry)
  const meta = options.meta ?? loaded.meta
  const maxDepth = options.maxDepth ?? Infinity
  const maxStates = options.maxStates ?? DEFAULTS.maxStates
  const roundStates = options.roundStates ?? ROUND_STATES
  if (!Number.isInteger(roundStates) || roundStates < 1) throw new FaultlineError(`roundStates must be a whole number >= 1, got ${roundStates}`)
  const stopOnViolation = options.stopOnViolation ?? true
  const always = model.properties.filter((p: Property<unknown>) => p.kind === 'always')
  const sometimes = model.properties.filter((p: Property<unknown>) => p.kind === 'sometimes')

  const start = performance.now()
  const cpuStart = process.cpuUsage()
  const rssStart = process.memoryUsage.rss()
  const deadline = start + (options.timeLimit ?? DEFAULTS.timeLimit) * 1000
  const maxMemory = options.maxMemory ?? totalmem() * DEFAULTS.memoryFraction

  const controlBuf = new SharedArrayBuffer(CONTROL.length * 4)
  const control = new Int32Array(controlBuf)
  const ports: MessagePort[][] = Array.from({ length: n }, () => [])
  const peers: (MessagePort | null)[][] = Array.from({ length: n }, () => new Array<MessagePort | null>(n).fill(null))
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { port1, port2 } = new MessageChannel()
      ;(peers[i] as (MessagePort | null)[])[j] = port1
      ;(peers[j] as (MessagePort | null)[])[i] = port2
      ;(ports[i] as MessagePort[]).push(port1)
      ;(ports[j] as MessagePort[]).push(port2)
    }
  }
  const setups: WorkerSetup[] = peers.map((p, index) => ({ source, index, n, peers: p, control: controlBuf, symmetry, maxStates, roundStates }))
  const pool = new Pool(setups, ports)

  let transitions = 0
  let pruned = 0
  let deepest = 0
  let queue = 0
  let peakQueue = 0
  let visitedBytes = 0
  let peakRss = rssStart
  let depth = 0
  const cut = new Set<Bound>()
  const violated = new Map<number, { id: number; depth: number }>()
  const witnessed = new Map<number, { id: number; depth: number }>()

  const timer = setInterval(() => {
    const now = performance.now()
    const rss = process.memoryUsage.rss()
    if (rss > peakRss) peakRss = rss
    if (now > deadline) Atomics.compareExchange(control, CONTROL.stop, STOP.none, STOP.timeLimit)
    if (rss > maxMemory) Atomics.compareExchange(control, CONTROL.stop, STOP.none, STOP.memory)
    const states = Atomics.load(control, CONTROL.states)
    const elapsedMs = now - start
    options.onProgress?.({ states, transitions, depth, queue, elapsedMs, statesPerSecond: Math.round(states / (elapsedMs / 1000)) })
  }, DEFAULTS.progressIntervalMs)

  let rounds = 1
  const absorb = (results: readonly LevelResult[], at: number): void => {
    let added = 0
    queue = 0
    rounds = roundsFor(results.map((r) => r.frontier), roundStates)
    visitedBytes = 0
    for (const r of results) {
      added += r.added
      transitions += r.transitions
      pruned += r.pruned
      queue += r.frontier
      visitedBytes += r.bytes
    }
    if (added > 0 && at > deepest) deepest = at
    if (queue > peakQueue) peakQueue = queue
    for (const [p, id] of firstByProperty(results, (r) => r.violations)) if (!violated.has(p)) violated.set(p, { id, depth: at })
    for (const [p, id] of firstByProperty(results, (r) => r.witnesses)) if (!witnessed.has(p)) witnessed.set(p, { id, depth: at })
  }

  try {
    absorb(await pool.level({ type: 'start' }), 0)
    for (;;) {
      const why = Atomics.load(control, CONTROL.stop)
      if (why !== STOP.none) {
        cut.add(why === STOP.timeLimit ? 'timeLimit' : why === STOP.memory ? 'memory' : 'maxStates')
        break
      }
      if (stopOnViolation && violated.size > 0) break
      if (queue === 0) break
      if (depth >= maxDepth) {
        const probe = await pool.level({ type: 'probe', rounds })
        if (probe.some((r) => r.unseen)) cut.add('maxDepth')
        break
      }
      depth++
      absorb(await pool.level({ type: 'expand', depth, rounds }), depth)
    }

    // Traces: follow parent links from worker to worker back to a root, then replay here.
    const pathTo = async (id: number): Promise<{ init: number; vias: number[] }> => {
      const vias: number[] = []
      let cur = id
      for (;;) {
        const w = cur % n
        const link = await pool.call(w, { type: 'link', id: (cur - w) / n })
        if (link.type !== 'link') throw new FaultlineError('the parallel search got a level result where it expected a parent link')
        if (link.parent === ROOT) return { init: link.via, vias: vias.reverse() }
        vias.push(link.via)
        cur = link.parent
      }
    }
    const strategy = 'bfs' as const
    const chosen = [...violated.entries()].sort((a, b) => a[1].depth - b[1].depth || a[0] - b[0])
    const violations: Violation[] = []
    for (const [p, { id }] of stopOnViolation ? chosen.slice(0, 1) : chosen) {
      const name = (always[p] as Property<unknown>).name
      violations.push(violationOf(traceFromPath(model, sym, await pathTo(id), { property: name, kind: 'always', verdict: 'violated', strategy, meta })))
    }
    const witnesses: Witness[] = []
    for (let p = 0; p < sometimes.length; p++) {
      const name = (sometimes[p] as Property<unknown>).name
      const w = witnessed.get(p)
      if (w === undefined) {
        witnesses.push({ property: name, found: false })
        continue
      }
      const trace = traceFromPath(model, sym, await pathTo(w.id), { property: name, kind: 'sometimes', verdict: 'witness', strategy, meta })
      witnesses.push({ property: name, found: true, depth: w.depth, trace })
    }
    const cpu = process.cpuUsage(cpuStart)
    return assembleReport({
      model,
      strategy,
      meta,
      violations,
      invariants: always.map((p: Property<unknown>, i: number) => ({ property: p.name, held: !violated.has(i) })),
      witnesses,
      cutBy: [...cut],
      states: Atomics.load(control, CONTROL.states),
      transitions,
      maxDepth: deepest,
      pruned,
      elapsedMs: performance.now() - start,
      cpuMs: (cpu.user + cpu.system) / 1000,
      visitedBytes,
      peakQueue,
      peakMemoryBytes: Math.max(0, peakRss - rssStart),
    })
  } finally {
    clearInterval(timer)
    await pool.close()
  }
}
