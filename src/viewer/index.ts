/**
 * Seeing a counterexample: a sequence diagram of any trace (Mermaid for Markdown, SVG in a
 * self-contained HTML page), the explorer's local server, and the mutants matrix page.
 */

/** How a model reads as a sequence diagram, and the diagram's data. */
export { registerSequenceView, buildSequence, actorView, genericView } from './sequence.js'
export type { SequenceView, SequenceEvent, SequenceEventKind, FieldPlace, Sequence, SequenceStep, Arrow, LaneNote } from './sequence.js'
/** A trace re-run for rendering. */
export { runForView, type TraceRun } from './run.js'
/** Mermaid and Markdown renderings. */
export { renderMermaid, renderMermaidBlock, renderMarkdown, mermaidText } from './mermaid.js'
/** The SVG diagram and the HTML trace page. */
export { renderSvg, type SvgOptions } from './svg.js'
export { renderTraceHtml, type TraceHtmlOptions } from './html.js'
/** The explorer (`faultline explore`). */
export { startExplorer, DEFAULT_PORT, type Explorer, type ExplorerOptions } from './server.js'
/** The mutants matrix (`faultline mutants --format html`). */
export { writeMutantsHtml, renderMutantsHtml, type MutantRun } from './mutants.js'
