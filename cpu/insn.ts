import type { Cpu } from './cpu.ts';
import type { Encoding } from './encoding.ts';

/** Executes one decoded instruction (the "Operation" part of an ARM ARM entry). */
export type Handler = (cpu: Cpu, i: Insn) => void;

/**
 * One decoded instruction, created once per address and cached. Field names follow the
 * "Encoding specific operations" of the ARMv7-M ARM (A7): d, n, m, t, imm32, setflags...
 * Every field exists on every Insn so that handlers see one object shape.
 */
export class Insn {
  exec: Handler;
  /** 2 or 4 bytes. */
  size = 2;
  /** The encoding: a halfword, or hw1 << 16 | hw2 for 32-bit instructions. */
  raw = 0;
  encoding: Encoding | null = null;
  /** Base cost in cycles (see cycles.ts); handlers add what depends on the data. */
  cycles = 1;

  d = 0;
  n = 0;
  m = 0;
  t = 0;
  t2 = 0;
  a = 0;
  dLo = 0;
  dHi = 0;
  imm32 = 0;
  /** 1: set flags, 0: don't, 2: set flags only outside an IT block (16-bit ALU encodings). */
  setflags = 0;
  /** Carry out of ThumbExpandImm_C, or -1 when the encoding leaves C unchanged. */
  carry = -1;
  shift_t = 0;
  shift_n = 0;
  cond = 14;
  index = false;
  add = false;
  wback = false;
  registers = 0;
  /** Bit-field and saturation operands (lsbit, msbit/widthminus1, saturate_to). */
  lsbit = 0;
  msbit = 0;
  saturate_to = 0;
  rotation = 0;
  /** Operand selectors: op, x/y halves (SMLA<x><y>), round, tbform... */
  op = 0;
  x = 0;
  y = 0;
  /** For UNDEFINED/UNPREDICTABLE encodings: why. */
  why = '';

  constructor(exec: Handler) {
    this.exec = exec;
  }
}
