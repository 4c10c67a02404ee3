/**
 * Properties of the gossip model (models/gossip). Two safety properties of the version map
 * (`NoInventedVersion`, `MonotonicVersions`) and one bounded-liveness property written as safety
 * over the quiet-round counter (`ConvergesWithin`): once faults stop, every live node holds the
 * newest version any live node holds within `within` rounds. Because it is an `always`, the
 * explorer reports the run that fails to converge as a counterexample, and reports "holds" only
 * when every run converges in time.
 *
 * The `sometimes` witnesses show that the configuration can spread, remove and converge after a
 * fault, so none of the `always` properties holds by doing nothing.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import type { Entry, GossipSetup, GossipState } from '../models/gossip/model.js'

/**
 * Whether entry `e` of a key whose newest version is `latest` is one that was written: a live
 * version below the newest (or the newest, if it is live), or the tombstone that removed the key.
 */
export function wasWritten(e: Entry, latest: Entry): boolean {
  if (e === 0) return true
  if (e < 0) return e === latest
  const top = Math.abs(latest)
  return latest > 0 ? e <= top : e < top
}

/** `NoInventedVersion`: every node holds only versions that were written (live or removed, as written). */
export function noInventedVersion(s: GossipState): boolean {
  for (const node of s.nodes) {
    for (let k = 0; k < node.entries.length; k++) {
      if (!wasWritten(node.entries[k] ?? 0, s.latest[k] ?? 0)) return false
    }
  }
  return true
}

/**
 * `MonotonicVersions`: no node holds a version older than one it has already applied since it
 * (re)started (a removal counts as applying the tombstone's version).
 */
export function monotonicVersions(s: GossipState): boolean {
  for (const node of s.nodes) {
    if (!node.up) continue
    for (let k = 0; k < node.applied.length; k++) {
      const a = node.applied[k] ?? 0
      const e = node.entries[k] ?? 0
      if (a !== 0 && e !== 0 && Math.abs(e) < a) return false
    }
  }
  return true
}

/** Every live node holds, for every key, the newest version any live node holds. */
export function converged(s: GossipState): boolean {
  const keys = s.latest.length
  for (let k = 0; k < keys; k++) {
    let top = 0
    for (const node of s.nodes) if (node.up) top = Math.max(top, Math.abs(node.entries[k] ?? 0))
    for (const node of s.nodes) if (node.up && Math.abs(node.entries[k] ?? 0) !== top) return false
  }
  return true
}

function written(s: GossipState): boolean {
  return s.latest.some((v) => v !== 0)
}

/** How many live nodes hold some tombstone. */
function tombstoneHolders(s: GossipState): number {
  let c = 0
  for (const node of s.nodes) if (node.up && node.entries.some((e) => e < 0)) c++
  return c
}

/** The properties of a configuration (`ConvergesWithin` uses its `within`). */
export function gossipProperties(u: GossipSetup): Property<GossipState>[] {
  const k = u.within
  const b = u.budget
  const faulted = (s: GossipState): boolean =>
    s.budget.drop < b.drop || s.budget.crash < b.crash || s.budget.partition < b.partition
  const props: Property<GossipState>[] = [
    always('NoInventedVersion', noInventedVersion, 'A node only ever holds versions that were written, live or removed as written.'),
    always('MonotonicVersions', monotonicVersions, 'No node holds a version older than one it has already applied since it (re)started.'),
    always(
      'ConvergesWithin',
      (s) => s.quiet === null || s.quiet < k || converged(s),
      `Once faults stop, within ${k} rounds every live node holds the newest version any live node holds.`,
    ),
    sometimes(
      'VersionSpreads',
      (s) => {
        for (let key = 0; key < s.latest.length; key++) {
          const v = s.latest[key] ?? 0
          if (v === 0) continue
          let holders = 0
          for (const node of s.nodes) if (node.up && node.entries[key] === v) holders++
          if (holders >= 2) return true
        }
        return false
      },
      'Two live nodes hold the newest version of a key: gossip carried it.',
    ),
    sometimes(
      'ConvergesAfterFault',
      (s) => s.quiet !== null && faulted(s) && written(s) && converged(s) && s.nodes.some((n) => n.up && n.entries.some((e) => e !== 0)),
      'After a message was lost, a node crashed or the network split, the live nodes converge on a written version.',
    ),
    sometimes('QuietForWithin', (s) => s.quiet === k && written(s), `The quiet phase lasts ${k} rounds after a write, so ConvergesWithin is tested.`),
  ]
  if (b.write > 1) {
    props.push(
      sometimes(
        'NewerVersionSpreads',
        (s) => s.latest.some((v, key) => v >= 2 && s.nodes.filter((n) => n.up && n.entries[key] === v).length >= 2),
        'A second version of a key replaces the first at two live nodes.',
      ),
    )
  }
  if (b.remove > 0 && !u.noTombstones) {
    props.push(sometimes('RemovalSpreads', (s) => tombstoneHolders(s) >= 2, 'Two live nodes hold the tombstone of a removed key.'))
  }
  return props
}
