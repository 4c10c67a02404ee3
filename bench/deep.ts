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

/** Deep configs pinned by a test instead (run by `npm run check:deep` with FAULTLINE_DEEP=1). */
const ELSEWHERE: Readonly<Record<string, string>> = {
  raft: 'pinned in models/raft/raft.test.ts (21,404,484 symmetry classes, on worker threads), which check:deep runs next',
}

const only = process.argv.slice(2)
let failed = false
for (const def of MODELS) {
  if (!def.configs['deep'] || (only.length > 0 && !only.includes(def.name))) continue
  if (ELSEWHERE[def.name] !== undefined) {
    console.log(`${def.name} deep: ${ELSEWHERE[def.name]}`)
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
  const countOk = pinned !== undefined && r.states === pinned
  console.log(
    `${def.name} deep: ${r.verdict}${r.cutBy.length ? ` (cut by ${r.cutBy.join(', ')})` : ''}, ${num(r.states)} states` +
      `${pinned === undefined ? ' (NO PINNED FIGURE: pin it in bench/deep.ts)' : countOk ? ' (as pinned)' : ` (PINNED ${num(pinned)})`}, depth ${r.maxDepth}, ${secs} s`,
  )
  if (r.verdict !== 'holds' || !countOk) failed = true
}
if (failed) process.exitCode = 1
