/**
 * The explorer's background check: a BFS over the model while the reader clicks around, so the page
 * can offer a jump to the shortest counterexample. It runs in a worker thread when the compiled
 * worker module is there (the installed command); otherwise in this thread, once, right after the
 * server starts (tests, and models that are not in the shipped registry, which a worker cannot
 * rebuild from a name).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { AnyModel } from '../core/model.js'
import type { Params } from '../core/definition.js'
import { messageOf } from '../core/errors.js'
import type { Trace } from '../core/trace.js'
import { explore } from '../explore/search.js'
import type { ExploreOptions } from '../explore/options.js'
import type { Report } from '../explore/report.js'

/** What the page needs from a finished check. */
export interface CheckResult {
  readonly verdict: Report['verdict']
  readonly exhaustive: boolean
  readonly cutBy: readonly string[]
  readonly states: number
  readonly elapsedMs: number
  readonly violations: readonly { readonly property: string; readonly kind: string; readonly length: number; readonly message: string; readonly trace?: Trace }[]
  readonly witnesses: readonly { readonly property: string; readonly found: boolean; readonly depth?: number; readonly trace?: Trace }[]
}

/** A check that has been started: its result, and a way to stop it early. */
export interface RunningCheck {
  readonly result: Promise<CheckResult>
  stop(): void
}

/** Search bounds a background check takes over from the command line or the config. */
export type CheckBounds = Pick<ExploreOptions, 'maxDepth' | 'maxStates' | 'timeLimit' | 'meta'>

/** The plain-data part of a report, as the page and a worker's message carry it. */
export function checkResultOf(r: Report): CheckResult {
  return {
    verdict: r.verdict,
    exhaustive: r.exhaustive,
    cutBy: r.cutBy,
    states: r.states,
    elapsedMs: r.elapsedMs,
    violations: r.violations.map((v) => ({ property: v.property, kind: v.kind, length: v.length, message: v.message, ...(v.trace ? { trace: v.trace } : {}) })),
    witnesses: r.witnesses.map((w) => ({
      property: w.property,
      found: w.found,
      ...(w.depth === undefined ? {} : { depth: w.depth }),
      ...(w.trace ? { trace: w.trace } : {}),
    })),
  }
}

/** Runs the check in this thread (it blocks the thread while it runs). */
export function checkInline(model: AnyModel, bounds: CheckBounds = {}): RunningCheck {
  const result = new Promise<CheckResult>((resolve, reject) => {
    // Let the server answer the requests already queued before the loop is taken.
    setTimeout(() => {
      try {
        resolve(checkResultOf(explore(model, { ...bounds, strategy: 'bfs' })))
      } catch (err) {
        reject(err instanceof Error ? err : new Error(messageOf(err)))
      }
    }, 20)
  })
  return { result, stop() {} }
}

const WORKER_URL = new URL('./check-worker.js', import.meta.url)

/** Whether the compiled worker module is there (it is not when running from the TypeScript sources). */
export function workerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL))
}

/** What a worker needs to rebuild a shipped model by name. */
export interface WorkerCheckRequest {
  readonly model: string
  readonly config: string
  readonly params: Params
  readonly weaken: readonly string[]
  readonly bounds: Omit<CheckBounds, 'meta'>
}

/** Runs the check of a shipped model in a worker thread. */
export function checkInWorker(request: WorkerCheckRequest): RunningCheck {
  const worker = new Worker(WORKER_URL, { workerData: request })
  let settled = false
  const result = new Promise<CheckResult>((resolve, reject) => {
    worker.once('message', (m: { ok: true; result: CheckResult } | { ok: false; message: string }) => {
      settled = true
      if (m.ok) resolve(m.result)
      else reject(new Error(m.message))
    })
    worker.once('error', (err) => {
      settled = true
      reject(err)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the check stopped (worker exit code ${code})`))
    })
  })
  // The worker must not keep the process alive on its own.
  worker.unref()
  return {
    result,
    stop() {
      if (!settled) void worker.terminate()
    },
  }
}
