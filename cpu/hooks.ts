import type { Cpu } from './cpu.ts';

/**
 * The fault kinds the core can detect, named after their status bits in the CFSR
 * (ARMv7-M ARM B3.2.15). The exception model turns them into MemManage, BusFault or UsageFault.
 */
export type FaultKind =
  | 'IACCVIOL'
  | 'DACCVIOL'
  | 'IBUSERR'
  | 'PRECISERR'
  | 'UNDEFINSTR'
  | 'INVSTATE'
  | 'INVPC'
  | 'NOCP'
  | 'UNALIGNED'
  | 'DIVBYZERO';

/** Why a run stopped. */
export type StopKind =
  | 'halted' // the program can make no more progress (`b .`, WFI with nothing to wake it)
  | 'breakpoint'
  | 'fault'
  | 'exit' // the program asked to end (semihosting SYS_EXIT)
  | 'lockup'
  | 'request'; // the user or a debugger asked

export interface Stop {
  kind: StopKind;
  message: string;
  /** Exit status for 'exit'. */
  code?: number;
}

/**
 * Where the core hands over what the exception model (or a debugger) decides. Each hook runs in
 * the middle of an instruction; `cpu.pc` is that instruction's address and `cpu.nextPc` where
 * execution would go next. The defaults below stop the run with a readable reason; the exception
 * model replaces them with exception entry.
 */
export interface CpuHooks {
  svc(cpu: Cpu, imm8: number): void;
  bkpt(cpu: Cpu, imm8: number): void;
  fault(cpu: Cpu, kind: FaultKind, address: number, detail: string): void;
  wfi(cpu: Cpu): void;
  wfe(cpu: Cpu): void;
  sev(cpu: Cpu): void;
  /** A branch to its own address: `b .`. */
  selfBranch(cpu: Cpu): void;
  /** A write of an EXC_RETURN value (0xFxxxxxxx) to the PC in Handler mode. */
  exceptionReturn(cpu: Cpu, excReturn: number): void;
  /** An FP instruction found FPCCR.LSPACT set: the lazily stacked FP state is stored now. */
  preserveFPState(cpu: Cpu): void;
}

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

export const FAULT_TEXT: Record<FaultKind, string> = {
  IACCVIOL: 'instruction access violation',
  DACCVIOL: 'data access violation',
  IBUSERR: 'bus error on instruction fetch',
  PRECISERR: 'bus error on data access',
  UNDEFINSTR: 'undefined instruction',
  INVSTATE: 'invalid state (EPSR.T = 0: a branch to an even address?)',
  INVPC: 'invalid EXC_RETURN',
  NOCP: 'coprocessor not present or not enabled',
  UNALIGNED: 'unaligned access',
  DIVBYZERO: 'division by zero',
};

/** The core alone, with no exception model: every event stops the run and says why. */
export const stopOnEvent: CpuHooks = {
  svc(cpu, imm8) {
    cpu.nextPc = cpu.pc;
    cpu.stop('halted', `SVC #${imm8} at ${hex(cpu.pc)} with no exception model to take it`);
  },
  bkpt(cpu, imm8) {
    cpu.nextPc = cpu.pc;
    cpu.stop('breakpoint', `BKPT #${imm8} at ${hex(cpu.pc)}`);
  },
  fault(cpu, kind, address, detail) {
    cpu.nextPc = cpu.pc;
    const where = kind === 'PRECISERR' || kind === 'DACCVIOL' ? ` (address ${hex(address)})` : '';
    const more = detail === '' ? '' : `: ${detail}`;
    cpu.stop('fault', `${kind}: ${FAULT_TEXT[kind]} at pc ${hex(cpu.pc)}${where}${more}`);
  },
  wfi(cpu) {
    cpu.stop('halted', `WFI at ${hex(cpu.pc)} with nothing that could wake the core`);
  },
  wfe(cpu) {
    if (cpu.eventRegister) cpu.eventRegister = false;
    else cpu.stop('halted', `WFE at ${hex(cpu.pc)} with nothing that could wake the core`);
  },
  sev(cpu) {
    cpu.eventRegister = true;
  },
  selfBranch(cpu) {
    cpu.stop('halted', `branch to self (b .) at ${hex(cpu.pc)}`);
  },
  exceptionReturn(cpu, excReturn) {
    cpu.nextPc = cpu.pc;
    cpu.stop('fault', `exception return to ${hex(excReturn)} with no exception model`);
  },
  preserveFPState(cpu) {
    cpu.preserveFPState();
  },
};
