/**
 * Double-precision arithmetic and the conversions between precisions: hand-worked corner cases,
 * then random operands against test/fp-oracle.ts in every mode with FZ, DN and AHP.
 */
import { describe, expect, it } from 'vitest';
import * as O from '../../test/fp-oracle.ts';
import { randomControl, randomDouble, randomHalf, randomSingle } from '../../test/fp-values.ts';
import { Random } from '../../test/qemu/random.ts';
import {
  doubleToHalf,
  doubleToSingle,
  halfToDouble,
  halfToSingle,
  singleToDouble,
  singleToHalf,
} from './convert.ts';
import {
  add64,
  compare64,
  d64,
  div64,
  fixedToFp64,
  maxMinNum64,
  mul64,
  mulAdd64,
  roundInt64,
  sqrt64,
  sub64,
  toFixed64,
} from './double.ts';

const RN = 0;
const RP = 1 << 22;
const RM = 2 << 22;
const RZ = 3 << 22;
const FZ = 1 << 24;
const DN = 1 << 25;
const AHP = 1 << 26;
const [IOC, OFC, UFC, IXC, IDC] = [1, 4, 8, 16, 128];

type Words = [number, number];
const ONE: Words = [0x3ff0_0000, 0];
const THREE: Words = [0x4008_0000, 0];
const MAX: Words = [0x7fef_ffff, 0xffff_ffff];

/** [hi, lo, flags] of a double-precision operation run with FPSCR = ctl. */
function run(f: (ctl: number, st: { fpscr: number }) => void, ctl = RN): [number, number, number] {
  const st = { fpscr: ctl };
  f(ctl, st);
  return [d64.hi, d64.lo, st.fpscr & 0x9f];
}

function flags(f: (ctl: number, st: { fpscr: number }) => number, ctl = RN): [number, number] {
  const st = { fpscr: ctl };
  const r = f(ctl, st) >>> 0;
  return [r, st.fpscr & 0x9f];
}

describe('double precision', () => {
  it('divides 1/3 in each mode', () => {
    const third = (ctl: number) => run((c, s) => div64(...ONE, ...THREE, c, s), ctl);
    expect(third(RN)).toEqual([0x3fd5_5555, 0x5555_5555, IXC]);
    expect(third(RP)).toEqual([0x3fd5_5555, 0x5555_5556, IXC]);
    expect(third(RZ)).toEqual([0x3fd5_5555, 0x5555_5555, IXC]);
  });

  it('adds 1 + 2^-53 (a tie) to even, and up toward plus infinity', () => {
    const half: Words = [0x3ca0_0000, 0];
    expect(run((c, s) => add64(...ONE, ...half, c, s))).toEqual([...ONE, IXC]);
    expect(run((c, s) => add64(...ONE, ...half, c, s), RP)).toEqual([0x3ff0_0000, 1, IXC]);
  });

  it('overflows max + max by mode, and keeps the sign of x - x by mode', () => {
    expect(run((c, s) => add64(...MAX, ...MAX, c, s))).toEqual([0x7ff0_0000, 0, OFC | IXC]);
    expect(run((c, s) => add64(...MAX, ...MAX, c, s), RZ)).toEqual([...MAX, OFC | IXC]);
    expect(run((c, s) => sub64(...ONE, ...ONE, c, s), RM)).toEqual([0x8000_0000, 0, 0]);
  });

  it('multiplies into the denormals and flushes them under FZ', () => {
    const minNormal: Words = [0x0010_0000, 0];
    const half: Words = [0x3fe0_0000, 0];
    expect(run((c, s) => mul64(...minNormal, ...half, c, s))).toEqual([0x0008_0000, 0, 0]);
    expect(run((c, s) => mul64(...minNormal, ...half, c, s), FZ)).toEqual([0, 0, UFC]);
    expect(run((c, s) => mul64(0, 1, ...ONE, c, s), FZ)).toEqual([0, 0, IDC]);
  });

  it('fuses: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly', () => {
    const a: Words = [0x3ff0_0000, 1];
    const b: Words = [0x3fef_ffff, 0xffff_fffe];
    expect(run((c, s) => mulAdd64(0xbff0_0000, 0, ...a, ...b, c, s))).toEqual([0xb970_0000, 0, 0]);
  });

  it('takes sqrt(2) and compares', () => {
    expect(run((c, s) => sqrt64(0x4000_0000, 0, c, s))).toEqual([0x3ff6_a09e, 0x667f_3bcd, IXC]);
    expect(flags((c, s) => compare64(...ONE, ...THREE, false, c, s))).toEqual([0b1000, 0]);
  });

  it('converts singles, halves and doubles, NaN payloads kept', () => {
    const st = { fpscr: 0 };
    singleToDouble(0x7f80_0001, 0, st); // a signalling NaN: quieted, payload moved up
    expect([d64.hi, d64.lo, st.fpscr]).toEqual([0x7ff8_0000, 0x2000_0000, IOC]);
    expect(flags((c, s) => doubleToSingle(0x3ff0_0000, 0x1000_0000, c, s))).toEqual([
      0x3f80_0000,
      IXC,
    ]);
    expect(flags((c, s) => singleToHalf(0x3f80_0000, c, s))).toEqual([0x3c00, 0]);
    expect(flags((c, s) => halfToSingle(0x7c00, c, s))).toEqual([0x7f80_0000, 0]);
    // 65536 overflows IEEE half precision; the alternative format has it: exponent 31.
    expect(flags((c, s) => singleToHalf(0x4780_0000, c, s))).toEqual([0x7c00, OFC | IXC]);
    expect(flags((c, s) => singleToHalf(0x4780_0000, c, s), AHP)).toEqual([0x7c00, 0]);
    expect(flags((c, s) => halfToSingle(0x7c00, c, s), AHP)).toEqual([0x4780_0000, 0]);
    // The alternative format has no NaN or infinity: Invalid Operation.
    expect(flags((c, s) => singleToHalf(0x7fc0_0000, c, s), AHP)).toEqual([0, IOC]);
    expect(flags((c, s) => singleToHalf(0xffc0_0000, c, s), AHP)).toEqual([0x8000, IOC]);
    expect(flags((c, s) => singleToHalf(0xff80_0000, c, s), AHP)).toEqual([0xffff, IOC]);
    expect(flags((c, s) => singleToHalf(0x7fc0_2000, c, s), DN)).toEqual([0x7e00, 0]);
  });
});

describe('against the reference (test/fp-oracle.ts), random operands', () => {
  const B = BigInt;
  const N = 3000;
  const big = ([hi, lo]: Words) => (B(hi >>> 0) << 32n) | B(lo >>> 0);
  const out = () => (B(d64.hi >>> 0) << 32n) | B(d64.lo >>> 0);
  const D = O.DOUBLE;

  /** Second operands near the first: sums that cancel, quotients that are exact. */
  function related(r: Random, a: Words): Words {
    switch (r.below(3)) {
      case 0:
        return a;
      case 1:
        return [(a[0] ^ 0x8000_0000) >>> 0, a[1]];
      default: {
        const e = ((a[0] >>> 20) & 0x7ff) + r.range(-60, 60);
        return [((a[0] & 0x800f_ffff) | ((e & 0x7ff) << 20)) >>> 0, a[1]];
      }
    }
  }

  function agree(
    name: string,
    mine: (a: Words, b: Words, z: Words, k: number, ctl: number, st: { fpscr: number }) => bigint,
    ref: (a: bigint, b: bigint, z: bigint, k: number, c: O.Ctx) => bigint,
  ) {
    it(name, () => {
      const r = new Random(name.length * 104729);
      const bad: string[] = [];
      for (let n = 0; n < N; n++) {
        const a = randomDouble(r);
        const b = r.chance(0.5) ? related(r, a) : randomDouble(r);
        let z = randomDouble(r);
        if (r.chance(0.5)) {
          // An addend that nearly cancels the product.
          mul64(...a, ...b, 0, { fpscr: 0 });
          z = related(r, [(d64.hi ^ 0x8000_0000) >>> 0, d64.lo]);
        }
        const k = r.u32();
        const ctl = randomControl(r);
        const st = { fpscr: ctl };
        const c = { fpscr: ctl };
        const x = mine(a, b, z, k, ctl, st);
        const y = ref(big(a), big(b), big(z), k, c);
        if (x !== y || st.fpscr !== c.fpscr) {
          bad.push(`${[big(a), big(b), big(z)].map((v) => v.toString(16))} ${k} ${ctl}`);
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }

  agree(
    'FPAdd, FPSub',
    (a, b, _z, k, c, s) => ((k & 1 ? sub64 : add64)(...a, ...b, c, s), out()),
    (a, b, _z, k, c) => O.fpAdd(a, b, D, c, (k & 1) === 1),
  );
  agree(
    'FPMul',
    (a, b, _z, _k, c, s) => (mul64(...a, ...b, c, s), out()),
    (a, b, _z, _k, c) => O.fpMul(a, b, D, c),
  );
  agree(
    'FPDiv',
    (a, b, _z, _k, c, s) => (div64(...a, ...b, c, s), out()),
    (a, b, _z, _k, c) => O.fpDiv(a, b, D, c),
  );
  agree(
    'FPSqrt',
    (a, _b, _z, _k, c, s) => (sqrt64(...a, c, s), out()),
    (a, _b, _z, _k, c) => O.fpSqrt(a, D, c),
  );
  agree(
    'FPMulAdd',
    (a, b, z, _k, c, s) => (mulAdd64(...z, ...a, ...b, c, s), out()),
    (a, b, z, _k, c) => O.fpMulAdd(z, a, b, D, c),
  );
  agree(
    'FPCompare',
    (a, b, _z, k, c, s) => B(compare64(...a, ...b, (k & 1) === 1, c, s)),
    (a, b, _z, k, c) => B(O.fpCompare(a, b, (k & 1) === 1, D, c)),
  );
  agree(
    'FPMaxNum, FPMinNum',
    (a, b, _z, k, c, s) => (maxMinNum64(...a, ...b, (k & 1) === 1, c, s), out()),
    (a, b, _z, k, c) => O.fpMaxMinNum(a, b, (k & 1) === 1, D, c),
  );
  agree(
    'FPRoundInt',
    (a, _b, _z, k, c, s) => (roundInt64(...a, k % 5, (k & 8) !== 0, c, s), out()),
    (a, _b, _z, k, c) => O.fpRoundInt(a, k % 5, (k & 8) !== 0, D, c),
  );
  agree(
    'FPToFixed',
    (a, _b, _z, k, c, s) =>
      B(toFixed64(...a, k & 1 ? 16 : 32, (k >>> 1) & 15, (k & 32) !== 0, k % 5, c, s)),
    (a, _b, _z, k, c) =>
      O.fpToFixed(a, D, k & 1 ? 16 : 32, (k >>> 1) & 15, (k & 32) !== 0, k % 5, c),
  );
  agree(
    'FixedToFP',
    (a, _b, _z, k, c, s) => (fixedToFp64(k & 1 ? a[1] : a[1] | 0, k & 31, c, s), out()),
    (a, _b, _z, k, c) => O.fixedToFp(k & 1 ? a & 0xffff_ffffn : BigInt.asIntN(32, a), k & 31, D, c),
  );
  agree(
    'FPSingleToDouble, FPDoubleToSingle',
    (a, _b, _z, k, c, s) => {
      if (k & 1) return B(doubleToSingle(...a, c, s));
      singleToDouble(a[1], c, s);
      return out();
    },
    (a, _b, _z, k, c) =>
      k & 1 ? O.fpConvert(a, D, O.SINGLE, c) : O.fpConvert(a & 0xffff_ffffn, O.SINGLE, D, c),
  );
  agree(
    'FPHalfToDouble, FPDoubleToHalf',
    (a, _b, _z, k, c, s) => {
      if (k & 1) return B(doubleToHalf(...a, c, s));
      halfToDouble(a[1] & 0xffff, c, s);
      return out();
    },
    (a, _b, _z, k, c) =>
      k & 1 ? O.fpConvert(a, D, O.HALF, c) : O.fpConvert(a & 0xffffn, O.HALF, D, c),
  );

  it('FPHalfToSingle, FPSingleToHalf', () => {
    const r = new Random(77);
    const bad: string[] = [];
    for (let n = 0; n < N; n++) {
      const ctl = randomControl(r);
      const st = { fpscr: ctl };
      const c = { fpscr: ctl };
      const toHalf = r.chance(0.5);
      const a = toHalf ? randomSingle(r) : randomHalf(r);
      const x = toHalf ? singleToHalf(a, ctl, st) : halfToSingle(a, ctl, st);
      const y = toHalf
        ? O.fpConvert(B(a), O.SINGLE, O.HALF, c)
        : O.fpConvert(B(a), O.HALF, O.SINGLE, c);
      if (B(x) !== y || st.fpscr !== c.fpscr) bad.push(`${a.toString(16)} ${ctl.toString(16)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
