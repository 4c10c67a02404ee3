/** Counterexample files and their renderings. */
export { readTraceFile, parseTrace, writeTraceFile, writeFileAtomic, saveTrace, traceFileName } from './file.js'
export { renderText, traceHeading, type TextOptions } from './text.js'
export { diffStates, formatChange, sameValue, brief, type Change } from './diff.js'
export { renderClocks, clockLab, labBefore, type Lab, type LabEvent, type CausalEvent } from './clocks.js'
