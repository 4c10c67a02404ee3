import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import type { Params } from '../../src/core/definition.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { lww } from './index.js'
import type { LwwAction, LwwState, Stamp } from './index.js'
import { witnessDepths } from '../../test/support/models.js'

type LwwM = Model<LwwState<Stamp>, LwwAction<Stamp>>

function build(config: string, weaken: readonly string[] = [], params?: Params): LwwM {
  return resolveModel(lww, { config, weaken, params }).model as LwwM
}


/** Runs steps named like `Receive(n2.1 -> n1, ...)`, whatever the stamp the message carries. */
function runByName(m: LwwM, names: readonly string[]): LwwState<Stamp>[] {
  const out = m.init().slice(0, 1)
  for (const name of names) {
    const s = out[out.length - 1] as LwwState<Stamp>
    const bare = (x: string): string => x.replace(/, ts=.*\)$/, ')')
    const a = m.actions(s).find((x) => bare(m.formatAction?.(x) ?? '') === bare(name))
    const t = a === undefined ? undefined : m.next(s, a)
    if (t === undefined) throw new Error(`${name} is not enabled`)
    out.push(t)
  }
  return out
}

describe('lww: state spaces', () => {
  // Distinct states, transitions, BFS depth, and the depths of ConcurrentWrites, RemoteWriteWins
  // and QuietAfterConcurrentWrites.
  it.each([
    { config: 'tiny', states: 596, transitions: 1_027, depth: 9, witnesses: [2, 3, 5] },
    { config: 'ci', states: 22_028, transitions: 40_577, depth: 13, witnesses: [2, 3, 5] },
    { config: 'vector', states: 1_008, transitions: 1_995, depth: 9, witnesses: [2, 2, 6] },
    { config: 'synced', states: 8_112, transitions: 15_057, depth: 11, witnesses: [2, 3, 7] },
  ])('$config: BFS finds $states distinct states at depth $depth, and every property holds', ({ config, states, transitions, depth, witnesses }) => {
    const r = explore(build(config))
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect([r.states, r.transitions, r.maxDepth]).toEqual([states, transitions, depth])
    const [concurrent, remote, quiet] = witnesses
    expect(witnessDepths(r)).toEqual({ ConcurrentWrites: concurrent, RemoteWriteWins: remote, QuietAfterConcurrentWrites: quiet })
  })

  it('the configs: tiny and ci on 2 replicas with HLC stamps, vector and synced on 3, deep on 3', () => {
    expect(lww.defaultConfig).toBe('ci')
    expect(lww.configs['tiny']?.params).toEqual({ replicas: 2, writes: 1, time: 1, skew: 1, delay: 1, stamps: 0 })
    expect(lww.configs['ci']?.params).toEqual({ replicas: 2, writes: 2, time: 1, skew: 1, delay: 1, stamps: 0 })
    expect(lww.configs['vector']?.params).toEqual({ replicas: 3, writes: 1, time: 0, skew: 0, delay: 0, stamps: 1 })
    expect(lww.configs['synced']?.params).toEqual({ replicas: 3, writes: 1, time: 2, skew: 0, delay: 1, stamps: 0 })
    expect(lww.configs['deep']?.params).toEqual({ replicas: 3, writes: 1, time: 2, skew: 1, delay: 1, stamps: 0 })
  })

  it('tiny: BFS and DFS agree, and the purity check finds nothing', () => {
    const m = build('tiny')
    const bfs = explore(m)
    const dfs = explore(m, { strategy: 'dfs' })
    expect([dfs.states, dfs.transitions]).toEqual([bfs.states, bfs.transitions])
    expect(explore(m, { checkPurity: true }).verdict).toBe('holds')
  })
})

describe('lww: wall clocks against logical clocks', () => {
  const wallSteps = ['Write(n2)', 'Tick', 'Receive(n2.1 -> n1, ts=0)', 'Write(n1)']

  it.each(['tiny', 'ci'])('wallClockStamps on %s: a skewed clock loses a causally later write in 4 steps', (config) => {
    const m = build(config, ['wallClockStamps'])
    const r = explore(m, { meta: { config, weaken: ['wallClockStamps'] } })
    expect(r.verdict).toBe('violated')
    const v = r.violations[0]
    expect(v?.property).toBe('CausallyLaterWriteWins')
    expect(v?.property).toBe(lww.weakenings['wallClockStamps']?.breaks)
    const trace = v?.trace
    if (!trace) throw new Error('violation without a trace')
    expect(trace.steps.map((s) => s.action)).toEqual(wallSteps)
    const rep = replay(m, trace)
    expect(rep.reproduced).toBe(true)
    // n1's clock stayed at 0 while real time went to 1; its own write (stamp 0) ties with n2's
    // and loses on writer id, although n1 wrote after receiving n2's write.
    const last = rep.states[rep.states.length - 1]
    expect(last?.time).toEqual({ now: 1, pt: [0, 0] })
    expect(last?.reg[0]).toEqual({ seq: 1, ts: 0, writer: 'n2' })
    // The same steps with HLC stamps keep n1's write: (0,2) after receiving (0,1), then (0,3) for the write.
    const hlcLast = runByName(build(config), wallSteps).at(-1)
    expect(hlcLast?.reg[0]).toEqual({ seq: 2, ts: { c: 3, l: 0 }, writer: 'n1' })
  })

  it('wallClockStamps with synchronised clocks (skew 0) and a delay of a tick holds: 8,112 states, as with HLC', () => {
    const r = explore(build('synced', ['wallClockStamps']))
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(8_112)
  })

  it('wallClockStamps with synchronised clocks but no delay: two writes in one tick tie, and the later one loses (3 steps)', () => {
    const r = explore(build('synced', ['wallClockStamps'], { delay: 0 }))
    expect(r.violations[0]?.property).toBe('CausallyLaterWriteWins')
    expect(r.violations[0]?.trace?.steps.map((s) => s.action)).toEqual(['Write(n2)', 'Receive(n2.1 -> n1, ts=0)', 'Write(n1)'])
  })

  it('the register holds with HLC stamps and with vector stamps where wall clocks break it', () => {
    expect(explore(build('tiny')).verdict).toBe('holds')
    expect(explore(build('tiny', [], { stamps: 1 })).verdict).toBe('holds')
    expect(explore(build('tiny', ['wallClockStamps'])).verdict).toBe('violated')
  })
})

describe('lww: vector stamps ordered by writer', () => {
  const steps = [
    'Write(n2)',
    'Write(n3)',
    'Receive(n3.1 -> n1, ts=[0,0,1])',
    'Write(n1)',
    'Receive(n1.2 -> n2, ts=[2,0,1])',
    'Receive(n3.1 -> n2, ts=[0,0,1])',
  ]

  it('vectorTieByWriter on vector: n2 keeps n3.1 over n1.2, which happened after it (6 steps)', () => {
    const m = build('vector', ['vectorTieByWriter'])
    const r = explore(m, { meta: { config: 'vector', weaken: ['vectorTieByWriter'] } })
    const v = r.violations[0]
    expect(v?.property).toBe('CausallyLaterWriteWins')
    expect(v?.property).toBe(lww.weakenings['vectorTieByWriter']?.breaks)
    const trace = v?.trace
    if (!trace) throw new Error('violation without a trace')
    expect(trace.steps.map((s) => s.action)).toEqual(steps)
    const rep = replay(m, trace)
    expect(rep.reproduced).toBe(true)
    expect(rep.states.at(-1)?.reg[1]).toEqual({ seq: 1, ts: [0, 0, 1], writer: 'n3' })
  })

  it('vectorTieByWriter searched to the end: the replicas also end up apart with nothing in flight', () => {
    const r = explore(build('vector', ['vectorTieByWriter']), { stopOnViolation: false })
    expect(Object.fromEntries(r.violations.map((v) => [v.property, v.length]))).toEqual({
      CausallyLaterWriteWins: 6,
      ReplicasAgreeWhenQuiet: 9,
    })
  })
})
