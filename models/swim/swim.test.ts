import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay } from '../../src/core/trace.js'
import type { Model } from '../../src/core/model.js'
import { FaultlineError } from '../../src/core/errors.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { DEAD, SUSPECT, code, formatView, swim } from './index.js'
import type { SwimAction, SwimParams, SwimState } from './index.js'
import { expectExhaustiveHolds, paramsOf } from '../../test/support/models.js'

type SwimModel = Model<SwimState, SwimAction>

function build(opts: { config?: string; params?: Partial<SwimParams>; weaken?: readonly string[] } = {}): SwimModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(swim, { config: opts.config, params, weaken: opts.weaken }).model as SwimModel
}


function witnessDepths(r: Report): Record<string, number | null> {
  return Object.fromEntries(r.witnesses.map((w) => [w.property, w.found ? (w.depth ?? null) : null]))
}

const ALL_FLAGS = Object.keys(swim.weakenings)

describe('swim: state space', () => {
  // MemberSuspected needs a probe whose pings all fail (a crash, or a loss on every path);
  // SuspicionRefuted the suspect hearing of it; IndirectAck a lost direct ping and a helper's
  // forwarded ack; QuietForWithin a crash, Quiesce and `within` quiet periods.
  it.each([
    { config: 'pair', states: 454, transitions: 844, depth: 35, witnesses: { MemberSuspected: 3, SuspicionRefuted: 9 } },
    { config: 'tiny', states: 12_150, transitions: 32_052, depth: 60, witnesses: { MemberSuspected: 5, CrashConfirmed: 9, QuietForWithin: 31 } },
    { config: 'badlink', states: 12_520, transitions: 33_752, depth: 64, witnesses: { IndirectAck: 6 } },
    {
      config: 'ci',
      states: 126_324,
      transitions: 302_610,
      depth: 64,
      witnesses: { MemberSuspected: 5, IndirectAck: 6, SuspicionRefuted: 12, CrashConfirmed: 23, QuietForWithin: 31 },
    },
    {
      config: 'lossy',
      states: 127_023,
      transitions: 368_763,
      depth: 68,
      witnesses: { MemberSuspected: 5, IndirectAck: 6, SuspicionRefuted: 11 },
    },
  ])('$config: BFS finds $states distinct states at depth $depth; every property holds, every witness is reached', (want) => {
    const r = explore(build({ config: want.config }))
    expectExhaustiveHolds(r, want)
    // maxInc cuts nothing off the unweakened protocol: one suspicion, one refutation.
    expect(r.pruned).toBe(0)
    expect(witnessDepths(r)).toEqual(want.witnesses)
  })

  it('the configs: ci is the default', () => {
    expect(swim.defaultConfig).toBe('ci')
    expect(paramsOf(swim, 'ci')).toEqual({ members: 3, helpers: 1, timeout: 3, drops: 1, badLink: 0, crashes: 1, rejoins: 0, maxInc: 1, within: 4 })
  })

  it('pair: the purity check passes; tiny: DFS finds the same states, the witnesses replay', () => {
    expect(explore(build({ config: 'pair' }), { checkPurity: true }).verdict).toBe('holds')
    const m = build({ config: 'tiny' })
    const r = explore(m)
    expect(explore(m, { strategy: 'dfs' }).states).toBe(r.states)
    for (const w of r.witnesses) {
      if (!w.trace) throw new Error(`witness ${w.property} without a trace`)
      expect(replay(m, w.trace).reproduced).toBe(true)
    }
  })
})

describe('swim: a crashed member rejoins', () => {
  it('rejoin (timeout 4): every property holds on all 849,141 states; a member confirmed dead comes back and another learns it (35 steps)', () => {
    const r = explore(build({ config: 'rejoin' }))
    expectExhaustiveHolds(r, { states: 849_141, transitions: 2_507_130, depth: 101 })
    expect(witnessDepths(r)).toEqual({ MemberSuspected: 5, CrashConfirmed: 32, QuietForWithin: 32, RejoinLearned: 35 })
    const w = r.witnesses.find((x) => x.property === 'RejoinLearned')
    expect(w?.trace?.steps.map((x) => x.action).slice(-3)).toEqual(['Rejoin(n2)', 'Probe(n2, n1)', 'Deliver(n2 -> n1, Ping [n2:A1])'])
  })

  it('with a suspicion timeout of 1 or 2, a probe begun before the crash confirms the rejoined member dead', () => {
    // n2 probes n3; n3 crashes, so the ping is lost and n2 asks n1 to ping-req. n3 rejoins at
    // incarnation 1 and pings n2, which now holds it alive at 1; then n2's old probe gives up and
    // suspects n3 at incarnation 1. With timeout 1 the period's end confirms it before n3 can hear
    // of it; with timeout 2 the refutation (to incarnation 2) is still on its way to n2.
    const one = explore(build({ config: 'rejoin', params: { timeout: 1 } }))
    expect(one.violations.map((v) => [v.property, v.length])).toEqual([['NoFalseConfirm', 13]])
    const two = explore(build({ config: 'rejoin', params: { timeout: 2 } }))
    expect(two.violations.map((v) => [v.property, v.length])).toEqual([['NoFalseConfirmWithRefutation', 23]])
    expect(one.violations[0]?.trace?.steps.map((x) => x.action)).toContain('Rejoin(n3)')
  })
})

describe('swim: bounds that are tight', () => {
  it('crash detection: 4 quiet periods suffice with 3 members, 3 do not (round-robin puts the crashed member last twice)', () => {
    const r = explore(build({ config: 'tiny', params: { within: 3 } }))
    expect(r.violations[0]?.property).toBe('DetectsCrashWithin')
    expect(r.violations[0]?.length).toBe(23)
    expect(r.violations[0]?.trace?.steps.map((s) => s.action).slice(6, 9)).toEqual(['Crash(n2)', 'Quiesce', 'EndPeriod'])
  })

  it.each([
    { config: 'ci', timeout: 2, length: 17 },
    { config: 'lossy', timeout: 3, length: 32 },
  ])('$config: a suspicion timeout of $timeout periods confirms a member that already refuted ($length steps)', ({ config, timeout, length }) => {
    const m = build({ config, params: { timeout } })
    const r = explore(m)
    expect(r.violations[0]?.property).toBe('NoFalseConfirmWithRefutation')
    expect(r.violations[0]?.length).toBe(length)
    const trace = r.violations[0]?.trace
    if (!trace) throw new Error('violation without a trace')
    expect(replay(m, trace).reproduced).toBe(true)
  })
})

describe('swim: weakenings', () => {
  const expected: Record<string, { property: string; length: number; steps: readonly string[] }> = {
    noIncarnation: {
      property: 'NoFalseConfirmWithRefutation',
      length: 14,
      steps: [
        'Probe(n1, n2)',
        'Deliver(n1 -> n2, Ping)',
        'Deliver(n2 -> n1, Ack(n2))',
        'Probe(n2, n1)',
        'Drop(n2 -> n1, Ping)',
        'Suspect(n2)',
        'EndPeriod',
        'Probe(n1, n2)',
        'Deliver(n1 -> n2, Ping)',
        'Deliver(n2 -> n1, Ack(n2) [n1:S0])',
        'Probe(n2, n1)',
        'Deliver(n2 -> n1, Ping [n1:S0])',
        'Deliver(n1 -> n2, Ack(n1) [n1:A1])',
        'EndPeriod',
      ],
    },
    noIndirect: {
      property: 'NoFalseConfirm',
      length: 10,
      steps: [
        'Probe(n1, n2)',
        'Deliver(n1 -> n2, Ping)',
        'Deliver(n2 -> n1, Ack(n2))',
        'Probe(n2, n1)',
        'Probe(n3, n1)',
        'Deliver(n3 -> n1, Ping)',
        'Deliver(n1 -> n3, Ack(n1))',
        'Drop(n2 -> n1, Ping)',
        'Suspect(n2)',
        'EndPeriod',
      ],
    },
    zeroTimeout: {
      property: 'NoFalseConfirm',
      length: 3,
      steps: ['Probe(n1, n2)', 'Drop(n1 -> n2, Ping)', 'Suspect(n1)'],
    },
    reviveSameIncarnation: {
      property: 'DeadStaysDead',
      length: 11,
      steps: [
        'Probe(n1, n2)',
        'Deliver(n1 -> n2, Ping)',
        'Deliver(n2 -> n1, Ack(n2))',
        'Probe(n3, n2)',
        'Crash(n2)',
        'PingReq(n3, {n1})',
        'Deliver(n3 -> n1, PingReq(n2))',
        'Suspect(n3)',
        'EndPeriod',
        'Probe(n1, n3)',
        'Deliver(n1 -> n3, Ping)',
      ],
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(swim, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays only when weakened', (flag) => {
    expectShortestCounterexample(swim, flag, expected[flag])
  })
})

describe('swim: model surface', () => {
  it('view entries order by incarnation, then alive < suspect < dead', () => {
    expect(code(0, DEAD)).toBeLessThan(code(1, 0))
    expect(code(1, SUSPECT)).toBeGreaterThan(code(1, 0))
    expect(formatView([0, code(0, SUSPECT), code(2, DEAD)])).toBe(' [n2:S0 n3:D2]')
  })

  it('a step that is not enabled gives undefined; an unknown member is named', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as SwimState
    expect(m.next(s, { type: 'EndPeriod' })).toBeUndefined()
    expect(m.next(s, { type: 'Suspect', member: 0 })).toBeUndefined()
    expect(m.next(s, { type: 'Probe', member: 0, target: 0 })).toBeUndefined()
    expect(() => m.next(s, { type: 'Crash', member: 5 })).toThrow(FaultlineError)
    expect(() => m.next(s, { type: 'Crash', member: 5 })).toThrow(/unknown member n6/)
    expect(m.actions(s).map((a) => m.formatAction?.(a))).toEqual([
      'Probe(n1, n2)',
      'Probe(n1, n3)',
      'Probe(n2, n1)',
      'Probe(n2, n3)',
      'Probe(n3, n1)',
      'Probe(n3, n2)',
      'Quiesce',
      'Crash(n1)',
      'Crash(n2)',
      'Crash(n3)',
    ])
  })
})
