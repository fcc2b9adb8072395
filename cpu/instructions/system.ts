import { CONTROL_FPCA, CONTROL_nPRIV, CONTROL_SPSEL, type Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { enc, type Encoding, type Fields } from '../encoding.ts';
import { endsBlock } from '../inline.ts';
import type { Insn } from '../insn.ts';

/**
 * System and miscellaneous control: special registers (ARMv7-M ARM B5.2.1 CPS, B5.2.2 MRS,
 * B5.2.3 MSR), hints (A5.2.5, A5.3.5), BKPT, SVC, UDF and the barriers (A5.3.6).
 */

/**
 * The STM32F7's NVIC implements 4 priority bits (PM0253, its programming manual): BASEPRI[3:0]
 * read as zero. BASEPRI_MAX compares the whole byte as the pseudocode does: since the stored low
 * bits are zero, that gives the same result as comparing the implemented bits.
 */
const BASEPRI_IMPLEMENTED = 0xf0;

/** The SYSm values B5.1.1 allocates: 0-3, 5-9, 16-20. */
function allocatedSysm(sysm: number): boolean {
  return sysm <= 3 || (sysm >= 5 && sysm <= 9) || (sysm >= 16 && sysm <= 20);
}

/**
 * ExecutionPriority() > -1 (B1.5), which setting FAULTMASK needs. For now only NMI (2) and
 * HardFault (3) run at -2 and -1: the exception model will refine execution priority (FAULTMASK
 * = 1 itself gives -1, which would keep MSR from clearing it).
 */
function priorityAboveMinusOne(cpu: Cpu): boolean {
  return cpu.ipsr !== 2 && cpu.ipsr !== 3;
}

/** B5.2.2: i.imm32 is SYSm. EPSR reads as zero: MRS never returns the T or IT bits. */
function MRS(cpu: Cpu, i: Insn): void {
  const sysm = i.imm32;
  let value = 0;
  switch (sysm >>> 3) {
    case 0:
      if ((sysm & 1) !== 0) value = cpu.ipsr;
      if ((sysm & 4) === 0) value |= cpu.apsr;
      break;
    case 1:
      if (cpu.isPrivileged()) value = sysm === 8 ? cpu.msp : cpu.psp;
      break;
    default:
      // Only CONTROL is readable unprivileged; the masks read as zero (as QEMU does, and as the
      // Cortex-M7 user guide marks them: privileged access only).
      if ((sysm & 7) === 4) value = cpu.control & (CONTROL_nPRIV | CONTROL_SPSEL | CONTROL_FPCA);
      else if (!cpu.isPrivileged()) value = 0;
      else if (sysm === 16) value = cpu.primask & 1;
      else if (sysm === 19) value = cpu.faultmask & 1;
      else value = cpu.basepri & 0xff;
  }
  cpu.regs[i.d] = value >>> 0;
}

/**
 * B5.2.3: i.imm32 is SYSm, i.op the mask (bit 1: N, Z, C, V, Q; bit 0: GE). Writes an
 * unprivileged mode may not make are ignored.
 */
function MSR(cpu: Cpu, i: Insn): void {
  const sysm = i.imm32;
  const value = cpu.regs[i.n];
  if (sysm >>> 3 === 0) {
    // Only the APSR part of a PSR is writable.
    if ((sysm & 4) !== 0) return;
    if ((i.op & 1) !== 0) cpu.ge = (value >>> 16) & 0xf;
    if ((i.op & 2) !== 0) {
      cpu.n = value >>> 31;
      cpu.z = (value >>> 30) & 1;
      cpu.c = (value >>> 29) & 1;
      cpu.v = (value >>> 28) & 1;
      cpu.q = (value >>> 27) & 1;
    }
    return;
  }
  if (!cpu.isPrivileged()) return;
  switch (sysm) {
    case 8:
      cpu.msp = value;
      return;
    case 9:
      cpu.psp = value;
      return;
    case 16:
      cpu.primask = value & 1;
      break;
    case 17:
      cpu.basepri = value & BASEPRI_IMPLEMENTED;
      break;
    case 18: {
      // BASEPRI_MAX only raises the priority boost.
      const pri = value & 0xff;
      if (pri !== 0 && (pri < cpu.basepri || cpu.basepri === 0))
        cpu.basepri = pri & BASEPRI_IMPLEMENTED;
      break;
    }
    case 19:
      if (priorityAboveMinusOne(cpu)) cpu.faultmask = value & 1;
      break;
    default: {
      // CONTROL. SPSEL is only written in Thread mode; FPCA as if the FPU were there.
      const kept = cpu.ipsr === 0 ? 0 : cpu.control & CONTROL_SPSEL;
      const written = cpu.ipsr === 0 ? value : value & ~CONTROL_SPSEL;
      cpu.setControl(kept | (written & (CONTROL_nPRIV | CONTROL_SPSEL | CONTROL_FPCA)));
      return;
    }
  }
  // A lower mask may let a pending exception in.
  cpu.requestAttention();
}

/** B5.2.1: i.op is im (1: disable), i.imm32 holds I (bit 1) and F (bit 0). */
function CPS(cpu: Cpu, i: Insn): void {
  if (cpu.inITBlock()) {
    cpu.fault('UNDEFINSTR', 0, 'CPS inside an IT block is UNPREDICTABLE');
    return;
  }
  if (!cpu.isPrivileged()) return;
  if (i.op === 0) {
    if ((i.imm32 & 2) !== 0) cpu.primask = 0;
    if ((i.imm32 & 1) !== 0) cpu.faultmask = 0;
    cpu.requestAttention();
  } else {
    if ((i.imm32 & 2) !== 0) cpu.primask = 1;
    if ((i.imm32 & 1) !== 0 && priorityAboveMinusOne(cpu)) cpu.faultmask = 1;
  }
}

/** NOP, YIELD, DBG and the unallocated hints: nothing to do in this model. */
function NOP(): void {}

function WFE(cpu: Cpu): void {
  cpu.hooks.wfe(cpu);
}

endsBlock(WFE);

function WFI(cpu: Cpu): void {
  cpu.hooks.wfi(cpu);
}

endsBlock(WFI);

function SEV(cpu: Cpu): void {
  cpu.hooks.sev(cpu);
}

function BKPT(cpu: Cpu, i: Insn): void {
  cpu.hooks.bkpt(cpu, i.imm32);
}

endsBlock(BKPT);

function SVC(cpu: Cpu, i: Insn): void {
  cpu.hooks.svc(cpu, i.imm32);
}

endsBlock(SVC);

/** Permanently UNDEFINED, but conditional like any other instruction. */
function UDF(cpu: Cpu, i: Insn): void {
  cpu.fault('UNDEFINSTR', 0, i.why);
}

endsBlock(UDF);

/** DMB, DSB: every access completes before the next instruction, so there is nothing to order. */
function barrier(): void {}

/** ISB: the decode cache already drops what a write to code makes stale. */
function ISB(): void {}

const none = () => undefined;

function imm8(f: Fields, i: Insn): void {
  i.imm32 = f.imm8;
}

/** The barriers accept every option: the reserved ones execute as SY (A7.7 DMB, DSB, ISB). */
function option(f: Fields, i: Insn): void {
  i.imm32 = f.option;
}

export const ENCODINGS: Encoding[] = [
  enc(
    'MRS T1',
    '11110 0 1111 1 (0) (1) (1) (1) (1) | 10 (0) 0 Rd:4 SYSm:8',
    (f, i) => {
      i.d = f.Rd;
      i.imm32 = f.SYSm;
      if (i.d === 13 || i.d === 15 || !allocatedSysm(f.SYSm)) return 'UNPREDICTABLE';
    },
    MRS,
    CYCLES.system,
  ),
  enc(
    'MSR (register) T1',
    '11110 0 1110 0 (0) Rn:4 | 10 (0) 0 mask:2 (0) (0) SYSm:8',
    (f, i) => {
      i.n = f.Rn;
      i.op = f.mask;
      i.imm32 = f.SYSm;
      // mask 01 and 11 (APSR_g, APSR_nzcvqg) need the DSP extension, which the M7 has.
      if (f.mask === 0 || (f.mask !== 2 && f.SYSm > 3)) return 'UNPREDICTABLE';
      if (i.n === 13 || i.n === 15 || !allocatedSysm(f.SYSm)) return 'UNPREDICTABLE';
    },
    MSR,
    CYCLES.system,
  ),
  enc(
    'CPS T1',
    '10110110011 im (0) (0) I F',
    (f, i) => {
      if (f.I === 0 && f.F === 0) return 'UNPREDICTABLE';
      i.op = f.im;
      i.imm32 = (f.I << 1) | f.F;
    },
    CPS,
  ),

  // 16-bit hints share 1011 1111 xxxx xxxx with IT, which says SEE for mask 0000 (A5.2.5).
  // opA = 0000 is NOP; the values no hint below claims are unallocated hints, executed as NOPs.
  enc('NOP T1', '10111111 opA:4 0000', none, NOP),
  enc('YIELD T1', '10111111 0001 0000', none, NOP),
  enc('WFE T1', '10111111 0010 0000', none, WFE),
  enc('WFI T1', '10111111 0011 0000', none, WFI),
  enc('SEV T1', '10111111 0100 0000', none, SEV),

  // 32-bit hints (A5.3.5): op2 = 00000000 is NOP; unallocated values execute as NOPs.
  enc('NOP T2', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 op2:8', none, NOP),
  enc('YIELD T2', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 00000001', none, NOP),
  enc('WFE T2', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 00000010', none, WFE),
  enc('WFI T2', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 00000011', none, WFI),
  enc('SEV T2', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 00000100', none, SEV),
  enc('DBG T1', '11110 0 111010 (1) (1) (1) (1) | 10 (0) 0 (0) 000 1111 option:4', option, NOP),

  enc('BKPT T1', '10111110 imm8:8', imm8, BKPT),
  enc('SVC T1', '11011111 imm8:8', imm8, SVC),
  enc(
    'UDF T1',
    '11011110 imm8:8',
    (f, i) => {
      i.imm32 = f.imm8;
      i.why = `UDF #${f.imm8}`;
    },
    UDF,
  ),
  enc(
    'UDF T2',
    '111101111111 imm4:4 | 1010 imm12:12',
    (f, i) => {
      i.imm32 = (f.imm4 << 12) | f.imm12;
      i.why = `UDF.W #${i.imm32}`;
    },
    UDF,
  ),

  enc(
    'DSB T1',
    '11110 0 111011 (1) (1) (1) (1) | 10 (0) 0 (1) (1) (1) (1) 0100 option:4',
    option,
    barrier,
    CYCLES.barrier,
  ),
  enc(
    'DMB T1',
    '11110 0 111011 (1) (1) (1) (1) | 10 (0) 0 (1) (1) (1) (1) 0101 option:4',
    option,
    barrier,
    CYCLES.barrier,
  ),
  enc(
    'ISB T1',
    '11110 0 111011 (1) (1) (1) (1) | 10 (0) 0 (1) (1) (1) (1) 0110 option:4',
    option,
    ISB,
    CYCLES.barrier,
  ),
];
