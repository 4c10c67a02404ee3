import { describe, expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { resolveModel } from '../core/definition.js'
import type { Model } from '../core/model.js'
import { readTraceFile } from '../trace/file.js'
import { twophase } from '../../models/twophase/index.js'
import { twophaseView } from '../../models/twophase/view.js'
import { paxos } from '../../models/paxos/index.js'
import { tokenRing } from '../actor/fixtures/token-ring.js'
import { explore } from '../explore/search.js'
import { runForView } from './run.js'
import { buildSequence, genericView, registerSequenceView, registeredView, type Arrow } from './sequence.js'
import { echoTrace } from './fixtures.js'

/** A shipped counterexample, re-run: its model and sequence. */
function shipped(file: string) {
  const trace = readTraceFile(fileURLToPath(new URL(`../../counterexamples/${file}`, import.meta.url)))
  const def = trace.model === 'paxos' ? paxos : twophase
  const model = resolveModel(def, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
  return { trace, model, seq: runForView(model, trace).sequence }
}

/** Arrows as `from->to label sent..end how` lines, for exact comparison. */
const arrows = (xs: readonly Arrow[]): string[] =>
  xs.map((a) => `${a.from}->${a.to} ${a.label} ${a.sent ?? '?'}..${a.end ?? 'end'} ${a.how}${a.copy ? ' copy' : ''}${a.again ? ' again' : ''}${a.reason ? ` (${a.reason})` : ''}`)

describe('viewer: sequence: twophase view', () => {
  test('the view is registered under the model name', () => {
    expect(registeredView('twophase')).toBe(twophaseView)
  })

  test('commitWithoutAllPrepared (5 steps): lanes TM, rm1, rm2; Prepared and Commit paired send to delivery; one Commit left in flight', () => {
    const { seq } = shipped('twophase/twophase--commitWithoutAllPrepared--TCConsistent.trace.json')
    expect(seq.lanes).toEqual(['TM', 'rm1', 'rm2'])
    expect(seq.steps.map((s) => s.lane)).toEqual([null, 'rm1', 'TM', 'TM', 'rm1', 'rm2'])
    expect(arrows(seq.arrows)).toEqual([
      'rm1->TM Prepared 1..2 deliver',
      'TM->rm1 Commit 3..4 deliver',
      'TM->rm2 Commit 3..end inflight',
    ])
    // Fields are noted under the lane they belong to, relative to it; msgs is drawn as arrows.
    expect(seq.steps[1]?.notes).toEqual([{ lane: 'rm1', changes: ['rmState: working → prepared'] }])
    expect(seq.steps[2]?.notes).toEqual([{ lane: 'TM', changes: ['tmPrepared[rm1]: false → true'] }])
    expect(seq.steps[3]?.notes).toEqual([{ lane: 'TM', changes: ['tmState: init → committed'] }])
  })

  test('tmPresumesPrepared (1 step): the TM receives a Prepared that no step sent', () => {
    const { seq } = shipped('twophase/twophase--tmPresumesPrepared--TMPreparedVoted.trace.json')
    expect(arrows(seq.arrows)).toEqual(['rm1->TM Prepared ?..1 deliver'])
  })

  test('tmForgetsDecision (9 steps): the restart is marked on the TM lane; Commit and Abort both sent', () => {
    const { seq } = shipped('twophase/twophase--tmForgetsDecision--TCConsistent.trace.json')
    expect(seq.steps[7]?.events).toEqual([{ kind: 'restart', node: 'TM', label: 'restarts without a log' }])
    expect(seq.down).toEqual([])
    expect(arrows(seq.arrows)).toEqual([
      'rm1->TM Prepared 1..3 deliver',
      'rm2->TM Prepared 2..4 deliver',
      'TM->rm1 Commit 5..6 deliver',
      'TM->rm2 Abort 8..9 deliver',
      'TM->rm2 Commit 5..end inflight',
      'TM->rm1 Abort 8..end inflight',
    ])
  })
})

describe('viewer: sequence: actor models', () => {
  test('echo (9 steps): partition, duplicate, heal, deliveries, a crash that loses a message, a drop, a restart', () => {
    const { model, trace } = echoTrace()
    const seq = runForView(model, trace).sequence
    expect(seq.lanes).toEqual(['n1', 'n2', 'n3'])
    expect(seq.steps[0]?.events).toEqual([
      { kind: 'send', from: 'n1', to: 'n2', label: 'Ping' },
      { kind: 'send', from: 'n1', to: 'n3', label: 'Ping' },
    ])
    expect(arrows(seq.arrows)).toEqual([
      'n1->n2 Ping 0..4 deliver',
      'n1->n2 Ping 2..5 deliver copy',
      'n1->n3 Ping 0..6 drop (lost: n3 crashed)',
      'n2->n1 Pong 4..7 drop (dropped)',
      'n2->n1 Pong 5..8 deliver',
    ])
    expect(seq.partitions).toEqual([{ from: 1, to: 3, groups: [['n1'], ['n2', 'n3']] }])
    expect(seq.down).toEqual([{ lane: 'n3', from: 6, to: 9 }])
    // Node fields are noted under their node without the nodes[i] prefix; the network and the
    // fault budget are drawn, not noted.
    expect(seq.steps[4]?.notes).toEqual([{ lane: 'n2', changes: ['pings: 0 → 1'] }])
    expect(seq.steps[8]?.notes).toEqual([{ lane: 'n1', changes: ['pongs: 0 → 1'] }])
    expect(seq.steps[7]?.notes).toEqual([])
  })

  test('token ring with one duplicate (10 steps): the copy starts at the Duplicate step; timers are noted under their node', () => {
    const m = tokenRing(3, { network: { duplicating: true }, faults: { duplicate: 1 } })
    const trace = explore(m).violations[0]?.trace
    if (!trace) throw new Error('expected a counterexample')
    const seq = runForView(m, trace).sequence
    expect(trace.steps).toHaveLength(10)
    expect(arrows(seq.arrows)).toEqual([
      'n1->n2 Token 2..4 deliver',
      'n1->n2 Token 3..7 deliver copy',
      'n2->n3 Token 6..8 deliver',
    ])
    expect(seq.steps[1]?.events).toEqual([{ kind: 'local', node: 'n1', label: 'timer Enter' }])
    expect(seq.steps[1]?.notes).toEqual([{ lane: 'n1', changes: ['inCS: false → true', 'timers[0]: Enter → Exit'] }])
  })
})

describe('viewer: sequence: views and the generic fallback', () => {
  test('the generic fallback on paxos: a lane per acceptor from its per-node arrays; other fields noted for the whole system', () => {
    // paxos has a view of its own now; draw it with the fallback on purpose.
    const { trace, model } = shipped('paxos/paxos--sharedBallot--OneValuePerBallot.trace.json')
    const run = runForView(model, trace)
    const seq = buildSequence(model, run.states, run.actions, genericView(run.states[0]))
    expect(seq.lanes).toEqual(['node1', 'node2'])
    expect(seq.arrows).toEqual([])
    expect(seq.steps[3]?.lane).toBe('node1')
    expect(seq.steps[3]?.notes).toEqual([
      { lane: 'node1', changes: ['maxBal: -1 → 0'] },
      { lane: null, changes: ['msgs += ["1b(a1,0,-1,None)"]'] },
    ])
  })

  test('a state without per-node arrays gets a lane per top-level key, and each step is local to the keys it changed', () => {
    const view = genericView({ clock: 0, leader: null })
    expect(view.participants({})).toEqual(['clock', 'leader'])
    expect(view.events({ clock: 0, leader: null }, 'Tick', { clock: 1, leader: null })).toEqual([{ kind: 'local', node: 'clock', label: 'changes' }])
  })

  test('a state with a nodes array gets a lane per node, named by its id field', () => {
    const view = genericView({ nodes: [{ id: 'a', x: 0 }, { id: 'b', x: 0 }] })
    expect(view.participants({})).toEqual(['a', 'b'])
    expect(view.field?.('nodes[1].x', {})).toEqual({ lane: 'b', path: 'x' })
  })

  test('a registered view replaces the derived one, and a lane it did not list is added on the right', () => {
    type S = { readonly n: number }
    const counter: Model<S, 'Inc'> = {
      name: 'viewer-test-counter',
      init: () => [{ n: 0 }],
      actions: (s) => (s.n < 2 ? ['Inc'] : []),
      next: (s) => (s.n < 2 ? { n: s.n + 1 } : undefined),
      properties: [],
    }
    registerSequenceView<S, 'Inc'>('viewer-test-counter', {
      participants: () => ['client'],
      events: (s) => [{ kind: 'send', from: 'client', to: 'server', label: `inc ${s.n}` }],
    })
    const seq = buildSequence(counter, [{ n: 0 }, { n: 1 }, { n: 2 }], ['Inc', 'Inc'])
    expect(seq.lanes).toEqual(['client', 'server'])
    expect(arrows(seq.arrows)).toEqual(['client->server inc 0 1..end inflight', 'client->server inc 1 2..end inflight'])
  })
})
