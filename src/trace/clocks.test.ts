import { describe, expect, it } from 'vitest'
import { resolveModel } from '../core/definition.js'
import { FaultlineError } from '../core/errors.js'
import { TRACE_SCHEMA, type Trace } from '../core/trace.js'
import { explore } from '../explore/index.js'
import { tokenRing } from '../actor/fixtures/token-ring.js'
import { lamport } from '../../models/clocks/index.js'
import { lww } from '../../models/lww/index.js'
import { twophase } from '../../models/twophase/index.js'
import { clockLab, renderClocks } from './clocks.js'

/** A trace written by hand: steps named by their text only. */
function handTrace(model: string, params: Trace['params'], weaken: readonly string[], steps: readonly string[]): Trace {
  return {
    schema: TRACE_SCHEMA,
    model,
    config: 'ci',
    params,
    weaken,
    property: 'ClockCondition',
    kind: 'always',
    verdict: 'violated',
    strategy: 'hand',
    init: 0,
    steps: steps.map((action) => ({ action, data: null })),
  }
}

describe('renderClocks: the time-and-ordering lab', () => {
  // Lamport clocks whose receive forgets the max: the "model" column falls behind the stamps
  // recomputed from the same sends and receives.
  const weakLamport = resolveModel(lamport, { config: 'ci', weaken: ['receiveWithoutMax'] })
  const chain = handTrace('lamport', weakLamport.params, ['receiveWithoutMax'], [
    'Send(n1 -> n2)',
    'Local(n3)',
    'Receive(n1.1 -> n2, ts=1)',
    'Send(n2 -> n3)',
    'Local(n1)',
    'Receive(n2.2 -> n3, ts=2)',
  ])

  it('lamport, 3 processes, a chain n1 → n2 → n3: every event with its lane, stamps, and the pairs', () => {
    expect(renderClocks(weakLamport.model, chain)).toBe(
      [
        'ClockCondition violated after 6 steps — lamport (config ci: processes=3 events=2, weakened: receiveWithoutMax; found by hand)',
        '',
        '6 events on n1, n2, n3; Lamport and vector stamps recomputed from the sends and receives; "model" is the stamp the model gave',
        '',
        'step  n1    n2    n3    event         Lamport  vector   model',
        '   1  n1.1              send → n2     1        [1,0,0]  1',
        '   2              n3.1  local         1        [0,0,1]  1',
        '   3        n2.1        receive n1.1  2        [1,1,0]  1',
        '   4        n2.2        send → n3     3        [1,2,0]  2',
        '   5  n1.2              local         2        [2,0,0]  2',
        '   6              n3.2  receive n2.2  4        [1,2,2]  2',
        '',
        'happened before (→), from the sends and receives:',
        '  n1.1 → n2.1, n2.2, n1.2, n3.2',
        '  n3.1 → n3.2',
        '  n2.1 → n2.2, n3.2',
        '  n2.2 → n3.2',
        'concurrent (∥):',
        '  n1.1 ∥ n3.1',
        '  n3.1 ∥ n2.1, n2.2, n1.2',
        '  n2.1 ∥ n1.2',
        '  n2.2 ∥ n1.2',
        '  n1.2 ∥ n3.2',
      ].join('\n'),
    )
  })

  it('clockLab gives the same reading as data: kinds, causes, stamps', () => {
    const lab = clockLab(weakLamport.model, chain)
    expect(lab.other).toEqual([])
    expect(lab.events.map((e) => [e.name, e.kind, e.cause, e.lamport, e.vector.join(''), e.modelStamp])).toEqual([
      ['n1.1', 'send', null, 1, '100', '1'],
      ['n3.1', 'local', null, 1, '001', '1'],
      ['n2.1', 'receive', 'n1.1', 2, '110', '1'],
      ['n2.2', 'send', null, 3, '120', '2'],
      ['n1.2', 'local', null, 2, '200', '2'],
      ['n3.2', 'receive', 'n2.2', 4, '122', '2'],
    ])
  })

  it('lww with wall clocks: time steps are no events, a write is a send to every other replica', () => {
    const m = resolveModel(lww, { config: 'tiny', weaken: ['wallClockStamps'] })
    const trace = explore(m.model, { meta: { config: 'tiny', params: m.params, weaken: ['wallClockStamps'] } }).violations[0]?.trace
    if (!trace) throw new Error('no counterexample')
    const text = renderClocks(m.model, trace)
    expect(text.split('\n').slice(4, 9)).toEqual([
      'step  n1    n2    event         Lamport  vector  model',
      '   1        n2.1  send → n1     1        [0,1]   0',
      '   2  (Tick: not an event)',
      '   3  n1.1        receive n2.1  2        [1,1]   0',
      '   4  n1.2        send → n2     3        [2,1]   0',
    ])
    expect(text).toContain('  n2.1 → n1.1, n1.2')
  })

  it('an actor model (the token ring with one duplicate): the duplicated token is received twice, and two critical sections are concurrent', () => {
    const ring = tokenRing(3, { network: { duplicating: true }, faults: { duplicate: 1 } })
    const trace = explore(ring).violations[0]?.trace
    if (!trace) throw new Error('no counterexample')
    const lab = clockLab(ring, trace)
    expect(lab.other).toEqual([{ step: 3, action: 'Duplicate(n1 -> n2, Token)' }])
    expect(lab.events.filter((e) => e.kind === 'receive').map((e) => `${e.name}<-${e.cause}`)).toEqual(['n2.1<-n1.2', 'n2.4<-n1.2', 'n3.1<-n2.3'])
    const text = renderClocks(ring, trace)
    expect(text).toContain('   3  (Duplicate(n1 -> n2, Token): not an event)')
    expect(text).toContain('  n2.5 ∥ n3.2')
    expect(text).not.toContain('model')
  })

  it('a model that is neither a clock model nor an actor model: a one-line error', () => {
    const m = resolveModel(twophase, { config: 'tiny' }).model
    const trace = handTrace('twophase', { rm: 2 }, [], ['RMPrepare(rm1)'])
    expect(() => renderClocks(m, trace)).toThrow(FaultlineError)
    expect(() => renderClocks(m, trace)).toThrow(/twophase has no processes to draw clocks for/)
  })
})
