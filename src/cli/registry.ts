/**
 * The shipped models, by name. This is the one place in `src/` that imports `models/`.
 */
import type { AnyModelDefinition } from '../core/definition.js'
import { FaultlineError } from '../core/errors.js'
import { twophase } from '../../models/twophase/index.js'
import { raft } from '../../models/raft/index.js'
import { paxos } from '../../models/paxos/index.js'
import { lease } from '../../models/lease/index.js'
import { idempotency } from '../../models/idempotency/index.js'
import { hlc, lamport, vector } from '../../models/clocks/index.js'
import { lww } from '../../models/lww/index.js'
import { gossip } from '../../models/gossip/index.js'
import { swim } from '../../models/swim/index.js'
import { quorum } from '../../models/quorum/index.js'
import { renderStudySvg, renderStudyTable, studyGossip } from '../../models/gossip/study.js'

/** Every shipped model definition, in the order `faultline list` prints them. */
export const MODELS: readonly AnyModelDefinition[] = [twophase, raft, paxos, lease, idempotency, lamport, vector, hlc, lww, gossip, swim, quorum]

/** The definition of a shipped model, or a one-line error that lists the known models. */
export function findModel(name: string, models: readonly AnyModelDefinition[] = MODELS): AnyModelDefinition {
  const def = models.find((m) => m.name === name)
  if (!def) {
    throw new FaultlineError(`unknown model '${name}'; known models: ${models.map((m) => m.name).join(', ')} (see 'faultline list')`)
  }
  return def
}

/** A study: many seeded random runs of a model, summarised as a table and a plot. */
export interface Study {
  readonly doc: string
  run(options: { readonly runs?: number; readonly seed?: number; readonly loss?: number }): { readonly table: string; readonly svg: string }
}

/** The studies `faultline study <name>` runs. */
export const STUDIES: Readonly<Record<string, Study>> = {
  gossip: {
    doc: 'rounds to convergence (median, 99th percentile) against N = 8..256 and fan-out 1..3, showing O(log N) growth',
    run(options) {
      const result = studyGossip(options)
      return { table: renderStudyTable(result), svg: renderStudySvg(result) }
    },
  },
}
