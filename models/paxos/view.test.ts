import { describe, expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { resolveModel } from '../../src/core/definition.js'
import { readTraceFile } from '../../src/trace/file.js'
import { registeredView, type Arrow } from '../../src/viewer/sequence.js'
import { renderMermaid } from '../../src/viewer/mermaid.js'
import { runForView } from '../../src/viewer/run.js'
import { paxos } from './index.js'
import { paxosView } from './view.js'

/** A shipped paxos counterexample, re-run: its sequence. */
function shipped(name: string) {
  const trace = readTraceFile(fileURLToPath(new URL(`../../counterexamples/paxos/${name}.trace.json`, import.meta.url)))
  const model = resolveModel(paxos, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
  return runForView(model, trace).sequence
}

/** Arrows as `from->to label sent..end how` lines, for exact comparison. */
const arrows = (xs: readonly Arrow[]): string[] =>
  xs.map((a) => `${a.from}->${a.to} ${a.label} ${a.sent ?? '?'}..${a.end ?? 'end'} ${a.how}${a.again ? ' again' : ''}`)

describe('paxos view', () => {
  test('importing the model registers the view under its name', () => {
    expect(registeredView('paxos')).toBe(paxosView)
  })

  test('sharedBallot (8 steps): lanes p1 p2 a1 a2 l1; both proposers run ballot 0, so each promise goes to both and each 2a is a different value', () => {
    const seq = shipped('paxos--sharedBallot--OneValuePerBallot')
    expect(seq.lanes).toEqual(['p1', 'p2', 'a1', 'a2', 'l1'])
    expect(seq.steps.map((s) => s.lane)).toEqual([null, 'p1', 'p2', 'a1', 'a2', 'p1', 'p2', 'a1', 'a1'])
    expect(arrows(seq.arrows)).toEqual([
      // Phase1a(p1, 0) and Phase1a(p2, 0) each send 1a(0) to every acceptor; Phase1b takes both.
      'p1->a1 1a(0) 1..3 deliver',
      'p2->a1 1a(0) 2..3 deliver',
      'p1->a2 1a(0) 1..4 deliver',
      'p2->a2 1a(0) 2..4 deliver',
      // Phase2a(p1, 0, v1) and Phase2a(p2, 0, v2) each count the same two promises.
      'a1->p1 1b(a1,0,-1,None) 3..5 deliver',
      'a2->p1 1b(a2,0,-1,None) 4..5 deliver',
      'a1->p2 1b(a1,0,-1,None) 3..6 deliver',
      'a2->p2 1b(a2,0,-1,None) 4..6 deliver',
      // a1 votes for both values in ballot 0.
      'p1->a1 2a(0,v1) 5..7 deliver',
      'p2->a1 2a(0,v2) 6..8 deliver',
      'p1->a2 2a(0,v1) 5..end inflight',
      'p2->a2 2a(0,v2) 6..end inflight',
      'a1->l1 2b(a1,0,v1) 7..end inflight',
      'a1->l1 2b(a1,0,v2) 8..end inflight',
    ])
    // Fields go under their own lane; msgs is drawn as arrows, not noted.
    expect(seq.steps[1]?.notes).toEqual([{ lane: 'p1', changes: ['bal: -1 → 0'] }])
    expect(seq.steps[3]?.notes).toEqual([{ lane: 'a1', changes: ['maxBal: -1 → 0'] }])
    expect(seq.steps[8]?.notes).toEqual([{ lane: 'a1', changes: ['maxVal: v1 → v2'] }])
  })

  test('sharedBallot: the Mermaid diagram draws each message where it is delivered, with the step that sent it', () => {
    const text = renderMermaid(shipped('paxos--sharedBallot--OneValuePerBallot'))
    const lines = text.split('\n')
    expect(lines.slice(0, 6)).toEqual([
      'sequenceDiagram',
      '    participant L0 as p1',
      '    participant L1 as p2',
      '    participant L2 as a1',
      '    participant L3 as a2',
      '    participant L4 as l1',
    ])
    expect(text).toContain('    L0->>L2: 1a(0) (sent in step 1)\n    L1->>L2: 1a(0) (sent in step 2)\n    Note over L2: 3. Phase1b(a1, 0)<br/>maxBal: -1 → 0')
    expect(text).toContain('    L2->>L1: 1b(a1,0,-1,None) (sent in step 3)')
    expect(text).toContain('    L1->>L2: 2a(0,v2) (sent in step 6)\n    Note over L2: 8. Phase2b(a1, 0, v2)<br/>maxVal: v1 → v2')
    expect(text).toContain('    L2--)L4: 2b(a1,0,v2) (in flight, sent in step 8)')
  })

  test('forgetPromiseOnRestart (6 steps): the crash and the forgetful restart are marks on a1, which is down in steps 5..6', () => {
    const seq = shipped('paxos--forgetPromiseOnRestart--VotesSafe')
    expect(seq.steps[5]?.events).toEqual([{ kind: 'crash', node: 'a1', label: 'crash' }])
    expect(seq.steps[6]?.events).toEqual([{ kind: 'restart', node: 'a1', label: 'restarts without its promise and vote' }])
    expect(seq.down).toEqual([{ lane: 'a1', from: 5, to: 6 }])
    // The fault budget (`restarts`) is left out like msgs.
    expect(seq.steps[5]?.notes).toEqual([{ lane: 'a1', changes: ['down: false → true'] }])
    expect(seq.steps[6]?.notes).toEqual([
      { lane: 'a1', changes: ['down: true → false', 'maxBal: 1 → -1', 'maxVBal: 1 → -1', 'maxVal: v2 → null'] },
    ])
    // a1 is the only acceptor, so its promise alone is a quorum.
    expect(arrows(seq.arrows)).toEqual([
      'p2->a1 1a(1) 1..2 deliver',
      'a1->p2 1b(a1,1,-1,None) 2..3 deliver',
      'p2->a1 2a(1,v2) 3..4 deliver',
      'a1->l1 2b(a1,1,v2) 4..end inflight',
    ])
    const text = renderMermaid(seq)
    expect(text).toContain('    Note over L2: 5. Crash(a1)<br/>✗ a1 crashes<br/>down: false → true')
    expect(text).toContain('    Note over L2: 6. Restart(a1)<br/>↻ a1 restarts without its promise and vote<br/>')
  })

  test('learnerAcrossBallots (11 steps): Learn(l1, v1) takes the 2b votes of a2 in ballot 0 and a1 in ballot 1', () => {
    const seq = shipped('paxos--learnerAcrossBallots--LearnedIsChosen')
    expect(seq.steps[11]?.events).toEqual([
      { kind: 'deliver', from: 'a1', to: 'l1', label: '2b(a1,1,v1)' },
      { kind: 'deliver', from: 'a2', to: 'l1', label: '2b(a2,0,v1)' },
    ])
    expect(arrows(seq.arrows.filter((a) => a.to === 'l1'))).toEqual(['a2->l1 2b(a2,0,v1) 7..11 deliver', 'a1->l1 2b(a1,1,v1) 10..11 deliver'])
    expect(seq.steps[11]?.notes).toEqual([{ lane: 'l1', changes: ['decided: null → v1'] }])
  })

  test('retryLowerBallot (9 steps): going back to ballot 0, p1 reuses the promises it already counted, drawn as delivered again', () => {
    const seq = shipped('paxos--retryLowerBallot--OneValuePerBallot')
    expect(seq.lanes).toEqual(['p1', 'a1', 'a2', 'l1'])
    expect(arrows(seq.arrows.filter((a) => a.label.startsWith('1b')))).toEqual([
      'a1->p1 1b(a1,0,-1,None) 2..4 deliver',
      'a2->p1 1b(a2,0,-1,None) 3..4 deliver',
      'a1->p1 1b(a1,0,-1,None) 2..8 deliver again',
      'a2->p1 1b(a2,0,-1,None) 3..8 deliver again',
    ])
    // The history variable `proposed` belongs to no lane.
    expect(seq.steps[7]?.notes).toEqual([
      { lane: null, changes: ['proposed += [v2]'] },
      { lane: 'p1', changes: ['bal: 1 → 0', 'input: v1 → v2'] },
    ])
  })
})
