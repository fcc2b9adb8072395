/**
 * `loom run`'s report: one JSON object (--json), or a register dump with the flags decoded for a
 * reader. Both describe the same state.
 */
import type { Cpu } from '../cpu/cpu.ts';
import type { SymbolTable } from '../loader/symbols.ts';
import type { RunStop } from './execute.ts';
import { readRegisters, type RegisterName } from './registers.ts';

export interface MemoryDump {
  addr: number;
  bytes: Uint8Array;
}

export interface RunReport {
  stop: RunStop;
  steps: number;
  cycles: number;
  registers: Record<RegisterName, number>;
  memory: MemoryDump[];
  console: string;
}

export function makeReport(
  cpu: Cpu,
  stop: RunStop,
  steps: number,
  memory: MemoryDump[],
  console: string,
): RunReport {
  return { stop, steps, cycles: cpu.cycles, registers: readRegisters(cpu), memory, console };
}

const hexBytes = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function reportJson(r: RunReport): string {
  const stop: Record<string, unknown> = { kind: r.stop.kind, message: r.stop.message };
  if (r.stop.code !== undefined) stop.code = r.stop.code;
  const memory = r.memory.map((m) => ({ addr: m.addr, hex: hexBytes(m.bytes) }));
  const out = { stop, steps: r.steps, cycles: r.cycles, registers: r.registers, memory };
  return JSON.stringify({ ...out, console: r.console }) + '\n';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

const EXCEPTIONS = ['Thread', 'Reset', 'NMI', 'HardFault', 'MemManage', 'BusFault', 'UsageFault'];
EXCEPTIONS[11] = 'SVCall';
EXCEPTIONS[12] = 'DebugMonitor';
EXCEPTIONS[14] = 'PendSV';
EXCEPTIONS[15] = 'SysTick';

function exceptionName(n: number): string {
  return n >= 16 ? `IRQ ${n - 16}` : (EXCEPTIONS[n] ?? `reserved ${n}`);
}

/** xPSR's fields, decoded (ARMv7-M ARM B1.4.2). */
export function describePsr(cpu: Cpu): string {
  const flags = `N=${cpu.n} Z=${cpu.z} C=${cpu.c} V=${cpu.v} Q=${cpu.q}`;
  const ge = `GE=${cpu.ge.toString(2).padStart(4, '0')}`;
  const it = cpu.itstate === 0 ? 'IT=none' : `IT=0x${cpu.itstate.toString(16).padStart(2, '0')}`;
  return `${flags} ${ge} T=${cpu.t} ${it} IPSR=${cpu.ipsr} (${exceptionName(cpu.ipsr)})`;
}

export function describeMode(cpu: Cpu): string {
  const mode = cpu.ipsr === 0 ? 'Thread mode' : 'Handler mode';
  const privilege = cpu.isPrivileged() ? 'privileged' : 'unprivileged';
  const stack = cpu.ipsr === 0 && (cpu.control & 2) !== 0 ? 'PSP' : 'MSP';
  return `${mode}, ${privilege}, SP is ${stack}`;
}

function hexDump(m: MemoryDump): string[] {
  const lines = [`memory at 0x${h8(m.addr)}, ${m.bytes.length} bytes:`];
  for (let k = 0; k < m.bytes.length; k += 16) {
    const row = m.bytes.subarray(k, k + 16);
    const bytes = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
    lines.push(`  ${h8(m.addr + k)}  ${bytes.padEnd(47)}  |${text.join('')}|`);
  }
  return lines;
}

const RMODES = ['RN', 'RP', 'RM', 'RZ'];

/** FPSCR's fields, decoded (ARMv7-M ARM A2.5, "FPSCR"). */
export function describeFpscr(v: number): string {
  const flag = (bit: number, name: string) => ((v >>> bit) & 1 ? name : name.toLowerCase());
  const nzcv = `N=${v >>> 31} Z=${(v >>> 30) & 1} C=${(v >>> 29) & 1} V=${(v >>> 28) & 1}`;
  const modes = ['AHP', 'DN', 'FZ'].filter((_, k) => (v >>> (26 - k)) & 1);
  const flags = [flag(7, 'IDC'), flag(4, 'IXC'), flag(3, 'UFC'), flag(2, 'OFC')];
  flags.push(flag(1, 'DZC'), flag(0, 'IOC'));
  return `${nzcv} ${[...modes, RMODES[(v >>> 22) & 3]].join(' ')} ${flags.join(' ')}`;
}

/** The shortest decimal that reads back as the same single-precision value. */
function shortest(v: number): string {
  for (let p = 1; p < 9; p++) {
    const text = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(text)) === v) return text;
  }
  return String(Number(v.toPrecision(9)));
}

/** S0-S31 (bits and value) and FPSCR, when the FPU holds anything. */
function fpLines(reg: Record<RegisterName, number>): string[] {
  const names = Array.from({ length: 32 }, (_, k) => `s${k}` as RegisterName);
  if (reg.fpscr === 0 && names.every((n) => reg[n] === 0)) return [];
  const bits = new Uint32Array(1);
  const value = new Float32Array(bits.buffer);
  const cell = (k: number) => {
    bits[0] = reg[names[k]];
    return `${`s${k}`.padStart(3)} 0x${h8(bits[0])} ${shortest(value[0]).padStart(12)}`;
  };
  const lines: string[] = [''];
  for (let k = 0; k < 8; k++) lines.push([k, k + 8, k + 16, k + 24].map(cell).join('  '));
  lines.push(`fpscr 0x${h8(reg.fpscr)}  ${describeFpscr(reg.fpscr)}`);
  return lines;
}

/** The readable report: why it stopped, the registers with the flags decoded, the dumps. */
export function reportText(r: RunReport, cpu: Cpu, symbols: SymbolTable): string {
  const reg = r.registers;
  const where = (v: number) => {
    const name = symbols.describe(v);
    return name === undefined ? '' : ` <${name}>`;
  };
  const cell = (name: RegisterName) => {
    const v = reg[name];
    const decimal = name.startsWith('r') ? String(v | 0) : '';
    return `${name.padStart(3)} 0x${h8(v)} ${decimal.padStart(11)}`;
  };
  const lines = [
    `${r.stop.kind}: ${r.stop.message}`,
    `after ${plural(r.steps, 'instruction')}, ${plural(r.cycles, 'cycle')}`,
    '',
  ];
  for (let k = 0; k < 4; k++) {
    lines.push(
      `${cell(`r${k}` as RegisterName)}    ${cell(`r${k + 4}` as RegisterName)}    ${cell(`r${k + 8}` as RegisterName)}`,
    );
  }
  lines.push(`${cell('r12')}    ${cell('sp')}    ${cell('lr')}${where(reg.lr & ~1)}`);
  lines.push(` pc 0x${h8(reg.pc)}${where(reg.pc)}`);
  lines.push(`xpsr 0x${h8(reg.xpsr)}  ${describePsr(cpu)}`);
  lines.push(`${describeMode(cpu)}: msp 0x${h8(reg.msp)}, psp 0x${h8(reg.psp)}`);
  lines.push(
    `primask ${reg.primask}, basepri 0x${reg.basepri.toString(16).padStart(2, '0')}, ` +
      `faultmask ${reg.faultmask}, control 0x${reg.control.toString(16)}`,
  );
  lines.push(...fpLines(reg));
  for (const m of r.memory) lines.push('', ...hexDump(m));
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}
