/**
 * Programs that end in a fault both machines must raise: an unaligned MemA access (UNALIGNED),
 * an interworking branch to an even address (INVSTATE at the target), or a word that no
 * encoding claims or that the manual makes UNDEFINED (UNDEFINSTR: the decoder's completeness).
 */
import { decode, encodingOf } from '../../cpu/decoder.ts';
import { clrex } from './asm.ts';
import { SCRATCH, SCRATCH_SIZE, SP_INIT } from './layout.ts';
import { planAccess, requiredAlignment } from './memory-plan.ts';
import { withBase } from './prepare.ts';
import { randomInstance } from './instance.ts';
import { info, INFOS } from './simple.ts';
import type { ProgramWriter } from './writer.ts';

export const FAULT_ENDINGS = ['unaligned', 'invstate', 'undefined'] as const;
export type FaultEnding = (typeof FAULT_ENDINGS)[number];

/**
 * Loads and stores that must be aligned, other than SP-based ones (SP is always aligned) and
 * the store-exclusives: QEMU 7.2 fails an unaligned STREX on an open monitor instead of
 * faulting (known-deviations.md, "STREX to an unaligned address").
 */
const MEM_A = INFOS.filter(
  (i) =>
    i.memory &&
    requiredAlignment(i) > 1 &&
    !(i.memory.exclusive && !i.memory.load) &&
    i.mnemonic !== 'PUSH' &&
    i.mnemonic !== 'POP',
);

function unaligned(w: ProgramWriter): boolean {
  const e = w.random.pick(MEM_A);
  const inst = randomInstance(
    e.encoding,
    w.random,
    (i) => i.insn.n !== 13 && (i.insn.registers & 0x8000) === 0,
  );
  if (inst === null) return false;
  const align = requiredAlignment(e);
  const at = SCRATCH + 0x200 + 4 * w.random.below(0x100) + w.random.range(1, align - 1);
  const plan = planAccess(e, inst, w.random, SCRATCH, SCRATCH + SCRATCH_SIZE, at, true);
  if (plan === null) return false;
  w.setSp(SP_INIT, w.random.below(13));
  if (e.memory!.exclusive) w.setup(clrex());
  w.emitSetup(withBase(w, e, inst, plan.base, plan.index, new Set(), false));
  w.test(inst);
  return true;
}

function invstate(w: ProgramWriter): boolean {
  const e = info(w.random.pick(['BX T1', 'BLX (register) T1']));
  const inst = randomInstance(e.encoding, w.random, (i) => i.insn.m < 13 || i.insn.m === 14);
  if (inst === null) return false;
  const target = w.label('even');
  w.setSp(SP_INIT, inst.insn.m === 0 ? 1 : 0);
  w.setReg(inst.insn.m, (a) => a(target) & ~1);
  w.test(inst);
  w.place(target);
  return true;
}

/**
 * The coprocessor space's op1 = 00000x (hw1 = 111x 1100 000x) for coprocessors other than the
 * FPU's: UNDEFINED in the ARM ARM, NOCP in QEMU (known-deviations.md, "Coprocessor words with
 * op1 = 00000x").
 */
function qemuRaisesNocp(hw1: number, hw2: number): boolean {
  return (hw1 & 0xefe0) === 0xec00 && ((hw2 >>> 9) & 7) !== 0b101;
}

function undefinedWord(w: ProgramWriter): boolean {
  const r = w.random;
  for (let attempt = 0; attempt < 5000; attempt++) {
    const wide = r.chance(0.8);
    const hw1 = wide ? (r.range(0x1d, 0x1f) << 11) | r.bits(11) : r.bits(16);
    const hw2 = r.bits(16);
    if ((!wide && hw1 >>> 11 >= 0x1d) || (wide && qemuRaisesNocp(hw1, hw2))) continue;
    const raw = wide ? ((hw1 << 16) | hw2) >>> 0 : hw1;
    const size = wide ? 4 : 2;
    if (encodingOf(raw, size) !== null) continue;
    const why = decode(raw, size).why;
    if (why !== 'no such encoding' && !why.endsWith(': UNDEFINED')) continue;
    w.setSp(SP_INIT, r.below(13));
    w.b.emit({ raw, size }, 'test');
    return true;
  }
  return false;
}

export function faultEnding(w: ProgramWriter, kind: FaultEnding): boolean {
  if (kind === 'unaligned') return unaligned(w);
  return kind === 'invstate' ? invstate(w) : undefinedWord(w);
}
