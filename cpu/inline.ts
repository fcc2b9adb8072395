import { SRType_ASR, SRType_LSL, SRType_LSR, SRType_ROR } from './alu.ts';
import type { Handler, Insn } from './insn.ts';

/**
 * Inline forms: a handler's operation written out as JavaScript with the instruction's fields as
 * literals, for the compiled blocks of compile.ts. Each form sits next to its handler in
 * `instructions/*.ts` and must do exactly what the handler does; a form returns null for the
 * cases it leaves to the handler (a write to the PC, an UNPREDICTABLE case the handler reports),
 * and the block then calls the handler itself.
 *
 * The code runs in a function where `cpu` is the Cpu. R0-R14 are locals, named by `reg(n)`,
 * and so are the flags N, Z, C, V (the constants below): the block loads them on entry and
 * writes them back wherever anyone else could look (compile.ts). Forms read registers with
 * R(at, n) and write them with setR only, which keeps every local an int32.
 * A form may declare constants: the compiler puts each instruction in its own braces. Memory
 * accesses go through loadJs and storeJs, which use `RP`/`WP` (Bus.readPages/writePages) and
 * `t`, the block's cycles not yet added to cpu.cycles; a form that takes extra cycles (where its
 * handler adds to cpu.cycles) adds them to `t`.
 */

/** Where an instruction sits in a block, as its inline form sees it. */
export interface Site {
  /** The instruction's address. */
  readonly pc: number;
  /** pc + size: where execution goes on when it does not branch. */
  readonly next: number;
  /** ITSTATE while it executes: 0 outside an IT block. */
  readonly itstate: number;
  /**
   * For branch and jump forms: the code of BranchWritePC(target) (A2.3.1), which leaves the
   * block for `target` (or goes round again when it is the block's own start).
   */
  readonly branch: (target: number) => string;
}

/**
 * - `alu`: reads and writes registers and flags only; cannot fault.
 * - `memory`: may throw a fault or reach a device, which may ask for attention: the block
 *   records where it is before and looks at `attention` after.
 * - `branch`: may leave the block: where it branches, its code is `at.branch(target)`, which
 *   leaves (or goes round again when the target is the block's own start); where it does not,
 *   the block goes on with the next instruction.
 * - `jump`: always leaves the block, through `at.branch(target)`; the block ends with it
 *   (`endsBlock` declares one with no form).
 * - `it`: IT itself. The block compiles the instructions it makes conditional; its code is empty.
 */
export type InlineKind = 'alu' | 'memory' | 'branch' | 'jump' | 'it';

export interface InlineForm {
  readonly kind: InlineKind;
  readonly js: (i: Insn, at: Site) => string | null;
}

const forms = new Map<Handler, InlineForm>();

/** Declares the inline form of `handler` (in the handler's own file, right after it). */
export function inline(handler: Handler, kind: InlineKind, js: InlineForm['js']): void {
  forms.set(handler, { kind, js });
}

/**
 * Declares that blocks end with `handler`'s instructions, which they call: the rare branches
 * that reach the hooks or memory (BX, BLX, TBB), and the instructions that hand over to the
 * hooks (SVC, BKPT, UDF, WFI, WFE), after which execution usually goes elsewhere.
 */
export function endsBlock(handler: Handler): void {
  forms.set(handler, { kind: 'jump', js: () => null });
}

export function inlineForm(handler: Handler): InlineForm | undefined {
  return forms.get(handler);
}

// --- Helpers for writing forms ------------------------------------------------------------

export const hex = (v: number): string => '0x' + (v >>> 0).toString(16);

/** The local that holds R0-R14 in compiled code. */
export const reg = (n: number): string => `r${n}`;

/** The locals that hold APSR.N, Z, C and V. */
export const N = 'fN';
export const Z = 'fZ';
export const C = 'fC';
export const V = 'fV';

/** R[n] as an expression: the PC reads as the instruction's address + 4. */
export function R(at: Site, n: number): string {
  return n === 15 ? hex(at.pc + 4) : reg(n);
}

/**
 * R[d] = value for an ALU result (writeReg without the PC: forms leave d == 15 to the handler).
 * SP drops bits [1:0]. The value may be any integer whose low 32 bits are the result; the
 * locals always hold int32 values (cpu.regs keeps the same 32 bits).
 */
export function setR(d: number, value: string): string {
  return `${reg(d)} = (${value}) ${d === 13 ? '& -4' : '| 0'};`;
}

/** The 16-bit encodings' setflags = !InITBlock() (Insn.setflags 2), resolved for this site. */
export function setsFlags(i: Insn, at: Site): boolean {
  return i.setflags === 1 || (i.setflags === 2 && at.itstate === 0);
}

export const inITBlock = (at: Site): boolean => (at.itstate & 0xf) !== 0;
export const lastInITBlock = (at: Site): boolean => (at.itstate & 0xf) === 0x8;

/** N and Z from a 32-bit value `v` (int32 or uint32). */
export function nz(v: string): string {
  return `${N} = ${v} >>> 31; ${Z} = ${v} === 0 ? 1 : 0;`;
}

/**
 * Shift(x, shift_t, shift_n) with literal type and amount, as an int32 or uint32 expression.
 * `x` must be a name (it may appear twice).
 */
export function shiftJs(x: string, type: number, amount: number): string {
  if (amount === 0) return x;
  switch (type) {
    case SRType_LSL:
      return amount >= 32 ? '0' : `(${x} << ${amount})`;
    case SRType_LSR:
      return amount >= 32 ? '0' : `(${x} >>> ${amount})`;
    case SRType_ASR:
      return `(${x} >> ${Math.min(amount, 31)})`;
    case SRType_ROR: {
      const n = amount & 31;
      return n === 0 ? x : `((${x} >>> ${n}) | (${x} << ${32 - n}))`;
    }
    default:
      // RRX
      return `((${C} << 31) | (${x} >>> 1))`;
  }
}

/** Shift_C's carry out for a literal type and amount, or null when it is APSR.C (amount 0). */
export function shiftCarryJs(x: string, type: number, amount: number): string | null {
  if (amount === 0) return null;
  switch (type) {
    case SRType_LSL:
      if (amount > 32) return '0';
      return amount === 32 ? `(${x} & 1)` : `((${x} >>> ${32 - amount}) & 1)`;
    case SRType_LSR:
      if (amount > 32) return '0';
      return `((${x} >>> ${amount - 1}) & 1)`;
    case SRType_ASR:
      return amount >= 32 ? `(${x} >>> 31)` : `((${x} >>> ${amount - 1}) & 1)`;
    case SRType_ROR:
      return `(${shiftJs(x, type, amount)} >>> 31)`;
    default:
      return `(${x} & 1)`;
  }
}

/**
 * R[d] = AddWithCarry(x, y, carry) (A2.2.1), with N, Z, C, V when `flags`; d == -1 writes no
 * register (CMP, CMN). `x` and `y` are expressions for 32-bit values, int32 or uint32 alike;
 * `carry` is '0', '1' or C. Everything is done in 32-bit integers: the carry out of bit 31
 * is majority(x, y, carry into bit 31), and carry into bit 31 = x ^ y ^ result.
 */
export function addJs(d: number, x: string, y: string, carry: string, flags: boolean): string {
  const plus = carry === '0' ? '' : ` + ${carry}`;
  if (!flags) return setR(d, `(${x} + ${y}${plus}) | 0`);
  return (
    `const x = ${x}, y = ${y}, v = (x + y${plus}) | 0; ${nz('v')} ` +
    `${C} = ((x & y) | ((x | y) & ~v)) >>> 31; ${V} = ((x ^ v) & (y ^ v)) >>> 31;` +
    (d < 0 ? '' : ' ' + setR(d, 'v'))
  );
}

/** ConditionPassed() for a literal condition (A7.3.1), as a boolean expression on the flags. */
export function conditionJs(cond: number): string {
  const passed = [
    `${Z} === 1`,
    `${C} === 1`,
    `${N} === 1`,
    `${V} === 1`,
    `${C} === 1 && ${Z} === 0`,
    `${N} === ${V}`,
    `${Z} === 0 && ${N} === ${V}`,
    'true',
  ][cond >>> 1];
  if (cond >= 14) return 'true';
  return (cond & 1) === 0 ? passed : `!(${passed})`;
}

/** The cycles not yet added to cpu.cycles, added before a device could see the time. */
const SYNC = 'cpu.cycles += t, t = 0';

const VIEW = { 1: 'u8', 2: 'u16', 4: 'u32' } as const;

/** The page, then the aligned access's index in it (`a` is a name). */
function direct(bytes: 1 | 2 | 4, a: string): [check: string, index: string] {
  if (bytes === 1) return ['', `${a} & 0xffff`];
  return [` && (${a} & ${bytes - 1}) === 0`, `(${a} & 0xffff) >>> ${bytes >>> 1}`];
}

/**
 * `const v = ` a read of `bytes` at `a` (a name): straight from memory when the page is plain
 * memory (Bus.readPages) and the access aligned; else `slow(a)` (e.g. 'cpu.readU32', with its
 * alignment rules), the time first brought up to date.
 */
export function loadJs(v: string, bytes: 1 | 2 | 4, a: string, slow: string): string {
  const [aligned, index] = direct(bytes, a);
  const page = `p${v}`;
  return (
    `const ${page} = RP[${a} >>> 16], ${v} = ${page} !== undefined${aligned} ` +
    `? ${page}.${VIEW[bytes]}[${index}] : (${SYNC}, ${slow}(${a}));`
  );
}

/** A write of `value` (an expression without effects) to `a`, as loadJs reads. */
export function storeJs(bytes: 1 | 2 | 4, a: string, value: string, slow: string): string {
  const [aligned, index] = direct(bytes, a);
  const page = `q${a}`;
  return (
    `const ${page} = WP[${a} >>> 16]; if (${page} !== undefined${aligned}) ` +
    `${page}.${VIEW[bytes]}[${index}] = ${value}; else { ${SYNC}; ${slow}(${a}, ${value}); }`
  );
}
