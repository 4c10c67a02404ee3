/**
 * The shipped models, by name. This is the one place in `src/` that imports `models/`.
 */
import type { AnyModelDefinition } from '../core/definition.js'
import { FaultlineError } from '../core/errors.js'
import { twophase } from '../../models/twophase/index.js'
import { paxos } from '../../models/paxos/index.js'
import { lease } from '../../models/lease/index.js'
import { idempotency } from '../../models/idempotency/index.js'
import { hlc, lamport, vector } from '../../models/clocks/index.js'
import { lww } from '../../models/lww/index.js'

/** Every shipped model definition, in the order `faultline list` prints them. */
export const MODELS: readonly AnyModelDefinition[] = [twophase, paxos, lease, idempotency, lamport, vector, hlc, lww]

/** The definition of a shipped model, or a one-line error that lists the known models. */
export function findModel(name: string, models: readonly AnyModelDefinition[] = MODELS): AnyModelDefinition {
  const def = models.find((m) => m.name === name)
  if (!def) {
    throw new FaultlineError(`unknown model '${name}'; known models: ${models.map((m) => m.name).join(', ')} (see 'faultline list')`)
  }
  return def
}
