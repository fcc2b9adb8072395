/**
 * Single-precision arithmetic: corner cases worked out by hand from IEEE 754 and the ARM ARM's
 * pseudocode, then random operands against test/fp-oracle.ts (the pseudocode on exact rationals)
 * in every rounding mode, with and without flush-to-zero and default NaN.
 */
import { describe, expect, it } from 'vitest';
import * as O from '../../test/fp-oracle.ts';
import { randomControl, randomSingle, relatedSingle } from '../../test/fp-values.ts';
import { Random } from '../../test/qemu/random.ts';
import {
  add32,
  compare32,
  div32,
  fixedToFp32,
  maxMinNum32,
  mul32,
  mulAdd32,
  roundInt32,
  sqrt32,
  sub32,
  toFixed32,
} from './single.ts';

const RN = 0 << 22;
const RP = 1 << 22;
const RM = 2 << 22;
const RZ = 3 << 22;
const FZ = 1 << 24;
const DN = 1 << 25;
const [IOC, DZC, OFC, UFC, IXC, IDC] = [1, 2, 4, 8, 16, 128];

/** Runs an operation with FPSCR = ctl: [result bits, the flags it raised]. */
function op(f: (ctl: number, st: { fpscr: number }) => number, ctl = RN): [number, number] {
  const st = { fpscr: ctl };
  const r = f(ctl, st) >>> 0;
  return [r, st.fpscr & 0x9f];
}

const ONE = 0x3f80_0000;
const TWO = 0x4000_0000;
const MAX = 0x7f7f_ffff;
const INF = 0x7f80_0000;
const MIN_NORMAL = 0x0080_0000;
const QNAN = 0x7fc0_0000;

describe('FPAdd and FPSub', () => {
  it('adds exactly when the sum fits: 1.5 + 2.25 = 3.75', () => {
    expect(op((c, s) => add32(0x3fc0_0000, 0x4010_0000, c, s))).toEqual([0x4070_0000, 0]);
  });

  it('rounds 1 + 2^-24 (a tie) to even, or by the directed modes', () => {
    const half = 0x3380_0000; // 2^-24: half an ulp of 1.0
    const sum = (ctl: number) => op((c, s) => add32(ONE, half, c, s), ctl);
    expect(sum(RN)).toEqual([ONE, IXC]);
    expect(sum(RP)).toEqual([ONE + 1, IXC]);
    expect(sum(RM)).toEqual([ONE, IXC]);
    expect(sum(RZ)).toEqual([ONE, IXC]);
    // -(1 + 2^-24) toward minus infinity moves away from zero.
    expect(op((c, s) => sub32(0xbf80_0000, half, c, s), RM)).toEqual([0xbf80_0001, IXC]);
  });

  it('decides a sum far below an ulp by its sign: 1 - 2^-60 toward zero is 1 - 2^-24', () => {
    const tiny = 0x2180_0000; // 2^-60
    expect(op((c, s) => sub32(ONE, tiny, c, s), RZ)).toEqual([0x3f7f_ffff, IXC]);
    expect(op((c, s) => sub32(ONE, tiny, c, s), RN)).toEqual([ONE, IXC]);
  });

  it('overflows to infinity or the largest normal, as the mode says', () => {
    const sum = (ctl: number, a = MAX) => op((c, s) => add32(a, a, c, s), ctl);
    expect(sum(RN)).toEqual([INF, OFC | IXC]);
    expect(sum(RP)).toEqual([INF, OFC | IXC]);
    expect(sum(RM)).toEqual([MAX, OFC | IXC]);
    expect(sum(RZ)).toEqual([MAX, OFC | IXC]);
    expect(sum(RM, MAX | 0x8000_0000)).toEqual([0xff80_0000, OFC | IXC]);
  });

  it('gives +0 for x - x, -0 when rounding toward minus infinity; -0 + -0 is -0', () => {
    expect(op((c, s) => sub32(TWO, TWO, c, s))).toEqual([0, 0]);
    expect(op((c, s) => sub32(TWO, TWO, c, s), RM)).toEqual([0x8000_0000, 0]);
    expect(op((c, s) => add32(0x8000_0000, 0x8000_0000, c, s))).toEqual([0x8000_0000, 0]);
    expect(op((c, s) => add32(0, 0x8000_0000, c, s))).toEqual([0, 0]);
  });

  it('flushes denormal inputs to zero under FZ (IDC), keeping their sign', () => {
    expect(op((c, s) => add32(1, 0, c, s), FZ)).toEqual([0, IDC]);
    expect(op((c, s) => add32(0x8000_0001, 0x8000_0000, c, s), FZ)).toEqual([0x8000_0000, IDC]);
    expect(op((c, s) => add32(1, 0, c, s))).toEqual([1, 0]);
  });

  it('propagates NaNs: signalling first (quieted, IOC), then the first operand', () => {
    const snan = 0x7f80_0001;
    const qnan2 = 0x7fc0_0002;
    expect(op((c, s) => add32(qnan2, snan, c, s))).toEqual([0x7fc0_0001, IOC]);
    expect(op((c, s) => add32(0xffc0_0003, qnan2, c, s))).toEqual([0xffc0_0003, 0]);
    expect(op((c, s) => add32(ONE, qnan2, c, s))).toEqual([qnan2, 0]);
    expect(op((c, s) => add32(qnan2, snan, c, s), DN)).toEqual([QNAN, IOC]);
  });

  it('makes the default NaN of inf - inf (IOC)', () => {
    expect(op((c, s) => sub32(INF, INF, c, s))).toEqual([QNAN, IOC]);
    expect(op((c, s) => add32(INF, 0xff80_0000, c, s))).toEqual([QNAN, IOC]);
  });
});

describe('FPMul, FPDiv, FPSqrt', () => {
  it('multiplies with the sign of the operands, zeros included', () => {
    expect(op((c, s) => mul32(0x8000_0000, 0x40a0_0000, c, s))).toEqual([0x8000_0000, 0]);
    expect(op((c, s) => mul32(0x3fc0_0000, 0xc000_0000, c, s))).toEqual([0xc040_0000, 0]);
    expect(op((c, s) => mul32(INF, 0, c, s))).toEqual([QNAN, IOC]);
  });

  it('underflows: a tiny exact result is no underflow, a tiny inexact one is; FZ flushes', () => {
    const half = 0x3f00_0000;
    expect(op((c, s) => mul32(MIN_NORMAL, half, c, s))).toEqual([0x0040_0000, 0]);
    expect(op((c, s) => mul32(MIN_NORMAL, half, c, s), FZ)).toEqual([0, UFC]);
    // 2^-149 * 0.5 = 2^-150: a tie between 0 and the smallest denormal, to even: 0.
    expect(op((c, s) => mul32(1, half, c, s))).toEqual([0, UFC | IXC]);
    expect(op((c, s) => mul32(1, half, c, s), RP)).toEqual([1, UFC | IXC]);
  });

  it('flushes a result that would round up to the smallest normal (tiny before rounding)', () => {
    // (2^-126 - 2^-150) rounds to 2^-126 in RN, but FZ looks before rounding.
    const a = 0x3f7f_ffff; // 1 - 2^-24
    expect(op((c, s) => mul32(MIN_NORMAL, a, c, s))).toEqual([MIN_NORMAL, UFC | IXC]);
    expect(op((c, s) => mul32(MIN_NORMAL, a, c, s), FZ)).toEqual([0, UFC]);
  });

  it('divides: 1/3 rounded in each mode, 1/0 = inf (DZC), 0/0 = NaN (IOC)', () => {
    const third = (ctl: number) => op((c, s) => div32(ONE, 0x4040_0000, c, s), ctl);
    expect(third(RN)).toEqual([0x3eaa_aaab, IXC]);
    expect(third(RZ)).toEqual([0x3eaa_aaaa, IXC]);
    expect(third(RM)).toEqual([0x3eaa_aaaa, IXC]);
    expect(third(RP)).toEqual([0x3eaa_aaab, IXC]);
    expect(op((c, s) => div32(0xbf80_0000, 0, c, s))).toEqual([0xff80_0000, DZC]);
    expect(op((c, s) => div32(INF, 0, c, s))).toEqual([INF, 0]);
    expect(op((c, s) => div32(0, 0x8000_0000, c, s))).toEqual([QNAN, IOC]);
  });

  it('takes square roots: sqrt(2) by mode, sqrt(-0) = -0, sqrt(-1) = NaN', () => {
    expect(op((c, s) => sqrt32(TWO, c, s))).toEqual([0x3fb5_04f3, IXC]);
    expect(op((c, s) => sqrt32(TWO, c, s), RZ)).toEqual([0x3fb5_04f3, IXC]);
    expect(op((c, s) => sqrt32(TWO, c, s), RP)).toEqual([0x3fb5_04f4, IXC]);
    expect(op((c, s) => sqrt32(0x4080_0000, c, s))).toEqual([TWO, 0]);
    expect(op((c, s) => sqrt32(0x8000_0000, c, s))).toEqual([0x8000_0000, 0]);
    expect(op((c, s) => sqrt32(0xbf80_0000, c, s))).toEqual([QNAN, IOC]);
  });
});

describe('FPMulAdd', () => {
  it('rounds once: (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly', () => {
    const a = 0x3f80_0001;
    const b = 0x3f7f_fffe;
    expect(op((c, s) => mulAdd32(0xbf80_0000, a, b, c, s))).toEqual([0xa880_0000, 0]);
    // Rounded twice, as VMLA does: the product rounds to 1 and the sum is 0.
    const p = op((c, s) => mul32(a, b, c, s))[0];
    expect(op((c, s) => add32(0xbf80_0000, p, c, s))).toEqual([0, 0]);
  });

  it('gives the default NaN for 0 * inf + QNaN (IOC), the SNaN addend otherwise first', () => {
    expect(op((c, s) => mulAdd32(0x7fc0_0005, 0, INF, c, s))).toEqual([QNAN, IOC]);
    expect(op((c, s) => mulAdd32(0x7f80_0005, 0x7f80_0006, ONE, c, s))).toEqual([0x7fc0_0005, IOC]);
    expect(op((c, s) => mulAdd32(0x7fc0_0005, 0x7f80_0006, ONE, c, s))).toEqual([0x7fc0_0006, IOC]);
  });
});

describe('FPCompare, FPMaxNum, FPMinNum', () => {
  it('sets NZCV: less 1000, equal 0110, greater 0010, unordered 0011', () => {
    expect(op((c, s) => compare32(ONE, TWO, false, c, s))).toEqual([0b1000, 0]);
    expect(op((c, s) => compare32(0, 0x8000_0000, false, c, s))).toEqual([0b0110, 0]);
    expect(op((c, s) => compare32(TWO, ONE, false, c, s))).toEqual([0b0010, 0]);
    expect(op((c, s) => compare32(QNAN, ONE, false, c, s))).toEqual([0b0011, 0]);
    expect(op((c, s) => compare32(QNAN, ONE, true, c, s))).toEqual([0b0011, IOC]);
    expect(op((c, s) => compare32(0x7f80_0001, ONE, false, c, s))).toEqual([0b0011, IOC]);
  });

  it('lets a number win over one quiet NaN; +0 is the larger zero', () => {
    expect(op((c, s) => maxMinNum32(QNAN, ONE, true, c, s))).toEqual([ONE, 0]);
    expect(op((c, s) => maxMinNum32(ONE, QNAN, false, c, s))).toEqual([ONE, 0]);
    expect(op((c, s) => maxMinNum32(0x8000_0000, 0, true, c, s))).toEqual([0, 0]);
    expect(op((c, s) => maxMinNum32(0x8000_0000, 0, false, c, s))).toEqual([0x8000_0000, 0]);
    expect(op((c, s) => maxMinNum32(0x7f80_0001, ONE, true, c, s))).toEqual([0x7fc0_0001, IOC]);
  });
});

describe('FPRoundInt, FPToFixed, FixedToFP', () => {
  const F2_5 = 0x4020_0000;
  const M2_5 = 0xc020_0000;

  it('rounds 2.5 and -2.5 to integral values in each mode (ties even, ties away)', () => {
    const r = (x: number, mode: number) => op((c, s) => roundInt32(x, mode, false, c, s))[0];
    expect([0, 1, 2, 3, 4].map((m) => r(F2_5, m))).toEqual([
      TWO,
      0x4040_0000,
      TWO,
      TWO,
      0x4040_0000,
    ]);
    expect([0, 1, 2, 3, 4].map((m) => r(M2_5, m))).toEqual([
      0xc000_0000, 0xc000_0000, 0xc040_0000, 0xc000_0000, 0xc040_0000,
    ]);
    expect(r(0xbf00_0000, 0)).toBe(0x8000_0000); // -0.5 -> -0
    expect(op((c, s) => roundInt32(F2_5, 0, true, c, s))).toEqual([TWO, IXC]);
  });

  it('converts to integers with saturation (IOC) and Inexact', () => {
    const to = (x: number, unsigned: boolean, mode = 3) =>
      op((c, s) => toFixed32(x, 32, 0, unsigned, mode, c, s));
    expect(to(F2_5, false)).toEqual([2, IXC]);
    expect(to(F2_5, false, 0)).toEqual([2, IXC]);
    expect(to(0x4060_0000, false, 0)).toEqual([4, IXC]); // 3.5
    expect(to(M2_5, false, 4)).toEqual([0xffff_fffd, IXC]);
    expect(to(0xbf80_0000, true)).toEqual([0, IOC]);
    expect(to(0x4f00_0000, false)).toEqual([0x7fff_ffff, IOC]); // 2^31
    expect(to(0x4f00_0000, true)).toEqual([0x8000_0000, 0]);
    expect(to(QNAN, false)).toEqual([0, IOC]);
  });

  it('converts to and from fixed point: 1.5 with 8 fraction bits is 384', () => {
    expect(op((c, s) => toFixed32(0x3fc0_0000, 16, 8, false, 3, c, s))).toEqual([384, 0]);
    expect(op((c, s) => toFixed32(0xbfc0_0000, 16, 8, false, 3, c, s))).toEqual([0xffff_fe80, 0]);
    expect(op((c, s) => fixedToFp32(384, 8, c, s))).toEqual([0x3fc0_0000, 0]);
    expect(op((c, s) => fixedToFp32(-1, 0, c, s))).toEqual([0xbf80_0000, 0]);
    // 2^24 + 1 does not fit in 24 bits: a tie, to even.
    expect(op((c, s) => fixedToFp32(0x100_0001, 0, c, s))).toEqual([0x4b80_0000, IXC]);
  });
});

describe('against the reference (test/fp-oracle.ts), random operands', () => {
  const B = BigInt;
  const N = 4000;

  function agree(
    name: string,
    mine: (a: number, b: number, z: number, ctl: number, st: { fpscr: number }) => number,
    ref: (a: bigint, b: bigint, z: bigint, c: O.Ctx) => bigint | number,
  ) {
    it(name, () => {
      const r = new Random(name.length * 7919);
      const bad: string[] = [];
      for (let k = 0; k < N; k++) {
        const a = randomSingle(r);
        const b = r.chance(0.5) ? relatedSingle(r, a) : randomSingle(r);
        const z = r.chance(0.5) ? relatedSingle(r, a) : randomSingle(r);
        const ctl = randomControl(r);
        const st = { fpscr: ctl };
        const c = { fpscr: ctl };
        const x = mine(a, b, z, ctl, st) >>> 0;
        const y = Number(ref(B(a), B(b), B(z), c)) >>> 0;
        if (x !== y || st.fpscr !== c.fpscr) {
          bad.push(
            `${[a, b, z, ctl].map((v) => v.toString(16))}: ${x.toString(16)} ${y.toString(16)}`,
          );
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }

  const S = O.SINGLE;
  agree(
    'FPAdd',
    (a, b, _z, c, s) => add32(a, b, c, s),
    (a, b, _z, c) => O.fpAdd(a, b, S, c),
  );
  agree(
    'FPSub',
    (a, b, _z, c, s) => sub32(a, b, c, s),
    (a, b, _z, c) => O.fpAdd(a, b, S, c, true),
  );
  agree(
    'FPMul',
    (a, b, _z, c, s) => mul32(a, b, c, s),
    (a, b, _z, c) => O.fpMul(a, b, S, c),
  );
  agree(
    'FPDiv',
    (a, b, _z, c, s) => div32(a, b, c, s),
    (a, b, _z, c) => O.fpDiv(a, b, S, c),
  );
  agree(
    'FPSqrt',
    (a, _b, _z, c, s) => sqrt32(a, c, s),
    (a, _b, _z, c) => O.fpSqrt(a, S, c),
  );
  agree(
    'FPMulAdd',
    (a, b, z, c, s) => mulAdd32(z, a, b, c, s),
    (a, b, z, c) => O.fpMulAdd(z, a, b, S, c),
  );
  agree(
    'FPCompare',
    (a, b, z, c, s) => compare32(a, b, (z & 1) === 1, c, s),
    (a, b, z, c) => O.fpCompare(a, b, (z & 1n) === 1n, S, c),
  );
  agree(
    'FPMaxNum, FPMinNum',
    (a, b, z, c, s) => maxMinNum32(a, b, (z & 1) === 1, c, s),
    (a, b, z, c) => O.fpMaxMinNum(a, b, (z & 1n) === 1n, S, c),
  );
  agree(
    'FPRoundInt',
    (a, _b, z, c, s) => roundInt32(a, z % 5, (z & 8) !== 0, c, s),
    (a, _b, z, c) => O.fpRoundInt(a, Number(z % 5n), (z & 8n) !== 0n, S, c),
  );
  agree(
    'FPToFixed',
    (a, _b, z, c, s) => toFixed32(a, z & 1 ? 16 : 32, (z >>> 1) & 15, (z & 32) !== 0, z % 5, c, s),
    (a, _b, z, c) =>
      BigInt.asUintN(
        32,
        O.fpToFixed(
          a,
          S,
          z & 1n ? 16 : 32,
          Number((z >> 1n) & 15n),
          (z & 32n) !== 0n,
          Number(z % 5n),
          c,
        ),
      ),
  );
  agree(
    'FixedToFP',
    (a, _b, z, c, s) => fixedToFp32(z & 1 ? a : a | 0, z & 31, c, s),
    (a, _b, z, c) => O.fixedToFp(z & 1n ? a : BigInt.asIntN(32, a), Number(z & 31n), S, c),
  );
});
