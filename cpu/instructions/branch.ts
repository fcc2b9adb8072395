import { signExtend } from '../alu.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type Encoding } from '../encoding.ts';
import {
  conditionJs,
  endsBlock,
  hex,
  inITBlock,
  inline,
  lastInITBlock,
  R,
  setR,
} from '../inline.ts';
import type { Insn } from '../insn.ts';

/** Branches and IT (ARMv7-M ARM A7.7.12 B, A7.7.18 BL, A7.7.19 BLX, A7.7.20 BX, A7.7.21 CBZ, A7.7.37 IT, A7.7.185 TBB). */

function B(cpu: Cpu, i: Insn): void {
  if (i.cond !== 14 && !cpu.conditionPassed(i.cond)) return;
  const target = (cpu.regs[15] + i.imm32) >>> 0;
  if (target === cpu.pc) cpu.hooks.selfBranch(cpu);
  cpu.branchWritePC(target);
}

/** B T1 and T3 are UNPREDICTABLE in an IT block; T2 and T4 only as the last instruction of one. */
function notInIT(cpu: Cpu, i: Insn): boolean {
  if (!cpu.inITBlock()) return true;
  cpu.fault('UNDEFINSTR', 0, `${i.encoding?.name} inside an IT block is UNPREDICTABLE`);
  return false;
}

function lastInIT(cpu: Cpu, i: Insn): boolean {
  if (!cpu.inITBlock() || cpu.lastInITBlock()) return true;
  cpu.fault('UNDEFINSTR', 0, `${i.encoding?.name} not last in an IT block is UNPREDICTABLE`);
  return false;
}

function B_conditional(cpu: Cpu, i: Insn): void {
  if (notInIT(cpu, i)) B(cpu, i);
}

// Inline forms (cpu/inline.ts). `b .` is left to the handler, which calls hooks.selfBranch.
inline(B_conditional, 'branch', (i, at) => {
  const target = (at.pc + 4 + i.imm32) >>> 0;
  if (inITBlock(at) || target === at.pc) return null;
  return `if (${conditionJs(i.cond)}) { ${at.branch(target)} }`;
});

function B_unconditional(cpu: Cpu, i: Insn): void {
  if (lastInIT(cpu, i)) B(cpu, i);
}

inline(B_unconditional, 'jump', (i, at) => {
  const target = (at.pc + 4 + i.imm32) >>> 0;
  if ((inITBlock(at) && !lastInITBlock(at)) || target === at.pc) return null;
  return at.branch(target);
});

function BL(cpu: Cpu, i: Insn): void {
  if (!lastInIT(cpu, i)) return;
  cpu.regs[14] = (cpu.nextPc | 1) >>> 0;
  cpu.branchWritePC((cpu.regs[15] + i.imm32) >>> 0);
}

inline(BL, 'jump', (i, at) => {
  if (inITBlock(at) && !lastInITBlock(at)) return null;
  // LR through its local: the block writes its locals back on the way out.
  return `${setR(14, hex(at.next | 1))} ${at.branch(at.pc + 4 + i.imm32)}`;
});

function BX(cpu: Cpu, i: Insn): void {
  if (lastInIT(cpu, i)) cpu.bxWritePC(cpu.regs[i.m]);
}

endsBlock(BX);

function BLX(cpu: Cpu, i: Insn): void {
  if (!lastInIT(cpu, i)) return;
  const target = cpu.regs[i.m];
  cpu.regs[14] = (cpu.nextPc | 1) >>> 0;
  // BLXWritePC: interworking, but never an exception return.
  if ((target & 1) === 0) {
    cpu.t = 0;
    cpu.requestAttention();
  }
  cpu.nextPc = target & ~1;
  cpu.cycles += CYCLES.branchRefill;
}

endsBlock(BLX);

function CBZ(cpu: Cpu, i: Insn): void {
  if (!notInIT(cpu, i)) return;
  const isZero = cpu.regs[i.n] === 0;
  if (isZero !== (i.op === 1)) cpu.branchWritePC((cpu.regs[15] + i.imm32) >>> 0);
}

inline(CBZ, 'branch', (i, at) => {
  if (inITBlock(at)) return null;
  const taken = `${R(at, i.n)} ${i.op === 1 ? '!==' : '==='} 0`;
  return `if (${taken}) { ${at.branch(at.pc + 4 + i.imm32)} }`;
});

function TBB(cpu: Cpu, i: Insn): void {
  if (!lastInIT(cpu, i)) return;
  const base = cpu.regs[i.n];
  const rm = cpu.regs[i.m];
  const halfwords =
    i.op === 1 ? cpu.readU16((base + (rm << 1)) >>> 0) : cpu.bus.read8((base + rm) >>> 0);
  cpu.branchWritePC((cpu.regs[15] + 2 * halfwords) >>> 0);
}

endsBlock(TBB);

function IT(cpu: Cpu, i: Insn): void {
  if (!notInIT(cpu, i)) return;
  // imm32 is firstcond:mask; & 0xff keeps ITSTATE a small integer (a JIT-friendly field).
  cpu.itstate = i.imm32 & 0xff;
}

/** The block compiles the IT block's instructions under their conditions (compile.ts). */
inline(IT, 'it', (_i, at) => (inITBlock(at) ? null : ''));

export const ENCODINGS: Encoding[] = [
  enc(
    'B T1',
    '1101 cond:4 imm8:8',
    (f, i) => {
      if (f.cond === 0b1110) return 'UNDEFINED';
      if (f.cond === 0b1111) return 'SEE'; // SVC
      i.cond = f.cond;
      i.imm32 = signExtend(f.imm8 << 1, 9);
    },
    B_conditional,
  ),
  enc(
    'B T2',
    '11100 imm11:11',
    (f, i) => {
      i.imm32 = signExtend(f.imm11 << 1, 12);
    },
    B_unconditional,
  ),
  enc(
    'B T3',
    '11110 S cond:4 imm6:6 | 10 J1 0 J2 imm11:11',
    (f, i) => {
      if (f.cond >>> 1 === 0b111) return 'SEE'; // branches and miscellaneous control
      i.cond = f.cond;
      i.imm32 = signExtend(
        (f.S << 20) | (f.J2 << 19) | (f.J1 << 18) | (f.imm6 << 12) | (f.imm11 << 1),
        21,
      );
    },
    B_conditional,
  ),
  enc(
    'B T4',
    '11110 S imm10:10 | 10 J1 1 J2 imm11:11',
    (f, i) => {
      i.imm32 = branchOffset24(f);
    },
    B_unconditional,
  ),
  enc(
    'BL T1',
    '11110 S imm10:10 | 11 J1 1 J2 imm11:11',
    (f, i) => {
      i.imm32 = branchOffset24(f);
    },
    BL,
  ),
  enc(
    'BX T1',
    '010001110 Rm:4 (0) (0) (0)',
    (f, i) => {
      i.m = f.Rm;
    },
    BX,
  ),
  enc(
    'BLX (register) T1',
    '010001111 Rm:4 (0) (0) (0)',
    (f, i) => {
      i.m = f.Rm;
      if (i.m === 15) return 'UNPREDICTABLE';
    },
    BLX,
  ),
  enc(
    'CBZ/CBNZ T1',
    '1011 op 0 i 1 imm5:5 Rn:3',
    (f, i) => {
      i.op = f.op;
      i.n = f.Rn;
      i.imm32 = (f.i << 6) | (f.imm5 << 1);
    },
    CBZ,
  ),
  enc(
    'TBB/TBH T1',
    '111010001101 Rn:4 | (1) (1) (1) (1) (0) (0) (0) (0) 000 H Rm:4',
    (f, i) => {
      i.n = f.Rn;
      i.m = f.Rm;
      i.op = f.H;
      if (i.n === 13 || i.m === 13 || i.m === 15) return 'UNPREDICTABLE';
    },
    TBB,
    CYCLES.tableBranch,
  ),
  enc(
    'IT T1',
    '10111111 firstcond:4 mask:4',
    (f, i) => {
      if (f.mask === 0) return 'SEE'; // the hints: NOP, YIELD, WFE, WFI, SEV
      if (f.firstcond === 0b1111) return 'UNPREDICTABLE';
      if (f.firstcond === 0b1110 && (f.mask & (f.mask - 1)) !== 0) return 'UNPREDICTABLE';
      i.imm32 = (f.firstcond << 4) | f.mask;
    },
    IT,
  ),
];

/** imm32 = SignExtend(S:I1:I2:imm10:imm11:'0', 32), I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
function branchOffset24(f: Record<string, number>): number {
  const i1 = f.J1 ^ f.S ^ 1;
  const i2 = f.J2 ^ f.S ^ 1;
  return signExtend((f.S << 24) | (i1 << 23) | (i2 << 22) | (f.imm10 << 12) | (f.imm11 << 1), 25);
}
