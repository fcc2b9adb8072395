/**
 * Floating-point bit patterns where the hard cases live: zeros, infinities, NaNs of both kinds,
 * denormals, the edges of the normal range, and significands that end in a rounding tie. For
 * the FPU's unit tests and the differential test's initial registers.
 */
import type { Random } from './qemu/random.ts';

/** A single-precision value with sign, exponent field `exp` and fraction `frac`. */
const single = (sign: number, exp: number, frac: number) =>
  ((sign << 31) | (exp << 23) | (frac & 0x7f_ffff)) >>> 0;

/** A fraction with few set bits at the top and a random tail, or all random. */
function fraction(r: Random, bits: number): number {
  switch (r.below(6)) {
    case 0:
      return 0;
    case 1:
      return r.bits(8) * 2 ** (bits - 8); // low bits clear
    case 2:
      return 2 ** r.below(bits); // one bit
    case 3:
      return 2 ** bits - 1 - r.bits(Math.min(bits, 4)); // nearly all ones
    default:
      return bits > 30 ? r.bits(bits - 30) * 2 ** 30 + r.bits(30) : r.bits(bits);
  }
}

export function randomSingle(r: Random): number {
  const sign = r.bits(1);
  switch (r.below(12)) {
    case 0:
      return single(sign, 0, 0);
    case 1:
      return single(sign, 0xff, 0); // infinity
    case 2:
      return single(sign, 0xff, 0x40_0000 | fraction(r, 22)); // quiet NaN
    case 3:
      return single(sign, 0xff, Math.max(1, fraction(r, 22))); // signalling NaN
    case 4:
      return single(sign, 0, Math.max(1, fraction(r, 23))); // denormal
    case 5:
      return single(sign, r.range(1, 4), fraction(r, 23)); // just above the denormals
    case 6:
      return single(sign, r.range(0xfb, 0xfe), fraction(r, 23)); // near overflow
    case 7:
      return single(sign, r.range(120, 134), fraction(r, 23)); // near 1.0
    case 8:
      return single(sign, r.range(150, 160), fraction(r, 23)); // integers, ties at .5
    default:
      return r.u32();
  }
}

/** A double-precision value as [bits 63:32, bits 31:0]. */
export function randomDouble(r: Random): [number, number] {
  const sign = r.bits(1);
  const frac = fraction(r, 52);
  const fhi = Math.floor(frac / 2 ** 32);
  const flo = (frac % 2 ** 32) >>> 0;
  const make = (exp: number, hi: number, lo: number): [number, number] => [
    ((sign << 31) | (exp << 20) | (hi & 0xf_ffff)) >>> 0,
    lo >>> 0,
  ];
  switch (r.below(12)) {
    case 0:
      return make(0, 0, 0);
    case 1:
      return make(0x7ff, 0, 0);
    case 2:
      return make(0x7ff, 0x8_0000 | fhi, flo);
    case 3:
      return (fhi | flo) === 0 ? make(0x7ff, 1, 0) : make(0x7ff, fhi & 0x7_ffff, flo);
    case 4:
      return (fhi | flo) === 0 ? make(0, 0, 1) : make(0, fhi, flo);
    case 5:
      return make(r.range(1, 4), fhi, flo);
    case 6:
      return make(r.range(0x7fb, 0x7fe), fhi, flo);
    case 7:
      return make(r.range(1015, 1031), fhi, flo);
    case 8:
      return make(r.range(1075, 1090), fhi, flo);
    case 9:
      // A value that single precision represents: conversions and mixed operations.
      return make(r.range(1023 - 150, 1023 + 128), fhi & 0xf_ffff, 0);
    default:
      return [r.u32(), r.u32()];
  }
}

export function randomHalf(r: Random): number {
  switch (r.below(6)) {
    case 0:
      return r.bits(1) << 15;
    case 1:
      return (r.bits(1) << 15) | 0x7c00 | (r.chance(0.5) ? 0 : r.bits(10));
    case 2:
      return (r.bits(1) << 15) | r.bits(10);
    default:
      return r.bits(16);
  }
}

/**
 * A second operand related to the first: the same value, its negation, or a neighbour, so that
 * sums cancel and quotients are exact as often as they are not.
 */
export function relatedSingle(r: Random, a: number): number {
  switch (r.below(4)) {
    case 0:
      return a;
    case 1:
      return (a ^ 0x8000_0000) >>> 0;
    case 2:
      return (a + r.range(-3, 3)) >>> 0;
    default:
      return ((a & 0x807f_ffff) | (r.range(-26, 26) * 0x80_0000 + (a & 0x7f80_0000))) >>> 0;
  }
}

/** FPSCR with a random rounding mode, FZ, DN and AHP, and no flags. */
export function randomControl(r: Random): number {
  return ((r.bits(2) << 22) | (r.bits(1) << 24) | (r.bits(1) << 25) | (r.bits(1) << 26)) >>> 0;
}
