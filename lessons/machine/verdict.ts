/**
 * A machine checker's report, built finding by finding: `✓` for what is right, `✗` for what is
 * wrong with indented lines saying what to look at (the register, the address, the bit, the pin,
 * the time). The summary is the first thing wrong, in one line, or the lesson's own when all is.
 */
import type { CheckResult } from '../lesson.ts';
import { wrap } from '../present.ts';

/**
 * Text wrapped to 96 columns after `first`, the next lines indented by `rest`. A line that fits
 * is kept as it is, spaces and all (a bit diagram, a table).
 */
const lay = (text: string, first: string, rest: string) =>
  text
    .split('\n')
    .flatMap((l) => (l.length <= 96 - rest.length ? [l] : wrap(l, 96 - rest.length).split('\n')))
    .map((l, k) => `${k === 0 ? first : rest}${l}`.trimEnd())
    .join('\n');

export class Verdict {
  private readonly lines: string[] = [];
  private readonly wrong: string[] = [];

  /** Something right, with optional details. */
  pass(text: string, ...details: string[]): void {
    this.add('✓', text, details);
  }

  /** Something wrong: `summary` for the one-line list, `text` and `details` for the report. */
  fail(summary: string, text: string, ...details: string[]): void {
    this.wrong.push(summary);
    this.add('✗', text, details);
  }

  /** Whether anything is wrong so far. */
  get failed(): boolean {
    return this.wrong.length > 0;
  }

  private add(mark: string, text: string, details: string[]): void {
    this.lines.push(lay(text, `${mark} `, '  '));
    for (const d of details) if (d !== '') this.lines.push(lay(d, '    ', '    '));
  }

  /** The check result; `passed` is the summary when nothing is wrong. */
  result(passed: string): CheckResult {
    const more = this.wrong.length > 1 ? `; ${this.wrong.length - 1} more wrong` : '';
    return {
      passed: this.wrong.length === 0,
      summary: this.wrong.length === 0 ? passed : this.wrong[0] + more,
      report: this.lines.join('\n') + '\n',
    };
  }
}

/** Seconds as a person reads them: '1.5 s', '250 ms', '187.5 ms', '12 µs'. */
export function seconds(s: number): string {
  if (Math.abs(s) >= 1) return `${+s.toFixed(3)} s`;
  if (Math.abs(s) >= 1e-3) return `${+(s * 1e3).toFixed(1)} ms`;
  return `${Math.round(s * 1e6)} µs`;
}

/** Hertz as MHz: '16 MHz', '69.12 MHz'. */
export function mhz(hz: number): string {
  return `${+(hz / 1e6).toFixed(3)} MHz`;
}

/** A count with thousands separators: 1,333,333. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
