import type { Cpu } from '../cpu.ts';
import { FP_CYCLES } from '../cycles.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import {
  doubleToHalf,
  doubleToSingle,
  halfToDouble,
  halfToSingle,
  singleToDouble,
  singleToHalf,
} from '../fpu/convert.ts';
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
} from '../fpu/double.ts';
import { fpDecodeRM, FPSCR_RMODE, rmode, ROUND_ZERO } from '../fpu/registers.ts';
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
} from '../fpu/single.ts';
import type { Handler, Insn } from '../insn.ts';
import {
  dHi,
  dLo,
  dReg,
  requireDoublePrecision,
  requireOutsideIt,
  sReg,
  setD,
} from './fp-registers.ts';

/**
 * Floating-point data processing (ARMv7-M ARM A6, "Floating-point data-processing instructions";
 * A7.7): arithmetic, fused and chained multiply-accumulate, comparisons, conversions, rounding to
 * integral and FPv5's VSEL, VMAXNM/VMINNM, VRINTA/N/P/M and VCVTA/N/P/M. Every form has a
 * single-precision (.F32, sz = 0) and a double-precision (.F64, sz = 1) encoding; the arithmetic
 * is in cpu/fpu/.
 *
 * Insn fields: d, n, m are S or D register numbers; op selects a variant (noted per handler),
 * imm32 holds an immediate, a fraction-bit count or a rounding mode.
 */

const SIGN = 0x8000_0000;
/** In imm32 where a rounding mode goes: FPSCR.RMode's (VCVTR, VRINTR, VRINTX). */
const FPSCR_ROUNDING = 0xff;
/** FPNeg: flips the sign bit, NaNs included, with no exception. */
const neg = (bits: number) => (bits ^ SIGN) >>> 0;

// --- Single precision ------------------------------------------------------------------------

function VADD_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = add32(s[i.n], s[i.m], cpu.fpscr, cpu);
}

function VSUB_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = sub32(s[i.n], s[i.m], cpu.fpscr, cpu);
}

function VMUL_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = mul32(s[i.n], s[i.m], cpu.fpscr, cpu);
}

function VNMUL_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = neg(mul32(s[i.n], s[i.m], cpu.fpscr, cpu));
}

function VDIV_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = div32(s[i.n], s[i.m], cpu.fpscr, cpu);
}

/**
 * VMLA, VMLS, VNMLA, VNMLS: the product rounded, then the sum rounded (two roundings).
 * op bit 0: negate the product; bit 1: negate the accumulator.
 */
function VMLA_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  const product = mul32(s[i.n], s[i.m], cpu.fpscr, cpu);
  const addend = (i.op & 1) !== 0 ? neg(product) : product;
  const acc = (i.op & 2) !== 0 ? neg(s[i.d]) : s[i.d];
  s[i.d] = add32(acc, addend, cpu.fpscr, cpu);
}

/** VFMA, VFMS, VFNMA, VFNMS: one rounding. op bit 0: negate op1 (Sn); bit 1: the addend. */
function VFMA_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  const op1 = (i.op & 1) !== 0 ? neg(s[i.n]) : s[i.n];
  const addend = (i.op & 2) !== 0 ? neg(s[i.d]) : s[i.d];
  s[i.d] = mulAdd32(addend, op1, s[i.m], cpu.fpscr, cpu);
}

function VSQRT_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.d] = sqrt32(cpu.s[i.m], cpu.fpscr, cpu);
}

function VABS_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.d] = cpu.s[i.m] & 0x7fff_ffff;
}

function VNEG_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.d] = neg(cpu.s[i.m]);
}

function VMOV_reg_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.d] = cpu.s[i.m];
}

function VMOV_imm_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.d] = i.imm32;
}

/** FPSCR.NZCV = the comparison's result. */
function setNZCV(cpu: Cpu, nzcv: number): void {
  cpu.fpscr = ((cpu.fpscr & 0x0fff_ffff) | (nzcv << 28)) >>> 0;
}

/**
 * VCMP, VCMPE: op bit 0 is E (quiet NaNs raise Invalid Operation too); bit 1 marks T2, which
 * compares with +0.0.
 */
function VCMP_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  const m = (i.op & 2) !== 0 ? 0 : s[i.m];
  setNZCV(cpu, compare32(s[i.d], m, (i.op & 1) === 1, cpu.fpscr, cpu));
}

/** VCVT to a 32-bit integer: op = 1 unsigned; imm32: ROUND_ZERO, or FPSCR's (VCVTR). */
function VCVT_toInt_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const ctl = cpu.fpscr;
  const rounding = i.imm32 === FPSCR_ROUNDING ? rmode(ctl) : i.imm32;
  cpu.s[i.d] = toFixed32(cpu.s[i.m], 32, 0, i.op === 1, rounding, ctl, cpu) >>> 0;
}

/** VCVT from a 32-bit integer: op = 1 unsigned. */
function VCVT_fromInt_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const v = cpu.s[i.m];
  cpu.s[i.d] = fixedToFp32(i.op === 1 ? v : v | 0, 0, cpu.fpscr, cpu);
}

/**
 * The fixed-point operand in Sd's low `size` bits, extended (size in i.x: 16 or 32; op = 1
 * unsigned).
 */
function fixedOperand(v: number, i: Insn): number {
  if (i.x === 16) return i.op === 1 ? v & 0xffff : (v << 16) >> 16;
  return i.op === 1 ? v >>> 0 : v | 0;
}

/** VCVT to fixed point, rounding toward zero: i.x bits, i.imm32 fraction bits. */
function VCVT_toFixed_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = toFixed32(s[i.d], i.x, i.imm32, i.op === 1, ROUND_ZERO, cpu.fpscr, cpu) >>> 0;
}

/** VCVT from fixed point: FixedToFP with round_to_nearest, whatever FPSCR.RMode says. */
function VCVT_fromFixed_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = fixedToFp32(fixedOperand(s[i.d], i), i.imm32, cpu.fpscr & ~FPSCR_RMODE, cpu);
}

/** VCVTB, VCVTT from half precision: i.op = 1 for the top half (VCVTT). */
function VCVT_fromHalf_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const v = cpu.s[i.m];
  cpu.s[i.d] = halfToSingle(i.op === 1 ? v >>> 16 : v & 0xffff, cpu.fpscr, cpu);
}

/** The other half of Sd is kept. */
function writeHalf(cpu: Cpu, i: Insn, h: number): void {
  const s = cpu.s;
  s[i.d] = i.op === 1 ? (s[i.d] & 0xffff) | (h << 16) : (s[i.d] & 0xffff_0000) | h;
}

function VCVT_toHalf_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  writeHalf(cpu, i, singleToHalf(cpu.s[i.m], cpu.fpscr, cpu));
}

/** VRINTR, VRINTZ, VRINTX (op = 1: exact, Inexact raised); imm32: a mode, or FPSCR's. */
function VRINT_s(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const ctl = cpu.fpscr;
  const rounding = i.imm32 === FPSCR_ROUNDING ? rmode(ctl) : i.imm32;
  cpu.s[i.d] = roundInt32(cpu.s[i.m], rounding, i.op === 1, ctl, cpu);
}

/** VRINTA, VRINTN, VRINTP, VRINTM. */
function VRINTdir_s(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  VRINT_s(cpu, i);
}

/** VCVTA, VCVTN, VCVTP, VCVTM. */
function VCVTdir_s(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  VCVT_toInt_s(cpu, i);
}

/** VSEL: i.cond from cc (EQ, VS, GE, GT), on the APSR flags. */
function VSEL_s(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = cpu.conditionPassed(i.cond) ? s[i.n] : s[i.m];
}

/** VMAXNM (op = 0), VMINNM (op = 1). */
function VMAXNM_s(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = maxMinNum32(s[i.n], s[i.m], i.op === 0, cpu.fpscr, cpu);
}

// --- Double precision ------------------------------------------------------------------------

function VADD_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  add64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

function VSUB_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  sub64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

function VMUL_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  mul64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

function VNMUL_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  mul64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  d64.hi = neg(d64.hi);
  setD(s, i.d);
}

function VDIV_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  div64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

/** As VMLA_s. */
function VMLA_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  mul64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  const pHi = (i.op & 1) !== 0 ? neg(d64.hi) : d64.hi;
  const pLo = d64.lo;
  const accHi = (i.op & 2) !== 0 ? neg(dHi(s, i.d)) : dHi(s, i.d);
  add64(accHi, dLo(s, i.d), pHi, pLo, cpu.fpscr, cpu);
  setD(s, i.d);
}

/** As VFMA_s. */
function VFMA_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  const nHi = (i.op & 1) !== 0 ? neg(dHi(s, i.n)) : dHi(s, i.n);
  const aHi = (i.op & 2) !== 0 ? neg(dHi(s, i.d)) : dHi(s, i.d);
  mulAdd64(aHi, dLo(s, i.d), nHi, dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

function VSQRT_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  sqrt64(dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
  setD(s, i.d);
}

/** VABS (op = 0), VNEG (op = 1), VMOV register (op = 2): operations on the sign bit. */
function signBit_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  const hi = dHi(s, i.m);
  s[2 * i.d] = dLo(s, i.m);
  s[2 * i.d + 1] = i.op === 0 ? hi & 0x7fff_ffff : i.op === 1 ? neg(hi) : hi;
}

/** imm32: bits 63:32 of the expanded immediate (bits 31:0 are zero). */
function VMOV_imm_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  cpu.s[2 * i.d] = 0;
  cpu.s[2 * i.d + 1] = i.imm32;
}

function VCMP_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  const zero = (i.op & 2) !== 0;
  const mHi = zero ? 0 : dHi(s, i.m);
  const mLo = zero ? 0 : dLo(s, i.m);
  setNZCV(cpu, compare64(dHi(s, i.d), dLo(s, i.d), mHi, mLo, (i.op & 1) === 1, cpu.fpscr, cpu));
}

/** To a 32-bit integer in Sd from Dm (as VCVT_toInt_s). */
function VCVT_toInt_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const ctl = cpu.fpscr;
  const s = cpu.s;
  const rounding = i.imm32 === FPSCR_ROUNDING ? rmode(ctl) : i.imm32;
  s[i.d] = toFixed64(dHi(s, i.m), dLo(s, i.m), 32, 0, i.op === 1, rounding, ctl, cpu) >>> 0;
}

/** From a 32-bit integer in Sm to Dd. */
function VCVT_fromInt_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const v = cpu.s[i.m];
  fixedToFp64(i.op === 1 ? v : v | 0, 0, cpu.fpscr, cpu);
  setD(cpu.s, i.d);
}

/** To fixed point in Dd's low word, sign- or zero-extended to 64 bits. */
function VCVT_toFixed_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  const v = toFixed64(
    dHi(s, i.d),
    dLo(s, i.d),
    i.x,
    i.imm32,
    i.op === 1,
    ROUND_ZERO,
    cpu.fpscr,
    cpu,
  );
  s[2 * i.d] = v >>> 0;
  s[2 * i.d + 1] = v < 0 ? 0xffff_ffff : 0;
}

function VCVT_fromFixed_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  fixedToFp64(fixedOperand(dLo(s, i.d), i), i.imm32, cpu.fpscr & ~FPSCR_RMODE, cpu);
  setD(s, i.d);
}

/** VCVT.F64.F32: Dd from Sm. */
function VCVT_toDouble(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  singleToDouble(cpu.s[i.m], cpu.fpscr, cpu);
  setD(cpu.s, i.d);
}

/** VCVT.F32.F64: Sd from Dm. */
function VCVT_toSingle(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  s[i.d] = doubleToSingle(dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu);
}

/** VCVTB/VCVTT.F64.F16: Dd from a half of Sm. */
function VCVT_fromHalf_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const v = cpu.s[i.m];
  halfToDouble(i.op === 1 ? v >>> 16 : v & 0xffff, cpu.fpscr, cpu);
  setD(cpu.s, i.d);
}

/** VCVTB/VCVTT.F16.F64: a half of Sd from Dm. */
function VCVT_toHalf_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  writeHalf(cpu, i, doubleToHalf(dHi(s, i.m), dLo(s, i.m), cpu.fpscr, cpu));
}

function VRINT_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  cpu.executeFPCheck();
  const ctl = cpu.fpscr;
  const s = cpu.s;
  const rounding = i.imm32 === FPSCR_ROUNDING ? rmode(ctl) : i.imm32;
  roundInt64(dHi(s, i.m), dLo(s, i.m), rounding, i.op === 1, ctl, cpu);
  setD(s, i.d);
}

function VRINTdir_d(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  VRINT_d(cpu, i);
}

function VCVTdir_d(cpu: Cpu, i: Insn): void {
  requireOutsideIt(cpu, i);
  VCVT_toInt_d(cpu, i);
}

function VSEL_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  requireOutsideIt(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  const from = cpu.conditionPassed(i.cond) ? i.n : i.m;
  s[2 * i.d] = dLo(s, from);
  s[2 * i.d + 1] = dHi(s, from);
}

function VMAXNM_d(cpu: Cpu, i: Insn): void {
  requireDoublePrecision(cpu, i);
  requireOutsideIt(cpu, i);
  cpu.executeFPCheck();
  const s = cpu.s;
  maxMinNum64(dHi(s, i.n), dLo(s, i.n), dHi(s, i.m), dLo(s, i.m), i.op === 0, cpu.fpscr, cpu);
  setD(s, i.d);
}

// --- Decoding --------------------------------------------------------------------------------

type Precision = 'F32' | 'F64';
type Decode = (f: Fields, i: Insn) => DecodeResult | void;

/** Register numbers for Dd/Sd, Dn/Sn, Dm/Sm in the encoding's precision (A6). */
function reg(p: Precision, v: number, x: number): number {
  return p === 'F32' ? sReg(v, x) : dReg(x, v);
}

/** Three registers of precision p; `extra` sets the variant fields. */
function dnm(p: Precision, extra: (f: Fields, i: Insn) => void = () => {}): Decode {
  return (f, i) => {
    i.d = reg(p, f.Vd, f.D);
    i.n = reg(p, f.Vn, f.N);
    i.m = reg(p, f.Vm, f.M);
    extra(f, i);
    if (i.d < 0 || i.n < 0 || i.m < 0) return 'UNDEFINED';
  };
}

/** Two registers: d of precision pd, m of precision pm. */
function dm(pd: Precision, pm: Precision, extra: (f: Fields, i: Insn) => void = () => {}): Decode {
  return (f, i) => {
    i.d = reg(pd, f.Vd, f.D);
    i.m = reg(pm, f.Vm, f.M);
    extra(f, i);
    if (i.d < 0 || i.m < 0) return 'UNDEFINED';
  };
}

const op = (value: number) => (_f: Fields, i: Insn) => {
  i.op = value;
};

/** VFPExpandImm (A6): bits 31:0 of a single, bits 63:32 of a double. */
function vfpExpandImm(imm8: number, p: Precision): number {
  const sign = (imm8 >>> 7) << 31;
  const b6 = (imm8 >>> 6) & 1;
  const frac = imm8 & 0x3f; // imm8<5:0>: exponent's low 2 bits, fraction's top 4
  if (p === 'F32') return (sign | ((b6 ^ 1) << 30) | (b6 ? 0x1f << 25 : 0) | (frac << 19)) >>> 0;
  return (sign | ((b6 ^ 1) << 30) | (b6 ? 0xff << 22 : 0) | (frac << 16)) >>> 0;
}

/** One operation in both precisions: pattern(sz) gives the encoding with sz filled in. */
function both(
  name: string,
  pattern: (sz: string) => string,
  decode: (p: Precision) => Decode,
  single: Handler,
  double: Handler,
  cycles: number,
  cyclesDouble = cycles,
): Encoding[] {
  return [
    enc(name.replace('{}', 'F32'), pattern('0'), decode('F32'), single, cycles),
    enc(name.replace('{}', 'F64'), pattern('1'), decode('F64'), double, cyclesDouble),
  ];
}

/** The three-register data-processing encodings: hw1 ends opc1 bits, hw2 has `o` at bit 6. */
const three = (opc: string, o: string) => (sz: string) =>
  `11101110 ${opc.slice(0, 1)} D ${opc.slice(1)} Vn:4 | Vd:4 101 ${sz} N ${o} M 0 Vm:4`;

/** The "other" data-processing encodings (opc1 = 1x11): opc2 in hw1, opc3 in hw2. */
const other = (opc2: string, o: string) => (sz: string) =>
  `11101110 1 D 11 ${opc2} | Vd:4 101 ${sz} ${o} 1 M 0 Vm:4`;

/** FPv5's additions (T = 1). */
const v5 = (hw1: string, o: string) => (sz: string) =>
  `11111110 ${hw1} | Vd:4 101 ${sz} ${o} 1 M 0 Vm:4`;

const DIRECTED = ['A', 'N', 'P', 'M'];

const { alu, mac, divSqrt, divSqrtDouble } = FP_CYCLES;

export const ENCODINGS: Encoding[] = [
  ...both('VMLA.{} T1', three('000', '0'), (p) => dnm(p, op(0)), VMLA_s, VMLA_d, mac),
  ...both('VMLS.{} T1', three('000', '1'), (p) => dnm(p, op(1)), VMLA_s, VMLA_d, mac),
  ...both('VNMLS.{} T1', three('001', '0'), (p) => dnm(p, op(2)), VMLA_s, VMLA_d, mac),
  ...both('VNMLA.{} T1', three('001', '1'), (p) => dnm(p, op(3)), VMLA_s, VMLA_d, mac),
  ...both('VMUL.{} T1', three('010', '0'), (p) => dnm(p), VMUL_s, VMUL_d, alu),
  ...both('VNMUL.{} T1', three('010', '1'), (p) => dnm(p), VNMUL_s, VNMUL_d, alu),
  ...both('VADD.{} T1', three('011', '0'), (p) => dnm(p), VADD_s, VADD_d, alu),
  ...both('VSUB.{} T1', three('011', '1'), (p) => dnm(p), VSUB_s, VSUB_d, alu),
  ...both('VDIV.{} T1', three('100', '0'), (p) => dnm(p), VDIV_s, VDIV_d, divSqrt, divSqrtDouble),
  ...both('VFNMS.{} T1', three('101', '0'), (p) => dnm(p, op(2)), VFMA_s, VFMA_d, mac),
  ...both('VFNMA.{} T1', three('101', '1'), (p) => dnm(p, op(3)), VFMA_s, VFMA_d, mac),
  ...both('VFMA.{} T1', three('110', '0'), (p) => dnm(p, op(0)), VFMA_s, VFMA_d, mac),
  ...both('VFMS.{} T1', three('110', '1'), (p) => dnm(p, op(1)), VFMA_s, VFMA_d, mac),

  ...both(
    'VMOV.{} (immediate) T1',
    (sz) => `11101110 1 D 11 imm4H:4 | Vd:4 101 ${sz} (0) 0 (0) 0 imm4L:4`,
    (p) => (f, i) => {
      i.d = reg(p, f.Vd, f.D);
      i.imm32 = vfpExpandImm((f.imm4H << 4) | f.imm4L, p);
      if (i.d < 0) return 'UNDEFINED';
    },
    VMOV_imm_s,
    VMOV_imm_d,
    alu,
  ),
  ...both(
    'VMOV.{} (register) T1',
    other('0000', '0'),
    (p) => dm(p, p, op(2)),
    VMOV_reg_s,
    signBit_d,
    alu,
  ),
  ...both('VABS.{} T1', other('0000', '1'), (p) => dm(p, p, op(0)), VABS_s, signBit_d, alu),
  ...both('VNEG.{} T1', other('0001', '0'), (p) => dm(p, p, op(1)), VNEG_s, signBit_d, alu),
  ...both(
    'VSQRT.{} T1',
    other('0001', '1'),
    (p) => dm(p, p),
    VSQRT_s,
    VSQRT_d,
    divSqrt,
    divSqrtDouble,
  ),

  // VCVTB (T = 0), VCVTT (T = 1): half precision in the bottom or top half of Sm or Sd.
  enc(
    'VCVTB/VCVTT.F32.F16 T1',
    other('0010', 'T')('0'),
    dm('F32', 'F32', (f, i) => (i.op = f.T)),
    VCVT_fromHalf_s,
    alu,
  ),
  enc(
    'VCVTB/VCVTT.F16.F32 T1',
    other('0011', 'T')('0'),
    dm('F32', 'F32', (f, i) => (i.op = f.T)),
    VCVT_toHalf_s,
    alu,
  ),
  enc(
    'VCVTB/VCVTT.F64.F16 T1',
    other('0010', 'T')('1'),
    dm('F64', 'F32', (f, i) => (i.op = f.T)),
    VCVT_fromHalf_d,
    alu,
  ),
  enc(
    'VCVTB/VCVTT.F16.F64 T1',
    other('0011', 'T')('1'),
    dm('F32', 'F64', (f, i) => (i.op = f.T)),
    VCVT_toHalf_d,
    alu,
  ),

  ...both(
    'VCMP.{} T1',
    other('0100', 'E'),
    (p) => dm(p, p, (f, i) => (i.op = f.E)),
    VCMP_s,
    VCMP_d,
    alu,
  ),
  ...both(
    'VCMP.{} T2',
    (sz) => `11101110 1 D 11 0101 | Vd:4 101 ${sz} E 1 (0) 0 (0) (0) (0) (0)`,
    (p) => (f, i) => {
      i.d = reg(p, f.Vd, f.D);
      i.op = f.E | 2; // with +0.0
      if (i.d < 0) return 'UNDEFINED';
    },
    VCMP_s,
    VCMP_d,
    alu,
  ),

  ...both(
    'VRINTR.{} T1',
    other('0110', '0'),
    (p) => dm(p, p, rint(FPSCR_ROUNDING, 0)),
    VRINT_s,
    VRINT_d,
    alu,
  ),
  ...both(
    'VRINTZ.{} T1',
    other('0110', '1'),
    (p) => dm(p, p, rint(ROUND_ZERO, 0)),
    VRINT_s,
    VRINT_d,
    alu,
  ),
  ...both(
    'VRINTX.{} T1',
    other('0111', '0'),
    (p) => dm(p, p, rint(FPSCR_ROUNDING, 1)),
    VRINT_s,
    VRINT_d,
    alu,
  ),

  enc('VCVT.F64.F32 T1', other('0111', '1')('0'), dm('F64', 'F32'), VCVT_toDouble, alu),
  enc('VCVT.F32.F64 T1', other('0111', '1')('1'), dm('F32', 'F64'), VCVT_toSingle, alu),

  // VCVT from an integer: op = 1 signed (S32), 0 unsigned (U32).
  ...both(
    'VCVT.{} (from integer) T1',
    other('1000', 'op'),
    (p) => dm(p, 'F32', (f, i) => (i.op = f.op ^ 1)),
    VCVT_fromInt_s,
    VCVT_fromInt_d,
    alu,
  ),
  // VCVT to an integer: S = 1 signed; op = 1 rounds toward zero, 0 (VCVTR) by FPSCR.
  ...both(
    'VCVT.{} (to integer) T1',
    (sz) => `11101110 1 D 11 110 S | Vd:4 101 ${sz} op 1 M 0 Vm:4`,
    (p) =>
      dm('F32', p, (f, i) => {
        i.op = f.S ^ 1;
        i.imm32 = f.op === 1 ? ROUND_ZERO : FPSCR_ROUNDING;
      }),
    VCVT_toInt_s,
    VCVT_toInt_d,
    alu,
  ),
  // VCVT between floating point and fixed point (in place): U = 1 unsigned; sx: 16 or 32 bits.
  ...both(
    'VCVT.{} (from fixed-point) T1',
    (sz) => `11101110 1 D 11 1 0 1 U | Vd:4 101 ${sz} sx 1 i 0 imm4:4`,
    fixedPoint,
    VCVT_fromFixed_s,
    VCVT_fromFixed_d,
    alu,
  ),
  ...both(
    'VCVT.{} (to fixed-point) T1',
    (sz) => `11101110 1 D 11 1 1 1 U | Vd:4 101 ${sz} sx 1 i 0 imm4:4`,
    fixedPoint,
    VCVT_toFixed_s,
    VCVT_toFixed_d,
    alu,
  ),

  // FPv5 (T = 1): unconditional, UNPREDICTABLE in an IT block.
  ...both(
    'VSEL.{} T1',
    (sz) => `11111110 0 D cc:2 Vn:4 | Vd:4 101 ${sz} N 0 M 0 Vm:4`,
    (p) =>
      dnm(p, (f, i) => {
        // cond = cc : (cc<1> EOR cc<0>) : '0': EQ, VS, GE, GT.
        i.cond = (f.cc << 2) | ((((f.cc >>> 1) ^ f.cc) & 1) << 1);
      }),
    VSEL_s,
    VSEL_d,
    alu,
  ),
  ...both(
    'VMAXNM.{} T1',
    (sz) => `11111110 1 D 00 Vn:4 | Vd:4 101 ${sz} N 0 M 0 Vm:4`,
    (p) => dnm(p, op(0)),
    VMAXNM_s,
    VMAXNM_d,
    alu,
  ),
  ...both(
    'VMINNM.{} T1',
    (sz) => `11111110 1 D 00 Vn:4 | Vd:4 101 ${sz} N 1 M 0 Vm:4`,
    (p) => dnm(p, op(1)),
    VMAXNM_s,
    VMAXNM_d,
    alu,
  ),
  ...DIRECTED.flatMap((x, rm) =>
    both(
      `VRINT${x}.{} T1`,
      v5(`1 D 11 10 ${rm >> 1}${rm & 1}`, '0'),
      (p) => dm(p, p, rint(fpDecodeRM(rm), 0)),
      VRINTdir_s,
      VRINTdir_d,
      alu,
    ),
  ),
  ...DIRECTED.flatMap((x, rm) =>
    both(
      `VCVT${x}.{} T1`,
      v5(`1 D 11 11 ${rm >> 1}${rm & 1}`, 'op'),
      (p) =>
        dm('F32', p, (f, i) => {
          i.op = f.op ^ 1; // op = 1: signed
          i.imm32 = fpDecodeRM(rm);
        }),
      VCVTdir_s,
      VCVTdir_d,
      alu,
    ),
  ),
];

/** VRINT's rounding (or FPSCR_ROUNDING) and exactness. */
function rint(rounding: number, exact: number) {
  return (_f: Fields, i: Insn) => {
    i.imm32 = rounding;
    i.op = exact;
  };
}

/** VCVT (between floating-point and fixed-point): frac_bits = size - imm4:i. */
function fixedPoint(p: Precision): Decode {
  return (f, i) => {
    i.d = reg(p, f.Vd, f.D);
    i.op = f.U;
    i.x = f.sx === 0 ? 16 : 32;
    i.imm32 = i.x - ((f.imm4 << 1) | f.i);
    if (i.d < 0) return 'UNDEFINED';
    if (i.imm32 < 0) return 'UNPREDICTABLE';
  };
}
