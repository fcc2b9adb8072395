import {
  addWithCarry,
  decodeImmShiftN,
  decodeImmShiftT,
  out,
  shift,
  shiftC,
  SRType_ASR,
  SRType_LSL,
  SRType_LSR,
  SRType_ROR,
  SRType_RRX,
  thumbExpandImmC,
} from '../alu.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import {
  addJs,
  C,
  hex,
  inITBlock,
  inline,
  nz,
  R,
  reg,
  setR,
  setsFlags as setsFlagsAt,
  shiftCarryJs,
  shiftJs,
  type Site,
} from '../inline.ts';
import type { Insn } from '../insn.ts';

/**
 * Data processing (ARMv7-M ARM A5.2.1-A5.2.3 16-bit; A5.3.1 modified immediate, A5.3.3 plain
 * binary immediate, A5.3.11 shifted register, A5.3.12 register-controlled shifts): the A7.7
 * entries of ADC, ADD, ADR, AND, ASR, BIC, CMN, CMP, EOR, LSL, LSR, MOV, MOVT, MVN, ORN, ORR,
 * ROR, RRX, RSB, SBC, SUB, TEQ and TST.
 *
 * Insn fields: d, n, m; imm32 and carry (ThumbExpandImm_C's carry, -1 when it is APSR.C) for the
 * immediate forms; shift_t, shift_n for the register forms; add for ADR.
 */

// --- Operation helpers ---------------------------------------------------------------------------

/** setflags: 1 always, 2 only outside an IT block (the 16-bit `setflags = !InITBlock()`). */
function setsFlags(cpu: Cpu, i: Insn): boolean {
  return i.setflags === 1 || (i.setflags === 2 && cpu.itstate === 0);
}

/** N, Z and C (C unchanged when carry is -1); V is unchanged. */
function logicalFlags(cpu: Cpu, result: number, carry: number): void {
  cpu.n = result >>> 31;
  cpu.z = result === 0 ? 1 : 0;
  if (carry >= 0) cpu.c = carry;
}

/** N, Z from result; C, V from the preceding addWithCarry. */
function arithmeticFlags(cpu: Cpu, result: number): void {
  cpu.n = result >>> 31;
  cpu.z = result === 0 ? 1 : 0;
  cpu.c = out.c;
  cpu.v = out.v;
}

/** Shift(R[m], shift_t, shift_n, APSR.C); Shift_C leaves its carry in out.c. */
function shifted(cpu: Cpu, i: Insn): number {
  return shiftC(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c);
}

/** A write of the PC by ADD/MOV (register) is UNPREDICTABLE inside an IT block unless last. */
function pcWriteAllowed(cpu: Cpu, i: Insn): boolean {
  if (!cpu.inITBlock() || cpu.lastInITBlock()) return true;
  cpu.fault(
    'UNDEFINSTR',
    0,
    `${i.encoding?.name} writing the PC not last in an IT block is UNPREDICTABLE`,
  );
  return false;
}

// Inline forms (cpu/inline.ts) follow their handlers. In them `m` is R[m], bound once.

/** R[d] = value, then N, Z, and C unless `carry` is null, when `flags`; d < 0 writes nothing. */
function logicalJs(d: number, value: string, flags: boolean, carry: string | null): string {
  return (
    `const v = ${value};` +
    (d < 0 ? '' : ` ${setR(d, 'v')}`) +
    (flags ? ` ${nz('v')}${carry === null ? '' : ` ${C} = ${carry};`}` : '')
  );
}

/** The immediate forms: (imm32, carry) from ThumbExpandImm_C, carry -1 for APSR.C. */
function logicalImmJs(i: Insn, at: Site, value: string, d = i.d): string {
  return logicalJs(d, value, d < 0 || setsFlagsAt(i, at), i.carry < 0 ? null : `${i.carry}`);
}

/** The register forms: `value` uses `s`, Shift(R[m]); C from Shift_C. */
function logicalRegJs(i: Insn, at: Site, value: (s: string) => string, d = i.d): string {
  const flags = d < 0 || setsFlagsAt(i, at);
  const carry = shiftCarryJs('m', i.shift_t, i.shift_n);
  return `const m = ${R(at, i.m)}; ${logicalJs(d, value(shiftJs('m', i.shift_t, i.shift_n)), flags, carry)}`;
}

/** The register forms of the arithmetic: `m` bound, then AddWithCarry(x, Shift(R[m]) or NOT, carry). */
function arithmeticRegJs(i: Insn, at: Site, d: number, x: string, invert: boolean, carry: string) {
  const s = shiftJs('m', i.shift_t, i.shift_n);
  const flags = d < 0 || setsFlagsAt(i, at);
  return `const m = ${R(at, i.m)}; ${addJs(d, x, invert ? `~${s}` : s, carry, flags)}`;
}

/** ~imm32 as a literal. */
const not = (imm32: number) => `${~imm32}`;

// --- Logical operations (A7.7.8 AND ... A7.7.189 TST) ------------------------------------------

function AND_imm(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] & i.imm32) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(AND_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} & ${hex(i.imm32)}`));

function AND_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] & shifted(cpu, i)) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(AND_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} & ${s}`));

function BIC_imm(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] & ~i.imm32) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(BIC_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} & ${not(i.imm32)}`));

function BIC_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] & ~shifted(cpu, i)) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(BIC_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} & ~${s}`));

function ORR_imm(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] | i.imm32) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(ORR_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} | ${hex(i.imm32)}`));

function ORR_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] | shifted(cpu, i)) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(ORR_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} | ${s}`));

function ORN_imm(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] | ~i.imm32) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(ORN_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} | ${not(i.imm32)}`));

function ORN_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] | ~shifted(cpu, i)) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(ORN_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} | ~${s}`));

function EOR_imm(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] ^ i.imm32) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(EOR_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} ^ ${hex(i.imm32)}`));

function EOR_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] ^ shifted(cpu, i)) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(EOR_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} ^ ${s}`));

function TST_imm(cpu: Cpu, i: Insn): void {
  logicalFlags(cpu, (cpu.regs[i.n] & i.imm32) >>> 0, i.carry);
}

inline(TST_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} & ${hex(i.imm32)}`, -1));

function TST_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] & shifted(cpu, i)) >>> 0;
  logicalFlags(cpu, result, out.c);
}

inline(TST_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} & ${s}`, -1));

function TEQ_imm(cpu: Cpu, i: Insn): void {
  logicalFlags(cpu, (cpu.regs[i.n] ^ i.imm32) >>> 0, i.carry);
}

inline(TEQ_imm, 'alu', (i, at) => logicalImmJs(i, at, `${R(at, i.n)} ^ ${hex(i.imm32)}`, -1));

function TEQ_reg(cpu: Cpu, i: Insn): void {
  const result = (cpu.regs[i.n] ^ shifted(cpu, i)) >>> 0;
  logicalFlags(cpu, result, out.c);
}

inline(TEQ_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `${R(at, i.n)} ^ ${s}`, -1));

function MOV_imm(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = i.imm32;
  if (setsFlags(cpu, i)) logicalFlags(cpu, i.imm32, i.carry);
}

inline(MOV_imm, 'alu', (i, at) => logicalImmJs(i, at, hex(i.imm32)));

function MVN_imm(cpu: Cpu, i: Insn): void {
  const result = ~i.imm32 >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, i.carry);
}

inline(MVN_imm, 'alu', (i, at) => logicalImmJs(i, at, not(i.imm32)));

function MVN_reg(cpu: Cpu, i: Insn): void {
  const result = ~shifted(cpu, i) >>> 0;
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(MVN_reg, 'alu', (i, at) => logicalRegJs(i, at, (s) => `~${s}`));

/**
 * MOV (register) and the shifts by an immediate (LSL, LSR, ASR, ROR (immediate), RRX), which the
 * manual defines as Shift_C(R[m], ...): MOV is the LSL #0 case, whose carry is APSR.C.
 * Only MOV (register) T1 can write the PC (setflags is then FALSE); T3 can write SP.
 */
function MOV_reg(cpu: Cpu, i: Insn): void {
  const result = shifted(cpu, i);
  if (i.d === 15) {
    if (pcWriteAllowed(cpu, i)) cpu.branchWritePC(result);
    return;
  }
  cpu.writeReg(i.d, result);
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

inline(MOV_reg, 'alu', (i, at) => (i.d === 15 ? null : logicalRegJs(i, at, (s) => s)));

/** MOV (register) T2 (MOVS Rd, Rm, the LSL #0 encoding) is UNPREDICTABLE in an IT block. */
function MOVS_reg(cpu: Cpu, i: Insn): void {
  if (cpu.inITBlock()) {
    cpu.fault('UNDEFINSTR', 0, 'MOV (register) T2 inside an IT block is UNPREDICTABLE');
    return;
  }
  MOV_reg(cpu, i);
}

inline(MOVS_reg, 'alu', (i, at) => (inITBlock(at) ? null : logicalRegJs(i, at, (s) => s)));

/** LSL, LSR, ASR, ROR (register): the amount is R[m]<7:0>. */
function shiftByRegister(cpu: Cpu, i: Insn): void {
  const result = shiftC(cpu.regs[i.n], i.shift_t, cpu.regs[i.m] & 0xff, cpu.c);
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) logicalFlags(cpu, result, out.c);
}

/** MOVT (A7.7.79): i.imm32 holds imm16. */
function MOVT(cpu: Cpu, i: Insn): void {
  cpu.regs[i.d] = ((cpu.regs[i.d] & 0xffff) | (i.imm32 << 16)) >>> 0;
}

inline(MOVT, 'alu', (i) => setR(i.d, `(${reg(i.d)} & 0xffff) | ${hex(i.imm32 << 16)}`));

// --- Arithmetic (AddWithCarry) -------------------------------------------------------------------

/** ADD (immediate) and ADD (SP plus immediate), whose T2/T3 forms may write SP. */
function ADD_imm(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], i.imm32, 0);
  cpu.writeReg(i.d, result);
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(ADD_imm, 'alu', (i, at) =>
  i.d === 15 ? null : addJs(i.d, R(at, i.n), hex(i.imm32), '0', setsFlagsAt(i, at)),
);

/** ADD (register) and ADD (SP plus register): d == 15 is ALUWritePC with setflags FALSE. */
function ADD_reg(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c), 0);
  if (i.d === 15) {
    if (pcWriteAllowed(cpu, i)) cpu.branchWritePC(result);
    return;
  }
  cpu.writeReg(i.d, result);
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(ADD_reg, 'alu', (i, at) =>
  i.d === 15 ? null : arithmeticRegJs(i, at, i.d, R(at, i.n), false, '0'),
);

function ADC_imm(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], i.imm32, cpu.c);
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(ADC_imm, 'alu', (i, at) => addJs(i.d, R(at, i.n), hex(i.imm32), C, setsFlagsAt(i, at)));

function ADC_reg(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(
    cpu.regs[i.n],
    shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c),
    cpu.c,
  );
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(ADC_reg, 'alu', (i, at) => arithmeticRegJs(i, at, i.d, R(at, i.n), false, C));

/** SUB (immediate) and SUB (SP minus immediate). */
function SUB_imm(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], ~i.imm32, 1);
  cpu.writeReg(i.d, result);
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(SUB_imm, 'alu', (i, at) =>
  i.d === 15 ? null : addJs(i.d, R(at, i.n), not(i.imm32), '1', setsFlagsAt(i, at)),
);

/** SUB (register) and SUB (SP minus register). */
function SUB_reg(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], ~shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c), 1);
  cpu.writeReg(i.d, result);
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(SUB_reg, 'alu', (i, at) =>
  i.d === 15 ? null : arithmeticRegJs(i, at, i.d, R(at, i.n), true, '1'),
);

function SBC_imm(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(cpu.regs[i.n], ~i.imm32, cpu.c);
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(SBC_imm, 'alu', (i, at) => addJs(i.d, R(at, i.n), not(i.imm32), C, setsFlagsAt(i, at)));

function SBC_reg(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(
    cpu.regs[i.n],
    ~shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c),
    cpu.c,
  );
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(SBC_reg, 'alu', (i, at) => arithmeticRegJs(i, at, i.d, R(at, i.n), true, C));

function RSB_imm(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(~cpu.regs[i.n], i.imm32, 1);
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(RSB_imm, 'alu', (i, at) =>
  addJs(i.d, `~${R(at, i.n)}`, hex(i.imm32), '1', setsFlagsAt(i, at)),
);

function RSB_reg(cpu: Cpu, i: Insn): void {
  const result = addWithCarry(~cpu.regs[i.n], shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c), 1);
  cpu.regs[i.d] = result;
  if (setsFlags(cpu, i)) arithmeticFlags(cpu, result);
}

inline(RSB_reg, 'alu', (i, at) => arithmeticRegJs(i, at, i.d, `~${R(at, i.n)}`, false, '1'));

function CMP_imm(cpu: Cpu, i: Insn): void {
  arithmeticFlags(cpu, addWithCarry(cpu.regs[i.n], ~i.imm32, 1));
}

inline(CMP_imm, 'alu', (i, at) => addJs(-1, R(at, i.n), not(i.imm32), '1', true));

function CMP_reg(cpu: Cpu, i: Insn): void {
  arithmeticFlags(
    cpu,
    addWithCarry(cpu.regs[i.n], ~shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c), 1),
  );
}

inline(CMP_reg, 'alu', (i, at) => arithmeticRegJs(i, at, -1, R(at, i.n), true, '1'));

function CMN_imm(cpu: Cpu, i: Insn): void {
  arithmeticFlags(cpu, addWithCarry(cpu.regs[i.n], i.imm32, 0));
}

inline(CMN_imm, 'alu', (i, at) => addJs(-1, R(at, i.n), hex(i.imm32), '0', true));

function CMN_reg(cpu: Cpu, i: Insn): void {
  arithmeticFlags(
    cpu,
    addWithCarry(cpu.regs[i.n], shift(cpu.regs[i.m], i.shift_t, i.shift_n, cpu.c), 0),
  );
}

inline(CMN_reg, 'alu', (i, at) => arithmeticRegJs(i, at, -1, R(at, i.n), false, '0'));

/** ADR (A7.7.7): Align(PC, 4) plus or minus imm32. */
function ADR(cpu: Cpu, i: Insn): void {
  const base = cpu.regs[15] & ~3;
  cpu.regs[i.d] = i.add ? base + i.imm32 : base - i.imm32;
}

inline(ADR, 'alu', (i, at) => {
  const base = (at.pc + 4) & ~3;
  return setR(i.d, hex(i.add ? base + i.imm32 : base - i.imm32));
});

// --- Decode helpers ------------------------------------------------------------------------------

/** BadReg(n): SP or PC. */
const bad = (r: number) => r === 13 || r === 15;

/**
 * (imm32, carry) = ThumbExpandImm_C(i:imm3:imm8, APSR.C) (A5.3.2). The carry is APSR.C itself
 * (-1) when imm12<11:10> == '00'. False for the UNPREDICTABLE patterns (imm8 == 0 replicated).
 */
function modifiedImmediate(f: Fields, i: Insn): boolean {
  const imm12 = (f.i << 11) | (f.imm3 << 8) | f.imm8;
  const imm32 = thumbExpandImmC(imm12, 0);
  if (imm32 < 0) return false;
  i.imm32 = imm32;
  i.carry = imm12 >>> 10 === 0 ? -1 : out.c;
  return true;
}

/** (shift_t, shift_n) = DecodeImmShift(type, imm3:imm2). */
function immShift(f: Fields, i: Insn): void {
  const imm5 = (f.imm3 << 2) | f.imm2;
  i.shift_t = decodeImmShiftT(f.type, imm5);
  i.shift_n = decodeImmShiftN(f.type, imm5);
}

/** 16-bit two-register form: d = n = Rdn, m = Rm, setflags = !InITBlock(). */
function rdnRm(f: Fields, i: Insn): void {
  i.d = f.Rdn;
  i.n = f.Rdn;
  i.m = f.Rm;
  i.setflags = 2;
}

/** 32-bit modified immediate form with Rd, Rn, S; false when the immediate is UNPREDICTABLE. */
function dnsImm(f: Fields, i: Insn): boolean {
  i.d = f.Rd;
  i.n = f.Rn;
  i.setflags = f.S;
  return modifiedImmediate(f, i);
}

/** 32-bit shifted register form with Rd, Rn, Rm, S. */
function dnmsReg(f: Fields, i: Insn): void {
  i.d = f.Rd;
  i.n = f.Rn;
  i.m = f.Rm;
  i.setflags = f.S;
  immShift(f, i);
}

/** i:imm3:imm8, zero-extended (plain binary immediate). */
const imm12 = (f: Fields) => (f.i << 11) | (f.imm3 << 8) | f.imm8;

/** A 16-bit shift by immediate (LSL/LSR/ASR (immediate) T1). */
function shiftImm16(type: number) {
  return (f: Fields, i: Insn): DecodeResult => {
    if (type === SRType_LSL && f.imm5 === 0) return 'SEE'; // MOV (register) T2
    i.d = f.Rd;
    i.m = f.Rm;
    i.setflags = 2;
    i.shift_t = type;
    i.shift_n = decodeImmShiftN(type, f.imm5);
  };
}

/** A 32-bit shift by immediate (LSL/LSR/ASR (immediate) T2, ROR (immediate) T1). */
function shiftImm32(type: number) {
  return (f: Fields, i: Insn): DecodeResult => {
    // imm3:imm2 == 0: LSL #0 is MOV (register), ROR #0 is RRX.
    if (f.imm3 === 0 && f.imm2 === 0 && (type === SRType_LSL || type === SRType_ROR)) return 'SEE';
    const imm5 = (f.imm3 << 2) | f.imm2;
    i.d = f.Rd;
    i.m = f.Rm;
    i.setflags = f.S;
    i.shift_t = type;
    i.shift_n = decodeImmShiftN(type, imm5);
    if (bad(i.d) || bad(i.m)) return 'UNPREDICTABLE';
  };
}

/** A 32-bit shift by register (LSL/LSR/ASR/ROR (register) T2). */
function shiftReg32(type: number) {
  return (f: Fields, i: Insn): DecodeResult => {
    i.d = f.Rd;
    i.n = f.Rn;
    i.m = f.Rm;
    i.setflags = f.S;
    i.shift_t = type;
    if (bad(i.d) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
  };
}

/** A 16-bit shift by register (LSL/LSR/ASR/ROR (register) T1). */
function shiftReg16(type: number) {
  return (f: Fields, i: Insn): void => {
    rdnRm(f, i);
    i.shift_t = type;
  };
}

const ALU = CYCLES.alu;

export const ENCODINGS: Encoding[] = [
  // --- 16-bit: shift (immediate), add, subtract, move, and compare (A5.2.1) ---
  enc('LSL (immediate) T1', '00000 imm5:5 Rm:3 Rd:3', shiftImm16(SRType_LSL), MOV_reg, ALU),
  enc('LSR (immediate) T1', '00001 imm5:5 Rm:3 Rd:3', shiftImm16(SRType_LSR), MOV_reg, ALU),
  enc('ASR (immediate) T1', '00010 imm5:5 Rm:3 Rd:3', shiftImm16(SRType_ASR), MOV_reg, ALU),
  enc(
    'MOV (register) T2',
    '0000000000 Rm:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.m = f.Rm;
      i.setflags = 1;
    },
    MOVS_reg,
    ALU,
  ),
  enc(
    'ADD (register) T1',
    '0001100 Rm:3 Rn:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.n = f.Rn;
      i.m = f.Rm;
      i.setflags = 2;
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'SUB (register) T1',
    '0001101 Rm:3 Rn:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.n = f.Rn;
      i.m = f.Rm;
      i.setflags = 2;
    },
    SUB_reg,
    ALU,
  ),
  enc(
    'ADD (immediate) T1',
    '0001110 imm3:3 Rn:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.n = f.Rn;
      i.setflags = 2;
      i.imm32 = f.imm3;
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'SUB (immediate) T1',
    '0001111 imm3:3 Rn:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.n = f.Rn;
      i.setflags = 2;
      i.imm32 = f.imm3;
    },
    SUB_imm,
    ALU,
  ),
  enc(
    'MOV (immediate) T1',
    '00100 Rd:3 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.setflags = 2;
      i.imm32 = f.imm8;
    },
    MOV_imm,
    ALU,
  ),
  enc(
    'CMP (immediate) T1',
    '00101 Rn:3 imm8:8',
    (f, i) => {
      i.n = f.Rn;
      i.imm32 = f.imm8;
    },
    CMP_imm,
    ALU,
  ),
  enc(
    'ADD (immediate) T2',
    '00110 Rdn:3 imm8:8',
    (f, i) => {
      i.d = f.Rdn;
      i.n = f.Rdn;
      i.setflags = 2;
      i.imm32 = f.imm8;
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'SUB (immediate) T2',
    '00111 Rdn:3 imm8:8',
    (f, i) => {
      i.d = f.Rdn;
      i.n = f.Rdn;
      i.setflags = 2;
      i.imm32 = f.imm8;
    },
    SUB_imm,
    ALU,
  ),

  // --- 16-bit: data processing (A5.2.2); MUL T1 (0100001101) is in multiply.ts ---
  enc('AND (register) T1', '0100000000 Rm:3 Rdn:3', rdnRm, AND_reg, ALU),
  enc('EOR (register) T1', '0100000001 Rm:3 Rdn:3', rdnRm, EOR_reg, ALU),
  enc('LSL (register) T1', '0100000010 Rm:3 Rdn:3', shiftReg16(SRType_LSL), shiftByRegister, ALU),
  enc('LSR (register) T1', '0100000011 Rm:3 Rdn:3', shiftReg16(SRType_LSR), shiftByRegister, ALU),
  enc('ASR (register) T1', '0100000100 Rm:3 Rdn:3', shiftReg16(SRType_ASR), shiftByRegister, ALU),
  enc('ADC (register) T1', '0100000101 Rm:3 Rdn:3', rdnRm, ADC_reg, ALU),
  enc('SBC (register) T1', '0100000110 Rm:3 Rdn:3', rdnRm, SBC_reg, ALU),
  enc('ROR (register) T1', '0100000111 Rm:3 Rdn:3', shiftReg16(SRType_ROR), shiftByRegister, ALU),
  enc(
    'TST (register) T1',
    '0100001000 Rm:3 Rn:3',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
    },
    TST_reg,
    ALU,
  ),
  enc(
    'RSB (immediate) T1',
    '0100001001 Rn:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.n = f.Rn;
      i.setflags = 2;
      i.imm32 = 0;
    },
    RSB_imm,
    ALU,
  ),
  enc(
    'CMP (register) T1',
    '0100001010 Rm:3 Rn:3',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
    },
    CMP_reg,
    ALU,
  ),
  enc(
    'CMN (register) T1',
    '0100001011 Rm:3 Rn:3',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
    },
    CMN_reg,
    ALU,
  ),
  enc('ORR (register) T1', '0100001100 Rm:3 Rdn:3', rdnRm, ORR_reg, ALU),
  enc('BIC (register) T1', '0100001110 Rm:3 Rdn:3', rdnRm, BIC_reg, ALU),
  enc(
    'MVN (register) T1',
    '0100001111 Rm:3 Rd:3',
    (f, i) => {
      i.d = f.Rd;
      i.m = f.Rm;
      i.setflags = 2;
    },
    MVN_reg,
    ALU,
  ),

  // --- 16-bit: special data instructions (A5.2.3); BX/BLX are in branch.ts ---
  enc(
    'ADD (register) T2',
    '01000100 DN Rm:4 Rdn:3',
    (f, i) => {
      i.d = (f.DN << 3) | f.Rdn;
      if (i.d === 13 || f.Rm === 13) return 'SEE'; // ADD (SP plus register)
      i.n = i.d;
      i.m = f.Rm;
      if (i.n === 15 && i.m === 15) return 'UNPREDICTABLE';
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'ADD (SP plus register) T1',
    '01000100 DM 1101 Rdm:3',
    (f, i) => {
      i.d = (f.DM << 3) | f.Rdm;
      i.m = i.d;
      i.n = 13;
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'ADD (SP plus register) T2',
    '01000100 1 Rm:4 101',
    (f, i) => {
      if (f.Rm === 13) return 'SEE'; // encoding T1
      i.d = 13;
      i.n = 13;
      i.m = f.Rm;
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'CMP (register) T2',
    '01000101 N Rm:4 Rn:3',
    (f, i) => {
      i.n = (f.N << 3) | f.Rn;
      i.m = f.Rm;
      if (i.n < 8 && i.m < 8) return 'UNPREDICTABLE';
      if (i.n === 15 || i.m === 15) return 'UNPREDICTABLE';
    },
    CMP_reg,
    ALU,
  ),
  enc(
    'MOV (register) T1',
    '01000110 D Rm:4 Rd:3',
    (f, i) => {
      i.d = (f.D << 3) | f.Rd;
      i.m = f.Rm;
    },
    MOV_reg,
    ALU,
  ),

  // --- 16-bit: ADR, ADD/SUB with SP (A5.2, A5.2.5) ---
  enc(
    'ADR T1',
    '10100 Rd:3 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = f.imm8 << 2;
      i.add = true;
    },
    ADR,
    ALU,
  ),
  enc(
    'ADD (SP plus immediate) T1',
    '10101 Rd:3 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.n = 13;
      i.imm32 = f.imm8 << 2;
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'ADD (SP plus immediate) T2',
    '101100000 imm7:7',
    (f, i) => {
      i.d = 13;
      i.n = 13;
      i.imm32 = f.imm7 << 2;
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'SUB (SP minus immediate) T1',
    '101100001 imm7:7',
    (f, i) => {
      i.d = 13;
      i.n = 13;
      i.imm32 = f.imm7 << 2;
    },
    SUB_imm,
    ALU,
  ),

  // --- 32-bit: data processing (modified immediate) (A5.3.1) ---
  enc(
    'AND (immediate) T1',
    '11110 i 0 0000 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // TST (immediate)
      if (!dnsImm(f, i) || i.d === 13 || (i.d === 15 && f.S === 0) || bad(i.n))
        return 'UNPREDICTABLE';
    },
    AND_imm,
    ALU,
  ),
  enc(
    'TST (immediate) T1',
    '11110 i 0 0000 1 Rn:4 | 0 imm3:3 1111 imm8:8',
    (f, i) => {
      i.n = f.Rn;
      if (!modifiedImmediate(f, i) || bad(i.n)) return 'UNPREDICTABLE';
    },
    TST_imm,
    ALU,
  ),
  enc(
    'BIC (immediate) T1',
    '11110 i 0 0001 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (!dnsImm(f, i) || bad(i.d) || bad(i.n)) return 'UNPREDICTABLE';
    },
    BIC_imm,
    ALU,
  ),
  enc(
    'ORR (immediate) T1',
    '11110 i 0 0010 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // MOV (immediate)
      if (!dnsImm(f, i) || bad(i.d) || i.n === 13) return 'UNPREDICTABLE';
    },
    ORR_imm,
    ALU,
  ),
  enc(
    'MOV (immediate) T2',
    '11110 i 0 0010 S 1111 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.setflags = f.S;
      if (!modifiedImmediate(f, i) || bad(i.d)) return 'UNPREDICTABLE';
    },
    MOV_imm,
    ALU,
  ),
  enc(
    'ORN (immediate) T1',
    '11110 i 0 0011 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // MVN (immediate)
      if (!dnsImm(f, i) || bad(i.d) || i.n === 13) return 'UNPREDICTABLE';
    },
    ORN_imm,
    ALU,
  ),
  enc(
    'MVN (immediate) T1',
    '11110 i 0 0011 S 1111 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.setflags = f.S;
      if (!modifiedImmediate(f, i) || bad(i.d)) return 'UNPREDICTABLE';
    },
    MVN_imm,
    ALU,
  ),
  enc(
    'EOR (immediate) T1',
    '11110 i 0 0100 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // TEQ (immediate)
      if (!dnsImm(f, i) || i.d === 13 || (i.d === 15 && f.S === 0) || bad(i.n))
        return 'UNPREDICTABLE';
    },
    EOR_imm,
    ALU,
  ),
  enc(
    'TEQ (immediate) T1',
    '11110 i 0 0100 1 Rn:4 | 0 imm3:3 1111 imm8:8',
    (f, i) => {
      i.n = f.Rn;
      if (!modifiedImmediate(f, i) || bad(i.n)) return 'UNPREDICTABLE';
    },
    TEQ_imm,
    ALU,
  ),
  enc(
    'ADD (immediate) T3',
    '11110 i 0 1000 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMN (immediate)
      if (f.Rn === 13) return 'SEE'; // ADD (SP plus immediate)
      if (!dnsImm(f, i) || i.d === 13 || (i.d === 15 && f.S === 0) || i.n === 15)
        return 'UNPREDICTABLE';
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'ADD (SP plus immediate) T3',
    '11110 i 0 1000 S 1101 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMN (immediate)
      i.d = f.Rd;
      i.n = 13;
      i.setflags = f.S;
      if (!modifiedImmediate(f, i) || (i.d === 15 && f.S === 0)) return 'UNPREDICTABLE';
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'CMN (immediate) T1',
    '11110 i 0 1000 1 Rn:4 | 0 imm3:3 1111 imm8:8',
    (f, i) => {
      i.n = f.Rn;
      if (!modifiedImmediate(f, i) || i.n === 15) return 'UNPREDICTABLE';
    },
    CMN_imm,
    ALU,
  ),
  enc(
    'ADC (immediate) T1',
    '11110 i 0 1010 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (!dnsImm(f, i) || bad(i.d) || bad(i.n)) return 'UNPREDICTABLE';
    },
    ADC_imm,
    ALU,
  ),
  enc(
    'SBC (immediate) T1',
    '11110 i 0 1011 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (!dnsImm(f, i) || bad(i.d) || bad(i.n)) return 'UNPREDICTABLE';
    },
    SBC_imm,
    ALU,
  ),
  enc(
    'SUB (immediate) T3',
    '11110 i 0 1101 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMP (immediate)
      if (f.Rn === 13) return 'SEE'; // SUB (SP minus immediate)
      if (!dnsImm(f, i) || i.d === 13 || (i.d === 15 && f.S === 0) || i.n === 15)
        return 'UNPREDICTABLE';
    },
    SUB_imm,
    ALU,
  ),
  enc(
    'SUB (SP minus immediate) T2',
    '11110 i 0 1101 S 1101 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMP (immediate)
      i.d = f.Rd;
      i.n = 13;
      i.setflags = f.S;
      if (!modifiedImmediate(f, i) || (i.d === 15 && f.S === 0)) return 'UNPREDICTABLE';
    },
    SUB_imm,
    ALU,
  ),
  enc(
    'CMP (immediate) T2',
    '11110 i 0 1101 1 Rn:4 | 0 imm3:3 1111 imm8:8',
    (f, i) => {
      i.n = f.Rn;
      if (!modifiedImmediate(f, i) || i.n === 15) return 'UNPREDICTABLE';
    },
    CMP_imm,
    ALU,
  ),
  enc(
    'RSB (immediate) T2',
    '11110 i 0 1110 S Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (!dnsImm(f, i) || bad(i.d) || bad(i.n)) return 'UNPREDICTABLE';
    },
    RSB_imm,
    ALU,
  ),

  // --- 32-bit: data processing (plain binary immediate) (A5.3.3); SSAT/BFI/... are in misc.ts ---
  enc(
    'ADD (immediate) T4',
    '11110 i 1 0000 0 Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // ADR
      if (f.Rn === 13) return 'SEE'; // ADD (SP plus immediate)
      i.d = f.Rd;
      i.n = f.Rn;
      i.imm32 = imm12(f);
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'ADD (SP plus immediate) T4',
    '11110 i 1 0000 0 1101 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.n = 13;
      i.imm32 = imm12(f);
      if (i.d === 15) return 'UNPREDICTABLE';
    },
    ADD_imm,
    ALU,
  ),
  enc(
    'ADR T3',
    '11110 i 1 0000 0 1111 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = imm12(f);
      i.add = true;
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    ADR,
    ALU,
  ),
  enc(
    'MOV (immediate) T3',
    '11110 i 1 0010 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = (f.imm4 << 12) | imm12(f);
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    MOV_imm,
    ALU,
  ),
  enc(
    'SUB (immediate) T4',
    '11110 i 1 0101 0 Rn:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // ADR
      if (f.Rn === 13) return 'SEE'; // SUB (SP minus immediate)
      i.d = f.Rd;
      i.n = f.Rn;
      i.imm32 = imm12(f);
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    SUB_imm,
    ALU,
  ),
  enc(
    'SUB (SP minus immediate) T3',
    '11110 i 1 0101 0 1101 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.n = 13;
      i.imm32 = imm12(f);
      if (i.d === 15) return 'UNPREDICTABLE';
    },
    SUB_imm,
    ALU,
  ),
  enc(
    'ADR T2',
    '11110 i 1 0101 0 1111 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = imm12(f);
      i.add = false;
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    ADR,
    ALU,
  ),
  enc(
    'MOVT T1',
    '11110 i 1 0110 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = (f.imm4 << 12) | imm12(f);
      if (bad(i.d)) return 'UNPREDICTABLE';
    },
    MOVT,
    ALU,
  ),

  // --- 32-bit: data processing (shifted register) (A5.3.11); PKHBT/PKHTB are in dsp.ts ---
  enc(
    'AND (register) T2',
    '11101010000 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // TST (register)
      dnmsReg(f, i);
      if (i.d === 13 || (i.d === 15 && f.S === 0) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    AND_reg,
    ALU,
  ),
  enc(
    'TST (register) T2',
    '111010100001 Rn:4 | (0) imm3:3 1111 imm2:2 type:2 Rm:4',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
      immShift(f, i);
      if (bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    TST_reg,
    ALU,
  ),
  enc(
    'BIC (register) T2',
    '11101010001 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      dnmsReg(f, i);
      if (bad(i.d) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    BIC_reg,
    ALU,
  ),
  enc(
    'ORR (register) T2',
    '11101010010 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // move register and immediate shifts
      dnmsReg(f, i);
      if (bad(i.d) || i.n === 13 || bad(i.m)) return 'UNPREDICTABLE';
    },
    ORR_reg,
    ALU,
  ),
  enc(
    'MOV (register) T3',
    '11101010010 S 1111 | (0) 000 Rd:4 0000 Rm:4',
    (f, i) => {
      i.d = f.Rd;
      i.m = f.Rm;
      i.setflags = f.S;
      if (f.S === 1 && (bad(i.d) || bad(i.m))) return 'UNPREDICTABLE';
      if (f.S === 0 && (i.d === 15 || i.m === 15 || (i.d === 13 && i.m === 13)))
        return 'UNPREDICTABLE';
    },
    MOV_reg,
    ALU,
  ),
  enc(
    'LSL (immediate) T2',
    '11101010010 S 1111 | (0) imm3:3 Rd:4 imm2:2 00 Rm:4',
    shiftImm32(SRType_LSL),
    MOV_reg,
    ALU,
  ),
  enc(
    'LSR (immediate) T2',
    '11101010010 S 1111 | (0) imm3:3 Rd:4 imm2:2 01 Rm:4',
    shiftImm32(SRType_LSR),
    MOV_reg,
    ALU,
  ),
  enc(
    'ASR (immediate) T2',
    '11101010010 S 1111 | (0) imm3:3 Rd:4 imm2:2 10 Rm:4',
    shiftImm32(SRType_ASR),
    MOV_reg,
    ALU,
  ),
  enc(
    'RRX T1',
    '11101010010 S 1111 | (0) 000 Rd:4 0011 Rm:4',
    (f, i) => {
      i.d = f.Rd;
      i.m = f.Rm;
      i.setflags = f.S;
      i.shift_t = SRType_RRX;
      i.shift_n = 1;
      if (bad(i.d) || bad(i.m)) return 'UNPREDICTABLE';
    },
    MOV_reg,
    ALU,
  ),
  enc(
    'ROR (immediate) T1',
    '11101010010 S 1111 | (0) imm3:3 Rd:4 imm2:2 11 Rm:4',
    shiftImm32(SRType_ROR),
    MOV_reg,
    ALU,
  ),
  enc(
    'ORN (register) T1',
    '11101010011 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rn === 15) return 'SEE'; // MVN (register)
      dnmsReg(f, i);
      if (bad(i.d) || i.n === 13 || bad(i.m)) return 'UNPREDICTABLE';
    },
    ORN_reg,
    ALU,
  ),
  enc(
    'MVN (register) T2',
    '11101010011 S 1111 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      i.d = f.Rd;
      i.m = f.Rm;
      i.setflags = f.S;
      immShift(f, i);
      if (bad(i.d) || bad(i.m)) return 'UNPREDICTABLE';
    },
    MVN_reg,
    ALU,
  ),
  enc(
    'EOR (register) T2',
    '11101010100 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // TEQ (register)
      dnmsReg(f, i);
      if (i.d === 13 || (i.d === 15 && f.S === 0) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    EOR_reg,
    ALU,
  ),
  enc(
    'TEQ (register) T1',
    '111010101001 Rn:4 | (0) imm3:3 1111 imm2:2 type:2 Rm:4',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
      immShift(f, i);
      if (bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    TEQ_reg,
    ALU,
  ),
  enc(
    'ADD (register) T3',
    '11101011000 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMN (register)
      if (f.Rn === 13) return 'SEE'; // ADD (SP plus register)
      dnmsReg(f, i);
      if (i.d === 13 || (i.d === 15 && f.S === 0) || i.n === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'ADD (SP plus register) T3',
    '11101011000 S 1101 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMN (register)
      dnmsReg(f, i);
      i.n = 13;
      if (i.d === 13 && (i.shift_t !== SRType_LSL || i.shift_n > 3)) return 'UNPREDICTABLE';
      if (i.d === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    ADD_reg,
    ALU,
  ),
  enc(
    'CMN (register) T2',
    '111010110001 Rn:4 | (0) imm3:3 1111 imm2:2 type:2 Rm:4',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
      immShift(f, i);
      if (i.n === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    CMN_reg,
    ALU,
  ),
  enc(
    'ADC (register) T2',
    '11101011010 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      dnmsReg(f, i);
      if (bad(i.d) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    ADC_reg,
    ALU,
  ),
  enc(
    'SBC (register) T2',
    '11101011011 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      dnmsReg(f, i);
      if (bad(i.d) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    SBC_reg,
    ALU,
  ),
  enc(
    'SUB (register) T2',
    '11101011101 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMP (register)
      if (f.Rn === 13) return 'SEE'; // SUB (SP minus register)
      dnmsReg(f, i);
      if (i.d === 13 || (i.d === 15 && f.S === 0) || i.n === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    SUB_reg,
    ALU,
  ),
  enc(
    'SUB (SP minus register) T1',
    '11101011101 S 1101 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      if (f.Rd === 15 && f.S === 1) return 'SEE'; // CMP (register)
      dnmsReg(f, i);
      i.n = 13;
      if (i.d === 13 && (i.shift_t !== SRType_LSL || i.shift_n > 3)) return 'UNPREDICTABLE';
      if (i.d === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    SUB_reg,
    ALU,
  ),
  enc(
    'CMP (register) T3',
    '111010111011 Rn:4 | (0) imm3:3 1111 imm2:2 type:2 Rm:4',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
      immShift(f, i);
      if (i.n === 15 || bad(i.m)) return 'UNPREDICTABLE';
    },
    CMP_reg,
    ALU,
  ),
  enc(
    'RSB (register) T1',
    '11101011110 S Rn:4 | (0) imm3:3 Rd:4 imm2:2 type:2 Rm:4',
    (f, i) => {
      dnmsReg(f, i);
      if (bad(i.d) || bad(i.n) || bad(i.m)) return 'UNPREDICTABLE';
    },
    RSB_reg,
    ALU,
  ),

  // --- 32-bit: register-controlled shifts (A5.3.12) ---
  enc(
    'LSL (register) T2',
    '11111010000 S Rn:4 | 1111 Rd:4 0000 Rm:4',
    shiftReg32(SRType_LSL),
    shiftByRegister,
    ALU,
  ),
  enc(
    'LSR (register) T2',
    '11111010001 S Rn:4 | 1111 Rd:4 0000 Rm:4',
    shiftReg32(SRType_LSR),
    shiftByRegister,
    ALU,
  ),
  enc(
    'ASR (register) T2',
    '11111010010 S Rn:4 | 1111 Rd:4 0000 Rm:4',
    shiftReg32(SRType_ASR),
    shiftByRegister,
    ALU,
  ),
  enc(
    'ROR (register) T2',
    '11111010011 S Rn:4 | 1111 Rd:4 0000 Rm:4',
    shiftReg32(SRType_ROR),
    shiftByRegister,
    ALU,
  ),
];
