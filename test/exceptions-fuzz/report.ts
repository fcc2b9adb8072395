/**
 * Reads a program's printout back into records (runtime.h's REC_* kinds) and shows two of them
 * side by side from a little before the first record where they differ.
 */
import { exceptionName } from './scenario.ts';

const KINDS = ['?', 'entry', 'mark', 'state', 'fault', 'fp', 'fp-frame', 'value'];

const ENTRY_FIELDS = [
  'nth',
  'EXC_RETURN',
  'IPSR',
  'frame',
  'r0',
  'r1',
  'r2',
  'r3',
  'r12',
  'lr',
  'pc',
  'xPSR',
  'CONTROL',
  'ICSR',
  'ISPR0',
  'IABR0',
  'SHCSR',
  'BASEPRI',
  'PRIMASK',
  'FPCCR',
];
const FIELDS: Record<string, string[]> = {
  entry: ENTRY_FIELDS,
  state: ['ICSR', 'ISPR0', 'IABR0', 'SHCSR', 'BASEPRI', 'PRIMASK', 'CONTROL'],
  fault: ['CFSR', 'HFSR', 'pc'],
  'fp-frame': ['extended', 'S0', 'S1', 'S2', 'S3', 'FPSCR'],
};

/** The printout's lines before the dump (end=, records=) and the records as text. */
export function decode(output: string): string[] {
  const lines = output.trimEnd().split('\n');
  const head = lines.filter((l) => l.includes('='));
  const words = lines
    .filter((l) => !l.includes('=') && !l.startsWith('['))
    .flatMap((l) => l.trim().split(/\s+/))
    .filter((w) => /^[0-9a-f]{8}$/.test(w))
    .map((w) => parseInt(w, 16));
  const out = [...head];
  for (let k = 0; k < words.length;) {
    const h = words[k];
    if (h >>> 28 !== 0xc) {
      out.push(`(unframed) ${hex(h)}`);
      k++;
      continue;
    }
    const kind = KINDS[(h >>> 20) & 0xf] ?? '?';
    const count = (h >>> 12) & 0xff;
    const arg = h & 0xfff;
    const body = words.slice(k + 1, k + 1 + count);
    const names = FIELDS[kind] ?? [];
    const fields = body.map((w, j) => (names[j] ? `${names[j]}=${hex(w)}` : hex(w))).join(' ');
    const what = kind === 'entry' ? exceptionName(arg) : kind === 'fp' ? `s${arg}` : String(arg);
    out.push(`${kind} ${what}${fields ? ': ' + fields : ''}`);
    k += 1 + count;
  }
  out.push(...lines.filter((l) => l.startsWith('[')));
  return out;
}

function hex(w: number): string {
  return (w >>> 0).toString(16).padStart(8, '0');
}

/** Both logs decoded, from a few records before the first difference, the differing marked. */
export function sideBySide(loom: string, qemu: string, context = 4): string {
  const a = decode(loom);
  const b = decode(qemu);
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const out = [`first difference at record ${first}`];
  for (let k = Math.max(0, first - context); k < Math.max(a.length, b.length); k++) {
    if (a[k] === b[k]) out.push(`  ${k}: ${a[k]}`);
    else out.push(`* ${k}: Loom ${a[k] ?? '(none)'}`, `* ${k}: QEMU ${b[k] ?? '(none)'}`);
    if (k > first + 12) break;
  }
  return out.join('\n');
}
