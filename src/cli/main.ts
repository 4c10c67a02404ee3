/**
 * The `faultline` command: list, check, replay, show, explore, mutants. A thin surface over `explore`,
 * `replay` and the trace renderers. Exit codes: 0 holds, 1 violated (or a missing witness, or a
 * trace that does not reproduce), 2 bad input or usage, 3 incomplete (a bound cut the run).
 */
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { availableParallelism } from 'node:os'
import { resolveModel, type Params, type ResolvedModel } from '../core/definition.js'
import { FaultlineError, messageOf } from '../core/errors.js'
import { replay, type Trace } from '../core/trace.js'
import { finishCounterexamples } from '../shrink/finish.js'
import { explore } from '../explore/search.js'
import { exploreParallel } from '../explore/parallel.js'
import type { ExploreOptions, Progress, Strategy } from '../explore/options.js'
import type { Report } from '../explore/report.js'
import { checkRandom, type RandomOptions, type RandomReport, type RandomStrategy } from '../random/index.js'
import { readTraceFile, saveTrace, writeFileAtomic } from '../trace/file.js'
import { renderText } from '../trace/text.js'
import { renderClocks } from '../trace/clocks.js'
import { MODELS, STUDIES, findModel as findInRegistry } from './registry.js'
import { renderMarkdown, renderMermaidBlock } from '../viewer/mermaid.js'
import { renderTraceHtml } from '../viewer/html.js'
import { startExplorer, DEFAULT_PORT } from '../viewer/server.js'
import { checkInWorker, workerAvailable, type CheckBounds } from '../viewer/background.js'
import { writeMutantsHtml, type MutantRun } from '../viewer/mutants.js'
import type { AnyModelDefinition } from '../core/definition.js'
import { duration, num, table } from './format.js'

/** Where output goes; tests pass their own. */
export interface Io {
  out(text: string): void
  err(text: string): void
  /** Whether stderr is a terminal (live progress is drawn only there). */
  readonly errIsTTY: boolean
}

export const EXIT = { holds: 0, violated: 1, usage: 2, incomplete: 3 } as const

/** The models this invocation knows: the shipped ones, or a test's own. */
let registry: readonly AnyModelDefinition[] = MODELS

function findModel(name: string): AnyModelDefinition {
  return findInRegistry(name, registry)
}

const USAGE = `faultline: find the fault lines in distributed protocols

usage:
  faultline list                                   models, configs, weakenings, properties
  faultline check <model> [options]                explore a model and check its properties
  faultline replay <trace.json>                    re-run and verify a counterexample
  faultline show <trace.json> [--format F] [--out FILE]
                                                   print a counterexample: text (one step per line),
                                                   mermaid (a sequence diagram for a Markdown file),
                                                   markdown (both), or html (one self-contained page
                                                   to step through; no server needed)
  faultline show <trace.json> --clocks             the time and ordering lab: each event's Lamport and
                                                   vector stamps, and which events are concurrent
  faultline explore <model> [--config NAME] [--param NAME=VALUE] [--weaken FLAG] [--port N]
                                                   walk the model by hand in a local page on
                                                   127.0.0.1 (default port ${DEFAULT_PORT}; 0 picks a free one)
                                                   while a background check looks for counterexamples
  faultline mutants <model> [options]              every weakening: which property breaks, shortest trace
  faultline study gossip [--runs N] [--seed N] [--loss P] [--out DIR]
                                                   seeded random study: rounds to converge against N
                                                   (--format html: the matrix as DIR/index.html, each
                                                   broken property linked to its counterexample page)

check and mutants options:
  --config NAME          a named preset of the model (see 'faultline list')
  --param NAME=VALUE     override a numeric parameter, e.g. --param rm=5 (repeatable)
  --weaken FLAG          turn on a weakening (repeatable)
  --strategy S           bfs (default: shortest counterexamples), dfs, random (fast-check
                         schedules, swarm runs, every failure shrunk) or hybrid (bfs to
                         --bfs-depth, then random runs from its frontier)
  --max-depth N          do not expand states deeper than N
  --max-states N         stop after N distinct states (default 50,000,000)
  --time-limit SEC       stop after SEC seconds (default 3600)
  --seed N               seed of random search (default 1)
  --runs N               random/hybrid: runs to try (default 1,000)
  --until-stale N        random/hybrid: stop once N runs in a row add no new state
  --bfs-depth N          hybrid: depth of the exhaustive prefix (default 4)
  --check-purity         deep-freeze states and run each step twice to catch impure models
  --symmetry             store one state per symmetry class (models with a representative())
  --lower-params         move each counterexample to the lowest parameters (nodes, values,
                         terms) at which it still shows, and write it there
  --workers N            bfs on N worker threads, one core each ('auto': every core); same
                         verdict, states and shortest lengths as one thread (default 1)
  --json                 print the report as one JSON object on stdout
  --out DIR              where trace files are written (default .faultline)
  --quiet                no progress line on stderr
  --port N               explore: the port on 127.0.0.1 to serve on (default ${DEFAULT_PORT})

exit codes: 0 holds, 1 violated or witness missing, 2 bad input, 3 incomplete (a bound cut the run)`

const CHECK_OPTIONS = {
  config: { type: 'string' },
  param: { type: 'string', multiple: true },
  weaken: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  'max-depth': { type: 'string' },
  'max-states': { type: 'string' },
  'time-limit': { type: 'string' },
  seed: { type: 'string' },
  walks: { type: 'string' },
  runs: { type: 'string' },
  'until-stale': { type: 'string' },
  'bfs-depth': { type: 'string' },
  'check-purity': { type: 'boolean' },
  symmetry: { type: 'boolean' },
  workers: { type: 'string' },
  'lower-params': { type: 'boolean' },
  loss: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  format: { type: 'string' },
  port: { type: 'string' },
  clocks: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Values = ReturnType<typeof parse>['values']

const VALUE_OPTIONS = new Set(
  Object.entries(CHECK_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([k]) => `--${k}`),
)

function parse(args: readonly string[]) {
  // `--max-depth -1` would read as two options; join a negative number to its option so the
  // bound check can say what is wrong with it.
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string
    const b = args[i + 1]
    if (VALUE_OPTIONS.has(a) && b !== undefined && /^-\d/.test(b)) {
      joined.push(`${a}=${b}`)
      i++
    } else joined.push(a)
  }
  try {
    return parseArgs({ args: joined, options: CHECK_OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new FaultlineError(`${messageOf(err).replace(/\.$/, '')}; see 'faultline --help'`)
  }
}

/** A whole number option, or a one-line usage error. */
function wholeOption(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new FaultlineError(`--${name} must be a whole number >= ${min}, got '${raw}'`)
  }
  return n
}

function parseParams(raw: readonly string[] | undefined): Params {
  const out: Record<string, number> = {}
  for (const p of raw ?? []) {
    const m = /^([A-Za-z_][\w]*)=(-?\d+)$/.exec(p)
    if (!m) throw new FaultlineError(`--param expects NAME=INTEGER, e.g. --param rm=5; got '${p}'`)
    out[m[1] as string] = Number(m[2])
  }
  return out
}

function resolveFrom(name: string, v: Values, weaken?: readonly string[]): ResolvedModel {
  return resolveModel(findModel(name), { config: v.config, params: parseParams(v.param), weaken: weaken ?? v.weaken ?? [] })
}

function searchOptions(v: Values, resolved: ResolvedModel, onProgress?: (p: Progress) => void): ExploreOptions {
  // hybrid is random search with an exhaustive prefix: its report's strategy is 'random'.
  const strategy = (v.strategy === 'hybrid' ? 'random' : (v.strategy ?? 'bfs')) as Strategy
  if (!['bfs', 'dfs', 'random'].includes(strategy)) {
    throw new FaultlineError(`unknown strategy '${v.strategy}'; use bfs, dfs, random or hybrid`)
  }
  const bounds = resolved.bounds
  const timeLimitRaw = v['time-limit']
  let timeLimit = bounds.timeLimit
  if (timeLimitRaw !== undefined) {
    timeLimit = Number(timeLimitRaw)
    if (!(timeLimit > 0)) throw new FaultlineError(`--time-limit must be a positive number of seconds, got '${timeLimitRaw}'`)
  }
  const o: {
    -readonly [K in keyof ExploreOptions]: ExploreOptions[K]
  } = {
    strategy,
    checkPurity: v['check-purity'] ?? false,
    symmetry: v.symmetry ?? false,
    meta: { config: resolved.config, params: resolved.params, weaken: resolved.weaken },
  }
  const maxDepth = wholeOption('max-depth', v['max-depth'], 0) ?? bounds.maxDepth
  const maxStates = wholeOption('max-states', v['max-states'], 1) ?? bounds.maxStates
  const seed = wholeOption('seed', v.seed, 0)
  const walks = wholeOption('walks', v.walks, 1)
  if (maxDepth !== undefined) o.maxDepth = maxDepth
  if (maxStates !== undefined) o.maxStates = maxStates
  if (timeLimit !== undefined) o.timeLimit = timeLimit
  if (seed !== undefined) o.seed = seed
  if (walks !== undefined) o.walks = walks
  if (onProgress) o.onProgress = onProgress
  return o
}

/** A live progress line on stderr, drawn only on a terminal and cleared at the end. */
function progressLine(io: Io, quiet: boolean): { onProgress?: (p: Progress) => void; done(): void } {
  if (quiet || !io.errIsTTY) return { done() {} }
  let drawn = false
  return {
    onProgress(p) {
      drawn = true
      io.err(
        `\r\x1b[2K  ${num(p.states)} states  depth ${p.depth}  queue ${num(p.queue)}  ${num(p.statesPerSecond)} states/s  ${duration(p.elapsedMs)}`,
      )
    },
    done() {
      if (drawn) io.err('\r\x1b[2K')
    },
  }
}

function describeBounds(report: Report, o: ExploreOptions): string {
  const say: Record<string, string> = {
    maxDepth: `max depth ${o.maxDepth}`,
    maxStates: `max states ${num(o.maxStates ?? 0)}`,
    timeLimit: `time limit ${o.timeLimit ?? 3600} s`,
    memory: 'memory limit',
    walks:
      'coverage' in report
        ? `${num((report as RandomReport).coverage.runs)} random runs (stopped by ${(report as RandomReport).coverage.stoppedBy}; raise --runs or --time-limit)`
        : `${num(o.walks ?? 10_000)} random walks`,
  }
  return report.cutBy.map((b) => say[b] ?? b).join(', ')
}

function summary(resolved: ResolvedModel, report: Report, o: ExploreOptions, paths: ReadonlyMap<string, string>): string {
  const lines: string[] = []
  const verdict =
    report.verdict === 'holds'
      ? 'holds (exhaustive: every reachable state checked)'
      : report.verdict === 'violated'
        ? 'VIOLATED'
        : `incomplete: cut by ${describeBounds(report, o)}; no counterexample within these bounds, which is not a proof`
  lines.push(`verdict      ${verdict}`)
  lines.push(
    `states       ${num(report.states)} distinct, ${num(report.transitions)} transitions, depth ${report.maxDepth}` +
      (report.pruned > 0 ? `, ${num(report.pruned)} outside the state constraint` : ''),
  )
  lines.push(`time         ${duration(report.elapsedMs)}, ${num(report.statesPerSecond)} states/s`)
  lines.push('')
  lines.push('properties')
  const failed = new Map(report.violations.map((v) => [v.property, v]))
  for (const p of resolved.model.properties) {
    if (p.kind === 'always') {
      const v = failed.get(p.name)
      const status = v ? `✗ violated after ${v.length} steps` : report.exhaustive ? '✓ holds in every state' : '· not violated in the states visited'
      lines.push(`  ${p.name.padEnd(28)} always     ${status}`)
    } else {
      const w = report.witnesses.find((x) => x.property === p.name)
      const status = w?.found
        ? `✓ witnessed at depth ${w.depth}`
        : report.exhaustive
          ? '✗ never reached: missing witness'
          : '· not reached in the states visited'
      lines.push(`  ${p.name.padEnd(28)} sometimes  ${status}`)
    }
  }
  for (const v of report.violations) {
    if (!v.trace) continue
    lines.push('')
    lines.push(renderText(modelOfTrace(resolved, v.trace), v.trace))
    const path = paths.get(v.property)
    if (path) {
      lines.push('')
      lines.push(`trace written to ${path}`)
      lines.push(`replay it with: npx faultline replay ${path}`)
    }
  }
  return lines.join('\n')
}

function jsonReport(report: Report | RandomReport, paths: ReadonlyMap<string, string>): string {
  return JSON.stringify({
    model: report.model,
    config: report.config,
    params: report.params,
    weaken: report.weaken,
    strategy: report.strategy,
    verdict: report.verdict,
    exhaustive: report.exhaustive,
    cutBy: report.cutBy,
    states: report.states,
    transitions: report.transitions,
    maxDepth: report.maxDepth,
    pruned: report.pruned,
    elapsedMs: report.elapsedMs,
    statesPerSecond: report.statesPerSecond,
    violations: report.violations.map((v) => ({
      property: v.property,
      kind: v.kind,
      length: v.length,
      trace: paths.get(v.property) ?? null,
      message: v.message,
    })),
    witnesses: report.witnesses.map((w) => ({ property: w.property, found: w.found, ...(w.found ? { depth: w.depth } : {}) })),
    // Random and hybrid search add how far they went and how each counterexample was found.
    ...('coverage' in report ? { mode: report.mode, seed: report.seed, coverage: report.coverage, found: report.found } : {}),
  })
}

function exitCodeOf(report: Report): number {
  return report.verdict === 'holds' ? EXIT.holds : report.verdict === 'violated' ? EXIT.violated : EXIT.incomplete
}

function check(args: readonly string[], io: Io): number | Promise<number> {
  const { values: v, positionals } = parse(args)
  refuse(v, 'check', ['loss', 'port'])
  const name = positionals[0]
  if (name === undefined) throw new FaultlineError(`check needs a model name, e.g. 'faultline check twophase'; see 'faultline list'`)
  if (positionals.length > 1) throw new FaultlineError(`check takes one model, got: ${positionals.join(' ')}`)
  const resolved = resolveFrom(name, v)
  const progress = progressLine(io, v.quiet === true)
  const o = searchOptions(v, resolved, progress.onProgress)
  const mode = v.strategy === 'random' || v.strategy === 'hybrid' ? v.strategy : null
  const random = mode === null ? null : randomOptions(v, o, mode)
  const workers = workersOption(v['workers'])
  if (workers !== undefined && workers > 1) {
    if (random !== null) throw new FaultlineError(`--workers runs a breadth-first search; drop it to use --strategy ${mode}`)
    if (o.checkPurity === true) throw new FaultlineError('the purity check runs on one thread; drop --workers to use it')
    if (!MODELS.includes(resolved.definition)) throw new FaultlineError(`--workers needs a model shipped with faultline (worker threads rebuild it by name); drop it for ${name}`)
  }
  const params = Object.entries(resolved.params).map(([k, x]) => `${k}=${x}`).join(' ')
  if (!v.json) {
    io.err(
      `faultline check ${name} (config ${resolved.config}${params ? `: ${params}` : ''}` +
        `${resolved.weaken.length ? `; weakened: ${resolved.weaken.join(', ')}` : ''}; ${v.strategy ?? o.strategy}${o.symmetry ? ', symmetry reduction' : ''}${workers !== undefined && workers > 1 ? `, ${workers} workers` : ''})\n`,
    )
  }
  if (workers !== undefined && workers > 1) {
    const source = { name, config: resolved.config, params: resolved.params, weaken: resolved.weaken }
    return exploreParallel(source, { ...o, workers })
      .finally(() => progress.done())
      .then((report) => finishCheck(resolved, report, o, v, io, null))
  }
  let report: Report | RandomReport
  try {
    report = random === null ? explore(resolved.model, o) : checkRandom(resolved.model, random)
  } finally {
    progress.done()
  }
  return finishCheck(resolved, report, o, v, io, mode)
}

/** The model a trace runs on: `resolved`'s, unless the trace was moved to lower parameters. */
function modelOfTrace(resolved: ResolvedModel, trace: Trace) {
  if (JSON.stringify(trace.params) === JSON.stringify(resolved.params)) return resolved.model
  return resolveModel(resolved.definition, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
}

/** Options another command takes that this one would silently ignore: refused in one line. */
function refuse(v: Values, command: string, names: readonly (keyof Values)[]): void {
  for (const name of names) {
    if (v[name] !== undefined) throw new FaultlineError(`--${String(name)} does not apply to ${command}; see 'faultline --help'`)
  }
}

/** `--workers`: a whole number >= 1, or 'auto' for every core. */
function workersOption(raw: string | undefined): number | undefined {
  if (raw === 'auto') return availableParallelism()
  return wholeOption('workers', raw, 1)
}

/** Writes the traces and prints the summary (or JSON) of a finished check; returns the exit code. */
function finishCheck(resolved: ResolvedModel, found: Report | RandomReport, o: ExploreOptions, v: Values, io: Io, mode: RandomStrategy | null): number {
  const { report, notes } = finishCounterexamples(resolved.definition, resolved, found, { lowerParams: v['lower-params'] === true })
  const paths = new Map<string, string>()
  const dir = v.out ?? '.faultline'
  for (const viol of report.violations) if (viol.trace) paths.set(viol.property, saveTrace(dir, viol.trace))
  if (v.json) io.out(`${jsonReport(report, paths)}\n`)
  else {
    io.out(`${summary(resolved, report, o, paths)}\n${mode !== null ? `\n${randomSummary(report as RandomReport)}\n` : ''}`)
    for (const note of notes) io.out(`minimised    ${note}\n`)
  }
  return exitCodeOf(report)
}

/** The options of a random or hybrid search, from the command line and the shared bounds. */
function randomOptions(v: Values, o: ExploreOptions, mode: RandomStrategy): RandomOptions<unknown> {
  const r: { -readonly [K in keyof RandomOptions<unknown>]: RandomOptions<unknown>[K] } = { strategy: mode }
  const runs = wholeOption('runs', v.runs, 1)
  const untilStale = wholeOption('until-stale', v['until-stale'], 1)
  const bfsDepth = wholeOption('bfs-depth', v['bfs-depth'], 0)
  if (runs !== undefined) r.runs = runs
  if (untilStale !== undefined) r.untilStale = untilStale
  if (bfsDepth !== undefined) r.bfsDepth = bfsDepth
  if (o.seed !== undefined) r.seed = o.seed
  if (o.maxDepth !== undefined) r.maxDepth = o.maxDepth
  if (o.timeLimit !== undefined) r.timeLimit = o.timeLimit
  if (o.onProgress !== undefined) r.onProgress = o.onProgress
  if (o.meta !== undefined) r.meta = o.meta
  return r
}

/** What a random search adds to the summary: how far it went, what it never did, how it shrank. */
function randomSummary(r: RandomReport): string {
  const c = r.coverage
  const lines = [
    `random search (${r.mode}, seed ${r.seed}): ${num(c.runs)} runs, ${num(c.steps)} steps, stopped by ${c.stoppedBy}` +
      (c.bfs ? `; exhaustive prefix: ${num(c.bfs.states)} states to depth ${c.bfs.depth}, ${num(c.bfs.frontier)} start points` : ''),
    `coverage     ${num(c.distinctStates)} distinct states; ${c.kinds.length} action kinds taken or enabled` +
      (c.neverFired.length > 0 ? `; never taken: ${c.neverFired.join(', ')}` : '; every kind taken'),
  ]
  for (const w of c.witnesses) lines.push(`  ${w.property.padEnd(28)} witnessed in ${num(w.hits)} runs${w.firstRun !== null ? ` (first: run ${w.firstRun})` : ''}`)
  for (const f of r.found) {
    lines.push(
      `found        ${f.property} in run ${f.run} after ${f.rawLength} steps; shrunk to ${f.length}${f.shortest ? ' (proved shortest)' : ''} in ${duration(f.shrinkMs)}`,
    )
  }
  return lines.join('\n')
}

function list(io: Io): number {
  const lines: string[] = []
  for (const def of registry) {
    lines.push(`${def.name} — ${def.summary}`)
    lines.push(`  params:      ${Object.entries(def.params).map(([k, p]) => `${k} (${(p as { doc: string }).doc})`).join('; ')}`)
    lines.push(`  configs:     ${Object.entries(def.configs).map(([k, c]) => `${k}${k === def.defaultConfig ? '*' : ''} (${Object.entries(c.params).map(([p, x]) => `${p}=${x}`).join(' ')})`).join(', ')}`)
    const model = resolveModel(def).model
    lines.push(`  properties:  ${model.properties.map((p) => `${p.name}${p.kind === 'sometimes' ? ' (sometimes)' : ''}`).join(', ')}`)
    lines.push('  weakenings:')
    for (const [flag, w] of Object.entries(def.weakenings)) lines.push(`    --weaken ${flag.padEnd(26)} breaks ${w.breaks}: ${w.doc}`)
    lines.push('')
  }
  lines.push('* = default config. Try: npx faultline check twophase --weaken abortAfterPrepared')
  io.out(`${lines.join('\n')}\n`)
  return EXIT.holds
}

function loadTrace(args: readonly string[], what: string) {
  const { values: v, positionals } = parse(args)
  const file = positionals[0]
  if (file === undefined) throw new FaultlineError(`${what} needs a trace file, e.g. 'faultline ${what} .faultline/x.trace.json'`)
  const trace = readTraceFile(file)
  const resolved = resolveModel(findModel(trace.model), { config: trace.config, params: trace.params, weaken: trace.weaken })
  return { v, file, trace, resolved }
}

function replayCommand(args: readonly string[], io: Io): number {
  const { file, trace, resolved } = loadTrace(args, 'replay')
  let first, second
  try {
    first = replay(resolved.model, trace)
    second = replay(resolved.model, trace)
  } catch (err) {
    if (err instanceof FaultlineError && /is not enabled/.test(err.message)) {
      io.out(`✗ ${file} does not reproduce: ${err.message}\n`)
      return EXIT.violated
    }
    throw err
  }
  if (first.fingerprints.join() !== second.fingerprints.join()) {
    io.out(`✗ ${file}: two replays visited different states; the model is nondeterministic (try 'faultline check ${trace.model} --check-purity')\n`)
    return EXIT.violated
  }
  const what = trace.verdict === 'violated' ? `${trace.property} violated` : `${trace.property} witnessed`
  if (!first.reproduced) {
    io.out(`✗ ${file} does not reproduce: every step is enabled, but ${trace.property} ${trace.verdict === 'violated' ? 'holds' : 'does not hold'} in the last state\n`)
    return EXIT.violated
  }
  io.out(`✓ reproduced: ${what} after ${trace.steps.length} steps (model ${trace.model}, config ${trace.config}${trace.weaken.length ? `, weakened: ${trace.weaken.join(', ')}` : ''}; deterministic over 2 replays)\n`)
  return EXIT.holds
}

function show(args: readonly string[], io: Io): number {
  const { v, file, trace, resolved } = loadTrace(args, 'show')
  if (v.clocks === true) {
    // The time and ordering lab: Lamport and vector stamps of every event, and which pairs of
    // events are concurrent or causally ordered.
    io.out(`${renderClocks(resolved.model, trace)}\n`)
    return EXIT.holds
  }
  const format = v.format ?? 'text'
  let text: string
  switch (format) {
    case 'text':
      text = `${renderText(resolved.model, trace)}\n`
      break
    case 'mermaid':
      text = `${renderMermaidBlock(resolved.model, trace)}\n`
      break
    case 'markdown':
      text = renderMarkdown(resolved.model, trace, { file })
      break
    case 'html':
      text = renderTraceHtml(resolved.model, trace)
      break
    default:
      throw new FaultlineError(`unknown format '${format}'; use --format text, mermaid, markdown or html`)
  }
  if (v.out === undefined) {
    io.out(text)
    return EXIT.holds
  }
  writeFileAtomic(v.out, text)
  io.err(`wrote ${v.out}${format === 'html' ? ' (one self-contained page: open it in a browser, no server needed)' : ''}\n`)
  return EXIT.holds
}

/**
 * `faultline explore <model>`: serves the explorer on 127.0.0.1 and returns at once; the server
 * keeps the process alive until Ctrl-C. A port that cannot be had is reported when the listen
 * fails, with exit code 2.
 */
function exploreCommand(args: readonly string[], io: Io): number {
  const { values: v, positionals } = parse(args)
  refuse(v, 'explore', ['workers', 'lower-params', 'loss'])
  const name = positionals[0]
  if (name === undefined) throw new FaultlineError(`explore needs a model name, e.g. 'faultline explore twophase'; see 'faultline list'`)
  if (positionals.length > 1) throw new FaultlineError(`explore takes one model, got: ${positionals.join(' ')}`)
  const resolved = resolveFrom(name, v)
  const port = wholeOption('port', v.port, 0) ?? DEFAULT_PORT
  if (port > 65535) throw new FaultlineError(`--port must be a whole number from 0 to 65535, got '${v.port ?? ''}'`)
  const o = searchOptions(v, resolved)
  const bounds: { -readonly [K in keyof CheckBounds]: CheckBounds[K] } = {}
  if (o.maxDepth !== undefined) bounds.maxDepth = o.maxDepth
  if (o.maxStates !== undefined) bounds.maxStates = o.maxStates
  if (o.timeLimit !== undefined) bounds.timeLimit = o.timeLimit
  // A worker rebuilds the model from its name, so it can only check a shipped model.
  const inWorker = registry === MODELS && workerAvailable()
  const params = Object.entries(resolved.params).map(([k, x]) => `${k}=${x}`).join(' ')
  const title = `${name} (config ${resolved.config}${params ? `: ${params}` : ''}${resolved.weaken.length ? `; weakened: ${resolved.weaken.join(', ')}` : ''})`
  startExplorer({
    model: resolved.model,
    port,
    title,
    check: inWorker
      ? () => checkInWorker({ model: name, config: resolved.config, params: resolved.params, weaken: resolved.weaken, bounds })
      : 'inline',
    checkBounds: { ...bounds, meta: { config: resolved.config, params: resolved.params, weaken: resolved.weaken } },
  }).then(
    (ex) => io.out(`faultline explore ${title}\nopen ${ex.url}  (a background check looks for counterexamples; Ctrl-C stops)\n`),
    (err: unknown) => {
      io.err(`faultline: ${messageOf(err)}\n`)
      process.exitCode = EXIT.usage
    },
  )
  return EXIT.holds
}

function mutants(args: readonly string[], io: Io): number {
  const { values: v, positionals } = parse(args)
  refuse(v, 'mutants (it runs each weakening on one thread)', ['workers', 'lower-params', 'loss', 'port'])
  const name = positionals[0]
  if (name === undefined) throw new FaultlineError(`mutants needs a model name, e.g. 'faultline mutants twophase'`)
  const def = findModel(name)
  const dir = v.out ?? '.faultline'
  const format = v.format ?? 'text'
  if (format !== 'text' && format !== 'html') throw new FaultlineError(`unknown format '${format}'; mutants writes --format text or html`)
  const runs: MutantRun[] = []
  const rows: string[][] = []
  const results: object[] = []
  let ok = true
  const runOne = (flag: string | null): void => {
    const w = flag === null ? undefined : def.weakenings[flag]
    const config = v.config ?? w?.config
    const resolved = resolveModel(def, { config, params: parseParams(v.param), weaken: flag === null ? [] : [flag] })
    const progress = progressLine(io, v.quiet === true)
    let report: Report
    try {
      report = explore(resolved.model, searchOptions(v, resolved, progress.onProgress))
    } finally {
      progress.done()
    }
    report = finishCounterexamples(def, resolved, report).report
    const viol = report.violations[0]
    const path = viol?.trace ? saveTrace(dir, viol.trace) : null
    // Beside each trace file, its text rendering, so a reader of the folder needs no tool.
    if (path !== null && viol?.trace) writeFileAtomic(path.replace(/\.trace\.json$/, '.txt'), `${renderText(resolved.model, viol.trace)}\n`)
    // And its Markdown page: the sequence diagram (GitHub renders the Mermaid block) and the text.
    if (path !== null && viol?.trace) writeFileAtomic(path.replace(/\.trace\.json$/, '.md'), renderMarkdown(resolved.model, viol.trace, { file: path }))
    const expected = w?.breaks ?? '(none: must hold)'
    const got = viol ? viol.property : report.verdict === 'holds' ? '(holds)' : `(${report.verdict})`
    const good = flag === null ? report.verdict === 'holds' : viol !== undefined && viol.property === w?.breaks
    if (!good) ok = false
    rows.push([
      flag ?? '(none)',
      resolved.config,
      expected,
      `${good ? '✓' : '✗'} ${got}`,
      viol ? String(viol.length) : '-',
      num(report.states),
      duration(report.elapsedMs),
    ])
    results.push({ weaken: flag, config: resolved.config, expected: w?.breaks ?? null, verdict: report.verdict, property: viol?.property ?? null, length: viol?.length ?? null, states: report.states, elapsedMs: report.elapsedMs, trace: path, ok: good })
    if (format === 'html') runs.push({ weaken: flag, doc: w?.doc ?? null, expected: w?.breaks ?? null, config: resolved.config, model: resolved.model, report, ok: good })
  }
  runOne(null)
  for (const flag of Object.keys(def.weakenings)) runOne(flag)
  if (v.json) io.out(`${JSON.stringify({ model: name, ok, mutants: results })}\n`)
  else {
    io.out(`${table(['weakening', 'config', 'should break', 'broke', 'length', 'states', 'time'], rows)}\n`)
    io.out(`\ntraces written to ${dir}/\n`)
  }
  if (format === 'html') {
    const index = writeMutantsHtml(dir, name, runs)
    io.err(`matrix written to ${index}: open it in a browser; each broken property links to its counterexample page\n`)
  }
  return ok ? EXIT.holds : EXIT.violated
}

/** `faultline study <name>`: a seeded random study, printed as a table, and plotted with --out. */
function study(args: readonly string[], io: Io): number {
  const { values: v, positionals } = parse(args)
  const name = positionals[0]
  const known = Object.keys(STUDIES).join(', ')
  if (name === undefined) throw new FaultlineError(`study needs a name, e.g. 'faultline study gossip'; known studies: ${known}`)
  const s = STUDIES[name]
  if (s === undefined) throw new FaultlineError(`unknown study '${name}'; known studies: ${known}`)
  const runs = wholeOption('runs', v.runs, 1)
  const seed = wholeOption('seed', v.seed, 0)
  let loss: number | undefined
  if (v.loss !== undefined) {
    loss = Number(v.loss)
    if (v.loss.trim() === '' || !(loss >= 0 && loss < 1)) throw new FaultlineError(`--loss must be a probability in [0, 1), e.g. --loss 0.1, got '${v.loss}'`)
  }
  const result = s.run({ ...(runs !== undefined ? { runs } : {}), ...(seed !== undefined ? { seed } : {}), ...(loss !== undefined ? { loss } : {}) })
  io.out(`${result.table}\n`)
  if (v.out !== undefined) {
    const svg = join(v.out, `${name}-study.svg`)
    writeFileAtomic(svg, result.svg)
    writeFileAtomic(join(v.out, `${name}-study.md`), `${result.table}\n\n![${name} study](${name}-study.svg)\n`)
    io.err(`plot written to ${svg}\n`)
  }
  return EXIT.holds
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code. `models`
 * replaces the shipped registry (for tests and embedding).
 *
 * @example
 * process.exitCode = await main(['check', 'twophase'], nodeIo())
 */
export function main(argv: readonly string[], io: Io, models: readonly AnyModelDefinition[] = MODELS): number | Promise<number> {
  registry = models
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`)
        return command === undefined ? EXIT.usage : EXIT.holds
      case 'list':
        return list(io)
      case 'check': {
        const code = check(rest, io)
        return typeof code === 'number' ? code : code.catch((err: unknown) => failed(err, io))
      }
      case 'replay':
        return replayCommand(rest, io)
      case 'show':
        return show(rest, io)
      case 'mutants':
        return mutants(rest, io)
      case 'explore':
        return exploreCommand(rest, io)
      case 'study':
        return study(rest, io)
      default:
        throw new FaultlineError(`unknown command '${command}'; use list, check, replay, show, explore, mutants or study (see 'faultline --help')`)
    }
  } catch (err) {
    return failed(err, io)
  }
}

/** Reports an error in one line (the stack only with FAULTLINE_DEBUG) and returns the exit code. */
function failed(err: unknown, io: Io): number {
  if (err instanceof FaultlineError) {
    io.err(`faultline: ${err.message}\n`)
    if (process.env.FAULTLINE_DEBUG && err.cause instanceof Error) io.err(`${err.cause.stack ?? ''}\n`)
    return EXIT.usage
  }
  // A bug in a model (or in faultline): one line first, the stack only on request.
  io.err(`faultline: internal error: ${messageOf(err)}\n`)
  if (process.env.FAULTLINE_DEBUG) io.err(`${(err as Error).stack ?? ''}\n`)
  else io.err(`(set FAULTLINE_DEBUG=1 for the stack trace)\n`)
  return EXIT.usage
}

/** The process's own stdout and stderr. */
export function nodeIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    errIsTTY: process.stderr.isTTY === true,
  }
}
