/** The report of a random or hybrid search: the explorer's `Report` plus coverage and how each counterexample was found. */
import type { Report } from '../explore/report.js'
import type { RandomStrategy } from './options.js'

/** Why the runs stopped. */
export type StoppedBy = 'runs' | 'untilStale' | 'timeLimit' | 'violation' | 'exhausted'

/** How often one action kind was enabled (in distinct states) and taken (in runs). */
export interface KindCoverage {
  readonly kind: string
  /** Distinct states in which an action of this kind was enabled. */
  readonly enabled: number
  /** Steps of this kind taken by the runs. */
  readonly fired: number
}

/** How often a `sometimes` property was witnessed. */
export interface WitnessCoverage {
  readonly property: string
  /** Runs in which some state satisfied it (a witness found by the hybrid BFS counts as one). */
  readonly hits: number
  /** The first run (1-based) that witnessed it; 0 for the hybrid BFS; null when none did. */
  readonly firstRun: number | null
}

export interface Coverage {
  /** Runs walked (the schedules fast-check drew, not the ones it tried while shrinking). */
  readonly runs: number
  /** Steps taken by those runs. */
  readonly steps: number
  /** Distinct fingerprints seen (the hybrid BFS's states included). */
  readonly distinctStates: number
  readonly stoppedBy: StoppedBy
  /** Runs in a row, at the end, that added no new state. */
  readonly staleRuns: number
  /** Runs that drew a swarm (a subset of kinds with weights). */
  readonly swarmRuns: number
  /** Every kind met, sorted by name. */
  readonly kinds: readonly KindCoverage[]
  /** Kinds enabled somewhere (or listed in `kinds`) that no run ever took. */
  readonly neverFired: readonly string[]
  readonly witnesses: readonly WitnessCoverage[]
  /** Hybrid: distinct states of the BFS, the depth of its frontier and the frontier's size. */
  readonly bfs: { readonly states: number; readonly depth: number; readonly frontier: number } | null
}

/** How one counterexample was found and shrunk. */
export interface Found {
  readonly property: string
  /** The run (1-based) that found it; 0 when the hybrid BFS did. */
  readonly run: number
  /** Steps of the run that failed first. */
  readonly rawLength: number
  /** Steps after fast-check shrank the schedule. */
  readonly fcLength: number
  /** Steps after `shrinkTrace`'s deletion passes, before its bounded BFS. */
  readonly deltaLength: number
  /** Steps of the reported trace (after `shrinkTrace`). */
  readonly length: number
  /** Whether the shrinker proved this length the shortest (a complete BFS found none shorter). */
  readonly shortest: boolean
  readonly findMs: number
  readonly shrinkMs: number
  /** fast-check's seed and path of the failure, to re-run it with `fc.check(..., { seed, path })`. */
  readonly fcSeed: number
  readonly fcPath: string | null
}

export interface RandomReport extends Report {
  readonly mode: RandomStrategy
  readonly seed: number
  readonly coverage: Coverage
  readonly found: readonly Found[]
}
