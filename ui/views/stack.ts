/**
 * The stack pane: the words from SP up, with what they are when that can be told - the exception
 * frame a handler was entered with (R0-R3, R12, LR, the return address, xPSR, and the FP part;
 * ARMv7-M ARM B1.5.6), EXC_RETURN values, return addresses into code with their symbols.
 */
import type { Machine } from '../../chip/machine.ts';
import type { SymbolTable } from '../../loader/symbols.ts';
import { isExcReturn, readWord } from '../stepping.ts';
import { hex8, span, type Line } from '../text.ts';
import { excReturnText } from './registers.ts';

export interface ExceptionFrame {
  address: number;
  /** 8 words, or 26 with the FP registers (EXC_RETURN bit 4 clear). */
  words: number;
  stack: 'MSP' | 'PSP';
}

/** The frame's words: R0-R3, R12, LR, the return address (the PC to go back to), xPSR. */
const BASIC_FRAME = ['r0', 'r1', 'r2', 'r3', 'r12', 'lr', 'pc', 'xpsr'];

/** The label of word `k` of a frame. */
function frameLabel(k: number): string {
  if (k < 8) return BASIC_FRAME[k];
  if (k < 24) return `s${k - 8}`;
  return k === 24 ? 'fpscr' : '(reserved)';
}

/** A stacked xPSR has the T bit set and nothing in its reserved bits 23:20 (B1.4.2). */
function plausibleFrame(machine: Machine, at: number): boolean {
  const xpsr = readWord(machine, at + 28);
  const ret = readWord(machine, at + 24);
  return xpsr !== undefined && ret !== undefined && (xpsr & (1 << 24)) !== 0 && (ret & 1) === 0;
}

/**
 * Where the current handler's exception frame is: from EXC_RETURN (in LR, or pushed on the
 * stack by the handler's prologue), which says which stack it is on; on the main stack, the
 * first place from SP up that holds a well-formed frame. Undefined in Thread mode.
 */
export function exceptionFrame(machine: Machine): ExceptionFrame | undefined {
  const cpu = machine.cpu;
  if (cpu.ipsr === 0) return undefined;
  let excReturn = isExcReturn(cpu.regs[14]) ? cpu.regs[14] : undefined;
  let from = cpu.msp;
  if (excReturn === undefined) {
    for (let k = 0; k < 64 && excReturn === undefined; k++) {
      const v = readWord(machine, cpu.msp + 4 * k);
      if (v !== undefined && isExcReturn(v)) {
        excReturn = v;
        from = cpu.msp + 4 * (k + 1);
      }
    }
  }
  if (excReturn === undefined) return undefined;
  const words = (excReturn & 0x10) === 0 ? 26 : 8;
  if ((excReturn & 4) !== 0) return { address: cpu.psp, words, stack: 'PSP' };
  for (let k = 0; k < 64; k++) {
    const at = from + 4 * k;
    if (plausibleFrame(machine, at)) return { address: at, words, stack: 'MSP' };
  }
  return undefined;
}

export interface StackInput {
  machine: Machine;
  symbols: SymbolTable;
  width: number;
  height: number;
}

export function stackView(input: StackInput): Line[] {
  const { machine, symbols, width, height } = input;
  const offsets = width >= 40;
  const cpu = machine.cpu;
  const sp = cpu.sp >>> 0;
  const frame = exceptionFrame(machine);
  const lines: Line[] = [];
  const note = (v: number): string => {
    const ret = excReturnText(v);
    if (ret !== undefined) return `EXC_RETURN to ${ret}`;
    const m = machine.bus.find(v & ~1);
    if ((v & 1) === 1 && m !== undefined && m.memory !== null) {
      const name = symbols.describe(v & ~1);
      if (name !== undefined) return `<${name}>`;
    }
    return '';
  };
  const row = (at: number, offsetLabel: string, label: string | undefined) => {
    const v = readWord(machine, at);
    if (v === undefined) return false;
    const text = `${hex8(at)} ${offsets ? `${offsetLabel.padEnd(6)} ` : ''}${hex8(v)}`;
    lines.push(
      label !== undefined
        ? [span(text), span(` ${label}`, 'heading')]
        : [span(text), span(note(v) === '' ? '' : ` ${note(v)}`)],
    );
    return true;
  };
  if (frame !== undefined && frame.stack === 'PSP' && sp !== frame.address) {
    lines.push([span(`exception frame on the PSP, at ${hex8(frame.address)}:`, 'heading')]);
    for (let k = 0; k < frame.words && lines.length < height; k++) {
      row(frame.address + 4 * k, `+${(4 * k).toString(16)}`, frameLabel(k));
    }
    if (lines.length < height) lines.push([span('main stack:', 'heading')]);
  }
  for (let k = 0; lines.length < height; k++) {
    const at = (sp + 4 * k) >>> 0;
    const inFrame =
      frame !== undefined && at >= frame.address && at < frame.address + 4 * frame.words
        ? (at - frame.address) >>> 2
        : -1;
    const label = inFrame >= 0 ? `frame ${frameLabel(inFrame)}` : undefined;
    if (!row(at, `sp+${(4 * k).toString(16)}`, label)) break;
  }
  if (lines.length === 0) {
    const below = machine.bus.find(sp - 4);
    lines.push([
      span(
        below?.memory != null
          ? `empty: SP ${hex8(sp)} is the top of ${below.name}`
          : `SP ${hex8(sp)}: no memory there`,
      ),
    ]);
  }
  return lines;
}
