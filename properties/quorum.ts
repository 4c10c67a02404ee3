/**
 * Properties of the quorum replication model (models/quorum), all read off the client history
 * the model keeps as a ghost: one entry per operation, with its invocation and return times.
 *
 * `ReadSeesLatestAck` is the guarantee R + W > N buys: a read that starts after a write was
 * acknowledged returns that write's version or a newer one. `Linearizable` asks for more: that
 * the whole history is linearizable as a register (initial value 0), checked with the WGL search of
 * `src/history` in every state. Histories are small (a few operations) and many states share one,
 * so each distinct history is checked once and the verdict memoised for the rest of the search.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import { checkLinearizable, register } from '../src/history/index.js'
import type { History, Operation } from '../src/history/index.js'
import type { HistoryEntry, QuorumSetup, QuorumState } from '../models/quorum/model.js'

/**
 * Every completed read returns a version at least as new as every write acknowledged before the
 * read was invoked.
 */
export function readSeesLatestAck(h: readonly HistoryEntry[]): boolean {
  for (const rd of h) {
    if (rd.op !== 'read' || rd.ret === null || rd.val === null) continue
    for (const wr of h) {
      if (wr.op !== 'write' || wr.ret === null || wr.ret > rd.call || wr.val === null) continue
      // Write i writes version i: a newer write has a greater value.
      if (rd.val < wr.val) return false
    }
  }
  return true
}

/** The ghost history as `src/history` takes it: completed reads, and every write (pending ones with `ret: null`). */
export function toHistory(h: readonly HistoryEntry[]): History {
  const ops: Operation[] = []
  h.forEach((e, id) => {
    if (e.op === 'read') {
      // A pending read has no output and cannot constrain anything: leave it out.
      if (e.ret !== null) ops.push({ id, client: e.client, op: 'read', input: null, call: e.call, ret: e.ret, output: e.val })
    } else {
      ops.push({ id, client: e.client, op: 'write', input: e.val, call: e.call, ret: e.ret, output: null })
    }
  })
  return ops
}

/** A canonical key of a history, for memoising verdicts. */
function historyKey(h: readonly HistoryEntry[]): string {
  let k = ''
  for (const e of h) k += `${e.client}${e.op[0]}${e.call},${e.ret ?? '-'},${e.val ?? '-'};`
  return k
}

/** A linearizability check of ghost histories, memoised per distinct history (one per model build). */
export function linearizableChecker(): (h: readonly HistoryEntry[]) => boolean {
  const spec = register(0)
  const memo = new Map<string, boolean>()
  return (h) => {
    // No read has returned: writes alone are always linearizable.
    if (!h.some((e) => e.op === 'read' && e.ret !== null)) return true
    const key = historyKey(h)
    const known = memo.get(key)
    if (known !== undefined) return known
    const r = checkLinearizable(toHistory(h), spec, { minimize: false })
    if (r.result === 'unknown') throw new Error(`quorum: linearizability check ran out of budget on ${key}`)
    const ok = r.result === 'linearizable'
    memo.set(key, ok)
    return ok
  }
}

/** A read returned a value some write wrote (not the initial 0). */
export function readReturnsWrite(h: readonly HistoryEntry[]): boolean {
  return h.some((e) => e.op === 'read' && e.ret !== null && e.val !== null && e.val !== 0)
}

/** A read invoked after some write was acknowledged has returned: `ReadSeesLatestAck` is not vacuous. */
export function readAfterAck(h: readonly HistoryEntry[]): boolean {
  return h.some(
    (rd) => rd.op === 'read' && rd.ret !== null && h.some((wr) => wr.op === 'write' && wr.ret !== null && wr.ret < rd.call),
  )
}

/** The properties of a config: the two guarantees, and witnesses that they are not vacuous. */
export function quorumProperties(u: QuorumSetup): readonly Property<QuorumState>[] {
  const linearizable = linearizableChecker()
  const props: Property<QuorumState>[] = [
    always(
      'ReadSeesLatestAck',
      (s) => readSeesLatestAck(s.ghost.history),
      'A read that starts after a write was acknowledged returns that write or a newer one.',
    ),
    always('Linearizable', (s) => linearizable(s.ghost.history), 'The client history is linearizable as a register with initial value 0.'),
  ]
  if (u.writer !== null && u.reader !== null) {
    props.push(
      sometimes('ReadReturnsWrite', (s) => readReturnsWrite(s.ghost.history), 'A read returns a value some write wrote.'),
      sometimes('ReadAfterAck', (s) => readAfterAck(s.ghost.history), 'A read that started after a write was acknowledged returns.'),
    )
    // With one replica nothing can be stale: a read sees the write there, or the write has not reached any replica.
    if (u.n >= 2) {
      props.push(sometimes('ReadRepairFixesStale', (s) => s.ghost.repaired, "A read's repair raises a stale replica to the newest version."))
    }
  }
  if (u.sloppy && u.spares.length > 0) {
    props.push(sometimes('HintHandedOff', (s) => s.ghost.handedOff, 'A spare hands a hinted write back to its replica, which takes it.'))
  }
  return props
}
