import { describe, expect, it } from 'vitest'
import { resolveModel } from '../../src/core/definition.js'
import { canonicalJson, fingerprint } from '../../src/core/canonical.js'
import { formatActionOf, type Model } from '../../src/core/model.js'
import { replay, type Trace } from '../../src/core/trace.js'
import { explore, exploreParallel } from '../../src/explore/index.js'
import { availableParallelism } from 'node:os'
import { raft, buildRaft, decodeElection, decodeMessage, describeMessage, type RaftAction, type RaftParams, type RaftState } from './index.js'
import { encodeElection, requestVoteResponse, appendEntriesRequest } from './wire.js'

const deep = process.env['FAULTLINE_DEEP'] ? it : it.skip

type M = Model<RaftState, RaftAction>

function model(config: string, params: Record<string, number> = {}, weaken: string[] = []): M {
  return resolveModel(raft, { config, params, weaken }).model as M
}

function check(config: string, params: Record<string, number> = {}, weaken: string[] = [], symmetry = false) {
  const r = resolveModel(raft, { config, params, weaken })
  return explore(r.model, { strategy: 'bfs', symmetry, meta: { config, params: r.params, weaken: r.weaken } })
}

/** Takes the one enabled action whose spec name starts with `prefix`. */
function act(m: M, s: RaftState, prefix: string): RaftState {
  const hits = m.actions(s).filter((a) => formatActionOf(m, a).startsWith(prefix))
  if (hits.length !== 1) {
    const names = m.actions(s).map((a) => formatActionOf(m, a))
    throw new Error(`${hits.length} actions start with '${prefix}'; enabled: ${names.join(' | ')}`)
  }
  const t = m.next(s, hits[0] as RaftAction)
  if (t === undefined) throw new Error(`${prefix} is listed but not enabled`)
  return t
}

function run(m: M, prefixes: readonly string[]): RaftState {
  let s = m.init()[0] as RaftState
  for (const p of prefixes) s = act(m, s, p)
  return s
}

/** s1 wins term 2 with its own vote and s2's. */
const ELECT_S1 = [
  'Timeout(s1)',
  'RequestVote(s1, s1)',
  'Receive(RequestVoteRequest s1->s1',
  'Receive(RequestVoteResponse s1->s1',
  'RequestVote(s1, s2)',
  'Receive(RequestVoteRequest s1->s2', // UpdateTerm: s2 adopts term 2, the request stays
  'Receive(RequestVoteRequest s1->s2', // HandleRequestVoteRequest: s2 votes for s1
  'Receive(RequestVoteResponse s2->s1',
  'BecomeLeader(s1)',
]

describe('raft: steps as raft.tla takes them', () => {
  it('raft: election: s1 wins term 2 with its own vote and s2\'s (3 servers)', () => {
    const m = model('ci')
    const s = run(m, ELECT_S1)
    expect(s.state).toEqual(['Leader', 'Follower', 'Follower'])
    expect(s.currentTerm).toEqual([2, 2, 1])
    expect(s.votedFor).toEqual(['s1', 's1', null])
    expect(s.messages).toEqual([])
    expect(s.elections.map((e) => decodeElection(e))).toEqual([
      { eterm: 2, eleader: 's1', elog: [], evotes: null, evoterLog: null },
    ])
    // Candidate state is cleared on becoming leader (stale=0); nextIndex starts past the log.
    expect(s.votesGranted).toEqual([[], [], []])
    expect(s.nextIndex[0]).toEqual([1, 1, 1])
  })

  it('raft: UpdateTerm is a step of its own: the request stays in flight', () => {
    const m = model('ci')
    const s = run(m, ELECT_S1.slice(0, 6))
    expect(s.currentTerm).toEqual([2, 2, 1])
    expect(s.votedFor).toEqual(['s1', null, null])
    expect(s.messages).toEqual([['RVReq s1>s2 t2 lastLog=t0@0', 1]])
  })

  it('raft: a leader replicates an entry and commits it with a quorum (3 servers)', () => {
    const m = model('ci')
    const s = run(m, [
      ...ELECT_S1,
      'ClientRequest(s1, v2)',
      'AppendEntries(s1, s2)',
      'Receive(AppendEntriesRequest s1->s2 term 2 prevLogIndex 0 prevLogTerm 0 entries [2:v2] commitIndex 0)', // append
      'Receive(AppendEntriesRequest s1->s2', // already done: reply
      'Receive(AppendEntriesResponse s2->s1 term 2 success matchIndex 1)',
      'AdvanceCommitIndex(s1)',
    ])
    expect(s.log).toEqual([[[2, 2]], [[2, 2]], []])
    expect(s.commitIndex).toEqual([1, 0, 0])
    expect(s.matchIndex[0]).toEqual([0, 1, 0])
    expect(s.nextIndex[0]).toEqual([1, 2, 1])
  })

  it('raft: a follower removes one entry per step while the next entry conflicts', () => {
    // s1 leads term 2 and appends v1; s2 then leads term 3 with an empty log and sends v2. When
    // s1 hears it, UpdateTerm, then one conflict step removes s1's entry, then it appends.
    const m = model('ci', { maxTerm: 4 })
    let s = run(m, [...ELECT_S1, 'ClientRequest(s1, v1)'])
    for (const p of [
      'Timeout(s2)',
      'RequestVote(s2, s2)',
      'Receive(RequestVoteRequest s2->s2',
      'Receive(RequestVoteResponse s2->s2',
      'RequestVote(s2, s3)',
      'Receive(RequestVoteRequest s2->s3', // UpdateTerm
      'Receive(RequestVoteRequest s2->s3', // grant
      'Receive(RequestVoteResponse s3->s2',
      'BecomeLeader(s2)',
      'ClientRequest(s2, v2)',
      'AppendEntries(s2, s1)',
    ]) {
      s = act(m, s, p)
    }
    // nextIndex[s2][s1] is 1 (s2's log was empty when it won), so the request carries entry 1.
    expect(s.messages).toEqual([['AEReq s2>s1 t3 prevLog=t0@0 entries=[3:v2] commit=0', 1]])
    s = act(m, s, 'Receive(AppendEntriesRequest s2->s1') // UpdateTerm: s1 steps down
    expect(s.state[0]).toBe('Follower')
    expect(s.log[0]).toEqual([[2, 1]])
    s = act(m, s, 'Receive(AppendEntriesRequest s2->s1') // conflict: remove one entry
    expect(s.log[0]).toEqual([])
    s = act(m, s, 'Receive(AppendEntriesRequest s2->s1') // no conflict: append
    expect(s.log[0]).toEqual([[3, 2]])
    s = act(m, s, 'Receive(AppendEntriesRequest s2->s1') // already done: reply
    expect(s.messages).toEqual([['AEResp s1>s2 t3 success match=1', 1]])
  })

  it('raft: the bag counts copies, and the last copy leaves its domain', () => {
    const m = model('tiny', { duplicate: 1, drop: 1, maxCopies: 2 })
    let s = run(m, ['Timeout(s1)', 'RequestVote(s1, s2)'])
    s = act(m, s, 'DuplicateMessage(RequestVoteRequest s1->s2')
    expect(s.messages).toEqual([['RVReq s1>s2 t2 lastLog=t0@0', 2]])
    expect(m.actions(s).map((a) => a.type)).not.toContain('DuplicateMessage') // a third copy is out of bounds
    s = act(m, s, 'DropMessage(RequestVoteRequest s1->s2')
    expect(s.messages).toEqual([['RVReq s1>s2 t2 lastLog=t0@0', 1]])
    s = act(m, s, 'DropMessage(RequestVoteRequest s1->s2')
    expect(s.messages).toEqual([])
    expect(m.actions(s).map((a) => a.type)).not.toContain('Receive')
  })

  it('raft: Restart keeps currentTerm, votedFor and log and clears the rest', () => {
    const m = model('ci', { restarts: 1 })
    let s = run(m, [...ELECT_S1, 'ClientRequest(s1, v1)'])
    s = act(m, s, 'Restart(s1)')
    expect(s.state[0]).toBe('Follower')
    expect(s.currentTerm[0]).toBe(2)
    expect(s.votedFor[0]).toBe('s1')
    expect(s.log[0]).toEqual([[2, 1]])
    expect(s.restartsLeft).toBe(0)
    expect(m.actions(s).map((a) => a.type)).not.toContain('Restart')
  })

  it('raft: actions are named as in raft.tla', () => {
    const m = model('ci', { restarts: 1 })
    const s = run(m, ['Timeout(s1)', 'RequestVote(s1, s2)'])
    expect(m.actions(s).map((a) => formatActionOf(m, a))).toEqual([
      'Receive(RequestVoteRequest s1->s2 term 2 lastLogTerm 0 lastLogIndex 0)',
      'Timeout(s1)',
      'Timeout(s2)',
      'Timeout(s3)',
      'Restart(s1)',
    ])
  })

  it('raft: a step outside the bounds is not offered and would be pruned anyway', () => {
    const m = model('tiny')
    const s = run(m, ['Timeout(s1)', 'Timeout(s1)']) // term 3 = maxTerm
    expect(m.actions(s).map((a) => formatActionOf(m, a))).not.toContain('Timeout(s1)')
    const beyond = m.next(s, { type: 'Timeout', i: 's1' })
    expect(beyond?.currentTerm[0]).toBe(4)
    expect(m.within?.(beyond as RaftState)).toBe(false)
  })

  it('raft: messages and election records round-trip through their canonical text', () => {
    const texts = [
      'RVReq s1>s3 t4 lastLog=t2@3',
      'RVResp s3>s1 t4 granted',
      'RVResp s3>s1 t4 denied log=[1:v1,2:v2]',
      'AEReq s2>s1 t3 prevLog=t2@1 entries=[3:v1] commit=1',
      'AEReq s2>s1 t3 prevLog=t0@0 entries=[] commit=0 log=[]',
      'AEResp s1>s2 t3 failure match=0',
    ]
    for (const t of texts) expect(decodeMessage(t).key).toBe(t)
    expect(describeMessage(decodeMessage(texts[3] as string).msg)).toBe(
      'AppendEntriesRequest s2->s1 term 3 prevLogIndex 1 prevLogTerm 2 entries [3:v1] commitIndex 1',
    )
    expect(requestVoteResponse(4, true, null, 2, 0).key).toBe(texts[1])
    expect(appendEntriesRequest(3, 1, 2, [[3, 1]], null, 1, 1, 0).key).toBe(texts[3])
    const e = encodeElection(3, 1, [[2, 1]], ['s2', 's3'], [null, '[]', '[2:v1]'])
    expect(e).toBe('t3 s2 elog=[2:v1] evotes=[s2,s3] evoterLog={s2:[],s3:[2:v1]}')
    expect(decodeElection(e)).toEqual({
      eterm: 3,
      eleader: 's2',
      elog: [[2, 1]],
      evotes: ['s2', 's3'],
      evoterLog: [
        ['s2', '[]'],
        ['s3', '[2:v1]'],
      ],
    })
    expect(() => decodeMessage('RVReq s1>s2 t2')).toThrow(/not a Raft message/)
  })

  it('raft: an unknown server is a loud error', () => {
    const m = model('tiny')
    expect(() => m.next(m.init()[0] as RaftState, { type: 'Timeout', i: 's9' })).toThrow(/unknown server s9/)
  })
})

describe('raft: state spaces', () => {
  it('raft: tiny (2 servers, terms <= 3, one entry, two messages): 23,129 states, depth 36, holds', () => {
    const r = check('tiny')
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect([r.states, r.maxDepth]).toEqual([23_129, 36])
  })

  it('raft: tiny is pure, and its flat encoding round-trips every state', () => {
    const r = explore(model('tiny'), { checkPurity: true })
    expect([r.verdict, r.states]).toEqual(['holds', 23_129])
  })

  it('raft: the flat encoding changes no count (tiny, restart)', () => {
    for (const config of ['tiny', 'restart']) {
      const r = resolveModel(raft, { config })
      const plain = explore(buildRaft(r.params as RaftParams, new Set(), false))
      const packed = explore(r.model)
      expect(r.model.codec).toBeDefined()
      expect([plain.states, plain.maxDepth, plain.transitions]).toEqual([packed.states, packed.maxDepth, packed.transitions])
    }
  })

  it('raft: ci (3 servers, terms <= 3, one entry, one message, 2 values): 999,079 states, depth 50, holds with every witness', () => {
    const r = check('ci')
    expect(r.verdict).toBe('holds')
    expect(r.exhaustive).toBe(true)
    expect([r.states, r.maxDepth]).toEqual([999_079, 50])
    expect(r.witnesses.map((w) => [w.property, w.found, w.depth])).toEqual([
      ['LeaderElected', true, 9],
      ['EntryCommitted', true, 15],
      ['SecondTerm', true, 18],
    ])
  })

  it('raft: symmetry reduction: ci has 166,973 classes of states, the same depth and witnesses', () => {
    const r = check('ci', {}, [], true)
    expect(r.verdict).toBe('holds')
    expect([r.states, r.maxDepth]).toEqual([166_973, 50])
    expect(r.witnesses.map((w) => [w.property, w.depth])).toEqual([
      ['LeaderElected', 9],
      ['EntryCommitted', 15],
      ['SecondTerm', 18],
    ])
  })

  it("raft: tla (2 servers, MaxTerm 3, MaxLogLen 1, MaxMsgs 1): raft.tla's own state space, 25,164 states, depth 40", () => {
    const r = check('tla')
    expect(r.verdict).toBe('holds')
    expect([r.states, r.maxDepth]).toEqual([25_164, 40])
  })

  it('raft: tla (2 servers, MaxTerm 2, MaxLogLen 2, MaxMsgs 1): 2,802 states, depth 32', () => {
    const r = check('tla', { maxTerm: 2, maxLogLen: 2 })
    expect([r.states, r.maxDepth]).toEqual([2_802, 32])
  })

  it('raft: clearing dead candidate and leader variables (stale=0) only merges states of raft.tla', () => {
    // Every state of the exact space, projected by clearing what no action reads, gives exactly
    // the states the stale=0 model reaches: same behaviours, 13,325 states instead of 25,164.
    const exact = model('tla')
    const seen = new Map<string, RaftState>()
    let frontier = exact.init().slice()
    for (const s of frontier) seen.set(fingerprint(s), s)
    while (frontier.length > 0) {
      const next: RaftState[] = []
      for (const s of frontier) {
        for (const a of exact.actions(s)) {
          const t = exact.next(s, a)
          if (t === undefined || !(exact.within?.(t) ?? true)) continue
          const k = fingerprint(t)
          if (!seen.has(k)) {
            seen.set(k, t)
            next.push(t)
          }
        }
      }
      frontier = next
    }
    expect(seen.size).toBe(25_164)
    const project = (s: RaftState): string => {
      const n = s.state.length
      const cand = (i: number): boolean => s.state[i] === 'Candidate'
      const lead = (i: number): boolean => s.state[i] === 'Leader'
      return canonicalJson({
        ...s,
        votesGranted: s.votesGranted.map((v, i) => (cand(i) ? v : [])),
        votesResponded: s.votesResponded.map((v, i) => (cand(i) ? v : [])),
        voterLog: s.voterLog.map((v, i) => (cand(i) ? v : new Array(n).fill(null))),
        nextIndex: s.nextIndex.map((v, i) => (lead(i) ? v : new Array(n).fill(1))),
        matchIndex: s.matchIndex.map((v, i) => (lead(i) ? v : new Array(n).fill(0))),
      })
    }
    const projected = new Set([...seen.values()].map(project))
    const reduced = check('tla', { stale: 0 })
    expect([projected.size, reduced.states]).toEqual([13_325, 13_325])
  })
})

interface Expected {
  readonly flag: string
  readonly config: string
  readonly property: string
  readonly length: number
}

/** Each weakening, the config it is checked on (its own, else the default) and what BFS finds. */
const WEAKENINGS: readonly Expected[] = [
  { flag: 'countStaleVotes', config: 'stalevotes', property: 'ElectionSafety', length: 18 },
  { flag: 'quorumFloorHalf', config: 'four', property: 'ElectionSafety', length: 18 },
  { flag: 'votesNotPersisted', config: 'restart', property: 'ElectionSafety', length: 19 },
  { flag: 'noStepDown', config: 'stepdown', property: 'LogMatching', length: 20 },
  { flag: 'commitIndexNoMin', config: 'commit', property: 'StateMachineSafety', length: 24 },
  { flag: 'noElectionRestriction', config: 'ci', property: 'LeaderCompleteness', length: 25 },
]

const DEEP_WEAKENINGS: readonly Expected[] = [
  { flag: 'truncateWithoutConflict', config: 'reorder', property: 'LeaderCompleteness', length: 26 },
  { flag: 'commitPreviousTerm', config: 'figure8', property: 'LeaderCompleteness', length: 51 },
]

function weakeningCase(w: Expected, symmetry = false): void {
  const spec = raft.weakenings[w.flag]
  expect(spec?.breaks).toBe(w.property)
  expect(spec?.config ?? raft.defaultConfig).toBe(w.config)
  const r = check(w.config, {}, [w.flag], symmetry)
  expect(r.verdict).toBe('violated')
  const v = r.violations[0]
  expect([v?.property, v?.length]).toEqual([w.property, w.length])
  const trace = v?.trace as Trace
  // The counterexample replays, also after a trip through JSON (as a trace file would)...
  const weak = model(w.config, {}, [w.flag])
  expect(replay(weak, trace).reproduced).toBe(true)
  expect(replay(weak, JSON.parse(JSON.stringify(trace)) as Trace).reproduced).toBe(true)
  // ...and needs the weakening: without it the trace either stops being enabled or stays safe.
  const sound = model(w.config)
  let reproduced: boolean
  try {
    reproduced = replay(sound, trace).reproduced
  } catch {
    reproduced = false
  }
  expect(reproduced).toBe(false)
}

describe('raft: weakenings', () => {
  it('raft: every weakening is listed here with the property it breaks', () => {
    expect([...WEAKENINGS, ...DEEP_WEAKENINGS].map((w) => w.flag).sort()).toEqual(Object.keys(raft.weakenings).sort())
  })

  for (const w of WEAKENINGS) {
    it(`raft: ${w.flag} breaks ${w.property} in ${w.length} steps (${w.config})`, () => weakeningCase(w))
  }

  it('raft: symmetry reduction finds the same shortest counterexamples (countStaleVotes, commitIndexNoMin)', () => {
    for (const w of WEAKENINGS.filter((x) => x.flag === 'countStaleVotes' || x.flag === 'commitIndexNoMin')) weakeningCase(w, true)
  })

  // Searched with symmetry reduction (about 6 times fewer states, same shortest length).
  for (const w of DEEP_WEAKENINGS) {
    deep(`raft: ${w.flag} breaks ${w.property} in ${w.length} steps (${w.config}) (deep)`, () => weakeningCase(w, true), 3_600_000)
  }
})

describe('raft: the weakening-only configs, unweakened', () => {
  // Each of these configs is as small as one bug needs, so some witnesses cannot be reached on it
  // (no entry can commit with empty logs, no second term with maxTerm 2). What must hold is every
  // `always` property: the correct protocol is safe on the configs the counterexamples use.
  it.each([
    { config: 'stepdown', states: 1_920, depth: 32, missing: [] as string[], symmetry: false },
    { config: 'stalevotes', states: 1_024, depth: 20, missing: ['EntryCommitted'], symmetry: false },
    { config: 'restart', states: 73_934, depth: 33, missing: ['EntryCommitted', 'SecondTerm'], symmetry: false },
    { config: 'commit', states: 120_635, depth: 38, missing: ['SecondTerm'], symmetry: false },
    // 19,930,320 states without symmetry reduction; its 834,410 classes keep the test short.
    { config: 'four', states: 834_410, depth: 54, missing: ['EntryCommitted', 'SecondTerm'], symmetry: true },
  ])('$config: every always property holds on all $states states; missing witnesses: $missing', ({ config, states, depth, missing, symmetry }) => {
    const m = resolveModel(raft, { config }).model
    const r = explore(m, { symmetry, stopOnViolation: false })
    expect(r.exhaustive).toBe(true)
    expect(r.states).toBe(states)
    expect(r.maxDepth).toBe(depth)
    expect(r.invariants.every((i) => i.held)).toBe(true)
    expect(r.violations.map((v) => v.property)).toEqual(missing)
    expect(r.violations.every((v) => v.kind === 'sometimes')).toBe(true)
  })
})

describe('raft: the expensive configs (FAULTLINE_DEEP, npm run check:deep)', () => {
  // Run on every core with the parallel BFS, which must find what one thread counted (so each run
  // checks the parallel search too).
  deep.each([
    // Figure 8 needs four elections: terms up to 5. 9.4 million classes, 1 min 38 s on one thread.
    { config: 'figure8', symmetry: true, states: 9_363_155, transitions: 24_794_183, depth: 74 },
    // Two messages in flight, so an old AppendEntries can arrive after a newer one. 1 min on one thread.
    { config: 'reorder', symmetry: true, states: 4_798_613, transitions: 15_340_601, depth: 53 },
    // Logs of two entries, a restart and a lossy network. 21.4 million classes, 3.5 min on one thread.
    { config: 'deep', symmetry: true, states: 21_404_484, transitions: 67_405_489, depth: 66 },
    // The same without symmetry reduction: 128 million states, 7.4 min on two workers.
    { config: 'deep', symmetry: false, states: 128_354_363, transitions: 404_104_770, depth: 66 },
  ])('$config (symmetry: $symmetry), unweakened: every property holds on all $states states, every witness reached', async ({ config, symmetry, states, transitions, depth }) => {
    const resolved = resolveModel(raft, { config })
    const r = await exploreParallel(
      { name: 'raft', config },
      { workers: Math.max(2, availableParallelism()), symmetry, timeLimit: 3_600, maxStates: resolved.bounds.maxStates ?? 50_000_000 },
    )
    expect(r.verdict).toBe('holds')
    expect(r.states).toBe(states)
    expect(r.transitions).toBe(transitions)
    expect(r.maxDepth).toBe(depth)
  }, 3_600_000)
})
