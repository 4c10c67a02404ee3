import { describe, expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { resolveModel } from '../../src/core/definition.js'
import { readTraceFile } from '../../src/trace/file.js'
import { registeredView, type Arrow } from '../../src/viewer/sequence.js'
import { renderMermaid } from '../../src/viewer/mermaid.js'
import { runForView } from '../../src/viewer/run.js'
import { traceOf } from '../../src/viewer/fixtures.js'
import { raft } from './index.js'
import { raftMessageLabel, raftView } from './view.js'

/** Arrows as `from->to label sent..end how` lines, for exact comparison. */
const arrows = (xs: readonly Arrow[]): string[] =>
  xs.map((a) => `${a.from}->${a.to} ${a.label} ${a.sent ?? '?'}..${a.end ?? 'end'} ${a.how}${a.copy ? ' copy' : ''}${a.reason ? ` (${a.reason})` : ''}`)

/** A shipped raft counterexample, re-run: its sequence. */
function shipped(name: string) {
  const trace = readTraceFile(fileURLToPath(new URL(`../../counterexamples/raft/${name}.trace.json`, import.meta.url)))
  const model = resolveModel(raft, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
  return runForView(model, trace).sequence
}

/** The shipped noStepDown counterexample (config stepdown: 2 servers, 20 steps). */
const noStepDown = () => shipped('raft--noStepDown--LogMatching')

/**
 * Two servers over a network that duplicates and drops, one restart: an election with a
 * duplicated and then dropped RequestVote, one entry replicated, and the leader restarting.
 */
const LOSSY_RUN = [
  'Timeout(s1)',
  'RequestVote(s1, s2)',
  'DuplicateMessage(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
  'Receive(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
  'Receive(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
  'DropMessage(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
  'Receive(RequestVoteResponse s2->s1 term 2 granted)',
  'RequestVote(s1, s1)',
  'Receive(RequestVoteRequest s1->s1 term 2 lastLogTerm 0 lastLogIndex 0)',
  'Receive(RequestVoteResponse s1->s1 term 2 granted)',
  'BecomeLeader(s1)',
  'ClientRequest(s1, v1)',
  'AppendEntries(s1, s2)',
  'Receive(AppendEntriesRequest s1->s2 term 2 prevLogIndex 0 prevLogTerm 0 entries [2:v1] commitIndex 0)',
  'Receive(AppendEntriesRequest s1->s2 term 2 prevLogIndex 0 prevLogTerm 0 entries [2:v1] commitIndex 0)',
  'Receive(AppendEntriesResponse s2->s1 term 2 success matchIndex 1)',
  'AdvanceCommitIndex(s1)',
  'Restart(s1)',
]

function lossy() {
  const params = { servers: 2, maxTerm: 2, maxLogLen: 1, maxMsgs: 2, maxCopies: 2, values: 1, restarts: 1, duplicate: 1, drop: 1, history: 0, stale: 0 }
  const model = resolveModel(raft, { config: 'tiny', params }).model
  return runForView(model, traceOf(model, LOSSY_RUN)).sequence
}

describe('raft view', () => {
  test('importing the model registers the view under its name', () => {
    expect(registeredView('raft')).toBe(raftView)
  })

  test('labels are the bag text without the endpoints; an AppendEntries request shows its entries after the term', () => {
    expect(raftMessageLabel('RVReq s1>s2 t2 lastLog=t0@0')).toBe('RVReq t2 lastLog=t0@0')
    expect(raftMessageLabel('RVResp s2>s1 t2 granted log=[1:v1]')).toBe('RVResp t2 granted log=[1:v1]')
    expect(raftMessageLabel('AEReq s1>s2 t2 prevLog=t1@1 entries=[2:v1] commit=1')).toBe('AEReq t2 [2:v1] prevLog=t1@1 commit=1')
    expect(raftMessageLabel('AEReq s1>s2 t2 prevLog=t0@0 entries=[] commit=0 log=[2:v1]')).toBe('AEReq t2 [] prevLog=t0@0 commit=0 log=[2:v1]')
    expect(raftMessageLabel('AEResp s2>s1 t2 success match=1')).toBe('AEResp t2 success match=1')
  })

  test('noStepDown (20 steps): lanes s1, s2; two elections as RequestVote round trips; UpdateTerm is a local step that leaves the request in flight', () => {
    const seq = noStepDown()
    expect(seq.lanes).toEqual(['s1', 's2'])
    expect(arrows(seq.arrows)).toEqual([
      's1->s1 RVReq t2 lastLog=t0@0 2..3 deliver',
      's1->s1 RVResp t2 granted 3..4 deliver',
      's1->s2 RVReq t2 lastLog=t0@0 5..7 deliver',
      's2->s1 RVResp t2 granted 7..8 deliver',
      's2->s1 RVReq t3 lastLog=t0@0 11..13 deliver',
      's1->s2 RVResp t3 granted 13..14 deliver',
      's2->s2 RVReq t3 lastLog=t0@0 16..17 deliver',
      's2->s2 RVResp t3 granted 17..18 deliver',
    ])
    // Step 6: s2 adopts term 2 from the request, which stays in the bag until step 7 answers it.
    expect(seq.steps[6]?.events).toEqual([
      { kind: 'local', node: 's2', label: 'adopts term 2 from RVReq (UpdateTerm); RVReq stays in flight' },
    ])
    expect(seq.steps[6]?.notes).toEqual([{ lane: 's2', changes: ['currentTerm: 1 → 2'] }])
    expect(seq.steps[7]?.events).toEqual([
      { kind: 'deliver', from: 's1', to: 's2', label: 'RVReq t2 lastLog=t0@0' },
      { kind: 'send', from: 's2', to: 's1', label: 'RVResp t2 granted' },
    ])
    // Leader s1 keeps leading in term 3 (the weakening): both leaders take a client request.
    expect(seq.steps[9]?.events).toEqual([{ kind: 'local', node: 's1', label: 'becomes leader of term 2' }])
    expect(seq.steps[12]?.notes).toEqual([{ lane: 's1', changes: ['currentTerm: 2 → 3', 'votedFor: s1 → null'] }])
    expect(seq.steps[15]?.events).toEqual([{ kind: 'local', node: 's1', label: 'client request v1' }])
    expect(seq.steps[20]?.notes).toEqual([{ lane: 's2', changes: ['log += [[3, 2]]'] }])
    // The bag and the history variable `elections` are left out of the notes.
    expect(seq.steps[19]?.notes).toEqual([
      { lane: 's2', changes: ['state: Candidate → Leader', 'votesGranted -= [s1, s2]', 'votesResponded -= [s1, s2]'] },
    ])
  })

  test('noStepDown: the Mermaid diagram draws each message where it is consumed, a message to oneself as a self-arrow', () => {
    const text = renderMermaid(noStepDown())
    expect(text.split('\n').slice(0, 4)).toEqual([
      'sequenceDiagram',
      '    participant L0 as s1',
      '    participant L1 as s2',
      '    Note over L0: 1. Timeout(s1)<br/>currentTerm: 1 → 2<br/>state: Follower → Candidate',
    ])
    expect(text).toContain('    L0->>L1: RVReq t2 lastLog=t0@0 (sent in step 5)\n    Note over L1: 7. Receive(')
    expect(text).toContain('    L1->>L0: RVResp t2 granted (sent in step 7)\n    Note over L0: 8. Receive(')
    expect(text).toContain('    L0->>L0: RVReq t2 lastLog=t0@0 (sent in step 2)')
    expect(text).toContain('    L1->>L0: RVReq t3 lastLog=t0@0 (sent in step 11)')
    expect(text).toContain('    Note over L1: 20. ClientRequest(s2, v2)<br/>log += [[3, 2]]')
    expect(text).not.toContain('--)')
  })

  test('lossy network (18 steps): a duplicate, a drop of the copy, append and reply as separate receive steps, a restart', () => {
    const seq = lossy()
    expect(seq.lanes).toEqual(['s1', 's2'])
    expect(arrows(seq.arrows)).toEqual([
      's1->s2 RVReq t2 lastLog=t0@0 2..5 deliver',
      's1->s2 RVReq t2 lastLog=t0@0 3..6 drop copy (dropped)',
      's2->s1 RVResp t2 granted 5..7 deliver',
      's1->s1 RVReq t2 lastLog=t0@0 8..9 deliver',
      's1->s1 RVResp t2 granted 9..10 deliver',
      's1->s2 AEReq t2 [2:v1] prevLog=t0@0 commit=0 13..15 deliver',
      's2->s1 AEResp t2 success match=1 15..16 deliver',
    ])
    expect(seq.steps[3]?.events).toEqual([{ kind: 'duplicate', from: 's1', to: 's2', label: 'RVReq t2 lastLog=t0@0' }])
    expect(seq.steps[14]?.events).toEqual([
      { kind: 'local', node: 's2', label: 'appends [2:v1] from AEReq; AEReq stays in flight' },
    ])
    expect(seq.steps[14]?.notes).toEqual([{ lane: 's2', changes: ['log += [[2, 1]]'] }])
    // Leader state is noted under the leader, per follower.
    expect(seq.steps[16]?.notes).toEqual([{ lane: 's1', changes: ['matchIndex[s2]: 0 → 1', 'nextIndex[s2]: 1 → 2'] }])
    expect(seq.steps[17]?.events).toEqual([{ kind: 'local', node: 's1', label: 'commits up to index 1' }])
    expect(seq.steps[18]?.events).toEqual([{ kind: 'restart', node: 's1', label: 'restart' }])
    const text = renderMermaid(seq)
    expect(text).toContain('    L0->>L1: RVReq t2 lastLog=t0@0 (sent in step 2)')
    expect(text).toContain('    Note over L1: 3. DuplicateMessage(RequestVoteRequest s1-#62;s2 term 2 lastLogTerm 0 lastLogIndex 0)<br/>⊕ the network duplicates RVReq t2 lastLog=t0@0 (s1 → s2)')
    expect(text).toContain('    L0-xL1: RVReq t2 lastLog=t0@0 ✗ dropped (copy made in step 3)')
    expect(text).toContain('    L0->>L1: AEReq t2 [2:v1] prevLog=t0@0 commit=0 (sent in step 13)')
    expect(text).toContain('    Note over L0: 18. Restart(s1)<br/>↻ s1 restarts<br/>')
  })

  test('votesNotPersisted (19 steps): the restart of s2 in step 11 forgets its term and vote, and the restart budget is not noted', () => {
    const seq = shipped('raft--votesNotPersisted--ElectionSafety')
    expect(seq.steps[11]?.events).toEqual([{ kind: 'restart', node: 's2', label: 'restarts without its term and vote' }])
    expect(seq.steps[11]?.notes).toEqual([{ lane: 's2', changes: ['currentTerm: 2 → 1', 'votedFor: s1 → null'] }])
    expect(seq.down).toEqual([])
  })

  test('a candidate hearing the leader of its term (13 steps): it returns to Follower in a local step, then answers the request', () => {
    const model = resolveModel(raft, { config: 'ci' }).model
    const run = [
      'Timeout(s1)',
      'RequestVote(s1, s2)',
      'Receive(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
      'Receive(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
      'Receive(RequestVoteResponse s2->s1 term 2 granted)',
      'RequestVote(s1, s1)',
      'Receive(RequestVoteRequest s1->s1 term 2 lastLogTerm 0 lastLogIndex 0)',
      'Receive(RequestVoteResponse s1->s1 term 2 granted)',
      'BecomeLeader(s1)',
      'Timeout(s3)',
      'AppendEntries(s1, s3)',
      'Receive(AppendEntriesRequest s1->s3 term 2 prevLogIndex 0 prevLogTerm 0 entries [] commitIndex 0)',
      'Receive(AppendEntriesRequest s1->s3 term 2 prevLogIndex 0 prevLogTerm 0 entries [] commitIndex 0)',
    ]
    const seq = runForView(model, traceOf(model, run)).sequence
    expect(seq.steps[10]?.events).toEqual([{ kind: 'local', node: 's3', label: 'times out, candidate in term 2' }])
    expect(seq.steps[12]?.events).toEqual([{ kind: 'local', node: 's3', label: 'returns to Follower on AEReq; AEReq stays in flight' }])
    expect(seq.steps[12]?.notes).toEqual([{ lane: 's3', changes: ['state: Candidate → Follower'] }])
    expect(arrows(seq.arrows.slice(-2))).toEqual([
      's1->s3 AEReq t2 [] prevLog=t0@0 commit=0 11..13 deliver',
      's3->s1 AEResp t2 success match=0 13..end inflight',
    ])
  })
})
