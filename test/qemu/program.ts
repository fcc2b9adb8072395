/** A generated program: its code, its listing, and the state it starts from. */

export type Role = 'test' | 'setup' | 'data';

export interface Line {
  addr: number;
  /** Instruction value (hw1 << 16 | hw2 for 32-bit ones); data lines have `bytes`. */
  raw: number;
  size: number;
  role: Role;
  /** The Loom encoding a 'test' line exercises. */
  encoding?: string;
  bytes?: Uint8Array;
}

export interface InitialState {
  /** r0-r12, sp, lr, pc. */
  regs: number[];
  xpsr: number;
  /** The scratch area's contents. */
  memory: Uint8Array;
  /** S0-S31 (FPSCR is set by the program's first instructions). */
  fp: number[];
}

export interface Program {
  /** Names it in reports: `seed:index`. */
  id: string;
  code: Uint8Array;
  lines: Line[];
  /** Address of the final `b .`: where a run ends. */
  end: number;
  initial: InitialState;
  /**
   * WFIs. QEMU would sleep there: before each, the harness makes PendSV pending, which wakes
   * the WFI; the program has set PRIMASK, so PendSV stays pending (until the reset after it).
   */
  wakePoints: number[];
  /** The program changes system registers: put QEMU back in a clean Thread mode afterwards. */
  resetAfter: boolean;
}
