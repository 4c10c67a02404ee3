import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import { always, type Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { checkLinearizable, fencedRegister } from '../../src/history/index.js'
import { noStaleWrite, storageLinearizableChecker, toHistory } from '../../properties/lease.js'
import { lease } from './index.js'
import type { LeaseAction, LeaseParams, LeaseState, WriteOp } from './index.js'
import { expectExhaustiveHolds, paramsOf } from '../../test/support/models.js'

type LeaseModel = Model<LeaseState, LeaseAction>

function build(opts: { config?: string; params?: Partial<LeaseParams>; weaken?: readonly string[] } = {}): LeaseModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(lease, { config: opts.config, params, weaken: opts.weaken }).model as LeaseModel
}



function stepsOf(r: Report, property: string): readonly string[] | undefined {
  const t = r.witnesses.find((w) => w.property === property)?.trace ?? r.violations.find((v) => v.property === property)?.trace
  return t?.steps.map((s) => s.action)
}

const ALL_FLAGS = Object.keys(lease.weakenings)

// Kleppmann's figure: c1 checks its lease, pauses, its lease expires, c2 takes the lease and
// writes, c1 wakes up and sends its write with the old token.
const PAUSED_WRITER = [
  'Acquire(c1)',
  'BeginWrite(c1, t1)',
  'Pause(c1)',
  'Tick',
  'Tick',
  'Acquire(c2)',
  'BeginWrite(c2, t2)',
  'Write(c2, t2)',
  'Resume(c1)',
  'Write(c1, t1)',
]

describe('lease: state space', () => {
  // WriteAccepted takes 3 steps (Acquire, BeginWrite, Write); LeaseHandedOver waits out the term
  // (two ticks on tiny, three on ci) before a second client acquires; StaleWriteRejected is the
  // paused writer; LeaseRenewed needs one tick after the grant (a renewal at once changes nothing).
  it.each([
    { config: 'tiny', states: 297, transitions: 414, depth: 12, witnesses: { WriteAccepted: 3, LeaseHandedOver: 4, StaleWriteRejected: 10 } },
    {
      config: 'renew',
      states: 593,
      transitions: 874,
      depth: 14,
      witnesses: { WriteAccepted: 3, LeaseHandedOver: 4, StaleWriteRejected: 10, LeaseRenewed: 3 },
    },
    {
      config: 'ci',
      states: 53_707,
      transitions: 103_190,
      depth: 28,
      witnesses: { WriteAccepted: 3, LeaseHandedOver: 5, StaleWriteRejected: 11, LeaseRenewed: 3 },
    },
  ])('$config: BFS finds $states distinct states at depth $depth; every property holds, every witness is reached', (want) => {
    expectExhaustiveHolds(explore(build({ config: want.config })), want)
  })

  it('the configs: ci is the default; deep has three clients and four leases', () => {
    expect(lease.defaultConfig).toBe('ci')
    expect(paramsOf(lease, 'ci')).toEqual({ clients: 2, term: 3, drift: 1, leases: 3, renewals: 2, writes: 2, pauses: 2 })
    expect(paramsOf(lease, 'deep')).toEqual({ clients: 3, term: 3, drift: 1, leases: 4, renewals: 2, writes: 2, pauses: 2 })
  })

  it.each(['tiny', 'renew'])('%s: BFS and DFS agree, the purity check passes', (config) => {
    const m = build({ config })
    const a = explore(m)
    expect(explore(m, { strategy: 'dfs' }).states).toBe(a.states)
    const pure = explore(m, { checkPurity: true })
    expect(pure.verdict).toBe('holds')
    expect(pure.states).toBe(a.states)
  })

  it('tiny: the witnesses replay; a stale write is rejected exactly as in Kleppmann\'s figure', () => {
    const m = build({ config: 'tiny' })
    const r = explore(m)
    for (const w of r.witnesses) {
      if (!w.trace) throw new Error(`witness ${w.property} without a trace`)
      expect(replay(m, w.trace).reproduced).toBe(true)
    }
    expect(stepsOf(r, 'StaleWriteRejected')).toEqual(PAUSED_WRITER)
    expect(stepsOf(r, 'LeaseHandedOver')).toEqual(['Acquire(c1)', 'Tick', 'Tick', 'Acquire(c2)'])
  })
})

describe('lease: weakenings', () => {
  // The BFS-shortest counterexample of each weakening on its own config; searched to the end, the
  // distinct states of the weakened space and the shortest run that breaks MutualExclusion.
  interface Expected {
    readonly property: string
    readonly length: number
    readonly states: number
    readonly mutualExclusion: number | null
    readonly steps: readonly string[]
  }
  const expected: Record<string, Expected> = {
    noFencing: { property: 'NoStaleWrite', length: 10, states: 297, mutualExclusion: null, steps: PAUSED_WRITER },
    equalityFencing: {
      property: 'StorageLinearizable',
      length: 8,
      states: 297,
      mutualExclusion: null,
      steps: ['Acquire(c1)', 'BeginWrite(c1, t1)', 'Write(c1, t1)', 'Tick', 'Tick', 'Acquire(c2)', 'BeginWrite(c2, t2)', 'Write(c2, t2)'],
    },
    slowClockBeyondMargin: {
      property: 'TrustedLeaseIsHeld',
      length: 3,
      states: 715,
      mutualExclusion: 4,
      steps: ['Acquire(c1)', 'SlowTick(c1)', 'SlowTick(c1)'],
    },
    renewWithoutMargin: {
      property: 'TrustedLeaseIsHeld',
      length: 4,
      states: 1_171,
      mutualExclusion: 5,
      steps: ['Acquire(c1)', 'Renew(c1)', 'Tick', 'SlowTick(c1)'],
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(lease, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays', (flag) => {
    expectShortestCounterexample(lease, flag, expected[flag])
  })

  it.each(ALL_FLAGS)('%s: searched to the end, what else breaks and what fencing still protects', (flag) => {
    const want = expected[flag]
    const config = lease.weakenings[flag]?.config
    if (!want || !config) throw new Error(`no expectation for ${flag}`)
    const m = build({ config, weaken: [flag] })
    const r = explore(m, { stopOnViolation: false })
    expect(r.states).toBe(want.states)
    const mutex = r.violations.find((v) => v.property === 'MutualExclusion')
    expect(mutex?.length ?? null).toBe(want.mutualExclusion)
    if (mutex?.trace) expect(replay(m, mutex.trace).reproduced).toBe(true)
    const held = Object.fromEntries(r.invariants.map((i) => [i.property, i.held]))
    if (flag === 'slowClockBeyondMargin' || flag === 'renewWithoutMargin') {
      // Two clients trust a lease at once, yet the fenced storage still never goes back in token order.
      expect(held).toEqual({ NoStaleWrite: true, MutualExclusion: false, TrustedLeaseIsHeld: false, StorageLinearizable: true })
    }
    if (flag === 'equalityFencing') {
      // The storage accepts less, not more: only the history check sees the newer token refused.
      expect(held).toEqual({ NoStaleWrite: true, MutualExclusion: true, TrustedLeaseIsHeld: true, StorageLinearizable: false })
    }
    if (flag === 'noFencing') {
      // The paused write overlaps the newer one in real time, so the history alone can order it
      // first: only the storage's own order (NoStaleWrite) shows the stale write.
      expect(held).toEqual({ NoStaleWrite: false, MutualExclusion: true, TrustedLeaseIsHeld: true, StorageLinearizable: true })
    }
  })
})

describe('lease: what fencing does not promise', () => {
  // A write from a client whose lease expired is still accepted when it reaches the storage before
  // the next holder's first write: nothing newer has been seen yet. The register stays
  // linearizable, and any later holder's writes carry higher tokens and order after it.
  it('tiny: an expired holder\'s paused write is accepted when no newer token has reached the storage (7 steps)', () => {
    const base = build({ config: 'tiny' })
    const noWriteAfterExpiry = always<LeaseState>('NoWriteAfterExpiry', (s) => s.history.every((op) => op.ok !== true || op.live !== false))
    const m: LeaseModel = { ...base, properties: [...base.properties, noWriteAfterExpiry] }
    const r = explore(m)
    expect(r.violations.map((v) => v.property)).toEqual(['NoWriteAfterExpiry'])
    const trace = r.violations[0]?.trace
    if (!trace) throw new Error('no trace')
    expect(trace.steps.map((s) => s.action)).toEqual([
      'Acquire(c1)',
      'BeginWrite(c1, t1)',
      'Pause(c1)',
      'Tick',
      'Tick',
      'Resume(c1)',
      'Write(c1, t1)',
    ])
    const last = replay(m, trace).states.at(-1)
    if (!last) throw new Error('no state')
    expect(checkLinearizable(toHistory(last.history), fencedRegister()).result).toBe('linearizable')
  })
})

describe('lease: the history check', () => {
  const op = (o: Partial<WriteOp> & Pick<WriteOp, 'call' | 'client' | 'token'>): WriteOp => ({ live: true, ok: true, ret: o.call + 1, ...o })

  it('writes become fenced-register operations with ordinal call and return times', () => {
    expect(toHistory([op({ call: 0, client: 0, token: 1 }), op({ call: 2, client: 1, token: 2, ok: null, ret: null, live: null })])).toEqual([
      { id: 0, client: 'c1', call: 0, ret: 1, op: 'write', input: { token: 1, value: 'c1' }, output: 'ok' },
      { id: 1, client: 'c2', call: 2, ret: null, op: 'write', input: { token: 2, value: 'c2' }, output: null },
    ])
  })

  it('a newer token rejected after an older one was accepted is not linearizable; the verdict is cached per history', () => {
    const check = storageLinearizableChecker()
    const bad = [op({ call: 0, client: 0, token: 1 }), op({ call: 2, client: 1, token: 2, ok: false })]
    expect(check(bad)).toBe(false)
    expect(check(bad)).toBe(false)
    expect(check([op({ call: 0, client: 0, token: 2 }), op({ call: 2, client: 1, token: 1, ok: false })])).toBe(true)
  })

  it('NoStaleWrite reads the order in which the storage applied the writes, not the order they began', () => {
    const base: LeaseState = build({ config: 'tiny' }).init()[0] as LeaseState
    // c1 (token 1) began first, c2 (token 2) was applied first, then c1's: stale.
    const stale = [op({ call: 0, client: 0, token: 1, ret: 3 }), op({ call: 1, client: 1, token: 2, ret: 2 })]
    expect(noStaleWrite({ ...base, history: stale })).toBe(false)
    const fine = [op({ call: 0, client: 0, token: 1, ret: 1 }), op({ call: 2, client: 1, token: 2, ret: 3 })]
    expect(noStaleWrite({ ...base, history: fine })).toBe(true)
  })
})

describe('lease: model surface', () => {
  it('a step that is not enabled gives undefined, never the same state', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as LeaseState
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual(['Acquire(c1)', 'Acquire(c2)'])
    expect(m.next(s, { type: 'Tick' })).toBeUndefined()
    expect(m.next(s, { type: 'Write', c: 1, token: 1 })).toBeUndefined()
    expect(m.next(s, { type: 'Resume', c: 1 })).toBeUndefined()
  })

  it('time stands still while a running client has a write to send', () => {
    const m = build({ config: 'tiny' })
    let s = m.init()[0] as LeaseState
    for (const a of [{ type: 'Acquire', c: 1 }, { type: 'BeginWrite', c: 1, token: 1 }] as const) {
      const t = m.next(s, a)
      if (!t) throw new Error('not enabled')
      s = t
    }
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual(['Write(c1, t1)', 'Pause(c1)'])
  })

  it('names an unknown client, and rejects a drift that leaves no time to trust a lease', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as LeaseState
    expect(() => m.next(s, { type: 'Acquire', c: 9 })).toThrow(FaultlineError)
    expect(() => m.next(s, { type: 'Acquire', c: 9 })).toThrow(/unknown client c9/)
    expect(() => build({ config: 'tiny', params: { drift: 2 } })).toThrow(/drift \(2\) must be below term \(2\)/)
  })
})
