import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { replay, runTrace } from '../../src/core/trace.js'
import { FaultlineError } from '../../src/core/errors.js'
import { explore } from '../../src/explore/index.js'
import type { Report } from '../../src/explore/index.js'
import { expectShortestCounterexample, expectWeakeningsPinned } from '../../test/support/weakenings.js'
import { exactlyOnceEffect, keyBindsOneRequest } from '../../properties/idempotency.js'
import { clientOf, idempotency, idempotencySetup, serverOf } from './index.js'
import type { IdempotencyModel, IdempotencyParams, IdempotencyState } from './index.js'
import { expectExhaustiveHolds, paramsOf } from '../../test/support/models.js'

function build(opts: { config?: string; params?: Partial<IdempotencyParams>; weaken?: readonly string[] } = {}): IdempotencyModel {
  const params = opts.params as Record<string, number> | undefined
  return resolveModel(idempotency, { config: opts.config, params, weaken: opts.weaken }).model as IdempotencyModel
}



/** Runs actions named as the model formats them, from the initial state; returns every state. */
function run(m: IdempotencyModel, steps: readonly string[]): IdempotencyState[] {
  return runTrace(m, { init: 0, steps: steps.map((action) => ({ action, data: null })) })
}

const ALL_FLAGS = Object.keys(idempotency.weakenings)
const BASE_WITNESSES = { ChargeSucceeded: 4, RetrySent: 2, SucceededAfterRetry: 5 }

describe('idempotency: state space', () => {
  // RetrySent: the timer fires right after the request goes out (a timeout says nothing about the
  // server). ChargeSucceeded: Request, Claim (delivery), Commit, the answer. SucceededAfterRetry:
  // one more step, the retry, before the answer. KeyReuseRefused: p1 charged, then p2 under k1.
  // States where the client is down are outside `within` (only the server crashes): `pruned`.
  it.each([
    { config: 'tiny', states: 111, transitions: 269, depth: 8, pruned: 35, witnesses: BASE_WITNESSES },
    { config: 'concurrent', states: 22, transitions: 32, depth: 7, pruned: 0, witnesses: BASE_WITNESSES },
    { config: 'reuse', states: 298, transitions: 675, depth: 14, pruned: 0, witnesses: { ...BASE_WITNESSES, KeyReuseRefused: 7 } },
    { config: 'ci', states: 23_408, transitions: 122_973, depth: 20, pruned: 9_001, witnesses: BASE_WITNESSES },
  ])('$config: BFS finds $states distinct states at depth $depth; every property holds, every witness is reached', (want) => {
    const r = explore(build({ config: want.config }))
    expectExhaustiveHolds(r, want)
    expect(r.pruned).toBe(want.pruned)
  })

  it('the configs: ci is the default; deep makes three payments with two crashes', () => {
    expect(idempotency.defaultConfig).toBe('ci')
    expect(paramsOf(idempotency, 'ci')).toEqual({ payments: 2, sharedKey: 0, retries: 2, workers: 2, crashes: 1, drops: 2, duplicates: 1 })
    expect(paramsOf(idempotency, 'deep')).toEqual({ payments: 3, sharedKey: 0, retries: 2, workers: 2, crashes: 2, drops: 2, duplicates: 1 })
  })

  it.each(['tiny', 'concurrent', 'reuse'])('%s: BFS and DFS agree, the purity check passes, the witnesses replay', (config) => {
    const m = build({ config })
    const a = explore(m)
    expect(explore(m, { strategy: 'dfs' }).states).toBe(a.states)
    const pure = explore(m, { checkPurity: true })
    expect(pure.verdict).toBe('holds')
    expect(pure.states).toBe(a.states)
    for (const w of a.witnesses) {
      if (!w.trace) throw new Error(`witness ${w.property} without a trace`)
      expect(replay(m, w.trace).reproduced).toBe(true)
    }
  })
})

describe('idempotency: scenarios', () => {
  it('tiny: a crash between Claim and Commit leaves the key started; the retry takes it over and charges once', () => {
    const m = build({ config: 'tiny' })
    const states = run(m, [
      'Request(client, Pay(p1, k1, 10))',
      'Deliver(client -> server, Charge(k1, 10))',
      'Crash(server)',
      'Restart(server)',
      'Fire(client, Timeout)',
      'Deliver(client -> server, Charge(k1, 10))',
      'Fire(server, Commit(k1))',
      'Deliver(server -> client, Charged(k1, 10))',
    ])
    const afterCrash = states[3] as IdempotencyState
    expect(serverOf(afterCrash)).toEqual({ role: 'server', keys: [{ amount: 10, key: 'k1', status: 'started' }], ledger: [], work: [] })
    const last = states.at(-1) as IdempotencyState
    expect(serverOf(last).ledger).toEqual([10])
    expect(clientOf(last).outcomes).toEqual([{ amount: 10, attempts: 2, key: 'k1', result: 'charged' }])
  })

  it('tiny: a lost answer, then the retry is answered from the key table without a second charge', () => {
    const m = build({ config: 'tiny' })
    const states = run(m, [
      'Request(client, Pay(p1, k1, 10))',
      'Deliver(client -> server, Charge(k1, 10))',
      'Fire(server, Commit(k1))',
      'Drop(server -> client, Charged(k1, 10))',
      'Fire(client, Timeout)',
      'Deliver(client -> server, Charge(k1, 10))',
      'Deliver(server -> client, Charged(k1, 10))',
    ])
    const last = states.at(-1) as IdempotencyState
    expect(serverOf(last).ledger).toEqual([10])
    expect(clientOf(last).outcomes).toEqual([{ amount: 10, attempts: 2, key: 'k1', result: 'charged' }])
  })

  it('concurrent: a copy that arrives while a worker holds its key is dropped, not worked on twice', () => {
    const m = build({ config: 'concurrent' })
    const states = run(m, [
      'Request(client, Pay(p1, k1, 10))',
      'Deliver(client -> server, Charge(k1, 10))',
      'Fire(client, Timeout)',
      'Deliver(client -> server, Charge(k1, 10))',
    ])
    expect(serverOf(states.at(-1) as IdempotencyState).work).toEqual([{ amount: 10, key: 'k1' }])
  })

  it('tiny: the client gives up after its retries and records that it saw nothing', () => {
    const m = build({ config: 'tiny' })
    const states = run(m, ['Request(client, Pay(p1, k1, 10))', 'Fire(client, Timeout)', 'Fire(client, Timeout)'])
    expect(clientOf(states.at(-1) as IdempotencyState)).toEqual({
      role: 'client',
      attempts: 0,
      current: null,
      outcomes: [{ amount: 10, attempts: 2, key: 'k1', result: 'gaveUp' }],
    })
  })
})

describe('idempotency: weakenings', () => {
  // The BFS-shortest counterexample of each weakening on its own config; searched to the end, the
  // distinct states of the weakened space and the shortest run that breaks each property.
  interface Expected {
    readonly property: string
    readonly length: number
    readonly states: number
    readonly all: Readonly<Record<string, number>>
    readonly steps: readonly string[]
  }
  const expected: Record<string, Expected> = {
    noKey: {
      property: 'ExactlyOnceEffect',
      length: 4,
      states: 101,
      all: { ExactlyOnceEffect: 4 },
      steps: [
        'Request(client, Pay(p1, k1, 10))',
        'Deliver(client -> server, Charge(10))',
        'Fire(client, Timeout)',
        'Deliver(client -> server, Charge(10))',
      ],
    },
    recordAfterEffect: {
      property: 'ExactlyOnceEffect',
      length: 6,
      states: 119,
      all: { ExactlyOnceEffect: 6 },
      steps: [
        'Request(client, Pay(p1, k1, 10))',
        'Deliver(client -> server, Charge(k1, 10))',
        'Crash(server)',
        'Restart(server)',
        'Fire(client, Timeout)',
        'Deliver(client -> server, Charge(k1, 10))',
      ],
    },
    checkThenInsert: {
      property: 'ExactlyOnceEffect',
      length: 6,
      states: 31,
      all: { ExactlyOnceEffect: 6 },
      steps: [
        'Request(client, Pay(p1, k1, 10))',
        'Deliver(client -> server, Charge(k1, 10))',
        'Fire(client, Timeout)',
        'Deliver(client -> server, Charge(k1, 10))',
        'Fire(server, Commit(k1))',
        'Fire(server, Commit(k1))',
      ],
    },
    keyPayloadUnchecked: {
      property: 'KeyBindsOneRequest',
      length: 6,
      states: 289,
      all: { ExactlyOnceEffect: 7, KeyBindsOneRequest: 6 },
      steps: [
        'Request(client, Pay(p1, k1, 10))',
        'Deliver(client -> server, Charge(k1, 10))',
        'Fire(server, Commit(k1))',
        'Deliver(server -> client, Charged(k1, 10))',
        'Request(client, Pay(p2, k1, 20))',
        'Deliver(client -> server, Charge(k1, 20))',
      ],
    },
  }

  it('every weakening is pinned here, with the property it breaks and a config of its own', () => {
    expectWeakeningsPinned(idempotency, expected)
  })

  it.each(ALL_FLAGS)('%s: BFS finds its property violated by the shortest trace, which replays', (flag) => {
    expectShortestCounterexample(idempotency, flag, expected[flag])
  })

  it.each(ALL_FLAGS)('%s: searched to the end, the shortest run that breaks each property', (flag) => {
    const want = expected[flag]
    const config = idempotency.weakenings[flag]?.config
    if (!want || !config) throw new Error(`no expectation for ${flag}`)
    const r = explore(build({ config, weaken: [flag] }), { stopOnViolation: false })
    expect(r.states).toBe(want.states)
    expect(Object.fromEntries(r.violations.map((v) => [v.property, v.length]))).toEqual(want.all)
  })

  it('the two-step mistakes need what they need: checkThenInsert is safe with one worker, recordAfterEffect breaks without a crash with two', () => {
    expect(explore(build({ config: 'tiny', weaken: ['checkThenInsert'] })).verdict).toBe('holds')
    const r = explore(build({ config: 'concurrent', weaken: ['recordAfterEffect'] }))
    expect(r.violations.map((v) => [v.property, v.length])).toEqual([['ExactlyOnceEffect', 4]])
  })
})

describe('idempotency: properties and model surface', () => {
  it('ExactlyOnceEffect: a payment the client saw charged but the ledger lacks breaks it; KeyBindsOneRequest: an answer for another payload does', () => {
    const u = idempotencySetup(paramsOf(idempotency, 'reuse'), new Set())
    const s = build({ config: 'reuse' }).init()[0] as IdempotencyState
    const client = clientOf(s)
    const server = serverOf(s)
    const saw: IdempotencyState = {
      ...s,
      nodes: [{ ...client, outcomes: [{ amount: 10, attempts: 1, key: 'k1', result: 'charged' }] }, server],
    }
    expect(exactlyOnceEffect(u, saw)).toBe(false)
    expect(exactlyOnceEffect(u, { ...saw, nodes: [saw.nodes[0] ?? client, { ...server, ledger: [10] }] })).toBe(true)
    const bound: IdempotencyState = {
      ...s,
      net: [{ count: 1, from: 'server', msg: { type: 'Charged', amount: 20, key: 'k1' }, to: 'client' }],
      nodes: [client, { ...server, keys: [{ amount: 10, key: 'k1', status: 'done' }], ledger: [10] }],
    }
    expect(keyBindsOneRequest(bound)).toBe(false)
  })

  it('only the server crashes: a client crash leads outside the model', () => {
    const m = build({ config: 'tiny' })
    const s = m.init()[0] as IdempotencyState
    expect(m.actions(s).map((a) => m.formatAction(a))).toEqual(['Request(client, Pay(p1, k1, 10))', 'Crash(client)', 'Crash(server)'])
    const down = m.next(s, { type: 'Crash', node: 'client' })
    if (!down) throw new Error('Crash(client) not enabled')
    expect(m.within?.(down)).toBe(false)
  })

  it('names an unknown node, and the client takes the payments in order', () => {
    const m = build({ config: 'reuse' })
    const s = m.init()[0] as IdempotencyState
    expect(() => m.next(s, { type: 'Crash', node: 'bank' })).toThrow(FaultlineError)
    expect(m.next(s, { type: 'Request', node: 'client', req: { type: 'Pay', amount: 20, key: 'k1', n: 2 } })).toBeUndefined()
  })
})
