/** Readable reports of a mismatch: the program's listing, its inputs, and what differed. */
import { instructionText } from './disasm.ts';
import type { Divergence } from './minimise.ts';
import type { Line, Program } from './program.ts';
import {
  describeStop,
  describeXpsr,
  hex,
  REG_NAMES,
  type Difference,
  type Outcome,
} from './state.ts';

export interface Mismatch {
  program: Program;
  loom: Outcome;
  qemu: Outcome;
  diffs: Difference[];
  divergence: Divergence | null;
  /** How to generate this program again. */
  reproduce: string;
}

async function text(line: Line): Promise<string> {
  if (line.role === 'data')
    return `.byte ${Array.from(line.bytes ?? [], (b) => hex(b, 2)).join(', ')}`;
  const bytes =
    line.size === 4
      ? [line.raw >>> 16, line.raw >>> 24, line.raw, line.raw >>> 8]
      : [line.raw, line.raw >>> 8];
  return instructionText(new Uint8Array(bytes.map((b) => b & 0xff)), line.addr);
}

export async function listing(program: Program, mark?: number): Promise<string> {
  const out: string[] = [];
  for (const line of program.lines) {
    const raw = line.role === 'data' ? '' : hex(line.raw, line.size * 2).slice(2);
    const what = line.role === 'test' ? (line.encoding ?? '(no valid encoding)') : line.role;
    const arrow = line.addr === mark ? '=>' : '  ';
    out.push(
      `${arrow} ${hex(line.addr)}  ${raw.padEnd(8)}  ${(await text(line)).padEnd(34)} ${what}`,
    );
  }
  return out.join('\n');
}

function registers(regs: number[], xpsr: number): string {
  const cells = regs.map((v, k) => `${REG_NAMES[k].padStart(3)}=${hex(v)}`);
  const rows: string[] = [];
  for (let k = 0; k < cells.length; k += 4) rows.push('    ' + cells.slice(k, k + 4).join(' '));
  rows.push(`    xpsr=${describeXpsr(xpsr)}`);
  return rows.join('\n');
}

const diffLines = (diffs: Difference[]) =>
  diffs.map((d) => `    ${d.what.padEnd(14)} loom ${d.loom.padEnd(12)} qemu ${d.qemu}`).join('\n');

export async function describeMismatch(m: Mismatch): Promise<string> {
  const p = m.program;
  const parts = [
    `MISMATCH in program ${p.id} (reproduce: ${m.reproduce})`,
    `  Loom: ${describeStop(m.loom)}`,
    `  QEMU: ${describeStop(m.qemu)}`,
    '  Differences at the end:',
    diffLines(m.diffs.slice(0, 24)) +
      (m.diffs.length > 24 ? `\n    ... ${m.diffs.length - 24} more` : ''),
  ];
  const d = m.divergence;
  if (d !== null) {
    const line = p.lines.find((l) => l.addr === d.pc);
    const insn = line ? `${await text(line)}  [${line.encoding ?? line.role}]` : '';
    parts.push(
      `  First divergent instruction: step ${d.step}, ${hex(d.pc)}  ${insn}`,
      '  State before it (both agree):',
      registers(d.before.regs, d.before.xpsr),
      `  After it: Loom ${describeStop(d.loom)}, QEMU ${describeStop(d.qemu)}`,
      diffLines(d.diffs),
    );
  } else {
    parts.push('  (stepping found no divergent instruction)');
  }
  parts.push('  Initial state:', registers(p.initial.regs, p.initial.xpsr));
  parts.push('  Program:', await listing(p, d?.pc));
  return parts.join('\n');
}
