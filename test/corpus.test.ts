/**
 * The counterexample corpus as regression tests: every trace file under `counterexamples/`
 * (recursively) must still replay on the shipped model it names, with the config, parameters and
 * weakenings it records, and show what it claims, twice alike. A file that no longer reproduces
 * fails its own test, named after the file.
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../src/core/definition.js'
import { findModel } from '../src/cli/registry.js'
import { findTraceFiles, replayTraceFile } from '../src/vitest/corpus.js'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'counterexamples')
const files = existsSync(dir) ? findTraceFiles(dir) : []

describe('counterexample corpus', () => {
  it('the corpus directory counterexamples/ exists', () => {
    expect(existsSync(dir) && statSync(dir).isDirectory()).toBe(true)
    // Listing it must not throw either (a file we cannot read is a failure, not a skip).
    expect(findTraceFiles(dir)).toEqual(files)
  })

  if (files.length > 0) {
    it.each(files)('%s reproduces', (file) => {
      const result = replayTraceFile(join(dir, file), (trace) =>
        resolveModel(findModel(trace.model), { config: trace.config, params: trace.params, weaken: trace.weaken }).model,
      )
      if (!result.reproduced) expect.fail(result.message)
      expect(result.reproduced).toBe(true)
    })
  }
})
