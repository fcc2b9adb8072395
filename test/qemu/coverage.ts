/** How many times each encoding ran (IT-skipped and branched-over instructions do not count). */
import { ENCODINGS } from '../../cpu/decoder.ts';
import type { Program } from './program.ts';

export class Coverage {
  readonly counts = new Map<string, number>(ENCODINGS.map((e) => [e.name, 0]));

  /** Counts the program's tested lines that the trace shows executed. */
  add(program: Program, trace: readonly number[]): void {
    const ran = new Set(trace);
    for (const line of program.lines) {
      if (line.role !== 'test' || !line.encoding || !ran.has(line.addr)) continue;
      this.counts.set(line.encoding, (this.counts.get(line.encoding) ?? 0) + 1);
    }
  }

  get missing(): string[] {
    return [...this.counts].filter(([, n]) => n === 0).map(([name]) => name);
  }

  get exercised(): number {
    return [...this.counts.values()].filter((n) => n > 0).length;
  }

  report(): string {
    const rows = [...this.counts].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    const width = Math.max(...rows.map(([name]) => name.length));
    const lines = [
      `Coverage: ${this.exercised} of ${this.counts.size} encodings exercised` +
        ` (${[...this.counts.values()].reduce((a, b) => a + b, 0)} instructions executed)`,
    ];
    for (const [name, n] of rows) lines.push(`  ${name.padEnd(width)}  ${n}`);
    const missing = this.missing;
    lines.push(
      missing.length === 0 ? 'Never exercised: none' : `Never exercised: ${missing.join(', ')}`,
    );
    return lines.join('\n');
  }
}
