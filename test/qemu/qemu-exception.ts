/**
 * What QEMU's state at TRAP says about an exception: which event it was (from IPSR and the
 * fault status registers) and the state it interrupted (from the stacked frame).
 */
import { hex, type Outcome, type Snapshot } from './state.ts';

/** CFSR, HFSR and DFSR: three consecutive words. */
export const FAULT_STATUS = 0xe000_ed28;

const CFSR_BITS: Record<number, string> = {
  0: 'IACCVIOL',
  1: 'DACCVIOL',
  3: 'MUNSTKERR',
  4: 'MSTKERR',
  5: 'MLSPERR',
  8: 'IBUSERR',
  9: 'PRECISERR',
  10: 'IMPRECISERR',
  11: 'UNSTKERR',
  12: 'STKERR',
  13: 'LSPERR',
  16: 'UNDEFINSTR',
  17: 'INVSTATE',
  18: 'INVPC',
  19: 'NOCP',
  24: 'UNALIGNED',
  25: 'DIVBYZERO',
};
const HFSR_DEBUGEVT = 0x8000_0000;
const HFSR_FORCED = 0x4000_0000;
const DFSR_BKPT = 0x2;

/**
 * What an exception's IPSR and fault status registers say was raised. `returnHw` is the halfword
 * at the return address: QEMU 7.2 escalates BKPT to a FORCED HardFault without DEBUGEVT or
 * DFSR.BKPT (known-deviations.md), so a BKPT there is how it is told from an escalated SVC.
 */
function eventOf(ipsr: number, cfsr: number, hfsr: number, dfsr: number, returnHw: number): string {
  if (ipsr === 11) return 'svc';
  if (ipsr === 12 || (hfsr & HFSR_DEBUGEVT) !== 0 || (dfsr & DFSR_BKPT) !== 0) return 'bkpt';
  for (let bit = 0; bit < 32; bit++) {
    if (((cfsr >>> bit) & 1) !== 0 && CFSR_BITS[bit]) return CFSR_BITS[bit];
  }
  if (ipsr === 3 && (hfsr & HFSR_FORCED) !== 0) return returnHw >>> 8 === 0xbe ? 'bkpt' : 'svc';
  return `exception ${ipsr}`;
}

/**
 * `handler` is the state at TRAP, `status` CFSR/HFSR/DFSR, `frame` the 8 words at the handler's
 * SP, `returnHw` the halfword at the stacked return address.
 */
export function exceptionOutcome(
  handler: Snapshot,
  status: number[],
  frame: number[],
  returnHw: number,
): Outcome {
  const [cfsr, hfsr, dfsr] = status;
  const ipsr = handler.xpsr & 0x1ff;
  const excReturn = handler.regs[14];
  const sp = handler.regs[13];
  // EXC_RETURN bit 4 clear: an extended frame with the FP registers (CONTROL.FPCA was set).
  const frameSize = (excReturn & 0x10) !== 0 ? 0x20 : 0x68;
  const realign = (frame[7] >>> 9) & 1;
  const regs = handler.regs.slice();
  for (let k = 0; k < 4; k++) regs[k] = frame[k];
  regs[12] = frame[4];
  regs[13] = (sp + frameSize + 4 * realign) >>> 0;
  regs[14] = frame[5];
  regs[15] = frame[6];
  const onPsp = (excReturn & 4) !== 0 ? ', frame on the PSP: not read' : '';
  return {
    stop: 'exception',
    event: eventOf(ipsr, cfsr, hfsr, dfsr, returnHw),
    detail: `exception ${ipsr}, CFSR ${hex(cfsr)} HFSR ${hex(hfsr)} DFSR ${hex(dfsr)}${onPsp}`,
    state: { regs, xpsr: frame[7] & ~0x200, memory: handler.memory },
    ignore: [[sp, sp + frameSize + 4]],
  };
}
