/**
 * Trace files: versioned JSON, written atomically (a temporary file renamed into place, so a
 * reader never sees half a file) and read back with one-line errors for every malformed field.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { TraceFileError, messageOf } from '../core/errors.js'
import { TRACE_SCHEMA, type Trace } from '../core/trace.js'

/**
 * Writes `text` to `path` atomically: a crash or a full disk leaves either the old file or the
 * new one, never a half-written file.
 */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    writeFileSync(tmp, text)
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}

/** Writes a trace as pretty JSON with a trailing newline (diffable), atomically. */
export function writeTraceFile(path: string, trace: Trace): void {
  writeFileAtomic(path, `${JSON.stringify(trace, null, 2)}\n`)
}

/** The file name a trace is stored under: `<model>[--<weakenings>]--<property>.trace.json`. */
export function traceFileName(trace: Pick<Trace, 'model' | 'weaken' | 'property'>): string {
  const parts = [trace.model, ...(trace.weaken.length > 0 ? [trace.weaken.join('+')] : []), trace.property]
  return `${parts.join('--').replace(/[^A-Za-z0-9_.+-]/g, '_')}.trace.json`
}

/** Writes a trace into `dir` under {@link traceFileName} and returns its path. */
export function saveTrace(dir: string, trace: Trace): string {
  const path = join(dir, traceFileName(trace))
  writeTraceFile(path, trace)
  return path
}

/** Reads and validates a trace file; every problem is a one-line {@link TraceFileError}. */
export function readTraceFile(path: string): Trace {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new TraceFileError(
      code === 'ENOENT' ? `no trace file at ${path}` : `cannot read trace file ${path}: ${messageOf(err)}`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new TraceFileError(`${path} is not valid JSON (${messageOf(err)}); a trace file is written by 'faultline check'`)
  }
  return parseTrace(data, path)
}

/** Checks that parsed JSON is a trace of the supported schema. */
export function parseTrace(data: unknown, where = 'trace'): Trace {
  const bad = (what: string): never => {
    throw new TraceFileError(`${where}: ${what}`)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) bad('expected a JSON object')
  const t = data as Record<string, unknown>
  if (t.schema !== TRACE_SCHEMA) {
    bad(
      typeof t.schema === 'string'
        ? `unsupported schema '${t.schema}'; this faultline reads '${TRACE_SCHEMA}'`
        : `missing "schema": "${TRACE_SCHEMA}"; is this a faultline trace file?`,
    )
  }
  for (const k of ['model', 'config', 'property', 'strategy'] as const) {
    if (typeof t[k] !== 'string' || t[k] === '') bad(`"${k}" must be a non-empty string`)
  }
  if (t.kind !== 'always' && t.kind !== 'sometimes') bad(`"kind" must be "always" or "sometimes"`)
  if (t.verdict !== 'violated' && t.verdict !== 'witness') bad(`"verdict" must be "violated" or "witness"`)
  if (!Number.isInteger(t.init) || (t.init as number) < 0) bad(`"init" must be a whole number >= 0`)
  const params = t.params
  if (params === null || typeof params !== 'object' || Array.isArray(params)) bad(`"params" must be an object of numbers`)
  for (const [k, v] of Object.entries(params as object)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(`params.${k} must be a number`)
  }
  if (!Array.isArray(t.weaken) || !t.weaken.every((w) => typeof w === 'string')) bad(`"weaken" must be an array of flag names`)
  if (!Array.isArray(t.steps)) bad(`"steps" must be an array`)
  ;(t.steps as unknown[]).forEach((s, i) => {
    if (s === null || typeof s !== 'object' || typeof (s as { action?: unknown }).action !== 'string' || !('data' in s)) {
      bad(`steps[${i}] must be an object with "action" (string) and "data"`)
    }
  })
  return t as unknown as Trace
}
