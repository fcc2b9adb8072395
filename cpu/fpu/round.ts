/**
 * FPRound (ARMv7-M ARM A2.5, "Pseudocode details of floating-point operations"): a real number,
 * given exactly, rounded once to half, single or double precision under FPSCR's rounding mode,
 * with flush-to-zero and the Underflow, Overflow, Inexact (and, for the alternative half
 * precision, Invalid Operation) flags as the pseudocode sets them.
 *
 * JavaScript has only doubles. The callers hand over the exact value as an unevaluated sum
 * (hi + lo + lo2) * 2^exp of doubles, where |lo| is below an ulp of hi (about half of one,
 * from a TwoSum) and lo2 below an ulp of lo (only their signs matter at an exact tie):
 * error-free transforms (exact.ts) produce such sums, and a single-precision product or a
 * correctly rounded double quotient of singles needs only `hi`.
 */
import { exponentOf, isPowerOfTwo, pow2, scale, toBits32 } from './bits.ts';
import {
  FPSCR_FZ,
  FPSCR_IOC,
  FPSCR_IXC,
  FPSCR_OFC,
  FPSCR_UFC,
  ROUND_NEGINF,
  ROUND_POSINF,
  ROUND_TIEEVEN,
  rmode,
  type FpStatus,
} from './registers.ts';

/** Where the value lies between two representable neighbours: the pseudocode's `error`. */
const EXACT = 0;
const BELOW_HALF = 1;
const HALF = 2;
const ABOVE_HALF = 3;

/** Exactly half an ulp, give or take the sign of the last term. */
function tie(l2: number): number {
  return l2 > 0 ? ABOVE_HALF : l2 < 0 ? BELOW_HALF : HALF;
}

/**
 * The rounded value as a double (exactly representable in the target format), or an infinity.
 * F: fraction bits; emin: minimum normal exponent; emax: largest exponent before overflow.
 * `flush`: FZ applies (not to half precision); `ahp`: the alternative half-precision format,
 * which saturates with Invalid Operation instead of overflowing.
 */
function roundTo(
  hi: number,
  lo: number,
  lo2: number,
  exp: number,
  F: number,
  emin: number,
  emax: number,
  flush: boolean,
  ahp: boolean,
  mode: number,
  st: FpStatus,
): number {
  const negative = hi < 0;
  const a = negative ? -hi : hi;
  const l = negative ? -lo : lo;
  const l2 = negative ? -lo2 : lo2;
  let e = exponentOf(a) + exp;
  // Just below a power of two: one exponent lower.
  if ((l < 0 || (l === 0 && l2 < 0)) && isPowerOfTwo(a)) e--;
  if (flush && e < emin) {
    st.fpscr |= FPSCR_UFC;
    return negative ? -0 : 0;
  }
  const tiny = e < emin;
  // Units in the last place: 2^q.
  const q = (tiny ? emin : e) - F;
  const scaled = scale(a, exp - q);
  let mant = Math.floor(scaled);
  const frac = scaled - mant;
  const sl = scale(l, exp - q);
  // A term so far below the last place that scaling loses it still tells the side.
  const side = sl === 0 && l !== 0 ? l : l2;
  let error: number;
  if (frac === 0.5) {
    error = tie(sl !== 0 ? sl : side);
  } else if (frac !== 0) {
    error = frac < 0.5 ? BELOW_HALF : ABOVE_HALF;
  } else if (sl === 0) {
    if (side > 0) error = BELOW_HALF;
    else if (side < 0) {
      mant -= 1;
      error = ABOVE_HALF;
    } else error = EXACT;
  } else if (sl > 0) {
    error = sl !== 0.5 ? (sl < 0.5 ? BELOW_HALF : ABOVE_HALF) : tie(side);
  } else {
    // Below mant: one unit less, and an error of 1 + sl.
    mant -= 1;
    error = sl !== -0.5 ? (sl > -0.5 ? ABOVE_HALF : BELOW_HALF) : tie(side);
  }
  if (tiny && error !== EXACT) st.fpscr |= FPSCR_UFC;
  let roundUp: boolean;
  let overflowToInf: boolean;
  if (mode === ROUND_TIEEVEN) {
    roundUp = error === ABOVE_HALF || (error === HALF && mant % 2 === 1);
    overflowToInf = true;
  } else if (mode === ROUND_POSINF) {
    roundUp = error !== EXACT && !negative;
    overflowToInf = !negative;
  } else if (mode === ROUND_NEGINF) {
    roundUp = error !== EXACT && negative;
    overflowToInf = negative;
  } else {
    roundUp = false;
    overflowToInf = false;
  }
  if (roundUp) mant += 1;
  if (!tiny && (mant === pow2(F + 1) ? e + 1 : e) > emax) {
    const max = (2 - pow2(-F)) * pow2(emax);
    if (ahp) {
      st.fpscr |= FPSCR_IOC;
      return negative ? -max : max;
    }
    st.fpscr |= FPSCR_OFC | FPSCR_IXC;
    const r = overflowToInf ? Infinity : max;
    return negative ? -r : r;
  }
  if (error !== EXACT) st.fpscr |= FPSCR_IXC;
  const r = scale(mant, q);
  return negative ? -r : r;
}

/** FPRound to single precision: the result's bits. */
export function round32(
  hi: number,
  lo: number,
  ctl: number,
  st: FpStatus,
  lo2 = 0,
  exp = 0,
): number {
  const v = roundTo(hi, lo, lo2, exp, 23, -126, 127, (ctl & FPSCR_FZ) !== 0, false, rmode(ctl), st);
  return toBits32(v);
}

/** FPRound to double precision: the result as a number (never NaN). */
export function round64(
  hi: number,
  lo: number,
  ctl: number,
  st: FpStatus,
  lo2 = 0,
  exp = 0,
): number {
  return roundTo(hi, lo, lo2, exp, 52, -1022, 1023, (ctl & FPSCR_FZ) !== 0, false, rmode(ctl), st);
}

/** FPRound to half precision (IEEE, or the alternative format when `ahp`): the result's bits. */
export function round16(value: number, ahp: boolean, ctl: number, st: FpStatus): number {
  return toBits16(roundTo(value, 0, 0, 0, 10, -14, ahp ? 16 : 15, false, ahp, rmode(ctl), st));
}

/** The half-precision bits of a value that format represents exactly (or an infinity). */
export function toBits16(value: number): number {
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  if (a === 0) return sign;
  if (a === Infinity) return sign | 0x7c00;
  const e = exponentOf(a);
  if (e < -14) return sign | (a * pow2(24));
  return sign | ((e + 15) << 10) | (a * pow2(10 - e) - 0x400);
}
