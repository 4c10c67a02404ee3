/**
 * A flat encoding of two-phase commit states into three 32-bit words, so the explorer can
 * fingerprint a state by hashing three numbers and keep its frontier without objects. It is
 * an optimisation only: the model is the same with or without it, and the tests check that the
 * state counts agree both ways and that `unpack(pack(s))` equals `s` on every reachable state.
 *
 *   word 0: rmState, 2 bits per RM (working 0, prepared 1, committed 2, aborted 3)
 *   word 1: tmPrepared, 1 bit per RM, in the low 15 bits; msgs.prepared in the next 15 bits
 *   word 2: tmState (init 0, committed 1, aborted 2) | msgs.commit << 2 | msgs.abort << 3
 */
import type { StateCodec } from '../../src/core/model.js'
import type { RMState, TMState, TwoPhaseState } from './model.js'

/** The most RMs the three-word encoding holds; larger models fingerprint the object instead. */
export const CODEC_MAX_RM = 15

const RM_STATES: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted']
const TM_STATES: readonly TMState[] = ['init', 'committed', 'aborted']

function rmCode(r: RMState): number {
  return r === 'working' ? 0 : r === 'prepared' ? 1 : r === 'committed' ? 2 : 3
}

/** The codec for `n` RMs (n <= {@link CODEC_MAX_RM}). */
export function twoPhaseCodec(n: number): StateCodec<TwoPhaseState> {
  return {
    words: 3,
    pack(s, out, at) {
      const rmState = s.rmState
      const tmPrepared = s.tmPrepared
      const msgPrepared = s.msgs.prepared
      let rm = 0
      let prep = 0
      for (let i = 0; i < n; i++) {
        rm |= rmCode(rmState[i] as RMState) << (2 * i)
        if (tmPrepared[i]) prep |= 1 << i
        if (msgPrepared[i]) prep |= 1 << (15 + i)
      }
      out[at] = rm
      out[at + 1] = prep
      out[at + 2] = (s.tmState === 'init' ? 0 : s.tmState === 'committed' ? 1 : 2) | (s.msgs.commit ? 4 : 0) | (s.msgs.abort ? 8 : 0)
    },
    unpack(w, at) {
      const rm = w[at] as number
      const prep = w[at + 1] as number
      const tm = w[at + 2] as number
      // Built with push, not `new Array(n)`: V8 keeps pushed arrays packed, and every action,
      // successor and property reads these arrays, which is slower on holey ones.
      const rmState: RMState[] = []
      const tmPrepared: boolean[] = []
      const prepared: boolean[] = []
      for (let i = 0; i < n; i++) {
        rmState.push(RM_STATES[(rm >>> (2 * i)) & 3] as RMState)
        tmPrepared.push(((prep >>> i) & 1) === 1)
        prepared.push(((prep >>> (15 + i)) & 1) === 1)
      }
      return {
        msgs: { abort: (tm & 8) !== 0, commit: (tm & 4) !== 0, prepared },
        rmState,
        tmPrepared,
        tmState: TM_STATES[tm & 3] as TMState,
      }
    },
  }
}
