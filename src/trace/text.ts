/** The text renderer: one line per step, the action in spec names and the fields it changed. */
import type { Model } from '../core/model.js'
import { runTrace, type Trace } from '../core/trace.js'
import { brief, diffStates, formatChange } from './diff.js'

export interface TextOptions {
  /** Show every field of the initial state. @default true */
  readonly showInit?: boolean
  /** Print each changed field on a line of its own instead of joining them. @default false */
  readonly vertical?: boolean
}

/** The heading of a trace: what it shows, on which model and config. */
export function traceHeading(trace: Trace): string {
  const params = Object.entries(trace.params).map(([k, v]) => `${k}=${v}`).join(' ')
  const weak = trace.weaken.length > 0 ? `, weakened: ${trace.weaken.join(', ')}` : ''
  const what =
    trace.verdict === 'violated'
      ? `${trace.property} violated after ${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}`
      : `${trace.property} witnessed after ${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'}`
  return `${what} — ${trace.model} (config ${trace.config}${params ? `: ${params}` : ''}${weak}; found by ${trace.strategy})`
}

/**
 * Renders a trace as text: the heading, the initial state, then one line per step with the
 * action and the state fields it changed, and the verdict on the last state.
 *
 * @example
 * console.log(renderText(model, trace))
 */
export function renderText<S, A>(model: Model<S, A>, trace: Trace, options: TextOptions = {}): string {
  const states = runTrace(model, trace)
  const lines: string[] = [traceHeading(trace), '']
  const first = states[0] as S
  if (options.showInit ?? true) {
    lines.push(`   0  Init`)
    const fields = first !== null && typeof first === 'object' && !Array.isArray(first) ? Object.entries(first) : [['state', first]]
    for (const [k, v] of fields) lines.push(`        ${String(k)} = ${brief(v, 100)}`)
  }
  const width = String(trace.steps.length).length
  const actionWidth = Math.min(40, Math.max(...trace.steps.map((s) => s.action.length), 4))
  trace.steps.forEach((step, i) => {
    const changes = diffStates(states[i], states[i + 1]).map(formatChange)
    const n = String(i + 1).padStart(Math.max(width, 4))
    if (options.vertical) {
      lines.push(`${n}  ${step.action}`)
      for (const c of changes) lines.push(`        ${c}`)
    } else {
      lines.push(`${n}  ${step.action.padEnd(actionWidth)}  ${changes.join('; ') || '(no change)'}`)
    }
  })
  lines.push('')
  lines.push(
    trace.verdict === 'violated'
      ? `✗ ${trace.property} does not hold in the last state`
      : `✓ ${trace.property} holds in the last state (witness)`,
  )
  return lines.join('\n')
}
