/**
 * Benchmark of the linearizability checker: 10,000 operations from 10 clients with random
 * overlap, recorded from a simulated register (one partition, the hard case) and from a simulated
 * key-value map (10 keys, checked key by key). Target: under a second for each.
 *
 * Run standalone with `node dist/bench/history.js` after `npm run build`.
 */
import { pathToFileURL } from 'node:url'
import { checkLinearizable, kvMap, register, simulateHistory, type CheckVerdict } from '../src/history/index.js'

/** One object's figures. */
export interface HistoryBenchCase {
  readonly object: 'register' | 'kvMap'
  readonly ops: number
  readonly clients: number
  readonly result: CheckVerdict
  readonly steps: number
  readonly partitions: number
  /** Wall time of the first check in this process (includes JIT warm-up). */
  readonly firstMs: number
  /** Best wall time of the next three checks. */
  readonly bestMs: number
}

export interface HistoryBench {
  readonly cases: readonly HistoryBenchCase[]
  /** True when every check answered `linearizable` within a second. */
  readonly withinTarget: boolean
}

const OPS = 10_000
const CLIENTS = 10
const SEED = 2024

/** Generates the histories, checks each four times and returns the figures. */
export function benchHistory(): HistoryBench {
  const cases: HistoryBenchCase[] = []
  for (const object of ['register', 'kvMap'] as const) {
    const history = simulateHistory({ ops: OPS, clients: CLIENTS, seed: SEED, object })
    const check = () => (object === 'register' ? checkLinearizable(history, register(0)) : checkLinearizable(history, kvMap()))
    let t = performance.now()
    const first = check()
    const firstMs = performance.now() - t
    let bestMs = Infinity
    for (let k = 0; k < 3; k++) {
      t = performance.now()
      check()
      bestMs = Math.min(bestMs, performance.now() - t)
    }
    cases.push({
      object,
      ops: OPS,
      clients: CLIENTS,
      result: first.result,
      steps: first.steps,
      partitions: first.partitions,
      firstMs: Math.round(firstMs),
      bestMs: Math.round(bestMs),
    })
  }
  return { cases, withinTarget: cases.every((c) => c.result === 'linearizable' && c.firstMs < 1000) }
}

/** Prints the benchmark (`npm run bench -- history`). */
export function main(): void {
  const r = benchHistory()
  for (const c of r.cases) {
    console.log(
      `history ${c.object.padEnd(8)} ${c.ops} ops, ${c.clients} clients: ${c.result}, ${c.steps} steps, ` +
        `${c.partitions} partition(s), first ${c.firstMs} ms, best ${c.bestMs} ms`,
    )
  }
  console.log(r.withinTarget ? 'within target (< 1 s)' : 'OVER TARGET (1 s)')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
