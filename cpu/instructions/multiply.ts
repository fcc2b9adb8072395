import { CpuFault, type Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type Encoding, type Fields } from '../encoding.ts';
import { inline, nz, reg, setR, setsFlags } from '../inline.ts';
import type { Insn } from '../insn.ts';

/**
 * Multiply and divide (ARMv7-M ARM A5.3.15, A5.3.16; A7.7 MUL, MLA, MLS, SMULL, UMULL, SMLAL,
 * UMLAL, SDIV, UDIV). UMAAL and the DSP multiplies live in dsp.ts.
 */

const isBad = (r: number) => r === 13 || r === 15;

// --- 64-bit products without allocation: the low word is returned, the high word left here.

let productHi = 0;

/** UInt(a) * UInt(b): returns bits [31:0], leaves bits [63:32] in productHi. */
function umul64(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  // Every partial sum stays below 2^53, so the arithmetic is exact.
  const mid = a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16);
  productHi = (a1 * b1 + Math.floor(mid / 0x10000)) >>> 0;
  return Math.imul(a, b) >>> 0;
}

/** SInt(a) * SInt(b), from the unsigned product: hi -= (a < 0 ? b : 0) + (b < 0 ? a : 0). */
function smul64(a: number, b: number): number {
  const lo = umul64(a, b);
  let hi = productHi;
  if ((a | 0) < 0) hi -= b >>> 0;
  if ((b | 0) < 0) hi -= a >>> 0;
  productHi = hi >>> 0;
  return lo;
}

/** Adds RdHi:RdLo to the 64-bit product (lo given, hi in productHi) and writes it back. */
function accumulate64(cpu: Cpu, i: Insn, lo: number): void {
  const regs = cpu.regs;
  const sumLo = lo + regs[i.dLo];
  const carry = sumLo > 0xffffffff ? 1 : 0;
  const sumHi = (productHi + regs[i.dHi] + carry) >>> 0;
  regs[i.dLo] = sumLo >>> 0;
  regs[i.dHi] = sumHi;
}

// --- Handlers

function MUL(cpu: Cpu, i: Insn): void {
  const result = Math.imul(cpu.regs[i.n], cpu.regs[i.m]) >>> 0;
  cpu.regs[i.d] = result;
  // C and V are unchanged in ARMv7-M.
  if (i.setflags === 1 || (i.setflags === 2 && cpu.itstate === 0)) cpu.setNZ(result);
}

// Inline forms (cpu/inline.ts).
inline(MUL, 'alu', (i, at) => {
  const product = `Math.imul(${reg(i.n)}, ${reg(i.m)})`;
  return setsFlags(i, at)
    ? `const v = ${product}; ${setR(i.d, 'v')} ${nz('v')}`
    : setR(i.d, product);
});

function MLA(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  regs[i.d] = (Math.imul(regs[i.n], regs[i.m]) + regs[i.a]) >>> 0;
}

inline(MLA, 'alu', (i) => setR(i.d, `Math.imul(${reg(i.n)}, ${reg(i.m)}) + ${reg(i.a)}`));

function MLS(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  regs[i.d] = (regs[i.a] - Math.imul(regs[i.n], regs[i.m])) >>> 0;
}

inline(MLS, 'alu', (i) => setR(i.d, `${reg(i.a)} - Math.imul(${reg(i.n)}, ${reg(i.m)})`));

function SMULL(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const lo = smul64(regs[i.n], regs[i.m]);
  regs[i.dLo] = lo;
  regs[i.dHi] = productHi;
}

function UMULL(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  const lo = umul64(regs[i.n], regs[i.m]);
  regs[i.dLo] = lo;
  regs[i.dHi] = productHi;
}

/** Modulo 2^64, a signed and an unsigned accumulation are the same addition. */
function SMLAL(cpu: Cpu, i: Insn): void {
  accumulate64(cpu, i, smul64(cpu.regs[i.n], cpu.regs[i.m]));
}

function UMLAL(cpu: Cpu, i: Insn): void {
  accumulate64(cpu, i, umul64(cpu.regs[i.n], cpu.regs[i.m]));
}

/**
 * cycles.ts: 2 (the encoding's base) + one cycle per 4 significant bits of the quotient's
 * magnitude, rounded up (a quotient of 0 adds nothing).
 */
function divideCycles(cpu: Cpu, magnitude: number): void {
  cpu.cycles += (32 - Math.clz32(magnitude) + 3) >>> 2;
}

/** Division by zero gives 0 unless CCR.DIV_0_TRP: then a UsageFault (DIVBYZERO). */
function SDIV(cpu: Cpu, i: Insn): void {
  const divisor = cpu.regs[i.m] | 0;
  if (divisor === 0) {
    if (cpu.divZeroTrap) throw new CpuFault('DIVBYZERO', 0, 'SDIV by zero with CCR.DIV_0_TRP set');
    cpu.regs[i.d] = 0;
    return;
  }
  // |n| and |m| < 2^32: the double quotient never rounds across an integer. RoundTowardsZero.
  const q = Math.trunc((cpu.regs[i.n] | 0) / divisor);
  // -2^31 / -1 = 2^31, whose low 32 bits are 0x80000000.
  cpu.regs[i.d] = q >>> 0;
  divideCycles(cpu, Math.abs(q));
}

function UDIV(cpu: Cpu, i: Insn): void {
  const divisor = cpu.regs[i.m];
  if (divisor === 0) {
    if (cpu.divZeroTrap) throw new CpuFault('DIVBYZERO', 0, 'UDIV by zero with CCR.DIV_0_TRP set');
    cpu.regs[i.d] = 0;
    return;
  }
  const q = Math.floor(cpu.regs[i.n] / divisor);
  cpu.regs[i.d] = q;
  divideCycles(cpu, q);
}

// --- Decoding

/** d, n, m of the 32-bit forms; BadReg on each is UNPREDICTABLE. */
function dnm(f: Fields, i: Insn): boolean {
  i.d = f.Rd;
  i.n = f.Rn;
  i.m = f.Rm;
  return isBad(i.d) || isBad(i.n) || isBad(i.m);
}

/** The long multiplies: BadReg on any of the four, or RdHi == RdLo, is UNPREDICTABLE. */
function long(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.dLo = f.RdLo;
  i.dHi = f.RdHi;
  i.n = f.Rn;
  i.m = f.Rm;
  if (isBad(i.dLo) || isBad(i.dHi) || isBad(i.n) || isBad(i.m)) return 'UNPREDICTABLE';
  if (i.dHi === i.dLo) return 'UNPREDICTABLE';
}

export const ENCODINGS: Encoding[] = [
  enc(
    'MUL T1',
    '0100001101 Rn:3 Rdm:3',
    (f, i) => {
      i.d = f.Rdm;
      i.n = f.Rn;
      i.m = f.Rdm;
      i.setflags = 2;
    },
    MUL,
    CYCLES.mul,
  ),
  enc(
    'MUL T2',
    '111110110000 Rn:4 | 1111 Rd:4 0000 Rm:4',
    (f, i) => {
      if (dnm(f, i)) return 'UNPREDICTABLE';
    },
    MUL,
    CYCLES.mul,
  ),
  enc(
    'MLA T1',
    '111110110000 Rn:4 | Ra:4 Rd:4 0000 Rm:4',
    (f, i) => {
      if (f.Ra === 0b1111) return 'SEE'; // MUL T2
      i.a = f.Ra;
      if (dnm(f, i) || i.a === 13) return 'UNPREDICTABLE';
    },
    MLA,
    CYCLES.mulAcc,
  ),
  enc(
    'MLS T1',
    '111110110000 Rn:4 | Ra:4 Rd:4 0001 Rm:4',
    (f, i) => {
      i.a = f.Ra;
      if (dnm(f, i) || isBad(i.a)) return 'UNPREDICTABLE';
    },
    MLS,
    CYCLES.mulAcc,
  ),
  enc('SMULL T1', '111110111000 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4', long, SMULL, CYCLES.mulLong),
  enc('UMULL T1', '111110111010 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4', long, UMULL, CYCLES.mulLong),
  enc('SMLAL T1', '111110111100 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4', long, SMLAL, CYCLES.mulLong),
  enc('UMLAL T1', '111110111110 Rn:4 | RdLo:4 RdHi:4 0000 Rm:4', long, UMLAL, CYCLES.mulLong),
  enc(
    'SDIV T1',
    '111110111001 Rn:4 | (1) (1) (1) (1) Rd:4 1111 Rm:4',
    (f, i) => {
      if (dnm(f, i)) return 'UNPREDICTABLE';
    },
    SDIV,
    CYCLES.divBase,
  ),
  enc(
    'UDIV T1',
    '111110111011 Rn:4 | (1) (1) (1) (1) Rd:4 1111 Rm:4',
    (f, i) => {
      if (dnm(f, i)) return 'UNPREDICTABLE';
    },
    UDIV,
    CYCLES.divBase,
  ),
];
