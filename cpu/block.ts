import type { Cpu } from './cpu.ts';
import { inlineForm } from './inline.ts';
import type { Insn } from './insn.ts';

/** A compiled block: runs the whole block, or stops early (see compile.ts). */
export type BlockCode = (cpu: Cpu, r: Uint32Array) => void;

/** At most this many instructions in a block. */
export const MAX_BLOCK_INSNS = 64;
/** ... so that a block never spans more bytes than this. */
export const MAX_BLOCK_BYTES = 4 * MAX_BLOCK_INSNS;

/**
 * A block: the straight run of instructions from `start` up to one that always branches (or may
 * write the PC), the end of a 64 KB page, or MAX_BLOCK_INSNS. Conditional branches leave it
 * from the middle. It may hold whole IT blocks, never part of one, and it is only entered with
 * ITSTATE = 0.
 */
export class Block {
  /** Compiled code, once the block has run `Cpu.compileAfter` times. */
  code: BlockCode | null = null;
  visits = 0;
  readonly count: number;

  constructor(
    readonly start: number,
    /** One past its last byte. */
    readonly end: number,
    readonly insns: readonly Insn[],
    /** Each instruction's address. */
    readonly pcs: readonly number[],
    /** ITSTATE while each instruction executes (0 outside IT blocks). */
    readonly itstates: readonly number[],
  ) {
    this.count = insns.length;
  }
}

/** ITAdvance() (A7.3.3). */
export function itAdvance(itstate: number): number {
  return (itstate & 7) === 0 ? 0 : (itstate & 0xe0) | ((itstate << 1) & 0x1f);
}

/**
 * Whether a block should end after an instruction with no form that says so: one that may write
 * the PC (ALU results and loads to R15, LDM/POP with the PC in the list) or that no encoding
 * claims (data, most likely: nothing to decode beyond it). Only a hint: the block checks after
 * every handler call.
 */
function lastOfBlock(i: Insn): boolean {
  return i.d === 15 || i.t === 15 || (i.registers & 0x8000) !== 0 || i.encoding === null;
}

/**
 * Collects the block that starts at `start`. `insnAt` gives the decoded instruction at an
 * address, or null where a block must stop before it (a breakpoint, a fetch that fails).
 * Returns null when not even the first instruction can be part of a block.
 */
export function collectBlock(start: number, insnAt: (pc: number) => Insn | null): Block | null {
  const insns: Insn[] = [];
  const pcs: number[] = [];
  const itstates: number[] = [];
  const page = start >>> 16;
  let pc = start;
  let itstate = 0;
  /** Length before the IT that opened the current IT block: cut back there if it is not whole. */
  let beforeIt = 0;
  while (insns.length < MAX_BLOCK_INSNS && pc >>> 16 === page) {
    const insn = insnAt(pc);
    if (insn === null) break;
    const kind = inlineForm(insn.exec)?.kind;
    insns.push(insn);
    pcs.push(pc);
    itstates.push(itstate);
    pc = (pc + insn.size) >>> 0;
    if (kind === 'it' && itstate === 0) {
      beforeIt = insns.length - 1;
      itstate = insn.imm32;
      continue;
    }
    itstate = itAdvance(itstate);
    if (itstate === 0 && (kind === 'jump' || lastOfBlock(insn))) break;
  }
  if (itstate !== 0) {
    insns.length = pcs.length = itstates.length = beforeIt;
    pc = pcs.length === 0 ? start : pcs[beforeIt - 1] + insns[beforeIt - 1].size;
  }
  if (insns.length === 0) return null;
  return new Block(start, pc, insns, pcs, itstates);
}
