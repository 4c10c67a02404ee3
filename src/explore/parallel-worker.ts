/**
 * One worker of the parallel BFS (see parallel.ts). It owns the states whose fingerprint falls in
 * its partition: it stores them in its own visited table, checks the properties on them and
 * expands them. Each level it expands its frontier, sends every successor to the successor's
 * owner, takes in what the other workers sent it (in worker order, so ids and traces do not depend
 * on timing), and reports to the coordinator.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { getHeapStatistics } from 'node:v8'
import type { AnyModel, Property } from '../core/model.js'
import { Hasher } from '../core/canonical.js'
import { FaultlineError, messageOf } from '../core/errors.js'
import { ROOT, VisitedTable } from './visited.js'
import { loadModel } from './source.js'
import { fingerprintInto, propertyHolds, symmetryOf } from './search.js'
import { CONTROL, STOP, type FromWorker, type LevelResult, type ToWorker, type WorkerSetup } from './parallel-protocol.js'

/** Fixed-width records of 32-bit words, growing as needed, plus one object per record when states
 * travel as objects (models without a codec). */
class Records {
  buf: Int32Array
  length = 0
  readonly objs: unknown[] = []

  constructor(readonly stride: number, capacity = 1024) {
    this.buf = new Int32Array(stride * capacity)
  }

  /** Room for one more record; returns its offset. */
  reserve(): number {
    const at = this.length * this.stride
    if (at + this.stride > this.buf.length) {
      const bigger = new Int32Array(Math.max(this.buf.length * 2, this.stride * 1024))
      bigger.set(this.buf.subarray(0, at))
      this.buf = bigger
    }
    this.length++
    return at
  }
}

/** A batch as it arrives from another worker: the words, and the objects if states are objects. */
interface Batch {
  readonly buf: Int32Array
  readonly length: number
  readonly objs: readonly unknown[]
}

const setup = workerData as WorkerSetup
const port = parentPort as MessagePort
const { index: me, n } = setup
const control = new Int32Array(setup.control)
const peers = setup.peers

let model: AnyModel
let sym: ((s: unknown) => unknown) | undefined
let always: Property<unknown>[] = []
let sometimes: Property<unknown>[] = []
const table = new VisitedTable()
const hasher = new Hasher()
let packed = new Int32Array(0)
let words = 0
/** Successor record: parent (global id), via, hi, lo, then the packed state. */
const HEAD = 4
let frontier: Records
const alwaysSeen = new Set<number>()
const sometimesSeen = new Set<number>()
const heapLimit = getHeapStatistics().heap_size_limit * 0.8

/**
 * Batches received from peers, by exchange round, then by sender. A level is expanded in rounds
 * of at most `roundStates` states per worker, so the successors in flight stay bounded;
 * every worker takes part in every round (with an empty batch if it has nothing left), and a
 * faster peer may already have sent the next round's batch.
 */
const inbox = new Map<number, { readonly batches: (Batch | null)[]; count: number; done: (() => void) | null }>()
let round = 0

function slot(r: number) {
  let box = inbox.get(r)
  if (box === undefined) {
    box = { batches: new Array<Batch | null>(n).fill(null), count: 0, done: null }
    inbox.set(r, box)
  }
  return box
}

peers.forEach((p, j) => {
  if (p === null) return
  p.on('message', (m: { readonly round: number; readonly batch: Batch }) => {
    const box = slot(m.round)
    box.batches[j] = m.batch
    box.count++
    if (box.count === n - 1) box.done?.()
  })
})

function stopped(): boolean {
  return Atomics.load(control, CONTROL.stop) !== STOP.none
}

function stop(why: number): void {
  Atomics.compareExchange(control, CONTROL.stop, STOP.none, why)
}

/** Fingerprints `s` into hasher.hi/lo (and `packed`, with a codec). */
function fingerprint(s: unknown): void {
  fingerprintInto(hasher, model.codec, packed, s)
}

/** The worker that owns a fingerprint. Table slots use the low bits of lo ^ hi*c; this uses hi. */
function ownerOf(hi: number): number {
  return (hi >>> 0) % n
}

function push(out: Records[], s: unknown, parent: number, via: number): void {
  fingerprint(s)
  const o = out[ownerOf(hasher.hi)] as Records
  const at = o.reserve()
  const b = o.buf
  b[at] = parent
  b[at + 1] = via
  b[at + 2] = hasher.hi
  b[at + 3] = hasher.lo
  if (words > 0) b.set(packed, at + HEAD)
  else o.objs.push(s)
}

function stateOf(r: Batch | Records, i: number, at: number): unknown {
  const codec = model.codec
  return codec !== undefined ? codec.unpack(r.buf, at) : r.objs[i]
}

/** Stores the new states among `batches` (in worker order) at `depth`, checks them, and queues
 * them on `next`. */
function take(batches: readonly (Batch | Records)[], depth: number, result: LevelResult, next: Records): void {
  const stride = HEAD + words
  const maxStates = setup.maxStates
  batches: for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      if ((i & 1023) === 0 && stopped()) break batches
      const at = i * stride
      const buf = b.buf
      const id = table.insert(buf[at + 2] as number, buf[at + 3] as number, buf[at] as number, buf[at + 1] as number, depth)
      if (id < 0) continue
      result.added++
      const s = stateOf(b, i, at + HEAD)
      check(s, id, depth, result)
      const f = next.reserve()
      next.buf[f] = id
      if (words > 0) next.buf.set(buf.subarray(at + HEAD, at + stride), f + 1)
      else next.objs.push(s)
      // Every worker counts into one shared total, so the bound is overshot by at most one state
      // per other worker.
      if (Atomics.add(control, CONTROL.states, 1) + 1 >= maxStates || Atomics.load(control, CONTROL.stop) === STOP.maxStates) {
        stop(STOP.maxStates)
        break batches
      }
      if ((id & 65535) === 0 && getHeapStatistics().used_heap_size > heapLimit) stop(STOP.memory)
    }
  }
}

function check(s: unknown, id: number, depth: number, result: LevelResult): void {
  const gid = id * n + me
  for (let p = 0; p < always.length; p++) {
    if (alwaysSeen.has(p)) continue
    if (!propertyHolds(model, always[p] as Property<unknown>, s, depth)) {
      alwaysSeen.add(p)
      result.violations.push([p, gid])
    }
  }
  for (let p = 0; p < sometimes.length; p++) {
    if (sometimesSeen.has(p)) continue
    if (propertyHolds(model, sometimes[p] as Property<unknown>, s, depth)) {
      sometimesSeen.add(p)
      result.witnesses.push([p, gid])
    }
  }
}

/** Expands states [from, to) of the frontier: every successor goes to its owner's batch. */
function expand(result: LevelResult, from: number, to: number): Records[] {
  const out: Records[] = []
  for (let j = 0; j < n; j++) out.push(new Records(HEAD + words))
  const stride = 1 + words
  const within = model.within
  for (let i = from; i < to; i++) {
    if ((i & 255) === 0 && stopped()) break
    const at = i * stride
    const s = stateOf(frontier, i, at + 1)
    const gid = (frontier.buf[at] as number) * n + me
    if (words === 0) hasher.remember(s)
    const actions = model.actions(s)
    for (let a = 0; a < actions.length; a++) {
      const t = model.next(s, actions[a])
      if (t === undefined) continue
      result.transitions++
      if (within !== undefined && !within(t)) {
        result.pruned++
        continue
      }
      push(out, sym === undefined ? t : sym(t), gid, a)
    }
  }
  return out
}

/** Sends each peer its batch of this round and waits for every peer's batch to this worker. */
async function exchange(out: Records[]): Promise<(Batch | Records)[]> {
  const r = round++
  const box = slot(r)
  const all = new Promise<void>((resolve) => {
    if (box.count === n - 1) resolve()
    else box.done = resolve
  })
  peers.forEach((p, j) => {
    if (p === null) return
    // The batch is not used here again: hand its buffer over whole rather than copy it.
    const o = out[j] as Records
    p.postMessage({ round: r, batch: { buf: o.buf, length: o.length, objs: o.objs } satisfies Batch }, [o.buf.buffer as ArrayBuffer])
  })
  await all
  inbox.delete(r)
  return box.batches.map((b, j) => (j === me ? (out[me] as Records) : (b as Batch)))
}

/** Expands the frontier in `rounds` rounds, swapping successors after each; `each` gets a round's batches. */
async function inRounds(rounds: number, result: LevelResult, each: (batches: (Batch | Records)[]) => void): Promise<void> {
  const per = setup.roundStates
  for (let r = 0; r < rounds; r++) {
    const from = Math.min(frontier.length, r * per)
    each(await exchange(expand(result, from, Math.min(frontier.length, from + per))))
  }
}

/** Makes `next` the frontier and reports the level. */
function settle(result: LevelResult, next: Records): FromWorker {
  frontier = next
  result.frontier = next.length
  result.bytes = table.bytes
  return { type: 'level', result }
}

function emptyResult(): LevelResult {
  return { added: 0, transitions: 0, pruned: 0, frontier: 0, violations: [], witnesses: [], unseen: false, bytes: 0 }
}

async function handle(msg: ToWorker): Promise<FromWorker> {
  switch (msg.type) {
    case 'start': {
      const loaded = await loadModel(setup.source)
      model = loaded.model
      words = model.codec?.words ?? 0
      packed = new Int32Array(words)
      frontier = new Records(1 + words)
      sym = symmetryOf(model, setup.symmetry)
      always = model.properties.filter((p) => p.kind === 'always')
      sometimes = model.properties.filter((p) => p.kind === 'sometimes')
      const result = emptyResult()
      const mine = new Records(HEAD + words)
      model.init().forEach((s: unknown, i: number) => {
        if (model.within !== undefined && !model.within(s)) {
          if (me === 0) result.pruned++
          return
        }
        const c = sym === undefined ? s : sym(s)
        fingerprint(c)
        if (ownerOf(hasher.hi) !== me) return
        const at = mine.reserve()
        mine.buf.set([ROOT, i, hasher.hi, hasher.lo], at)
        if (words > 0) mine.buf.set(packed, at + HEAD)
        else mine.objs.push(c)
      })
      const next = new Records(1 + words)
      take([mine], 0, result, next)
      return settle(result, next)
    }
    case 'expand': {
      const result = emptyResult()
      const next = new Records(1 + words)
      await inRounds(msg.rounds, result, (batches) => take(batches, msg.depth, result, next))
      return settle(result, next)
    }
    case 'probe': {
      // At the depth bound: does any state there have a successor not yet stored?
      const result = emptyResult()
      const stride = HEAD + words
      await inRounds(msg.rounds, result, (batches) => {
        for (const b of batches) {
          for (let i = 0; i < b.length && !result.unseen; i++) {
            if (!table.has(b.buf[i * stride + 2] as number, b.buf[i * stride + 3] as number)) result.unseen = true
          }
        }
      })
      return { type: 'level', result }
    }
    case 'link':
      return { type: 'link', parent: table.parent(msg.id), via: table.via(msg.id) }
  }
}

let queue = Promise.resolve()
port.on('message', (msg: ToWorker) => {
  queue = queue.then(async () => {
    try {
      port.postMessage(await handle(msg))
    } catch (err) {
      const known = err instanceof FaultlineError
      port.postMessage({
        type: 'error',
        message: known
          ? err.message
          : `model ${model?.name ?? setup.source.name} threw ${err instanceof Error ? err.name : 'a value'} while the search ran: ${messageOf(err)}; run without workers for the details`,
      } satisfies FromWorker)
    }
  })
})
