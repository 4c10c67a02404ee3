/**
 * History checkers: is a concurrent history linearizable with respect to a sequential
 * specification? See README.md in this folder.
 */
// The check, its defaults, and an independent check of a proposed order.
export { checkLinearizable, explainLinearization, partitionHistory, HISTORY_DEFAULTS } from './check.js'
// Event lists (invoke/return) to operations and back.
export { fromEvents, toEvents, validateHistory } from './events.js'
// Sequential specifications of common objects.
export { register, casRegister, fencedRegister, kvMap, type FencedState, type KvState } from './specs.js'
// Linearizable histories by construction, for tests and benchmarks.
export { simulateHistory, type SimulateOptions } from './simulate.js'
// Value equality and canonical keys, for writing specifications.
export { equalValue, valueKey } from './values.js'
export type {
  Call,
  CheckOptions,
  CheckResult,
  CheckVerdict,
  History,
  HistoryEvent,
  Id,
  Operation,
  Spec,
  Value,
} from './types.js'
