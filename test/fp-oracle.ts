/**
 * A reference for the FPU's tests: the ARMv7-M ARM's floating-point pseudocode (A2.5: FPUnpack,
 * FPRound, FPProcessNaN(s), FPAdd ... FPToFixed) transcribed onto exact rationals with BigInt.
 * Slow and plain on purpose: it shares nothing with cpu/fpu's double-precision arithmetic
 * (error-free transforms, remainders), so the two can be checked against each other.
 *
 * Values are bit patterns as bigint; exceptions accumulate in `ctx.fpscr`, whose control bits
 * (AHP, DN, FZ, RMode) the operations read.
 */

export interface Format {
  N: 16 | 32 | 64;
  E: number;
  F: number;
}

export const HALF: Format = { N: 16, E: 5, F: 10 };
export const SINGLE: Format = { N: 32, E: 8, F: 23 };
export const DOUBLE: Format = { N: 64, E: 11, F: 52 };

export const IOC = 1;
export const DZC = 2;
export const OFC = 4;
export const UFC = 8;
export const IXC = 16;
export const IDC = 128;

export interface Ctx {
  fpscr: number;
}

type Type = 'zero' | 'nonzero' | 'inf' | 'qnan' | 'snan';

/** sign, and |value| = num / den * 2^exp (num = 0 for zero, NaN and infinity). */
interface Unpacked {
  type: Type;
  sign: number;
  num: bigint;
  den: bigint;
  exp: number;
}

const ahp = (c: Ctx) => (c.fpscr >>> 26) & 1;
const dn = (c: Ctx) => (c.fpscr >>> 25) & 1;
const fz = (c: Ctx) => (c.fpscr >>> 24) & 1;
export const rmodeOf = (c: Ctx) => (c.fpscr >>> 22) & 3;

const ones = (n: number) => (1n << BigInt(n)) - 1n;
const expOnes = (f: Format) => ones(f.E);

function fields(bits: bigint, f: Format) {
  const sign = Number((bits >> BigInt(f.N - 1)) & 1n);
  const exp = Number((bits >> BigInt(f.F)) & expOnes(f));
  const frac = bits & ones(f.F);
  return { sign, exp, frac };
}

export function unpack(bits: bigint, f: Format, c: Ctx): Unpacked {
  const { sign, exp, frac } = fields(bits, f);
  const bias = Number(ones(f.E - 1));
  const none = { num: 0n, den: 1n, exp: 0 };
  if (exp === 0) {
    if (frac === 0n || (f.N !== 16 && fz(c) === 1)) {
      if (frac !== 0n) c.fpscr |= IDC;
      return { type: 'zero', sign, ...none };
    }
    return { type: 'nonzero', sign, num: frac, den: 1n, exp: 1 - bias - f.F };
  }
  if (BigInt(exp) === expOnes(f) && !(f.N === 16 && ahp(c) === 1)) {
    if (frac === 0n) return { type: 'inf', sign, ...none };
    const quiet = (frac >> BigInt(f.F - 1)) & 1n;
    return { type: quiet ? 'qnan' : 'snan', sign, ...none };
  }
  return { type: 'nonzero', sign, num: frac | (1n << BigInt(f.F)), den: 1n, exp: exp - bias - f.F };
}

const isNaN = (u: Unpacked) => u.type === 'qnan' || u.type === 'snan';

export function defaultNaN(f: Format): bigint {
  return (expOnes(f) << BigInt(f.F)) | (1n << BigInt(f.F - 1));
}

export function infinity(sign: number, f: Format): bigint {
  return (BigInt(sign) << BigInt(f.N - 1)) | (expOnes(f) << BigInt(f.F));
}

export function zero(sign: number, f: Format): bigint {
  return BigInt(sign) << BigInt(f.N - 1);
}

function maxNormal(sign: number, f: Format): bigint {
  return (BigInt(sign) << BigInt(f.N - 1)) | ((expOnes(f) - 1n) << BigInt(f.F)) | ones(f.F);
}

export function processNaN(type: Type, bits: bigint, f: Format, c: Ctx): bigint {
  let r = bits;
  if (type === 'snan') {
    r |= 1n << BigInt(f.F - 1);
    c.fpscr |= IOC;
  }
  return dn(c) ? defaultNaN(f) : r;
}

function processNaNs(
  u1: Unpacked,
  u2: Unpacked,
  b1: bigint,
  b2: bigint,
  f: Format,
  c: Ctx,
): bigint | null {
  if (u1.type === 'snan') return processNaN(u1.type, b1, f, c);
  if (u2.type === 'snan') return processNaN(u2.type, b2, f, c);
  if (u1.type === 'qnan') return processNaN(u1.type, b1, f, c);
  if (u2.type === 'qnan') return processNaN(u2.type, b2, f, c);
  return null;
}

const bitLength = (x: bigint) => x.toString(2).length;

/** num / den * 2^exp as an integer quotient at a power of two: floor(value * 2^-q), remainder. */
function divideAt(num: bigint, den: bigint, exp: number, q: number) {
  const shift = exp - q;
  const n = shift >= 0 ? num << BigInt(shift) : num;
  const d = shift >= 0 ? den : den << BigInt(-shift);
  return { int: n / d, rem: n % d, den: d };
}

/** FPRound: sign, |value| = num / den * 2^exp (non-zero), rounded by `mode` (default FPSCR's). */
export function fpRound(
  sign: number,
  num: bigint,
  den: bigint,
  exp: number,
  f: Format,
  c: Ctx,
  mode = rmodeOf(c),
): bigint {
  const bias = Number(ones(f.E - 1));
  const minimumExp = 1 - bias;
  // exponent = floor(log2(value))
  let e = bitLength(num) - bitLength(den);
  const probe = divideAt(num, den, exp, e + exp);
  if (probe.int === 0n) e -= 1;
  e += exp;
  if (fz(c) === 1 && f.N !== 16 && e < minimumExp) {
    c.fpscr |= UFC;
    return zero(sign, f);
  }
  let biasedExp = Math.max(e - minimumExp + 1, 0);
  const q = Math.max(e, minimumExp) - f.F;
  const { int, rem, den: d } = divideAt(num, den, exp, q);
  let intMant = int;
  const twice = 2n * rem;
  if (biasedExp === 0 && rem !== 0n) c.fpscr |= UFC;
  let roundUp = false;
  let overflowToInf = false;
  switch (mode) {
    case 0:
      roundUp = twice > d || (twice === d && (intMant & 1n) === 1n);
      overflowToInf = true;
      break;
    case 1:
      roundUp = rem !== 0n && sign === 0;
      overflowToInf = sign === 0;
      break;
    case 2:
      roundUp = rem !== 0n && sign === 1;
      overflowToInf = sign === 1;
      break;
    default:
      roundUp = false;
      overflowToInf = false;
  }
  let inexact = rem !== 0n;
  if (roundUp) {
    intMant += 1n;
    if (intMant === 1n << BigInt(f.F)) biasedExp = 1;
    if (intMant === 1n << BigInt(f.F + 1)) {
      biasedExp += 1;
      intMant >>= 1n;
    }
  }
  let result: bigint;
  if (f.N !== 16 || ahp(c) === 0) {
    if (BigInt(biasedExp) >= expOnes(f)) {
      result = overflowToInf ? infinity(sign, f) : maxNormal(sign, f);
      c.fpscr |= OFC;
      inexact = true;
    } else {
      result =
        (BigInt(sign) << BigInt(f.N - 1)) |
        (BigInt(biasedExp) << BigInt(f.F)) |
        (intMant & ones(f.F));
    }
  } else if (BigInt(biasedExp) >= 1n << BigInt(f.E)) {
    result = (BigInt(sign) << 15n) | ones(15);
    c.fpscr |= IOC;
    inexact = false;
  } else {
    result = (BigInt(sign) << 15n) | (BigInt(biasedExp) << 10n) | (intMant & ones(10));
  }
  if (inexact) c.fpscr |= IXC;
  return result;
}

// --- Exact arithmetic on unpacked values ---------------------------------------------------

interface Signed {
  num: bigint; // signed
  den: bigint;
  exp: number;
}

function signed(u: Unpacked): Signed {
  return { num: u.sign ? -u.num : u.num, den: u.den, exp: u.exp };
}

/** a + b exactly (both dyadic: den = 1). */
function addExact(a: Signed, b: Signed): Signed {
  const e = Math.min(a.exp, b.exp);
  const num = (a.num << BigInt(a.exp - e)) + (b.num << BigInt(b.exp - e));
  return { num, den: 1n, exp: e };
}

function roundSigned(v: Signed, f: Format, c: Ctx): bigint {
  const sign = v.num < 0n ? 1 : 0;
  return fpRound(sign, sign ? -v.num : v.num, v.den, v.exp, f, c);
}

function zeroByMode(f: Format, c: Ctx): bigint {
  return zero(rmodeOf(c) === 2 ? 1 : 0, f);
}

export function fpAdd(b1: bigint, b2: bigint, f: Format, c: Ctx, subtract = false): bigint {
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  const nan = processNaNs(u1, u2, b1, b2, f, c);
  if (nan !== null) return nan;
  const s2 = subtract ? 1 - u2.sign : u2.sign;
  if (u1.type === 'inf' && u2.type === 'inf' && u1.sign !== s2) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  if (u1.type === 'inf') return infinity(u1.sign, f);
  if (u2.type === 'inf') return infinity(s2, f);
  if (u1.type === 'zero' && u2.type === 'zero' && u1.sign === s2) return zero(u1.sign, f);
  const v = addExact(signed(u1), signed({ ...u2, sign: s2 }));
  if (v.num === 0n) return zeroByMode(f, c);
  return roundSigned(v, f, c);
}

export function fpMul(b1: bigint, b2: bigint, f: Format, c: Ctx): bigint {
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  const nan = processNaNs(u1, u2, b1, b2, f, c);
  if (nan !== null) return nan;
  const sign = u1.sign ^ u2.sign;
  if ((u1.type === 'inf' && u2.type === 'zero') || (u1.type === 'zero' && u2.type === 'inf')) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  if (u1.type === 'inf' || u2.type === 'inf') return infinity(sign, f);
  if (u1.type === 'zero' || u2.type === 'zero') return zero(sign, f);
  return fpRound(sign, u1.num * u2.num, 1n, u1.exp + u2.exp, f, c);
}

export function fpDiv(b1: bigint, b2: bigint, f: Format, c: Ctx): bigint {
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  const nan = processNaNs(u1, u2, b1, b2, f, c);
  if (nan !== null) return nan;
  const sign = u1.sign ^ u2.sign;
  if ((u1.type === 'inf' && u2.type === 'inf') || (u1.type === 'zero' && u2.type === 'zero')) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  if (u1.type === 'inf' || u2.type === 'zero') {
    if (u1.type !== 'inf') c.fpscr |= DZC;
    return infinity(sign, f);
  }
  if (u1.type === 'zero' || u2.type === 'inf') return zero(sign, f);
  return fpRound(sign, u1.num, u2.num, u1.exp - u2.exp, f, c);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function fpSqrt(b: bigint, f: Format, c: Ctx): bigint {
  const u = unpack(b, f, c);
  if (isNaN(u)) return processNaN(u.type, b, f, c);
  if (u.type === 'zero') return zero(u.sign, f);
  if (u.type === 'inf' && u.sign === 0) return infinity(0, f);
  if (u.sign === 1) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  // value = num * 2^exp; scale to an even exponent with plenty of bits, then isqrt.
  let exp = u.exp - 2 * 200;
  let num = u.num << 400n;
  if (exp % 2 !== 0) {
    num <<= 1n;
    exp -= 1;
  }
  const s = isqrt(num);
  // Exact root, or strictly between s and s + 1: (2s + 1) / 2 stands in for it.
  if (s * s === num) return fpRound(0, s, 1n, exp / 2, f, c);
  return fpRound(0, 2n * s + 1n, 2n, exp / 2, f, c);
}

/** FPMulAdd: addend + op1 * op2. */
export function fpMulAdd(ba: bigint, b1: bigint, b2: bigint, f: Format, c: Ctx): bigint {
  const ua = unpack(ba, f, c);
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  const inf1 = u1.type === 'inf';
  const inf2 = u2.type === 'inf';
  const zero1 = u1.type === 'zero';
  const zero2 = u2.type === 'zero';
  let nan: bigint | null = null;
  if (ua.type === 'snan') nan = processNaN(ua.type, ba, f, c);
  else if (u1.type === 'snan') nan = processNaN(u1.type, b1, f, c);
  else if (u2.type === 'snan') nan = processNaN(u2.type, b2, f, c);
  else if (ua.type === 'qnan') nan = processNaN(ua.type, ba, f, c);
  else if (u1.type === 'qnan') nan = processNaN(u1.type, b1, f, c);
  else if (u2.type === 'qnan') nan = processNaN(u2.type, b2, f, c);
  if (ua.type === 'qnan' && ((inf1 && zero2) || (zero1 && inf2))) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  if (nan !== null) return nan;
  const signP = u1.sign ^ u2.sign;
  const infP = inf1 || inf2;
  const zeroP = zero1 || zero2;
  const infA = ua.type === 'inf';
  if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && ua.sign !== signP)) {
    c.fpscr |= IOC;
    return defaultNaN(f);
  }
  if ((infA && ua.sign === 0) || (infP && signP === 0)) return infinity(0, f);
  if ((infA && ua.sign === 1) || (infP && signP === 1)) return infinity(1, f);
  if (ua.type === 'zero' && zeroP && ua.sign === signP) return zero(ua.sign, f);
  const product: Signed = {
    num: signP ? -(u1.num * u2.num) : u1.num * u2.num,
    den: 1n,
    exp: u1.exp + u2.exp,
  };
  const v = addExact(signed(ua), product);
  if (v.num === 0n) return zeroByMode(f, c);
  return roundSigned(v, f, c);
}

export function fpCompare(b1: bigint, b2: bigint, quiet: boolean, f: Format, c: Ctx): number {
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  if (isNaN(u1) || isNaN(u2)) {
    if (u1.type === 'snan' || u2.type === 'snan' || quiet) c.fpscr |= IOC;
    return 0b0011;
  }
  const cmp = compareValues(u1, u2);
  return cmp === 0 ? 0b0110 : cmp < 0 ? 0b1000 : 0b0010;
}

/** Sign of (value1 - value2), infinities included. */
function compareValues(u1: Unpacked, u2: Unpacked): number {
  const big = (u: Unpacked) => (u.type === 'inf' ? (u.sign ? -1 : 1) : 0);
  if (big(u1) !== 0 || big(u2) !== 0) return Math.sign(big(u1) - big(u2));
  const d = addExact(signed(u1), signed({ ...u2, sign: 1 - u2.sign }));
  return d.num === 0n ? 0 : d.num < 0n ? -1 : 1;
}

/** FPMaxNum (max) or FPMinNum. */
export function fpMaxMinNum(b1: bigint, b2: bigint, max: boolean, f: Format, c: Ctx): bigint {
  const t1 = unpack(b1, f, c).type;
  const t2 = unpack(b2, f, c).type;
  const loser = infinity(max ? 1 : 0, f);
  if (t1 === 'qnan' && t2 !== 'qnan') b1 = loser;
  else if (t1 !== 'qnan' && t2 === 'qnan') b2 = loser;
  const u1 = unpack(b1, f, c);
  const u2 = unpack(b2, f, c);
  const nan = processNaNs(u1, u2, b1, b2, f, c);
  if (nan !== null) return nan;
  const cmp = compareValues(u1, u2);
  const u = (max ? cmp > 0 : cmp < 0) ? u1 : u2;
  if (u.type === 'inf') return infinity(u.sign, f);
  if (u.type === 'zero') return zero(max ? u1.sign & u2.sign : u1.sign | u2.sign, f);
  return fpRound(u.sign, u.num, u.den, u.exp, f, c);
}

/** floor(value) and whether value - floor is 0, < 1/2, 1/2 or > 1/2 (as -1, 0, 1 around it). */
function splitIntegral(u: Unpacked) {
  const { int, rem, den } = divideAt(u.num, u.den, u.exp, 0);
  // |value| = int + rem/den; value = -|value| when negative.
  let down = u.sign ? -int : int;
  let r = rem;
  if (u.sign && rem !== 0n) {
    down -= 1n;
    r = den - rem;
  }
  return { down, rem: r, den };
}

/** 0..3: FPSCR modes; 4: ties away. */
function roundsUp(down: bigint, rem: bigint, den: bigint, mode: number): boolean {
  const twice = 2n * rem;
  switch (mode) {
    case 0:
      return twice > den || (twice === den && (down & 1n) === 1n);
    case 1:
      return rem !== 0n;
    case 2:
      return false;
    case 3:
      return rem !== 0n && down < 0n;
    default:
      return twice > den || (twice === den && down >= 0n);
  }
}

export function fpRoundInt(b: bigint, mode: number, exact: boolean, f: Format, c: Ctx): bigint {
  const u = unpack(b, f, c);
  if (isNaN(u)) return processNaN(u.type, b, f, c);
  if (u.type === 'inf') return infinity(u.sign, f);
  if (u.type === 'zero') return zero(u.sign, f);
  const { down, rem, den } = splitIntegral(u);
  const r = roundsUp(down, rem, den, mode) ? down + 1n : down;
  const result = r === 0n ? zero(u.sign, f) : fpRound(r < 0n ? 1 : 0, r < 0n ? -r : r, 1n, 0, f, c);
  if (rem !== 0n && exact) c.fpscr |= IXC;
  return result;
}

/** FPToFixed: M-bit result as a bigint (signed or unsigned value). */
export function fpToFixed(
  b: bigint,
  f: Format,
  M: number,
  fbits: number,
  unsigned: boolean,
  mode: number,
  c: Ctx,
): bigint {
  const u = unpack(b, f, c);
  if (isNaN(u)) c.fpscr |= IOC;
  let down: bigint, rem: bigint, den: bigint;
  if (u.type === 'inf') {
    down = u.sign ? -(1n << 2000n) : 1n << 2000n;
    rem = 0n;
    den = 1n;
  } else if (u.type === 'nonzero') {
    ({ down, rem, den } = splitIntegral({ ...u, exp: u.exp + fbits }));
  } else {
    down = 0n;
    rem = 0n;
    den = 1n;
  }
  const r = roundsUp(down, rem, den, mode) ? down + 1n : down;
  const max = unsigned ? (1n << BigInt(M)) - 1n : (1n << BigInt(M - 1)) - 1n;
  const min = unsigned ? 0n : -(1n << BigInt(M - 1));
  if (r > max || r < min) {
    c.fpscr |= IOC;
    return r > max ? max : min;
  }
  if (rem !== 0n) c.fpscr |= IXC;
  return r;
}

/** FixedToFP from an integer (already signed or unsigned). */
export function fixedToFp(int: bigint, fbits: number, f: Format, c: Ctx): bigint {
  if (int === 0n) return zero(0, f);
  return fpRound(int < 0n ? 1 : 0, int < 0n ? -int : int, 1n, -fbits, f, c);
}

/** FPConvert between formats (FPHalfToSingle, FPSingleToHalf, FPSingleToDouble...). */
export function fpConvert(b: bigint, from: Format, to: Format, c: Ctx): bigint {
  const u = unpack(b, from, c);
  if (isNaN(u)) {
    if (u.type === 'snan') c.fpscr |= IOC;
    if (to.N === 16 && ahp(c) === 1) {
      c.fpscr |= IOC;
      return zero(u.sign, to);
    }
    if (dn(c) === 1) return defaultNaN(to);
    // sign : ones : 1 : the top fraction bits that fit
    const keep = Math.min(from.F, to.F) - 1;
    const payload = (b >> BigInt(from.F - 1 - keep)) & ones(keep);
    return (
      (BigInt(u.sign) << BigInt(to.N - 1)) |
      (expOnes(to) << BigInt(to.F)) |
      (1n << BigInt(to.F - 1)) |
      (payload << BigInt(to.F - 1 - keep))
    );
  }
  if (u.type === 'inf') {
    if (to.N === 16 && ahp(c) === 1) {
      c.fpscr |= IOC;
      return (BigInt(u.sign) << 15n) | ones(15);
    }
    return infinity(u.sign, to);
  }
  if (u.type === 'zero') return zero(u.sign, to);
  return fpRound(u.sign, u.num, u.den, u.exp, to, c);
}
