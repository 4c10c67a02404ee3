/**
 * Random search then shrink, against BFS: for every weakening of every shipped model, the length
 * of the shortest counterexample BFS finds, of the first one random search finds, of that one after
 * fast-check's shrinking and the shrinker's step deletion ("deleted"), and after the shrinker's
 * bounded BFS ("shrunk"), with the time each took. The bar: shrunk within one step of the BFS shortest for
 * at least 90% of the weakenings, and equal for at least 75%.
 *
 * Both searches look for the property the weakening says it breaks (the model is narrowed to that
 * one `always` property), so the lengths compare like with like.
 *
 *   npm run bench -- shrink                          (the harness)
 *   node dist/bench/shrink.js [--seed N] [--runs N] [--time-limit SEC] [--bfs-time-limit SEC] [--model NAME]
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { AnyModelDefinition } from '../src/core/definition.js'
import { resolveModel } from '../src/core/definition.js'
import type { AnyModel } from '../src/core/model.js'
import { explore } from '../src/explore/search.js'
import { checkRandom } from '../src/random/check.js'
import type { RandomStrategy } from '../src/random/options.js'
import { MODELS } from '../src/cli/registry.js'
import { duration, table } from '../src/cli/format.js'

export interface ShrinkBenchOptions {
  /** @default every shipped model (`MODELS`) */
  readonly models?: readonly AnyModelDefinition[]
  /** @default 1 */
  readonly seed?: number
  /** Random runs per weakening. @default 20_000 */
  readonly runs?: number
  /** Seconds for each random search (shrinking included). @default 60 */
  readonly timeLimit?: number
  /** Seconds for each BFS reference search. @default 60 */
  readonly bfsTimeLimit?: number
  /** @default 'random' */
  readonly strategy?: RandomStrategy
}

export interface ShrinkBenchRow {
  readonly model: string
  readonly weakening: string
  readonly config: string
  readonly property: string
  /** Shortest counterexample by BFS; null when BFS ran out of time first. */
  readonly bfsLength: number | null
  /** Depth BFS had finished when it ran out of time (a lower bound on the shortest). */
  readonly bfsDepth: number
  readonly bfsMs: number
  /** Steps of the first failing random run; null when random search found nothing. */
  readonly rawLength: number | null
  /** Steps after fast-check's shrinking and the shrinker's deletion passes, before its BFS. */
  readonly deltaLength: number | null
  readonly shrunkLength: number | null
  /** The shrinker proved the length shortest (its own BFS completed). */
  readonly shortest: boolean
  readonly run: number | null
  readonly findMs: number | null
  readonly shrinkMs: number | null
}

/** The model with only one of its `always` properties (and every `sometimes`). */
function narrowed(model: AnyModel, property: string): AnyModel {
  return { ...model, properties: model.properties.filter((p) => p.kind === 'sometimes' || p.name === property) }
}

/** Runs the benchmark and returns one row per weakening. */
export function benchShrink(options: ShrinkBenchOptions = {}, log: (line: string) => void = () => {}): ShrinkBenchRow[] {
  const rows: ShrinkBenchRow[] = []
  for (const def of options.models ?? MODELS) {
    for (const [flag, w] of Object.entries(def.weakenings)) {
      const resolved = resolveModel(def, { config: w.config, weaken: [flag] })
      const model = narrowed(resolved.model, w.breaks)
      const meta = { config: resolved.config, params: resolved.params, weaken: resolved.weaken }
      const bfs = explore(model, { timeLimit: options.bfsTimeLimit ?? 60, meta })
      const bfsViolation = bfs.violations.find((v) => v.kind === 'always')
      const rnd = checkRandom(model, {
        seed: options.seed ?? 1,
        runs: options.runs ?? 20_000,
        timeLimit: options.timeLimit ?? 60,
        strategy: options.strategy ?? 'random',
        meta,
      })
      const f = rnd.found[0]
      const row: ShrinkBenchRow = {
        model: def.name,
        weakening: flag,
        config: resolved.config,
        property: w.breaks,
        bfsLength: bfsViolation ? bfsViolation.length : null,
        bfsDepth: bfs.maxDepth,
        bfsMs: bfs.elapsedMs,
        rawLength: f ? f.rawLength : null,
        deltaLength: f ? f.deltaLength : null,
        shrunkLength: f ? f.length : null,
        shortest: f ? f.shortest : false,
        run: f ? f.run : null,
        findMs: f ? f.findMs : null,
        shrinkMs: f ? f.shrinkMs : null,
      }
      rows.push(row)
      log(`${def.name} ${flag}: bfs ${row.bfsLength ?? `>${row.bfsDepth}`}, random ${row.rawLength ?? '-'} -> ${row.shrunkLength ?? '-'}`)
    }
  }
  return rows
}

/** How the rows fare against the bar, counting only weakenings where both searches found one. */
export function shrinkBar(rows: readonly ShrinkBenchRow[]): {
  compared: number
  equal: number
  withinOne: number
  pass: boolean
} {
  const both = rows.filter((r) => r.bfsLength !== null && r.shrunkLength !== null)
  const equal = both.filter((r) => r.shrunkLength === r.bfsLength).length
  const withinOne = both.filter((r) => (r.shrunkLength as number) - (r.bfsLength as number) <= 1).length
  const compared = both.length
  return { compared, equal, withinOne, pass: compared > 0 && withinOne >= 0.9 * compared && equal >= 0.75 * compared }
}

/** The rows as a table, with the bar underneath. */
export function formatShrinkTable(rows: readonly ShrinkBenchRow[]): string {
  const body = rows.map((r) => [
    `${r.model} ${r.weakening}`,
    r.config,
    r.property,
    r.bfsLength === null ? `>${r.bfsDepth} (cut at ${duration(r.bfsMs)})` : String(r.bfsLength),
    r.rawLength === null ? 'not found' : String(r.rawLength),
    r.deltaLength === null ? '-' : String(r.deltaLength),
    r.shrunkLength === null ? '-' : `${r.shrunkLength}${r.shortest ? ' (proved)' : ''}`,
    r.findMs === null ? '-' : `${duration(r.findMs)} (run ${r.run})`,
    r.shrinkMs === null ? '-' : duration(r.shrinkMs),
  ])
  const bar = shrinkBar(rows)
  const pct = (n: number): string => (bar.compared === 0 ? '-' : `${Math.round((100 * n) / bar.compared)}%`)
  const notFound = rows.filter((r) => r.shrunkLength === null).length
  const noBfs = rows.filter((r) => r.bfsLength === null && r.shrunkLength !== null).length
  return [
    table(['weakening', 'config', 'property', 'BFS shortest', 'random raw', 'deleted', 'shrunk', 'time to find', 'time to shrink'], body),
    '',
    `compared ${bar.compared} of ${rows.length} weakenings: shrunk = BFS shortest for ${bar.equal} (${pct(bar.equal)}, bar 75%), ` +
      `within one step for ${bar.withinOne} (${pct(bar.withinOne)}, bar 90%): ${bar.pass ? 'PASS' : 'FAIL'}` +
      (noBfs > 0 ? `; ${noBfs} without a BFS reference (BFS ran out of time)` : '') +
      (notFound > 0 ? `; ${notFound} not found by random search` : ''),
  ].join('\n')
}

/** The bench section: parses its flags (others are ignored), runs, prints the table. */
export function main(argv: readonly string[] = process.argv.slice(2)): ShrinkBenchRow[] {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      'time-limit': { type: 'string' },
      'bfs-time-limit': { type: 'string' },
      model: { type: 'string', multiple: true },
      strategy: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  })
  const num = (v: unknown): number | undefined => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined)
  const names = (values.model as string[] | undefined) ?? []
  const models = names.length > 0 ? MODELS.filter((m) => names.includes(m.name)) : MODELS
  const o: { -readonly [K in keyof ShrinkBenchOptions]: ShrinkBenchOptions[K] } = { models }
  const seed = num(values.seed)
  const runs = num(values.runs)
  const timeLimit = num(values['time-limit'])
  const bfsTimeLimit = num(values['bfs-time-limit'])
  if (seed !== undefined) o.seed = seed
  if (runs !== undefined) o.runs = runs
  if (timeLimit !== undefined) o.timeLimit = timeLimit
  if (bfsTimeLimit !== undefined) o.bfsTimeLimit = bfsTimeLimit
  if (values.strategy === 'hybrid' || values.strategy === 'random') o.strategy = values.strategy
  console.log(`shrink: random search (seed ${o.seed ?? 1}, ${o.strategy ?? 'random'}) then shrink, against BFS shortest, per weakening`)
  const rows = benchShrink(o, (line) => console.error(line))
  console.log(formatShrinkTable(rows))
  return rows
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
