/**
 * A corpus of counterexamples: every trace file under a directory, replayed as regression tests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { FaultlineError, messageOf } from '../core/errors.js'
import type { AnyModel } from '../core/model.js'
import { replay, type Trace } from '../core/trace.js'
import { readTraceFile } from '../trace/file.js'

/**
 * Every trace file (`*.json`) under `dir`, recursively, sorted, as paths relative to `dir`.
 * Throws when `dir` is missing, so a moved corpus fails loudly instead of passing empty.
 */
export function findTraceFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new FaultlineError(`no counterexample directory at ${dir}`)
  }
  const out: string[] = []
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

/** The outcome of replaying one corpus file. */
export interface CorpusResult {
  readonly file: string
  readonly reproduced: boolean
  /** One line: what reproduced, or why not. */
  readonly message: string
  readonly trace: Trace | null
}

/**
 * Reads a trace file, builds its model with `resolve` (from the names the trace records) and
 * replays it twice: it reproduces when every step is enabled, the last state shows what the trace
 * claims, and both replays visit the same states. Never throws for a bad file; says why instead.
 */
export function replayTraceFile(path: string, resolve: (trace: Trace) => AnyModel): CorpusResult {
  let trace: Trace | null = null
  try {
    trace = readTraceFile(path)
    const model = resolve(trace)
    const a = replay(model, trace)
    const b = replay(model, trace)
    if (a.fingerprints.join() !== b.fingerprints.join()) {
      return { file: path, reproduced: false, message: `${path}: two replays visited different states (nondeterministic model)`, trace }
    }
    if (!a.reproduced) {
      return {
        file: path,
        reproduced: false,
        message: `${path}: every step is enabled, but ${trace.property} ${trace.verdict === 'violated' ? 'holds' : 'does not hold'} in the last state`,
        trace,
      }
    }
    const what = trace.verdict === 'violated' ? 'violated' : 'witnessed'
    return { file: path, reproduced: true, message: `${path}: ${trace.property} ${what} after ${trace.steps.length} steps`, trace }
  } catch (err) {
    return { file: path, reproduced: false, message: `${path}: ${messageOf(err)}`, trace }
  }
}
