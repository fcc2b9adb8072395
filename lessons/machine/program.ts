/**
 * What the checkers of short programs (lessons 7-10) share: how the run ended (a program should
 * reach its final `b .`), registers and cells shown as a person reads them.
 */
import { hex32 } from '../../loader/error.ts';
import type { LessonRun } from './run.ts';
import type { Step } from './steps.ts';
import { count, type Verdict } from './verdict.ts';

/** 0x0d, 0xbeef: a value in hex with no leading zeros beyond `digits`. */
export const hex = (value: number, digits = 2) =>
  '0x' + (value >>> 0).toString(16).padStart(digits, '0');

/** A value as hex, and as decimal when that says something (small or negative). */
export function value(v: number): string {
  const signed = v | 0;
  if (signed < 0 && signed > -0x10000) return `${hex32(v)} (${signed})`;
  return v >>> 0 < 0x10000 ? `${hex(v)} (${v >>> 0})` : hex32(v);
}

/** The bytes of memory at [address, address + length), as `78 56 34 12`. */
export function bytesAt(run: LessonRun, address: number, length: number): string {
  return Array.from(run.machine.bus.dump(address, length), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join(' ');
}

/**
 * Did the program end at a `b .`? A fault says which instruction and why; a program still going
 * after the limit has a loop that does not end. Returns false when it did not end there.
 */
export function checkEnding(verdict: Verdict, run: LessonRun): boolean {
  const stop = run.stop;
  const steps = run.trace?.steps.length ?? run.machine.cpu.instructions;
  const pc = run.machine.cpu.pc >>> 0;
  if (stop.kind === 'halted') {
    verdict.pass(`It ran ${count(steps)} instructions and stopped at its b . (${hex32(pc)}).`);
    return true;
  }
  if (stop.kind === 'fault' || stop.kind === 'lockup') {
    verdict.fail(
      `it faulted at ${hex32(pc)}`,
      `It stopped on a fault at ${hex32(pc)}, after ${count(steps)} instructions.`,
      stop.message,
      'The instruction at that address is the one to look at: loom ui FILE, then s to step to it.',
    );
    return false;
  }
  verdict.fail(
    `it never reached b .`,
    `It did not reach its final b .: ${stop.message} (the PC was at ${hex32(pc)}).`,
    'A loop that never ends? Step it in loom ui FILE and watch the PC and the flags.',
  );
  return false;
}

/** The source line at `address` of an assembled program, without its label and comment. */
export function sourceAt(run: LessonRun, address: number): string {
  const line = run.assembly.lines.find((l) => l.address === address && l.bytes.length > 0);
  if (line === undefined) return '?';
  return line.source
    .replace(/(@|\/\/).*$/, '')
    .replace(/^\s*[A-Za-z_.$][\w.$]*:/, '')
    .trim();
}

const FLAGS = ['N', 'Z', 'C', 'V'];

/**
 * The first `rows` steps of a traced run as a table: each instruction with the registers
 * `regs` (numbers) and the flags after it.
 */
export function stepTable(run: LessonRun, regs: number[], rows: number, from = 0): string {
  const steps: Step[] = run.trace!.steps.slice(from, from + rows);
  const head = ['step', 'address', 'instruction', ...regs.map((r) => `r${r}`), 'flags'];
  const body = steps.map((s, k) => [
    String(from + k + 1),
    hex32(s.pc),
    sourceAt(run, s.pc),
    ...regs.map((r) => String(s.regs[r] | 0)),
    FLAGS.filter((_, b) => (s.nzcv >>> (3 - b)) & 1).join('') || '-',
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const right = (c: number) => c === 0 || (c > 2 && c < head.length - 1);
  const lines = all.map((r) =>
    r.map((cell, c) => (right(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '),
  );
  const more = run.trace!.steps.length - from - steps.length;
  if (more > 0) lines.push(`(${count(more)} more)`);
  return lines.map((l) => l.trimEnd()).join('\n');
}
