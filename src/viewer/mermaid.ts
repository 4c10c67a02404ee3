/**
 * The Mermaid renderer: a counterexample as a `sequenceDiagram` that GitHub renders as-is inside
 * a ```mermaid block of a Markdown file.
 *
 * Mermaid draws every arrow at one point in time, so a message is drawn where it ends (delivered,
 * dropped, or still in flight after the last step), and its label says which step sent it. Each
 * step is a note: its number and action, what it did to the lanes (crash, restart, partition,
 * duplicate), and the fields it changed, under the lane they belong to. A partition shades the
 * steps while it holds.
 */
import type { Model } from '../core/model.js'
import type { Trace } from '../core/trace.js'
import { traceHeading, renderText } from '../trace/text.js'
import { runForView } from './run.js'
import type { Arrow, Sequence, SequenceEvent, SequenceStep } from './sequence.js'
import { eventLane } from './sequence.js'

/** Most changed fields listed in one note; the rest are counted. */
const MAX_CHANGES_PER_NOTE = 8
/** Longest line in a note or on an arrow, in characters. */
const MAX_LINE = 90

/**
 * Escapes text for a Mermaid label: `#` and `;` (which end a label), `<`, `>` and `&` (markup)
 * become Mermaid's entity codes (`#35;`, `#59;`, `#60;`...), and line breaks become spaces, so
 * model text can neither break the diagram nor inject markup.
 */
export function mermaidText(text: string): string {
  const cut = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text
  return cut.replace(/[#;<>&]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ')
}

const lines = (xs: readonly string[]): string => xs.map(mermaidText).join('<br/>')

/** The faults of a step, in words: `✗ n1 crashes`, `↻ n1 restarts`, `⚡ network partitioned: {n1} | {n2,n3}`. */
export function eventMarks(events: readonly SequenceEvent[], options: { readonly drops?: boolean } = {}): string[] {
  const out: string[] = []
  for (const e of events) {
    switch (e.kind) {
      case 'drop':
        // Mermaid draws a drop as a crossed arrow already; the other renderers say it in words.
        if (options.drops) out.push(`✗ ${e.label} (${e.from ?? '?'} → ${e.to ?? '?'}) ${e.reason ?? 'dropped'}`)
        break
      case 'crash':
        out.push(`✗ ${eventLane(e) ?? ''} ${e.label === 'crash' ? 'crashes' : e.label}`.replace(/ +/g, ' '))
        break
      case 'restart':
        out.push(`↻ ${eventLane(e) ?? ''} ${e.label === 'restart' ? 'restarts' : e.label}`.replace(/ +/g, ' '))
        break
      case 'partition':
        out.push(`⚡ network partitioned: ${e.label}`)
        break
      case 'heal':
        out.push('⚡ partition healed: the network is whole')
        break
      case 'duplicate':
        out.push(`⊕ the network duplicates ${e.label} (${e.from ?? '?'} → ${e.to ?? '?'})`)
        break
      default:
        break
    }
  }
  return out
}

/** An arrow's label: the message and where it came from. */
export function arrowLabel(a: Arrow): string {
  const from = a.sent === null ? 'never sent' : a.sent === 0 ? 'sent at start' : `sent in step ${a.sent}`
  const origin = a.copy && a.sent !== null ? `copy made in step ${a.sent}` : a.again ? `again, ${from}` : from
  if (a.how === 'drop') return `${a.label} ✗ ${a.reason ?? 'dropped'} (${origin})`
  if (a.how === 'inflight') return `${a.label} (in flight, ${origin})`
  return `${a.label} (${origin})`
}

/**
 * Renders a sequence as a Mermaid `sequenceDiagram` (without the Markdown fence).
 *
 * @example
 * renderMermaid(runForView(model, trace).sequence, { verdict: '✗ TCConsistent violated' })
 */
export function renderMermaid(seq: Sequence, options: { readonly verdict?: string } = {}): string {
  const id = new Map(seq.lanes.map((l, i) => [l, `L${i}`]))
  const ref = (lane: string): string => id.get(lane) ?? 'L0'
  const first = ref(seq.lanes[0] ?? '')
  const last = ref(seq.lanes[seq.lanes.length - 1] ?? '')
  const everyone = first === last ? first : `${first},${last}`
  const out: string[] = ['sequenceDiagram']
  for (const lane of seq.lanes) out.push(`    participant ${ref(lane)} as ${mermaidText(lane)}`)
  const ending = new Map<number, Arrow[]>()
  const inflight: Arrow[] = []
  for (const a of seq.arrows) {
    if (a.end === null) inflight.push(a)
    else ending.set(a.end, [...(ending.get(a.end) ?? []), a])
  }
  const opens = new Set(seq.partitions.map((p) => p.from))
  const closes = new Set(seq.partitions.map((p) => p.to).filter((x): x is number => x !== null))
  let open = false
  for (const st of seq.steps) {
    if (opens.has(st.n) && !open) {
      out.push('    rect rgba(255, 170, 0, 0.15)')
      open = true
    }
    const pad = open ? '        ' : '    '
    for (const a of ending.get(st.n) ?? []) {
      const arrow = a.how === 'drop' ? '-x' : '->>'
      out.push(`${pad}${ref(a.from)}${arrow}${ref(a.to)}: ${mermaidText(arrowLabel(a))}`)
    }
    out.push(...stepNotes(st, ref, everyone, pad))
    if (closes.has(st.n) && open) {
      out.push('    end')
      open = false
    }
  }
  if (open) out.push('    end')
  for (const a of inflight) out.push(`    ${ref(a.from)}--)${ref(a.to)}: ${mermaidText(arrowLabel(a))}`)
  if (options.verdict !== undefined) out.push(`    Note over ${everyone}: ${mermaidText(options.verdict)}`)
  return out.join('\n')
}

function stepNotes(st: SequenceStep, ref: (lane: string) => string, everyone: string, pad: string): string[] {
  const header = [st.n === 0 ? 'Init' : `${st.n}. ${st.action}`, ...eventMarks(st.events)]
  if (st.n === 0 && header.length === 1) return []
  const capped = (changes: readonly string[]): string[] =>
    changes.length > MAX_CHANGES_PER_NOTE
      ? [...changes.slice(0, MAX_CHANGES_PER_NOTE - 1), `… ${changes.length - MAX_CHANGES_PER_NOTE + 1} more`]
      : [...changes]
  const main = st.lane
  const out: string[] = []
  const mine = st.notes.find((x) => x.lane === main)
  const where = main === null ? everyone : ref(main)
  out.push(`${pad}Note over ${where}: ${lines([...header, ...capped(mine?.changes ?? [])])}`)
  for (const note of st.notes) {
    if (note === mine) continue
    out.push(`${pad}Note over ${note.lane === null ? everyone : ref(note.lane)}: ${lines(capped(note.changes))}`)
  }
  return out
}

/** The verdict line of a trace: `✗ TCConsistent violated` or `✓ SomeCommit witnessed`. */
export function verdictLine(trace: Pick<Trace, 'property' | 'verdict'>): string {
  return trace.verdict === 'violated' ? `✗ ${trace.property} violated` : `✓ ${trace.property} witnessed`
}

/** A trace as a Mermaid sequence diagram in a ```mermaid fence, ready for a Markdown file. */
export function renderMermaidBlock<S, A>(model: Model<S, A>, trace: Trace): string {
  const seq = runForView(model, trace).sequence
  return `\`\`\`mermaid\n${renderMermaid(seq, { verdict: verdictLine(trace) })}\n\`\`\``
}

/**
 * A counterexample as a Markdown page: the heading, the sequence diagram (rendered by GitHub) and
 * the step-by-step text, with the command that replays it.
 */
export function renderMarkdown<S, A>(model: Model<S, A>, trace: Trace, options: { readonly file?: string } = {}): string {
  const parts = [
    `# ${traceHeading(trace)}`,
    '',
    renderMermaidBlock(model, trace),
    '',
    '```text',
    renderText(model, trace),
    '```',
  ]
  if (options.file !== undefined) parts.push('', `Replay it with \`npx faultline replay ${options.file}\`.`)
  return `${parts.join('\n')}\n`
}
