import { describe, expect, test } from 'vitest'
import { createHash } from 'node:crypto'
import { Script } from 'node:vm'
import { fileURLToPath } from 'node:url'
import { resolveModel } from '../core/definition.js'
import { readTraceFile } from '../trace/file.js'
import { diffStates } from '../trace/diff.js'
import { twophase } from '../../models/twophase/index.js'
import '../../models/twophase/view.js'
import { renderTraceHtml, highlightsOf } from './html.js'
import { renderSvg } from './svg.js'
import { runForView } from './run.js'
import { escapeHtml, jsonForScript } from './escape.js'
import { COMMON_SCRIPT } from './client/common.js'
import { TRACE_PAGE_SCRIPT } from './client/trace-page.js'
import { EXPLORER_PAGE_SCRIPT } from './client/explorer-page.js'
import { echoTrace, hostileModel, traceOf, HOSTILE } from './fixtures.js'

function tmForgetsDecision() {
  const trace = readTraceFile(fileURLToPath(new URL('../../counterexamples/twophase/twophase--tmForgetsDecision--TCConsistent.trace.json', import.meta.url)))
  const model = resolveModel(twophase, { config: trace.config, params: trace.params, weaken: trace.weaken }).model
  return { trace, model }
}

/** The text of every `<script>` element of a page. */
const scripts = (html: string): string[] => [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '')

describe('viewer: html: the trace page', () => {
  test('tmForgetsDecision: one self-contained file: no external URL, a CSP that allows only its own inline script', () => {
    const { trace, model } = tmForgetsDecision()
    const html = renderTraceHtml(model, trace)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    // Nothing is loaded from anywhere: no src or href to another document, no @import, and url()
    // only for the diagram's own arrowheads (url(#ah)).
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i)
    expect(html).not.toMatch(/@import|url\((?!#)|<link\b|<iframe\b/i)
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? ''
    expect(csp).toContain("default-src 'none'")
    const code = scripts(html)[1] ?? ''
    const hash = createHash('sha256').update(code).digest('base64')
    expect(csp).toContain(`script-src 'sha256-${hash}'`)
    expect(scripts(html)).toHaveLength(2)
  })

  test('tmForgetsDecision: the data holds every state, each step in spec names with its changed fields, and every property per state', () => {
    const { trace, model } = tmForgetsDecision()
    const html = renderTraceHtml(model, trace)
    const data = JSON.parse(scripts(html)[0] ?? '') as {
      property: string
      verdict: string
      states: unknown[]
      steps: { action: string; changes: string[]; highlight: { path: string }[] }[]
      status: (boolean | null)[][]
      properties: { name: string }[]
    }
    expect(data.property).toBe('TCConsistent')
    expect(data.verdict).toBe('violated')
    expect(data.states).toHaveLength(10)
    expect(data.steps.map((s) => s.action)).toEqual(['Init', ...trace.steps.map((s) => s.action)])
    expect(data.steps[7]).toMatchObject({
      action: 'TMRestart',
      changes: ['tmPrepared[0]: true → false', 'tmPrepared[1]: true → false', 'tmState: committed → init'],
    })
    expect(data.steps[7]?.highlight.map((h) => h.path)).toEqual(['tmPrepared[0]', 'tmPrepared[1]', 'tmState'])
    const tc = data.properties.findIndex((p) => p.name === 'TCConsistent')
    expect(data.status.map((row) => row[tc])).toEqual([...Array<boolean>(9).fill(true), false])
  })

  test('the diagram: a row per step with data-step, an arrow group per message with the steps it joins', () => {
    const { trace, model } = tmForgetsDecision()
    const svg = renderSvg(runForView(model, trace).sequence, { current: 3 })
    expect(svg.match(/<g class="row[^"]*" data-step="\d+">/g)).toHaveLength(10)
    expect(svg).toContain('<g class="row current" data-step="3">')
    expect(svg.match(/<g class="arrow [^"]*"/g)).toHaveLength(6)
    expect(svg).toContain('<g class="arrow msg" data-sent="5" data-end="6">')
    expect(svg).toContain('<g class="arrow inflight" data-sent="8" data-end="">')
    expect(svg).toContain('<text class="restart"')
  })

  test('echo: the crash greys its lane until the restart, the partition is a band, drops end in a cross', () => {
    const { model, trace } = echoTrace()
    const svg = renderSvg(runForView(model, trace).sequence)
    expect(svg.match(/<line class="lifeline down"/g)).toHaveLength(1)
    expect(svg.match(/<rect class="partition"/g)).toHaveLength(1)
    expect(svg.match(/<path class="cross"/g)).toHaveLength(2)
    expect(svg).toContain('<g class="arrow copy" data-sent="2" data-end="5">')
  })

  test('hostile model text (a state string holding </script><script>...) is escaped in the data, the diagram and the title', () => {
    const trace = traceOf(hostileModel, [`Write(${HOSTILE})`, `Write(${HOSTILE})`])
    const html = renderTraceHtml(hostileModel, trace)
    expect(scripts(html)).toHaveLength(2)
    expect(html).not.toContain('<script>window.__pwned')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain(escapeHtml(`Write(${HOSTILE})`).slice(0, 40))
    // The data survives the escaping exactly.
    const data = JSON.parse(scripts(html)[0] ?? '') as { states: { note: string }[] }
    expect(data.states[2]?.note).toBe(HOSTILE)
  })

  test('jsonForScript writes < > & and the line separators as \\u escapes', () => {
    expect(jsonForScript({ s: '</script>&\u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u0026\\u2028"}')
  })

  test('highlights: an element inserted into a sorted multiset is found where it landed', () => {
    const before = { msgs: ['a', 'c'] }
    const after = { msgs: ['a', 'b', 'c', 'd'] }
    expect(highlightsOf(diffStates(before, after), before, after)).toEqual([{ path: 'msgs[1]' }, { path: 'msgs[3]' }])
    expect(highlightsOf(diffStates(after, before), after, before)).toEqual([{ path: 'msgs', before: '… [b, d] removed' }])
  })

  test('the browser scripts parse as JavaScript', () => {
    expect(() => new Script(`(function () {${COMMON_SCRIPT}\n${TRACE_PAGE_SCRIPT}})`)).not.toThrow()
    expect(() => new Script(`(function () {${COMMON_SCRIPT}\n${EXPLORER_PAGE_SCRIPT}})`)).not.toThrow()
  })
})
