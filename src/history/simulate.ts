/**
 * Linearizable histories by construction, for tests and benchmarks: clients invoke operations on
 * one real sequential object; each operation takes effect at one moment between its invocation
 * and its return, and the interleaving of invocations, effects and returns is chosen at random
 * (or by a given schedule), so operations overlap in every way the schedule allows.
 */
import { FaultlineError } from '../core/errors.js'
import type { Operation, Value } from './types.js'

/** Options of {@link simulateHistory}. */
export interface SimulateOptions {
  /** Operations to invoke. */
  readonly ops: number
  /** Concurrent clients; each has at most one operation in flight. */
  readonly clients: number
  /**
   * The object: a register starting at 0 (`read`, `write`) or a key-value map starting empty
   * (`get`, `put`). Written values are 1, 2, 3, ... so every write is distinct.
   * @default 'register'
   */
  readonly object?: 'register' | 'kvMap'
  /** Keys of the map, named `k0`, `k1`, ... @default 10 */
  readonly keys?: number
  /** Chance that an operation is a read (`read` or `get`). @default 0.5 */
  readonly reads?: number
  /** Seed of the random choices. @default 1 */
  readonly seed?: number
  /**
   * The choices as data (fast-check can shrink them): each number picks which client acts next
   * (modulo the clients that can act) and, when it invokes, a read if its quotient is even.
   * When the schedule runs out, the remaining steps choose as if every number were 0.
   */
  readonly schedule?: readonly number[]
  /** Stop as soon as the last operation is invoked, leaving the ones in flight pending. @default false */
  readonly leavePending?: boolean
  /** Report times divided by this and rounded down, so intervals share end points. @default 1 */
  readonly coarsen?: number
}

interface Flight {
  readonly id: number
  readonly op: string
  readonly input: Value
  readonly call: number
  output: Value | undefined
}

/**
 * Runs clients against a sequential register or map and records the history.
 *
 * @example
 * const history = simulateHistory({ ops: 1000, clients: 10, seed: 7 })
 * checkLinearizable(history, register(0)).result // 'linearizable'
 */
export function simulateHistory(options: SimulateOptions): Operation[] {
  const { ops, clients } = options
  if (!(Number.isInteger(ops) && ops >= 0)) throw new FaultlineError(`simulateHistory: ops must be a non-negative integer, got ${ops}`)
  if (!(Number.isInteger(clients) && clients >= 1)) throw new FaultlineError(`simulateHistory: clients must be a positive integer, got ${clients}`)
  const isMap = (options.object ?? 'register') === 'kvMap'
  const keys = options.keys ?? 10
  const reads = options.reads ?? 0.5
  const coarsen = options.coarsen ?? 1
  const schedule = options.schedule
  const rand = mulberry32(options.seed ?? 1)
  let at = 0
  // A choice below `n`, whether an invocation is a read, and which key it touches.
  const choose = (n: number): [number, boolean, number] => {
    if (schedule !== undefined) {
      const c = at < schedule.length ? (schedule[at] as number) : 0
      at++
      return [c % n, Math.floor(c / n) % 2 === 0, Math.floor(c / n / 2) % keys]
    }
    return [Math.floor(rand() * n), rand() < reads, Math.floor(rand() * keys)]
  }

  let register: Value = 0
  const map: Record<string, Value> = {}
  const flights: (Flight | null)[] = new Array<Flight | null>(clients).fill(null)
  const out: Operation[] = []
  let invoked = 0
  let written = 0
  let tick = 0
  const time = (): number => Math.floor(tick++ / coarsen)

  for (;;) {
    const able: number[] = []
    for (let c = 0; c < clients; c++) if (flights[c] !== null || invoked < ops) able.push(c)
    if (able.length === 0 || (options.leavePending === true && invoked >= ops)) break
    const [pick, read, k] = choose(able.length)
    const c = able[pick] as number
    const f = flights[c]
    if (f === null || f === undefined) {
      const id = invoked++
      const key = isMap ? `k${k}` : null
      const op = isMap ? (read ? 'get' : 'put') : read ? 'read' : 'write'
      const input: Value = read ? (isMap ? { key } : null) : isMap ? { key, value: ++written } : ++written
      flights[c] = { id, op, input, call: time(), output: undefined }
    } else if (f.output === undefined) {
      // The moment it takes effect.
      tick++
      if (isMap) {
        const { key, value } = f.input as { key: string; value?: Value }
        if (f.op === 'get') f.output = Object.prototype.hasOwnProperty.call(map, key) ? (map[key] as Value) : null
        else {
          map[key] = value as Value
          f.output = null
        }
      } else if (f.op === 'read') f.output = register
      else {
        register = f.input
        f.output = null
      }
    } else {
      out.push({ id: f.id, client: `c${c}`, call: f.call, ret: time(), op: f.op, input: f.input, output: f.output })
      flights[c] = null
    }
  }
  for (let c = 0; c < clients; c++) {
    const f = flights[c]
    if (f) out.push({ id: f.id, client: `c${c}`, call: f.call, ret: null, op: f.op, input: f.input, output: null })
  }
  return out.sort((a, b) => a.call - b.call || (a.id as number) - (b.id as number))
}

function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
