/**
 * Worker thread of the explorer's background check (see background.ts): rebuilds a shipped model
 * from its name, config, parameters and weakenings, runs a BFS and posts back the report's data.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { resolveModel } from '../core/definition.js'
import { messageOf } from '../core/errors.js'
import { explore } from '../explore/search.js'
import { findModel } from '../cli/registry.js'
import { checkResultOf, type WorkerCheckRequest } from './background.js'

const req = workerData as WorkerCheckRequest
try {
  const resolved = resolveModel(findModel(req.model), { config: req.config, params: req.params, weaken: req.weaken })
  const report = explore(resolved.model, {
    ...req.bounds,
    strategy: 'bfs',
    meta: { config: resolved.config, params: resolved.params, weaken: resolved.weaken },
  })
  parentPort?.postMessage({ ok: true, result: checkResultOf(report) })
} catch (err) {
  parentPort?.postMessage({ ok: false, message: messageOf(err) })
}
