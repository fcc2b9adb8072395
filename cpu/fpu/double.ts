/**
 * Double-precision arithmetic as the ARMv7-M ARM's pseudocode defines it (A2.5), for the parts
 * whose FPU has it (FPv5-D16, STM32F767): operands are a D register's words (bits 63:32, 31:0),
 * the result is left in `d64`.
 *
 * A double result must be rounded once from the exact value, in any rounding mode, with doubles
 * alone: operands are split into a significand in [1, 2) and an exponent, so that TwoSum and
 * TwoProduct (exact.ts) neither overflow nor underflow, and the exact value goes to FPRound as a
 * sum of doubles. A quotient or a square root is rounded to nearest by JavaScript; its exact
 * remainder (a - q * b, a - q * q) says on which side of it the real value lies, and a term far
 * below any rounding boundary stands in for that side.
 */
import { bits64Hi, bits64Lo, exponentOf, fromBits64, pow2, scale } from './bits.ts';
import { exact, twoProduct, twoSum } from './exact.ts';
import { roundToIntegral, saturate } from './integral.ts';
import {
  FPSCR_DN,
  FPSCR_DZC,
  FPSCR_FZ,
  FPSCR_IDC,
  FPSCR_IOC,
  FPSCR_IXC,
  ROUND_NEGINF,
  rmode,
  type FpStatus,
} from './registers.ts';
import { round64 } from './round.ts';

/** The result of the last operation: bits 63:32 and 31:0. */
export const d64 = { hi: 0, lo: 0 };

const SIGN = 0x8000_0000;
const QUIET = 0x0008_0000;
const EXP = 0x7ff0_0000;
export const DEFAULT_NAN64_HI = 0x7ff8_0000;

export function isNaN64(hi: number, lo: number): boolean {
  return (hi & EXP) === EXP && ((hi & 0x000f_ffff) | lo) !== 0;
}

export function isSNaN64(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & QUIET) === 0;
}

function isQNaN64(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & QUIET) !== 0;
}

/** FPUnpack: as unpack32 (±0 for a flushed denormal, which sets IDC; NaN for NaNs). */
export function unpack64(hi: number, lo: number, ctl: number, st: FpStatus): number {
  if ((hi & EXP) === 0 && ((hi & 0x000f_ffff) | lo) !== 0 && (ctl & FPSCR_FZ) !== 0) {
    st.fpscr |= FPSCR_IDC;
    return (hi & SIGN) !== 0 ? -0 : 0;
  }
  return fromBits64(hi, lo);
}

/** d64 = a number's bits (never a NaN). */
function result(v: number): void {
  d64.hi = bits64Hi(v);
  d64.lo = bits64Lo();
}

/** FPProcessNaN into d64. */
export function processNaN64(hi: number, lo: number, ctl: number, st: FpStatus): void {
  if ((hi & QUIET) === 0) {
    hi |= QUIET;
    st.fpscr |= FPSCR_IOC;
  }
  if ((ctl & FPSCR_DN) !== 0) {
    hi = DEFAULT_NAN64_HI;
    lo = 0;
  }
  d64.hi = hi >>> 0;
  d64.lo = lo >>> 0;
}

function processNaNs64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  ctl: number,
  st: FpStatus,
): void {
  if (isSNaN64(ahi, alo)) processNaN64(ahi, alo, ctl, st);
  else if (isSNaN64(bhi, blo)) processNaN64(bhi, blo, ctl, st);
  else if (isNaN64(ahi, alo)) processNaN64(ahi, alo, ctl, st);
  else processNaN64(bhi, blo, ctl, st);
}

function invalid(st: FpStatus): void {
  st.fpscr |= FPSCR_IOC;
  d64.hi = DEFAULT_NAN64_HI;
  d64.lo = 0;
}

function exactZero(ctl: number): void {
  d64.hi = rmode(ctl) === ROUND_NEGINF ? SIGN : 0;
  d64.lo = 0;
}

const isInf = (x: number) => x === Infinity || x === -Infinity;
/** The sign bit of a number that is not a NaN (-0 included). */
const negative = (x: number) => x < 0 || 1 / x < 0;

/** A value far below any rounding boundary near x, with the sign of `side`: a sticky bit. */
function sticky(x: number, side: number): number {
  return side === 0 ? 0 : (side > 0 ? 1 : -1) * pow2(exponentOf(x) - 80);
}

function sum(x: number, y: number, ctl: number, st: FpStatus): void {
  let s = twoSum(x, y);
  if (s !== s) return invalid(st);
  if (isInf(s)) {
    if (isInf(x) || isInf(y)) return result(s);
    // The sum overflowed the double range: add the halves (exact: neither is small here).
    s = twoSum(x / 2, y / 2);
    return result(round64(s, exact.err, ctl, st, 0, 1));
  }
  if (s === 0) {
    if (x === 0 && y === 0 && 1 / x === 1 / y) return result(x);
    return exactZero(ctl);
  }
  result(round64(s, exact.err, ctl, st));
}

/** FPAdd. */
export function add64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  ctl: number,
  st: FpStatus,
): void {
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) return processNaNs64(ahi, alo, bhi, blo, ctl, st);
  sum(x, y, ctl, st);
}

/** FPSub. */
export function sub64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  ctl: number,
  st: FpStatus,
): void {
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) return processNaNs64(ahi, alo, bhi, blo, ctl, st);
  sum(x, -y, ctl, st);
}

/** x * y for finite non-zero x and y, rounded once. */
function product(x: number, y: number, ctl: number, st: FpStatus): void {
  const ex = exponentOf(x);
  const ey = exponentOf(y);
  const p = twoProduct(scale(x, -ex), scale(y, -ey));
  result(round64(p, exact.err, ctl, st, 0, ex + ey));
}

/** FPMul. */
export function mul64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  ctl: number,
  st: FpStatus,
): void {
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) return processNaNs64(ahi, alo, bhi, blo, ctl, st);
  if ((isInf(x) && y === 0) || (x === 0 && isInf(y))) return invalid(st);
  if (isInf(x) || isInf(y) || x === 0 || y === 0) return result(x * y);
  product(x, y, ctl, st);
}

/** FPDiv. */
export function div64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  ctl: number,
  st: FpStatus,
): void {
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) return processNaNs64(ahi, alo, bhi, blo, ctl, st);
  if ((isInf(x) && isInf(y)) || (x === 0 && y === 0)) return invalid(st);
  if (isInf(x) || y === 0) {
    if (!isInf(x)) st.fpscr |= FPSCR_DZC;
    return result(x / y);
  }
  if (x === 0 || isInf(y)) return result(x / y);
  const ex = exponentOf(x);
  const ey = exponentOf(y);
  const a = Math.abs(scale(x, -ex));
  const b = Math.abs(scale(y, -ey));
  const q = a / b;
  // The exact remainder a - q * b: its sign is the side of q the quotient lies on.
  const p = twoProduct(q, b);
  const r = a - p - exact.err;
  const minus = x < 0 !== y < 0;
  const hi = minus ? -q : q;
  const lo = sticky(q, minus ? -r : r);
  result(round64(hi, lo, ctl, st, 0, ex - ey));
}

/** FPSqrt. */
export function sqrt64(hi: number, lo: number, ctl: number, st: FpStatus): void {
  const x = unpack64(hi, lo, ctl, st);
  if (x !== x) return processNaN64(hi, lo, ctl, st);
  if (x === 0 || x === Infinity) return result(x);
  if (x < 0) return invalid(st);
  let e = exponentOf(x);
  if (e % 2 !== 0) e -= 1;
  const m = scale(x, -e); // in [1, 4)
  const q = Math.sqrt(m);
  const p = twoProduct(q, q);
  const r = m - p - exact.err;
  result(round64(q, sticky(q, r), ctl, st, 0, e / 2));
}

/** FPMulAdd: z + x * y rounded once. */
export function mulAdd64(
  zhi: number,
  zlo: number,
  xhi: number,
  xlo: number,
  yhi: number,
  ylo: number,
  ctl: number,
  st: FpStatus,
): void {
  const z = unpack64(zhi, zlo, ctl, st);
  const x = unpack64(xhi, xlo, ctl, st);
  const y = unpack64(yhi, ylo, ctl, st);
  const infZero = (isInf(x) && y === 0) || (x === 0 && isInf(y));
  if (z !== z || x !== x || y !== y) {
    if (isQNaN64(zhi, zlo) && infZero) return invalid(st);
    if (isSNaN64(zhi, zlo)) return processNaN64(zhi, zlo, ctl, st);
    if (isSNaN64(xhi, xlo)) return processNaN64(xhi, xlo, ctl, st);
    if (isSNaN64(yhi, ylo)) return processNaN64(yhi, ylo, ctl, st);
    if (isNaN64(zhi, zlo)) return processNaN64(zhi, zlo, ctl, st);
    if (isNaN64(xhi, xlo)) return processNaN64(xhi, xlo, ctl, st);
    return processNaN64(yhi, ylo, ctl, st);
  }
  if (infZero) return invalid(st);
  const productNegative = negative(x) !== negative(y);
  const productInf = isInf(x) || isInf(y);
  if (isInf(z) && productInf && negative(z) !== productNegative) return invalid(st);
  if (isInf(z)) return result(z);
  if (productInf) return result(productNegative ? -Infinity : Infinity);
  if (x === 0 || y === 0) {
    // The product is a zero with the sign of x * y.
    if (z === 0) {
      if (negative(z) === productNegative) return result(z);
      return exactZero(ctl);
    }
    return result(round64(z, 0, ctl, st));
  }
  if (z === 0) return product(x, y, ctl, st);
  fusedSum(z, x, y, ctl, st);
}

/** z + x * y for finite non-zero operands. */
function fusedSum(z: number, x: number, y: number, ctl: number, st: FpStatus): void {
  const ex = exponentOf(x);
  const ey = exponentOf(y);
  const ez = exponentOf(z);
  const ph = twoProduct(scale(x, -ex), scale(y, -ey)); // in (-4, 4), at 2^(ex + ey)
  const pl = exact.err;
  const sp = ex + ey;
  const d = ez - sp;
  if (d > 110) {
    // The product is far below half an ulp of z: it only says which side of z.
    const mz = scale(z, -ez);
    return result(round64(mz, sticky(mz, ph), ctl, st, 0, ez));
  }
  if (d < -110) return result(round64(ph, pl, ctl, st, z, sp));
  // ph + pl + zs exactly, renormalised to hi + lo + lo2 with |lo| about half an ulp of hi at most.
  const zs = scale(z, -sp);
  const s1 = twoSum(ph, zs);
  const t = twoSum(exact.err, pl);
  const f = exact.err;
  let hi = twoSum(s1, t);
  let lo = twoSum(exact.err, f);
  let lo2 = exact.err;
  hi = twoSum(hi, lo);
  lo = twoSum(exact.err, lo2);
  lo2 = exact.err;
  if (hi === 0) return exactZero(ctl);
  result(round64(hi, lo, ctl, st, lo2, sp));
}

/** FPCompare: NZCV as bits 3:0. */
export function compare64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  quietNaNExc: boolean,
  ctl: number,
  st: FpStatus,
): number {
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) {
    if (quietNaNExc || isSNaN64(ahi, alo) || isSNaN64(bhi, blo)) st.fpscr |= FPSCR_IOC;
    return 0b0011;
  }
  if (x === y) return 0b0110;
  return x < y ? 0b1000 : 0b0010;
}

/** FPMaxNum / FPMinNum. */
export function maxMinNum64(
  ahi: number,
  alo: number,
  bhi: number,
  blo: number,
  max: boolean,
  ctl: number,
  st: FpStatus,
): void {
  const loserHi = max ? 0xfff0_0000 : 0x7ff0_0000;
  if (isQNaN64(ahi, alo) && !isQNaN64(bhi, blo)) {
    ahi = loserHi;
    alo = 0;
  } else if (!isQNaN64(ahi, alo) && isQNaN64(bhi, blo)) {
    bhi = loserHi;
    blo = 0;
  }
  const x = unpack64(ahi, alo, ctl, st);
  const y = unpack64(bhi, blo, ctl, st);
  if (x !== x || y !== y) return processNaNs64(ahi, alo, bhi, blo, ctl, st);
  const v = (max ? x > y : x < y) ? x : y;
  if (v === 0) {
    const sign = max ? ahi & bhi & SIGN : (ahi | bhi) & SIGN;
    d64.hi = sign >>> 0;
    d64.lo = 0;
    return;
  }
  result(isInf(v) ? v : round64(v, 0, ctl, st));
}

/** FPRoundInt. */
export function roundInt64(
  hi: number,
  lo: number,
  rounding: number,
  exactFlag: boolean,
  ctl: number,
  st: FpStatus,
): void {
  const x = unpack64(hi, lo, ctl, st);
  if (x !== x) return processNaN64(hi, lo, ctl, st);
  if (x === 0 || isInf(x)) return result(x);
  const r = roundToIntegral(x, rounding);
  if (r !== x && exactFlag) st.fpscr |= FPSCR_IXC;
  if (r === 0) return result((hi & SIGN) !== 0 ? -0 : 0);
  result(round64(r, 0, ctl, st));
}

/** FPToFixed from double precision (see toFixed32). */
export function toFixed64(
  hi: number,
  lo: number,
  M: number,
  fbits: number,
  unsigned: boolean,
  rounding: number,
  ctl: number,
  st: FpStatus,
): number {
  const x = unpack64(hi, lo, ctl, st);
  if (x !== x) {
    st.fpscr |= FPSCR_IOC;
    return 0;
  }
  return saturate(x * pow2(fbits), M, unsigned, rounding, st);
}

/** FixedToFP to double precision: always exact for 32-bit integers. */
export function fixedToFp64(int: number, fbits: number, ctl: number, st: FpStatus): void {
  if (int === 0) return result(0);
  result(round64(int * pow2(-fbits), 0, ctl, st));
}
