/**
 * `npm run bench -- parallel`: the BFS on one thread against the parallel BFS on 1, 2, ... worker
 * threads (up to the machine's cores), each run in a fresh process. Prints wall-clock time, CPU
 * time over all threads, the speed-up in wall-clock time over one thread, and the CPU cost of the
 * partitioning (CPU time against one thread's).
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { explore } from '../src/explore/search.js'
import { exploreParallel } from '../src/explore/parallel.js'
import { resolveModel, type Params } from '../src/core/definition.js'
import { findModel } from '../src/cli/registry.js'
import { num, table } from '../src/cli/format.js'

interface Case {
  readonly name: string
  readonly config: string
  readonly params?: Params
  readonly symmetry?: boolean
}

const CASES: readonly Case[] = [
  { name: 'twophase', config: 'ci', params: { rm: 8 } },
  { name: 'raft', config: 'ci' },
  { name: 'paxos', config: 'ci' },
  { name: 'lease', config: 'ci' },
  // A run long enough for the workers' start-up not to count, with costly states (symmetry).
  { name: 'raft', config: 'reorder', symmetry: true },
]

interface Run {
  readonly states: number
  readonly verdict: string
  readonly wallMs: number
  readonly cpuMs: number
}

async function one(c: Case, workers: number): Promise<Run> {
  const t0 = performance.now()
  const r =
    workers === 0
      ? explore(resolveModel(findModel(c.name), c).model, { timeLimit: 600, symmetry: c.symmetry === true })
      : await exploreParallel({ name: c.name, config: c.config, ...(c.params ? { params: c.params } : {}) }, { workers, timeLimit: 600, symmetry: c.symmetry === true })
  return { states: r.states, verdict: r.verdict, wallMs: performance.now() - t0, cpuMs: r.cpuMs }
}

function inChild(index: number, workers: number): Run {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', String(index), String(workers)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out) as Run
}

export async function main(): Promise<void> {
  const cores = availableParallelism()
  const counts = [0, ...Array.from({ length: Math.max(2, cores) }, (_, i) => i + 1)]
  console.log(`faultline parallel BFS — Node ${process.version}, ${cores} cores; one run per process (0 workers = the single-threaded search)\n`)
  const rows: string[][] = []
  for (let i = 0; i < CASES.length; i++) {
    const c = CASES[i] as Case
    const label = `${c.name} ${c.config}${c.params ? ` (${Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}${c.symmetry ? ' --symmetry' : ''}`
    let base: Run | undefined
    for (const w of counts) {
      process.stderr.write(`  ${label}, ${w} workers ...\n`)
      const r = inChild(i, w)
      base ??= r
      if (r.states !== base.states) throw new Error(`${label}: ${r.states} states on ${w} workers, ${base.states} on one thread`)
      rows.push([
        label,
        w === 0 ? 'one thread' : String(w),
        r.verdict,
        num(r.states),
        (r.wallMs / 1000).toFixed(2),
        (r.cpuMs / 1000).toFixed(2),
        num(Math.round(r.states / (r.wallMs / 1000))),
        `${(base.wallMs / r.wallMs).toFixed(2)}×`,
        `${(r.cpuMs / base.cpuMs).toFixed(2)}×`,
      ])
    }
  }
  console.log(table(['model', 'workers', 'verdict', 'states', 'wall s', 'CPU s', 'states/wall-s', 'speed-up', 'CPU vs one thread'], rows))
  console.log(`\nspeed-up: one thread's wall-clock time over this run's. Runs past ${cores} workers would share cores.`)
}

const args = process.argv.slice(2)
if (args[0] === '--one') {
  const r = await one(CASES[Number(args[1])] as Case, Number(args[2]))
  process.stdout.write(JSON.stringify(r))
}
