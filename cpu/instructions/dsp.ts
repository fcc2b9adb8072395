import { decodeImmShiftN, decodeImmShiftT, out, shift, signedSat } from '../alu.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import type { Insn } from '../insn.ts';

/**
 * The DSP extension of ARMv7E-M (ARMv7-M ARM A5.3.13-A5.3.17): parallel addition and
 * subtraction, saturating arithmetic, SEL, PKH, the halfword and most-significant-word
 * multiplies, the dual multiplies and UMAAL, USAD8/USADA8.
 *
 * Insn fields: x = N (Rn's top half), y = M (Rm's top half, or m_swap for the dual multiplies),
 * op = R (round) for SMM*, tbform for PKH.
 */

// --- Decoding ---------------------------------------------------------------------------------

const badReg = (r: number) => r === 13 || r === 15;

/** Rd, Rn, Rm; BadReg on any of them is UNPREDICTABLE. */
function dnm(f: Fields, i: Insn): DecodeResult {
  i.d = f.Rd;
  i.n = f.Rn;
  i.m = f.Rm;
  i.x = f.N ?? 0;
  i.y = f.M ?? 0;
  i.op = f.R ?? 0;
  if (badReg(i.d) || badReg(i.n) || badReg(i.m)) return 'UNPREDICTABLE';
}

/** Accumulating forms: Ra == 1111 is the form without accumulate (SEE); Ra == 13 UNPREDICTABLE. */
function dnma(f: Fields, i: Insn): DecodeResult {
  if (f.Ra === 0b1111) return 'SEE';
  i.a = f.Ra;
  if (i.a === 13) return 'UNPREDICTABLE';
  return dnm(f, i);
}

/** SMMLS has no form without accumulate: BadReg(a) is UNPREDICTABLE. */
function dnmaSmmls(f: Fields, i: Insn): DecodeResult {
  i.a = f.Ra;
  if (badReg(i.a)) return 'UNPREDICTABLE';
  return dnm(f, i);
}

/** RdLo, RdHi, Rn, Rm: BadReg on any of them, or RdHi == RdLo, is UNPREDICTABLE. */
function long(f: Fields, i: Insn): DecodeResult {
  i.dLo = f.RdLo;
  i.dHi = f.RdHi;
  i.n = f.Rn;
  i.m = f.Rm;
  i.x = f.N ?? 0;
  i.y = f.M ?? 0;
  if (badReg(i.dLo) || badReg(i.dHi) || badReg(i.n) || badReg(i.m)) return 'UNPREDICTABLE';
  if (i.dHi === i.dLo) return 'UNPREDICTABLE';
}

/** A7.7 PKHBT, PKHTB: PKHBT is LSL #imm, PKHTB ASR #imm (imm 0 there is ASR #32). */
function pkh(f: Fields, i: Insn): DecodeResult {
  if (f.S === 1 || f.T === 1) return 'UNDEFINED';
  const result = dnm(f, i);
  const imm5 = (f.imm3 << 2) | f.imm2;
  i.op = f.tb;
  i.shift_t = decodeImmShiftT(f.tb << 1, imm5);
  i.shift_n = decodeImmShiftN(f.tb << 1, imm5);
  return result;
}

// --- Lanes: SInt and UInt of bit slices --------------------------------------------------------

const sLo = (x: number) => (x << 16) >> 16;
const sHi = (x: number) => x >> 16;
const uLo = (x: number) => x & 0xffff;
const uHi = (x: number) => x >>> 16;
const sByte = (x: number, k: number) => (x << (24 - 8 * k)) >> 24;
const uByte = (x: number, k: number) => (x >>> (8 * k)) & 0xff;

/** hi<15:0>:lo<15:0>. */
const halves = (hi: number, lo: number) => ((hi << 16) | (lo & 0xffff)) >>> 0;
/** APSR.GE for halfword results: GE[1:0] from the bottom one, GE[3:2] from the top one. */
const ge2 = (lo: boolean, hi: boolean) => (lo ? 0b0011 : 0) | (hi ? 0b1100 : 0);

// SignedSat / UnsignedSat to 16 and 8 bits, for the lanes (they leave no Q).
const ssat16 = (x: number) => (x > 0x7fff ? 0x7fff : x < -0x8000 ? -0x8000 : x);
const usat16 = (x: number) => (x > 0xffff ? 0xffff : x < 0 ? 0 : x);
const ssat8 = (x: number) => (x > 0x7f ? 0x7f : x < -0x80 ? -0x80 : x);
const usat8 = (x: number) => (x > 0xff ? 0xff : x < 0 ? 0 : x);

// --- Parallel addition and subtraction, halfwords (A5.3.13, A5.3.14) ---------------------------
// ADD16: sum of the bottom halves and of the top halves. ASX: bottom = Rn.bottom - Rm.top,
// top = Rn.top + Rm.bottom. SAX: bottom = Rn.bottom + Rm.top, top = Rn.top - Rm.bottom.
// S and U set GE per lane: signed results >= 0, unsigned sums >= 0x10000, unsigned differences
// >= 0. Q and UQ saturate, SH and UH halve (result<16:1>); these leave GE alone.

function SADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const sum1 = sLo(n) + sLo(m);
  const sum2 = sHi(n) + sHi(m);
  cpu.regs[i.d] = halves(sum2, sum1);
  cpu.ge = ge2(sum1 >= 0, sum2 >= 0);
}

function QADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(ssat16(sHi(n) + sHi(m)), ssat16(sLo(n) + sLo(m)));
}

function SHADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((sHi(n) + sHi(m)) >> 1, (sLo(n) + sLo(m)) >> 1);
}

function UADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const sum1 = uLo(n) + uLo(m);
  const sum2 = uHi(n) + uHi(m);
  cpu.regs[i.d] = halves(sum2, sum1);
  cpu.ge = ge2(sum1 >= 0x10000, sum2 >= 0x10000);
}

function UQADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(usat16(uHi(n) + uHi(m)), usat16(uLo(n) + uLo(m)));
}

function UHADD16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((uHi(n) + uHi(m)) >> 1, (uLo(n) + uLo(m)) >> 1);
}

function SASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const diff = sLo(n) - sHi(m);
  const sum = sHi(n) + sLo(m);
  cpu.regs[i.d] = halves(sum, diff);
  cpu.ge = ge2(diff >= 0, sum >= 0);
}

function QASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(ssat16(sHi(n) + sLo(m)), ssat16(sLo(n) - sHi(m)));
}

function SHASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((sHi(n) + sLo(m)) >> 1, (sLo(n) - sHi(m)) >> 1);
}

function UASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const diff = uLo(n) - uHi(m);
  const sum = uHi(n) + uLo(m);
  cpu.regs[i.d] = halves(sum, diff);
  cpu.ge = ge2(diff >= 0, sum >= 0x10000);
}

function UQASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(usat16(uHi(n) + uLo(m)), usat16(uLo(n) - uHi(m)));
}

function UHASX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((uHi(n) + uLo(m)) >> 1, (uLo(n) - uHi(m)) >> 1);
}

function SSAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const sum = sLo(n) + sHi(m);
  const diff = sHi(n) - sLo(m);
  cpu.regs[i.d] = halves(diff, sum);
  cpu.ge = ge2(sum >= 0, diff >= 0);
}

function QSAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(ssat16(sHi(n) - sLo(m)), ssat16(sLo(n) + sHi(m)));
}

function SHSAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((sHi(n) - sLo(m)) >> 1, (sLo(n) + sHi(m)) >> 1);
}

function USAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const sum = uLo(n) + uHi(m);
  const diff = uHi(n) - uLo(m);
  cpu.regs[i.d] = halves(diff, sum);
  cpu.ge = ge2(sum >= 0x10000, diff >= 0);
}

function UQSAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(usat16(uHi(n) - uLo(m)), usat16(uLo(n) + uHi(m)));
}

function UHSAX(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((uHi(n) - uLo(m)) >> 1, (uLo(n) + uHi(m)) >> 1);
}

function SSUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const diff1 = sLo(n) - sLo(m);
  const diff2 = sHi(n) - sHi(m);
  cpu.regs[i.d] = halves(diff2, diff1);
  cpu.ge = ge2(diff1 >= 0, diff2 >= 0);
}

function QSUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(ssat16(sHi(n) - sHi(m)), ssat16(sLo(n) - sLo(m)));
}

function SHSUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((sHi(n) - sHi(m)) >> 1, (sLo(n) - sLo(m)) >> 1);
}

function USUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  const diff1 = uLo(n) - uLo(m);
  const diff2 = uHi(n) - uHi(m);
  cpu.regs[i.d] = halves(diff2, diff1);
  cpu.ge = ge2(diff1 >= 0, diff2 >= 0);
}

function UQSUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves(usat16(uHi(n) - uHi(m)), usat16(uLo(n) - uLo(m)));
}

function UHSUB16(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  cpu.regs[i.d] = halves((uHi(n) - uHi(m)) >> 1, (uLo(n) - uLo(m)) >> 1);
}

// --- Parallel addition and subtraction, bytes: GE[k] from byte k ------------------------------

function SADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  let ge = 0;
  for (let k = 0; k < 4; k++) {
    const sum = sByte(n, k) + sByte(m, k);
    r |= (sum & 0xff) << (8 * k);
    if (sum >= 0) ge |= 1 << k;
  }
  cpu.regs[i.d] = r;
  cpu.ge = ge;
}

function QADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= (ssat8(sByte(n, k) + sByte(m, k)) & 0xff) << (8 * k);
  cpu.regs[i.d] = r;
}

function SHADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= (((sByte(n, k) + sByte(m, k)) >> 1) & 0xff) << (8 * k);
  cpu.regs[i.d] = r;
}

function UADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  let ge = 0;
  for (let k = 0; k < 4; k++) {
    const sum = uByte(n, k) + uByte(m, k);
    r |= (sum & 0xff) << (8 * k);
    if (sum >= 0x100) ge |= 1 << k;
  }
  cpu.regs[i.d] = r;
  cpu.ge = ge;
}

function UQADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= usat8(uByte(n, k) + uByte(m, k)) << (8 * k);
  cpu.regs[i.d] = r;
}

function UHADD8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= ((uByte(n, k) + uByte(m, k)) >> 1) << (8 * k);
  cpu.regs[i.d] = r;
}

function SSUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  let ge = 0;
  for (let k = 0; k < 4; k++) {
    const diff = sByte(n, k) - sByte(m, k);
    r |= (diff & 0xff) << (8 * k);
    if (diff >= 0) ge |= 1 << k;
  }
  cpu.regs[i.d] = r;
  cpu.ge = ge;
}

function QSUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= (ssat8(sByte(n, k) - sByte(m, k)) & 0xff) << (8 * k);
  cpu.regs[i.d] = r;
}

function SHSUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= (((sByte(n, k) - sByte(m, k)) >> 1) & 0xff) << (8 * k);
  cpu.regs[i.d] = r;
}

function USUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  let ge = 0;
  for (let k = 0; k < 4; k++) {
    const diff = uByte(n, k) - uByte(m, k);
    r |= (diff & 0xff) << (8 * k);
    if (diff >= 0) ge |= 1 << k;
  }
  cpu.regs[i.d] = r;
  cpu.ge = ge;
}

function UQSUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= usat8(uByte(n, k) - uByte(m, k)) << (8 * k);
  cpu.regs[i.d] = r;
}

function UHSUB8(cpu: Cpu, i: Insn): void {
  const n = cpu.regs[i.n];
  const m = cpu.regs[i.m];
  let r = 0;
  for (let k = 0; k < 4; k++) r |= (((uByte(n, k) - uByte(m, k)) >> 1) & 0xff) << (8 * k);
  cpu.regs[i.d] = r;
}

// --- Saturating arithmetic (QADD, QDADD, QSUB, QDSUB): Q is sticky -------------------------------

function QADD(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = signedSat((cpu.regs[i.m] | 0) + (cpu.regs[i.n] | 0), 32);
  if (out.sat !== 0) cpu.q = 1;
}

function QSUB(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = signedSat((cpu.regs[i.m] | 0) - (cpu.regs[i.n] | 0), 32);
  if (out.sat !== 0) cpu.q = 1;
}

function QDADD(cpu: Cpu, i: Insn): void {
  const doubled = signedSat(2 * (cpu.regs[i.n] | 0), 32);
  const sat1 = out.sat;
  cpu.regs[i.d] = signedSat((cpu.regs[i.m] | 0) + doubled, 32);
  if ((sat1 | out.sat) !== 0) cpu.q = 1;
}

function QDSUB(cpu: Cpu, i: Insn): void {
  const doubled = signedSat(2 * (cpu.regs[i.n] | 0), 32);
  const sat1 = out.sat;
  cpu.regs[i.d] = signedSat((cpu.regs[i.m] | 0) - doubled, 32);
  if ((sat1 | out.sat) !== 0) cpu.q = 1;
}

// --- SEL, PKH ----------------------------------------------------------------------------------

/** For each GE value: the bytes SEL takes from Rn. */
const GE_BYTES = new Uint32Array(16);
for (let ge = 0; ge < 16; ge++) {
  for (let k = 0; k < 4; k++) if ((ge >>> k) & 1) GE_BYTES[ge] |= 0xff << (8 * k);
}

function SEL(cpu: Cpu, i: Insn): void {
  const take = GE_BYTES[cpu.ge];
  cpu.regs[i.d] = ((cpu.regs[i.n] & take) | (cpu.regs[i.m] & ~take)) >>> 0;
}

function PKH(cpu: Cpu, i: Insn): void {
  const operand2 = shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c);
  const n = cpu.regs[i.n];
  cpu.regs[i.d] =
    i.op === 1
      ? ((n & 0xffff0000) | (operand2 & 0xffff)) >>> 0
      : ((operand2 & 0xffff0000) | (n & 0xffff)) >>> 0;
}

// --- Halfword multiplies -----------------------------------------------------------------------
// A 16 x 16 product is at most 2^30 in magnitude; sums of two of them and a 32-bit accumulator
// are exact doubles, and "result != SInt(result<31:0>)" is result !== (result | 0).

/** SMLA<x><y>: Q when the accumulation overflows. */
function SMLAxy(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const operand1 = i.x === 1 ? sHi(regs[i.n]) : sLo(regs[i.n]);
  const operand2 = i.y === 1 ? sHi(regs[i.m]) : sLo(regs[i.m]);
  const result = operand1 * operand2 + (regs[i.a] | 0);
  regs[i.d] = result;
  if (result !== (result | 0)) cpu.q = 1;
}

function SMULxy(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const operand1 = i.x === 1 ? sHi(regs[i.n]) : sLo(regs[i.n]);
  const operand2 = i.y === 1 ? sHi(regs[i.m]) : sLo(regs[i.m]);
  regs[i.d] = operand1 * operand2;
}

/** SMLAW<y>: result<47:16> of Rn * Rm.half + (Ra << 16), |result| < 2^48; Q on overflow. */
function SMLAWy(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const operand2 = i.y === 1 ? sHi(regs[i.m]) : sLo(regs[i.m]);
  const result = (regs[i.n] | 0) * operand2 + (regs[i.a] | 0) * 0x10000;
  const top = Math.floor(result / 0x10000);
  regs[i.d] = top;
  if (top !== (top | 0)) cpu.q = 1;
}

function SMULWy(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const operand2 = i.y === 1 ? sHi(regs[i.m]) : sLo(regs[i.m]);
  regs[i.d] = Math.floor(((regs[i.n] | 0) * operand2) / 0x10000);
}

// The dual multiplies: product1 = Rn.bottom * operand2.bottom, product2 = Rn.top * operand2.top,
// where operand2 is Rm, or Rm with its halves swapped (X, m_swap).

let product1 = 0;
let product2 = 0;

function dualProducts(n: number, m: number, swap: number): void {
  if (swap === 1) {
    product1 = sLo(n) * sHi(m);
    product2 = sHi(n) * sLo(m);
  } else {
    product1 = sLo(n) * sLo(m);
    product2 = sHi(n) * sHi(m);
  }
}

function SMLAD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  const result = product1 + product2 + (regs[i.a] | 0);
  regs[i.d] = result;
  if (result !== (result | 0)) cpu.q = 1;
}

/** SMUAD overflows only for 0x8000 * 0x8000 twice (2^31). */
function SMUAD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  const result = product1 + product2;
  regs[i.d] = result;
  if (result !== (result | 0)) cpu.q = 1;
}

function SMLSD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  const result = product1 - product2 + (regs[i.a] | 0);
  regs[i.d] = result;
  if (result !== (result | 0)) cpu.q = 1;
}

/** SMUSD cannot overflow: the manual sets no Q. */
function SMUSD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  regs[i.d] = product1 - product2;
}

// --- 64-bit accumulation -----------------------------------------------------------------------

/** RdHi:RdLo += addend, for |addend| <= 2^32: the carry out of the low word is -1, 0 or 1. */
function accumulate64(regs: Uint32Array, dLo: number, dHi: number, addend: number): void {
  const lo = regs[dLo] + addend;
  const carry = lo >= 0x100000000 ? 1 : lo < 0 ? -1 : 0;
  regs[dHi] = (regs[dHi] + carry) >>> 0;
  regs[dLo] = lo >>> 0;
}

function SMLALxy(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const operand1 = i.x === 1 ? sHi(regs[i.n]) : sLo(regs[i.n]);
  const operand2 = i.y === 1 ? sHi(regs[i.m]) : sLo(regs[i.m]);
  accumulate64(regs, i.dLo, i.dHi, operand1 * operand2);
}

function SMLALD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  accumulate64(regs, i.dLo, i.dHi, product1 + product2);
}

function SMLSLD(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  dualProducts(regs[i.n], regs[i.m], i.y);
  accumulate64(regs, i.dLo, i.dHi, product1 - product2);
}

// --- 32 x 32 -> 64 products without BigInt --------------------------------------------------
// For 32-bit integers a and b, Math.imul gives the exact low word lo of a * b. With |a * b| <
// 2^64 and 53-bit significands, the doubles a * b and then a * b - lo are each rounded by at most
// 2^10, so (a * b - lo) / 2^32 is the high word give or take 2^-21: Math.round makes it exact.

const TWO32 = 0x100000000;

/** The high word of the 64-bit product of two int32 (signed) or two uint32 (unsigned) values. */
function mulHigh(a: number, b: number, lo: number): number {
  return Math.round((a * b - lo) / TWO32);
}

/** UMAAL: RdHi:RdLo = Rn * Rm + RdHi + RdLo, which never exceeds 2^64 - 1. */
function UMAAL(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const n = regs[i.n];
  const m = regs[i.m];
  const lo = Math.imul(n, m) >>> 0;
  const hi = mulHigh(n, m, lo);
  const sum = lo + regs[i.dLo] + regs[i.dHi];
  const carry = sum >= 2 * TWO32 ? 2 : sum >= TWO32 ? 1 : 0;
  regs[i.dHi] = (hi + carry) >>> 0;
  regs[i.dLo] = sum >>> 0;
}

/** SMMUL, SMMLA, SMMLS: result<63:32>; rounding adds 0x80000000 first. */
function SMMUL(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const n = regs[i.n] | 0;
  const m = regs[i.m] | 0;
  const lo = Math.imul(n, m) >>> 0;
  const hi = mulHigh(n, m, lo);
  regs[i.d] = i.op === 1 && lo >= 0x80000000 ? hi + 1 : hi;
}

function SMMLA(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const n = regs[i.n] | 0;
  const m = regs[i.m] | 0;
  const lo = Math.imul(n, m) >>> 0;
  const hi = mulHigh(n, m, lo) + (regs[i.a] | 0);
  regs[i.d] = i.op === 1 && lo >= 0x80000000 ? hi + 1 : hi;
}

/**
 * (Ra << 32) - hi:lo = (Ra - hi - 1):(2^32 - lo) when lo != 0. Rounding then carries into the
 * top word when 2^32 - lo >= 0x80000000, that is when lo <= 0x80000000.
 */
function SMMLS(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const n = regs[i.n] | 0;
  const m = regs[i.m] | 0;
  const lo = Math.imul(n, m) >>> 0;
  let top = (regs[i.a] | 0) - mulHigh(n, m, lo);
  if (lo !== 0 && !(i.op === 1 && lo <= 0x80000000)) top -= 1;
  regs[i.d] = top;
}

// --- Sum of absolute differences (USAD8, USADA8) ------------------------------------------------

function absDiffs(n: number, m: number): number {
  let sum = 0;
  for (let k = 0; k < 4; k++) sum += Math.abs(uByte(n, k) - uByte(m, k));
  return sum;
}

function USAD8(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = absDiffs(cpu.regs[i.n], cpu.regs[i.m]);
}

function USADA8(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = (cpu.regs[i.a] + absDiffs(cpu.regs[i.n], cpu.regs[i.m])) >>> 0;
}

// --- Encodings ---------------------------------------------------------------------------------

const ALU = CYCLES.alu;
const MUL = CYCLES.mul;
const LONG = CYCLES.mulLong;

export const ENCODINGS: Encoding[] = [
  // A5.3.13, A5.3.14: hw1[6:4] selects ADD8, ADD16, ASX, SUB8, SUB16, SAX; hw2[6:4] the prefix.
  enc('SADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SADD16, ALU),
  enc('QADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QADD16, ALU),
  enc('SHADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHADD16, ALU),
  enc('UADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, UADD16, ALU),
  enc('UQADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQADD16, ALU),
  enc('UHADD16 T1', '11111010 1001 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHADD16, ALU),
  enc('SASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SASX, ALU),
  enc('QASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QASX, ALU),
  enc('SHASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHASX, ALU),
  enc('UASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, UASX, ALU),
  enc('UQASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQASX, ALU),
  enc('UHASX T1', '11111010 1010 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHASX, ALU),
  enc('SSAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SSAX, ALU),
  enc('QSAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QSAX, ALU),
  enc('SHSAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHSAX, ALU),
  enc('USAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, USAX, ALU),
  enc('UQSAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQSAX, ALU),
  enc('UHSAX T1', '11111010 1110 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHSAX, ALU),
  enc('SSUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SSUB16, ALU),
  enc('QSUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QSUB16, ALU),
  enc('SHSUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHSUB16, ALU),
  enc('USUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, USUB16, ALU),
  enc('UQSUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQSUB16, ALU),
  enc('UHSUB16 T1', '11111010 1101 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHSUB16, ALU),
  enc('SADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SADD8, ALU),
  enc('QADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QADD8, ALU),
  enc('SHADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHADD8, ALU),
  enc('UADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, UADD8, ALU),
  enc('UQADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQADD8, ALU),
  enc('UHADD8 T1', '11111010 1000 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHADD8, ALU),
  enc('SSUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, SSUB8, ALU),
  enc('QSUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0001 Rm:4', dnm, QSUB8, ALU),
  enc('SHSUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0010 Rm:4', dnm, SHSUB8, ALU),
  enc('USUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0100 Rm:4', dnm, USUB8, ALU),
  enc('UQSUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0101 Rm:4', dnm, UQSUB8, ALU),
  enc('UHSUB8 T1', '11111010 1100 Rn:4 | 1111 Rd:4 0110 Rm:4', dnm, UHSUB8, ALU),

  enc('QADD T1', '111110101000 Rn:4 | 1111 Rd:4 1000 Rm:4', dnm, QADD, ALU),
  enc('QDADD T1', '111110101000 Rn:4 | 1111 Rd:4 1001 Rm:4', dnm, QDADD, ALU),
  enc('QSUB T1', '111110101000 Rn:4 | 1111 Rd:4 1010 Rm:4', dnm, QSUB, ALU),
  enc('QDSUB T1', '111110101000 Rn:4 | 1111 Rd:4 1011 Rm:4', dnm, QDSUB, ALU),
  enc('SEL T1', '111110101010 Rn:4 | 1111 Rd:4 1000 Rm:4', dnm, SEL, ALU),
  enc('PKHBT/PKHTB T1', '11101010110 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 tb T Rm:4', pkh, PKH, ALU),

  enc(
    'SMLABB/SMLABT/SMLATB/SMLATT T1',
    '111110110001 Rn:4 | Ra:4 Rd:4 00 N M Rm:4',
    dnma,
    SMLAxy,
    MUL,
  ),
  enc(
    'SMULBB/SMULBT/SMULTB/SMULTT T1',
    '111110110001 Rn:4 | 1111 Rd:4 00 N M Rm:4',
    dnm,
    SMULxy,
    MUL,
  ),
  enc('SMLAWB/SMLAWT T1', '111110110011 Rn:4 | Ra:4 Rd:4 000 M Rm:4', dnma, SMLAWy, MUL),
  enc('SMULWB/SMULWT T1', '111110110011 Rn:4 | 1111 Rd:4 000 M Rm:4', dnm, SMULWy, MUL),
  enc('SMLAD/SMLADX T1', '111110110010 Rn:4 | Ra:4 Rd:4 000 M Rm:4', dnma, SMLAD, MUL),
  enc('SMUAD/SMUADX T1', '111110110010 Rn:4 | 1111 Rd:4 000 M Rm:4', dnm, SMUAD, MUL),
  enc('SMLSD/SMLSDX T1', '111110110100 Rn:4 | Ra:4 Rd:4 000 M Rm:4', dnma, SMLSD, MUL),
  enc('SMUSD/SMUSDX T1', '111110110100 Rn:4 | 1111 Rd:4 000 M Rm:4', dnm, SMUSD, MUL),
  enc('SMMLA/SMMLAR T1', '111110110101 Rn:4 | Ra:4 Rd:4 000 R Rm:4', dnma, SMMLA, MUL),
  enc('SMMUL/SMMULR T1', '111110110101 Rn:4 | 1111 Rd:4 000 R Rm:4', dnm, SMMUL, MUL),
  enc('SMMLS/SMMLSR T1', '111110110110 Rn:4 | Ra:4 Rd:4 000 R Rm:4', dnmaSmmls, SMMLS, MUL),
  enc('USADA8 T1', '111110110111 Rn:4 | Ra:4 Rd:4 0000 Rm:4', dnma, USADA8, MUL),
  enc('USAD8 T1', '111110110111 Rn:4 | 1111 Rd:4 0000 Rm:4', dnm, USAD8, MUL),

  enc(
    'SMLALBB/SMLALBT/SMLALTB/SMLALTT T1',
    '111110111100 Rn:4 | RdLo:4 RdHi:4 10 N M Rm:4',
    long,
    SMLALxy,
    LONG,
  ),
  enc('SMLALD/SMLALDX T1', '111110111100 Rn:4 | RdLo:4 RdHi:4 110 M Rm:4', long, SMLALD, LONG),
  enc('SMLSLD/SMLSLDX T1', '111110111101 Rn:4 | RdLo:4 RdHi:4 110 M Rm:4', long, SMLSLD, LONG),
  enc('UMAAL T1', '111110111110 Rn:4 | RdLo:4 RdHi:4 0110 Rm:4', long, UMAAL, LONG),
];
