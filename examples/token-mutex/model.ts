/**
 * A token-passing mutex, written the way a user of faultline would write it: a plain `Model`
 * (pure data, pure functions) wrapped in a `ModelDefinition` so it gets configs and a weakening.
 *
 * N nodes sit on a ring. One token circulates; a node may enter its critical section only while
 * it holds the token. An idle holder passes the token to its successor, as a message that is in
 * flight until the successor receives it.
 *
 * In your own project the imports below are `from 'faultline'`.
 */
import { defineModel } from '../../src/core/definition.js'
import { FaultlineError } from '../../src/core/errors.js'
import { always, sometimes, type Model, type Property } from '../../src/core/model.js'

/** What a node is doing. */
export type Phase = 'idle' | 'waiting' | 'critical'

export interface TokenState {
  /** `phase[i]` of node `n(i)`. */
  readonly phase: readonly Phase[]
  /** Nodes holding a token, sorted (one node, unless the weakening made a second token). */
  readonly holders: readonly number[]
  /** Destinations of the tokens in flight, sorted (a multiset). */
  readonly inFlight: readonly number[]
  /** Timeouts left for `RegenerateToken` (only the weakened model uses them). */
  readonly timeoutsLeft: number
  /** Ghost, read only by properties: `served[i]` once node `n(i)` has left its critical section. */
  readonly served: readonly boolean[]
}

export type TokenAction =
  | { readonly type: 'Request' | 'Enter' | 'Exit' | 'Pass' | 'Receive' | 'RegenerateToken'; readonly node: number }

export type TokenFlag = 'regenerateToken'

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const ys = xs.slice()
  ys[i] = v
  return ys
}

function insertSorted(xs: readonly number[], v: number): number[] {
  const ys = [...xs, v]
  ys.sort((a, b) => a - b)
  return ys
}

function removeOne(xs: readonly number[], v: number): number[] {
  const i = xs.indexOf(v)
  return i < 0 ? xs.slice() : [...xs.slice(0, i), ...xs.slice(i + 1)]
}

/** The properties: two invariants, and two witnesses that show the ring does something. */
export function tokenProperties(n: number): Property<TokenState>[] {
  return [
    always<TokenState>(
      'MutualExclusion',
      (s) => s.phase.filter((p) => p === 'critical').length <= 1,
      'At most one node is in its critical section.',
    ),
    always<TokenState>(
      'CriticalHoldsToken',
      (s) => s.phase.every((p, i) => p !== 'critical' || s.holders.includes(i)),
      'A node in its critical section holds a token.',
    ),
    sometimes<TokenState>('SomeoneEnters', (s) => s.phase.includes('critical'), 'Some node enters its critical section.'),
    sometimes<TokenState>(
      'EveryoneServed',
      (s) => s.served.length === n && s.served.every((x) => x),
      'Every node has been through its critical section.',
    ),
  ]
}

/** Builds the ring of `n` nodes; `timeouts` bounds `RegenerateToken` under the weakening. */
export function buildTokenMutex(n: number, timeouts: number, weaken: ReadonlySet<string>): Model<TokenState, TokenAction> {
  const regenerate = weaken.has('regenerateToken')
  const check = (i: number): number => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new FaultlineError(`unknown node n${i}; this ring has n0..n${n - 1}`)
    return i
  }
  const next = (s: TokenState, a: TokenAction): TokenState | undefined => {
    const i = check(a.node)
    const phase = s.phase[i]
    const holds = s.holders.includes(i)
    switch (a.type) {
      // Node i wants its critical section.
      case 'Request':
        if (phase !== 'idle') return undefined
        return { ...s, phase: set(s.phase, i, 'waiting') }
      // Node i, waiting and holding the token, enters its critical section.
      case 'Enter':
        if (phase !== 'waiting' || !holds) return undefined
        return { ...s, phase: set(s.phase, i, 'critical') }
      // Node i leaves its critical section; it keeps the token until it passes it on.
      case 'Exit':
        if (phase !== 'critical') return undefined
        return { ...s, phase: set(s.phase, i, 'idle'), served: set(s.served, i, true) }
      // Node i, idle, sends the token to its successor on the ring.
      case 'Pass':
        if (phase !== 'idle' || !holds || n === 1) return undefined
        return { ...s, holders: removeOne(s.holders, i), inFlight: insertSorted(s.inFlight, (i + 1) % n) }
      // Node i receives a token sent to it.
      case 'Receive':
        if (!s.inFlight.includes(i)) return undefined
        return { ...s, holders: insertSorted(s.holders, i), inFlight: removeOne(s.inFlight, i) }
      // Weakened: node i has waited "too long", decides the token is lost and makes a new one.
      case 'RegenerateToken':
        if (!regenerate || phase !== 'waiting' || holds || s.timeoutsLeft === 0) return undefined
        return { ...s, holders: insertSorted(s.holders, i), timeoutsLeft: s.timeoutsLeft - 1 }
      default:
        throw new FaultlineError(`unknown token-mutex action ${JSON.stringify(a)}`)
    }
  }
  const kinds: TokenAction['type'][] = ['Receive', 'Request', 'Enter', 'Exit', 'Pass', ...(regenerate ? ['RegenerateToken' as const] : [])]
  const all: TokenAction[] = kinds.flatMap((type) => Array.from({ length: n }, (_, node) => ({ type, node })))
  return {
    name: 'token-mutex',
    init: () => [
      {
        phase: new Array<Phase>(n).fill('idle'),
        holders: [0],
        inFlight: [],
        timeoutsLeft: timeouts,
        served: new Array<boolean>(n).fill(false),
      },
    ],
    // Deliveries first, the regeneration (the fault) last: choice 0 is the least disruptive step.
    actions: (s) => all.filter((a) => next(s, a) !== undefined),
    next,
    properties: tokenProperties(n),
    formatAction: (a) => `${a.type}(n${a.node})`,
  }
}

/** The token ring as a definition: configs, one weakening, and its parameters. */
export const tokenMutex = defineModel<{ nodes: number; timeouts: number }, TokenState, TokenAction>({
  name: 'token-mutex',
  summary: 'A token-passing mutex on a ring of N nodes',
  params: {
    nodes: { doc: 'nodes on the ring (n0..nN-1)', min: 1 },
    timeouts: { doc: 'how many times a node may regenerate the token (weakening only)', min: 0 },
  },
  configs: {
    tiny: { doc: '2 nodes', params: { nodes: 2, timeouts: 1 } },
    ci: { doc: '3 nodes', params: { nodes: 3, timeouts: 1 } },
  },
  defaultConfig: 'ci',
  weakenings: {
    regenerateToken: {
      doc: 'a waiting node that has not seen the token for a while assumes it is lost and makes a new one',
      breaks: 'MutualExclusion',
    },
  },
  build: (params, weaken) => buildTokenMutex(params.nodes, params.timeouts, weaken),
})
