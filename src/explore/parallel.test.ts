/**
 * The parallel BFS against the single-threaded one: same verdicts, same distinct states and
 * transitions, same depths, same shortest counterexample lengths, traces that replay, and the
 * same answer every run. Workers load the compiled code in dist/ (`npm test` builds it first).
 */
import { describe, expect, test } from 'vitest'
import { explore } from './search.js'
import { exploreParallel, type ModelSource } from './parallel.js'
import type { Report } from './report.js'
import { resolveModel } from '../core/definition.js'
import { replay } from '../core/trace.js'
import { findModel } from '../cli/registry.js'

const FIXTURES = new URL('../../dist/src/explore/fixtures.js', import.meta.url).href

function sequential(source: ModelSource, symmetry = false): Report {
  const r = resolveModel(findModel(source.name), source)
  return explore(r.model, { symmetry, meta: { config: r.config, params: r.params, weaken: r.weaken } })
}

/** What must not depend on the number of threads. */
function essence(r: Report) {
  return {
    verdict: r.verdict,
    exhaustive: r.exhaustive,
    states: r.states,
    transitions: r.transitions,
    maxDepth: r.maxDepth,
    pruned: r.pruned,
    violations: r.violations.map((v) => [v.property, v.length]),
    witnesses: r.witnesses.map((w) => [w.property, w.found, w.depth]),
  }
}

describe('parallel BFS: the same answers as one thread', () => {
  test('twophase, 5 RMs: 8,832 states on 1, 2 and 3 workers, every witness at its depth', async () => {
    const source = { name: 'twophase', params: { rm: 5 } }
    const one = sequential(source)
    expect(one.states).toBe(8_832)
    for (const workers of [1, 2, 3]) {
      const r = await exploreParallel(source, { workers })
      expect(essence(r)).toEqual(essence(one))
      // Levels of hundreds of states, expanded 100 per worker per round: the same answers.
      expect(essence(await exploreParallel(source, { workers, roundStates: 100 }))).toEqual(essence(one))
      for (const w of r.witnesses) expect(replay(resolveModel(findModel('twophase'), source).model, w.trace!).reproduced).toBe(true)
    }
  })

  test('every twophase weakening: the same property broken at the same shortest length, and the trace replays', async () => {
    const def = findModel('twophase')
    for (const flag of Object.keys(def.weakenings)) {
      const source = { name: 'twophase', weaken: [flag] }
      const one = sequential(source)
      const r = await exploreParallel(source, { workers: 2 })
      expect(r.verdict).toBe('violated')
      expect(r.violations.map((v) => [v.property, v.length])).toEqual(one.violations.map((v) => [v.property, v.length]))
      const trace = r.violations[0]!.trace!
      expect(trace.weaken).toEqual([flag])
      expect(replay(resolveModel(def, source).model, trace).reproduced).toBe(true)
    }
  })

  test('raft tiny (codec) and lease ci (object states, no codec): counts equal on 2 workers', async () => {
    for (const source of [{ name: 'raft', config: 'tiny' }, { name: 'lease', config: 'ci' }]) {
      const one = sequential(source)
      const r = await exploreParallel(source, { workers: 2 })
      expect(essence(r)).toEqual(essence(one))
    }
    expect(sequential({ name: 'raft', config: 'tiny' }).states).toBe(23_129)
  })

  test('symmetry: raft four, weakened by quorumFloorHalf, breaks ElectionSafety at the same length; the trace is a real run', async () => {
    const source = { name: 'raft', config: 'four', weaken: ['quorumFloorHalf'] }
    const one = sequential(source, true)
    const r = await exploreParallel(source, { workers: 2, symmetry: true })
    expect(r.violations.map((v) => [v.property, v.length])).toEqual(one.violations.map((v) => [v.property, v.length]))
    expect(replay(resolveModel(findModel('raft'), source).model, r.violations[0]!.trace!).reproduced).toBe(true)
  })

  test('stopOnViolation false: every broken property, each at its own shortest length, as on one thread', async () => {
    const source = { name: 'twophase', weaken: ['abortAfterPrepared', 'tmPresumesPrepared', 'rmForgetsVote'] }
    const r = resolveModel(findModel('twophase'), source)
    const one = explore(r.model, { stopOnViolation: false })
    const par = await exploreParallel(source, { workers: 2, stopOnViolation: false })
    const props = (x: Report) => x.violations.map((v) => [v.property, v.length]).sort()
    expect(props(par)).toEqual(props(one))
    expect(par.violations.length).toBeGreaterThan(1)
    expect(par.states).toBe(one.states)
  })

  test('the same report every run: the counterexample does not depend on thread timing', async () => {
    const source = { name: 'paxos', config: 'ci', weaken: ['acceptBelowPromise'] }
    const a = await exploreParallel(source, { workers: 3 })
    const b = await exploreParallel(source, { workers: 3 })
    expect(a.violations[0]!.trace!.steps).toEqual(b.violations[0]!.trace!.steps)
    expect(a.states).toBe(b.states)
  })

  test('a model from a module: grid 6^4 (1,296 states, depth 20) as a factory with arguments', async () => {
    const r = await exploreParallel({ module: FIXTURES, name: 'grid', args: [6, 4] }, { workers: 2 })
    expect(essence(r)).toMatchObject({ verdict: 'holds', states: 1_296, transitions: 2 * 4 * 5 * 216, maxDepth: 20 })
  })
})

describe('parallel BFS: bounds', () => {
  test('maxDepth cuts like one thread: same states, incomplete, cut by maxDepth', async () => {
    const source = { name: 'twophase', params: { rm: 4 } }
    const r = resolveModel(findModel('twophase'), source)
    const one = explore(r.model, { maxDepth: 6 })
    const par = await exploreParallel(source, { workers: 2, maxDepth: 6 })
    expect(essence(par)).toEqual(essence(one))
    expect(essence(await exploreParallel(source, { workers: 2, maxDepth: 6, roundStates: 5 }))).toEqual(essence(one))
    expect(par.cutBy).toEqual(['maxDepth'])
    // At the full depth nothing is cut.
    expect((await exploreParallel(source, { workers: 2, maxDepth: 16 })).verdict).toBe('holds')
  })

  test('maxStates stops within a level of the bound, and says so', async () => {
    const r = await exploreParallel({ name: 'twophase', params: { rm: 6 } }, { workers: 2, maxStates: 1_000 })
    expect(r.verdict).toBe('incomplete')
    expect(r.cutBy).toEqual(['maxStates'])
    expect(r.states).toBeGreaterThanOrEqual(1_000)
    expect(r.states).toBeLessThan(1_002) // one more state at most per other worker
  })

  test('timeLimit: a run longer than the limit ends incomplete, cut by timeLimit', async () => {
    const r = await exploreParallel({ name: 'raft', config: 'ci' }, { workers: 2, timeLimit: 0.5 })
    expect(r.verdict).toBe('incomplete')
    expect(r.cutBy).toEqual(['timeLimit'])
    expect(r.states).toBeLessThan(999_079)
  })
})

describe('parallel BFS: errors in one line', () => {
  test('bad options and sources', async () => {
    await expect(exploreParallel({ name: 'twophase' }, { workers: 0 })).rejects.toThrow('workers must be a whole number >= 1, got 0')
    await expect(exploreParallel({ name: 'twophase' }, { workers: 2, strategy: 'dfs' })).rejects.toThrow('workers run a breadth-first search only')
    await expect(exploreParallel({ name: 'twophase' }, { workers: 2, checkPurity: true })).rejects.toThrow('the purity check runs on one thread')
    await expect(exploreParallel({ name: 'nosuch' }, { workers: 2 })).rejects.toThrow("unknown model 'nosuch'")
    await expect(exploreParallel({ module: FIXTURES, name: 'nosuch' }, { workers: 2 })).rejects.toThrow(/has no export 'nosuch'; exports: .*grid/)
    await expect(exploreParallel({ module: FIXTURES, name: 'interleaving', config: 'ci' }, { workers: 2 })).rejects.toThrow('takes no config')
  })

  test('a property that throws inside a worker: the same one-line error as on one thread', async () => {
    await expect(exploreParallel({ module: FIXTURES, name: 'throwingProperty' }, { workers: 2 })).rejects.toThrow(
      'property Fragile of model throwingProperty threw on a state at depth 3: three is not allowed here; a property must return true or false for every state',
    )
  })
})
