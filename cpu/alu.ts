/**
 * The ARM ARM's shared pseudocode functions (A2.2, A2.3, A5.3.2). They return their main result
 * and leave carry, overflow and saturation in `out`, so that nothing is allocated per call.
 */

export const out = { c: 0, v: 0, sat: 0 };

export const SRType_LSL = 0;
export const SRType_LSR = 1;
export const SRType_ASR = 2;
export const SRType_ROR = 3;
export const SRType_RRX = 4;

/** AddWithCarry(x, y, carry_in): result; carry in out.c, overflow in out.v. */
export function addWithCarry(x: number, y: number, carryIn: number): number {
  const unsignedSum = (x >>> 0) + (y >>> 0) + carryIn;
  const result = unsignedSum >>> 0;
  out.c = unsignedSum > 0xffffffff ? 1 : 0;
  // Overflow when both operands have the same sign and the result's sign differs.
  out.v = ((~(x ^ y) & (x ^ result)) >>> 31) & 1;
  return result;
}

/** DecodeImmShift(type, imm5) -> shift_t; the amount comes from decodeImmShiftN. */
export function decodeImmShiftT(type: number, imm5: number): number {
  return type === 3 && imm5 === 0 ? SRType_RRX : type;
}

export function decodeImmShiftN(type: number, imm5: number): number {
  switch (type) {
    case 0:
      return imm5;
    case 1:
    case 2:
      return imm5 === 0 ? 32 : imm5;
    default:
      return imm5 === 0 ? 1 : imm5;
  }
}

/** Shift_C(value, type, amount, carry_in): result, carry out in out.c. */
export function shiftC(value: number, type: number, amount: number, carryIn: number): number {
  value >>>= 0;
  if (amount === 0) {
    out.c = carryIn;
    return value;
  }
  switch (type) {
    case SRType_LSL:
      if (amount > 32) {
        out.c = 0;
        return 0;
      }
      out.c = amount === 32 ? value & 1 : (value >>> (32 - amount)) & 1;
      return amount === 32 ? 0 : (value << amount) >>> 0;
    case SRType_LSR:
      if (amount > 32) {
        out.c = 0;
        return 0;
      }
      out.c = (value >>> (amount - 1)) & 1;
      return amount === 32 ? 0 : value >>> amount;
    case SRType_ASR:
      if (amount >= 32) {
        out.c = value >>> 31;
        return ((value | 0) >> 31) >>> 0;
      }
      out.c = (value >>> (amount - 1)) & 1;
      return ((value | 0) >> amount) >>> 0;
    case SRType_ROR: {
      const n = amount & 31;
      const result = n === 0 ? value : ((value >>> n) | (value << (32 - n))) >>> 0;
      out.c = result >>> 31;
      return result;
    }
    default: {
      // RRX
      out.c = value & 1;
      return ((carryIn << 31) | (value >>> 1)) >>> 0;
    }
  }
}

/** Shift(value, type, amount, carry_in) without the carry. */
export function shift(value: number, type: number, amount: number, carryIn: number): number {
  return shiftC(value, type, amount, carryIn);
}

/** ROR(x, n) for 0 <= n < 32. */
export function ror(value: number, n: number): number {
  n &= 31;
  return n === 0 ? value >>> 0 : ((value >>> n) | (value << (32 - n))) >>> 0;
}

/**
 * ThumbExpandImm_C(imm12, carry_in) (A5.3.2): the modified immediate; carry in out.c.
 * Returns -1 for the UNPREDICTABLE patterns (imm8 == 0 with a replicated form).
 */
export function thumbExpandImmC(imm12: number, carryIn: number): number {
  if (imm12 >>> 10 === 0) {
    const imm8 = imm12 & 0xff;
    out.c = carryIn;
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return imm8;
      case 1:
        return imm8 === 0 ? -1 : ((imm8 << 16) | imm8) >>> 0;
      case 2:
        return imm8 === 0 ? -1 : ((imm8 << 24) | (imm8 << 8)) >>> 0;
      default:
        return imm8 === 0 ? -1 : ((imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8) >>> 0;
    }
  }
  const unrotated = 0x80 | (imm12 & 0x7f);
  const result = ror(unrotated, imm12 >>> 7);
  out.c = result >>> 31;
  return result;
}

/** SignedSatQ(i, N): result, saturated flag in out.sat. */
export function signedSat(i: number, n: number): number {
  const max = 2 ** (n - 1) - 1;
  const min = -(2 ** (n - 1));
  if (i > max) {
    out.sat = 1;
    return max;
  }
  if (i < min) {
    out.sat = 1;
    return min;
  }
  out.sat = 0;
  return i;
}

/** UnsignedSatQ(i, N): result, saturated flag in out.sat. */
export function unsignedSat(i: number, n: number): number {
  const max = 2 ** n - 1;
  if (i > max) {
    out.sat = 1;
    return max;
  }
  if (i < 0) {
    out.sat = 1;
    return 0;
  }
  out.sat = 0;
  return i;
}

/** SignExtend of the low `bits` bits. */
export function signExtend(value: number, bits: number): number {
  const s = 32 - bits;
  return (value << s) >> s;
}
