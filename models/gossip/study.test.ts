import { describe, expect, it } from 'vitest'
import { FaultlineError } from '../../src/core/errors.js'
import { renderStudySvg, renderStudyTable, studyGossip } from './study.js'
import type { StudyResult } from './study.js'

// 25 runs per cell keeps the test near 2 seconds; the default study runs 100.
const result: StudyResult = studyGossip({ runs: 25 })

function medians(f: number): number[] {
  return result.nodes.map((n) => result.rows.find((r) => r.nodes === n && r.fanout === f)?.median ?? NaN)
}

describe('gossip study: rounds to convergence against N and fan-out', () => {
  it('push, seed 1, 25 runs: the medians for N = 8 .. 256 and fan-outs 1, 2, 3', () => {
    expect(result.nodes).toEqual([8, 16, 32, 64, 128, 256])
    expect(result.rows.every((r) => r.converged === r.runs)).toBe(true)
    expect(medians(1)).toEqual([5, 7, 9, 10, 13, 14])
    expect(medians(2)).toEqual([3, 4, 5, 7, 8, 9])
    expect(medians(3)).toEqual([2, 3, 4, 5, 6, 7])
  })

  it('the medians grow like log N: never down as N doubles, at most 3 rounds per doubling, 2 on average', () => {
    for (const f of result.fanouts) {
      const m = medians(f)
      for (let i = 1; i < m.length; i++) {
        const step = (m[i] as number) - (m[i - 1] as number)
        expect(step).toBeGreaterThanOrEqual(0)
        expect(step).toBeLessThanOrEqual(3)
      }
      // Five doublings from 8 to 256: linear growth would add about 250 rounds.
      expect((m[5] as number) - (m[0] as number)).toBeLessThanOrEqual(10)
    }
    // Fan-out 2: 32 times the nodes takes at most 3 times the rounds.
    expect(medians(2)[5]).toBeLessThanOrEqual(3 * (medians(2)[0] as number))
  })

  it('a larger fan-out never takes more rounds, and the p99 is never below the median', () => {
    for (let i = 0; i < result.nodes.length; i++) {
      expect(medians(1)[i]).toBeGreaterThanOrEqual(medians(2)[i] as number)
      expect(medians(2)[i]).toBeGreaterThanOrEqual(medians(3)[i] as number)
    }
    for (const r of result.rows) expect(r.p99).toBeGreaterThanOrEqual(r.median)
  })

  it('is deterministic for a seed, and push-pull with loss still converges in a few rounds', () => {
    const again = studyGossip({ runs: 5, nodes: [16], fanouts: [2] })
    expect(again.rows).toEqual(studyGossip({ runs: 5, nodes: [16], fanouts: [2] }).rows)
    const lossy = studyGossip({ runs: 25, nodes: [8, 64], fanouts: [2], loss: 0.2, mode: 'push-pull' })
    expect(lossy.rows.map((r) => [r.nodes, r.median, r.p99])).toEqual([
      [8, 2, 3],
      [64, 4, 5],
    ])
  })

  it('renders a Markdown table and a self-contained SVG plot', () => {
    const table = renderStudyTable(result)
    expect(table.split('\n')[0]).toBe('| N | log2 N | f=1 median | f=1 p99 | f=2 median | f=2 p99 | f=3 median | f=3 p99 |')
    expect(table).toContain('| 256 | 8 | 14 |')
    const svg = renderStudySvg(result)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    // A median and a p99 line per fan-out, a point per median, no external reference.
    expect(svg.match(/<polyline /g)).toHaveLength(6)
    expect(svg.match(/<circle /g)).toHaveLength(18)
    expect(svg).not.toMatch(/href|<script|<image/)
  })

  it('rejects options out of range in one line', () => {
    expect(() => studyGossip({ runs: 0 })).toThrow(FaultlineError)
    expect(() => studyGossip({ loss: 1 })).toThrow(/loss must be in \[0, 1\)/)
    expect(() => studyGossip({ nodes: [1] })).toThrow(/nodes must be a whole number >= 2/)
  })
})
