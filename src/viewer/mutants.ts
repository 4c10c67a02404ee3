/**
 * `faultline mutants <model> --format html`: the "what breaks if" matrix as a page. A row per
 * weakening (and one for the model as shipped), a column per property; each broken property's
 * cell links to the counterexample's own page (written beside it by {@link writeMutantsHtml}).
 */
import { join } from 'node:path'
import type { AnyModel } from '../core/model.js'
import type { Report } from '../explore/report.js'
import { traceFileName, writeFileAtomic } from '../trace/file.js'
import { escapeHtml } from './escape.js'
import { page } from './html.js'
import { renderTraceHtml } from './html.js'
import { PAGE_STYLE } from './client/common.js'

/** One run of `mutants`: a weakening (null: none) and what the search found. */
export interface MutantRun {
  readonly weaken: string | null
  /** The mistake the weakening stands for. */
  readonly doc: string | null
  /** The property it should break; null for the model as shipped. */
  readonly expected: string | null
  readonly config: string
  readonly model: AnyModel
  readonly report: Report
  /** Whether the run did what it should: broke `expected`, or (no weakening) held. */
  readonly ok: boolean
}

const pageName = (file: string): string => file.replace(/\.trace\.json$/, '.html')

/**
 * Writes the matrix (`index.html`) and one trace page per counterexample into `dir`; returns the
 * matrix's path.
 */
export function writeMutantsHtml(dir: string, modelName: string, runs: readonly MutantRun[]): string {
  const links = new Map<MutantRun, Map<string, string>>()
  for (const run of runs) {
    const mine = new Map<string, string>()
    for (const v of run.report.violations) {
      if (!v.trace) continue
      const file = pageName(traceFileName(v.trace))
      writeFileAtomic(join(dir, file), renderTraceHtml(run.model, v.trace, { back: { href: 'index.html', text: `what breaks if: ${modelName}` } }))
      mine.set(v.property, file)
    }
    links.set(run, mine)
  }
  const path = join(dir, 'index.html')
  writeFileAtomic(path, renderMutantsHtml(modelName, runs, (run, property) => links.get(run)?.get(property) ?? null))
  return path
}

/** The matrix page; `linkOf` names the page of a run's counterexample for a property, if any. */
export function renderMutantsHtml(
  modelName: string,
  runs: readonly MutantRun[],
  linkOf: (run: MutantRun, property: string) => string | null,
): string {
  const columns: { name: string; kind: string; doc: string | null }[] = []
  for (const run of runs) {
    for (const p of run.model.properties) {
      if (!columns.some((c) => c.name === p.name)) columns.push({ name: p.name, kind: p.kind, doc: p.doc ?? null })
    }
  }
  const head = columns
    .map((c) => `<th class="${c.kind}" title="${escapeHtml(`${c.kind}${c.doc ? `: ${c.doc}` : ''}`)}">${escapeHtml(c.name)}<span class="kind">${c.kind}</span></th>`)
    .join('')
  const body = runs
    .map((run) => {
      const r = run.report
      const cells = columns.map((c) => cell(run, c.name, c.kind, linkOf(run, c.name))).join('')
      const name = run.weaken === null ? '<em>none (as shipped)</em>' : `<code>${escapeHtml(run.weaken)}</code>`
      const doc = run.doc === null ? 'every property must hold' : run.doc
      const states = `${r.states.toLocaleString('en-US')} states`
      return `<tr class="${run.ok ? 'ok' : 'wrong'}"><th class="row" scope="row">${name}<div class="doc">${escapeHtml(doc)}</div></th><td class="cfg">${escapeHtml(run.config)}<div class="doc">${escapeHtml(states)}</div></td><td class="status">${run.ok ? '✓' : '✗'}</td>${cells}</tr>`
    })
    .join('\n')
  const ok = runs.every((r) => r.ok)
  const style = `${PAGE_STYLE}
body { display: block; }
main { padding: 16px 18px 40px; overflow-x: auto; }
table.matrix { border-collapse: collapse; background: #fff; font-size: 13px; }
table.matrix th, table.matrix td { border: 1px solid #d8dce8; padding: 6px 8px; vertical-align: top; }
table.matrix thead th { background: #eef1fb; font-weight: 600; text-align: center; }
table.matrix thead th .kind { display: block; font-weight: 400; font-size: 11px; color: #778; }
table.matrix th.row { text-align: left; font-weight: 400; max-width: 340px; }
table.matrix .doc { color: #667; font-size: 12px; }
table.matrix td.cell { text-align: center; white-space: nowrap; }
table.matrix td.broke { background: #fde7e7; }
table.matrix td.broke a { color: #9b1c1c; font-weight: 700; }
table.matrix td.expected { outline: 2px solid #c62828; outline-offset: -3px; }
table.matrix td.held { color: #1e7b34; }
table.matrix td.missing { color: #c62828; background: #fff3e0; }
table.matrix td.unknown { color: #999; }
table.matrix td.status { text-align: center; font-weight: 700; }
table.matrix tr.ok td.status { color: #1e7b34; }
table.matrix tr.wrong td.status { color: #c62828; background: #fde7e7; }
.legend { color: #555; font-size: 12.5px; margin-top: 12px; max-width: 900px; }
`
  return page({
    title: `what breaks if: ${modelName}`,
    csp: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    style,
    body: `<header><h1>What breaks if: ${escapeHtml(modelName)}</h1><p class="meta">${
      ok ? 'Every weakening breaks the property it should, and the model as shipped holds.' : 'Some weakening did not break what it should (✗ rows), or the model as shipped does not hold.'
    }</p></header>
<main>
<table class="matrix">
<thead><tr><th>weakening</th><th>config</th><th title="did the run do what it should">ok</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<p class="legend">✗ <b>N steps</b>: violated, with a link to the shortest counterexample (outlined: the property the weakening should break).
✓: holds in every reachable state (always), or reached at that depth (sometimes). · : not violated in the states visited before the search stopped at the first violation.
Each search is a BFS, so every counterexample is a shortest one.</p>
</main>`,
  })
}

function cell(run: MutantRun, property: string, kind: string, link: string | null): string {
  const r = run.report
  const expected = run.expected === property ? ' expected' : ''
  const v = r.violations.find((x) => x.property === property)
  if (v && kind === 'always') {
    const text = `✗ ${v.length} step${v.length === 1 ? '' : 's'}`
    const inner = link === null ? text : `<a href="${escapeHtml(link)}" title="${escapeHtml(v.message)}">${text}</a>`
    return `<td class="cell broke${expected}">${inner}</td>`
  }
  if (kind === 'sometimes') {
    const w = r.witnesses.find((x) => x.property === property)
    if (w?.found) return `<td class="cell held${expected}">✓ depth ${w.depth ?? '?'}</td>`
    if (r.exhaustive) return `<td class="cell missing${expected}" title="never reached: a missing witness">✗ never</td>`
    return `<td class="cell unknown${expected}" title="not reached in the states visited">·</td>`
  }
  if (r.exhaustive && !v) return `<td class="cell held${expected}">✓</td>`
  return `<td class="cell unknown${expected}" title="not violated in the states visited">·</td>`
}
