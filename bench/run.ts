/**
 * The benchmark harness: `npm run bench [-- SECTION ...]`.
 *
 *   engine (default)  distinct states per CPU-second and bytes per stored state, exhaustive BFS on
 *                     twophase (6, 7, 8 RMs), the shipped models' ci configs and the explorer's
 *                     tiny fixtures; each row runs in a fresh process so rows do not share a heap
 *   big               a synthetic model past V8's 2^24-entry Set/Map limit (minutes, ~1.5 GB)
 *   shrink            random search then shrink for every weakening, against BFS shortest
 *   history           the linearizability checker on a 10,000-operation history
 *   parallel          one thread against 1, 2, ... worker threads (--workers) on shipped models
 *
 * Figures are CPU time of the search alone (user + system of this process, which includes V8's
 * GC threads), so they compare per core. Quote ratios measured in one run.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { explore } from '../src/explore/search.js'
import type { Report } from '../src/explore/report.js'
import type { AnyModel } from '../src/core/model.js'
import { resolveModel } from '../src/core/definition.js'
import { MODELS, findModel } from '../src/cli/registry.js'
import { grid, wideTree } from '../src/explore/fixtures.js'
import { table, num } from '../src/cli/format.js'

interface Row {
  readonly id: string
  readonly label: string
  build(): AnyModel
}

function shipped(name: string, config: string, params?: Record<string, number>): Row {
  return {
    id: `${name}:${config}${params ? `:${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(',')}` : ''}`,
    label: `${name} ${config}${params ? ` (${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`,
    build: () => resolveModel(findModel(name), { config, params }).model,
  }
}

function engineRows(): Row[] {
  const rows: Row[] = [
    shipped('twophase', 'ci', { rm: 6 }),
    shipped('twophase', 'ci', { rm: 7 }),
    shipped('twophase', 'ci', { rm: 8 }),
  ]
  for (const def of MODELS) {
    if (def.name === 'twophase' || !def.configs['ci']) continue
    rows.push(shipped(def.name, 'ci'))
  }
  rows.push(
    { id: 'fixture:grid', label: 'fixture grid 12^5 (object states)', build: () => grid(12, 5) },
    { id: 'fixture:wideTree', label: 'fixture wideTree 2M (number states)', build: () => wideTree(2_000_000) },
  )
  return rows
}

interface Measured {
  readonly label: string
  readonly states: number
  readonly transitions: number
  readonly depth: number
  readonly cpuMs: number
  readonly statesPerCpuSecond: number
  readonly visitedBytesPerState: number
  readonly frontierBytesPerState: number | null
  readonly peakMemoryBytesPerState: number
  readonly verdict: string
}

function measure(row: Row): Measured {
  const model = row.build()
  const report: Report = explore(model, { timeLimit: 600 })
  const codecWords = model.codec?.words
  return {
    label: row.label,
    states: report.states,
    transitions: report.transitions,
    depth: report.maxDepth,
    cpuMs: report.cpuMs,
    statesPerCpuSecond: Math.round(report.states / (report.cpuMs / 1000)),
    visitedBytesPerState: report.visitedBytes / report.states,
    frontierBytesPerState: codecWords === undefined ? null : (report.peakQueue * (codecWords + 1) * 4) / report.states,
    peakMemoryBytesPerState: report.peakMemoryBytes / report.states,
    verdict: report.verdict,
  }
}

function runRowInChild(id: string): Measured {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--row', id], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  })
  return JSON.parse(out) as Measured
}

function engine(): void {
  const rows = engineRows()
  console.log(`faultline engine benchmark — Node ${process.version}, ${process.platform}/${process.arch}, one search per process\n`)
  const measured: Measured[] = []
  for (const row of rows) {
    process.stderr.write(`  ${row.label} ...\n`)
    measured.push(runRowInChild(row.id))
  }
  console.log(
    table(
      ['model', 'verdict', 'states', 'transitions', 'depth', 'CPU s', 'states/CPU-s', 'visited B/st', 'frontier B/st', 'peak heap B/st'],
      measured.map((m) => [
        m.label,
        m.verdict,
        num(m.states),
        num(m.transitions),
        String(m.depth),
        (m.cpuMs / 1000).toFixed(2),
        num(m.statesPerCpuSecond),
        m.visitedBytesPerState.toFixed(1),
        m.frontierBytesPerState === null ? '(objects)' : m.frontierBytesPerState.toFixed(1),
        m.peakMemoryBytesPerState.toFixed(0),
      ]),
    ),
  )
  console.log(
    '\nvisited B/st: the fingerprint table (exact). frontier B/st: the packed BFS queue at its peak, for models with a codec (exact).' +
      '\npeak heap B/st: growth of JS heap + typed arrays during the search, garbage included (an upper bound on everything held).',
  )
}

function big(): void {
  const n = 17_000_000
  console.log(`faultline: a synthetic model of ${num(n)} states, past V8's 2^24 = ${num(2 ** 24)}-entry Set/Map limit`)
  const r = explore(wideTree(n), { onProgress: (p) => process.stderr.write(`\r  ${num(p.states)} states, ${num(p.statesPerSecond)}/s   `) })
  process.stderr.write('\n')
  console.log(`verdict ${r.verdict}, ${num(r.states)} distinct states (${r.states > 2 ** 24 ? 'past' : 'NOT past'} 2^24), depth ${r.maxDepth}, ${(r.cpuMs / 1000).toFixed(1)} CPU s, visited table ${(r.visitedBytes / r.states).toFixed(1)} B/state`)
  if (r.states !== n || r.verdict !== 'holds') {
    console.error('expected every state to be visited and the properties to hold')
    process.exitCode = 1
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === '--row') {
    const row = engineRows().find((r) => r.id === args[1])
    if (!row) throw new Error(`unknown bench row ${args[1]}`)
    process.stdout.write(JSON.stringify(measure(row)))
    return
  }
  const sections = args.length === 0 ? ['engine'] : args
  for (const section of sections) {
    if (section === 'engine') engine()
    else if (section === 'big') big()
    else if (section === 'shrink' || section === 'history' || section === 'parallel') {
      const mod = (await import(`./${section}.js`)) as { main?: () => unknown | Promise<unknown> }
      if (typeof mod.main !== 'function') throw new Error(`bench/${section}.ts has no main()`)
      await mod.main()
    } else {
      console.error(`unknown bench section '${section}'; use engine, big, shrink, history or parallel`)
      process.exitCode = 2
      return
    }
    console.log('')
  }
}

await main()
