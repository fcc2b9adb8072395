/**
 * The disassembly pane: instructions around the cursor with their addresses, raw encodings (as
 * the ARM ARM writes them: halfwords, first halfword first), symbols as headers (`main:`) and
 * branch targets (`<loop>`), the instruction at the PC and the breakpoints marked.
 */
import type { Disassembled } from '../../cpu/disassemble.ts';
import type { SymbolTable } from '../../loader/symbols.ts';
import { hex8, hexN, span, type Line } from '../text.ts';

export interface DisassemblyInput {
  /** Instructions in address order, and the index of the one at `cursor`. */
  insns: Disassembled[];
  index: number;
  pc: number;
  /** The line the user points at (breakpoint, run to cursor); the PC after each stop. */
  cursor: number;
  /** The address shown at the top last time, to keep the view still while the cursor is in it. */
  top: number | undefined;
  breakpoints: ReadonlySet<number>;
  symbols: SymbolTable;
  width: number;
  height: number;
}

export interface DisassemblyView {
  lines: Line[];
  /** The instruction address of each line (undefined for a symbol header). */
  addresses: (number | undefined)[];
  /** The address at the top, for the next draw. */
  top: number;
}

/** The raw encoding: `4770`, `f000 f800`, or a data value. */
export function encoding(insn: Disassembled): string {
  const b = insn.bytes;
  if (insn.mnemonic.startsWith('.') && !insn.mnemonic.startsWith('.inst')) {
    let v = 0;
    for (let k = b.length - 1; k >= 0; k--) v = v * 256 + b[k];
    return hexN(v, b.length * 2);
  }
  const hw = (k: number) => hexN(b[k] | (b[k + 1] << 8), 4);
  if (b.length >= 4) return `${hw(0)} ${hw(2)}`;
  if (b.length >= 2) return hw(0);
  return '';
}

/** Operands with a branch target named: `0x20000104 <loop>`. */
function operandsOf(insn: Disassembled, symbols: SymbolTable): string {
  if (insn.target === undefined) return insn.operands;
  const name = symbols.describe(insn.target);
  return name === undefined ? insn.operands : `${insn.operands} <${name}>`;
}

/** Rows before the cursor when the view recentres: a third of the pane. */
const leadRows = (height: number) => Math.max(1, Math.floor(height / 3));

export function disassemblyView(input: DisassemblyInput): DisassemblyView {
  const { insns, index, pc, breakpoints, symbols, width, height } = input;
  const showRaw = width >= 44;
  // Rows per instruction: one, plus a header where a symbol starts.
  const header = (i: number) => symbols.startingAt(insns[i].address)[0]?.name;
  const rowsOf = (i: number) => (header(i) !== undefined ? 2 : 1);

  // Keep the old top when the cursor still shows below it; otherwise recentre.
  let first = input.top === undefined ? -1 : insns.findIndex((x) => x.address === input.top);
  if (first >= 0 && first <= index) {
    let rows = 0;
    for (let i = first; i <= index; i++) rows += rowsOf(i);
    if (rows > height - 1 || (rows > height - 2 && index + 1 < insns.length)) first = -1;
  } else {
    first = -1;
  }
  if (first < 0) {
    first = index;
    let rows = rowsOf(index);
    while (first > 0 && rows + rowsOf(first - 1) <= leadRows(height) + 1) {
      first--;
      rows += rowsOf(first);
    }
    // Near the end of the code: rows left empty below go to earlier lines instead.
    for (let i = index + 1; i < insns.length && rows <= height; i++) rows += rowsOf(i);
    while (first > 0 && rows + rowsOf(first - 1) <= height) {
      first--;
      rows += rowsOf(first);
    }
  }

  const lines: Line[] = [];
  const addresses: (number | undefined)[] = [];
  for (let i = first; i < insns.length && lines.length < height; i++) {
    const insn = insns[i];
    const name = header(i);
    if (name !== undefined) {
      lines.push([span(`${name}:`, 'heading')]);
      addresses.push(undefined);
      if (lines.length >= height) break;
    }
    const atPc = insn.address === pc;
    const isBreakpoint = breakpoints.has(insn.address);
    const raw = showRaw ? `${encoding(insn).padEnd(9)}  ` : '';
    const text = `${hex8(insn.address)}  ${raw}${insn.mnemonic.padEnd(7)} ${operandsOf(insn, symbols)}`;
    const style = atPc ? 'current' : insn.address === input.cursor ? 'cursor' : undefined;
    lines.push([
      span(isBreakpoint ? '●' : ' ', isBreakpoint ? 'breakpoint' : undefined),
      span(atPc ? '▶' : ' ', atPc ? 'current' : undefined),
      span(' '),
      span(text.trimEnd(), style),
    ]);
    addresses.push(insn.address);
  }
  return { lines, addresses, top: insns[first]?.address ?? input.cursor };
}
