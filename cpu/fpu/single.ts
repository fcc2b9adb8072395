/**
 * Single-precision arithmetic as the ARMv7-M ARM's pseudocode defines it (A2.5, "Pseudocode
 * details of floating-point operations"): FPUnpack with flush-to-zero, NaN propagation, the
 * special cases of each operation, and one correctly rounded result (round.ts). Operands and
 * results are the registers' bits; exceptions accumulate in `st.fpscr`.
 *
 * The exact value is known in double: a product of two singles is exact, a sum is exact with its
 * TwoSum error, and a double quotient or square root of singles lies on the same side of every
 * single-precision rounding boundary as the real one (a boundary has at most 25 significant
 * bits, and a quotient or root of 24-bit numbers differs from such a number by far more than a
 * double's half ulp unless they are equal).
 */
import { fromBits32, pow2, toBits32 } from './bits.ts';
import { exact, twoSum } from './exact.ts';
import { roundToIntegral, saturate } from './integral.ts';
import {
  FPSCR_DN,
  FPSCR_DZC,
  FPSCR_FZ,
  FPSCR_IDC,
  FPSCR_IOC,
  FPSCR_IXC,
  FPSCR_RMODE,
  ROUND_NEGINF,
  rmode,
  type FpStatus,
} from './registers.ts';
import { round32 } from './round.ts';

export const DEFAULT_NAN32 = 0x7fc0_0000;
const SIGN = 0x8000_0000;
const QUIET = 0x0040_0000;
const INF = 0x7f80_0000;

export function isNaN32(bits: number): boolean {
  return (bits & 0x7fff_ffff) > INF;
}

export function isSNaN32(bits: number): boolean {
  return isNaN32(bits) && (bits & QUIET) === 0;
}

function isQNaN32(bits: number): boolean {
  return isNaN32(bits) && (bits & QUIET) !== 0;
}

/**
 * FPUnpack: the value as a number: ±0 for a zero or a flushed denormal (which sets IDC),
 * ±Infinity, NaN for either kind of NaN (the bits tell which).
 */
export function unpack32(bits: number, ctl: number, st: FpStatus): number {
  if ((bits & INF) === 0 && (bits & 0x007f_ffff) !== 0 && (ctl & FPSCR_FZ) !== 0) {
    st.fpscr |= FPSCR_IDC;
    return (bits & SIGN) !== 0 ? -0 : 0;
  }
  return fromBits32(bits);
}

/** FPProcessNaN: a signalling NaN is quieted (Invalid Operation); DN gives the default NaN. */
export function processNaN32(bits: number, ctl: number, st: FpStatus): number {
  let r = bits;
  if ((bits & QUIET) === 0) {
    r = bits | QUIET;
    st.fpscr |= FPSCR_IOC;
  }
  return ((ctl & FPSCR_DN) !== 0 ? DEFAULT_NAN32 : r) >>> 0;
}

/** FPProcessNaNs: signalling NaNs first, then the first operand. One of them is a NaN. */
function processNaNs32(a: number, b: number, ctl: number, st: FpStatus): number {
  if (isSNaN32(a)) return processNaN32(a, ctl, st);
  if (isSNaN32(b)) return processNaN32(b, ctl, st);
  return processNaN32(isNaN32(a) ? a : b, ctl, st);
}

function invalid(st: FpStatus): number {
  st.fpscr |= FPSCR_IOC;
  return DEFAULT_NAN32;
}

/** A zero whose sign the rounding mode decides: an exact zero sum (FPAdd, FPMulAdd). */
function exactZero(ctl: number): number {
  return rmode(ctl) === ROUND_NEGINF ? SIGN : 0;
}

const MIN_NORMAL = 2 ** -126;

/**
 * FPRound of a value known as v + err (err: the error of v, or 0 when v is exact or, for a
 * quotient or root, on the right side of every single-precision boundary). Round to nearest
 * with a normal result is Math.fround: rounding a double result to single again is correct for
 * +, -, *, / and sqrt (53 >= 2 * 24 + 2), and a normal result was not tiny before rounding.
 */
function finish(v: number, err: number, ctl: number, st: FpStatus): number {
  if ((ctl & FPSCR_RMODE) === 0) {
    const r = Math.fround(v);
    const a = r < 0 ? -r : r;
    if (a > MIN_NORMAL && a !== Infinity) {
      if (r !== v || err !== 0) st.fpscr |= FPSCR_IXC;
      return toBits32(r);
    }
  }
  return round32(v, err, ctl, st);
}

/** x + y for unpacked values that are not NaNs (FPAdd after its NaN checks). */
function sum(x: number, y: number, ctl: number, st: FpStatus): number {
  const s = twoSum(x, y);
  if (s !== s) return invalid(st); // +Infinity + -Infinity
  // Sums of finite singles never overflow a double: an infinity here was an operand.
  if (s === Infinity || s === -Infinity) return toBits32(s);
  if (s === 0) {
    // Zeros of one sign keep it; any other exact zero takes the rounding mode's sign.
    if (x === 0 && y === 0 && 1 / x === 1 / y) return toBits32(x);
    return exactZero(ctl);
  }
  return finish(s, exact.err, ctl, st);
}

/** FPAdd. */
export function add32(a: number, b: number, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) return processNaNs32(a, b, ctl, st);
  return sum(x, y, ctl, st);
}

/** FPSub. */
export function sub32(a: number, b: number, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) return processNaNs32(a, b, ctl, st);
  return sum(x, -y, ctl, st);
}

/** FPMul. */
export function mul32(a: number, b: number, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) return processNaNs32(a, b, ctl, st);
  const p = x * y; // exact: 24-bit by 24-bit significands
  if (p !== p) return invalid(st); // zero times infinity
  if (p === 0 || p === Infinity || p === -Infinity) return toBits32(p);
  return finish(p, 0, ctl, st);
}

/** FPDiv. */
export function div32(a: number, b: number, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) return processNaNs32(a, b, ctl, st);
  const q = x / y;
  if (q !== q) return invalid(st); // 0/0, inf/inf
  if (y === 0 && x !== Infinity && x !== -Infinity) st.fpscr |= FPSCR_DZC;
  if (q === 0 || q === Infinity || q === -Infinity) return toBits32(q);
  return finish(q, 0, ctl, st);
}

/** FPSqrt. */
export function sqrt32(a: number, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  if (x !== x) return processNaN32(a, ctl, st);
  if (x === 0) return (a & SIGN) >>> 0;
  if (x === Infinity) return INF;
  if (x < 0) return invalid(st);
  return finish(Math.sqrt(x), 0, ctl, st);
}

/**
 * FPProcessNaNs3: signalling NaNs first, in the order addend, op1, op2; and FPMulAdd's default
 * NaN for a quiet NaN addend to 0 * infinity.
 */
function processNaNs3(
  addend: number,
  a: number,
  b: number,
  infZero: boolean,
  ctl: number,
  st: FpStatus,
): number {
  if (isQNaN32(addend) && infZero) return invalid(st);
  if (isSNaN32(addend)) return processNaN32(addend, ctl, st);
  if (isSNaN32(a)) return processNaN32(a, ctl, st);
  if (isSNaN32(b)) return processNaN32(b, ctl, st);
  return processNaN32(isNaN32(addend) ? addend : isNaN32(a) ? a : b, ctl, st);
}

/** FPMulAdd: addend + op1 * op2, rounded once (VFMA and its negated forms). */
export function mulAdd32(addend: number, a: number, b: number, ctl: number, st: FpStatus): number {
  const z = unpack32(addend, ctl, st);
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  const infZero =
    ((x === Infinity || x === -Infinity) && y === 0) ||
    (x === 0 && (y === Infinity || y === -Infinity));
  if (z !== z || x !== x || y !== y) return processNaNs3(addend, a, b, infZero, ctl, st);
  if (infZero) return invalid(st);
  const p = x * y; // exact
  const s = twoSum(z, p);
  if (s !== s) return invalid(st); // infinities of opposite signs
  if (s === Infinity || s === -Infinity) return toBits32(s);
  if (s === 0) {
    if (z === 0 && p === 0 && 1 / z === 1 / p) return toBits32(z);
    return exactZero(ctl);
  }
  return finish(s, exact.err, ctl, st);
}

/** FPCompare: NZCV (0011 unordered, 0110 equal, 1000 less, 0010 greater) as bits 3:0. */
export function compare32(
  a: number,
  b: number,
  quietNaNExc: boolean,
  ctl: number,
  st: FpStatus,
): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) {
    if (quietNaNExc || isSNaN32(a) || isSNaN32(b)) st.fpscr |= FPSCR_IOC;
    return 0b0011;
  }
  if (x === y) return 0b0110;
  return x < y ? 0b1000 : 0b0010;
}

/** FPMax (max) and FPMin (!max), after their NaN checks. */
function maxMin(a: number, b: number, max: boolean, ctl: number, st: FpStatus): number {
  const x = unpack32(a, ctl, st);
  const y = unpack32(b, ctl, st);
  if (x !== x || y !== y) return processNaNs32(a, b, ctl, st);
  const first = max ? x > y : x < y;
  const v = first ? x : y;
  if (v === Infinity || v === -Infinity) return toBits32(v);
  if (v === 0) {
    // The most positive (max) or most negative (min) of the two signs.
    const sign = max ? a & b & SIGN : (a | b) & SIGN;
    return sign >>> 0;
  }
  return round32(v, 0, ctl, st);
}

/** FPMaxNum / FPMinNum (VMAXNM, VMINNM): a single quiet NaN loses to any number. */
export function maxMinNum32(a: number, b: number, max: boolean, ctl: number, st: FpStatus): number {
  const loser = max ? 0xff80_0000 : INF;
  if (isQNaN32(a) && !isQNaN32(b)) a = loser;
  else if (!isQNaN32(a) && isQNaN32(b)) b = loser;
  return maxMin(a, b, max, ctl, st);
}

/** FPRoundInt: to an integral value under `rounding` (ROUND_*); `exact` sets Inexact (VRINTX). */
export function roundInt32(
  a: number,
  rounding: number,
  exactFlag: boolean,
  ctl: number,
  st: FpStatus,
): number {
  const x = unpack32(a, ctl, st);
  if (x !== x) return processNaN32(a, ctl, st);
  if (x === 0 || x === Infinity || x === -Infinity) return toBits32(x);
  const r = roundToIntegral(x, rounding);
  if (r !== x && exactFlag) st.fpscr |= FPSCR_IXC;
  if (r === 0) return (a & SIGN) >>> 0;
  return round32(r, 0, ctl, st);
}

/**
 * FPToFixed: to an M-bit integer (16 or 32) with `fbits` fraction bits, under `rounding`.
 * Saturates with Invalid Operation (NaNs give 0); returns the integer as a number.
 */
export function toFixed32(
  a: number,
  M: number,
  fbits: number,
  unsigned: boolean,
  rounding: number,
  ctl: number,
  st: FpStatus,
): number {
  const x = unpack32(a, ctl, st);
  if (x !== x) {
    st.fpscr |= FPSCR_IOC;
    return 0;
  }
  return saturate(x * pow2(fbits), M, unsigned, rounding, st);
}

/** FixedToFP: an integer (already extended) with `fbits` fraction bits, rounded by FPSCR. */
export function fixedToFp32(int: number, fbits: number, ctl: number, st: FpStatus): number {
  if (int === 0) return 0;
  return round32(int * pow2(-fbits), 0, ctl, st);
}
