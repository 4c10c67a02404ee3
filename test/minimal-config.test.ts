// Each weakening of twophase and paxos runs on the smallest config its counterexample needs: BFS
// on that config breaks the weakening's property, and with one RM, acceptor, proposer or ballot
// fewer an exhaustive search never breaks it. Four paxos flags keep 2 acceptors on purpose (see
// models/paxos/README.md): on 1, the same state breaks Agreement, which BFS checks first.
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../src/core/definition.js'
import type { AnyModelDefinition } from '../src/core/definition.js'
import { replay } from '../src/core/trace.js'
import { explore } from '../src/explore/index.js'
import { paxos } from '../models/paxos/index.js'
import { twophase } from '../models/twophase/index.js'

const cases: { def: AnyModelDefinition; dims: readonly string[]; agreementFirstOnOneAcceptor: readonly string[] }[] = [
  { def: twophase, dims: ['rm'], agreementFirstOnOneAcceptor: [] },
  {
    def: paxos,
    dims: ['acceptors', 'proposers', 'ballots'],
    agreementFirstOnOneAcceptor: ['ignoreHighestAccepted', 'acceptBelowPromise', 'sharedBallot', 'retryLowerBallot'],
  },
]

for (const { def, dims, agreementFirstOnOneAcceptor } of cases) {
  describe(`${def.name}: every weakening runs on its smallest config`, () => {
    for (const [flag, w] of Object.entries(def.weakenings)) {
      const config = w.config ?? def.defaultConfig
      const params = def.configs[config]?.params as Record<string, number>

      it(`${flag} on ${config}: BFS breaks ${w.breaks}`, () => {
        const r = explore(resolveModel(def, { config, weaken: [flag] }).model)
        expect(r.verdict).toBe('violated')
        expect(r.violations[0]?.property).toBe(w.breaks)
      })

      for (const dim of dims) {
        const value = params[dim] as number
        const min = def.params[dim]?.min ?? 0
        if (value <= min) continue
        const lower = { ...params, [dim]: value - 1 }
        if (dim === 'acceptors' && value === 2 && agreementFirstOnOneAcceptor.includes(flag)) {
          it(`${flag} with 1 acceptor: BFS stops at Agreement, in a state that breaks ${w.breaks} as well`, () => {
            const m = resolveModel(def, { config, params: lower, weaken: [flag] }).model
            const v = explore(m).violations[0]
            expect(v?.property).toBe('Agreement')
            if (!v?.trace) throw new Error('violation without a trace')
            const states = replay(m, v.trace).states
            const last = states[states.length - 1]
            const prop = m.properties.find((p) => p.name === w.breaks)
            expect(prop?.check(last as never)).toBe(false)
          })
          continue
        }
        it(`${flag} with ${dim}=${value - 1}: an exhaustive search never breaks ${w.breaks}`, () => {
          const r = explore(resolveModel(def, { config, params: lower, weaken: [flag] }).model, { stopOnViolation: false })
          expect(r.exhaustive).toBe(true)
          expect(r.violations.map((v) => v.property)).not.toContain(w.breaks)
        })
      }
    }
  })
}
