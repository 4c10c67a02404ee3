/**
 * A model's `actionKinds` must name every kind of action it can take, or random search's
 * coverage would miss one: for every shipped model that declares them, on every config, the
 * kinds a random search meets are among the declared ones.
 */
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../src/core/definition.js'
import { checkRandom } from '../src/random/index.js'
import { MODELS } from '../src/cli/registry.js'

const cases = MODELS.flatMap((def) =>
  Object.keys(def.configs)
    .filter((config) => config !== 'random')
    .map((config) => ({ name: def.name, config, def })),
).filter(({ def, config }) => resolveModel(def, { config }).model.actionKinds !== undefined)

describe('actionKinds: every kind a run meets is declared', () => {
  it('models that declare them: twophase, raft, paxos, gossip, swim and the actor-layer ones', () => {
    expect([...new Set(cases.map((c) => c.name))].sort()).toEqual(['gossip', 'idempotency', 'paxos', 'quorum', 'raft', 'swim', 'twophase'])
  })

  it.each(cases.map(({ name, config }) => ({ name, config })))('$name $config', ({ name, config }) => {
    const def = MODELS.find((d) => d.name === name)!
    const model = resolveModel(def, { config }).model
    const r = checkRandom(model, { runs: 200, maxDepth: 60, seed: 1, swarm: false })
    const declared = new Set(model.actionKinds)
    const undeclared = r.coverage.kinds.map((k) => k.kind).filter((k) => !declared.has(k))
    expect(undeclared).toEqual([])
  })
})
