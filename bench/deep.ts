/**
 * Long explorations, kept out of the default test run: `npm run check:deep`. Runs every shipped
 * model's `deep` config exhaustively, and fails if a property breaks, a bound cuts the run, or the
 * distinct-state count differs from the figure pinned here (change a figure only in the commit
 * that explains why, as for the counts the tests pin).
 */
import { explore } from '../src/explore/search.js'
import { resolveModel } from '../src/core/definition.js'
import { MODELS } from '../src/cli/registry.js'
import { num } from '../src/cli/format.js'

/** Distinct states of each model's `deep` config, as measured when the config was written. */
const PINNED: Readonly<Record<string, number>> = {
  twophase: 296_448,
  paxos: 27_607_525,
  lease: 3_361_357,
  idempotency: 1_214_686,
  lamport: 869_040,
  vector: 869_040,
  hlc: 4_751_322,
  lww: 4_878_031,
  gossip: 9_620_922,
  swim: 733_992,
  quorum: 27_622_973,
}

const only = process.argv.slice(2)
let failed = false
for (const def of MODELS) {
  if (!def.configs['deep'] || (only.length > 0 && !only.includes(def.name))) continue
  if (PINNED[def.name] === undefined && only.length === 0) {
    // raft's deep space is past 50 million states (plain BFS was at depth 23 of it when the default
    // state bound stopped it); it runs only when named: node dist/bench/deep.js raft
    console.log(`${def.name} deep: skipped (no pinned figure; name it to run it: node dist/bench/deep.js ${def.name})`)
    continue
  }
  const resolved = resolveModel(def, { config: 'deep' })
  const t0 = performance.now()
  const r = explore(resolved.model, {
    meta: { config: 'deep', params: resolved.params, weaken: [] },
    timeLimit: resolved.bounds.timeLimit ?? 3600,
    ...(resolved.bounds.maxDepth !== undefined ? { maxDepth: resolved.bounds.maxDepth } : {}),
  })
  const secs = ((performance.now() - t0) / 1000).toFixed(1)
  const pinned = PINNED[def.name]
  const countOk = pinned === undefined || r.states === pinned
  console.log(
    `${def.name} deep: ${r.verdict}${r.cutBy.length ? ` (cut by ${r.cutBy.join(', ')})` : ''}, ${num(r.states)} states` +
      `${pinned === undefined ? ' (no pinned figure)' : countOk ? ' (as pinned)' : ` (PINNED ${num(pinned)})`}, depth ${r.maxDepth}, ${secs} s`,
  )
  if (r.verdict !== 'holds' || !countOk) failed = true
}
if (failed) process.exitCode = 1
