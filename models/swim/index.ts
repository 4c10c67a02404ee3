/**
 * The SWIM model: failure detection by direct and indirect probes, suspicion with incarnation
 * numbers, confirmation, and membership updates piggybacked on probes (Das, Gupta and Motivala,
 * DSN 2002; precedence rules after memberlist and Lifeguard). See README.md beside this file for the
 * protocol, the spec-to-code table, what is not modelled, and the weakenings.
 */
import { defineModel } from '../../src/core/definition.js'
import { buildSwim } from './model.js'
import type { SwimAction, SwimParams, SwimState } from './model.js'

export type { Code, Probe, Status, SwimAction, SwimBudget, SwimFlag, SwimMember, SwimMsg, SwimMsgType, SwimParams, SwimSetup, SwimState } from './model.js'
export { ALIVE, DEAD, SUSPECT, buildSwim, code, formatSwimAction, formatView, incOf, initialState, memberName, statusOf, swimActions, swimNext, swimSetup } from './model.js'

const base: SwimParams = { members: 3, helpers: 1, timeout: 3, drops: 1, badLink: 0, crashes: 1, rejoins: 0, maxInc: 1, within: 4 }

/** SWIM: probes, ping-req, suspicion, refutation by incarnation, confirmation, piggybacked dissemination. */
export const swim = defineModel<SwimParams, SwimState, SwimAction>({
  name: 'swim',
  summary: 'SWIM membership (Das, Gupta and Motivala): ping, ping-req, suspicion, incarnations and confirms, piggybacked on probes',
  params: {
    members: { doc: 'number of members (n1..nN)', min: 2 },
    helpers: { doc: 'k: members asked to ping-req a target that missed its direct ack', min: 0 },
    timeout: { doc: 'suspicion timeout: period ends a suspicion lasts before it is confirmed', min: 1 },
    drops: { doc: 'fault budget: messages the network may lose', min: 0 },
    badLink: { doc: '1 = only the link n1-n2 loses messages (a single bad link); 0 = any link', min: 0, max: 1 },
    crashes: { doc: 'fault budget: members that crash', min: 0 },
    rejoins: { doc: 'fault budget: crashed members that come back under a new, higher incarnation (Rejoin)', min: 0 },
    maxInc: { doc: 'bound: states with an incarnation above this are not explored', min: 0 },
    within: { doc: 'DetectsCrashWithin(k): periods after Quiesce by which every live member suspects every crashed one', min: 0 },
  },
  configs: {
    tiny: {
      doc: '3 members, no loss, one crash, timeout 1, detect within 4 periods: 12,150 states',
      params: { ...base, drops: 0, timeout: 1 },
    },
    ci: {
      doc: '3 members, one lost message, one crash, timeout 3, detect within 4 periods: 126,324 states',
      params: base,
    },
    deep: {
      doc: '3 members, two lost messages, one crash, timeout 4, detect within 4 periods: 733,992 states, about a minute',
      params: { ...base, drops: 2, timeout: 4 },
    },
    lossy: {
      doc: '3 members, two lost messages (enough to suspect a live member), timeout 4: 127,023 states',
      params: { ...base, drops: 2, crashes: 0, timeout: 4 },
    },
    pair: {
      doc: '2 members (no helper to ask), one lost message, timeout 2: 454 states; the smallest for noIncarnation and zeroTimeout',
      params: { ...base, members: 2, drops: 1, crashes: 0, timeout: 2 },
    },
    rejoin: {
      doc: '3 members, no loss, one crash and one rejoin, timeout 4, incarnations up to 2: a member confirmed dead comes back',
      params: { ...base, drops: 0, timeout: 4, rejoins: 1, maxInc: 2 },
    },
    badlink: {
      doc: '3 members, one message lost on the link n1-n2 only, timeout 1: 12,520 states; no one is ever suspected',
      params: { ...base, drops: 1, crashes: 0, badLink: 1, timeout: 1 },
    },
  },
  defaultConfig: 'ci',
  weakenings: {
    noIncarnation: {
      doc: 'no incarnation numbers: reports are ordered by status alone, so a refutation never overrides a suspicion',
      breaks: 'NoFalseConfirmWithRefutation',
      config: 'pair',
    },
    noIndirect: {
      doc: 'no ping-req: a member that misses one direct ack suspects the target, so a single lossy link gets a live member confirmed dead',
      breaks: 'NoFalseConfirm',
      config: 'badlink',
    },
    zeroTimeout: {
      doc: 'suspicion timeout of zero: a failed probe confirms the target dead at once, before it can refute',
      breaks: 'NoFalseConfirm',
      config: 'pair',
    },
    reviveSameIncarnation: {
      doc: 'an alive report overrides a confirm of the same incarnation (>= instead of >), so stale gossip revives a dead member',
      breaks: 'DeadStaysDead',
      config: 'tiny',
    },
  },
  build: (params, weaken) => buildSwim(params, weaken),
})

export default swim
