import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { fingerprint } from '../../src/core/canonical.js'
import { replay, runTrace } from '../../src/core/trace.js'
import type { AnyModelDefinition } from '../../src/core/definition.js'
import type { Model } from '../../src/core/model.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { buildLamport, happenedBefore, hlc, lamport, vector } from './index.js'
import type { ClockAction, ClockState, History, Hlc } from './index.js'
import { witnessDepths } from '../../test/support/models.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClockModel = Model<ClockState<any>, ClockAction<any>>

function build(def: AnyModelDefinition, config: string, weaken: readonly string[] = []): AnyClockModel {
  return resolveModel(def, { config, weaken }).model as AnyClockModel
}


/** Every reachable state of a small model, by plain BFS (independent of the explorer). */
function reachable<S, A>(m: Model<S, A>): S[] {
  const seen = new Set<string>()
  const out: S[] = []
  const queue = [...m.init()]
  for (const s of queue) seen.add(fingerprint(s))
  while (queue.length > 0) {
    const s = queue.shift() as S
    out.push(s)
    for (const a of m.actions(s)) {
      const t = m.next(s, a)
      if (t === undefined) continue
      const f = fingerprint(t)
      if (!seen.has(f)) {
        seen.add(f)
        queue.push(t)
      }
    }
  }
  return out
}

/**
 * Happens-before by its definition, on the history's own records: an edge from each event to
 * the next one of its process and from each send to the receive that names it, then reachability.
 */
function closure<T>(h: History<T>): Set<string> {
  const edges = new Map<string, string[]>()
  const add = (a: string, b: string): void => {
    edges.set(a, [...(edges.get(a) ?? []), b])
  }
  h.forEach((evs, p) =>
    evs.forEach((e, k) => {
      const name = `n${p + 1}.${k + 1}`
      if (k + 1 < evs.length) add(name, `n${p + 1}.${k + 2}`)
      if (e.cause !== null) add(e.cause, name)
    }),
  )
  const pairs = new Set<string>()
  for (const start of edges.keys()) {
    const stack = [...(edges.get(start) ?? [])]
    const seen = new Set<string>()
    while (stack.length > 0) {
      const x = stack.pop() as string
      if (seen.has(x)) continue
      seen.add(x)
      pairs.add(`${start}<${x}`)
      stack.push(...(edges.get(x) ?? []))
    }
  }
  return pairs
}

describe('clocks: state spaces', () => {
  // Distinct states, transitions, BFS depth and the depth of each witness. Lamport and vector
  // stamps are functions of the history, so the two models have the same state graph.
  it.each([
    { def: lamport, config: 'tiny', states: 88, transitions: 186, depth: 3 },
    { def: lamport, config: 'ci', states: 7_530, transitions: 18_000, depth: 6 },
    { def: vector, config: 'tiny', states: 88, transitions: 186, depth: 3 },
    { def: vector, config: 'ci', states: 7_530, transitions: 18_000, depth: 6 },
    { def: hlc, config: 'tiny', states: 8_037, transitions: 16_396, depth: 9 },
    { def: hlc, config: 'ci', states: 176_141, transitions: 355_446, depth: 11 },
  ])('$def.name $config: BFS finds $states distinct states at depth $depth, and every property holds', ({ def, config, states, transitions, depth }) => {
    const r = explore(build(def, config))
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect([r.states, r.transitions, r.maxDepth]).toEqual([states, transitions, depth])
    expect(r.invariants.every((i) => i.held)).toBe(true)
  })

  it('the witnesses: two concurrent events after 2 steps; a receive that takes the max after 2; an HLC ahead of its physical clock after 3', () => {
    const ci = { ConcurrentEvents: 2 }
    expect(witnessDepths(explore(build(lamport, 'ci')))).toEqual({ ...ci, EqualStamps: 2, ReceiveJumpsAhead: 2 })
    expect(witnessDepths(explore(build(vector, 'ci')))).toEqual({ ...ci, ReceiveMerges: 2 })
    expect(witnessDepths(explore(build(hlc, 'tiny')))).toEqual({ ...ci, HlcAheadOfPhysical: 3, ReceiveAdoptsRemote: 3 })
  })

  it('the configs: 3 processes for lamport and vector; hlc uses 2 in tiny and ci, 3 in deep', () => {
    for (const def of [lamport, vector]) {
      expect(def.defaultConfig).toBe('ci')
      expect(def.configs['tiny']?.params).toEqual({ processes: 3, events: 1 })
      expect(def.configs['ci']?.params).toEqual({ processes: 3, events: 2 })
      expect(def.configs['deep']?.params).toEqual({ processes: 3, events: 3 })
    }
    expect(hlc.configs['tiny']?.params).toEqual({ processes: 2, events: 2, time: 1, skew: 1 })
    expect(hlc.configs['ci']?.params).toEqual({ processes: 2, events: 3, time: 1, skew: 1 })
    expect(hlc.configs['deep']?.params).toEqual({ processes: 3, events: 2, time: 1, skew: 1 })
  })

  it.each([lamport, vector, hlc])('$name tiny: BFS and DFS agree, and the purity check finds nothing', (def) => {
    const m = build(def, 'tiny')
    const bfs = explore(m)
    const dfs = explore(m, { strategy: 'dfs' })
    expect([dfs.states, dfs.transitions]).toEqual([bfs.states, bfs.transitions])
    expect(explore(m, { checkPurity: true }).verdict).toBe('holds')
  })

  it('the history: its causal pasts are exactly the transitive closure of local order and send → receive (lamport ci, every state)', () => {
    const states = reachable(build(lamport, 'ci'))
    expect(states).toHaveLength(7_530)
    const wrong: string[] = []
    let pairs = 0
    for (const s of states) {
      const h = s.ghost as History<number>
      const want = closure(h)
      h.forEach((evs, p) =>
        evs.forEach((_, k) =>
          h.forEach((evs2, q) =>
            evs2.forEach((_e, j) => {
              pairs++
              const key = `n${p + 1}.${k + 1}<n${q + 1}.${j + 1}`
              if (happenedBefore(h, p, k + 1, q, j + 1) !== want.has(key)) wrong.push(key)
            }),
          ),
        ),
      )
    }
    expect(wrong).toEqual([])
    expect(pairs).toBe(214_800)
  })

  it('real time: every physical clock stays within the skew of real time and never goes back (hlc tiny, every state and step)', () => {
    const m = build(hlc, 'tiny')
    const bad: string[] = []
    for (const s of reachable(m)) {
      const t = s.time
      if (t === null) throw new Error('hlc has real time')
      if (t.pt.some((pt) => Math.abs(pt - t.now) > 1)) bad.push(`skew: ${JSON.stringify(t)}`)
      for (const a of m.actions(s)) {
        const u = m.next(s, a)?.time
        if (!u) continue
        if (u.now < t.now || u.pt.some((pt, i) => pt < (t.pt[i] ?? 0))) bad.push(`backwards: ${JSON.stringify([t, u])}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('hlc: the stamps of a chain across a fast clock: the receiver adopts l and counts on in c', () => {
    const m = build(hlc, 'tiny')
    const steps = ['ClockTick(n1)', 'Send(n1 -> n2)', 'Receive(n1.1 -> n2, ts=(1,0))', 'Local(n2)']
    let s = m.init()[0] as ClockState<Hlc>
    for (const step of steps) {
      const a = m.actions(s).find((x) => m.formatAction?.(x) === step)
      if (a === undefined) throw new Error(`${step} is not enabled`)
      s = m.next(s, a) as ClockState<Hlc>
    }
    expect(s.time).toEqual({ now: 0, pt: [1, 0] })
    expect(s.clock).toEqual([{ c: 0, l: 1 }, { c: 2, l: 1 }])
    expect(s.ghost[1]?.map((e) => e.ts)).toEqual([{ c: 1, l: 1 }, { c: 2, l: 1 }])
  })
})

describe('clocks: weakenings and misreadings', () => {
  // The BFS-shortest counterexample of each flag on the model's default config (ci).
  const expected: Record<string, { def: AnyModelDefinition; property: string; steps: string[] }> = {
    receiveWithoutMax: { def: lamport, property: 'ClockCondition', steps: ['Send(n1 -> n2)', 'Receive(n1.1 -> n2, ts=1)'] },
    misreadLowerAsBefore: { def: lamport, property: 'LowerStampMeansBefore', steps: ['Local(n1)', 'Local(n1)', 'Local(n2)'] },
    misreadDifferentAsOrdered: { def: lamport, property: 'DifferentStampsMeanOrdered', steps: ['Local(n1)', 'Local(n1)', 'Local(n2)'] },
    mergeSkipsComponent: { def: vector, property: 'VectorOrdering', steps: ['Send(n3 -> n1)', 'Receive(n3.1 -> n1, ts=[0,0,1])'] },
    compareSingleComponent: { def: vector, property: 'VectorOrdering', steps: ['Local(n1)', 'Local(n2)'] },
    compareLexicographic: { def: vector, property: 'VectorOrdering', steps: ['Local(n1)', 'Local(n2)'] },
    tieBreakTotalOrder: { def: vector, property: 'VectorOrdering', steps: ['Local(n1)', 'Local(n2)'] },
    misreadVectorsAsTotal: { def: vector, property: 'VectorsTotallyOrdered', steps: ['Local(n1)', 'Local(n2)'] },
    hlcIgnoreRemoteCounter: { def: hlc, property: 'HlcMonotonic', steps: ['Send(n1 -> n2)', 'Receive(n1.1 -> n2, ts=(0,1))'] },
    hlcResetOnReceive: { def: hlc, property: 'HlcMonotonic', steps: ['Send(n1 -> n2)', 'Receive(n1.1 -> n2, ts=(0,1))'] },
    hlcNaive: { def: hlc, property: 'HlcBoundedDrift', steps: ['Local(n1)', 'Local(n1)'] },
  }

  it('every flag of every clock model is pinned here, and names the property it breaks', () => {
    const flags = [lamport, vector, hlc].flatMap((d) => Object.keys(d.weakenings))
    expect(flags.sort()).toEqual(Object.keys(expected).sort())
    for (const [flag, want] of Object.entries(expected)) expect(want.def.weakenings[flag]?.breaks).toBe(want.property)
  })

  it.each(Object.keys(expected))('%s: BFS finds the property broken by the shortest trace, which replays, and not without the flag', (flag) => {
    const want = expected[flag]
    if (!want) throw new Error(`no expectation for ${flag}`)
    const m = build(want.def, 'ci', [flag])
    const r = explore(m, { meta: { config: 'ci', weaken: [flag] } })
    expect(r.verdict).toBe('violated')
    const v = r.violations[0]
    expect(v?.property).toBe(want.property)
    expect(v?.length).toBe(want.steps.length)
    const trace = v?.trace
    if (!trace) throw new Error('violation without a trace')
    expect(trace.steps.map((s) => s.action)).toEqual(want.steps)
    expect(replay(m, trace).reproduced).toBe(true)
    // Unweakened, the same steps run and every invariant (for a misreading: the true statement
    // it replaced) holds in the last state.
    const plain = build(want.def, 'ci')
    const last = runTrace(plain, trace).at(-1)
    if (last === undefined) throw new Error('no states')
    for (const p of plain.properties) if (p.kind === 'always') expect(p.check(last)).toBe(true)
  })

  it('what is true: equal Lamport stamps on distinct events mean concurrent (EqualStampsConcurrent holds, and equal stamps occur)', () => {
    const r = explore(build(lamport, 'ci'))
    expect(r.invariants).toEqual([
      { property: 'ClockCondition', held: true },
      { property: 'EqualStampsConcurrent', held: true },
    ])
    expect(r.witnesses.find((w) => w.property === 'EqualStamps')?.found).toBe(true)
  })

  it('receiveWithoutMax also breaks EqualStampsConcurrent: the send and its receive share stamp 1', () => {
    const r = explore(build(lamport, 'ci', ['receiveWithoutMax']), { stopOnViolation: false })
    const byProp = Object.fromEntries(r.violations.map((v) => [v.property, v.length]))
    expect(byProp).toEqual({ ClockCondition: 2, EqualStampsConcurrent: 2 })
  })

  it('hlcNaive keeps causality (HlcMonotonic holds) but runs ahead of real time', () => {
    const r = explore(build(hlc, 'tiny', ['hlcNaive']), { stopOnViolation: false })
    expect(r.invariants).toEqual([
      { property: 'HlcMonotonic', held: true },
      { property: 'HlcBoundedDrift', held: false },
    ])
  })

  it('the clock models build from their parameters, and reject an unknown process loudly', () => {
    const m = buildLamport({ processes: 2, events: 1 }, new Set())
    expect(m.nodes).toEqual(['n1', 'n2'])
    const s = m.init()[0] as ClockState<number>
    expect(() => m.next(s, { type: 'Local', node: 'n9' })).toThrow(/unknown process n9/)
  })
})
