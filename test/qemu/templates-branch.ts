/**
 * Control flow, always forward so that every program ends: branches over a few instructions,
 * BX/BLX to a label, a call and its return, CBZ/CBNZ, TBB/TBH through a small table.
 */
import type { EncodingInfo } from './classify.ts';
import { branchFields } from './fields.ts';
import { instanceOf, randomInstance } from './instance.ts';
import { fillers, info } from './simple.ts';
import { setupRegisters } from './writer.ts';
import type { ProgramWriter } from './writer.ts';

/** B T1-T4, BL T1: a branch over 0-3 instructions. */
export function forwardBranch(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random);
  if (inst === null) return false;
  const target = w.label('skip');
  const name = e.encoding.name;
  w.testLate(inst, (a, here) => branchFields(name, a(target) - (here + 4), inst.fields));
  fillers(w, w.random.range(0, 3));
  w.place(target);
  return true;
}

/** BX Rm, BLX Rm with Rm = a label (Thumb bit set). */
export function registerBranch(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random, (i) => i.insn.m !== 13 && i.insn.m !== 15);
  if (inst === null) return false;
  const target = w.label('to');
  w.setReg(inst.insn.m, (a) => a(target) | 1);
  w.test(inst);
  fillers(w, w.random.range(0, 2));
  w.place(target);
  return true;
}

/** BL f; B after; f: ...; BX LR; after: */
export function callAndReturn(w: ProgramWriter): boolean {
  const bl = randomInstance(info('BL T1').encoding, w.random);
  const b = randomInstance(info('B T2').encoding, w.random);
  const bx = instanceOf(info('BX T1').encoding, { Rm: 14 });
  if (bl === null || b === null || bx === null) return false;
  const fn = w.label('fn');
  const after = w.label('after');
  w.testLate(bl, (a, here) => branchFields('BL T1', a(fn) - (here + 4), bl.fields));
  w.testLate(b, (a, here) => branchFields('B T2', a(after) - (here + 4), b.fields));
  w.place(fn);
  fillers(w, w.random.range(0, 2), (p) => !p.writes.has(14) && !setupRegisters(p).has(14));
  w.test(bx);
  w.place(after);
  return true;
}

/** CBZ/CBNZ over 1-3 instructions, Rn sometimes made zero first. */
export function compareBranch(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random);
  if (inst === null) return false;
  if (w.random.chance(0.5)) w.setReg(inst.insn.n, 0);
  const target = w.label('cb');
  w.testLate(inst, (a, here) => branchFields(e.encoding.name, a(target) - (here + 4), inst.fields));
  fillers(w, w.random.range(1, 3));
  w.place(target);
  return true;
}

/**
 * TBB/TBH [Rn, Rm]: a table of 1-4 cases right after the instruction (where PC points, or Rn
 * set to it), each case one instruction falling through to the next.
 */
export function tableBranch(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random, (i) => i.insn.n !== i.insn.m);
  if (inst === null) return false;
  const { n, m, op } = inst.insn;
  const cases = Array.from({ length: w.random.range(1, 4) }, () => w.label('case'));
  const tb = w.label('tb');
  const table = w.label('table');
  w.setReg(m, w.random.below(cases.length));
  if (n !== 15) w.setReg(n, (a) => a(table));
  w.place(tb);
  w.test(inst);
  w.place(table);
  const entry = op === 1 ? 2 : 1;
  const size = (cases.length * entry + 1) & ~1;
  w.b.data(size, (a) => {
    const bytes = new Uint8Array(size);
    cases.forEach((c, k) => {
      const halfwords = (a(c) - (a(tb) + 4)) / 2;
      bytes[k * entry] = halfwords & 0xff;
      if (entry === 2) bytes[k * entry + 1] = halfwords >>> 8;
    });
    return bytes;
  });
  for (const c of cases) {
    w.place(c);
    fillers(w, 1);
  }
  return true;
}
