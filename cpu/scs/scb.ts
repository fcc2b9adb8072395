import type { Cpu } from '../cpu.ts';
import {
  BUSFAULT,
  CCR_BFHFNMIGN,
  CCR_BP,
  CCR_DC,
  CCR_DIV_0_TRP,
  CCR_IC,
  CCR_NONBASETHRDENA,
  CCR_STKALIGN,
  CCR_UNALIGN_TRP,
  CCR_USERSETMPEND,
  DEBUGMONITOR,
  FIRST_IRQ,
  MEMMANAGE,
  NMI,
  PENDSV,
  SCR_SEVONPEND,
  SCR_SLEEPDEEP,
  SCR_SLEEPONEXIT,
  SVCALL,
  SYSTICK,
  USAGEFAULT,
  type ExceptionModel,
} from '../exceptions.ts';
import { mvfr0, mvfr1, MVFR2_FPV5 } from './fp-features.ts';

/** System control block and neighbours, offsets from 0xE000E000 (ARMv7-M ARM B3.2.2). */
export const ACTLR = 0x008;
export const CPUID = 0xd00;
export const ICSR = 0xd04;
export const VTOR = 0xd08;
export const AIRCR = 0xd0c;
export const SCR = 0xd10;
export const CCR = 0xd14;
export const SHPR1 = 0xd18;
export const SHPR2 = 0xd1c;
export const SHPR3 = 0xd20;
export const SHCSR = 0xd24;
export const CFSR = 0xd28;
export const HFSR = 0xd2c;
export const DFSR = 0xd30;
export const MMFAR = 0xd34;
export const BFAR = 0xd38;
export const AFSR = 0xd3c;
export const ID_PFR0 = 0xd40;
export const CLIDR = 0xd78;
export const CTR = 0xd7c;
export const CCSIDR = 0xd80;
export const CSSELR = 0xd84;
export const CPACR = 0xd88;
export const DHCSR = 0xdf0;
export const DEMCR = 0xdfc;
export const FPCCR = 0xf34;
export const FPCAR = 0xf38;
export const FPDSCR = 0xf3c;
export const MVFR0 = 0xf40;
export const MVFR1 = 0xf44;
export const MVFR2 = 0xf48;
/** Cache maintenance operations (B2.2.7), write-only: ICIALLU .. BPIALL. */
export const CACHE_OPS_FIRST = 0xf50;
export const CACHE_OPS_LAST = 0xf78;
/** Cortex-M7 TCM, AHBP and cache control (Cortex-M7 TRM, "System control"): plain read/write. */
export const ITCMCR = 0xf90;
export const DTCMCR = 0xf94;
export const AHBPCR = 0xf98;
export const CACR = 0xf9c;
export const AHBSCR = 0xfa0;
export const ABFSR = 0xfa8;

/** DEMCR.MON_EN and MON_PEND: the DebugMonitor exception's enable and pending state. */
export const DEMCR_MON_EN = 1 << 16;
export const DEMCR_MON_PEND = 1 << 17;
/** DEMCR.TRCENA: enables the DWT and ITM. */
export const DEMCR_TRCENA = 1 << 24;

const ICSR_NMIPENDSET = 1 << 31;
const ICSR_PENDSVSET = 1 << 28;
const ICSR_PENDSVCLR = 1 << 27;
const ICSR_PENDSTSET = 1 << 26;
const ICSR_PENDSTCLR = 1 << 25;
const ICSR_ISRPENDING = 1 << 22;
const ICSR_RETTOBASE = 1 << 11;

const AIRCR_VECTKEY = 0x05fa;
const AIRCR_VECTKEYSTAT = 0xfa05;
const AIRCR_SYSRESETREQ = 1 << 2;

const CCR_WRITABLE =
  CCR_NONBASETHRDENA |
  CCR_USERSETMPEND |
  CCR_UNALIGN_TRP |
  CCR_DIV_0_TRP |
  CCR_BFHFNMIGN |
  CCR_STKALIGN |
  CCR_DC |
  CCR_IC |
  CCR_BP;

/** SHCSR: enables [18:16], pended [15:12], active bits; which exception each bit shows. */
const SHCSR_ACTIVE: [number, number][] = [
  [0, MEMMANAGE],
  [1, BUSFAULT],
  [3, USAGEFAULT],
  [7, SVCALL],
  [8, DEBUGMONITOR],
  [10, PENDSV],
  [11, SYSTICK],
];
const SHCSR_PENDED: [number, number][] = [
  [12, USAGEFAULT],
  [13, MEMMANAGE],
  [14, BUSFAULT],
  [15, SVCALL],
];
const SHCSR_ENABLES = 0x7 << 16;

/**
 * The Cortex-M7 as a chip integrates it: its identification and feature registers, its caches
 * and TCMs. MVFR0-2 follow the FPU's precision (`cpu.fpDoublePrecision`, fp-features.ts).
 */
export interface CoreIdentity {
  cpuid: number;
  /** ID_PFR0 .. ID_ISAR4 (0xE000ED40 .. 0xE000ED70), in address order. */
  featureIds: readonly number[];
  clidr: number;
  ctr: number;
  /** CCSIDR by CSSELR: data cache (CSSELR = 0), instruction cache (CSSELR = 1). */
  ccsidrData: number;
  ccsidrInstruction: number;
  /** The TCM sizes that ITCMCR.SZ and DTCMCR.SZ report. */
  itcmBytes: number;
  dtcmBytes: number;
}

/** r0p1, as ST's stm32f746xx.h declares it (`__CM7_REV` 0x0001), in the STM32F746. */
export const CORTEX_M7_R0P1: CoreIdentity = {
  cpuid: 0x410fc271,
  // Cortex-M7 TRM, "Processor feature registers".
  featureIds: [
    0x00000030, 0x00000200, 0x00100000, 0x00000000, 0x00100030, 0x00000000, 0x01000000, 0x00000000,
    0x01101110, 0x02112000, 0x20232231, 0x01111131, 0x01310132,
  ],
  clidr: 0x09000003,
  ctr: 0x8303c003,
  // 4 KB, 4-way, 32-byte lines; 4 KB, 2-way, 32-byte lines (STM32F746: 4 KB caches).
  ccsidrData: 0xf003e019,
  ccsidrInstruction: 0xf007e009,
  itcmBytes: 16 * 1024,
  dtcmBytes: 64 * 1024,
};

/** ITCMCR/DTCMCR.SZ [6:3]: 0 for none, else log2(KB) + 1 (4 KB is 0b0011; Cortex-M7 TRM). */
const tcmSize = (bytes: number) => (bytes === 0 ? 0 : Math.log2(bytes / 1024) + 1);

/** The system control block over the exception model and the core's FP control state. */
export class Scb {
  private csselr = 0;
  private actlr = 0;
  private demcr = 0;
  private readonly tcm = new Map<number, number>();
  /** Called just before and just after DEMCR.TRCENA may change. */
  onTraceChange: () => void = () => {};

  constructor(
    private readonly cpu: Cpu,
    private readonly exceptions: ExceptionModel,
    private readonly identity: CoreIdentity = CORTEX_M7_R0P1,
  ) {
    this.reset();
  }

  reset(): void {
    this.csselr = 0;
    this.actlr = 0;
    this.demcr = 0;
    this.tcm.clear();
    // ITCMCR/DTCMCR: enabled, with the chip's TCM sizes.
    this.tcm.set(ITCMCR, (tcmSize(this.identity.itcmBytes) << 3) | 1);
    this.tcm.set(DTCMCR, (tcmSize(this.identity.dtcmBytes) << 3) | 1);
    this.tcm.set(AHBPCR, 0);
    this.tcm.set(CACR, 0);
    this.tcm.set(AHBSCR, 0);
    this.tcm.set(ABFSR, 0);
  }

  get traceEnabled(): boolean {
    return (this.demcr & DEMCR_TRCENA) !== 0;
  }

  owns(offset: number): boolean {
    return (
      offset === ACTLR ||
      (offset >= CPUID && offset <= CPACR) ||
      (offset >= DHCSR && offset <= DEMCR) ||
      (offset >= FPCCR && offset <= MVFR2) ||
      (offset >= CACHE_OPS_FIRST && offset <= CACHE_OPS_LAST) ||
      this.tcm.has(offset)
    );
  }

  read(offset: number): number {
    const ex = this.exceptions;
    const cpu = this.cpu;
    switch (offset) {
      case ACTLR:
        return this.actlr;
      case CPUID:
        return this.identity.cpuid;
      case ICSR:
        return this.icsr();
      case VTOR:
        return ex.vtor;
      case AIRCR:
        return ((AIRCR_VECTKEYSTAT << 16) | (ex.prigroup << 8)) >>> 0;
      case SCR:
        return ex.scr;
      case CCR:
        return ex.ccr;
      case SHPR1:
      case SHPR2:
      case SHPR3: {
        const first = 4 + (offset - SHPR1);
        let v = 0;
        for (let k = 0; k < 4; k++)
          if (this.hasPriority(first + k)) v |= ex.priority[first + k] << (8 * k);
        return v >>> 0;
      }
      case SHCSR:
        return this.shcsr();
      case CFSR:
        return ex.cfsr >>> 0;
      case HFSR:
        return ex.hfsr >>> 0;
      case DFSR:
        return ex.dfsr;
      case MMFAR:
        return ex.mmfar;
      case BFAR:
        return ex.bfar;
      case AFSR:
        return 0;
      case CLIDR:
        return this.identity.clidr;
      case CTR:
        return this.identity.ctr;
      case CCSIDR:
        return (this.csselr & 1) !== 0 ? this.identity.ccsidrInstruction : this.identity.ccsidrData;
      case CSSELR:
        return this.csselr;
      case CPACR:
        return cpu.cpacr >>> 0;
      case DHCSR:
        return 0;
      case DEMCR:
        return (this.demcr | (ex.pending[DEBUGMONITOR] !== 0 ? DEMCR_MON_PEND : 0)) >>> 0;
      case FPCCR:
        return cpu.fpccr >>> 0;
      case FPCAR:
        return cpu.fpcar >>> 0;
      case FPDSCR:
        return cpu.fpdscr;
      case MVFR0:
        return mvfr0(cpu.fpDoublePrecision);
      case MVFR1:
        return mvfr1(cpu.fpDoublePrecision);
      case MVFR2:
        return MVFR2_FPV5;
    }
    if (offset >= ID_PFR0 && offset < ID_PFR0 + 4 * this.identity.featureIds.length) {
      return this.identity.featureIds[(offset - ID_PFR0) >>> 2];
    }
    return this.tcm.get(offset) ?? 0;
  }

  write(offset: number, value: number, mask: number): void {
    const ex = this.exceptions;
    const cpu = this.cpu;
    const merge = (old: number) => ((old & ~mask) | (value & mask)) >>> 0;
    switch (offset) {
      case ACTLR:
        this.actlr = merge(this.actlr);
        return;
      case ICSR:
        this.writeIcsr(value & mask);
        return;
      case VTOR:
        ex.vtor = merge(ex.vtor) & 0xffffff80;
        return;
      case AIRCR:
        if (mask >>> 16 === 0xffff && value >>> 16 === AIRCR_VECTKEY) {
          ex.prigroup = (value >>> 8) & 7;
          ex.changed();
          if ((value & AIRCR_SYSRESETREQ) !== 0) ex.requestReset();
        }
        return;
      case SCR:
        ex.scr = merge(ex.scr) & (SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND);
        return;
      case CCR:
        ex.ccr = merge(ex.ccr) & CCR_WRITABLE;
        ex.syncTraps();
        return;
      case SHPR1:
      case SHPR2:
      case SHPR3: {
        const first = 4 + (offset - SHPR1);
        for (let k = 0; k < 4; k++) {
          if (((mask >>> (8 * k)) & 0xff) !== 0 && this.hasPriority(first + k)) {
            ex.priority[first + k] = (value >>> (8 * k)) & ex.priorityMask;
          }
        }
        ex.changed();
        return;
      }
      case SHCSR:
        this.writeShcsr(merge(this.shcsr()));
        return;
      case CFSR:
        ex.cfsr = (ex.cfsr & ~(value & mask)) >>> 0;
        return;
      case HFSR:
        ex.hfsr = (ex.hfsr & ~(value & mask)) >>> 0;
        return;
      case DFSR:
        // Write one to clear (C1.6.1).
        ex.dfsr = (ex.dfsr & ~(value & mask) & 0x1f) >>> 0;
        return;
      case MMFAR:
        ex.mmfar = merge(ex.mmfar);
        return;
      case BFAR:
        ex.bfar = merge(ex.bfar);
        return;
      case CSSELR:
        this.csselr = merge(this.csselr) & 0xf;
        return;
      case CPACR:
        // Only CP10 and CP11 exist (the FPU); the other fields read as zero.
        cpu.cpacr = merge(cpu.cpacr) & (0xf << 20);
        return;
      case DEMCR:
        // The DWT's counter must see TRCENA change at this cycle.
        this.onTraceChange();
        this.demcr = merge(this.demcr) & 0x010f07f1;
        this.onTraceChange();
        // MON_PEND is the DebugMonitor exception's pending state; MON_EN enables it.
        if ((this.demcr & DEMCR_MON_PEND) !== 0) ex.setPending(DEBUGMONITOR);
        else ex.clearPending(DEBUGMONITOR);
        this.demcr &= ~DEMCR_MON_PEND;
        ex.monitorEnabled = (this.demcr & DEMCR_MON_EN) !== 0;
        return;
      case FPCCR:
        cpu.fpccr = merge(cpu.fpccr) & 0xc000017b;
        return;
      case FPCAR:
        cpu.fpcar = merge(cpu.fpcar) & ~7;
        return;
      case FPDSCR:
        cpu.fpdscr = merge(cpu.fpdscr) & (0x1f << 22);
        return;
    }
    if (this.tcm.has(offset)) this.tcm.set(offset, merge(this.tcm.get(offset)!));
    // The cache maintenance operations complete at once: Loom has no caches to maintain.
  }

  /** Exceptions 4..15 that have a priority byte (the reserved ones read as zero). */
  private hasPriority(n: number): boolean {
    return (
      n === MEMMANAGE ||
      n === BUSFAULT ||
      n === USAGEFAULT ||
      n === SVCALL ||
      n === DEBUGMONITOR ||
      n === PENDSV ||
      n === SYSTICK
    );
  }

  private icsr(): number {
    const ex = this.exceptions;
    const cpu = this.cpu;
    let v = cpu.ipsr & 0x1ff;
    const pending = ex.highestPending();
    v |= (pending & 0x1ff) << 12;
    for (let n = FIRST_IRQ; n < ex.count; n++) {
      if (ex.pending[n] !== 0) {
        v |= ICSR_ISRPENDING;
        break;
      }
    }
    // RETTOBASE: in Handler mode with only one active exception.
    if (cpu.ipsr !== 0) {
      let active = 0;
      for (let n = 1; n < ex.count; n++) active += ex.active[n];
      if (active === 1) v |= ICSR_RETTOBASE;
    }
    if (ex.pending[SYSTICK] !== 0) v |= ICSR_PENDSTSET;
    if (ex.pending[PENDSV] !== 0) v |= ICSR_PENDSVSET;
    if (ex.pending[NMI] !== 0) v |= ICSR_NMIPENDSET;
    return v >>> 0;
  }

  private writeIcsr(value: number): void {
    const ex = this.exceptions;
    if ((value & ICSR_NMIPENDSET) !== 0) ex.setPending(NMI);
    if ((value & ICSR_PENDSVSET) !== 0) ex.setPending(PENDSV);
    else if ((value & ICSR_PENDSVCLR) !== 0) ex.clearPending(PENDSV);
    if ((value & ICSR_PENDSTSET) !== 0) ex.setPending(SYSTICK);
    else if ((value & ICSR_PENDSTCLR) !== 0) ex.clearPending(SYSTICK);
  }

  private shcsr(): number {
    const ex = this.exceptions;
    let v = ex.shcsr & SHCSR_ENABLES;
    for (const [bit, n] of SHCSR_ACTIVE) if (ex.active[n] !== 0) v |= 1 << bit;
    for (const [bit, n] of SHCSR_PENDED) if (ex.pending[n] !== 0) v |= 1 << bit;
    return v >>> 0;
  }

  private writeShcsr(value: number): void {
    const ex = this.exceptions;
    ex.shcsr = value & SHCSR_ENABLES;
    for (const [bit, n] of SHCSR_ACTIVE) ex.active[n] = (value >>> bit) & 1;
    for (const [bit, n] of SHCSR_PENDED) ex.pending[n] = (value >>> bit) & 1;
    ex.changed();
  }
}
