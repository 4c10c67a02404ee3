/** Random and hybrid search with fast-check: schedules as shrinkable data, checkRandom, coverage. */
export { checkRandom, chunkSeed } from './check.js'
export { RANDOM_DEFAULTS, validateRandomOptions } from './options.js'
export type { RandomOptions, RandomStrategy } from './options.js'
export type { Coverage, Found, KindCoverage, RandomReport, StoppedBy, WitnessCoverage } from './report.js'
export { scheduleArbitrary, defaultKindOf, swarmWeight, pickWeighted, SWARM_WEIGHTS } from './schedule.js'
export type { Schedule, ScheduleArbitraryOptions } from './schedule.js'
export { Walker, initialStarts } from './walk.js'
export type { StartPoint, WalkResult, WalkerOptions } from './walk.js'
