/**
 * Error-free transforms on doubles: a sum or product returned as its rounded value plus the
 * exact rounding error (left in `exact.err`, so that nothing is allocated). With them a single-
 * or double-precision result is known exactly before it is rounded once (round.ts).
 *
 * TwoSum (Knuth) is exact whenever the sum does not overflow; TwoProduct (Dekker, with
 * Veltkamp's split) when the operands' magnitudes are near 1, which the callers arrange.
 */

export const exact = { err: 0 };

/** a + b rounded to nearest; the exact error in exact.err. */
export function twoSum(a: number, b: number): number {
  const s = a + b;
  const bv = s - a;
  const av = s - bv;
  exact.err = a - av + (b - bv);
  return s;
}

/** Veltkamp's constant for doubles: 2^27 + 1. */
const SPLIT = 134217729;

/** a * b rounded to nearest; the exact error in exact.err (for |a|, |b| in [2^-500, 2^500]). */
export function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  exact.err = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}
