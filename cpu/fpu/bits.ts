/**
 * Floating-point values as bits and back, through one scratch buffer (no allocation), and the
 * exact binary scaling the rounding code needs.
 */

const scratch = new ArrayBuffer(8);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
const u32 = new Uint32Array(scratch);
/** Which word of a float64 holds the sign and exponent (1 on little-endian hosts). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** The number single-precision `bits` encode (a NaN's payload is not kept). */
export function fromBits32(bits: number): number {
  u32[0] = bits;
  return f32[0];
}

/** The bits of a number that single precision represents exactly (not a NaN). */
export function toBits32(value: number): number {
  f32[0] = value;
  return u32[0];
}

/** The number the double-precision words `hi`:`lo` encode (a NaN's payload is not kept). */
export function fromBits64(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0];
}

/** Bits 63:32 of a number as a double (set `bits64Lo` too). */
export function bits64Hi(value: number): number {
  f64[0] = value;
  return u32[HI];
}

/** Bits 31:0 of the number last given to `bits64Hi`. */
export function bits64Lo(): number {
  return u32[LO];
}

/** 2^k for k in [-1100, 1100] (beyond the double range: 0 or Infinity). */
const POW2 = new Float64Array(2201);
for (let k = -1100; k <= 1100; k++) POW2[k + 1100] = 2 ** k;

export function pow2(k: number): number {
  return POW2[k + 1100];
}

/** x * 2^k, exactly whenever the result is a normal double or zero. */
export function scale(x: number, k: number): number {
  while (k > 1000) {
    x *= POW2[2100];
    k -= 1000;
  }
  while (k < -1000) {
    x *= POW2[100];
    k += 1000;
  }
  return x * POW2[k + 1100];
}

/** floor(log2(|x|)) for a finite non-zero double, subnormals included. */
export function exponentOf(x: number): number {
  f64[0] = x;
  const e = (u32[HI] >>> 20) & 0x7ff;
  if (e !== 0) return e - 1023;
  f64[0] = x * POW2[64 + 1100];
  return ((u32[HI] >>> 20) & 0x7ff) - 1023 - 64;
}

/** True when |x| is a power of two (x finite and non-zero). */
export function isPowerOfTwo(x: number): boolean {
  const e = exponentOf(x);
  return Math.abs(x) === POW2[e + 1100];
}
