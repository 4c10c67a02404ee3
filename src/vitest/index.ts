/**
 * faultline for vitest (`import 'faultline/vitest'`): importing this module registers the matchers
 * `toHoldAll`, `toViolate` and `toReplay` with vitest's `expect` and adds their types.
 *
 * @example
 * import 'faultline/vitest'
 * test('token ring holds', () => expect(resolveModel(tokenMutex)).toHoldAll())
 * test('the weakening breaks MutualExclusion', () =>
 *   expect(resolveModel(tokenMutex, { weaken: ['regenerateToken'] })).toViolate('MutualExclusion'))
 */
import { installMatchers } from './matchers.js'

export { installMatchers, faultlineMatchers, toHoldAll, toViolate, toReplay } from './matchers.js'
export type { CheckOptions, Checkable } from './search.js'
export { MATCHER_TIME_LIMIT } from './search.js'
export { faultlineSeed, DEFAULT_SEED } from './seed.js'
export { modelProp, modelPropOverParams, testModel } from './prop.js'
export type { ConfigModelProp, ModelProp, ModelPropOptions } from './prop.js'
export { findTraceFiles, replayTraceFile } from './corpus.js'
export type { CorpusResult } from './corpus.js'

installMatchers()
