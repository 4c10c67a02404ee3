/**
 * The convergence study: how many rounds a version written at one node takes to reach every node,
 * against the number of nodes and the fan-out. It drives the gossip model itself (its `next`, with
 * the same rounds, peer selection and merge the checker explores) under seeded random schedules:
 * each round every node gossips in a random order with peers drawn from its shuffled round-robin,
 * then the network delivers the round's messages in a random order, losing each with probability
 * `loss`. Epidemic theory says the rounds grow like log N (Pittel; Demers et al. section 1.4);
 * `renderStudyTable` and `renderStudySvg` show the measured growth.
 *
 * `faultline study gossip [--out DIR]` runs `studyGossip()` with its defaults.
 */
import { prng } from '../../src/explore/index.js'
import { FaultlineError } from '../../src/core/errors.js'
import { converged } from '../../properties/gossip.js'
import { gossipNext, gossipSetup, initialState, type GossipAction, type GossipMode, type GossipSetup, type GossipState } from './model.js'

/** What to measure. Every field has a default. */
export interface StudyOptions {
  /** Cluster sizes. @default [8, 16, 32, 64, 128, 256] */
  readonly nodes?: readonly number[]
  /** Fan-outs. @default [1, 2, 3] */
  readonly fanouts?: readonly number[]
  /** Seeded runs per (N, fan-out). @default 100 */
  readonly runs?: number
  /** Base seed; each run derives its own from it, N, the fan-out and the run number. @default 1 */
  readonly seed?: number
  /** @default 'push' (the classic rumor spreading bound: log2 N + ln N rounds at fan-out 1) */
  readonly mode?: GossipMode
  /** Probability that the network loses a message. @default 0 */
  readonly loss?: number
  /** A run that has not converged after this many rounds is counted as not converging. @default 200 */
  readonly maxRounds?: number
}

/** Rounds to convergence for one (N, fan-out). */
export interface StudyRow {
  readonly nodes: number
  readonly fanout: number
  readonly runs: number
  /** Runs that converged within `maxRounds`; the statistics below are over these. */
  readonly converged: number
  readonly median: number
  /** The 99th percentile (nearest rank). */
  readonly p99: number
  readonly min: number
  readonly max: number
  readonly mean: number
}

/** The study's options (defaults filled in) and one row per (N, fan-out), N-major. */
export interface StudyResult {
  readonly mode: GossipMode
  readonly loss: number
  readonly runs: number
  readonly seed: number
  readonly maxRounds: number
  readonly nodes: readonly number[]
  readonly fanouts: readonly number[]
  readonly rows: readonly StudyRow[]
}

const MODE_PARAM: Record<GossipMode, number> = { push: 1, pull: 2, 'push-pull': 3 }

/**
 * Runs the convergence study: seeded random schedules of the gossip model for every (N, fan-out),
 * each from one write at `n1`, counting rounds until every node holds it.
 *
 * @example
 * const result = studyGossip({ runs: 50 })
 * console.log(renderStudyTable(result))
 * writeFileSync('gossip.svg', renderStudySvg(result))
 */
export function studyGossip(options: StudyOptions = {}): StudyResult {
  const nodes = options.nodes ?? [8, 16, 32, 64, 128, 256]
  const fanouts = options.fanouts ?? [1, 2, 3]
  const runs = options.runs ?? 100
  const seed = options.seed ?? 1
  const mode = options.mode ?? 'push'
  const loss = options.loss ?? 0
  const maxRounds = options.maxRounds ?? 200
  const whole = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw new FaultlineError(`study: ${name} must be a whole number >= ${min}, got ${v}`)
  }
  for (const n of nodes) whole('nodes', n, 2)
  for (const f of fanouts) whole('fanout', f, 1)
  whole('runs', runs, 1)
  whole('seed', seed, 0)
  whole('maxRounds', maxRounds, 1)
  if (!(loss >= 0 && loss < 1)) throw new FaultlineError(`study: loss must be in [0, 1), got ${loss}`)
  if (MODE_PARAM[mode] === undefined) throw new FaultlineError(`study: unknown mode '${String(mode)}'; use push, pull or push-pull`)

  const rows: StudyRow[] = []
  for (const n of nodes) {
    for (const f of fanouts) {
      const u = gossipSetup(
        {
          nodes: n,
          fanout: f,
          mode: MODE_PARAM[mode],
          keys: 1,
          writes: 1,
          removes: 0,
          drops: loss > 0 ? Number.MAX_SAFE_INTEGER : 0,
          crashes: 0,
          restarts: 0,
          partitions: 0,
          within: maxRounds,
        },
        new Set(),
      )
      const rounds: number[] = []
      for (let r = 0; r < runs; r++) {
        const rand = prng(runSeed(seed, n, f, r))
        const k = roundsToConverge(u, rand, loss, maxRounds)
        if (k !== null) rounds.push(k)
      }
      rows.push(summarize(n, f, runs, rounds))
    }
  }
  return { mode, loss, runs, seed, maxRounds, nodes, fanouts, rows }
}

/** A seed per run, spread over 32 bits so neighbouring runs do not share a stream. */
function runSeed(seed: number, n: number, f: number, run: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ n, 0xc2b2ae35) ^ (h >>> 13)
  h = Math.imul(h ^ f, 0x27d4eb2f) ^ (h >>> 15)
  h = Math.imul(h ^ run, 0x165667b1) ^ (h >>> 16)
  return h >>> 0
}

function step(u: GossipSetup, s: GossipState, a: GossipAction): GossipState {
  const t = gossipNext(u, s, a)
  if (t === undefined) throw new FaultlineError(`study: the schedule chose an action that is not enabled (${a.type})`)
  return t
}

/** One seeded run: rounds until every node holds the write, or null after `maxRounds`. */
function roundsToConverge(u: GossipSetup, rand: () => number, loss: number, maxRounds: number): number | null {
  let s = step(u, initialState(u), { type: 'Write', node: 0, key: 0 })
  const order = Array.from({ length: u.n }, (_, i) => i)
  for (let round = 1; round <= maxRounds; round++) {
    shuffle(order, rand)
    for (const i of order) {
      const node = s.nodes[i]
      if (node === undefined) continue
      s = step(u, s, { type: 'Gossip', node: i, targets: pickTargets(u, i, node.contacted, rand) })
    }
    while (s.net.length > 0) {
      const msg = s.net[Math.floor(rand() * s.net.length)]
      if (msg === undefined) break
      s = step(u, s, { type: loss > 0 && rand() < loss ? 'Drop' : 'Deliver', msg })
    }
    s = step(u, s, { type: 'EndRound' })
    if (converged(s)) return round
  }
  return null
}

/** A random legal target set: the next `perRound` peers of a shuffled round-robin (see `nextCycle`). */
function pickTargets(u: GossipSetup, self: number, contacted: readonly number[], rand: () => number): number[] {
  const f = u.perRound
  const fresh = u.n - 1 - contacted.length
  if (fresh >= 2 * f) {
    // Most peers are fresh: draw peers at random and skip taken ones, rather than list them all.
    const out: number[] = []
    while (out.length < f) {
      const j = Math.floor(rand() * u.n)
      if (j !== self && !out.includes(j) && !hasSorted(contacted, j)) out.push(j)
    }
    return out.sort((a, b) => a - b)
  }
  const freshList: number[] = []
  const used: number[] = []
  for (let j = 0; j < u.n; j++) {
    if (j === self) continue
    if (hasSorted(contacted, j)) used.push(j)
    else freshList.push(j)
  }
  const out = freshList.length >= f ? sample(freshList, f, rand) : [...freshList, ...sample(used, f - freshList.length, rand)]
  return out.sort((a, b) => a - b)
}

/** Whether sorted `xs` holds `x`. */
function hasSorted(xs: readonly number[], x: number): boolean {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((xs[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return xs[lo] === x
}

/** `k` distinct elements of `xs`, uniformly (a partial Fisher-Yates on a copy). */
function sample(xs: readonly number[], k: number, rand: () => number): number[] {
  const w = xs.slice()
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (w.length - i))
    const t = w[i] as number
    w[i] = w[j] as number
    w[j] = t
  }
  return w.slice(0, k)
}

function shuffle(xs: number[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = xs[i] as number
    xs[i] = xs[j] as number
    xs[j] = t
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] as number
}

function summarize(nodes: number, fanout: number, runs: number, rounds: number[]): StudyRow {
  const sorted = rounds.slice().sort((a, b) => a - b)
  const mean = sorted.length === 0 ? NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length
  return {
    nodes,
    fanout,
    runs,
    converged: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: Math.round(mean * 100) / 100,
  }
}

function rowOf(result: StudyResult, n: number, f: number): StudyRow | undefined {
  return result.rows.find((r) => r.nodes === n && r.fanout === f)
}

/**
 * The study as a Markdown table: one line per N, median and p99 rounds per fan-out, and log2 N
 * for comparison.
 */
export function renderStudyTable(result: StudyResult): string {
  const head = ['N', 'log2 N', ...result.fanouts.flatMap((f) => [`f=${f} median`, `f=${f} p99`])]
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---:').join(' | ')} |`]
  for (const n of result.nodes) {
    const cells = [String(n), (Math.round(Math.log2(n) * 10) / 10).toString()]
    for (const f of result.fanouts) {
      const row = rowOf(result, n, f)
      const cut = row !== undefined && row.converged < row.runs ? '*' : ''
      cells.push(row === undefined ? '' : `${fmt(row.median)}${cut}`, row === undefined ? '' : `${fmt(row.p99)}${cut}`)
    }
    lines.push(`| ${cells.join(' | ')} |`)
  }
  const note =
    `Rounds until every node holds a version written at n1; ${result.mode}, ${result.runs} seeded runs per cell` +
    `${result.loss > 0 ? `, each message lost with probability ${result.loss}` : ''}, seed ${result.seed}.` +
    (result.rows.some((r) => r.converged < r.runs) ? ` * some runs did not converge within ${result.maxRounds} rounds.` : '')
  return `${lines.join('\n')}\n\n${note}\n`
}

function fmt(x: number): string {
  return Number.isNaN(x) ? '-' : String(x)
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The study as a self-contained SVG line plot: rounds against N on a log2 axis, one colour per
 * fan-out, the median solid and the 99th percentile dashed. Straight lines on this axis are
 * O(log N) growth.
 */
export function renderStudySvg(result: StudyResult): string {
  const W = 720
  const H = 440
  const left = 60
  const right = 170
  const top = 50
  const bottom = 60
  const pw = W - left - right
  const ph = H - top - bottom
  const xs = result.nodes.map((n) => Math.log2(n))
  const xMin = Math.min(...xs)
  const xMax = Math.max(...xs)
  const values = result.rows.flatMap((r) => [r.median, r.p99]).filter((v) => !Number.isNaN(v))
  const yTop = Math.max(1, niceCeil(Math.max(0, ...values)))
  const yStep = niceStep(yTop)
  const X = (n: number): number => left + (xMax === xMin ? pw / 2 : ((Math.log2(n) - xMin) / (xMax - xMin)) * pw)
  const Y = (v: number): number => top + ph - (v / yTop) * ph
  const r2 = (v: number): string => (Math.round(v * 100) / 100).toString()
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`)
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  out.push(
    `<text x="${left + pw / 2}" y="24" text-anchor="middle" font-size="15">${esc(`Gossip (${result.mode}): rounds until every node holds a write`)}</text>`,
  )
  // Grid and axes.
  for (let v = 0; v <= yTop + 1e-9; v += yStep) {
    out.push(`<line x1="${left}" y1="${r2(Y(v))}" x2="${left + pw}" y2="${r2(Y(v))}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${left - 8}" y="${r2(Y(v) + 4)}" text-anchor="end">${r2(v)}</text>`)
  }
  for (const n of result.nodes) {
    out.push(`<line x1="${r2(X(n))}" y1="${top}" x2="${r2(X(n))}" y2="${top + ph}" stroke="#f0f0f0"/>`)
    out.push(`<text x="${r2(X(n))}" y="${top + ph + 18}" text-anchor="middle">${n}</text>`)
  }
  out.push(`<line x1="${left}" y1="${top + ph}" x2="${left + pw}" y2="${top + ph}" stroke="#333"/>`)
  out.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + ph}" stroke="#333"/>`)
  out.push(`<text x="${left + pw / 2}" y="${H - 16}" text-anchor="middle">nodes N (log scale)</text>`)
  out.push(`<text x="18" y="${top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + ph / 2})">rounds</text>`)
  // One median line (solid, with points) and one p99 line (dashed) per fan-out.
  result.fanouts.forEach((f, i) => {
    const color = COLORS[i % COLORS.length] as string
    const rows = result.nodes.map((n) => rowOf(result, n, f)).filter((r): r is StudyRow => r !== undefined)
    const path = (pick: (r: StudyRow) => number): string =>
      rows
        .filter((r) => !Number.isNaN(pick(r)))
        .map((r) => `${r2(X(r.nodes))},${r2(Y(pick(r)))}`)
        .join(' ')
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${path((r) => r.median)}"/>`)
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5,4" points="${path((r) => r.p99)}"/>`)
    for (const r of rows) {
      if (!Number.isNaN(r.median)) out.push(`<circle cx="${r2(X(r.nodes))}" cy="${r2(Y(r.median))}" r="3.5" fill="${color}"/>`)
    }
    const ly = top + 10 + i * 40
    const lx = left + pw + 20
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${color}" stroke-width="2"/>`)
    out.push(`<text x="${lx + 36}" y="${ly + 4}">fan-out ${f} median</text>`)
    out.push(`<line x1="${lx}" y1="${ly + 16}" x2="${lx + 28}" y2="${ly + 16}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5,4"/>`)
    out.push(`<text x="${lx + 36}" y="${ly + 20}">fan-out ${f} p99</text>`)
  })
  const foot = [`${result.runs} runs per point`, `seed ${result.seed}`, ...(result.loss > 0 ? [`loss ${result.loss}`] : [])]
  foot.forEach((line, i) => {
    out.push(`<text x="${left + pw + 20}" y="${top + ph - (foot.length - 1 - i) * 16}" fill="#666">${esc(line)}</text>`)
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}

function niceStep(top: number): number {
  const raw = top / 6
  const mag = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag
  return 10 * mag
}

function niceCeil(v: number): number {
  const stepSize = niceStep(Math.max(v, 1))
  return Math.ceil(v / stepSize) * stepSize
}
