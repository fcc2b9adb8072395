/**
 * What the GDB protocol needs from the thing it debugs: registers, memory, run/step/stop,
 * breakpoints, watchpoints and monitor commands. The protocol (protocol.ts) speaks only to this
 * interface; machine-target.ts implements it for a Loom Machine.
 */

/** Signal numbers as GDB's remote protocol spells them (gdb/signals.def). */
export const SIGINT = 2;
export const SIGTRAP = 5;
export const SIGSEGV = 11;

export type WatchKind = 'write' | 'read' | 'access';
export type BreakpointKind = 'software' | 'hardware';

/** Why the target stopped, as a stop reply reports it. */
export type StopEvent =
  | {
      kind: 'signal';
      signal: number;
      /** What caused a SIGTRAP: a breakpoint of either kind, or a watchpoint and its address. */
      reason?:
        { kind: 'swbreak' | 'hwbreak' } | { kind: 'watch'; watch: WatchKind; address: number };
    }
  /** The program ended (semihosting SYS_EXIT): GDB's `W` reply. */
  | { kind: 'exited'; code: number };

export interface GdbTarget {
  /** A register's little-endian bytes, by name as in registers.ts; null if there is none. */
  readRegister(name: string): Uint8Array | null;
  /** Writes a register; false if there is no such register. */
  writeRegister(name: string, bytes: Uint8Array): boolean;
  /** Reads up to `length` bytes; fewer when the range runs into unmapped memory. */
  readMemory(address: number, length: number): Uint8Array;
  /** Writes bytes as a debugger does (read-only memory, flash, included); false on failure. */
  writeMemory(address: number, data: Uint8Array): boolean;

  /**
   * Starts the core. `onStop` is called once, later, when it stops: at a breakpoint, a
   * watchpoint, a fault, after one instruction for a step, or after `interrupt()`.
   */
  resume(mode: 'continue' | 'step', onStop: (stop: StopEvent) => void): void;
  /** Asks a running core to stop (GDB's Ctrl-C); its `onStop` reports SIGINT. */
  interrupt(): void;
  readonly running: boolean;
  /** Why the core is stopped now (the `?` packet). */
  lastStop(): StopEvent;

  addBreakpoint(kind: BreakpointKind, address: number): boolean;
  removeBreakpoint(kind: BreakpointKind, address: number): boolean;
  addWatchpoint(kind: WatchKind, address: number, length: number): boolean;
  removeWatchpoint(kind: WatchKind, address: number, length: number): boolean;

  /** A `monitor` command's output (qRcmd). */
  monitor(command: string): string;

  /** The debugger let go (`D`, or it disconnected): drop its breakpoints, let the core run. */
  detach(): void;
  /** The debugger killed the program (`k`): drop its breakpoints, the core stays halted. */
  kill(): void;
}
