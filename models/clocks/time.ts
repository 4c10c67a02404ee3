/**
 * Real time and physical clocks with bounded skew, for the models that need them (`hlc`, `lww`).
 *
 * Real time `now` counts whole ticks from 0 up to a bound. Each process has a physical clock
 * `pt[i]`, which only moves forward and always stays within `skew` of real time:
 * `now - skew <= pt[i] <= now + skew`. Two actions move them:
 *
 * - `Tick`: real time advances by one. A clock that would fall more than `skew` behind is carried
 *   along (it runs at its slowest allowed rate); every other clock stays where it is.
 * - `ClockTick(n)`: `n`'s physical clock advances by one, if that keeps it within `skew` ahead.
 *
 * So a clock may pause (up to `skew` behind) and race (up to `skew` ahead); with `skew = 0`
 * every clock shows real time. Nothing else moves them: processes only read them.
 */

/** Real time and the physical clocks: part of the state of the timed models. */
export interface RealTime {
  /** Real time, in ticks. */
  readonly now: number
  /** Physical clock of each process (`pt.j` in the HLC paper), in process order. */
  readonly pt: readonly number[]
}

/** How far time runs and how far clocks may stray. */
export interface TimeBounds {
  /** Real time stops at this many ticks (the bound that keeps the space finite). */
  readonly time: number
  /** Every physical clock stays within this many ticks of real time. */
  readonly skew: number
}

/** Time zero: real time and every clock at 0. */
export function initialTime(n: number): RealTime {
  return { now: 0, pt: new Array<number>(n).fill(0) }
}

/** `Tick`: real time advances by one; clocks that would fall behind by more than `skew` come along. */
export function tick(t: RealTime, b: TimeBounds): RealTime | undefined {
  if (t.now >= b.time) return undefined
  const now = t.now + 1
  const floor = now - b.skew
  let pt = t.pt
  for (let i = 0; i < pt.length; i++) {
    if ((pt[i] ?? 0) < floor) {
      if (pt === t.pt) pt = pt.slice()
      ;(pt as number[])[i] = floor
    }
  }
  return { now, pt }
}

/** Whether `ClockTick(n)` is enabled: process `i`'s clock may advance and stay within `skew` ahead. */
export function canClockTick(t: RealTime, i: number, b: TimeBounds): boolean {
  return (t.pt[i] ?? 0) + 1 <= t.now + b.skew
}

/** `ClockTick(n)`: process `i`'s physical clock advances by one. */
export function clockTick(t: RealTime, i: number, b: TimeBounds): RealTime | undefined {
  if (!canClockTick(t, i, b)) return undefined
  const pt = t.pt.slice()
  pt[i] = (pt[i] ?? 0) + 1
  return { now: t.now, pt }
}

/** The physical clock of process `i`. */
export function ptOf(t: RealTime | null, i: number): number {
  return t === null ? 0 : (t.pt[i] ?? 0)
}
