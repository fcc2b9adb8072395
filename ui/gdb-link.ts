/**
 * The GDB server inside the terminal UI (`loom ui IMAGE --gdb PORT`): gdb and the keyboard share
 * one machine. gdb's requests go to a MachineTarget on the session's current machine, paced by
 * the session (in real time, an LED blinks at its rate under gdb's `continue` too). While gdb
 * runs the core the UI follows it on screen, and its pause key stops it as Ctrl-C in gdb does;
 * while the core stands, every change gdb makes (a register, memory, a reset) is drawn.
 * A reset or a new program in the UI gives gdb the new machine; a run gdb had going on the old
 * one ends with SIGINT. When gdb detaches, the UI runs the program on, as a board would.
 */
import type { Machine } from '../chip/machine.ts';
import { MachineTarget } from '../gdb/machine-target.ts';
import {
  SIGTRAP,
  type BreakpointKind,
  type GdbTarget,
  type StopEvent,
  type WatchKind,
} from '../gdb/target.ts';
import { startImage, type LoadedImage } from '../loader/image.ts';
import type { Session } from './session.ts';

/** The signal names gdb prints, for the UI's status line. */
const SIGNAL_NAMES: Record<number, string> = {
  2: 'SIGINT',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  11: 'SIGSEGV',
};

export class GdbLink implements GdbTarget {
  private target: MachineTarget | null = null;
  private machine: Machine | null = null;
  /** Where gdb connects, said in the console each time a program starts. */
  banner: string[] = [];
  /** Told after anything gdb did that the screen shows. */
  onChange: () => void = () => {};

  constructor(private readonly session: Session) {}

  /** The session booted `machine` (a new program, or the UI's reset). */
  attach(machine: Machine | null, image: LoadedImage | null): void {
    if (machine === this.machine) return;
    const old = this.target;
    this.machine = machine;
    this.target =
      machine === null || image === null
        ? null
        : new MachineTarget(machine, {
            reset: () => startImage(machine, image),
            defer: (fn) => void setImmediate(fn),
            pace: {
              start: () => {},
              next: () => this.session.nextPace(),
            },
          });
    // gdb's run on the old machine ends; gdb hears SIGINT and reads the new one.
    if (old?.running) old.interrupt();
  }

  get running(): boolean {
    return this.target?.running ?? false;
  }

  private changed<T>(result: T): T {
    if (!this.running) this.onChange();
    return result;
  }

  readRegister(name: string): Uint8Array | null {
    return this.target?.readRegister(name) ?? null;
  }

  writeRegister(name: string, bytes: Uint8Array): boolean {
    return this.changed(this.target?.writeRegister(name, bytes) ?? false);
  }

  readMemory(address: number, length: number): Uint8Array {
    return this.target?.readMemory(address, length) ?? new Uint8Array(0);
  }

  writeMemory(address: number, data: Uint8Array): boolean {
    return this.changed(this.target?.writeMemory(address, data) ?? false);
  }

  resume(mode: 'continue' | 'step', onStop: (stop: StopEvent) => void): void {
    const target = this.target;
    if (target === null) {
      setImmediate(() => onStop({ kind: 'signal', signal: SIGTRAP }));
      return;
    }
    const session = this.session;
    // The UI's own run (if any) stops first: one runner at a time.
    if (session.running && !session.heldByDebugger) session.pause();
    if (mode === 'continue') session.debuggerRuns(() => target.interrupt());
    target.resume(mode, (stop) => {
      if (this.target === target) {
        session.debuggerStopped(mode === 'step' ? 'gdb stepped' : `gdb: ${describe(stop)}`);
        this.onChange();
      }
      onStop(stop);
    });
    if (mode === 'continue') this.onChange();
  }

  interrupt(): void {
    this.target?.interrupt();
  }

  lastStop(): StopEvent {
    return this.target?.lastStop() ?? { kind: 'signal', signal: SIGTRAP };
  }

  addBreakpoint(kind: BreakpointKind, address: number): boolean {
    return this.target?.addBreakpoint(kind, address) ?? false;
  }

  removeBreakpoint(kind: BreakpointKind, address: number): boolean {
    return this.target?.removeBreakpoint(kind, address) ?? false;
  }

  addWatchpoint(kind: WatchKind, address: number, length: number): boolean {
    return this.target?.addWatchpoint(kind, address, length) ?? false;
  }

  removeWatchpoint(kind: WatchKind, address: number, length: number): boolean {
    return this.target?.removeWatchpoint(kind, address, length) ?? false;
  }

  monitor(command: string): string {
    const out = this.target?.monitor(command) ?? 'no program is loaded\n';
    if (this.machine !== null && !this.running)
      this.session.debuggerStopped(`gdb: monitor ${command}`);
    return this.changed(out);
  }

  /** gdb lets go: its breakpoints go, and the UI runs the program on. */
  detach(): void {
    this.target?.kill();
    this.session.debuggerStopped('gdb detached');
    this.session.resume();
    this.onChange();
  }

  kill(): void {
    this.target?.kill();
    this.session.debuggerStopped('gdb killed the program');
    this.onChange();
  }
}

function describe(stop: StopEvent): string {
  if (stop.kind === 'exited') return `the program exited with ${stop.code}`;
  const name = SIGNAL_NAMES[stop.signal] ?? `signal ${stop.signal}`;
  return stop.reason?.kind === 'watch' ? `${name} (watchpoint)` : `stopped, ${name}`;
}
