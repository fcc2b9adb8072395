import { BusError } from './bus.ts';
import { CONTROL_FPCA, CONTROL_SPSEL, CpuFault, InstructionAbandoned, type Cpu } from './cpu.ts';
import {
  FPCCR_BFRDY,
  FPCCR_HFRDY,
  FPCCR_LSPACT,
  FPCCR_LSPEN,
  FPCCR_MMRDY,
  FPCCR_MONRDY,
  FPCCR_THREAD,
  FPCCR_USER,
} from './fpu/registers.ts';
import { FAULT_TEXT, type CpuHooks, type FaultKind } from './hooks.ts';

/** Exception numbers (ARMv7-M ARM B1.5.2). IRQ n is exception 16 + n. */
export const RESET = 1;
export const NMI = 2;
export const HARDFAULT = 3;
export const MEMMANAGE = 4;
export const BUSFAULT = 5;
export const USAGEFAULT = 6;
export const SVCALL = 11;
export const DEBUGMONITOR = 12;
export const PENDSV = 14;
export const SYSTICK = 15;
export const FIRST_IRQ = 16;

export const EXCEPTION_NAMES: Record<number, string> = {
  1: 'Reset',
  2: 'NMI',
  3: 'HardFault',
  4: 'MemManage',
  5: 'BusFault',
  6: 'UsageFault',
  11: 'SVCall',
  12: 'DebugMonitor',
  14: 'PendSV',
  15: 'SysTick',
};

export function exceptionName(n: number): string {
  return n >= FIRST_IRQ ? `IRQ ${n - FIRST_IRQ}` : (EXCEPTION_NAMES[n] ?? `exception ${n}`);
}

/** CFSR bits (B3.2.15): MMFSR [7:0], BFSR [15:8], UFSR [31:16]. */
export const CFSR_BIT: Record<FaultKind | 'MUNSTKERR' | 'MSTKERR' | 'MLSPERR', number> & {
  [k: string]: number;
} = {
  IACCVIOL: 1 << 0,
  DACCVIOL: 1 << 1,
  MUNSTKERR: 1 << 3,
  MSTKERR: 1 << 4,
  MLSPERR: 1 << 5,
  MMARVALID: 1 << 7,
  IBUSERR: 1 << 8,
  PRECISERR: 1 << 9,
  IMPRECISERR: 1 << 10,
  UNSTKERR: 1 << 11,
  STKERR: 1 << 12,
  LSPERR: 1 << 13,
  BFARVALID: 1 << 15,
  UNDEFINSTR: 1 << 16,
  INVSTATE: 1 << 17,
  INVPC: 1 << 18,
  NOCP: 1 << 19,
  UNALIGNED: 1 << 24,
  DIVBYZERO: 1 << 25,
};

/** HFSR bits (B3.2.16). */
export const HFSR_VECTTBL = 1 << 1;
export const HFSR_FORCED = 1 << 30;
export const HFSR_DEBUGEVT = 1 << 31;

/** DFSR.BKPT (C1.6.1): a BKPT instruction caused the debug event. */
export const DFSR_BKPT = 1 << 1;

/** CCR bits (B3.2.8). */
export const CCR_NONBASETHRDENA = 1 << 0;
export const CCR_USERSETMPEND = 1 << 1;
export const CCR_UNALIGN_TRP = 1 << 3;
export const CCR_DIV_0_TRP = 1 << 4;
export const CCR_BFHFNMIGN = 1 << 8;
export const CCR_STKALIGN = 1 << 9;
export const CCR_DC = 1 << 16;
export const CCR_IC = 1 << 17;
export const CCR_BP = 1 << 18;

/** SCR bits (B3.2.7). */
export const SCR_SLEEPONEXIT = 1 << 1;
export const SCR_SLEEPDEEP = 1 << 2;
export const SCR_SEVONPEND = 1 << 4;

/** SHCSR enable bits (B3.2.13). */
export const SHCSR_MEMFAULTENA = 1 << 16;
export const SHCSR_BUSFAULTENA = 1 << 17;
export const SHCSR_USGFAULTENA = 1 << 18;

/** Which exception each fault kind raises. */
const FAULT_EXCEPTION: Record<FaultKind, number> = {
  IACCVIOL: MEMMANAGE,
  DACCVIOL: MEMMANAGE,
  IBUSERR: BUSFAULT,
  PRECISERR: BUSFAULT,
  UNDEFINSTR: USAGEFAULT,
  INVSTATE: USAGEFAULT,
  INVPC: USAGEFAULT,
  NOCP: USAGEFAULT,
  UNALIGNED: USAGEFAULT,
  DIVBYZERO: USAGEFAULT,
};

/** Cycles an exception entry or return costs (Cortex-M4 TRM 3.3: 12 cycles, no FP state). */
const ENTRY_CYCLES = 12;
const RETURN_CYCLES = 10;

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** What the exception model needs from the machine around it. */
export interface ExceptionEnvironment {
  /** BKPT #imm: semihosting (0xAB) or a debugger's breakpoint. */
  bkpt(cpu: Cpu, imm8: number): void;
  /** Whether anything (a scheduled event, input) could still make an exception pending. */
  canWake(): boolean;
  /** AIRCR.SYSRESETREQ: a system reset of the whole chip. */
  systemReset(): void;
  /** The NVIC made an IRQ pending or the priorities changed: for a sleeping core to re-check. */
  changed?(): void;
  /** Accesses are about to be made, or were made, with another privilege (`lazyStacking`). */
  accessPrivilegeChanged?(): void;
}

/**
 * The ARMv7-M exception model (ARMv7-M ARM B1.5): pending and active state, priorities, entry
 * with the 8- or 26-word frame, return through EXC_RETURN, fault status, escalation and lockup.
 * It is the core's `CpuHooks`; the system control space registers (cpu/scs/) read and write it.
 */
export class ExceptionModel implements CpuHooks {
  /** Exceptions 0..15 and the IRQs. */
  readonly count: number;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  /** NVIC ISER bits, by exception number (system exceptions count as enabled). */
  readonly enabled: Uint8Array;
  /** Priority bytes as written (only the implemented high bits kept). */
  readonly priority: Uint8Array;
  /**
   * Interrupt lines as peripherals drive them (B3.4.1): while a line is high its interrupt is
   * pending again as soon as it is cleared or its handler returns.
   */
  readonly lineLevel: Uint8Array;
  /** Only bits [7:8-priorityBits] of a priority exist (STM32F7: 4 bits). */
  readonly priorityMask: number;

  prigroup = 0;
  vtor = 0;
  ccr = CCR_STKALIGN;
  scr = 0;
  shcsr = 0;
  cfsr = 0;
  hfsr = 0;
  mmfar = 0;
  bfar = 0;
  /** The core is asleep in WFI/WFE (or after SLEEPONEXIT) until an exception can be taken. */
  sleeping = false;
  /** What raised the last synchronous exception, for reports. */
  private lastCause = '';
  /** The last lockup's explanation, for reports. */
  lockupReason = '';

  /** An exception return waiting for its instruction to complete (0: none). */
  private returnPending = 0;
  /** AIRCR.SYSRESETREQ was written: the reset happens once the store completes. */
  private resetRequested = false;

  constructor(
    readonly cpu: Cpu,
    readonly irqCount: number,
    priorityBits: number,
    readonly env: ExceptionEnvironment,
  ) {
    this.count = FIRST_IRQ + irqCount;
    this.pending = new Uint8Array(this.count);
    this.active = new Uint8Array(this.count);
    this.enabled = new Uint8Array(this.count);
    this.priority = new Uint8Array(this.count);
    this.lineLevel = new Uint8Array(this.count);
    this.priorityMask = (0xff << (8 - priorityBits)) & 0xff;
    cpu.hooks = this;
    cpu.serviceHook = () => this.service();
  }

  /** Reset state of the exception model (B1.5.5). */
  reset(vtor: number): void {
    this.pending.fill(0);
    this.active.fill(0);
    this.enabled.fill(0);
    this.priority.fill(0);
    this.lineLevel.fill(0);
    this.prigroup = 0;
    this.vtor = vtor;
    this.ccr = CCR_STKALIGN;
    this.scr = 0;
    this.shcsr = 0;
    this.cfsr = 0;
    this.hfsr = 0;
    this.mmfar = 0;
    this.bfar = 0;
    this.dfsr = 0;
    this.monitorEnabled = false;
    this.sleeping = false;
    this.lockupReason = '';
    this.returnPending = 0;
    this.resetRequested = false;
    this.syncTraps();
  }

  /** CCR's trap bits live on the core, where the instructions check them. */
  syncTraps(): void {
    this.cpu.unalignTrap = (this.ccr & CCR_UNALIGN_TRP) !== 0;
    this.cpu.divZeroTrap = (this.ccr & CCR_DIV_0_TRP) !== 0;
  }

  // --- Priorities (B1.5.4) -------------------------------------------------------------------

  /** The group-priority mask PRIGROUP selects. */
  get groupMask(): number {
    return (0xff << (this.prigroup + 1)) & 0xff;
  }

  /** An exception's full priority: fixed negative ones for Reset, NMI and HardFault. */
  priorityOf(n: number): number {
    if (n === RESET) return -3;
    if (n === NMI) return -2;
    if (n === HARDFAULT) return -1;
    return this.priority[n];
  }

  private groupPriorityOf(n: number): number {
    return n <= HARDFAULT ? this.priorityOf(n) : this.priority[n] & this.groupMask;
  }

  /** The execution priority: the highest active group priority, boosted by the masks. */
  executionPriority(): number {
    const cpu = this.cpu;
    let highest = 256;
    if (cpu.ipsr !== 0) {
      for (let n = 1; n < this.count; n++) {
        if (this.active[n] !== 0) {
          const p = this.groupPriorityOf(n);
          if (p < highest) highest = p;
        }
      }
    }
    let boosted = 256;
    if (cpu.basepri !== 0) boosted = cpu.basepri & this.groupMask;
    if (cpu.primask !== 0) boosted = 0;
    if (cpu.faultmask !== 0) boosted = -1;
    return boosted < highest ? boosted : highest;
  }

  /** The pending exception that would be taken next regardless of masks, or 0. */
  highestPending(): number {
    let best = 0;
    let bestPriority = 1000;
    for (let n = 1; n < this.count; n++) {
      if (this.pending[n] === 0 || (n >= FIRST_IRQ && this.enabled[n] === 0)) continue;
      const p = this.priorityOf(n);
      if (p < bestPriority) {
        best = n;
        bestPriority = p;
      }
    }
    return best;
  }

  /** The pending exception that preempts now, or 0. */
  private preempting(): number {
    const n = this.highestPending();
    if (n === 0) return 0;
    return this.groupPriorityOf(n) < this.executionPriority() ? n : 0;
  }

  /** Whether an exception is pending that would preempt if PRIMASK were clear (WFI wakes). */
  wouldWake(): boolean {
    const n = this.highestPending();
    if (n === 0) return false;
    const cpu = this.cpu;
    const primask = cpu.primask;
    cpu.primask = 0;
    const wakes = this.groupPriorityOf(n) < this.executionPriority();
    cpu.primask = primask;
    return wakes;
  }

  // --- Pending state ------------------------------------------------------------------------

  /** Makes exception n pending (an IRQ line, ISPR, ICSR, SysTick...). */
  setPending(n: number): void {
    if (this.pending[n] !== 0) return;
    this.pending[n] = 1;
    if ((this.scr & SCR_SEVONPEND) !== 0) this.cpu.eventRegister = true;
    this.changed();
  }

  clearPending(n: number): void {
    this.pending[n] = this.lineLevel[n];
  }

  /** A peripheral drives IRQ `irq`'s line (exception 16 + irq) high or low. */
  setIrqLine(irq: number, high: boolean): void {
    const n = FIRST_IRQ + irq;
    this.lineLevel[n] = high ? 1 : 0;
    if (high) this.setPending(n);
  }

  /** Something that decides preemption changed: the core looks before its next instruction. */
  changed(): void {
    this.cpu.requestAttention();
    if (this.sleeping && (this.wouldWake() || this.wakesFromWfe())) this.sleeping = false;
    this.env.changed?.();
  }

  private wfeWaiting = false;

  private wakesFromWfe(): boolean {
    if (!this.wfeWaiting || !this.cpu.eventRegister) return false;
    this.cpu.eventRegister = false;
    return true;
  }

  // --- CpuHooks -----------------------------------------------------------------------------

  svc(cpu: Cpu): void {
    this.raiseSynchronous(SVCALL, `SVC at ${hex(cpu.pc)}`);
  }

  /**
   * BKPT: semihosting (0xAB), or a debug event. With DEMCR.MON_EN (monitor-mode debugging) it is
   * the DebugMonitor exception, returning to the BKPT itself, with DFSR.BKPT; where DebugMonitor
   * cannot preempt, a HardFault with HFSR.DEBUGEVT (C1.7). Otherwise Loom is the halting
   * debugger attached to the core: the run stops there.
   */
  bkpt(cpu: Cpu, imm8: number): void {
    if (imm8 === 0xab || !this.monitorEnabled) {
      this.env.bkpt(cpu, imm8);
      return;
    }
    cpu.nextPc = cpu.pc;
    this.dfsr |= DFSR_BKPT;
    const what = `BKPT #${imm8} at ${hex(cpu.pc)} (DebugMonitor)`;
    if (this.groupPriorityOf(DEBUGMONITOR) < this.executionPriority()) {
      this.lastCause = what;
      this.pending[DEBUGMONITOR] = 1;
      cpu.requestAttention();
      return;
    }
    this.hfsr |= HFSR_DEBUGEVT;
    this.raiseSynchronous(HARDFAULT, what);
  }

  fault(cpu: Cpu, kind: FaultKind, address: number, detail: string): void {
    cpu.nextPc = cpu.pc;
    this.cfsr |= CFSR_BIT[kind];
    if (kind === 'DACCVIOL') {
      this.mmfar = address >>> 0;
      this.cfsr |= CFSR_BIT.MMARVALID;
    } else if (kind === 'PRECISERR') {
      this.bfar = address >>> 0;
      this.cfsr |= CFSR_BIT.BFARVALID;
    }
    const more = detail === '' ? '' : `: ${detail}`;
    this.raiseSynchronous(
      FAULT_EXCEPTION[kind],
      `${kind} (${FAULT_TEXT[kind]}) at pc ${hex(cpu.pc)}${more}`,
    );
  }

  wfi(cpu: Cpu): void {
    if (this.wouldWake()) return;
    this.sleep(cpu, 'WFI');
  }

  wfe(cpu: Cpu): void {
    if (cpu.eventRegister) {
      cpu.eventRegister = false;
      return;
    }
    if (this.wouldWake()) return;
    this.wfeWaiting = true;
    this.sleep(cpu, 'WFE');
  }

  sev(cpu: Cpu): void {
    cpu.eventRegister = true;
    if (this.sleeping && this.wakesFromWfe()) this.sleeping = false;
  }

  selfBranch(cpu: Cpu): void {
    if (this.preempting() !== 0 || this.env.canWake()) return;
    cpu.stop('halted', `branch to self (b .) at ${hex(cpu.pc)}`);
  }

  exceptionReturn(cpu: Cpu, excReturn: number): void {
    // The return happens once the instruction has completed (its SP write-back included).
    this.returnPending = excReturn;
    cpu.nextPc = cpu.pc;
    cpu.requestAttention();
  }

  /**
   * PreserveFPState() (ARMv7-M ARM B1.5.7, "Lazy context save of FP state"): an FP instruction
   * with FPCCR.LSPACT set stores S0-S15 and FPSCR in the space its context's exception entry
   * reserved at FPCAR. A write the MPU refuses sets MLSPERR and pends MemManage, one the bus
   * refuses sets LSPERR and pends BusFault; escalated to HardFault (FORCED) when FPCCR.MMRDY or
   * BFRDY says that handler could not have been taken from that context. A fault that preempts
   * now is taken before the FP instruction, which runs again on return (LSPACT still set);
   * otherwise LSPACT clears, the instruction executes and the fault waits (as QEMU does).
   */
  preserveFPState(cpu: Cpu): void {
    const fpccr = cpu.fpccr;
    let error: 'MLSPERR' | 'LSPERR' | null = null;
    let detail = '';
    this.lazyStacking = {
      privileged: (fpccr & FPCCR_USER) === 0,
      negative: (fpccr & FPCCR_HFRDY) === 0,
    };
    const other = this.lazyStacking.privileged !== cpu.isPrivileged();
    if (other) this.env.accessPrivilegeChanged?.();
    try {
      cpu.preserveFPState();
    } catch (e) {
      if (e instanceof CpuFault) error = 'MLSPERR';
      else if (e instanceof BusError) error = 'LSPERR';
      else throw e;
      detail = e.message;
    } finally {
      this.lazyStacking = null;
      if (other) this.env.accessPrivilegeChanged?.();
    }
    if (error === null) return;
    this.cfsr |= CFSR_BIT[error];
    let target = error === 'MLSPERR' ? MEMMANAGE : BUSFAULT;
    if ((fpccr & (error === 'MLSPERR' ? FPCCR_MMRDY : FPCCR_BFRDY)) === 0) {
      target = HARDFAULT;
      this.hfsr |= HFSR_FORCED;
    }
    const what = `${error} (lazy FP state preservation at ${hex(cpu.fpcar)} failed: ${detail})`;
    this.lastCause = what;
    const cannot =
      !this.faultEnabled(target) || this.executionPriority() <= this.groupPriorityOf(target);
    if (cannot && (fpccr & FPCCR_HFRDY) === 0) {
      this.lockup(`${what}, which the FP state's context could not take`);
      throw new InstructionAbandoned(what);
    }
    this.pending[target] = 1;
    cpu.requestAttention();
    if (this.preempting() !== 0) throw new InstructionAbandoned(what);
    cpu.fpccr &= ~FPCCR_LSPACT;
  }

  private sleep(cpu: Cpu, what: string): void {
    if (!this.env.canWake()) {
      cpu.stop('halted', `${what} at ${hex(cpu.pc)} with nothing that could wake the core`);
      return;
    }
    this.sleeping = true;
    cpu.requestAttention();
  }

  /**
   * Between instructions, when the core asked for attention: finish an exception return, then
   * take the highest-priority exception that preempts. Returns true when the run must end.
   */
  service(): boolean {
    const cpu = this.cpu;
    if (this.resetRequested) {
      this.resetRequested = false;
      this.env.systemReset();
      return cpu.stopped !== null;
    }
    if (this.returnPending !== 0) {
      const excReturn = this.returnPending;
      this.returnPending = 0;
      this.exceptionReturn_(excReturn);
      if (cpu.stopped !== null) return true;
    }
    const n = this.preempting();
    if (n !== 0) {
      this.sleeping = false;
      this.wfeWaiting = false;
      this.enter(n);
      return cpu.stopped !== null;
    }
    if (this.sleeping) {
      // Stay out of the loop until something wakes the core.
      cpu.requestAttention();
      return true;
    }
    this.wfeWaiting = false;
    return false;
  }

  /** AIRCR.SYSRESETREQ: the whole chip resets after the current instruction. */
  requestReset(): void {
    this.resetRequested = true;
    this.cpu.requestAttention();
  }

  // --- Synchronous exceptions and escalation (B1.5, "Priority escalation") ------------------

  /** Whether a configurable fault is enabled in SHCSR (disabled ones escalate). */
  private faultEnabled(n: number): boolean {
    if (n === MEMMANAGE) return (this.shcsr & SHCSR_MEMFAULTENA) !== 0;
    if (n === BUSFAULT) return (this.shcsr & SHCSR_BUSFAULTENA) !== 0;
    if (n === USAGEFAULT) return (this.shcsr & SHCSR_USGFAULTENA) !== 0;
    return true;
  }

  /**
   * An exception the current instruction causes: taken now, or escalated to HardFault when it is
   * disabled or its priority is not above the execution priority; a HardFault that cannot be
   * taken locks the core up.
   */
  raiseSynchronous(n: number, what: string): void {
    this.lastCause = what;
    const executionPriority = this.executionPriority();
    let target = n;
    if (
      n !== HARDFAULT &&
      (!this.faultEnabled(n) || this.groupPriorityOf(n) >= executionPriority)
    ) {
      target = HARDFAULT;
      this.hfsr |= HFSR_FORCED;
    }
    if (target === HARDFAULT && executionPriority <= -1) {
      this.lockup(`${what}, while the execution priority is ${executionPriority}`);
      return;
    }
    this.pending[target] = 1;
    this.cpu.requestAttention();
  }

  /** Unrecoverable: the core stops (B1.5.15). Loom reports it as the stop reason. */
  lockup(why: string): void {
    this.lockupReason = `lockup: ${why}. ${this.describeFaults()}`;
    this.cpu.nextPc = this.cpu.pc;
    this.cpu.stop('lockup', this.lockupReason);
  }

  /** The fault status registers in words. */
  describeFaults(): string {
    const names = Object.entries(CFSR_BIT)
      .filter(([, bit]) => (this.cfsr & bit) !== 0)
      .map(([name]) => name);
    const parts = [`CFSR ${hex(this.cfsr)}${names.length ? ` (${names.join(' ')})` : ''}`];
    const h: string[] = [];
    if (this.hfsr & HFSR_FORCED) h.push('FORCED');
    if (this.hfsr & HFSR_VECTTBL) h.push('VECTTBL');
    if (this.hfsr & HFSR_DEBUGEVT) h.push('DEBUGEVT');
    parts.push(`HFSR ${hex(this.hfsr)}${h.length ? ` (${h.join(' ')})` : ''}`);
    if (this.cfsr & CFSR_BIT.MMARVALID) parts.push(`MMFAR ${hex(this.mmfar)}`);
    if (this.cfsr & CFSR_BIT.BFARVALID) parts.push(`BFAR ${hex(this.bfar)}`);
    return parts.join(', ');
  }

  // --- Entry (B1.5.6) -------------------------------------------------------------------------

  private fpActive(): boolean {
    return (this.cpu.control & CONTROL_FPCA) !== 0;
  }

  /** PushStack() then ExceptionTaken(): `cpu.pc` is the return address. */
  private enter(n: number): void {
    const cpu = this.cpu;
    if (!this.hasHandler(n)) return;
    const fp = this.fpActive();
    const frameSize = fp ? 0x68 : 0x20;
    const forceAlign = (this.ccr & CCR_STKALIGN) !== 0;
    const onPsp = cpu.ipsr === 0 && (cpu.control & CONTROL_SPSEL) !== 0;
    const sp = onPsp ? cpu.psp : cpu.msp;
    const realign = forceAlign && (sp & 4) !== 0 ? 1 : 0;
    const frame = ((sp - frameSize) & (forceAlign ? ~4 : ~0)) >>> 0;
    if (onPsp) cpu.psp = frame;
    else cpu.msp = frame;
    const xpsr = (cpu.xpsr & ~(1 << 9)) | (realign << 9);
    const excReturn = fp
      ? cpu.ipsr !== 0
        ? 0xffffffe1
        : onPsp
          ? 0xffffffed
          : 0xffffffe9
      : cpu.ipsr !== 0
        ? 0xfffffff1
        : onPsp
          ? 0xfffffffd
          : 0xfffffff9;
    const regs = cpu.regs;
    const bus = cpu.bus;
    const priv = cpu.isPrivileged();
    try {
      bus.write32(frame, regs[0]);
      bus.write32(frame + 4, regs[1]);
      bus.write32(frame + 8, regs[2]);
      bus.write32(frame + 12, regs[3]);
      bus.write32(frame + 16, regs[12]);
      bus.write32(frame + 20, regs[14]);
      bus.write32(frame + 24, cpu.pc);
      bus.write32(frame + 28, xpsr >>> 0);
      if (fp) this.stackFp(frame, priv);
    } catch (e) {
      if (e instanceof CpuFault) {
        // The MPU refused the frame: MSTKERR, a MemManage fault (no MMFAR).
        this.cfsr |= CFSR_BIT.MSTKERR;
        this.derivedFault(MEMMANAGE, `stacking for ${exceptionName(n)} violates the MPU`);
      } else {
        if (!(e instanceof BusError)) throw e;
        this.cfsr |= CFSR_BIT.STKERR;
        this.derivedFault(BUSFAULT, `stacking for ${exceptionName(n)} failed: ${e.message}`);
      }
    }
    regs[14] = excReturn;
    cpu.cycles += ENTRY_CYCLES;
    this.taken(n);
  }

  /**
   * Loom's vector catch: an exception whose vector is not a Thumb address (an empty vector
   * table, say) would fault again at once and lock the core up. Loom stops before that, at the
   * instruction that caused it, and says why; the fault registers are already set.
   */
  private hasHandler(n: number): boolean {
    const cpu = this.cpu;
    const at = (this.vtor + 4 * n) >>> 0;
    let vector: number;
    let problem: string;
    try {
      vector = this.readVector(at);
      if ((vector & 1) === 1) return true;
      problem = `the vector at ${hex(at)} is ${hex(vector)}`;
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      problem = `its vector at ${hex(at)} cannot be read`;
    }
    const cause =
      n === HARDFAULT || (n >= MEMMANAGE && n <= USAGEFAULT) || n === SVCALL
        ? this.lastCause
        : `${exceptionName(n)} is pending`;
    cpu.nextPc = cpu.pc;
    cpu.stop('fault', `${cause}; ${exceptionName(n)} has no handler: ${problem}`);
    return false;
  }

  /** True while the model reads a vector: those reads use the default memory map (no MPU). */
  readingVector = false;
  /** DEMCR.MON_EN: the DebugMonitor exception is enabled (monitor-mode debugging). */
  monitorEnabled = false;
  /** DFSR (C1.6.1): why the last debug event happened (BKPT: bit 1). */
  dfsr = 0;
  /**
   * Set while lazy FP state preservation writes: the MPU judges those writes with the privilege
   * and priority of the context the state belongs to (FPCCR.USER, FPCCR.HFRDY), not the current.
   */
  lazyStacking: { privileged: boolean; negative: boolean } | null = null;

  private readVector(addr: number): number {
    this.readingVector = true;
    try {
      return this.cpu.bus.read32(addr >>> 0);
    } finally {
      this.readingVector = false;
    }
  }

  /** The FP part of the frame: written now, or reserved for lazy stacking (B1.5.7). */
  private stackFp(frame: number, privileged: boolean): void {
    const cpu = this.cpu;
    if ((cpu.fpccr & FPCCR_LSPEN) === 0) {
      for (let k = 0; k < 16; k++) cpu.bus.write32(frame + 0x20 + 4 * k, cpu.s[k]);
      cpu.bus.write32(frame + 0x60, cpu.fpscr);
      return;
    }
    let fpccr = cpu.fpccr & ~(FPCCR_LSPACT | FPCCR_USER | FPCCR_THREAD | 0x1f0);
    fpccr |= FPCCR_LSPACT;
    if (!privileged) fpccr |= FPCCR_USER;
    if (cpu.ipsr === 0) fpccr |= FPCCR_THREAD;
    // Which fault handlers could take a lazy-stacking fault now (HFRDY, MMRDY, BFRDY, MONRDY).
    const ep = this.executionPriority();
    if (ep > -1) fpccr |= FPCCR_HFRDY;
    if ((this.shcsr & SHCSR_MEMFAULTENA) !== 0 && this.groupPriorityOf(MEMMANAGE) < ep)
      fpccr |= FPCCR_MMRDY;
    if ((this.shcsr & SHCSR_BUSFAULTENA) !== 0 && this.groupPriorityOf(BUSFAULT) < ep)
      fpccr |= FPCCR_BFRDY;
    if (this.monitorEnabled && this.groupPriorityOf(DEBUGMONITOR) < ep) fpccr |= FPCCR_MONRDY;
    cpu.fpccr = fpccr >>> 0;
    cpu.fpcar = (frame + 0x20) & ~7;
  }

  /** ExceptionTaken(): vector fetch and the new mode. */
  private taken(n: number): void {
    const cpu = this.cpu;
    let vector: number;
    try {
      vector = this.readVector((this.vtor + 4 * n) >>> 0);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      if (n === HARDFAULT || n === NMI) {
        this.lockup(`the vector of ${exceptionName(n)} cannot be read: ${e.message}`);
        return;
      }
      this.hfsr |= HFSR_VECTTBL;
      this.pending[n] = 0;
      this.taken(HARDFAULT);
      return;
    }
    this.pending[n] = 0;
    this.active[n] = 1;
    cpu.ipsr = n;
    cpu.itstate = 0;
    cpu.setControl(cpu.control & ~(CONTROL_SPSEL | CONTROL_FPCA));
    cpu.t = vector & 1;
    cpu.pc = vector & ~1;
    cpu.nextPc = cpu.pc;
    cpu.regs[15] = cpu.pc;
    cpu.eventRegister = true;
    cpu.exclusiveOpen = true;
    // A vector with bit 0 clear: the handler's first instruction takes an INVSTATE fault.
    cpu.requestAttention();
  }

  /** A fault during entry or return: pending, taken next (escalated if it cannot preempt). */
  private derivedFault(n: number, what: string): void {
    this.raiseSynchronous(n, what);
  }

  // --- Return (B1.5.8) ------------------------------------------------------------------------

  private exceptionReturn_(excReturn: number): void {
    const cpu = this.cpu;
    const returning = cpu.ipsr;
    const mode = excReturn & 0xf;
    const invalid =
      (excReturn & 0x0fffffe0) !== 0x0fffffe0 ||
      (mode !== 1 && mode !== 9 && mode !== 0xd) ||
      this.active[returning] === 0 ||
      (mode !== 1 && (this.ccr & CCR_NONBASETHRDENA) === 0 && this.activeCount() > 1);
    if (invalid) {
      // B1.5.8: the returning exception is deactivated, UFSR.INVPC set, LR = 0xF0000000 +
      // EXC_RETURN<27:0>, and the UsageFault taken from Handler mode without a new frame.
      this.active[returning] = 0;
      this.cfsr |= CFSR_BIT.INVPC;
      cpu.regs[14] = (0xf0000000 | (excReturn & 0x0fffffff)) >>> 0;
      this.returnFault(`exception return with EXC_RETURN ${hex(excReturn)} is invalid here`);
      return;
    }
    this.active[returning] = 0;
    // A level interrupt whose line is still high is pending again.
    if (this.lineLevel[returning] !== 0) this.pending[returning] = 1;
    if (returning !== NMI) cpu.faultmask = 0;
    // Tail-chaining: an exception that preempts the context returned to is taken on the same
    // frame, with no unstacking and stacking between (Cortex-M7 TRM 2.7, as QEMU): the FP state
    // a handler preserved stays in the frame, FPCCR.LSPACT stays clear, S0-S15 are not reloaded.
    const chained = this.preempting();
    if (chained !== 0) {
      if (!this.hasHandler(chained)) return;
      cpu.regs[14] = excReturn;
      cpu.cycles += RETURN_CYCLES + ENTRY_CYCLES;
      this.taken(chained);
      return;
    }
    const toThread = mode !== 1;
    const toPsp = mode === 0xd;
    const fp = (excReturn & 0x10) === 0;
    const frame = toPsp ? cpu.psp : cpu.msp;
    const regs = cpu.regs;
    const bus = cpu.bus;
    let pc: number;
    let xpsr: number;
    try {
      regs[0] = bus.read32(frame);
      regs[1] = bus.read32(frame + 4);
      regs[2] = bus.read32(frame + 8);
      regs[3] = bus.read32(frame + 12);
      regs[12] = bus.read32(frame + 16);
      regs[14] = bus.read32(frame + 20);
      pc = bus.read32(frame + 24);
      xpsr = bus.read32(frame + 28);
      if (fp) this.unstackFp(frame);
    } catch (e) {
      if (!(e instanceof BusError) && !(e instanceof CpuFault)) throw e;
      const mpu = e instanceof CpuFault;
      this.cfsr |= mpu ? CFSR_BIT.MUNSTKERR : CFSR_BIT.UNSTKERR;
      // The return is abandoned: the fault is taken from the mode it was returning to.
      cpu.ipsr = toThread ? 0 : cpu.ipsr;
      this.derivedFault(mpu ? MEMMANAGE : BUSFAULT, `unstacking failed: ${e.message}`);
      return;
    }
    let sp = frame + (fp ? 0x68 : 0x20);
    if ((this.ccr & CCR_STKALIGN) !== 0 && (xpsr & (1 << 9)) !== 0) sp |= 4;
    cpu.setControl(
      (cpu.control & ~(CONTROL_SPSEL | CONTROL_FPCA)) |
        (toPsp ? CONTROL_SPSEL : 0) |
        (fp ? CONTROL_FPCA : 0),
    );
    cpu.xpsr = xpsr & ~(1 << 9);
    cpu.privilegeMayHaveChanged();
    if (toPsp) cpu.psp = sp >>> 0;
    else cpu.msp = sp >>> 0;
    cpu.pc = pc & ~1;
    cpu.nextPc = cpu.pc;
    cpu.regs[15] = cpu.pc;
    cpu.cycles += RETURN_CYCLES;
    cpu.eventRegister = true;
    cpu.exclusiveOpen = true;
    if (toThread !== (cpu.ipsr === 0)) {
      // The stacked IPSR does not match the mode EXC_RETURN names (B1.5.8): INVPC, the frame
      // pushed again to negate the pop, LR = 0xF0000000 + EXC_RETURN<27:0>.
      this.cfsr |= CFSR_BIT.INVPC;
      this.returnFault(
        `the stacked IPSR ${cpu.ipsr} does not match EXC_RETURN ${hex(excReturn)}`,
        (0xf0000000 | (excReturn & 0x0fffffff)) >>> 0,
      );
      return;
    }
    // (Nothing pending preempts here: it would have been tail-chained above.)
    if (toThread && (this.scr & SCR_SLEEPONEXIT) !== 0) {
      this.sleep(cpu, 'SLEEPONEXIT');
    }
  }

  private unstackFp(frame: number): void {
    const cpu = this.cpu;
    if ((cpu.fpccr & FPCCR_LSPACT) !== 0) {
      // The registers were never stacked: the handler did not touch the FPU.
      cpu.fpccr &= ~FPCCR_LSPACT;
      return;
    }
    for (let k = 0; k < 16; k++) cpu.s[k] = cpu.bus.read32(frame + 0x20 + 4 * k);
    cpu.fpscr = cpu.bus.read32(frame + 0x60);
  }

  /**
   * The UsageFault (or the HardFault it escalates to) of a failed exception return: taken as it
   * stands (ExceptionTaken), or, given `pushAgainLr`, after pushing the frame again, with that LR.
   */
  private returnFault(what: string, pushAgainLr?: number): void {
    const ep = this.executionPriority();
    let target = USAGEFAULT;
    if (!this.faultEnabled(USAGEFAULT) || this.groupPriorityOf(USAGEFAULT) >= ep) {
      target = HARDFAULT;
      this.hfsr |= HFSR_FORCED;
    }
    if (target === HARDFAULT && ep <= -1) {
      this.lockup(what);
      return;
    }
    this.lastCause = what;
    if (pushAgainLr === undefined) {
      this.taken(target);
      return;
    }
    this.enter(target);
    if (this.cpu.stopped === null) this.cpu.regs[14] = pushAgainLr;
  }

  private activeCount(): number {
    let count = 0;
    for (let n = 1; n < this.count; n++) count += this.active[n];
    return count;
  }
}
