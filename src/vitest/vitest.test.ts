import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { resolveModel } from '../core/definition.js'
import { always, sometimes, type Model } from '../core/model.js'
import { explore } from '../explore/search.js'
import { writeTraceFile } from '../trace/file.js'
import { twophase } from '../../models/twophase/index.js'
import { DEFAULT_SEED, faultlineSeed, findTraceFiles, modelProp, modelPropOverParams, replayTraceFile, testModel } from './index.js'

const out = mkdtempSync(join(tmpdir(), 'faultline-vitest-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

const ok = resolveModel(twophase, {})
const weak = resolveModel(twophase, { weaken: ['abortAfterPrepared'] })

describe('vitest matchers: toHoldAll', () => {
  it('twophase (ci) holds all its properties: exhaustive BFS', () => {
    expect(ok).toHoldAll()
    expect(ok.model).toHoldAll({ strategy: 'dfs' })
  })

  it('a weakened model fails with the rendered, shrunk counterexample and the path of its trace file', () => {
    const dir = join(out, 'hold')
    let message = ''
    try {
      expect(weak).toHoldAll({ outDir: dir })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/^expected model twophase to hold all its properties, but TCConsistent is violated after 9 steps:/)
    expect(message).toContain('TCConsistent violated after 9 steps — twophase (config ci: rm=3, weakened: abortAfterPrepared; found by bfs)')
    expect(message).toContain('RMChooseToAbort(rm2)')
    expect(message).toContain('✗ TCConsistent does not hold in the last state')
    expect(message).toMatch(/trace written to .*twophase--abortAfterPrepared--TCConsistent\.trace\.json/)
    expect(message).toContain('replay it with: npx faultline replay ')
    expect(readdirSync(dir)).toEqual(['twophase--abortAfterPrepared--TCConsistent.trace.json'])
  })

  it('random search finds it too, and the counterexample is shrunk to the same 9 steps', () => {
    expect(() => expect(weak).toHoldAll({ strategy: 'random', seed: 1, outDir: join(out, 'random') })).toThrow(/TCConsistent is violated after 9 steps/)
  })

  it('a model whose sometimes property is never reached fails: its always properties prove little', () => {
    const idle: Model<number, 'Tick'> = {
      name: 'idle',
      init: () => [0],
      actions: (s) => (s < 3 ? ['Tick'] : []),
      next: (s) => (s < 3 ? s + 1 : undefined),
      properties: [always('Small', (s) => s < 10), sometimes('Big', (s) => s >= 5)],
    }
    expect(() => expect(idle).toHoldAll()).toThrow(
      'expected model idle to hold all its properties, but Big was never witnessed in all 4 reachable states',
    )
  })

  it('.not.toHoldAll passes for a weakened model', () => {
    expect(weak).not.toHoldAll({ outDir: join(out, 'not') })
  })
})

describe('vitest matchers: toViolate', () => {
  it('the weakened model violates TCConsistent; the sound one does not, in all 288 states', () => {
    expect(weak).toViolate('TCConsistent')
    expect(ok).not.toViolate('TCConsistent')
    expect(() => expect(ok).toViolate('TCConsistent')).toThrow('expected model twophase to violate TCConsistent, but it held in all 288 reachable states')
  })

  it('.not.toViolate on the weakened model fails with the counterexample', () => {
    expect(() => expect(weak).not.toViolate('TCConsistent', { outDir: join(out, 'violate') })).toThrow(
      /expected model twophase not to violate TCConsistent, but it does after 9 steps:[\s\S]*RMRcvCommitMsg\(rm1\)/,
    )
  })

  it('looks for the property named even when another breaks first', () => {
    const both = resolveModel(twophase, { weaken: ['tmPresumesPrepared'] })
    expect(both).toViolate('TCConsistent')
    expect(both).toViolate('TMPreparedVoted', { strategy: 'random', seed: 1 })
  })

  it('an unknown or sometimes property is a usage error', () => {
    expect(() => expect(ok).toViolate('NoSuch')).toThrow("model twophase has no property 'NoSuch'; it has: TPTypeOK, TCConsistent")
    expect(() => expect(ok).toViolate('SomeCommit')).toThrow('SomeCommit is a sometimes property')
  })
})

describe('vitest matchers: toReplay', () => {
  const trace = explore(weak.model, { meta: { config: weak.config, params: weak.params, weaken: weak.weaken } }).violations[0]?.trace
  if (!trace) throw new Error('no counterexample')

  it('a BFS counterexample replays on its model, as an object and as a file', () => {
    expect(trace).toReplay(weak)
    const file = join(out, 'replay.trace.json')
    writeTraceFile(file, trace)
    expect(file).toReplay(weak.model)
  })

  it('on the unweakened model the same trace does not replay: a step is not enabled', () => {
    expect(trace).not.toReplay(ok)
    expect(() => expect(trace).toReplay(ok)).toThrow(/step 9 \(RMChooseToAbort\(rm2\)\) is not enabled in model twophase/)
  })

  it('a trace whose last state does not show its property fails, saying so', () => {
    const short = { ...trace, steps: trace.steps.slice(0, 8) }
    expect(() => expect(short).toReplay(weak)).toThrow('but although every step is enabled, TCConsistent holds in its last state')
  })

  it('a file that is not a trace fails with the reader\'s one-line error', () => {
    const file = join(out, 'bad.trace.json')
    writeFileSync(file, '{"schema": "other"}')
    expect(() => expect(file).toReplay(ok)).toThrow("unsupported schema 'other'")
  })
})

describe('vitest: random search inside test.prop', () => {
  it('the seed comes from FAULTLINE_SEED, else a fixed default', () => {
    expect(faultlineSeed({})).toBe(DEFAULT_SEED)
    expect(faultlineSeed({ FAULTLINE_SEED: '42' })).toBe(42)
    expect(() => faultlineSeed({ FAULTLINE_SEED: 'x' })).toThrow("FAULTLINE_SEED must be a whole number from 0 to 2147483647, got 'x'")
  })

  it('modelProp: a failing run is reported as the shrunk counterexample, with its trace file', () => {
    const p = modelProp(weak, { seed: 1, runs: 500, outDir: join(out, 'prop') })
    expect(p.params.seed).toBe(1)
    expect(() => fc.assert(fc.property(...p.arbitraries, p.predicate), p.params)).toThrow(
      /^TCConsistent is violated \(random search, seed 1, fast-check path [\d:]+\):\n\nTCConsistent violated after 9 steps/,
    )
    expect(readdirSync(join(out, 'prop'))).toEqual(['twophase--abortAfterPrepared--TCConsistent.trace.json'])
  })

  it('modelPropOverParams: parameters drawn before the schedule; fast-check shrinks 2 to 6 RMs down to the 2 the bug needs', () => {
    const rm = fc.record({ rm: fc.integer({ min: 2, max: 6 }) })
    const p = modelPropOverParams(weak, rm, { seed: 1, runs: 500, outDir: join(out, 'params') })
    const details = fc.check(fc.property(...p.arbitraries, p.predicate), { seed: 1, numRuns: 500 })
    expect(details.failed).toBe(true)
    expect(details.counterexample?.[0]).toEqual({ rm: 2 })
    expect(() => fc.assert(fc.property(...p.arbitraries, p.predicate), p.params)).toThrow(
      /^TCConsistent is violated at \{"rm":2\} \(random search, seed 1, fast-check path [\d:]+\):\n\nTCConsistent violated after 7 steps — twophase \(config ci: rm=2/,
    )
    // The sound protocol holds at every size drawn.
    const sound = modelPropOverParams(ok, rm, { runs: 100 })
    expect(() => fc.assert(fc.property(...sound.arbitraries, sound.predicate), sound.params)).not.toThrow()
  })

  it('modelProp on the sound model passes its runs', () => {
    const p = modelProp(ok, { runs: 100 })
    expect(p.params.seed).toBe(faultlineSeed())
    expect(() => fc.assert(fc.property(...p.arbitraries, p.predicate), p.params)).not.toThrow()
  })
})

// A property test declared with the helper: its name carries the stable seed, so it is the same every run.
testModel('twophase (ci): every always property holds under 100 random schedules', ok, { runs: 100 })

describe('vitest: counterexample corpus helpers', () => {
  it('finds trace files recursively and replays each; a stale one is reported, not thrown', () => {
    const dir = join(out, 'corpus')
    mkdirSync(join(dir, 'nested'), { recursive: true })
    const trace = explore(weak.model, { meta: { config: weak.config, params: weak.params, weaken: weak.weaken } }).violations[0]?.trace
    if (!trace) throw new Error('no counterexample')
    writeTraceFile(join(dir, 'good.trace.json'), trace)
    writeTraceFile(join(dir, 'nested', 'stale.trace.json'), { ...trace, weaken: [] })
    writeFileSync(join(dir, 'notes.txt'), 'not a trace')
    expect(findTraceFiles(dir)).toEqual(['good.trace.json', join('nested', 'stale.trace.json')])
    const resolve = (t: { config: string; params: Record<string, number>; weaken: readonly string[] }) =>
      resolveModel(twophase, { config: t.config, params: t.params, weaken: t.weaken }).model
    const good = replayTraceFile(join(dir, 'good.trace.json'), resolve)
    expect(good).toMatchObject({ reproduced: true })
    expect(good.message).toMatch(/TCConsistent violated after 9 steps$/)
    const stale = replayTraceFile(join(dir, 'nested', 'stale.trace.json'), resolve)
    expect(stale.reproduced).toBe(false)
    expect(stale.message).toMatch(/step 9 \(RMChooseToAbort\(rm2\)\) is not enabled/)
    expect(JSON.parse(readFileSync(join(dir, 'good.trace.json'), 'utf8')).schema).toBe('faultline.trace/1')
  })

  it('a missing corpus directory is an error, not an empty pass', () => {
    expect(() => findTraceFiles(join(out, 'nope'))).toThrow(/no counterexample directory at /)
  })
})
