/**
 * The vitest matchers: `toHoldAll`, `toViolate` and `toReplay`. A failure's message is the shrunk
 * counterexample as text, with the path of its trace file and the command that replays it.
 */
import { expect } from 'vitest'
import { FaultlineError, messageOf } from '../core/errors.js'
import type { AnyModel } from '../core/model.js'
import { replay, type Trace } from '../core/trace.js'
import { parseTrace, readTraceFile } from '../trace/file.js'
import { num } from '../cli/format.js'
import { narrowTo, presentCounterexample, search, unwrap, type CheckOptions } from './search.js'

/** What a matcher returns to vitest. */
interface MatcherResult {
  readonly pass: boolean
  readonly message: () => string
}

/** The `this` vitest gives a matcher; only `isNot` is read. */
interface MatcherThis {
  readonly isNot?: boolean
}

function bounds(o: CheckOptions): string {
  const parts: string[] = [o.strategy ?? 'bfs']
  if (o.maxDepth !== undefined) parts.push(`maxDepth ${o.maxDepth}`)
  if (o.maxStates !== undefined) parts.push(`maxStates ${num(o.maxStates)}`)
  if (o.runs !== undefined) parts.push(`${num(o.runs)} runs`)
  return parts.join(', ')
}

/**
 * `expect(model).toHoldAll(options)`: every `always` property holds and every `sometimes`
 * property is witnessed, within the search's bounds.
 */
export function toHoldAll(this: MatcherThis, received: unknown, options: CheckOptions = {}): MatcherResult {
  const target = unwrap(received)
  const { model } = target
  const report = search(target, options)
  const violation = report.violations.find((v) => v.kind === 'always' && v.trace !== undefined)
  const missing = report.witnesses.filter((w) => !w.found).map((w) => w.property)
  const scope = report.exhaustive ? `all ${num(report.states)} reachable states` : `${num(report.states)} states (${bounds(options)}; not exhaustive)`
  if (violation?.trace) {
    const shown = presentCounterexample(model, violation.trace, options)
    return {
      pass: false,
      message: () =>
        `expected model ${model.name} to hold all its properties, but ${violation.property} is violated after ${shown.trace.steps.length} step${shown.trace.steps.length === 1 ? '' : 's'}:\n\n${shown.text}`,
    }
  }
  if (missing.length > 0) {
    return {
      pass: false,
      message: () =>
        `expected model ${model.name} to hold all its properties, but ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} never witnessed in ${scope}: ` +
        `the model never does what ${missing.length === 1 ? 'this sometimes property expects' : 'these sometimes properties expect'}, so its always properties prove little`,
    }
  }
  return {
    pass: true,
    message: () => `expected model ${model.name} to violate some property, but every always property held and every witness was found in ${scope}`,
  }
}

/** `expect(model).toViolate(property, options)`: the search finds a state that violates `property`. */
export function toViolate(this: MatcherThis, received: unknown, property: string, options: CheckOptions = {}): MatcherResult {
  const target = unwrap(received)
  const full = target.model
  const { model } = narrowTo(full, property)
  const report = search({ ...target, model }, options)
  const violation = report.violations.find((v) => v.property === property && v.trace !== undefined)
  if (!violation?.trace) {
    const scope = report.exhaustive ? `all ${num(report.states)} reachable states` : `${num(report.states)} states (${bounds(options)}; not exhaustive)`
    return { pass: false, message: () => `expected model ${full.name} to violate ${property}, but it held in ${scope}` }
  }
  const trace = violation.trace
  // Only a `.not` failure shows the counterexample; do the shrinking and the file only then.
  return {
    pass: true,
    message: () => {
      const shown = presentCounterexample(full, { ...trace }, options)
      return `expected model ${full.name} not to violate ${property}, but it does after ${shown.trace.steps.length} step${shown.trace.steps.length === 1 ? '' : 's'}:\n\n${shown.text}`
    },
  }
}

/**
 * `expect(trace).toReplay(model)`: every step of the trace (an object, or the path of a trace file)
 * is enabled, its last state shows what it claims, and two replays visit the same states.
 */
export function toReplay(this: MatcherThis, received: unknown, modelOrResolved: unknown): MatcherResult {
  const { model } = unwrap(modelOrResolved)
  let trace: Trace
  let name: string
  try {
    trace = typeof received === 'string' ? readTraceFile(received) : parseTrace(received)
    name = typeof received === 'string' ? received : `the trace of ${trace.property}`
  } catch (err) {
    return { pass: false, message: () => messageOf(err) }
  }
  const claim = trace.verdict === 'violated' ? `${trace.property} violated` : `${trace.property} witnessed`
  return replayResult(model, trace, name, claim)
}

function replayResult(model: AnyModel, trace: Trace, name: string, claim: string): MatcherResult {
  let first
  let second
  try {
    first = replay(model, trace)
    second = replay(model, trace)
  } catch (err) {
    if (!(err instanceof FaultlineError)) throw err
    return { pass: false, message: () => `expected ${name} to replay on model ${model.name}, but ${messageOf(err)}` }
  }
  if (first.fingerprints.join() !== second.fingerprints.join()) {
    return { pass: false, message: () => `expected ${name} to replay, but two replays visited different states: model ${model.name} is nondeterministic` }
  }
  if (!first.reproduced) {
    return {
      pass: false,
      message: () =>
        `expected ${name} to replay on model ${model.name}, but although every step is enabled, ${trace.property} ${trace.verdict === 'violated' ? 'holds' : 'does not hold'} in its last state`,
    }
  }
  return { pass: true, message: () => `expected ${name} not to replay, but it reproduces (${claim} after ${trace.steps.length} steps)` }
}

/** The matchers as an object for `expect.extend`. */
export const faultlineMatchers = { toHoldAll, toViolate, toReplay }

let installed = false

/**
 * Registers the matchers with vitest's `expect`. Importing `faultline/vitest` does it for you; call
 * it yourself from a setup file if you import only parts of that module. Calling it twice is harmless.
 *
 * @example
 * // vitest.setup.ts
 * import { installMatchers } from 'faultline/vitest'
 * installMatchers()
 */
export function installMatchers(): void {
  if (installed) return
  expect.extend(faultlineMatchers)
  installed = true
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    /** Every `always` property holds and every `sometimes` property is witnessed within the bounds. */
    toHoldAll(options?: CheckOptions): void
    /** The search finds a state that violates the `always` property `property`. */
    toViolate(property: string, options?: CheckOptions): void
    /** The trace (object or file path) replays on the model and shows what it claims, twice alike. */
    toReplay(model: unknown): void
  }
}
