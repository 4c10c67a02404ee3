/**
 * Long explorations, kept out of the default test run: `npm run check:deep`. Runs every shipped
 * model's `deep` config exhaustively and fails if a property breaks or a bound cuts the run.
 */
import { explore } from '../src/explore/search.js'
import { resolveModel } from '../src/core/definition.js'
import { MODELS } from '../src/cli/registry.js'
import { num } from '../src/cli/format.js'

let failed = false
for (const def of MODELS) {
  if (!def.configs['deep']) continue
  const resolved = resolveModel(def, { config: 'deep' })
  const t0 = performance.now()
  const r = explore(resolved.model, {
    meta: { config: 'deep', params: resolved.params, weaken: [] },
    ...(resolved.bounds.maxDepth !== undefined ? { maxDepth: resolved.bounds.maxDepth } : {}),
    ...(resolved.bounds.timeLimit !== undefined ? { timeLimit: resolved.bounds.timeLimit } : {}),
  })
  const secs = ((performance.now() - t0) / 1000).toFixed(1)
  console.log(`${def.name} deep: ${r.verdict}${r.cutBy.length ? ` (cut by ${r.cutBy.join(', ')})` : ''}, ${num(r.states)} states, depth ${r.maxDepth}, ${secs} s`)
  if (r.verdict !== 'holds') failed = true
}
if (failed) process.exitCode = 1
