/**
 * The HTML trace page: one self-contained file (styles, script and data inlined; nothing is
 * fetched, and its Content-Security-Policy forbids fetching) that draws the counterexample as an
 * SVG sequence diagram and steps through it: the state at each step with the changed fields
 * highlighted, the action in the spec's names, every property's status, and the violated property
 * at the last step. Keyboard: ← → (or j k) step, Home and End jump; `#step=N` names a step.
 */
import { createHash } from 'node:crypto'
import type { Model } from '../core/model.js'
import type { Trace } from '../core/trace.js'
import { brief, formatChange, sameValue, type Change } from '../trace/diff.js'
import { traceHeading } from '../trace/text.js'
import { runForView } from './run.js'
import { eventMarks, verdictLine } from './mermaid.js'
import { renderSvg, SVG_STYLE } from './svg.js'
import { escapeHtml, jsonForScript } from './escape.js'
import { COMMON_SCRIPT, PAGE_STYLE } from './client/common.js'
import { TRACE_PAGE_SCRIPT } from './client/trace-page.js'

/** A field to highlight in the state view: its path and, when it had one, its value before. */
export interface Highlight {
  readonly path: string
  readonly before?: string
}

/**
 * The fields to highlight for a step's changes, as paths of the state after it: an array that
 * gained elements (`msgs +=`, anywhere in a sorted multiset) highlights the new ones, one that
 * lost some highlights the array.
 */
export function highlightsOf(changes: readonly Change[], before: unknown, after: unknown): Highlight[] {
  const out: Highlight[] = []
  for (const c of changes) {
    if (c.path.endsWith(' +=')) {
      const path = c.path.slice(0, -3)
      const a = valueAt(before, path)
      const b = valueAt(after, path)
      if (Array.isArray(a) && Array.isArray(b)) for (const i of insertedAt(a, b)) out.push({ path: `${path}[${i}]` })
      else out.push({ path })
    } else if (c.path.endsWith(' -=')) {
      out.push({ path: c.path.slice(0, -3), before: `… ${brief(c.before)} removed` })
    } else {
      out.push(c.before === undefined ? { path: c.path } : { path: c.path, before: brief(c.before) })
    }
  }
  return out
}

/** The positions in `long` of the items that are not in `short` (matched in order, as the diff does). */
function insertedAt(short: readonly unknown[], long: readonly unknown[]): number[] {
  const at: number[] = []
  let i = 0
  long.forEach((x, k) => {
    if (i < short.length && sameValue(short[i], x)) i++
    else at.push(k)
  })
  return at
}

/** The value at a `diffStates` path (`a.b[2].c`), or undefined. */
function valueAt(v: unknown, path: string): unknown {
  let cur = v
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = m[2] !== undefined ? (cur as unknown[])[Number(m[2])] : (cur as Record<string, unknown>)[m[1] as string]
  }
  return cur
}

/** Every property's value in a state: true, false, or null when the predicate threw. */
export function propertyStatus<S>(model: Model<S, unknown>, s: S): (boolean | null)[] {
  return model.properties.map((p) => {
    try {
      return p.check(s) === true
    } catch {
      return null
    }
  })
}

export interface TraceHtmlOptions {
  /** A link shown in the header, e.g. back to the mutants matrix. */
  readonly back?: { readonly href: string; readonly text: string }
}

/** The Content-Security-Policy of a page whose only script is `script`. */
export function contentSecurityPolicy(script: string, connect = false): string {
  const hash = createHash('sha256').update(script).digest('base64')
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${hash}'`,
    "img-src data:",
    connect ? "connect-src 'self'" : null,
    "base-uri 'none'",
    "form-action 'none'",
  ]
    .filter((x) => x !== null)
    .join('; ')
}

/**
 * Renders a trace as one self-contained HTML page.
 *
 * @example
 * writeFileSync('cx.html', renderTraceHtml(model, trace))
 */
export function renderTraceHtml<S, A>(model: Model<S, A>, trace: Trace, options: TraceHtmlOptions = {}): string {
  const run = runForView(model, trace)
  const seq = run.sequence
  const prop = model.properties.find((p) => p.name === trace.property)
  const data = {
    property: trace.property,
    propertyDoc: prop?.doc ?? null,
    verdict: trace.verdict,
    properties: model.properties.map((p) => ({ name: p.name, kind: p.kind, doc: p.doc ?? null })),
    status: run.states.map((s) => propertyStatus(model as Model<S, unknown>, s)),
    states: run.states,
    steps: seq.steps.map((st) => ({
      action: st.action,
      marks: eventMarks(st.events, { drops: true }),
      changes: st.changed.map(formatChange),
      highlight: highlightsOf(st.changed, run.states[st.n - 1], run.states[st.n]),
    })),
  }
  const svg = renderSvg(seq, { current: 0, verdict: verdictLine(trace) })
  const script = `(function () {\n${COMMON_SCRIPT}\n${TRACE_PAGE_SCRIPT}\n})();`
  const params = Object.entries(trace.params).map(([k, v]) => `${k}=${v}`).join(' ')
  const meta = [
    `model ${trace.model}`,
    `config ${trace.config}${params === '' ? '' : ` (${params})`}`,
    trace.weaken.length > 0 ? `weakened: ${trace.weaken.join(', ')}` : 'no weakening',
    `found by ${trace.strategy}`,
  ].join(' · ')
  const back = options.back ? ` · <a href="${escapeHtml(options.back.href)}">${escapeHtml(options.back.text)}</a>` : ''
  return page({
    title: traceHeading(trace),
    csp: contentSecurityPolicy(script),
    style: `${PAGE_STYLE}\n${SVG_STYLE}`,
    body: `<header><h1>${escapeHtml(traceHeading(trace))}</h1><p class="meta">${escapeHtml(meta)}${back}</p></header>
<nav class="controls" aria-label="step through the trace">
<button id="first" title="first step (Home)">« first</button><button id="prev" title="previous step (← or k)">◀ prev</button>
<span id="pos" class="pos" aria-live="polite"></span>
<button id="next" title="next step (→ or j)">next ▶</button><button id="last" title="last step (End)">last »</button>
<span class="hint">← → or j k: step · Home / End · click a row</span>
</nav>
<main class="split">
<section class="diagram" id="diagram" aria-label="sequence diagram">
${svg}
</section>
<aside class="detail">
<div id="banner" class="banner"></div>
<h2 id="action"></h2>
${detailPanelEnd('Changed in this step')}
<script type="application/json" id="trace-data">${jsonForScript(data)}</script>
<script>${script}</script>`,
  })
}

/**
 * The end of the detail panel both viewer pages share: the changes of a step under `changedHeading`,
 * then the properties table and the state tree, which the page scripts fill by id; it closes the page's `main`.
 */
export function detailPanelEnd(changedHeading: string): string {
  return `<h3>${escapeHtml(changedHeading)}</h3>
<ul id="changes" class="changes"></ul>
<h3>Properties in this state</h3>
<table id="props" class="props"></table>
<h3>State</h3>
<div id="state" class="tree"></div>
</aside>
</main>`
}

/** A complete HTML document. */
export function page(p: { readonly title: string; readonly csp: string; readonly style: string; readonly body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(p.title)}</title>
<style>${p.style}</style>
</head>
<body>
${p.body}
</body>
</html>
`
}
