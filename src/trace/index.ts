/** Counterexample files and their renderings. */
export { readTraceFile, parseTrace, writeTraceFile, writeFileAtomic, saveTrace, traceFileName } from './file.js'
export { renderText, traceHeading, type TextOptions } from './text.js'
export { diffStates, formatChange, sameValue, brief, type Change } from './diff.js'
