/**
 * The visited table: an open-addressing hash table of 64-bit fingerprints in typed arrays, with a
 * parent link, the action index that led here and the depth for every distinct state. V8's `Set`
 * and `Map` stop at 2^24 entries; this table grows until memory runs out, at about 30 bytes per
 * state. States themselves are not stored: a trace is rebuilt by following parent links back to an
 * initial state and replaying the recorded action indices.
 */

const EMPTY = 0
const MAX_LOAD = 0.7

/** Marks a root: `parent` of an initial state. Its `via` is the index into `init()`. */
export const ROOT = -1

export class VisitedTable {
  private mask: number
  /** Slot i is [hi, lo, id + 1] at 3i (0 = empty), interleaved so a probe touches one cache line. */
  private slots: Int32Array
  private parents: Int32Array
  private vias: Uint32Array
  private depths: Uint32Array
  size = 0

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 10
    while (cap < initialCapacity) cap <<= 1
    this.mask = cap - 1
    this.slots = new Int32Array(cap * 3)
    const perId = Math.ceil(cap * MAX_LOAD) + 1
    this.parents = new Int32Array(perId)
    this.vias = new Uint32Array(perId)
    this.depths = new Uint32Array(perId)
  }

  /** Bytes held by the table's arrays (the visited set's whole footprint). */
  get bytes(): number {
    return (
      this.slots.byteLength +
      this.parents.byteLength +
      this.vias.byteLength +
      this.depths.byteLength
    )
  }

  /**
   * Inserts a fingerprint. Returns the new state's id (>= 0), or `-(id + 1)` of the state already
   * stored under this fingerprint.
   */
  insert(hi: number, lo: number, parent: number, via: number, depth: number): number {
    if (this.size + 1 > (this.mask + 1) * MAX_LOAD) this.grow()
    const mask = this.mask
    const slots = this.slots
    hi |= 0
    lo |= 0
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask
    for (;;) {
      const sid = slots[slot * 3 + 2] as number
      if (sid === EMPTY) break
      if (slots[slot * 3 + 1] === lo && slots[slot * 3] === hi) return -sid
      slot = (slot + 1) & mask
    }
    const id = this.size++
    slots[slot * 3] = hi
    slots[slot * 3 + 1] = lo
    slots[slot * 3 + 2] = id + 1
    if (id >= this.parents.length) this.growPerId()
    this.parents[id] = parent
    this.vias[id] = via
    this.depths[id] = depth
    return id
  }

  /** Whether a fingerprint is stored. */
  has(hi: number, lo: number): boolean {
    const mask = this.mask
    const slots = this.slots
    hi |= 0
    lo |= 0
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask
    for (;;) {
      if (slots[slot * 3 + 2] === EMPTY) return false
      if (slots[slot * 3 + 1] === lo && slots[slot * 3] === hi) return true
      slot = (slot + 1) & mask
    }
  }

  parent(id: number): number {
    return this.parents[id] as number
  }
  via(id: number): number {
    return this.vias[id] as number
  }
  depth(id: number): number {
    return this.depths[id] as number
  }

  /** Re-points a state at a shorter path (depth-bounded DFS found it again, closer to the root). */
  relink(id: number, parent: number, via: number, depth: number): void {
    this.parents[id] = parent
    this.vias[id] = via
    this.depths[id] = depth
  }

  /** The path from a root to `id`: the root's init index and the action indices, in order. */
  path(id: number): { init: number; vias: number[] } {
    const vias: number[] = []
    let cur = id
    for (;;) {
      const p = this.parents[cur] as number
      if (p === ROOT) return { init: this.vias[cur] as number, vias: vias.reverse() }
      vias.push(this.vias[cur] as number)
      cur = p
    }
  }

  private grow(): void {
    const old = this.slots
    const cap = (this.mask + 1) * 2
    this.mask = cap - 1
    const slots = new Int32Array(cap * 3)
    const mask = this.mask
    for (let i = 0; i < old.length; i += 3) {
      const sid = old[i + 2] as number
      if (sid === EMPTY) continue
      const hi = old[i] as number
      const lo = old[i + 1] as number
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask
      while (slots[slot * 3 + 2] !== EMPTY) slot = (slot + 1) & mask
      slots[slot * 3] = hi
      slots[slot * 3 + 1] = lo
      slots[slot * 3 + 2] = sid
    }
    this.slots = slots
  }

  private growPerId(): void {
    const n = Math.ceil(this.parents.length * 1.5) + 16
    const p = new Int32Array(n)
    p.set(this.parents)
    this.parents = p
    const v = new Uint32Array(n)
    v.set(this.vias)
    this.vias = v
    const d = new Uint32Array(n)
    d.set(this.depths)
    this.depths = d
  }
}

/** A FIFO of values in fixed-size chunks, so a frontier of tens of millions never needs one huge array. */
export class ChunkedQueue<T> {
  private static readonly CHUNK = 1 << 14
  private chunks: T[][] = [[]]
  private head = 0
  length = 0

  push(v: T): void {
    let last = this.chunks[this.chunks.length - 1] as T[]
    if (last.length === ChunkedQueue.CHUNK) {
      last = []
      this.chunks.push(last)
    }
    last.push(v)
    this.length++
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined
    let first = this.chunks[0] as T[]
    if (this.head === first.length) {
      this.chunks.shift()
      this.head = 0
      first = this.chunks[0] as T[]
    }
    const v = first[this.head] as T
    ;(first as (T | undefined)[])[this.head] = undefined
    this.head++
    this.length--
    if (this.length === 0) {
      this.chunks = [[]]
      this.head = 0
    }
    return v
  }
}

/**
 * A FIFO of fixed-width records of 32-bit words (a state id and its packed state), in chunks:
 * a packed frontier holds no objects for the garbage collector to trace.
 */
export class WordQueue {
  private static readonly RECORDS = 1 << 12
  private chunks: Int32Array[]
  private readonly chunkWords: number
  private head = 0
  private tail = 0
  length = 0

  constructor(readonly stride: number) {
    this.chunkWords = stride * WordQueue.RECORDS
    this.chunks = [new Int32Array(this.chunkWords)]
  }

  /** Appends one record: `first`, then `n` words of `from` starting at `at`. */
  push(first: number, from: Int32Array, at: number, n: number): void {
    let last = this.chunks[this.chunks.length - 1] as Int32Array
    if (this.tail === this.chunkWords) {
      last = new Int32Array(this.chunkWords)
      this.chunks.push(last)
      this.tail = 0
    }
    last[this.tail] = first
    for (let i = 0; i < n; i++) last[this.tail + 1 + i] = from[at + i] as number
    this.tail += this.stride
    this.length++
  }

  /** Removes the first record; returns its chunk, with the record at offset {@link WordQueue.at}. */
  shift(): Int32Array {
    let first = this.chunks[0] as Int32Array
    if (this.head === this.chunkWords) {
      this.chunks.shift()
      this.head = 0
      first = this.chunks[0] as Int32Array
    }
    this.at = this.head
    this.head += this.stride
    this.length--
    if (this.length === 0 && this.chunks.length === 1) {
      this.head = 0
      this.tail = 0
    }
    return first
  }

  /** Offset of the record {@link WordQueue.shift} returned, within its chunk. */
  at = 0
}
