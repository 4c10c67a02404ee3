/**
 * The data of the linearizability checker: histories, sequential specifications, options and
 * results. Everything here is plain data, so a history can be written to JSON and read back.
 */

/** Plain data: what inputs, outputs and recorded values are made of. */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value }

/** An operation or client identifier. */
export type Id = string | number

/** What a client asked for: the operation's name and its argument. */
export interface Call {
  /** The operation's name, for example `read`, `write`, `cas`, `get`, `put`. */
  readonly op: string
  /** The argument (`null` when there is none). */
  readonly input: Value
}

/**
 * One operation of a history: invoked by `client` at logical time `call`, answered at `ret` with
 * `output`. A pending operation (invoked, never answered: the client crashed or timed out) has
 * `ret: null`; it may have taken effect at any time after `call`, or never, and its `output` is
 * ignored.
 *
 * Operation A precedes operation B in real time when `A.ret < B.call`; operations whose intervals
 * touch (`A.ret === B.call`) are concurrent.
 */
export interface Operation extends Call {
  readonly id: Id
  readonly client: Id
  readonly call: number
  readonly ret: number | null
  /** The answer the client saw (ignored for a pending operation; write `null` there). */
  readonly output: Value
}

/**
 * A history: the operations of a concurrent run, in any order. This is the representation the
 * checker takes; {@link HistoryEvent} lists (Jepsen/Porcupine style) convert with `fromEvents`.
 */
export type History = readonly Operation[]

/** One event of an event-list history: a client invokes an operation, or the operation returns. */
export interface HistoryEvent {
  readonly kind: 'invoke' | 'return'
  /** Pairs an invocation with its return. */
  readonly id: Id
  readonly client: Id
  readonly time: number
  readonly op: string
  /** The input on an invocation, the output on a return; absent means `null`. */
  readonly value?: Value
}

/**
 * A sequential specification: what the object does when operations run one at a time.
 *
 * `step` is pure: it returns the output the object gives and its next state, and must not mutate
 * `state`. The checker compares that output with the recorded one (by value); a pending
 * operation's output is not compared. `key` names a state canonically (equal states, equal keys),
 * which is what the search memoises on.
 */
export interface Spec<S> {
  readonly name: string
  readonly init: S
  step(state: S, call: Call): readonly [output: Value, next: S]
  /** A canonical key of `state`: equal states give `===` keys. */
  key(state: S): string | number
  /**
   * True when `call` never changes the state (a read). Optional: it lets the checker leave out
   * pending reads, which can never matter, and drop reads quickly while minimising.
   */
  readOnly?(call: Call): boolean
  /**
   * The independent part of the object `call` touches (a key of a map). When present, each
   * part's sub-history is checked on its own: linearizability is compositional.
   */
  partition?(call: Call): Id
}

/** Options of `checkLinearizable`. */
export interface CheckOptions {
  /**
   * The most search steps (one step: one operation tried against the specification at one point
   * of a candidate order) the check may take over all partitions; when they run out the answer is
   * `unknown`, never `linearizable`.
   * @default 10_000_000
   */
  readonly budget?: number
  /** Search for a small non-linearizable sub-history when the answer is `not-linearizable`. @default true */
  readonly minimize?: boolean
  /** The most search steps the minimisation may take; it stops with what it has when they run out. @default 10_000_000 */
  readonly minimizeBudget?: number
}

/** The verdict: `unknown` only when the budget ran out first. */
export type CheckVerdict = 'linearizable' | 'not-linearizable' | 'unknown'

/** What `checkLinearizable` found. */
export interface CheckResult {
  readonly result: CheckVerdict
  /**
   * When linearizable: the ids of the operations in an order that respects real time and the
   * specification. Every completed operation is there; a pending one only if it took effect.
   */
  readonly linearization?: readonly Id[]
  /** Search steps the check took (not counting the minimisation). */
  readonly steps: number
  /** How many independent sub-histories were checked (1 when the spec does not partition). */
  readonly partitions: number
  /** When the spec partitions: the part that is not linearizable, or whose check ran out of budget. */
  readonly partition?: Id
  /**
   * When not linearizable: a small sub-history, in history order, that is not linearizable either
   * and explains itself: apart from its culprits (the operations whose return completes the
   * violation) its operations are consistent. Leaving out any one more operation would make it
   * linearizable or leave something in it unexplained (such as a read of a value nobody wrote),
   * unless `minimizeBudget` ran out first. Absent when `minimize` is false.
   */
  readonly minimalCounterexample?: readonly Operation[]
  /** Search steps the minimisation took. */
  readonly minimizeSteps?: number
}
