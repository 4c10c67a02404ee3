/**
 * The gossip model: epidemic dissemination of a version map (Demers et al., 1987) by push, pull
 * or push-pull rounds with a fan-out, over a lossy network with crashes and partitions. See
 * README.md beside this file for the protocol, the spec-to-code table, what is not modelled, and
 * the weakenings; study.ts measures rounds to convergence against N and fan-out.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildGossip } from './model.js'
import type { GossipAction, GossipParams, GossipState } from './model.js'

export type {
  Entry,
  GossipAction,
  GossipBudget,
  GossipFlag,
  GossipMode,
  GossipMsg,
  GossipNode,
  GossipParams,
  GossipSetup,
  GossipState,
  MsgType,
} from './model.js'
export {
  buildGossip,
  formatEntries,
  formatGossipAction,
  freshNode,
  gossipActions,
  gossipNext,
  gossipSetup,
  initialState,
  keyName,
  mergeEntries,
  nextCycle,
  nodeName,
} from './model.js'
export { renderStudySvg, renderStudyTable, studyGossip } from './study.js'
export type { StudyOptions, StudyResult, StudyRow } from './study.js'

const base: GossipParams = {
  nodes: 3,
  fanout: 1,
  mode: 3,
  keys: 1,
  writes: 1,
  removes: 0,
  drops: 1,
  crashes: 0,
  restarts: 0,
  partitions: 0,
  within: 3,
}
const pair: GossipParams = { ...base, nodes: 2, within: 2 }

/** Gossip: a version map spread by push, pull or push-pull anti-entropy rounds. */
export const gossip = defineModel<GossipParams, GossipState, GossipAction>({
  name: 'gossip',
  summary: 'Epidemic dissemination (Demers et al.): push, pull or push-pull rounds with a fan-out, over a lossy network with crashes and partitions',
  params: {
    nodes: { doc: 'number of nodes (n1..nN)', min: 2 },
    fanout: { doc: 'peers each node contacts per round (capped at N - 1)', min: 0 },
    mode: { doc: '1 = push, 2 = pull, 3 = push-pull', min: 1, max: 3 },
    keys: { doc: 'keys of the version map (k1..kN)', min: 1, max: 4 },
    writes: { doc: 'workload: how many writes (each the next version of a key) a run may make', min: 0 },
    removes: { doc: 'workload: how many removals (tombstones) a run may make', min: 0 },
    drops: { doc: 'fault budget: messages the network may lose', min: 0 },
    crashes: { doc: 'fault budget: node crashes', min: 0 },
    restarts: { doc: 'fault budget: restarts of crashed nodes (they come back empty)', min: 0 },
    partitions: { doc: 'fault budget: network partitions (each heals by Heal or Quiesce)', min: 0 },
    within: { doc: 'ConvergesWithin(k): rounds after Quiesce by which every live node must hold the newest version', min: 0 },
  },
  configs: {
    tiny: {
      doc: '3 nodes, push-pull, fan-out 1, one write, one lost message, converge within 3 rounds: 21,080 states',
      params: base,
    },
    ci: {
      doc: '3 nodes, push-pull, fan-out 1, a write and a removal, one lost message, one crash, converge within 4 rounds: 153,000 states',
      params: { ...base, removes: 1, crashes: 1, within: 4 },
    },
    deep: {
      doc: '3 nodes, push-pull, two writes and a removal, one lost message, one crash and restart, converge within 4 rounds: 9,620,922 states, a few minutes',
      params: { ...base, writes: 2, removes: 1, crashes: 1, restarts: 1, within: 4 },
    },
    random: {
      doc: '100 nodes, push-pull, fan-out 1, a write and a removal, four lost messages, two crashes, converge within 12 rounds: far too big to exhaust; for --strategy random',
      params: { ...base, nodes: 100, removes: 1, drops: 4, crashes: 2, within: 12 },
    },
    faults: {
      doc: '3 nodes, push-pull, one write, one crash, one restart, one partition, converge within 4 rounds: 320,700 states',
      params: { ...base, drops: 0, crashes: 1, restarts: 1, partitions: 1, within: 4 },
    },
    pair: {
      doc: '2 nodes, push-pull, a write and a removal, one lost message, converge within 2 rounds: the smallest for noTombstones',
      params: { ...pair, removes: 1 },
    },
    'pair-push': {
      doc: '2 nodes, push, one write, one lost message, converge within 2 rounds: the smallest for forwardOnce',
      params: { ...pair, mode: 1 },
    },
    'pair-pull': {
      doc: '2 nodes, pull, one write, one lost message, converge within 2 rounds: the smallest for pullFanoutZero',
      params: { ...pair, mode: 2 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    pullFanoutZero: {
      doc: 'pull-only nodes run with fan-out 0: they never ask a peer, so only the writer holds a new version',
      breaks: 'ConvergesWithin',
      config: 'pair-pull',
    },
    forwardOnce: {
      doc: 'rumor mongering without anti-entropy: a node pushes what it learned once, then stops, so one lost push kills the rumor',
      breaks: 'ConvergesWithin',
      config: 'pair-push',
    },
    noTombstones: {
      doc: 'a removal deletes the entry instead of writing a tombstone, so the remover re-learns the removed member from a peer',
      breaks: 'MonotonicVersions',
      config: 'pair',
    },
  },
  build: (params, weaken) => buildGossip(params, weaken),
})

export default gossip
