import {
  decodeImmShiftN,
  decodeImmShiftT,
  out,
  ror,
  shift,
  signedSat,
  unsignedSat,
} from '../alu.ts';
import type { Cpu } from '../cpu.ts';
import { enc, type Encoding, type Fields } from '../encoding.ts';
import { inline, reg, setR } from '../inline.ts';
import type { Insn } from '../insn.ts';

/**
 * Bit and byte manipulation, bit-fields, saturation and extension (ARMv7-M ARM A5.3.3,
 * A5.3.12, A5.3.13, A5.2.5; A7.7 CLZ, RBIT, REV, REV16, REVSH, BFC, BFI, SBFX, UBFX, SSAT,
 * SSAT16, USAT, USAT16 and the SXT / UXT families).
 */

const isBad = (r: number) => r === 13 || r === 15;

// --- Byte and bit order (A5.3.12 Miscellaneous operations, A5.2.5 REV T1...)

function CLZ(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = Math.clz32(cpu.regs[i.m]);
}

// Inline forms (cpu/inline.ts) follow their handlers; `rotated(i)` is ROR(R[m], rotation).
inline(CLZ, 'alu', (i) => setR(i.d, `Math.clz32(${reg(i.m)})`));

function RBIT(cpu: Cpu, i: Insn): void {
  let x = cpu.regs[i.m];
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  cpu.regs[i.d] = (x >>> 16) | (x << 16);
}

function REV(cpu: Cpu, i: Insn): void {
  const x = cpu.regs[i.m];
  cpu.regs[i.d] = (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

inline(REV, 'alu', (i) => {
  const x = reg(i.m);
  return `{ const x = ${x}; ${setR(i.d, `(x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)`)} }`;
});

function REV16(cpu: Cpu, i: Insn): void {
  const x = cpu.regs[i.m];
  cpu.regs[i.d] = ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff);
}

/** R[d]<31:8> = SignExtend(R[m]<7:0>), R[d]<7:0> = R[m]<15:8>. */
function REVSH(cpu: Cpu, i: Insn): void {
  const x = cpu.regs[i.m];
  cpu.regs[i.d] = ((x << 24) >> 16) | ((x >>> 8) & 0xff);
}

// --- Bit-fields (A5.3.3). i.imm32 holds the field's mask, computed at decode.

function BFC(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] &= ~i.imm32;
}

inline(BFC, 'alu', (i) => setR(i.d, `${reg(i.d)} & ${~i.imm32}`));

function BFI(cpu: Cpu, i: Insn): void {
  const regs = cpu.regs;
  regs[i.d] = (regs[i.d] & ~i.imm32) | ((regs[i.n] << i.lsbit) & i.imm32);
}

inline(BFI, 'alu', (i) =>
  setR(i.d, `(${reg(i.d)} & ${~i.imm32}) | ((${reg(i.n)} << ${i.lsbit}) & ${i.imm32 | 0})`),
);

/** i.msbit = lsbit + widthminus1 (<= 31, checked at decode). */
function SBFX(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = (cpu.regs[i.n] << (31 - i.msbit)) >> (31 - i.msbit + i.lsbit);
}

inline(SBFX, 'alu', (i) =>
  setR(i.d, `(${reg(i.n)} << ${31 - i.msbit}) >> ${31 - i.msbit + i.lsbit}`),
);

function UBFX(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = (cpu.regs[i.n] << (31 - i.msbit)) >>> (31 - i.msbit + i.lsbit);
}

inline(UBFX, 'alu', (i) =>
  setR(i.d, `(${reg(i.n)} << ${31 - i.msbit}) >>> ${31 - i.msbit + i.lsbit}`),
);

// --- Saturation (A5.3.3). The Q flag is sticky: set on saturation, never cleared here.

function SSAT(cpu: Cpu, i: Insn): void {
  const operand = shift(cpu.regs[i.n], i.shift_t, i.shift_n, cpu.c) | 0;
  cpu.regs[i.d] = signedSat(operand, i.saturate_to);
  if (out.sat !== 0) cpu.q = 1;
}

function USAT(cpu: Cpu, i: Insn): void {
  const operand = shift(cpu.regs[i.n], i.shift_t, i.shift_n, cpu.c) | 0;
  cpu.regs[i.d] = unsignedSat(operand, i.saturate_to);
  if (out.sat !== 0) cpu.q = 1;
}

function SSAT16(cpu: Cpu, i: Insn): void {
  const x = cpu.regs[i.n];
  const lo = signedSat((x << 16) >> 16, i.saturate_to);
  const sat1 = out.sat;
  const hi = signedSat(x >> 16, i.saturate_to);
  cpu.regs[i.d] = (hi << 16) | (lo & 0xffff);
  if ((sat1 | out.sat) !== 0) cpu.q = 1;
}

function USAT16(cpu: Cpu, i: Insn): void {
  const x = cpu.regs[i.n];
  const lo = unsignedSat((x << 16) >> 16, i.saturate_to);
  const sat1 = out.sat;
  const hi = unsignedSat(x >> 16, i.saturate_to);
  cpu.regs[i.d] = (hi << 16) | lo;
  if ((sat1 | out.sat) !== 0) cpu.q = 1;
}

// --- Extension (A5.3.13 SXTAH... and A5.2.5 SXTH T1...): rotated = ROR(R[m], rotation).

/** ROR(R[m], rotation) for an inline form. */
function rotated(i: Insn): string {
  const m = reg(i.m);
  return i.rotation === 0 ? m : `((${m} >>> ${i.rotation}) | (${m} << ${32 - i.rotation}))`;
}

function SXTB(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = (ror(cpu.regs[i.m], i.rotation) << 24) >> 24;
}

inline(SXTB, 'alu', (i) => setR(i.d, `(${rotated(i)} << 24) >> 24`));

function SXTH(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = (ror(cpu.regs[i.m], i.rotation) << 16) >> 16;
}

inline(SXTH, 'alu', (i) => setR(i.d, `(${rotated(i)} << 16) >> 16`));

function UXTB(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = ror(cpu.regs[i.m], i.rotation) & 0xff;
}

inline(UXTB, 'alu', (i) => setR(i.d, `${rotated(i)} & 0xff`));

function UXTH(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = ror(cpu.regs[i.m], i.rotation) & 0xffff;
}

inline(UXTH, 'alu', (i) => setR(i.d, `${rotated(i)} & 0xffff`));

/** SignExtend(rotated<7:0>, 16) and SignExtend(rotated<23:16>, 16). */
function SXTB16(cpu: Cpu, i: Insn): void {
  const r = ror(cpu.regs[i.m], i.rotation);
  cpu.regs[i.d] = (((r << 8) >> 24) << 16) | (((r << 24) >> 24) & 0xffff);
}

function UXTB16(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = ror(cpu.regs[i.m], i.rotation) & 0x00ff00ff;
}

function SXTAB(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = cpu.regs[i.n] + ((ror(cpu.regs[i.m], i.rotation) << 24) >> 24);
}

inline(SXTAB, 'alu', (i) => setR(i.d, `${reg(i.n)} + ((${rotated(i)} << 24) >> 24)`));

function SXTAH(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = cpu.regs[i.n] + ((ror(cpu.regs[i.m], i.rotation) << 16) >> 16);
}

inline(SXTAH, 'alu', (i) => setR(i.d, `${reg(i.n)} + ((${rotated(i)} << 16) >> 16)`));

function UXTAB(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = cpu.regs[i.n] + (ror(cpu.regs[i.m], i.rotation) & 0xff);
}

inline(UXTAB, 'alu', (i) => setR(i.d, `${reg(i.n)} + (${rotated(i)} & 0xff)`));

function UXTAH(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = cpu.regs[i.n] + (ror(cpu.regs[i.m], i.rotation) & 0xffff);
}

inline(UXTAH, 'alu', (i) => setR(i.d, `${reg(i.n)} + (${rotated(i)} & 0xffff)`));

/** Each halfword of R[n] plus the sign-extended byte below it in `rotated`, modulo 2^16. */
function SXTAB16(cpu: Cpu, i: Insn): void {
  const r = ror(cpu.regs[i.m], i.rotation);
  const n = cpu.regs[i.n];
  const lo = (n + ((r << 24) >> 24)) & 0xffff;
  const hi = (n >>> 16) + ((r << 8) >> 24);
  cpu.regs[i.d] = (hi << 16) | lo;
}

function UXTAB16(cpu: Cpu, i: Insn): void {
  const r = ror(cpu.regs[i.m], i.rotation);
  const n = cpu.regs[i.n];
  const lo = (n + (r & 0xff)) & 0xffff;
  const hi = (n >>> 16) + ((r >>> 16) & 0xff);
  cpu.regs[i.d] = (hi << 16) | lo;
}

// --- Decoding

/** 16-bit forms: low registers, no rotation. */
function dm3(f: Fields, i: Insn): void {
  i.d = f.Rd;
  i.m = f.Rm;
}

/**
 * REV T2 ... CLZ T1 encode Rm twice (the copy in hw1 is named Rm_ here):
 * !Consistent(Rm) is UNPREDICTABLE.
 */
function dmTwice(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.d = f.Rd;
  i.m = f.Rm;
  if (f.Rm_ !== f.Rm) return 'UNPREDICTABLE';
  if (isBad(i.d) || isBad(i.m)) return 'UNPREDICTABLE';
}

/** SBFX, UBFX: lsbit = imm3:imm2, msbit = lsbit + widthminus1, which must be <= 31. */
function bitFieldExtract(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.d = f.Rd;
  i.n = f.Rn;
  i.lsbit = (f.imm3 << 2) | f.imm2;
  i.msbit = i.lsbit + f.widthm1;
  if (isBad(i.d) || isBad(i.n)) return 'UNPREDICTABLE';
  if (i.msbit > 31) return 'UNPREDICTABLE';
}

/** BFC, BFI: msbit < lsbit is UNPREDICTABLE; i.imm32 = the mask of bits msbit..lsbit. */
function bitFieldInsert(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.d = f.Rd;
  i.lsbit = (f.imm3 << 2) | f.imm2;
  i.msbit = f.msb;
  if (i.msbit < i.lsbit) return 'UNPREDICTABLE';
  i.imm32 = ((0xffffffff >>> (31 - i.msbit + i.lsbit)) << i.lsbit) >>> 0;
}

/** SSAT, USAT: (shift_t, shift_n) = DecodeImmShift(sh:'0', imm3:imm2). */
function saturate(f: Fields, i: Insn): 'UNPREDICTABLE' | 'SEE' | undefined {
  const imm5 = (f.imm3 << 2) | f.imm2;
  // The DSP extension is present (ARMv7E-M): SEE SSAT16 / USAT16 rather than UNDEFINED.
  if (f.sh === 1 && imm5 === 0) return 'SEE';
  i.d = f.Rd;
  i.n = f.Rn;
  i.shift_t = decodeImmShiftT(f.sh << 1, imm5);
  i.shift_n = decodeImmShiftN(f.sh << 1, imm5);
  if (isBad(i.d) || isBad(i.n)) return 'UNPREDICTABLE';
}

function saturate16(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.d = f.Rd;
  i.n = f.Rn;
  if (isBad(i.d) || isBad(i.n)) return 'UNPREDICTABLE';
}

/** SXTB T2 ... UXTB16 T1: rotation = rotate:'000'. */
function extend(f: Fields, i: Insn): 'UNPREDICTABLE' | undefined {
  i.d = f.Rd;
  i.m = f.Rm;
  i.rotation = f.rotate << 3;
  if (isBad(i.d) || isBad(i.m)) return 'UNPREDICTABLE';
}

/** SXTAB ... UXTAB16: Rn == 1111 is SEE the form without the add. */
function extendAdd(f: Fields, i: Insn): 'UNPREDICTABLE' | 'SEE' | undefined {
  if (f.Rn === 0b1111) return 'SEE';
  i.n = f.Rn;
  if (extend(f, i) !== undefined || i.n === 13) return 'UNPREDICTABLE';
}

export const ENCODINGS: Encoding[] = [
  // A5.3.12 Miscellaneous operations
  enc('CLZ T1', '111110101011 Rm_:4 | 1111 Rd:4 1000 Rm:4', dmTwice, CLZ),
  enc('RBIT T1', '111110101001 Rm_:4 | 1111 Rd:4 1010 Rm:4', dmTwice, RBIT),
  enc('REV T1', '1011101000 Rm:3 Rd:3', dm3, REV),
  enc('REV T2', '111110101001 Rm_:4 | 1111 Rd:4 1000 Rm:4', dmTwice, REV),
  enc('REV16 T1', '1011101001 Rm:3 Rd:3', dm3, REV16),
  enc('REV16 T2', '111110101001 Rm_:4 | 1111 Rd:4 1001 Rm:4', dmTwice, REV16),
  enc('REVSH T1', '1011101011 Rm:3 Rd:3', dm3, REVSH),
  enc('REVSH T2', '111110101001 Rm_:4 | 1111 Rd:4 1011 Rm:4', dmTwice, REVSH),

  // A5.3.3 Data processing (plain binary immediate)
  enc(
    'BFC T1',
    '11110 (0) 11 0110 1111 | 0 imm3:3 Rd:4 imm2:2 (0) msb:5',
    (f, i) => {
      if (isBad(f.Rd)) return 'UNPREDICTABLE';
      return bitFieldInsert(f, i);
    },
    BFC,
  ),
  enc(
    'BFI T1',
    '11110 (0) 11 0110 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) msb:5',
    (f, i) => {
      if (f.Rn === 0b1111) return 'SEE'; // BFC
      i.n = f.Rn;
      if (isBad(f.Rd) || i.n === 13) return 'UNPREDICTABLE';
      return bitFieldInsert(f, i);
    },
    BFI,
  ),
  enc(
    'SBFX T1',
    '11110 (0) 11 0100 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) widthm1:5',
    bitFieldExtract,
    SBFX,
  ),
  enc(
    'UBFX T1',
    '11110 (0) 11 1100 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) widthm1:5',
    bitFieldExtract,
    UBFX,
  ),
  enc(
    'SSAT T1',
    '11110 (0) 11 00 sh 0 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) sat_imm:5',
    (f, i) => {
      i.saturate_to = f.sat_imm + 1;
      return saturate(f, i);
    },
    SSAT,
  ),
  enc(
    'SSAT16 T1',
    '11110 (0) 11 0010 Rn:4 | 0 000 Rd:4 00 (0) (0) sat_imm:4',
    (f, i) => {
      i.saturate_to = f.sat_imm + 1;
      return saturate16(f, i);
    },
    SSAT16,
  ),
  enc(
    'USAT T1',
    '11110 (0) 11 10 sh 0 Rn:4 | 0 imm3:3 Rd:4 imm2:2 (0) sat_imm:5',
    (f, i) => {
      i.saturate_to = f.sat_imm;
      return saturate(f, i);
    },
    USAT,
  ),
  enc(
    'USAT16 T1',
    '11110 (0) 11 1010 Rn:4 | 0 000 Rd:4 00 (0) (0) sat_imm:4',
    (f, i) => {
      i.saturate_to = f.sat_imm;
      return saturate16(f, i);
    },
    USAT16,
  ),

  // A5.2.5 Miscellaneous 16-bit instructions: extends without rotation
  enc('SXTH T1', '1011001000 Rm:3 Rd:3', dm3, SXTH),
  enc('SXTB T1', '1011001001 Rm:3 Rd:3', dm3, SXTB),
  enc('UXTH T1', '1011001010 Rm:3 Rd:3', dm3, UXTH),
  enc('UXTB T1', '1011001011 Rm:3 Rd:3', dm3, UXTB),

  // A5.3.12 Data-processing (register): extends with rotation
  enc('SXTH T2', '111110100000 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, SXTH),
  enc('SXTAH T1', '111110100000 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, SXTAH),
  enc('UXTH T2', '111110100001 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, UXTH),
  enc('UXTAH T1', '111110100001 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, UXTAH),
  enc('SXTB16 T1', '111110100010 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, SXTB16),
  enc('SXTAB16 T1', '111110100010 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, SXTAB16),
  enc('UXTB16 T1', '111110100011 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, UXTB16),
  enc('UXTAB16 T1', '111110100011 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, UXTAB16),
  enc('SXTB T2', '111110100100 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, SXTB),
  enc('SXTAB T1', '111110100100 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, SXTAB),
  enc('UXTB T2', '111110100101 1111 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extend, UXTB),
  enc('UXTAB T1', '111110100101 Rn:4 | 1111 Rd:4 1 (0) rotate:2 Rm:4', extendAdd, UXTAB),
];
