/**
 * Checking the token ring with faultline's vitest matchers. In your own project the imports are
 * `from 'faultline'` and `import 'faultline/vitest'`.
 *
 * The committed counterexample is rewritten by `FAULTLINE_UPDATE=1 npx vitest run examples/token-mutex`.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import '../../src/vitest/index.js'
import { testModel } from '../../src/vitest/index.js'
import { resolveModel } from '../../src/core/definition.js'
import { explore } from '../../src/explore/search.js'
import { checkRandom } from '../../src/random/index.js'
import { readTraceFile, writeTraceFile } from '../../src/trace/file.js'
import { renderText } from '../../src/trace/text.js'
import { tokenMutex } from './model.js'

const here = dirname(fileURLToPath(import.meta.url))
const counterexample = join(here, 'counterexample.trace.json')
const sound = resolveModel(tokenMutex)
const weak = resolveModel(tokenMutex, { weaken: ['regenerateToken'] })
const meta = { config: weak.config, params: weak.params, weaken: weak.weaken }

describe('token-mutex: the ring of 3 nodes', () => {
  it('holds MutualExclusion and CriticalHoldsToken in all 480 reachable states, and every node gets served', () => {
    expect(sound).toHoldAll()
    // 480 by hand: with no node critical, 2^3 idle/waiting phases x 6 token places (held by or in
    // flight to each node) = 48; with node c critical it holds the token and the other two are
    // idle or waiting: 3 x 4 = 12; and each of those 60 with any of the 8 sets of served nodes.
    // EveryoneServed needs 13 steps: three Request/Enter/Exit rounds and two Pass/Receive hops.
    const r = explore(sound.model)
    expect(r).toMatchObject({ verdict: 'holds', states: 480, maxDepth: 21 })
    expect(r.witnesses.map((w) => [w.property, w.depth])).toEqual([
      ['SomeoneEnters', 2],
      ['EveryoneServed', 13],
    ])
  })

  it('holds under random search too (hybrid: BFS to depth 4, then random runs)', () => {
    expect(sound).toHoldAll({ strategy: 'hybrid', runs: 300, seed: 1 })
  })
})

// Random schedules inside test.prop, with the seed from FAULTLINE_SEED (fixed by default).
testModel('token-mutex: random schedules keep mutual exclusion', sound, { runs: 200 })

describe('token-mutex: the regenerateToken weakening', () => {
  it('breaks MutualExclusion in 5 steps', () => {
    expect(weak).toViolate('MutualExclusion')
    expect(sound).not.toViolate('MutualExclusion')
  })

  it('random search finds it and shrinks it to the BFS length', () => {
    const r = checkRandom(weak.model, { seed: 1, meta })
    const f = r.found[0]
    expect(f).toMatchObject({ property: 'MutualExclusion', length: 5, shortest: true })
    expect(f?.rawLength).toBeGreaterThan(5)
    const v = r.violations[0]
    if (!v?.trace) throw new Error('no counterexample')
    if (process.env['FAULTLINE_UPDATE']) writeTraceFile(counterexample, v.trace)
    expect(renderText(weak.model, v.trace)).toContain('✗ MutualExclusion does not hold in the last state')
  })

  it('the committed counterexample replays on the weakened model and not on the sound one', () => {
    const trace = readTraceFile(counterexample)
    expect(trace.steps.map((s) => s.action)).toEqual(['Request(n0)', 'Request(n1)', 'Enter(n0)', 'RegenerateToken(n1)', 'Enter(n1)'])
    expect(counterexample).toReplay(weak)
    expect(counterexample).not.toReplay(sound)
  })
})
