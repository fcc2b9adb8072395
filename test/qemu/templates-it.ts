/**
 * IT blocks: IT with a random condition and then/else pattern, then 1-4 instructions. The setup
 * of every instruction in the block (base registers...) is done before the IT, so the block
 * holds only the instructions under test; the last one may be a branch out of the block.
 */
import type { EncodingInfo } from './classify.ts';
import { branchFields } from './fields.ts';
import { instanceOf, randomInstance, type Instance } from './instance.ts';
import { fillers, info, randomSimple } from './simple.ts';
import { unpredictableInIt } from './templates-fp.ts';
import { setupRegisters, type Prepared, type ProgramWriter } from './writer.ts';

/** IT's mask for `count` instructions, each else-bit random (none for AL). */
function itMask(w: ProgramWriter, firstcond: number, count: number): number {
  const bits = firstcond === 14 ? 0 : w.random.bits(count - 1);
  return ((bits << (5 - count)) | (1 << (4 - count))) & 0xf;
}

/** Encodings the ARM ARM makes UNPREDICTABLE in an IT block ("if InITBlock() then ..."). */
const NOT_IN_IT = new Set(['MOV (register) T2']);

/** Bodies whose hoisted setups no earlier body clobbers and that do not share registers. */
function bodies(w: ProgramWriter, count: number): { list: Prepared[]; busy: Set<number> } {
  const list: Prepared[] = [];
  const written = new Set<number>();
  const setups = new Set<number>();
  for (let k = 0; k < count; k++) {
    const p = randomSimple(w, 'maybe', (c) => {
      const name = c.info.encoding.name;
      if (NOT_IN_IT.has(name) || unpredictableInIt(name)) return false;
      for (const r of setupRegisters(c)) if (written.has(r) || setups.has(r)) return false;
      return true;
    });
    for (const r of setupRegisters(p)) setups.add(r);
    for (const r of p.writes) written.add(r);
    list.push(p);
  }
  return { list, busy: new Set([...written, ...setups]) };
}

const LAST_BRANCHES = ['B T2', 'B T4', 'BL T1', 'BX T1'];

export function itBlock(w: ProgramWriter, e: EncodingInfo, inside?: Instance): boolean {
  const count = inside ? 1 : w.random.range(1, 4);
  const firstcond = w.random.chance(0.1) ? 14 : w.random.below(14);
  const it = instanceOf(e.encoding, { firstcond, mask: itMask(w, firstcond, count) });
  if (it === null) return false;
  const branchLast = !inside && w.random.chance(0.25);
  const { list, busy } = bodies(w, inside ? 0 : count - (branchLast ? 1 : 0));
  let branch: Instance | null = null;
  if (branchLast) {
    const name = w.random.pick(LAST_BRANCHES);
    branch = randomInstance(info(name).encoding, w.random, (i) =>
      name === 'BX T1' ? i.insn.m < 15 && i.insn.m !== 13 && !busy.has(i.insn.m) : true,
    );
    if (branch === null) return false;
  }
  const target = w.label('out');
  for (const p of list) w.emitSetup(p);
  if (branch?.encoding.name === 'BX T1') w.setReg(branch.insn.m, (a) => a(target) | 1);
  w.test(it);
  for (const p of list) {
    w.test(p.inst);
    w.noteEffects(p, false);
  }
  if (inside) w.test(inside);
  if (branch !== null) {
    const b = branch;
    const name = b.encoding.name;
    if (name === 'BX T1') w.test(b);
    else w.testLate(b, (a, here) => branchFields(name, a(target) - (here + 4), b.fields));
    fillers(w, w.random.range(0, 2));
  }
  w.place(target);
  return true;
}
