/**
 * The end of some programs: SVC, BKPT or UDF, sometimes as the one instruction of an IT block
 * (UDF and SVC are conditional there; BKPT is not, A7.7.17). SP is set first so that QEMU's
 * exception frame goes somewhere known (and is left out of the comparison).
 */
import type { EncodingInfo } from './classify.ts';
import { randomInstance } from './instance.ts';
import { SP_INIT } from './layout.ts';
import { info } from './simple.ts';
import { itBlock } from './templates-it.ts';
import type { ProgramWriter } from './writer.ts';

/** BKPT 0xAB is the semihosting call: leave it to the semihosting tests. */
const SEMIHOSTING = 0xab;

export function exceptionEnding(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(
    e.encoding,
    w.random,
    (i) => !(e.mnemonic === 'BKPT' && i.insn.imm32 === SEMIHOSTING),
  );
  if (inst === null) return false;
  w.setSp(SP_INIT, w.random.below(13));
  if (w.random.chance(0.3) && itBlock(w, info('IT T1'), inst)) return true;
  w.test(inst);
  return true;
}
