/** Minimising counterexamples: steps, faults and parameters, certified by replay. */
export { shrinkTrace, certify, isFaultStep, showsVerdict, LenientRunner, SHRINK_DEFAULTS } from './shrink.js'
export type { ShrinkOptions, ShrinkResult, ShrinkStats } from './shrink.js'
export { shrinkParams } from './params.js'
export { finishCounterexamples } from './finish.js'
export type { FinishOptions, Finished } from './finish.js'
export type { ShrinkParamsOptions, ShrinkParamsResult } from './params.js'
export { boundedBfs, pathTo } from './bfs.js'
export type { BoundedBfsOptions, BoundedBfsResult } from './bfs.js'
