/**
 * Properties of the replicated last-writer-wins register (models/lww): a write that happened
 * after another never loses to it, and replicas that have heard everything agree.
 */
import { always, sometimes, type Property } from '../src/core/model.js'
import { before, eventName, type History, type PlacedEvent } from '../models/clocks/history.js'
import type { LwwState, Register, Stamp } from '../models/lww/model.js'
import { concurrent } from './clocks.js'

/** The write events (as placed events of the history) a replica knows: its own and those it received. */
function knownWrites<T>(h: History<T>, i: number): PlacedEvent<T>[] {
  const out: PlacedEvent<T>[] = []
  const evs = h[i] ?? []
  for (let k = 1; k <= evs.length; k++) {
    const e = evs[k - 1]
    if (e === undefined) continue
    if (e.kind === 'send') out.push({ p: i, k, e })
    else if (e.kind === 'receive' && e.cause !== null) {
      const w = writeEvent(h, e.cause)
      if (w !== null) out.push(w)
    }
  }
  return out
}

/** The write event named `n1.2`, placed. */
function writeEvent<T>(h: History<T>, name: string): PlacedEvent<T> | null {
  const m = /^n(\d+)\.(\d+)$/.exec(name)
  if (!m) return null
  const p = Number(m[1]) - 1
  const k = Number(m[2])
  const e = h[p]?.[k - 1]
  return e === undefined ? null : { p, k, e }
}

/** The write a register holds, placed in the history. */
function heldWrite<T>(h: History<T>, r: Register<T>): PlacedEvent<T> | null {
  const p = Number(r.writer.slice(1)) - 1
  return writeEvent(h, eventName(p, r.seq))
}

/** Every write event of the history. */
function allWrites<T>(h: History<T>): PlacedEvent<T>[] {
  const out: PlacedEvent<T>[] = []
  h.forEach((evs, p) => evs.forEach((e, k) => e.kind === 'send' && out.push({ p, k: k + 1, e })))
  return out
}

function sameRegister<T>(a: Register<T> | null, b: Register<T> | null): boolean {
  if (a === null || b === null) return a === b
  return a.writer === b.writer && a.seq === b.seq
}

/**
 * - `CausallyLaterWriteWins`: no replica holds a write that happened before another write it
 *   knows (made or received): a causally later write is never lost to an earlier one.
 * - `ReplicasAgreeWhenQuiet`: when no write is in flight, every replica holds the same write.
 */
export function lwwProperties(): Property<LwwState<Stamp>>[] {
  return [
    always(
      'CausallyLaterWriteWins',
      (s) =>
        s.reg.every((r, i) => {
          if (r === null) return true
          const held = heldWrite(s.ghost, r)
          return held === null || knownWrites(s.ghost, i).every((w) => !before(held, w))
        }),
      'No replica keeps a write over a write it knows that happened after it.',
    ),
    always(
      'ReplicasAgreeWhenQuiet',
      (s) => s.net.length > 0 || s.reg.every((r) => sameRegister(r, s.reg[0] ?? null)),
      'When no write is in flight, every replica holds the same write.',
    ),
    sometimes(
      'ConcurrentWrites',
      (s) => {
        const ws = allWrites(s.ghost)
        return ws.some((a) => ws.some((b) => concurrent(a, b)))
      },
      'Two writes happen with neither before the other.',
    ),
    sometimes(
      'RemoteWriteWins',
      (s) => s.reg.some((r, i) => r !== null && r.writer !== `n${i + 1}`),
      "Some replica holds another replica's write.",
    ),
    sometimes(
      'QuietAfterConcurrentWrites',
      (s) => {
        if (s.net.length > 0) return false
        const ws = allWrites(s.ghost)
        return ws.some((a) => ws.some((b) => concurrent(a, b)))
      },
      'Every write has arrived everywhere after two concurrent writes: agreement is not vacuous.',
    ),
  ]
}
