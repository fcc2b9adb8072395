/**
 * The core registers pane: R0-R12, SP, LR, PC in hex and decimal, xPSR with its flags decoded,
 * the mode and the active exception by name, the two stack pointers and the mask registers
 * (ARMv7-M ARM B1.4). A register whose value changed since the last step or run began is
 * highlighted. Lines that do not fit the height go, least useful first.
 */
import { CONTROL_nPRIV, CONTROL_SPSEL, type Cpu } from '../../cpu/cpu.ts';
import { REGISTER_NAMES, readRegister, type RegisterName } from '../../cli/registers.ts';
import type { SymbolTable } from '../../loader/symbols.ts';
import { isExcReturn } from '../stepping.ts';
import { hex8, hexN, span, type Line, type Span } from '../text.ts';
import { exceptionLabel } from './names.ts';

const INDEX = new Map<RegisterName, number>(REGISTER_NAMES.map((n, k) => [n, k]));

export interface RegistersInput {
  cpu: Cpu;
  /** Values when the last step or run began, in REGISTER_NAMES order. */
  before: Uint32Array;
  symbols: SymbolTable;
  width: number;
  height: number;
}

/** Priority of each line: the lowest go first when the pane is short. */
interface Row {
  line: Line;
  priority: number;
}

export function registersView(input: RegistersInput): Line[] {
  const { cpu, before, symbols, width, height } = input;
  const value = (name: RegisterName) => readRegister(cpu, name) >>> 0;
  const changed = (name: RegisterName) => value(name) !== before[INDEX.get(name)!];
  const mark = (name: RegisterName, text: string): Span =>
    span(text, changed(name) ? 'changed' : undefined);
  const rows: Row[] = [];
  const add = (line: Line, priority: number) => rows.push({ line, priority });

  for (let k = 0; k <= 12; k++) {
    const name = `r${k}` as RegisterName;
    const v = value(name);
    add([mark(name, `${name.padEnd(3)} ${hex8(v)} ${String(v | 0).padStart(11)}`)], 10);
  }
  const usingPsp = cpu.ipsr === 0 && (cpu.control & CONTROL_SPSEL) !== 0;
  add([mark('sp', `sp  ${hex8(value('sp'))}`), span(usingPsp ? ' (PSP)' : ' (MSP)')], 10);
  const named = (v: number) => {
    const name = symbols.describe(v & ~1);
    const room = width - 13;
    return name === undefined || room < 4
      ? ''
      : ` ${name.length > room ? name.slice(0, room - 1) + '…' : name}`;
  };
  const ret = excReturnText(value('lr'));
  const retText = ret === undefined ? '' : width >= 28 ? ` ret ${ret}` : ' EXC_RETURN';
  add([mark('lr', `lr  ${hex8(value('lr'))}`), span(ret ? retText : named(value('lr')))], 10);
  add([mark('pc', `pc  ${hex8(value('pc'))}`), span(named(value('pc')))], 10);

  const xpsr = value('xpsr');
  const ge = `GE=${cpu.ge.toString(2).padStart(4, '0')}`;
  const it = cpu.itstate === 0 ? '' : ` IT=${hexN(cpu.itstate, 2)}`;
  add([mark('xpsr', `xpsr ${hex8(xpsr)}`), span(` ${ge}${it}`)], 9);
  const flag = (name: string, bit: number) => span(`${name}=${bit}`, bit === 1 ? 'set' : undefined);
  const flags: Span[] = [];
  for (const [name, bit] of [
    ['N', cpu.n],
    ['Z', cpu.z],
    ['C', cpu.c],
    ['V', cpu.v],
    ['Q', cpu.q],
    ['T', cpu.t],
  ] as const) {
    if (flags.length > 0) flags.push(span(' '));
    flags.push(flag(name, bit));
  }
  add(flags, 9);
  const mode =
    cpu.ipsr === 0
      ? `Thread, ${(cpu.control & CONTROL_nPRIV) !== 0 ? 'unprivileged' : 'privileged'}`
      : `Handler: ${exceptionLabel(cpu.ipsr)}`;
  add([span(mode, cpu.ipsr !== 0 ? 'heading' : undefined)], 8);
  // The stack pointer not in SP.
  const other = usingPsp ? 'msp' : 'psp';
  add([mark(other, `${other} ${hex8(value(other))}`)], 4);
  const primask = mark('primask', `primask ${value('primask')}`);
  const basepri = mark('basepri', `basepri ${hexN(value('basepri'), 2)}`);
  const control = mark('control', `control ${value('control')}`);
  const faultmask = mark('faultmask', `faultmask ${value('faultmask')}`);
  // CONTROL's two bits also show as the mode's privilege and SP's (MSP)/(PSP): it goes first.
  if (width >= 30) {
    add([primask, span(' '), basepri, span(' '), control], 3);
    add([faultmask], 2);
  } else {
    add([primask, span(' '), basepri], 3);
    add([control, span(' '), faultmask], 2);
  }
  return fitRows(rows, height);
}

/** Keeps the most useful rows that fit, in their order. */
export function fitRows(rows: { line: Line; priority: number }[], height: number): Line[] {
  if (rows.length <= height) return rows.map((r) => r.line);
  const order = rows.map((r, k) => k).sort((a, b) => rows[b].priority - rows[a].priority || a - b);
  const keep = new Set(order.slice(0, Math.max(0, height)));
  return rows.filter((_, k) => keep.has(k)).map((r) => r.line);
}

/** EXC_RETURN in words: where an exception return goes. */
export function excReturnText(v: number): string | undefined {
  if (!isExcReturn(v)) return undefined;
  const to = (v & 8) === 0 ? 'Handler' : (v & 4) !== 0 ? 'Thread/PSP' : 'Thread/MSP';
  return `${to}${(v & 0x10) === 0 ? ' +FP' : ''}`;
}

/** S0-S31 as bits (and as floats when there is room) with FPSCR decoded (A2.5.3). */
export function fpuView(input: RegistersInput): Line[] {
  const { cpu, before, width } = input;
  const lines: Line[] = [];
  const bits = new Uint32Array(1);
  const float = new Float32Array(bits.buffer);
  const wide = width >= 52;
  const cell = (k: number): Span => {
    const name = `s${k}` as RegisterName;
    const v = cpu.s[k] >>> 0;
    bits[0] = v;
    const text = wide
      ? `${name.padEnd(3)} ${hex8(v)} ${shortFloat(float[0]).padStart(11)}`
      : `${name.padEnd(3)} ${hex8(v)}`;
    return span(text, v !== before[INDEX.get(name)!] ? 'changed' : undefined);
  };
  for (let k = 0; k < 16; k++) lines.push([cell(k), span(wide ? '  ' : ' '), cell(k + 16)]);
  const fpscr = cpu.fpscr >>> 0;
  lines.push([
    span(`fpscr ${hex8(fpscr)}`, fpscr !== before[INDEX.get('fpscr')!] ? 'changed' : undefined),
  ]);
  const nzcv = `N=${fpscr >>> 31} Z=${(fpscr >>> 30) & 1} C=${(fpscr >>> 29) & 1} V=${(fpscr >>> 28) & 1}`;
  const modes = ['RN', 'RP', 'RM', 'RZ'][(fpscr >>> 22) & 3];
  const flags = ['IDC', '', '', 'IXC', 'UFC', 'OFC', 'DZC', 'IOC']
    .map((n, k) => (n !== '' && (fpscr >>> (7 - k)) & 1 ? n : ''))
    .filter((n) => n !== '');
  lines.push([span(`${nzcv} ${modes}`)]);
  lines.push([span(flags.length > 0 ? flags.join(' ') : 'no exception flags')]);
  return lines;
}

/** The shortest decimal that reads back as the same single-precision value. */
function shortFloat(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p < 9; p++) {
    const text = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(text)) === v && text.length <= 11) return text;
  }
  return v.toExponential(4);
}
