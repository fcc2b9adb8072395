import type { Cpu } from '../cpu.ts';
import { FP_CYCLES } from '../cycles.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import { FPSCR_WRITABLE } from '../fpu/registers.ts';
import type { Insn } from '../insn.ts';
import { dReg, sReg } from './fp-registers.ts';

/**
 * Floating-point register transfers (ARMv7-M ARM A6: the extension register loads and stores,
 * the 8, 16, 32 and 64-bit transfers; A7.7): VMOV between core and extension registers in all
 * its forms, VMRS and VMSR, and VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP. These move bits; none is
 * UNDEFINED for want of double precision (a D register is two S registers on every FPv5-D16
 * part).
 *
 * Insn fields: core registers in t, t2 (sources) or d, dLo, dHi (destinations, so that what
 * an instruction writes reads as for the integer instructions); S or D numbers in n, m, d for
 * the FP side; x is a scalar's index (VMOV Dd[x]) or the word count of a multiple transfer.
 */

// --- Core <-> extension registers ------------------------------------------------------------

/** VMOV Sn, Rt. */
function VMOV_toSingle(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.n] = cpu.regs[i.t];
}

/** VMOV Rt, Sn. */
function VMOV_fromSingle(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.regs[i.d] = cpu.s[i.n];
}

/** VMOV.32 Dd[x], Rt. */
function VMOV_toScalar(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[2 * i.n + i.x] = cpu.regs[i.t];
}

/** VMOV.32 Rt, Dn[x]. */
function VMOV_fromScalar(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.regs[i.d] = cpu.s[2 * i.n + i.x];
}

/** VMOV Sm, Sm1, Rt, Rt2 and VMOV Dm, Rt, Rt2: i.m is the first S register. */
function VMOV_toPair(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.s[i.m] = cpu.regs[i.t];
  cpu.s[i.m + 1] = cpu.regs[i.t2];
}

/** VMOV Rt, Rt2, Sm, Sm1 and VMOV Rt, Rt2, Dm. */
function VMOV_fromPair(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.regs[i.dLo] = cpu.s[i.m];
  cpu.regs[i.dHi] = cpu.s[i.m + 1];
}

/** VMRS Rt, FPSCR; with Rt = 15, VMRS APSR_nzcv, FPSCR copies the FP flags to the APSR. */
function VMRS(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const fpscr = cpu.fpscr;
  if (i.t !== 15) {
    cpu.regs[i.t] = fpscr;
    return;
  }
  cpu.n = fpscr >>> 31;
  cpu.z = (fpscr >>> 30) & 1;
  cpu.c = (fpscr >>> 29) & 1;
  cpu.v = (fpscr >>> 28) & 1;
}

/** VMSR FPSCR, Rt. The bits the M profile does not have read as zero. */
function VMSR(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  cpu.fpscr = (cpu.regs[i.t] & FPSCR_WRITABLE) >>> 0;
}

// --- Loads and stores (MemA: word-aligned, A3.2) ---------------------------------------------

function address(cpu: Cpu, i: Insn): number {
  // Align(PC, 4) for the literal forms.
  const base = i.n === 15 ? cpu.regs[15] & ~3 : cpu.regs[i.n];
  return (i.add ? base + i.imm32 : base - i.imm32) >>> 0;
}

/** VLDR: i.x words (1: Sd, 2: Dd as S<2d>, S<2d+1>) from address; i.d is the first S. */
function VLDR(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const a = address(cpu, i);
  const lo = cpu.readA32(a);
  if (i.x === 1) {
    cpu.s[i.d] = lo;
    return;
  }
  const hi = cpu.readA32((a + 4) >>> 0);
  cpu.s[i.d] = lo;
  cpu.s[i.d + 1] = hi;
  cpu.cycles += 1;
}

function VSTR(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const a = address(cpu, i);
  cpu.writeA32(a, cpu.s[i.d]);
  if (i.x === 2) {
    cpu.writeA32((a + 4) >>> 0, cpu.s[i.d + 1]);
    cpu.cycles += 1;
  }
}

/**
 * VLDM, VPOP: i.x words into S<d> upwards, from Rn (add) or Rn - imm32; Rn written back
 * (wback) by imm32 once every access has succeeded. A doubleword list is its S registers.
 */
function VLDM(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const rn = cpu.regs[i.n];
  let a = (i.add ? rn : rn - i.imm32) >>> 0;
  const s = cpu.s;
  const end = i.d + i.x;
  for (let r = i.d; r < end; r++, a = (a + 4) >>> 0) s[r] = cpu.readA32(a);
  if (i.wback) writeBack(cpu, i, rn);
  cpu.cycles += i.x;
}

/** VSTM, VPUSH (as VLDM). */
function VSTM(cpu: Cpu, i: Insn): void {
  cpu.executeFPCheck();
  const rn = cpu.regs[i.n];
  let a = (i.add ? rn : rn - i.imm32) >>> 0;
  const s = cpu.s;
  const end = i.d + i.x;
  for (let r = i.d; r < end; r++, a = (a + 4) >>> 0) cpu.writeA32(a, s[r]);
  if (i.wback) writeBack(cpu, i, rn);
  cpu.cycles += i.x;
}

function writeBack(cpu: Cpu, i: Insn, rn: number): void {
  const v = (i.add ? rn + i.imm32 : rn - i.imm32) >>> 0;
  if (i.n === 13) cpu.sp = v;
  else cpu.regs[i.n] = v;
}

// --- Decoding --------------------------------------------------------------------------------

/** Rt that may be neither SP nor PC. */
const badRt = (t: number) => t === 13 || t === 15;

/** VLDR, VSTR: offset addressing (index, add), D:Vd or Vd:D. */
function single(words: 1 | 2, store: boolean) {
  return (f: Fields, i: Insn): DecodeResult => {
    i.n = f.Rn ?? 15; // the literal forms have no Rn field
    i.add = f.U === 1;
    i.index = true;
    i.imm32 = f.imm8 << 2;
    i.x = words;
    const d = words === 1 ? sReg(f.Vd, f.D) : dReg(f.D, f.Vd);
    if (d < 0) return 'UNDEFINED';
    i.d = words === 1 ? d : 2 * d;
    if (store && i.n === 15) return 'UNPREDICTABLE';
  };
}

/**
 * VLDM, VSTM, VPUSH, VPOP: T1 doublewords (regs = imm8 DIV 2; an odd imm8 is FLDMX/FSTMX, whose
 * extra word only moves the base), T2 singles.
 */
function multiple(words: 1 | 2, add: boolean, wback?: boolean) {
  return (f: Fields, i: Insn): DecodeResult => {
    i.n = f.Rn ?? 13;
    i.add = add;
    i.wback = wback ?? f.W === 1;
    i.imm32 = f.imm8 << 2;
    const regs = words === 1 ? f.imm8 : f.imm8 >>> 1;
    const first = words === 1 ? sReg(f.Vd, f.D) : dReg(f.D, f.Vd);
    if (first < 0) return 'UNDEFINED';
    i.d = words * first;
    i.x = words * regs;
    if (i.n === 15) return 'UNPREDICTABLE';
    if (regs === 0 || (words === 2 && regs > 16) || first + regs > (words === 1 ? 32 : 16)) {
      return 'UNPREDICTABLE';
    }
  };
}

const { alu, transfer2, loadStore, multiple: multipleCycles } = FP_CYCLES;

/** The two precisions of a load or store: T1 with doublewords (1011), T2 with singles (1010). */
function loadStore2(
  name: string,
  pattern: (sz: string) => string,
  decode: (words: 1 | 2) => (f: Fields, i: Insn) => DecodeResult,
  exec: (cpu: Cpu, i: Insn) => void,
  cycles: number,
): Encoding[] {
  return [
    enc(`${name} T1`, pattern('1'), decode(2), exec, cycles),
    enc(`${name} T2`, pattern('0'), decode(1), exec, cycles),
  ];
}

export const ENCODINGS: Encoding[] = [
  enc(
    'VMOV (core register to single) T1',
    '11101110 000 0 Vn:4 | Rt:4 1010 N (0) (0) 1 (0) (0) (0) (0)',
    (f, i) => {
      i.t = f.Rt;
      i.n = sReg(f.Vn, f.N);
      if (badRt(i.t)) return 'UNPREDICTABLE';
    },
    VMOV_toSingle,
    alu,
  ),
  enc(
    'VMOV (single to core register) T1',
    '11101110 000 1 Vn:4 | Rt:4 1010 N (0) (0) 1 (0) (0) (0) (0)',
    (f, i) => {
      i.d = f.Rt;
      i.n = sReg(f.Vn, f.N);
      if (badRt(i.d)) return 'UNPREDICTABLE';
    },
    VMOV_fromSingle,
    alu,
  ),
  enc(
    'VMOV (core register to scalar) T1',
    '11101110 00 H 0 Vd:4 | Rt:4 1011 D 00 1 (0) (0) (0) (0)',
    (f, i) => {
      i.t = f.Rt;
      i.n = dReg(f.D, f.Vd);
      i.x = f.H;
      if (i.n < 0) return 'UNDEFINED';
      if (badRt(i.t)) return 'UNPREDICTABLE';
    },
    VMOV_toScalar,
    alu,
  ),
  enc(
    'VMOV (scalar to core register) T1',
    '11101110 00 H 1 Vn:4 | Rt:4 1011 N 00 1 (0) (0) (0) (0)',
    (f, i) => {
      i.d = f.Rt;
      i.n = dReg(f.N, f.Vn);
      i.x = f.H;
      if (i.n < 0) return 'UNDEFINED';
      if (badRt(i.d)) return 'UNPREDICTABLE';
    },
    VMOV_fromScalar,
    alu,
  ),
  enc(
    'VMOV (two core registers to two singles) T1',
    '11101100 010 0 Rt2:4 | Rt:4 1010 00 M 1 Vm:4',
    (f, i) => {
      i.t = f.Rt;
      i.t2 = f.Rt2;
      i.m = sReg(f.Vm, f.M);
      if (badRt(i.t) || badRt(i.t2) || i.m === 31) return 'UNPREDICTABLE';
    },
    VMOV_toPair,
    transfer2,
  ),
  enc(
    'VMOV (two singles to two core registers) T1',
    '11101100 010 1 Rt2:4 | Rt:4 1010 00 M 1 Vm:4',
    (f, i) => {
      i.dLo = f.Rt;
      i.dHi = f.Rt2;
      i.m = sReg(f.Vm, f.M);
      if (badRt(i.dLo) || badRt(i.dHi) || i.m === 31 || i.dLo === i.dHi) return 'UNPREDICTABLE';
    },
    VMOV_fromPair,
    transfer2,
  ),
  enc(
    'VMOV (two core registers to doubleword) T1',
    '11101100 010 0 Rt2:4 | Rt:4 1011 00 M 1 Vm:4',
    (f, i) => {
      i.t = f.Rt;
      i.t2 = f.Rt2;
      const m = dReg(f.M, f.Vm);
      i.m = 2 * m;
      if (m < 0) return 'UNDEFINED';
      if (badRt(i.t) || badRt(i.t2)) return 'UNPREDICTABLE';
    },
    VMOV_toPair,
    transfer2,
  ),
  enc(
    'VMOV (doubleword to two core registers) T1',
    '11101100 010 1 Rt2:4 | Rt:4 1011 00 M 1 Vm:4',
    (f, i) => {
      i.dLo = f.Rt;
      i.dHi = f.Rt2;
      const m = dReg(f.M, f.Vm);
      i.m = 2 * m;
      if (m < 0) return 'UNDEFINED';
      if (badRt(i.dLo) || badRt(i.dHi) || i.dLo === i.dHi) return 'UNPREDICTABLE';
    },
    VMOV_fromPair,
    transfer2,
  ),
  enc(
    'VMRS T1',
    '11101110 1111 0001 | Rt:4 1010 (0) (0) (0) 1 (0) (0) (0) (0)',
    (f, i) => {
      // Rt = 15 writes the APSR flags, not a register.
      i.t = f.Rt;
      i.d = f.Rt;
      if (i.t === 13) return 'UNPREDICTABLE';
    },
    VMRS,
    alu,
  ),
  enc(
    'VMSR T1',
    '11101110 1110 0001 | Rt:4 1010 (0) (0) (0) 1 (0) (0) (0) (0)',
    (f, i) => {
      i.t = f.Rt;
      if (badRt(i.t)) return 'UNPREDICTABLE';
    },
    VMSR,
    alu,
  ),

  ...loadStore2(
    'VLDR (literal)',
    (sz) => `11101101 U D 01 1111 | Vd:4 101 ${sz} imm8:8`,
    (words) => single(words, false),
    VLDR,
    loadStore,
  ),
  ...loadStore2(
    'VLDR',
    (sz) => `11101101 U D 01 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => single(words, false),
    VLDR,
    loadStore,
  ),
  ...loadStore2(
    'VSTR',
    (sz) => `11101101 U D 00 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => single(words, true),
    VSTR,
    loadStore,
  ),
  // Increment after (P = 0, U = 1), with or without write-back; decrement before (P = 1, U = 0,
  // W = 1). PUSH and POP are the SP forms with write-back, more specific and found first.
  ...loadStore2(
    'VPUSH',
    (sz) => `1110110 1 0 D 1 0 1101 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, false, true),
    VSTM,
    multipleCycles,
  ),
  ...loadStore2(
    'VPOP',
    (sz) => `1110110 0 1 D 1 1 1101 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, true, true),
    VLDM,
    multipleCycles,
  ),
  ...loadStore2(
    'VLDM',
    (sz) => `1110110 0 1 D W 1 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, true),
    VLDM,
    multipleCycles,
  ),
  ...loadStore2(
    'VLDMDB',
    (sz) => `1110110 1 0 D 1 1 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, false, true),
    VLDM,
    multipleCycles,
  ),
  ...loadStore2(
    'VSTM',
    (sz) => `1110110 0 1 D W 0 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, true),
    VSTM,
    multipleCycles,
  ),
  ...loadStore2(
    'VSTMDB',
    (sz) => `1110110 1 0 D 1 0 Rn:4 | Vd:4 101 ${sz} imm8:8`,
    (words) => multiple(words, false, true),
    VSTM,
    multipleCycles,
  ),
];
