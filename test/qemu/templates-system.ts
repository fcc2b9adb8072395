/**
 * MSR to the special registers other than the APSR, CPS, WFI: each may change what QEMU keeps
 * between programs, so the program asks for a reset afterwards (program.ts, resetAfter).
 */
import type { Word } from './asm.ts';
import type { EncodingInfo } from './classify.ts';
import { instanceOf, randomInstance } from './instance.ts';
import { info } from './simple.ts';
import type { ProgramWriter } from './writer.ts';

const PRIMASK = 16;
const BASEPRI = 17;
const BASEPRI_MAX = 18;
const FAULTMASK = 19;
const CONTROL = 20;
const CONTROL_FPCA = 4;

const cps = (im: number, i: number, f: number): Word => ({
  raw: 0xb660 | (im << 4) | (i << 1) | f,
  size: 2,
});

/** MRS Rd, <sysm> into some register: what the write did becomes visible. */
function readBack(w: ProgramWriter, sysm: number): void {
  if (!w.random.chance(0.7)) return;
  const rd = w.random.below(13);
  const mrs = instanceOf(info('MRS T1').encoding, { Rd: rd, SYSm: sysm });
  if (mrs !== null) w.test(mrs);
}

/** FAULTMASK set would turn any later exception into a lockup, which ends QEMU. */
function clearFaultmask(w: ProgramWriter): void {
  w.setup(cps(0, 0, 1));
}

export function msrTemplate(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(e.encoding, w.random, (i) => i.insn.imm32 > 3);
  if (inst === null) return false;
  const sysm = inst.insn.imm32;
  let value = w.random.value();
  // Loom's STM32F7 implements 4 priority bits, QEMU's NVIC 8: keep BASEPRI's low bits clear.
  if (sysm === BASEPRI || sysm === BASEPRI_MAX) value &= ~0xf;
  if (sysm === CONTROL) {
    if (w.endsInException) value &= ~2; // the exception frame must go on the MSP
    if ((value & 1) !== 0) w.privileged = false;
    // FPCA stays set: QEMU's next FP instruction would reset all of FPSCR from FPDSCR, where
    // ARMv7-M resets only its bits 26:22 (known-deviations.md, "A new FP context").
    value |= CONTROL_FPCA;
  }
  if (sysm === PRIMASK && w.pendingWake) value |= 1; // PendSV is pending: keep it masked
  w.setReg(inst.insn.n, value >>> 0);
  w.test(inst);
  readBack(w, sysm);
  if (sysm === FAULTMASK) clearFaultmask(w);
  w.resetAfter = true;
  return true;
}

export function cpsTemplate(w: ProgramWriter, e: EncodingInfo): boolean {
  const inst = randomInstance(
    e.encoding,
    w.random,
    (i) => !(w.pendingWake && i.insn.op === 0 && (i.insn.imm32 & 2) !== 0),
  );
  if (inst === null) return false;
  w.test(inst);
  readBack(w, (inst.insn.imm32 & 1) !== 0 ? FAULTMASK : PRIMASK);
  if (inst.insn.op === 1 && (inst.insn.imm32 & 1) !== 0) clearFaultmask(w);
  w.resetAfter = true;
  return true;
}

/** CPSID i; WFI: QEMU makes PendSV pending just before the WFI (qemu-target.ts, wake). */
export function wfiTemplate(w: ProgramWriter, e: EncodingInfo): boolean {
  if (!w.privileged) return false;
  const inst = randomInstance(e.encoding, w.random);
  if (inst === null) return false;
  w.setup(cps(1, 1, 0));
  const at = w.label('wfi');
  w.place(at);
  w.test(inst);
  w.wakeLabels.push(at);
  w.pendingWake = true;
  w.resetAfter = true;
  return true;
}
