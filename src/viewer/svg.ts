/**
 * The SVG renderer: a sequence diagram drawn by hand (no library), for the HTML trace page and the
 * explorer. Lanes run top to bottom, one row per step; a message is a slanted arrow from the row
 * that sent it to the row that delivered it (dropped: it ends short of its receiver with a cross;
 * still in flight: dashed, to the bottom edge). Crashes grey the lane until the restart; a
 * partition shades the rows while it holds. Each row carries its step number, action and changed
 * fields, and a `data-step` attribute the pages use to highlight and select it.
 */
import type { Arrow, Sequence, SequenceStep } from './sequence.js'
import { eventLane } from './sequence.js'
import { eventMarks, arrowLabel } from './mermaid.js'
import { escapeHtml as esc } from './escape.js'

/** Layout, in pixels. */
const ROW = 34
const HEAD = 44
const LANE_GAP = 120
const CHAR = 7.2
const LABEL_MAX_CHARS = 34
const NOTE_MAX_CHARS = 50

export interface SvgOptions {
  /** The row drawn as selected. @default none */
  readonly current?: number
  /** The verdict written under the last row (`✗ TCConsistent violated`). */
  readonly verdict?: string
}

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/**
 * Draws a sequence as one `<svg>` element (a string). Every text from the model is escaped.
 *
 * @example
 * const svg = renderSvg(runForView(model, trace).sequence, { current: 3 })
 */
export function renderSvg(seq: Sequence, options: SvgOptions = {}): string {
  const nSteps = seq.steps.length
  const labelWidth = Math.ceil(Math.min(LABEL_MAX_CHARS, Math.max(8, ...seq.steps.map((s) => stepLabel(s).length))) * CHAR) + 24
  const laneX = (i: number): number => labelWidth + LANE_GAP / 2 + i * LANE_GAP
  const lanesRight = labelWidth + seq.lanes.length * LANE_GAP
  const notesWidth = Math.ceil(NOTE_MAX_CHARS * CHAR * 0.92) + 16
  const width = lanesRight + notesWidth
  const rowY = (n: number): number => HEAD + n * ROW + ROW / 2
  const bottom = HEAD + nSteps * ROW + (seq.arrows.some((a) => a.end === null) ? ROW : 0)
  const height = bottom + (options.verdict === undefined ? 12 : ROW + 8)
  const index = new Map(seq.lanes.map((l, i) => [l, i]))
  const xOf = (lane: string): number => laneX(index.get(lane) ?? 0)

  const out: string[] = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="seq" role="img" aria-label="sequence diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  )
  out.push(
    '<defs>',
    '<marker id="ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="ah"/></marker>',
    '<marker id="ah-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" class="ah-open"/></marker>',
    '</defs>',
  )

  // Rows: background (selection, click target), step label, changed fields.
  for (const st of seq.steps) {
    const y0 = HEAD + st.n * ROW
    const notes = st.notes.map((x) => `${x.lane === null ? '' : `${x.lane}: `}${x.changes.join('; ')}`).join(' · ')
    const marks = eventMarks(st.events, { drops: true }).join(' · ')
    const noteText = [marks, notes].filter((x) => x !== '').join(' · ')
    const cls = st.n === options.current ? 'row current' : 'row'
    out.push(`<g class="${cls}" data-step="${st.n}">`)
    out.push(`<rect class="row-bg" x="0" y="${y0}" width="${width}" height="${ROW}"/>`)
    out.push(`<title>${esc(`${stepLabel(st)}${noteText === '' ? '' : `\n${[marks, ...st.notes.map((x) => `${x.lane ?? 'system'}: ${x.changes.join('; ')}`)].filter((x) => x !== '').join('\n')}`}`)}</title>`)
    out.push(`<text class="step-label" x="10" y="${y0 + ROW / 2 + 4}">${esc(cut(stepLabel(st), LABEL_MAX_CHARS))}</text>`)
    if (noteText !== '') out.push(`<text class="note" x="${lanesRight + 8}" y="${y0 + ROW / 2 + 4}">${esc(cut(noteText, NOTE_MAX_CHARS))}</text>`)
    out.push('</g>')
  }

  // Partitions: a band over the lanes while they hold.
  for (const p of seq.partitions) {
    const y0 = rowY(p.from)
    const y1 = p.to === null ? bottom : rowY(p.to)
    out.push(`<rect class="partition" x="${labelWidth}" y="${y0}" width="${lanesRight - labelWidth}" height="${Math.max(4, y1 - y0)}"/>`)
    const groups = p.groups.map((g) => `{${g.join(',')}}`).join(' | ')
    out.push(`<text class="partition-label" x="${lanesRight - 6}" y="${y0 + 12}" text-anchor="end">${esc(`⚡ ${groups}`)}</text>`)
  }

  // Lane headers and lifelines; a down lane is dashed and grey.
  seq.lanes.forEach((lane, i) => {
    const x = laneX(i)
    out.push(`<g class="lane" data-lane="${esc(lane)}">`)
    out.push(`<rect class="lane-head" x="${x - 50}" y="6" width="100" height="26" rx="5"/>`)
    out.push(`<text class="lane-name" x="${x}" y="24" text-anchor="middle">${esc(cut(lane, 14))}</text>`)
    out.push(`<line class="lifeline" x1="${x}" y1="${HEAD - 12}" x2="${x}" y2="${bottom}"/>`)
    for (const d of seq.down.filter((x) => x.lane === lane)) {
      const y1 = d.to === null ? bottom : rowY(d.to)
      out.push(`<line class="lifeline down" x1="${x}" y1="${rowY(d.from)}" x2="${x}" y2="${y1}"/>`)
    }
    out.push('</g>')
  })

  // Local steps, crashes and restarts: marks on the lanes.
  for (const st of seq.steps) {
    for (const e of st.events) {
      const lane = eventLane(e)
      if (lane === undefined) continue
      const x = xOf(lane)
      const y = rowY(st.n)
      if (e.kind === 'local') out.push(`<circle class="local" cx="${x}" cy="${y}" r="4"><title>${esc(`${lane}: ${e.label}`)}</title></circle>`)
      else if (e.kind === 'crash') out.push(`<text class="crash" x="${x}" y="${y + 6}" text-anchor="middle">✗<title>${esc(`${lane} crashes`)}</title></text>`)
      else if (e.kind === 'restart') out.push(`<text class="restart" x="${x}" y="${y + 6}" text-anchor="middle">↻<title>${esc(`${lane}: ${e.label}`)}</title></text>`)
    }
  }

  // Messages.
  for (const a of seq.arrows) out.push(arrow(a, xOf, rowY, bottom))

  if (options.verdict !== undefined) {
    const cls = options.verdict.startsWith('✗') ? 'verdict bad' : 'verdict good'
    out.push(`<text class="${cls}" x="${labelWidth}" y="${bottom + ROW / 2 + 6}">${esc(cut(options.verdict, Math.floor((width - labelWidth) / 8)))}</text>`)
  }
  out.push('</svg>')
  return out.join('\n')
}

/** `7  Deliver(n1 -> n2, Token)`, `0  Init`. */
function stepLabel(st: SequenceStep): string {
  return `${st.n}  ${st.action}`
}

function arrow(a: Arrow, xOf: (lane: string) => number, rowY: (n: number) => number, bottom: number): string {
  const x1 = xOf(a.from)
  const x2 = xOf(a.to)
  const yEnd = a.end === null ? bottom - 6 : rowY(a.end)
  const y1 = a.sent === null ? yEnd : rowY(a.sent)
  const kind = a.how === 'drop' ? 'drop' : a.how === 'inflight' ? 'inflight' : a.sent === null ? 'phantom' : a.copy ? 'copy' : 'msg'
  const cls = `arrow ${kind}${a.again ? ' again' : ''}`
  const data = `data-sent="${a.sent ?? ''}" data-end="${a.end ?? ''}"`
  const label = esc(arrowLabel(a))
  const text = esc(cut(a.label, 22))
  if (a.from === a.to) {
    // A message to oneself: a loop to the right of the lane.
    const y2 = a.end === null ? bottom - 6 : yEnd
    const d = `M${x1},${y1} C${x1 + 60},${y1} ${x1 + 60},${y2} ${x1 + 4},${y2}`
    return `<g class="${cls}" ${data}><title>${label}</title><path d="${d}" fill="none" marker-end="url(#${a.how === 'inflight' ? 'ah-open' : 'ah'})"/><text class="msg-label" x="${x1 + 48}" y="${(y1 + y2) / 2 + 4}">${text}</text></g>`
  }
  let xEnd = x2
  let yStop = yEnd
  if (a.how === 'drop') {
    // Lost on the way: it ends at the row that lost it, two thirds of the way across, with a cross.
    xEnd = x1 + (x2 - x1) * 0.66
  } else {
    xEnd = x2 + (x1 < x2 ? -2 : 2)
  }
  const marker = a.how === 'drop' ? '' : ` marker-end="url(#${a.how === 'inflight' ? 'ah-open' : 'ah'})"`
  const parts = [`<g class="${cls}" ${data}><title>${label}</title>`, `<line x1="${x1}" y1="${y1}" x2="${xEnd.toFixed(1)}" y2="${yStop.toFixed(1)}"${marker}/>`]
  if (a.how === 'drop') {
    const c = 5
    parts.push(`<path class="cross" d="M${(xEnd - c).toFixed(1)},${(yStop - c).toFixed(1)} L${(xEnd + c).toFixed(1)},${(yStop + c).toFixed(1)} M${(xEnd - c).toFixed(1)},${(yStop + c).toFixed(1)} L${(xEnd + c).toFixed(1)},${(yStop - c).toFixed(1)}"/>`)
  }
  // The label sits on the arrow, a little past its start, where arrows of one row part ways.
  const t = 0.5
  const lx = x1 + (xEnd - x1) * t
  const ly = y1 + (yStop - y1) * t - 4
  parts.push(`<text class="msg-label" x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="middle">${text}</text>`, '</g>')
  return parts.join('')
}

/** The stylesheet of the diagram (inlined into the pages). */
export const SVG_STYLE = `
svg.seq { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff; }
svg.seq .row-bg { fill: transparent; cursor: pointer; }
svg.seq .row:nth-child(odd) .row-bg { fill: #f7f8fa; }
svg.seq .row:hover .row-bg { fill: #eef3ff; }
svg.seq .row.current .row-bg { fill: #fff4c2; }
svg.seq .step-label { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; fill: #222; }
svg.seq .note { fill: #555; font-size: 11px; }
svg.seq .lane-head { fill: #e8ecf7; stroke: #7a86b8; }
svg.seq .lane-name { font-weight: 600; fill: #1f2a5a; }
svg.seq .lifeline { stroke: #9aa3c7; stroke-width: 1.5; }
svg.seq .lifeline.down { stroke: rgba(198, 40, 40, 0.35); stroke-width: 7; stroke-dasharray: 3 3; }
svg.seq .partition { fill: rgba(255, 170, 0, 0.13); stroke: rgba(230, 140, 0, 0.6); stroke-dasharray: 4 3; }
svg.seq .partition-label { fill: #a35b00; font-size: 11px; }
svg.seq .local { fill: #6b7bd0; }
svg.seq .crash { fill: #c62828; font-size: 16px; font-weight: 700; }
svg.seq .restart { fill: #2e7d32; font-size: 16px; font-weight: 700; }
svg.seq .arrow line, svg.seq .arrow path { stroke: #333; stroke-width: 1.4; fill: none; }
svg.seq .ah { fill: #333; }
svg.seq .ah-open { fill: none; stroke: #333; stroke-width: 1.5; }
svg.seq .arrow.drop line, svg.seq .arrow.drop .cross { stroke: #c62828; }
svg.seq .arrow.drop .cross { stroke-width: 2.2; }
svg.seq .arrow.inflight line, svg.seq .arrow.inflight path { stroke-dasharray: 5 4; stroke: #777; }
svg.seq .arrow.copy line { stroke: #7b1fa2; stroke-dasharray: 2 3; }
svg.seq .arrow.phantom line { stroke: #c62828; stroke-dasharray: 3 3; }
svg.seq .arrow.again line { stroke: #ef6c00; }
svg.seq .msg-label { fill: #222; font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.seq .arrow.active line, svg.seq .arrow.active path { stroke-width: 2.6; }
svg.seq .arrow.active .msg-label { font-weight: 700; }
svg.seq .verdict { font-weight: 700; font-size: 13px; }
svg.seq .verdict.bad { fill: #c62828; }
svg.seq .verdict.good { fill: #2e7d32; }
`
