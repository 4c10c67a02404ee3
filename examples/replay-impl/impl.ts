/**
 * A small asynchronous implementation of two-phase commit, the kind of code the `twophase` model
 * describes: a transaction manager and resource managers with async handlers, a durable log that
 * takes time to write, and a network that never delivers on its own. Every delivery is made by
 * whoever drives the cluster (here: a trace of the model), so any interleaving the model can take,
 * the implementation can be made to take too.
 */

/** A message on the wire. */
export type Msg =
  | { readonly type: 'Prepared'; readonly rm: number }
  | { readonly type: 'Commit' }
  | { readonly type: 'Abort' }

/** Node names: `tm`, or `rm1..rmN`. */
export type NodeId = 'tm' | `rm${number}`

/** A log whose appends complete later, as a disk write does. */
export class Log {
  readonly entries: string[] = []

  async append(entry: string): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.entries.push(entry)
  }
}

/**
 * The network: what was sent, to whom. It never delivers by itself; `deliver` hands one matching
 * message to its destination's handler. Like the spec's message set, a message stays deliverable
 * after it was delivered (duplicates are allowed).
 */
export class Network {
  readonly sent: { readonly to: NodeId; readonly msg: Msg }[] = []
  private readonly handlers = new Map<NodeId, (msg: Msg) => Promise<void>>()

  register(id: NodeId, handler: (msg: Msg) => Promise<void>): void {
    this.handlers.set(id, handler)
  }

  send(to: NodeId, msg: Msg): void {
    this.sent.push({ to, msg })
  }

  /** Delivers a message to `to` that satisfies `match`; false when none was sent. */
  async deliver(to: NodeId, match: (m: Msg) => boolean): Promise<boolean> {
    const envelope = this.sent.find((e) => e.to === to && match(e.msg))
    const handler = this.handlers.get(to)
    if (!envelope || !handler) return false
    await handler(envelope.msg)
    return true
  }
}

export type RMStatus = 'working' | 'prepared' | 'committed' | 'aborted'

/** A resource manager: votes, aborts on its own while undecided, obeys the TM's decision. */
export class ResourceManager {
  status: RMStatus = 'working'
  readonly log = new Log()

  constructor(
    readonly index: number,
    private readonly net: Network,
  ) {
    net.register(`rm${index}`, (m) => this.onMessage(m))
  }

  /** Votes to commit: logs the vote, then sends Prepared. Refused unless working. */
  async prepare(): Promise<boolean> {
    if (this.status !== 'working') return false
    this.status = 'prepared'
    await this.log.append('prepared')
    this.net.send('tm', { type: 'Prepared', rm: this.index })
    return true
  }

  /** Aborts on its own; only allowed before voting. */
  async chooseToAbort(): Promise<boolean> {
    if (this.status !== 'working') return false
    this.status = 'aborted'
    await this.log.append('aborted')
    return true
  }

  private async onMessage(m: Msg): Promise<void> {
    if (m.type === 'Commit' && this.status !== 'committed') {
      await this.log.append('committed')
      this.status = 'committed'
    } else if (m.type === 'Abort' && this.status !== 'aborted') {
      await this.log.append('aborted')
      this.status = 'aborted'
    }
  }
}

export type TMStatus = 'init' | 'committed' | 'aborted'

/** Options of the implementation; `commitOnFirstVote` is a bug, off by default. */
export interface ClusterOptions {
  readonly rms: number
  /** Bug: the TM commits as soon as any one RM has voted, not every RM. */
  readonly commitOnFirstVote?: boolean
}

/** The transaction manager: collects votes, decides, tells every RM. */
export class TransactionManager {
  status: TMStatus = 'init'
  /** RMs whose Prepared vote the TM has received. */
  readonly prepared = new Set<number>()
  readonly log = new Log()

  constructor(
    private readonly net: Network,
    private readonly o: ClusterOptions,
  ) {
    net.register('tm', (m) => this.onMessage(m))
  }

  private async onMessage(m: Msg): Promise<void> {
    if (m.type === 'Prepared' && this.status === 'init') this.prepared.add(m.rm)
  }

  /** Decides to commit, if every RM has voted (or, with the bug, any one). */
  async commit(): Promise<boolean> {
    const votes = this.o.commitOnFirstVote ? this.prepared.size > 0 : this.prepared.size === this.o.rms
    if (this.status !== 'init' || !votes) return false
    this.status = 'committed'
    await this.log.append('commit')
    this.broadcast({ type: 'Commit' })
    return true
  }

  /** Decides to abort, while undecided. */
  async abort(): Promise<boolean> {
    if (this.status !== 'init') return false
    this.status = 'aborted'
    await this.log.append('abort')
    this.broadcast({ type: 'Abort' })
    return true
  }

  private broadcast(m: Msg): void {
    for (let i = 1; i <= this.o.rms; i++) this.net.send(`rm${i}`, m)
  }
}

/** A TM, `rms` RMs and the network between them. */
export class Cluster {
  readonly net = new Network()
  readonly tm: TransactionManager
  readonly rms: ResourceManager[]

  constructor(readonly o: ClusterOptions) {
    this.tm = new TransactionManager(this.net, o)
    this.rms = Array.from({ length: o.rms }, (_, i) => new ResourceManager(i + 1, this.net))
  }

  rm(k: number): ResourceManager {
    const r = this.rms[k - 1]
    if (!r) throw new Error(`unknown RM rm${k}; this cluster has rm1..rm${this.rms.length}`)
    return r
  }
}
