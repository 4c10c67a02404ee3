/** Search: BFS (shortest counterexamples), DFS (little memory) and seeded random walks. */
export { explore, prng } from './search.js'
export { exploreParallel, type ParallelOptions, type ModelSource } from './parallel.js'
export type { ExploreOptions, Strategy, Bound, Progress } from './options.js'
export { DEFAULTS, validateOptions } from './options.js'
export type { Report, Verdict, Violation, Witness } from './report.js'
export { VisitedTable } from './visited.js'
