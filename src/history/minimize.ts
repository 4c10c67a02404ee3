/**
 * Shrinks a non-linearizable history to a small sub-history that is still not linearizable and
 * still explains itself.
 *
 * Dropping operations blindly can invent a violation the history did not have: drop the write a
 * read observed and that read now "sees a value nobody wrote". So the minimiser names a *culprit*,
 * one of the operations whose answer completes the violation, and keeps two things true of the
 * sub-history M it reports:
 *
 * 1. M is not linearizable.
 * 2. M explains itself: its other operations are consistent with each other and, where possible,
 *    with the culprit's answer. If the culprit saw something that really was there, only at the
 *    wrong time (a stale read), M becomes linearizable once the culprit may take effect at any
 *    earlier time; otherwise (a read of a value nobody wrote) M becomes linearizable without it.
 *
 * It starts from the operations invoked by the time the search got stuck (the violation is
 * complete by then), then drops operations other than the culprit latest first, in chunks that
 * double after a success and halve after a failure, and repeats the pass until nothing more can
 * go: in the result, dropping any single operation but the culprit breaks 1 or 2.
 *
 * Checking 1 for a long history means proving that nothing before the violation helps, which is
 * as expensive as the first check, and 2 is as expensive when it fails. So each pass runs both
 * searches once to the end, recording every configuration they enter, and each candidate drop (of
 * operations invoked at q or later) resumes them from the configurations on the frontier at q
 * instead of from the start: the history before q is the same in both.
 */
import type { Operation, Spec } from './types.js'
import { ABSENT, MANDATORY, PENDING, Searcher, UNANSWERED, type Frontier, type RunResult, type SearchOp } from './wgl.js'

export interface Minimized {
  readonly ops: readonly Operation[]
  readonly steps: number
}

/**
 * How the culprit explains itself: the sub-history is linearizable once the culprit (`blame`, an
 * index into the cut) may take effect earlier, or without it; `searcher` searches that.
 */
interface Explanation<S> {
  readonly mode: 'earlier' | 'without'
  readonly blame: number
  readonly searcher: Searcher<S>
}

/**
 * Minimises `ops` (one partition, known not to be linearizable; `reach` is where its search got
 * stuck) within `budget` steps.
 */
export function minimize<S>(ops: readonly Operation[], spec: Spec<S>, budget: number, reach: number): Minimized {
  let steps = 0
  const left = (): number => Math.max(0, budget - steps)
  const isRead = (o: Operation): boolean => spec.readOnly !== undefined && spec.readOnly(o)

  // The cut: the operations invoked by `cut`; those answered later count as unanswered, and
  // reads among them (and pending reads) are left out, since taking effect or not they change
  // nothing. A linearization of the cut at `reach` would have let the search get past `reach`, so
  // the cut is not linearizable either; if it somehow is, the whole history is the start.
  let cut = reach
  let all: readonly Operation[] = []
  let a: Searcher<S> | null = null
  let member = new Uint8Array(0)
  const answered = (o: Operation): boolean => o.ret !== null && o.ret <= cut
  const kindsOf = (m: Uint8Array, leaveOut?: ReadonlySet<number>): Uint8Array => {
    const kinds = new Uint8Array(all.length)
    for (let j = 0; j < all.length; j++) {
      const o = all[j] as Operation
      kinds[j] = m[j] === 0 || leaveOut?.has(j) ? ABSENT : answered(o) ? MANDATORY : o.ret === null ? PENDING : UNANSWERED
    }
    return kinds
  }
  const asSearchOp = (o: Operation): SearchOp => ({ call: o, start: o.call, end: answered(o) ? o.ret : null })
  let base: RunResult<S> | null = null
  for (const at of [reach, Infinity]) {
    cut = at
    all = ops.filter((o) => o.call <= cut && (answered(o) || !isRead(o)))
    a = new Searcher(all.map(asSearchOp), spec)
    member = new Uint8Array(all.length).fill(1)
    base = a.run(kindsOf(member), left(), { collect: true })
    steps += base.steps
    if (base.result !== 'linearizable') break
  }
  if (a === null || base === null || base.result !== 'not-linearizable') return { ops, steps }
  const proofSearcher = a
  // The kinds of property 2's search of m.
  const explanation = (how: Explanation<S>, m: Uint8Array): Uint8Array => (how.mode === 'without' ? kindsOf(m, new Set([how.blame])) : kindsOf(m))
  // Property 2 of m, searched to the end so that its frontier is complete; null when it does not hold.
  const explainAll = (how: Explanation<S>, m: Uint8Array): Frontier<S> | null => {
    const r = how.searcher.run(explanation(how, m), left(), { collect: true, exhaustive: true })
    steps += r.steps
    return r.result === 'linearizable' ? (r.frontier as Frontier<S>) : null
  }
  let last = -Infinity
  for (const o of all) if (o.ret !== null && o.ret <= cut && o.ret > last) last = o.ret
  const candidates = all.flatMap((o, j) => (o.ret === last ? [j] : []))
  let how: Explanation<S> | null = null
  let explained: Frontier<S> | null = null
  search: for (const mode of ['earlier', 'without'] as const) {
    for (const blame of candidates) {
      const searcher = mode === 'without' ? proofSearcher : new Searcher(all.map((o, j) => (j === blame ? { ...asSearchOp(o), start: -Infinity } : asSearchOp(o))), spec)
      const h: Explanation<S> = { mode, blame, searcher }
      explained = explainAll(h, member)
      if (explained !== null) {
        how = h
        break search
      }
    }
  }

  for (let changed = true; changed && steps < budget; ) {
    changed = false
    const proof = base.frontier as Frontier<S>
    const order = Array.from({ length: all.length }, (_, j) => j)
      .filter((j) => member[j] === 1 && j !== how?.blame)
      .sort((x, y) => (all[y] as Operation).call - (all[x] as Operation).call || y - x)
    let at = 0
    let chunk = 1
    while (at < order.length && steps < budget) {
      const drop = order.slice(at, at + chunk)
      const rest = member.slice()
      for (const j of drop) rest[j] = 0
      // Everything invoked before q is as it was in the runs that recorded the frontiers.
      const q = Math.min(...drop.map((j) => (all[j] as Operation).call))
      let ok = false
      if (rest.includes(1)) {
        const r = proofSearcher.run(kindsOf(rest), left(), { starts: proof.at(q) })
        steps += r.steps
        ok = r.result === 'not-linearizable'
      }
      if (ok && how !== null) {
        const r = explained === null ? how.searcher.run(explanation(how, rest), left()) : how.searcher.run(explanation(how, rest), left(), { starts: explained.at(q) })
        steps += r.steps
        ok = r.result === 'linearizable'
      }
      if (ok) {
        member = rest
        changed = true
        at += drop.length
        chunk *= 2
      } else if (chunk > 1) chunk >>= 1
      else at++
    }
    if (changed && steps < budget) {
      base = proofSearcher.run(kindsOf(member), left(), { collect: true })
      steps += base.steps
      if (base.result !== 'not-linearizable') break
      explained = how === null ? null : explainAll(how, member)
    }
  }
  const keep = new Set(all.filter((_, j) => member[j] === 1))
  return { ops: ops.filter((o) => keep.has(o)), steps }
}

