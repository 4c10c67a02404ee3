/** The messages between the parallel BFS's coordinator (parallel.ts) and its workers. */
import type { MessagePort } from 'node:worker_threads'
import type { ModelSource } from './source.js'

/** Slots of the shared control array. */
export const CONTROL = {
  /** Distinct states stored so far, over all workers. */
  states: 0,
  /** Why the search must stop ({@link STOP}), or 0. */
  stop: 1,
  length: 2,
} as const

export const STOP = { none: 0, timeLimit: 1, memory: 2, maxStates: 3 } as const

/** States a worker expands per exchange round, by default: bounds the successors in flight. */
export const ROUND_STATES = 1 << 15

/** Rounds a level takes: enough for the largest frontier of any worker. */
export function roundsFor(frontiers: readonly number[], roundStates: number): number {
  return Math.max(1, ...frontiers.map((f) => Math.ceil(f / roundStates)))
}

export interface WorkerSetup {
  readonly source: ModelSource
  readonly index: number
  readonly n: number
  /** A port to every other worker (null at this worker's own index). */
  readonly peers: readonly (MessagePort | null)[]
  readonly control: SharedArrayBuffer
  readonly symmetry: boolean
  readonly maxStates: number
  readonly roundStates: number
}

export type ToWorker =
  | { readonly type: 'start' }
  | { readonly type: 'expand'; readonly depth: number; readonly rounds: number }
  | { readonly type: 'probe'; readonly rounds: number }
  | { readonly type: 'link'; readonly id: number }

/** What one worker did in one level. Ids are global: local id * n + worker index. */
export interface LevelResult {
  added: number
  transitions: number
  pruned: number
  /** States this worker will expand next level. */
  frontier: number
  /** [always-property index, id] of the first state violating it, per property, this level. */
  readonly violations: [number, number][]
  /** [sometimes-property index, id] of the first state witnessing it, per property. */
  readonly witnesses: [number, number][]
  /** Probe only: some state at the depth bound has a successor not stored. */
  unseen: boolean
  /** Bytes of this worker's visited table. */
  bytes: number
}

export type FromWorker =
  | { readonly type: 'level'; readonly result: LevelResult }
  | { readonly type: 'link'; readonly parent: number; readonly via: number }
  | { readonly type: 'error'; readonly message: string }
