import type { Cpu } from './cpu.ts';
import { extractFields, matches, specificity, type Encoding } from './encoding.ts';
import { Insn } from './insn.ts';
import { ENCODINGS as BRANCH } from './instructions/branch.ts';
import { ENCODINGS as DATA_PROCESSING } from './instructions/data-processing.ts';
import { ENCODINGS as DSP } from './instructions/dsp.ts';
import { ENCODINGS as FP } from './instructions/fp.ts';
import { ENCODINGS as LOAD_STORE } from './instructions/load-store.ts';
import { ENCODINGS as MISC } from './instructions/misc.ts';
import { ENCODINGS as MULTIPLY } from './instructions/multiply.ts';
import { ENCODINGS as SYSTEM } from './instructions/system.ts';

/** Every Thumb encoding Loom knows, by instruction class. */
export const ENCODINGS: readonly Encoding[] = [
  ...DATA_PROCESSING,
  ...LOAD_STORE,
  ...MULTIPLY,
  ...MISC,
  ...DSP,
  ...BRANCH,
  ...SYSTEM,
  ...FP,
];

// More fixed bits first, so "TST" (Rd == 1111, S == 1) is found before "AND" with the same bits.
const bySpecificity = (list: Encoding[]) =>
  list
    .map((e, order) => ({ e, order, s: specificity(e) }))
    .sort((a, b) => b.s - a.s || a.order - b.order)
    .map((x) => x.e);

const narrow = bySpecificity(ENCODINGS.filter((e) => e.size === 2));
const wide = bySpecificity(ENCODINGS.filter((e) => e.size === 4));

/** For each halfword: the index in `narrow` of the first encoding that matches it, or -1. */
const narrowFirst = new Int16Array(0x10000).fill(-1);
for (let hw = 0; hw < 0x10000; hw++) {
  if (hw >>> 11 >= 0x1d) continue;
  const at = narrow.findIndex((e) => matches(e, hw));
  narrowFirst[hw] = at;
}

/** 32-bit candidates bucketed by hw1[15:4]. */
const wideBuckets: Encoding[][] = [];
for (let b = 0; b < 0x1000; b++) {
  const hw1bits = b << 20;
  wideBuckets.push(
    wide.filter((e) => (hw1bits & e.mask & 0xfff00000) >>> 0 === (e.value & 0xfff00000) >>> 0),
  );
}

function undefinedInstruction(cpu: Cpu, i: Insn): void {
  const raw =
    i.size === 2 ? i.raw.toString(16).padStart(4, '0') : i.raw.toString(16).padStart(8, '0');
  cpu.fault('UNDEFINSTR', 0, `0x${raw}${i.why === '' ? '' : ` (${i.why})`}`);
}

function refuse(i: Insn, why: string): Insn {
  i.exec = undefinedInstruction;
  i.why = why;
  return i;
}

function tryEncoding(e: Encoding, raw: number, size: 2 | 4): Insn | null {
  const i = new Insn(e.exec);
  i.size = size;
  i.raw = raw;
  i.encoding = e;
  i.cycles = e.cycles;
  const result = e.decode(extractFields(e, raw), i);
  if (result === 'SEE') return null;
  if (result === 'UNDEFINED') return refuse(i, `${e.name}: UNDEFINED`);
  if (result === 'UNPREDICTABLE') return refuse(i, `${e.name}: UNPREDICTABLE`);
  if ((raw & e.sbMask) >>> 0 !== e.sbValue)
    return refuse(i, `${e.name}: UNPREDICTABLE (should-be bits)`);
  return i;
}

/** Decodes one instruction: a halfword (size 2) or hw1 << 16 | hw2 (size 4). */
export function decode(raw: number, size: 2 | 4): Insn {
  if (size === 2) {
    const first = narrowFirst[raw];
    if (first >= 0) {
      for (let k = first; k < narrow.length; k++) {
        const e = narrow[k];
        if (!matches(e, raw)) continue;
        const i = tryEncoding(e, raw, 2);
        if (i !== null) return i;
      }
    }
  } else {
    for (const e of wideBuckets[raw >>> 20]) {
      if (!matches(e, raw)) continue;
      const i = tryEncoding(e, raw, 4);
      if (i !== null) return i;
    }
  }
  const i = new Insn(undefinedInstruction);
  i.size = size;
  i.raw = raw;
  i.why = 'no such encoding';
  return i;
}

/** The encoding a raw instruction decodes to, or null (for coverage reports and tests). */
export function encodingOf(raw: number, size: 2 | 4): Encoding | null {
  const i = decode(raw, size);
  return i.exec === undefinedInstruction ? null : i.encoding;
}
