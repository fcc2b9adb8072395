/** The benchmark's results: a table for people, or the JSON object for machines. */

export interface Result {
  name: string;
  instructions: number;
  seconds: number;
  mips: number;
  /** Loom's instruction count over QEMU's time (start-up subtracted); null without QEMU. */
  qemu_mips: number | null;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function toJson(results: Result[]): string {
  const workloads = results.map((r) => ({
    name: r.name,
    instructions: r.instructions,
    seconds: round(r.seconds, 4),
    mips: round(r.mips, 2),
    qemu_mips: r.qemu_mips === null ? null : round(r.qemu_mips, 2),
  }));
  return JSON.stringify({ workloads });
}

export function toTable(results: Result[], medianMips: number, medianQemu: number | null): string {
  const rows = [['workload', 'instructions', 'seconds', 'MIPS', 'QEMU MIPS', 'Loom/QEMU']];
  const ratio = (a: number, b: number | null) => (b === null ? '-' : (a / b).toFixed(3));
  for (const r of results) {
    rows.push([
      r.name,
      r.instructions.toLocaleString('en-US'),
      r.seconds.toFixed(3),
      r.mips.toFixed(1),
      r.qemu_mips === null ? '-' : r.qemu_mips.toFixed(1),
      ratio(r.mips, r.qemu_mips),
    ]);
  }
  rows.push([
    'median',
    '',
    '',
    medianMips.toFixed(1),
    medianQemu?.toFixed(1) ?? '-',
    ratio(medianMips, medianQemu),
  ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return rows.map(line).join('\n');
}
