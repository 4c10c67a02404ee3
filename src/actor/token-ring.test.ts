import { describe, expect, test } from 'vitest'
import { replay } from '../core/trace.js'
import { explore } from '../explore/index.js'
import { tokenRing } from './fixtures/token-ring.js'
import { checkRandom } from '../random/index.js'

describe('actor example: token ring', () => {
  test('3 nodes, reliable network: 9 states in one cycle, mutual exclusion holds', () => {
    // Per node: holds the token (Enter set), in its critical section (Exit set), token in flight to it.
    const r = explore(tokenRing(3))
    expect([r.verdict, r.states, r.transitions, r.maxDepth]).toEqual(['holds', 9, 9, 8])
    expect(r.witnesses).toEqual([expect.objectContaining({ property: 'LastNodeEnters', found: true, depth: 7 })])
  })

  test('the compiled model names the kinds of action its configuration allows; random search reports the ones never taken', () => {
    expect(tokenRing(3).actionKinds).toEqual(['Deliver', 'Fire'])
    const m = tokenRing(3, { network: { lossy: true, duplicating: true }, faults: { duplicate: 1, crash: 1, restart: 1 } })
    expect(m.actionKinds).toEqual(['Deliver', 'Fire', 'Crash', 'Restart', 'Drop', 'Duplicate'])
    // One run of one step cannot take them all; coverage names the rest, enabled or not.
    const r = checkRandom(m, { runs: 1, maxDepth: 1, seed: 1 })
    expect(r.coverage.kinds.map((k) => k.kind)).toEqual(['Crash', 'Deliver', 'Drop', 'Duplicate', 'Fire', 'Restart'])
    expect(r.coverage.neverFired.length).toBeGreaterThanOrEqual(5)
  })

  test('a lossy network loses the token but never breaks mutual exclusion', () => {
    const r = explore(tokenRing(3, { network: { lossy: true } }))
    expect([r.verdict, r.states]).toEqual(['holds', 10])
  })

  test('a duplicated token breaks mutual exclusion after 10 steps', () => {
    const m = tokenRing(3, { network: { duplicating: true }, faults: { duplicate: 1 } })
    const r = explore(m)
    expect(r.verdict).toBe('violated')
    const v = r.violations[0]
    expect(v?.property).toBe('MutualExclusion')
    expect(v?.trace?.steps.map((s) => s.action)).toEqual([
      'Fire(n1, Enter)',
      'Fire(n1, Exit)',
      'Duplicate(n1 -> n2, Token)',
      'Deliver(n1 -> n2, Token)',
      'Fire(n2, Enter)',
      'Fire(n2, Exit)',
      'Deliver(n1 -> n2, Token)',
      'Deliver(n2 -> n3, Token)',
      'Fire(n2, Enter)',
      'Fire(n3, Enter)',
    ])
    if (!v?.trace) throw new Error('no trace')
    expect(replay(m, v.trace).reproduced).toBe(true)
  })

  test('crash and restart: a volatile token is minted again by init; persisting it fixes that', () => {
    const faults = { crash: 1, restart: true }
    const r = explore(tokenRing(3, { faults }))
    expect(r.verdict).toBe('violated')
    expect(r.violations[0]?.trace?.steps.map((s) => s.action)).toEqual([
      'Fire(n1, Enter)',
      'Fire(n1, Exit)',
      'Deliver(n1 -> n2, Token)',
      'Fire(n2, Enter)',
      'Crash(n1)',
      'Restart(n1)',
      'Fire(n1, Enter)',
    ])
    // 43 states: the 9 of the ring with the crash unspent; after the crash (budget spent), a down
    // holder keeping the token (3), a down non-holder while the token is held, idle or inside (12),
    // or in flight to another node (6), a down node with the token lost (3); after the restart, the
    // ring again (9) or a ring without a token (1).
    const fixed = explore(tokenRing(3, { faults, persistToken: true }))
    expect([fixed.verdict, fixed.states, fixed.maxDepth]).toEqual(['holds', 43, 10])
  })

  test('a duplicated token: bfs and dfs agree on all 78 states', () => {
    const m = tokenRing(3, { network: { duplicating: true }, faults: { duplicate: 1 } })
    const b = explore(m, { stopOnViolation: false })
    const d = explore(m, { strategy: 'dfs', stopOnViolation: false })
    expect([b.states, b.transitions, b.maxDepth]).toEqual([78, 138, 19])
    expect([d.states, d.transitions]).toEqual([78, 138])
  })
})
