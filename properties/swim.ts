/**
 * Properties of the SWIM model (models/swim). Three safety properties of the membership views and
 * one bounded-liveness property written as safety over the quiet-period counter:
 *
 * - `NoFalseConfirmWithRefutation`: a member that refuted a suspicion (its own incarnation is now
 *   higher) is not held confirmed dead at the older incarnation, the one the suspicion was about;
 * - `DeadStaysDead`: a member that has confirmed another dead never holds it alive or suspect again
 *   at that incarnation or below (only a rejoin, under a higher incarnation, brings it back);
 * - `NoFalseConfirm`: no live member holds another live member dead, under the config's faults;
 * - `DetectsCrashWithin`: once faults stop, within `within` periods every live member suspects (or
 *   has confirmed) every crashed member. As an `always` over the period counter, the explorer
 *   reports a run that fails to detect in time as a counterexample.
 *
 * `DeadStaysDead` reads a history field of each member (`deadAt`), kept by the model and read only
 * here. The `sometimes` witnesses show suspicion, refutation, indirect probing and confirmation
 * all happen, so no property holds by the protocol doing nothing.
 */
import type { Property } from '../src/core/model.js'
import { always, sometimes } from '../src/core/model.js'
import { ALIVE, DEAD, SUSPECT, incOf, statusOf, type SwimMember, type SwimSetup, type SwimState } from '../models/swim/model.js'

/**
 * `NoFalseConfirmWithRefutation`: no live member holds a live member confirmed dead at an
 * incarnation below the one that member now has. Only a member raises its own incarnation, and only
 * to refute a suspicion (or a confirm) of itself, so such a confirm comes from a suspicion it refuted.
 */
export function noFalseConfirmWithRefutation(s: SwimState): boolean {
  for (const m of s.members) {
    if (!m.up) continue
    for (let j = 0; j < m.view.length; j++) {
      const c = m.view[j] ?? 0
      const target = s.members[j]
      if (statusOf(c) !== DEAD || target?.up !== true || rejoinedAbove(target, incOf(c))) continue
      if (incOf(target.view[j] ?? 0) > incOf(c)) return false
    }
  }
  return true
}

/** `DeadStaysDead`: a live member that confirmed another dead holds it dead, unless it rejoined under a higher incarnation. */
export function deadStaysDead(s: SwimState): boolean {
  for (const m of s.members) {
    if (!m.up) continue
    for (let j = 0; j < m.view.length; j++) {
      if ((m.deadAt[j] ?? -1) >= 0 && statusOf(m.view[j] ?? 0) !== DEAD) return false
    }
  }
  return true
}

/**
 * Whether `target` rejoined under an incarnation above `inc`: a confirm of it at `inc` was made
 * while it was down, so holding it is stale, not false (the rejoin's first messages override it).
 */
function rejoinedAbove(target: SwimMember, inc: number): boolean {
  return (target.rejoinedAt ?? -1) > inc
}

/** `NoFalseConfirm`: no live member holds another live member confirmed dead (unless it rejoined since, above that confirm). */
export function noFalseConfirm(s: SwimState): boolean {
  for (const m of s.members) {
    if (!m.up) continue
    for (let j = 0; j < m.view.length; j++) {
      const c = m.view[j] ?? 0
      const target = s.members[j]
      if (target?.up === true && statusOf(c) === DEAD && !rejoinedAbove(target, incOf(c))) return false
    }
  }
  return true
}

/** Every live member suspects or has confirmed every crashed member. */
export function crashesDetected(s: SwimState): boolean {
  for (let j = 0; j < s.members.length; j++) {
    if (s.members[j]?.up !== false) continue
    for (const m of s.members) if (m.up && statusOf(m.view[j] ?? 0) < SUSPECT) return false
  }
  return true
}

function anyDown(s: SwimState): boolean {
  return s.members.some((m) => !m.up)
}

/**
 * The properties of a configuration (`DetectsCrashWithin` uses its `within`). A witness is asked
 * for only when the configuration's faults can bring it about: a live member is suspected only
 * when its direct ping and every indirect path fail (a loss on each, or a crashed helper), and
 * losses on a single bad link never do that while another member can relay.
 */
export function swimProperties(u: SwimSetup): Property<SwimState>[] {
  const k = u.within
  const { crash, drop } = u.budget
  const paths = u.noIndirect ? 0 : Math.min(u.helpers, u.n - 2)
  const liveSuspected = u.badLink ? paths === 0 && drop > 0 : drop > paths || (crash >= paths && drop > 0)
  const props: Property<SwimState>[] = [
    always(
      'NoFalseConfirmWithRefutation',
      noFalseConfirmWithRefutation,
      'A member that refuted a suspicion with a higher incarnation is not held confirmed dead by that older suspicion.',
    ),
    always('DeadStaysDead', deadStaysDead, 'A confirmed-dead member is never alive or suspect again at that incarnation or below, only after rejoining higher.'),
    always('NoFalseConfirm', noFalseConfirm, 'No live member holds another live member confirmed dead.'),
    always(
      'DetectsCrashWithin',
      (s) => s.quiet === null || s.quiet < k || crashesDetected(s),
      `Once faults stop, within ${k} periods every live member suspects or has confirmed every crashed member.`,
    ),
  ]
  if (crash > 0 || liveSuspected) {
    props.push(
      sometimes('MemberSuspected', (s) => s.members.some((m) => m.up && m.view.some((c) => statusOf(c) === SUSPECT)), 'Some live member suspects another.'),
    )
  }
  if (drop > 0 && paths > 0) {
    props.push(
      sometimes(
        'IndirectAck',
        (s) => s.net.some((m) => m.type === 'Ack' && m.relay === null && m.target !== m.from),
        'A helper forwards an ack from the target to the prober: the indirect probe works.',
      ),
    )
  }
  if (liveSuspected) {
    props.push(
      sometimes(
        'SuspicionRefuted',
        (s) => s.members.some((m, i) => m.up && m.view.some((c, j) => j !== i && s.members[j]?.up === true && incOf(c) >= 1 && statusOf(c) !== DEAD)),
        'A live member holds another at a higher incarnation: a suspicion was refuted.',
      ),
    )
  }
  if (crash > 0) {
    props.push(
      sometimes(
        'CrashConfirmed',
        (s) => anyDown(s) && s.members.some((m, i) => m.up && m.view.some((c, j) => j !== i && statusOf(c) === DEAD)),
        'A live member confirms a crashed member dead.',
      ),
      sometimes('QuietForWithin', (s) => s.quiet === k && anyDown(s), `The quiet phase lasts ${k} periods after a crash, so DetectsCrashWithin is tested.`),
    )
  }
  if (crash > 0 && (u.budget.rejoin ?? 0) > 0) {
    props.push(
      sometimes(
        'RejoinLearned',
        (s) =>
          s.members.some((m, i) =>
            m.up &&
            m.view.some((c, j) => {
              const back = s.members[j]
              return j !== i && back?.rejoinedDead === true && statusOf(c) === ALIVE && incOf(c) === back.rejoinedAt
            }),
          ),
        'A member confirmed dead rejoins, and another member learns it: it holds it alive under its new incarnation.',
      ),
    )
  }
  return props
}
