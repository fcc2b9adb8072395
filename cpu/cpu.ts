import { collectBlock, MAX_BLOCK_BYTES, type Block } from './block.ts';
import { BusError, type Bus } from './bus.ts';
import { compileBlock } from './compile.ts';
import { CYCLES } from './cycles.ts';
import { decode } from './decoder.ts';
import { stopOnEvent, type CpuHooks, type FaultKind, type Stop, type StopKind } from './hooks.ts';
import { Insn } from './insn.ts';
import {
  CPACR_CP10_SHIFT,
  CPACR_FULL,
  CPACR_PRIVILEGED,
  FPCCR_ASPEN,
  FPCCR_LSPACT,
  FPCCR_RESET,
  FPSCR_DEFAULTS,
} from './fpu/registers.ts';

/** A fault found in the middle of an instruction: thrown, so the instruction stops there. */
export class CpuFault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly address = 0,
    detail = '',
  ) {
    super(detail);
  }
}

/**
 * The current instruction is given up before it does anything, because an exception that
 * arose on its way (a fault during lazy FP state preservation) is taken first; the instruction
 * runs again when the handler returns.
 */
export class InstructionAbandoned extends Error {}

/** Stands in for the instruction at a breakpoint: stops before it executes. */
function hitBreakpoint(cpu: Cpu, i: Insn): void {
  cpu.nextPc = cpu.pc;
  // The loop counts this as an executed instruction and adds its cycles: undo both.
  cpu.cycles -= i.cycles;
  cpu.instructions--;
  cpu.stop('breakpoint', `breakpoint at 0x${cpu.pc.toString(16).padStart(8, '0')}`);
}

function breakpointAt(real: Insn): Insn {
  const bp = new Insn(hitBreakpoint);
  bp.size = real.size;
  bp.raw = real.raw;
  bp.encoding = real.encoding;
  bp.cycles = real.cycles;
  return bp;
}

/** CONTROL bits (ARMv7-M ARM B1.4.4). */
export const CONTROL_nPRIV = 1;
export const CONTROL_SPSEL = 2;
export const CONTROL_FPCA = 4;

/**
 * The ARMv7-M core's architectural state (ARMv7-M ARM B1.4) and its fetch-decode-execute loop.
 *
 * R15 trick: while an instruction executes, regs[15] holds its address + 4, which is what the
 * ARM ARM's "PC" reads as in Thumb state; handlers write the next address to `nextPc`.
 * The active stack pointer lives in regs[13]; the other one waits in `msp` or `psp`.
 */
export class Cpu {
  readonly regs = new Uint32Array(16);
  /** Address of the instruction being (or about to be) executed. */
  pc = 0;
  nextPc = 0;

  // APSR
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  q = 0;
  ge = 0;
  // EPSR
  t = 1;
  itstate = 0;
  // IPSR: the active exception number, 0 in Thread mode
  ipsr = 0;

  /** The stack pointer that is not in regs[13]. */
  private otherSp = 0;
  private spIsPsp = false;
  primask = 0;
  basepri = 0;
  faultmask = 0;
  control = 0;

  // --- FPU (ARMv7-M ARM A2.5, B3.2): S0-S31 as raw bits (D<n> is S<2n+1>:S<2n>), FPSCR, and
  // the FP control registers of the system control space, which the SCB reads and writes.
  readonly s = new Uint32Array(32);
  fpscr = 0;
  /** CPACR: CP10/CP11 access (bits [23:20]); FP instructions take NOCP unless granted. */
  cpacr = 0;
  /** FPCCR: ASPEN and LSPEN set at reset. */
  fpccr = FPCCR_RESET;
  fpcar = 0;
  fpdscr = 0;
  /** FPv5-D16 with double precision (STM32F767); FPv5-SP-D16 (STM32F746) has none. */
  fpDoublePrecision = false;

  /** Event register for WFE/SEV. */
  eventRegister = false;
  /** Local exclusive monitor (A3.4): open, or exclusive for one address. */
  exclusiveOpen = true;
  exclusiveAddr = 0;

  /** Cycles since reset, from the model in cycles.ts. */
  cycles = 0;
  /** Instructions executed since reset (IT-skipped ones included). */
  instructions = 0;
  /** A run returns when `cycles` reaches this (the next scheduled event). */
  cycleLimit = Number.POSITIVE_INFINITY;

  /** CCR.UNALIGN_TRP and CCR.DIV_0_TRP (B3.2.8), set by the system control block. */
  unalignTrap = false;
  divZeroTrap = false;

  hooks: CpuHooks = stopOnEvent;
  /**
   * Called between instructions when attention was requested: the exception model finishes an
   * exception return and takes pending exceptions here. Returns true when the run must end.
   */
  serviceHook: (() => boolean) | null = null;
  stopped: Stop | null = null;
  /** Non-zero when the loop must look at something before the next instruction. */
  private attention = 0;

  /** Decoded instructions by address: 64 KB pages of halfword slots. */
  // Preallocated so that a page index like 0x800 (flash) keeps it a fast array.
  private readonly cache: (Insn | undefined)[][] = new Array(0x10000);
  /** Blocks by start address, pages as in `cache` (block.ts, compile.ts). */
  private readonly blocks: (Block | undefined)[][] = new Array(0x10000);
  /** A block runs this many times one instruction at a time before it is compiled. */
  compileAfter = 2;
  /** `instructions` where the current run ends: a compiled loop goes round while it fits. */
  runEnd = 0;

  constructor(readonly bus: Bus) {}

  // --- Execution -------------------------------------------------------------------------

  /**
   * Executes up to `maxInstructions`, or until something stops the run or `cycleLimit` is
   * reached. Returns the number executed.
   */
  run(maxInstructions: number): number {
    const before = this.instructions;
    this.stopped = null;
    if (maxInstructions > 0 && this.breakpoints.has(this.pc)) {
      // Resuming from a breakpoint: its instruction runs once without stopping.
      this.stepPastBreakpoint();
      if (this.stopped !== null) return this.instructions - before;
    }
    const end = before + maxInstructions;
    this.runEnd = end;
    while (this.instructions < end && this.stopped === null) {
      try {
        while (this.instructions < end && this.cycles < this.cycleLimit) {
          if (this.attention !== 0 && this.service()) break;
          // A block runs whole or stops early, never past the budget; single steps and what is
          // left of a budget shorter than the block go one instruction at a time.
          const left = end - this.instructions;
          const block = this.itstate === 0 && left > 1 ? this.blockAt(this.pc) : null;
          if (block !== null && block.count <= left) {
            if (block.code === null && ++block.visits > this.compileAfter) {
              block.code = compileBlock(block, this.bus);
            }
            if (block.code !== null) block.code(this, this.regs);
            else this.runCold(block);
          } else {
            this.execute();
          }
          this.pc = this.nextPc >>> 0;
        }
        break;
      } catch (e) {
        // The instruction did not complete: it faults at its own address.
        this.nextPc = this.pc;
        if (e instanceof CpuFault) this.fault(e.kind, e.address, e.message);
        else if (e instanceof BusError)
          this.fault(e.access === 'fetch' ? 'IBUSERR' : 'PRECISERR', e.address, e.message);
        else if (!(e instanceof InstructionAbandoned)) throw e;
        this.pc = this.nextPc >>> 0;
        this.instructions++;
      }
    }
    this.regs[15] = this.pc;
    return this.instructions - before;
  }

  /** Executes the instruction at `pc` through the decode cache; the caller moves pc on. */
  private execute(): void {
    const pc = this.pc;
    const page = this.cache[pc >>> 16];
    let insn = page === undefined ? undefined : page[(pc & 0xffff) >>> 1];
    if (insn === undefined) insn = this.decodeAt(pc);
    this.regs[15] = pc + 4;
    this.nextPc = pc + insn.size;
    if (this.itstate === 0) insn.exec(this, insn);
    else this.execInItBlock(insn);
    this.cycles += insn.cycles;
    this.instructions++;
  }

  /** A block that is not compiled yet, one instruction at a time, stopping where its code would. */
  private runCold(block: Block): void {
    for (let k = 0; ; k++) {
      this.execute();
      const next = block.pcs[k] + block.insns[k].size;
      if (k === block.count - 1 || this.nextPc !== next || this.attention !== 0) return;
      this.pc = next;
    }
  }

  // --- Blocks: found by their start address, built on the first visit.

  private blockAt(pc: number): Block | null {
    const page = this.blocks[pc >>> 16];
    const block = page === undefined ? undefined : page[(pc & 0xffff) >>> 1];
    return block !== undefined ? block : this.newBlock(pc);
  }

  private newBlock(pc: number): Block | null {
    const block = collectBlock(pc, this.insnForBlock);
    if (block === null) return null;
    const pageIndex = pc >>> 16;
    let page = this.blocks[pageIndex];
    if (page === undefined) page = this.blocks[pageIndex] = new Array<Block | undefined>(0x8000);
    page[(pc & 0xffff) >>> 1] = block;
    return block;
  }

  /** The instruction at `pc` for a block; null at a breakpoint or where fetching fails. */
  private readonly insnForBlock = (pc: number): Insn | null => {
    const page = this.cache[pc >>> 16];
    let insn = page === undefined ? undefined : page[(pc & 0xffff) >>> 1];
    if (insn === undefined) {
      try {
        insn = this.decodeAt(pc);
      } catch (e) {
        // A fetch the bus or the MPU refuses ends the block; executing it there faults.
        if (e instanceof BusError || e instanceof CpuFault) return null;
        throw e;
      }
    }
    return insn.exec === hitBreakpoint ? null : insn;
  };

  // --- Breakpoints: the decode cache holds a stand-in that stops the run, so that
  // execution pays nothing for them.

  private readonly breakpoints = new Set<number>();

  addBreakpoint(addr: number): void {
    this.breakpoints.add(addr & ~1);
    this.codeWritten(addr & ~1, 2);
  }

  removeBreakpoint(addr: number): void {
    this.breakpoints.delete(addr & ~1);
    this.codeWritten(addr & ~1, 2);
  }

  hasBreakpoint(addr: number): boolean {
    return this.breakpoints.has(addr & ~1);
  }

  private stepPastBreakpoint(): void {
    const pc = this.pc;
    this.breakpoints.delete(pc);
    this.codeWritten(pc, 2);
    try {
      this.run(1);
    } finally {
      this.breakpoints.add(pc);
      this.codeWritten(pc, 2);
    }
  }

  /** One instruction. */
  step(): number {
    return this.run(1);
  }

  private execInItBlock(insn: Insn): void {
    const it = this.itstate;
    // BKPT executes whatever the condition (A7.7.17).
    if (this.conditionPassed(it >>> 4) || (insn.size === 2 && insn.raw >>> 8 === 0xbe)) {
      insn.exec(this, insn);
    }
    // ITAdvance() (A7.3.3), unless the instruction itself changed ITSTATE (an exception entry).
    if (this.itstate === it) this.itstate = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
  }

  /** Rare events between instructions. Returns true when the run must end. */
  private service(): boolean {
    this.attention = 0;
    if (this.stopped !== null) return true;
    if (this.t === 0) {
      this.nextPc = this.pc;
      this.fault('INVSTATE', this.pc);
      this.pc = this.nextPc >>> 0;
      if (this.stopped !== null) return true;
    }
    return this.serviceHook !== null && this.serviceHook();
  }

  stop(kind: StopKind, message: string, code?: number): void {
    this.stopped = code === undefined ? { kind, message } : { kind, message, code };
    this.attention = 1;
  }

  /** Ask the loop to look at the core state before the next instruction (pending events). */
  requestAttention(): void {
    this.attention = 1;
  }

  private decodeAt(pc: number): Insn {
    const hw1 = this.bus.fetch16(pc);
    let insn: Insn;
    if (hw1 >>> 11 >= 0x1d) {
      const hw2 = this.bus.fetch16((pc + 2) >>> 0);
      insn = decode(((hw1 << 16) | hw2) >>> 0, 4);
    } else {
      insn = decode(hw1, 2);
    }
    if (this.breakpoints.has(pc)) insn = breakpointAt(insn);
    const pageIndex = pc >>> 16;
    let page = this.cache[pageIndex];
    if (page === undefined) {
      page = this.cache[pageIndex] = new Array<Insn | undefined>(0x8000);
      this.bus.watchCode(pc, this.codeWritten);
    }
    page[(pc & 0xffff) >>> 1] = insn;
    return insn;
  }

  /** A write landed where decoded instructions may be cached: drop the stale ones. */
  private readonly codeWritten = (addr: number, bytes: number): void => {
    let dropped = false;
    // A 32-bit instruction that starts 2 bytes before the write covers it too.
    for (let a = (addr & ~1) - 2; a < addr + bytes; a += 2) {
      const page = this.cache[(a >>> 0) >>> 16];
      const slot = (a & 0xffff) >>> 1;
      if (page !== undefined && page[slot] !== undefined) {
        page[slot] = undefined;
        dropped = true;
      }
    }
    // Every instruction of a block is in the cache: no decode there, no block either.
    if (dropped) this.dropBlocks(addr >>> 0, bytes);
  };

  /** Drops the blocks that hold any of the bytes written, and stops the one running, if any. */
  private dropBlocks(addr: number, bytes: number): void {
    for (let a = (addr & ~1) - MAX_BLOCK_BYTES; a < addr + bytes; a += 2) {
      const page = this.blocks[(a >>> 0) >>> 16];
      const slot = (a & 0xffff) >>> 1;
      const block = page === undefined ? undefined : page[slot];
      if (block !== undefined && block.end - addr > 0) page[slot] = undefined;
    }
    this.attention = 1;
  }

  /** Forget every decoded instruction (after a reset or a bulk load). */
  flushDecodeCache(): void {
    this.decodedPrivileged = this.isPrivileged();
    for (const page of this.cache) if (page !== undefined) page.fill(undefined);
    for (const page of this.blocks) if (page !== undefined) page.fill(undefined);
  }

  // --- Pseudocode helpers used by instruction handlers (ARMv7-M ARM A2.3, A7.3) ---------

  /** ConditionPassed() for a 4-bit condition (A7.3.1). */
  conditionPassed(cond: number): boolean {
    let result: boolean;
    switch (cond >>> 1) {
      case 0:
        result = this.z === 1;
        break;
      case 1:
        result = this.c === 1;
        break;
      case 2:
        result = this.n === 1;
        break;
      case 3:
        result = this.v === 1;
        break;
      case 4:
        result = this.c === 1 && this.z === 0;
        break;
      case 5:
        result = this.n === this.v;
        break;
      case 6:
        result = this.n === this.v && this.z === 0;
        break;
      default:
        return true;
    }
    return (cond & 1) === 1 ? !result : result;
  }

  inITBlock(): boolean {
    return (this.itstate & 0xf) !== 0;
  }

  lastInITBlock(): boolean {
    return (this.itstate & 0xf) === 0x8;
  }

  /** BranchWritePC (also ALUWritePC in ARMv7-M). */
  branchWritePC(address: number): void {
    this.nextPc = address & ~1;
    this.cycles += CYCLES.branchRefill;
  }

  /** BXWritePC / BLXWritePC / LoadWritePC: interworking branch, EXC_RETURN in Handler mode. */
  bxWritePC(address: number): void {
    if (this.ipsr !== 0 && address >>> 28 === 0xf) {
      this.hooks.exceptionReturn(this, address >>> 0);
      return;
    }
    if ((address & 1) === 0) {
      // EPSR.T = 0: the next instruction takes an INVSTATE UsageFault (A2.3.1).
      this.t = 0;
      this.attention = 1;
    }
    this.nextPc = address & ~1;
    this.cycles += CYCLES.branchRefill;
  }

  /** Writes Rd for an ALU instruction: PC writes branch, SP writes drop bits [1:0]. */
  writeReg(d: number, value: number): void {
    if (d < 13) this.regs[d] = value;
    else if (d === 13) this.regs[13] = value & ~3;
    else if (d === 14) this.regs[14] = value;
    else this.branchWritePC(value);
  }

  setNZ(result: number): void {
    this.n = result >>> 31;
    this.z = (result | 0) === 0 ? 1 : 0;
  }

  /** A synchronous fault found while executing the current instruction. */
  fault(kind: FaultKind, address = 0, detail = ''): void {
    this.hooks.fault(this, kind, address >>> 0, detail);
  }

  /** CurrentModeIsPrivileged(). */
  isPrivileged(): boolean {
    return this.ipsr !== 0 || (this.control & CONTROL_nPRIV) === 0;
  }

  // --- FPU context (B1.5, "Lazy context save of FP state"; A2.5: CheckVFPEnabled) -----------

  /**
   * ExecuteFPCheck(), which every floating-point instruction runs first: CPACR must grant access
   * (a NOCP UsageFault otherwise); a context whose saving an exception deferred is saved now;
   * with FPCCR.ASPEN, the first FP instruction of a new context sets CONTROL.FPCA and takes
   * FPSCR's defaults from FPDSCR.
   */
  executeFPCheck(): void {
    const access = (this.cpacr >>> CPACR_CP10_SHIFT) & 3;
    if (access !== CPACR_FULL && (access !== CPACR_PRIVILEGED || !this.isPrivileged())) {
      throw new CpuFault('NOCP', 0, 'CPACR does not grant access to the FPU (CP10, CP11)');
    }
    if ((this.fpccr & FPCCR_LSPACT) !== 0) this.hooks.preserveFPState(this);
    if ((this.control & CONTROL_FPCA) === 0 && (this.fpccr & FPCCR_ASPEN) !== 0) {
      this.fpscr = ((this.fpscr & ~FPSCR_DEFAULTS) | (this.fpdscr & FPSCR_DEFAULTS)) >>> 0;
      this.control |= CONTROL_FPCA;
    }
  }

  /**
   * PreserveFPState(): S0-S15 and FPSCR go to the frame space that exception entry reserved at
   * FPCAR, and FPCCR.LSPACT clears. A fault on these writes (thrown, LSPACT still set) is the
   * exception model's to report (MLSPERR, LSPERR).
   */
  preserveFPState(): void {
    const base = (this.fpcar & ~7) >>> 0;
    for (let k = 0; k < 16; k++) this.bus.write32(base + 4 * k, this.s[k]);
    this.bus.write32(base + 0x40, this.fpscr);
    this.fpccr = (this.fpccr & ~FPCCR_LSPACT) >>> 0;
  }

  // --- Memory accesses (A3.2): MemU allows unaligned addresses unless CCR.UNALIGN_TRP; MemA never.

  readU16(addr: number): number {
    if ((addr & 1) !== 0 && this.unalignTrap) throw new CpuFault('UNALIGNED', addr);
    return this.bus.read16(addr);
  }

  readU32(addr: number): number {
    if ((addr & 3) !== 0 && this.unalignTrap) throw new CpuFault('UNALIGNED', addr);
    return this.bus.read32(addr);
  }

  writeU16(addr: number, value: number): void {
    if ((addr & 1) !== 0 && this.unalignTrap) throw new CpuFault('UNALIGNED', addr);
    this.bus.write16(addr, value);
  }

  writeU32(addr: number, value: number): void {
    if ((addr & 3) !== 0 && this.unalignTrap) throw new CpuFault('UNALIGNED', addr);
    this.bus.write32(addr, value);
  }

  readA16(addr: number): number {
    if ((addr & 1) !== 0) throw new CpuFault('UNALIGNED', addr);
    return this.bus.read16(addr);
  }

  readA32(addr: number): number {
    if ((addr & 3) !== 0) throw new CpuFault('UNALIGNED', addr);
    return this.bus.read32(addr);
  }

  writeA16(addr: number, value: number): void {
    if ((addr & 1) !== 0) throw new CpuFault('UNALIGNED', addr);
    this.bus.write16(addr, value);
  }

  writeA32(addr: number, value: number): void {
    if ((addr & 3) !== 0) throw new CpuFault('UNALIGNED', addr);
    this.bus.write32(addr, value);
  }

  // --- Special registers -------------------------------------------------------------------

  get apsr(): number {
    return (
      ((this.n << 31) |
        (this.z << 30) |
        (this.c << 29) |
        (this.v << 28) |
        (this.q << 27) |
        (this.ge << 16)) >>>
      0
    );
  }

  set apsr(value: number) {
    this.n = (value >>> 31) & 1;
    this.z = (value >>> 30) & 1;
    this.c = (value >>> 29) & 1;
    this.v = (value >>> 28) & 1;
    this.q = (value >>> 27) & 1;
    this.ge = (value >>> 16) & 0xf;
  }

  get epsr(): number {
    const it = this.itstate;
    return ((this.t << 24) | ((it & 3) << 25) | ((it >>> 2) << 10)) >>> 0;
  }

  get xpsr(): number {
    return (this.apsr | this.epsr | this.ipsr) >>> 0;
  }

  set xpsr(value: number) {
    this.apsr = value;
    this.t = (value >>> 24) & 1;
    this.itstate = ((value >>> 25) & 3) | (((value >>> 10) & 0x3f) << 2);
    this.ipsr = value & 0x1ff;
    this.syncStackPointer();
    if (this.t === 0) this.attention = 1;
  }

  /** The stack pointer that CONTROL.SPSEL and the mode select (B1.4.7). */
  private wantsPsp(): boolean {
    return this.ipsr === 0 && (this.control & CONTROL_SPSEL) !== 0;
  }

  /** Puts the selected stack pointer in regs[13] after a mode or CONTROL change. */
  syncStackPointer(): void {
    const want = this.wantsPsp();
    if (want !== this.spIsPsp) {
      const active = this.regs[13];
      this.regs[13] = this.otherSp;
      this.otherSp = active;
      this.spIsPsp = want;
    }
  }

  get msp(): number {
    return this.spIsPsp ? this.otherSp : this.regs[13];
  }

  set msp(value: number) {
    if (this.spIsPsp) this.otherSp = value & ~3;
    else this.regs[13] = value & ~3;
  }

  get psp(): number {
    return this.spIsPsp ? this.regs[13] : this.otherSp;
  }

  set psp(value: number) {
    if (this.spIsPsp) this.regs[13] = value & ~3;
    else this.otherSp = value & ~3;
  }

  /** The current SP (regs[13]). */
  get sp(): number {
    return this.regs[13];
  }

  set sp(value: number) {
    this.regs[13] = value & ~3;
  }

  setControl(value: number): void {
    this.control = value & (CONTROL_nPRIV | CONTROL_SPSEL | CONTROL_FPCA);
    this.syncStackPointer();
    this.privilegeMayHaveChanged();
  }

  /**
   * Set while instruction fetches are checked by privilege (the MPU on): decoded instructions
   * then hold for the privilege they were fetched at (`decodedPrivileged`) only.
   */
  fetchChecksPrivilege = false;
  private decodedPrivileged = true;

  /**
   * IPSR or CONTROL.nPRIV changed (exception entry or return, MSR CONTROL). While fetches are
   * checked by privilege, instructions decoded under the other privilege are fetched again, so
   * that the MPU judges them under this one (an IACCVIOL the cache must not hide).
   */
  privilegeMayHaveChanged(): void {
    if (!this.fetchChecksPrivilege) return;
    const now = this.isPrivileged();
    if (now === this.decodedPrivileged) return;
    this.decodedPrivileged = now;
    this.flushDecodeCache();
    this.onPrivilegeChange?.();
  }

  /** Told when the privilege changed while fetches are checked by it (the MPU's fast pages). */
  onPrivilegeChange: (() => void) | null = null;

  /** Architectural reset of the core's registers (B1.5.5), before the vector fetch. */
  resetState(): void {
    this.regs.fill(0);
    this.otherSp = 0;
    this.spIsPsp = false;
    this.apsr = 0;
    this.t = 1;
    this.itstate = 0;
    this.ipsr = 0;
    this.primask = 0;
    this.basepri = 0;
    this.faultmask = 0;
    this.control = 0;
    this.s.fill(0);
    this.fpscr = 0;
    this.cpacr = 0;
    this.fpccr = FPCCR_RESET;
    this.fpcar = 0;
    this.fpdscr = 0;
    this.eventRegister = false;
    this.exclusiveOpen = true;
    this.regs[14] = 0xffffffff;
    this.stopped = null;
    this.attention = 0;
    this.flushDecodeCache();
  }
}
