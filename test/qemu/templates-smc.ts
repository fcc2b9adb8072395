/**
 * Self-modifying code: a small function runs, the program stores a different instruction over
 * it, and the function runs again. Loom must drop the stale decode (cpu.ts, codeWritten).
 *
 *   b over
 *   fn: <instruction A, 4 bytes>; bx lr
 *   over: bl fn; r = address of fn; v = <instruction B>; str v, [r]; bl fn
 */
import { bx, movw, movt, strImm } from './asm.ts';
import { branchFields } from './fields.ts';
import { randomInstance, type Instance } from './instance.ts';
import { info, prepareRandom, INFOS } from './simple.ts';
import type { ProgramWriter } from './writer.ts';

/** YIELD and WFE are left out: QEMU's single-step goes one instruction too far after them. */
const PLAIN = INFOS.filter(
  (i) => i.family === 'plain' && !i.memory && i.mnemonic !== 'YIELD' && i.mnemonic !== 'WFE',
);

/** A register-only instruction that leaves LR and the PC alone. */
function patchable(w: ProgramWriter): Instance {
  for (;;) {
    const p = prepareRandom(w, w.random.pick(PLAIN), 'maybe', (c) => !c.writes.has(14));
    if (p === null || p.info.mnemonic === 'CLREX') continue;
    return p.inst;
  }
}

/** The 4 bytes as a little-endian word: hw1 at the lower address; a 16-bit one padded by NOP. */
function word(inst: Instance): number {
  if (inst.size === 4) return (((inst.raw & 0xffff) << 16) | (inst.raw >>> 16)) >>> 0;
  return ((0xbf00 << 16) | inst.raw) >>> 0;
}

export function selfModifying(w: ProgramWriter): boolean {
  const b = randomInstance(info('B T2').encoding, w.random);
  const bl1 = randomInstance(info('BL T1').encoding, w.random);
  const bl2 = randomInstance(info('BL T1').encoding, w.random);
  if (b === null || bl1 === null || bl2 === null) return false;
  const first = patchable(w);
  const second = patchable(w);
  const fn = w.label('fn');
  const over = w.label('over');
  w.testLate(b, (a, here) => branchFields('B T2', a(over) - (here + 4), b.fields));
  w.place(fn);
  w.test(first);
  if (first.size === 2) w.setup({ raw: 0xbf00, size: 2 });
  w.setup(bx(14));
  w.place(over);
  w.testLate(bl1, (a, here) => branchFields('BL T1', a(fn) - (here + 4), bl1.fields));
  const [addr, value] = w.freeRegisters(new Set());
  w.b.emitLate(4, (a) => movw(addr, a(fn) & 0xffff).raw);
  w.b.emitLate(4, (a) => movt(addr, a(fn) >>> 16).raw);
  const v = word(second);
  w.setup(movw(value, v & 0xffff));
  w.setup(movt(value, v >>> 16));
  w.setup(strImm(value, addr, 0));
  w.testLate(bl2, (a, here) => branchFields('BL T1', a(fn) - (here + 4), bl2.fields));
  return true;
}
