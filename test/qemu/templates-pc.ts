/**
 * Instructions that write the PC other than branches: MOV PC, Rm and ADD PC, Rm with Rm set so
 * that they land on a label; LDR PC, POP {..., PC} and LDM {..., PC} loading a label's address
 * from a slot of the scratch area (or, for LDR (literal), from a word after the program).
 */
import { writesPc, type EncodingInfo } from './classify.ts';
import { randomInstance } from './instance.ts';
import { SCRATCH, SCRATCH_SIZE } from './layout.ts';
import { planAccess } from './memory-plan.ts';
import { withBase } from './prepare.ts';
import { fillers } from './simple.ts';
import type { ProgramWriter } from './writer.ts';

export const ALU_PC = new Set(['MOV (register) T1', 'ADD (register) T2']);

export function aluPcWrite(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(
    e.encoding,
    w.random,
    (i) => i.insn.d === 15 && i.insn.m !== 13 && i.insn.m !== 15,
  );
  if (inst === null) return false;
  const target = w.label('alu');
  const at = w.label('pcw');
  const m = inst.insn.m;
  if (e.encoding.name === 'ADD (register) T2') w.setReg(m, (a) => a(target) - (a(at) + 4));
  else w.setReg(m, (a) => a(target) | w.random.bits(1));
  w.place(at);
  w.test(inst);
  fillers(w, w.random.range(0, 2));
  w.place(target);
  return true;
}

/** Encodings whose loads may go to the PC. */
export function canLoadPc(e: EncodingInfo): boolean {
  const form = e.memory;
  if (!form || !form.load || form.exclusive || form.addressing === 'unprivileged') return false;
  return (
    e.mnemonic === 'LDR' || e.mnemonic === 'LDM' || e.mnemonic === 'LDMDB' || e.mnemonic === 'POP'
  );
}

export function loadPcWrite(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random, (i) => writesPc(e, i.insn));
  if (inst === null) return false;
  const target = w.label('ld');
  const value = (a: (l: string) => number) => a(target) | 1;
  if (e.memory!.addressing === 'literal') {
    const word = w.label('lit');
    w.pool.push({ label: word, value });
    w.testLate(inst, (a, here) => ({ ...inst.fields, U: 1, imm12: a(word) - ((here + 4) & ~3) }));
  } else {
    const bytes =
      e.memory!.addressing === 'increment' || e.memory!.addressing === 'decrement'
        ? 4 * popcount(inst.insn.registers)
        : 4;
    const slot = w.takeSlot(bytes - 4);
    if (slot === null) return false;
    const plan = planAccess(e, inst, w.random, SCRATCH, SCRATCH + SCRATCH_SIZE, slot - (bytes - 4));
    if (plan === null) return false;
    w.emitSetup(withBase(w, e, inst, plan.base, plan.index, new Set(), false));
    w.test(inst);
    w.slotValues.push({ address: slot, value });
  }
  fillers(w, w.random.range(0, 2));
  w.place(target);
  return true;
}

function popcount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}
