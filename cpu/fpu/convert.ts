/**
 * Conversions between the precisions (ARMv7-M ARM A2.5: FPHalfToSingle, FPSingleToHalf and, for
 * FPv5 with double precision, their double forms and FPSingleToDouble, FPDoubleToSingle). Half
 * precision is IEEE or, with FPSCR.AHP, the alternative format: no infinities or NaNs, and a
 * larger range. Flush-to-zero never applies to half-precision values.
 */
import { bits64Hi, bits64Lo, pow2 } from './bits.ts';
import { d64, DEFAULT_NAN64_HI, isNaN64, isSNaN64, unpack64 } from './double.ts';
import { FPSCR_AHP, FPSCR_DN, FPSCR_IOC, type FpStatus } from './registers.ts';
import { round16, round32, round64 } from './round.ts';
import { DEFAULT_NAN32, isNaN32, isSNaN32, unpack32 } from './single.ts';

export const DEFAULT_NAN16 = 0x7e00;

/** FPUnpack for half precision: NaN for a NaN (never in the alternative format). */
function unpack16(h: number, ahp: boolean): number {
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  let v: number;
  if (exp === 0) v = frac * pow2(-24);
  else if (exp === 31 && !ahp) v = frac === 0 ? Infinity : NaN;
  else v = (frac + 0x400) * pow2(exp - 25);
  return (h & 0x8000) !== 0 ? -v : v;
}

/** The half-precision NaN for a NaN with top fraction bits `payload9` (FPSingleToHalf). */
function halfNaN(sign: number, payload9: number, snan: boolean, ctl: number, st: FpStatus) {
  if (snan) st.fpscr |= FPSCR_IOC;
  if ((ctl & FPSCR_AHP) !== 0) {
    // No NaN in the alternative format: a zero of the NaN's sign (FPZero(sign, 16)).
    st.fpscr |= FPSCR_IOC;
    return sign << 15;
  }
  if ((ctl & FPSCR_DN) !== 0) return DEFAULT_NAN16;
  return (sign << 15) | 0x7e00 | payload9;
}

/** A half-precision result for a value that is not a NaN. */
function toHalf(v: number, ctl: number, st: FpStatus): number {
  const ahp = (ctl & FPSCR_AHP) !== 0;
  const sign = v < 0 || 1 / v < 0 ? 0x8000 : 0;
  if (v === Infinity || v === -Infinity) {
    if (!ahp) return sign | 0x7c00;
    st.fpscr |= FPSCR_IOC;
    return sign | 0x7fff;
  }
  if (v === 0) return sign;
  return round16(v, ahp, ctl, st);
}

/** FPHalfToSingle. */
export function halfToSingle(h: number, ctl: number, st: FpStatus): number {
  const v = unpack16(h, (ctl & FPSCR_AHP) !== 0);
  if (v !== v) {
    if ((h & 0x200) === 0) st.fpscr |= FPSCR_IOC;
    if ((ctl & FPSCR_DN) !== 0) return DEFAULT_NAN32;
    return (((h & 0x8000) << 16) | 0x7fc0_0000 | ((h & 0x1ff) << 13)) >>> 0;
  }
  if (v === 0 || v === Infinity || v === -Infinity) return fromValue32(v);
  return round32(v, 0, ctl, st);
}

/** FPSingleToHalf. */
export function singleToHalf(bits: number, ctl: number, st: FpStatus): number {
  const v = unpack32(bits, ctl, st);
  if (v !== v) return halfNaN(bits >>> 31, (bits >>> 13) & 0x1ff, isSNaN32(bits), ctl, st);
  return toHalf(v, ctl, st);
}

/** FPHalfToDouble, into d64. */
export function halfToDouble(h: number, ctl: number, st: FpStatus): void {
  const v = unpack16(h, (ctl & FPSCR_AHP) !== 0);
  if (v !== v) {
    if ((h & 0x200) === 0) st.fpscr |= FPSCR_IOC;
    if ((ctl & FPSCR_DN) !== 0) {
      d64.hi = DEFAULT_NAN64_HI;
      d64.lo = 0;
    } else {
      d64.hi = (((h & 0x8000) << 16) | 0x7ff8_0000 | ((h & 0x1ff) << 10)) >>> 0;
      d64.lo = 0;
    }
    return;
  }
  setDouble(v === 0 || v === Infinity || v === -Infinity ? v : round64(v, 0, ctl, st));
}

/** FPDoubleToHalf. */
export function doubleToHalf(hi: number, lo: number, ctl: number, st: FpStatus): number {
  const v = unpack64(hi, lo, ctl, st);
  if (v !== v) return halfNaN(hi >>> 31, (hi >>> 10) & 0x1ff, isSNaN64(hi, lo), ctl, st);
  return toHalf(v, ctl, st);
}

/** FPSingleToDouble, into d64 (always exact). */
export function singleToDouble(bits: number, ctl: number, st: FpStatus): void {
  const v = unpack32(bits, ctl, st);
  if (isNaN32(bits)) {
    if (isSNaN32(bits)) st.fpscr |= FPSCR_IOC;
    if ((ctl & FPSCR_DN) !== 0) {
      d64.hi = DEFAULT_NAN64_HI;
      d64.lo = 0;
    } else {
      d64.hi = ((bits & 0x8000_0000) | 0x7ff8_0000 | ((bits & 0x3f_ffff) >>> 3)) >>> 0;
      d64.lo = ((bits & 7) << 29) >>> 0;
    }
    return;
  }
  setDouble(v === 0 || v === Infinity || v === -Infinity ? v : round64(v, 0, ctl, st));
}

/** FPDoubleToSingle. */
export function doubleToSingle(hi: number, lo: number, ctl: number, st: FpStatus): number {
  const v = unpack64(hi, lo, ctl, st);
  if (isNaN64(hi, lo)) {
    if (isSNaN64(hi, lo)) st.fpscr |= FPSCR_IOC;
    if ((ctl & FPSCR_DN) !== 0) return DEFAULT_NAN32;
    return ((hi & 0x8000_0000) | 0x7fc0_0000 | ((hi & 0x7_ffff) << 3) | (lo >>> 29)) >>> 0;
  }
  if (v === 0 || v === Infinity || v === -Infinity) return fromValue32(v);
  return round32(v, 0, ctl, st);
}

/** The single-precision bits of a zero or an infinity. */
function fromValue32(v: number): number {
  const sign = v < 0 || 1 / v < 0 ? 0x8000_0000 : 0;
  return (v === 0 ? sign : sign | 0x7f80_0000) >>> 0;
}

function setDouble(v: number): void {
  d64.hi = bits64Hi(v);
  d64.lo = bits64Lo();
}
