/**
 * A Loom Machine as GDB's target: registers through the Cpu's fields, memory through the bus
 * (as a debugger's access port sees it: flash writable, no watchpoint fired), breakpoints in the
 * core's decode cache and watchpoints on the bus, both free when none are set.
 *
 * A running core runs in slices of a few milliseconds with the event loop in between, so that
 * Ctrl-C and a disconnect are seen; slices grow until they last `sliceMs`, so the core runs at
 * full speed.
 *
 * Watchpoints. GDB treats ARM watchpoints as "non-steppable" (arm-tdep.c): it expects the stop
 * before the access completes, steps one instruction with watchpoints removed, then compares
 * values. QEMU's ARM stub stops before the access (gdb_stop_before_watchpoint). A Cortex-M's DWT
 * event comes after the access (it is asynchronous, ARMv7-M ARM C1.8), and a stub that reports
 * that halt as it is makes GDB step once more than it should. Loom stops after the access,
 * before the next instruction, reports `watch:ADDR` there, and answers the single step GDB then
 * asks for without executing anything: GDB ends where it ends on QEMU, after the accessing
 * instruction, with the new value (gdb.test.ts compares the two).
 */
import type { Machine } from '../chip/machine.ts';
import type { Stop } from '../cpu/hooks.ts';
import type { BusAccess } from '../cpu/bus.ts';
import { isRegisterName, readRegister, writeRegister } from '../cpu/registers.ts';
import type { Watchpoint } from '../memory/bus.ts';
import { monitorCommand } from './monitor.ts';
import {
  SIGINT,
  SIGSEGV,
  SIGTRAP,
  type BreakpointKind,
  type GdbTarget,
  type StopEvent,
  type WatchKind,
} from './target.ts';

/** SIGABRT: Loom itself failed while running the program (a bug in Loom, logged). */
const SIGABRT = 6;

export interface MachineTargetOptions {
  /** `monitor reset`: how the program starts again (default: the chip's reset). */
  reset?: () => void;
  /** Runs `fn` once pending I/O has been handled (Node: setImmediate). */
  defer?: (fn: () => void) => void;
  /** How long a slice of a running core lasts, in milliseconds. */
  sliceMs?: number;
  /** Where Loom's own problems are told. */
  log?: (text: string) => void;
  /** Paces a running core to the wall clock (the terminal UI's real time); full speed without. */
  pace?: Pace;
}

/** What paces a running core: how far each slice may go in emulated time. */
export interface Pace {
  /** A run begins now. */
  start(): void;
  /** Before a slice: how long to wait first (0: run now), and the cycle the slice may run to. */
  next(): { waitMs: number; untilCycle: number };
}

interface Hit {
  watchpoint: Watchpoint;
  address: number;
}

export class MachineTarget implements GdbTarget {
  running = false;
  private readonly defer: (fn: () => void) => void;
  private readonly sliceMs: number;
  private readonly log: (text: string) => void;
  private readonly resetMachine: () => void;
  private readonly pace: Pace | undefined;
  private onStop: ((stop: StopEvent) => void) | null = null;
  private stop: StopEvent;
  /** The current run: a slice scheduled for an earlier one does nothing. */
  private run = 0;
  /** Instructions per slice, adjusted so that a slice lasts about `sliceMs`. */
  private sliceInstructions = 100_000;
  /** Loom itself failed during the last run (logged); the stop reports SIGABRT. */
  private failed = false;
  private hit: Hit | null = null;
  /** The watchpoint's access already completed: GDB's next single step is already done. */
  private stepDone = false;
  /** Debugger breakpoints by address: how many of each kind. */
  private readonly breakpoints = new Map<number, Record<BreakpointKind, number>>();

  constructor(
    readonly machine: Machine,
    options: MachineTargetOptions = {},
  ) {
    this.defer = options.defer ?? ((fn) => void setTimeout(fn, 0));
    this.sliceMs = options.sliceMs ?? 10;
    this.log = options.log ?? (() => {});
    this.resetMachine = options.reset ?? (() => machine.reset());
    this.pace = options.pace;
    this.stop = this.stopEvent(machine.cpu.stopped, 'step') ?? { kind: 'signal', signal: SIGTRAP };
  }

  // --- Registers ----------------------------------------------------------------------------

  readRegister(name: string): Uint8Array | null {
    const cpu = this.machine.cpu;
    const d = /^d(\d+)$/.exec(name);
    if (d !== null) {
      const n = Number(d[1]);
      if (n > 15) return null;
      return new Uint8Array(new Uint32Array([cpu.s[2 * n], cpu.s[2 * n + 1]]).buffer);
    }
    const value = this.read32(name);
    return value === null ? null : new Uint8Array(new Uint32Array([value]).buffer);
  }

  private read32(name: string): number | null {
    return isRegisterName(name) ? readRegister(this.machine.cpu, name) : null;
  }

  writeRegister(name: string, bytes: Uint8Array): boolean {
    const cpu = this.machine.cpu;
    const words = new Uint32Array(bytes.slice().buffer);
    const d = /^d(\d+)$/.exec(name);
    if (d !== null) {
      const n = Number(d[1]);
      if (n > 15 || words.length !== 2) return false;
      cpu.s[2 * n] = words[0];
      cpu.s[2 * n + 1] = words[1];
      return true;
    }
    if (words.length !== 1 || !isRegisterName(name)) return false;
    const value = words[0];
    // The core goes elsewhere: a step asked for next is a real one.
    if (name === 'pc' && (value & ~1) !== cpu.pc) this.stepDone = false;
    // The exception number stays: writing it would change the mode (as on QEMU).
    writeRegister(cpu, name, name === 'xpsr' ? (value & ~0x1ff) | cpu.ipsr : value);
    return true;
  }

  // --- Memory -------------------------------------------------------------------------------

  readMemory(address: number, length: number): Uint8Array {
    const bus = this.machine.bus;
    const out = new Uint8Array(length);
    let n = 0;
    while (n < length && address + n <= 0xffffffff) {
      const a = address + n;
      const m = bus.find(a);
      if (m === undefined) break;
      if (m.memory !== null) {
        const count = Math.min(length - n, m.end - a);
        out.set(m.memory.bytes.subarray(a - m.base, a - m.base + count), n);
        n += count;
        continue;
      }
      // A device: registers as the words they are, where the request allows.
      try {
        const size =
          (a & 3) === 0 && length - n >= 4 ? 4 : (a & 1) === 0 && length - n >= 2 ? 2 : 1;
        const value = size === 4 ? bus.read32(a) : size === 2 ? bus.read16(a) : bus.read8(a);
        for (let k = 0; k < size; k++) out[n + k] = value >>> (8 * k);
        n += size;
      } catch {
        break;
      }
    }
    return out.subarray(0, n);
  }

  writeMemory(address: number, data: Uint8Array): boolean {
    const bus = this.machine.bus;
    let n = 0;
    while (n < data.length) {
      const a = address + n;
      const m = a <= 0xffffffff ? bus.find(a) : undefined;
      if (m === undefined) return false;
      if (m.memory !== null) {
        const count = Math.min(data.length - n, m.end - a);
        // Through every alias, read-only memory included; decoded code there is dropped.
        bus.load(a, data.subarray(n, n + count));
        n += count;
        continue;
      }
      try {
        const left = data.length - n;
        const size = (a & 3) === 0 && left >= 4 ? 4 : (a & 1) === 0 && left >= 2 ? 2 : 1;
        let value = 0;
        for (let k = size - 1; k >= 0; k--) value = (value << 8) | data[n + k];
        if (size === 4) bus.write32(a, value >>> 0);
        else if (size === 2) bus.write16(a, value);
        else bus.write8(a, value);
        n += size;
      } catch {
        return false;
      }
    }
    return true;
  }

  // --- Breakpoints and watchpoints ----------------------------------------------------------

  addBreakpoint(kind: BreakpointKind, address: number): boolean {
    address &= ~1;
    if (this.machine.bus.find(address) === undefined) return false;
    let counts = this.breakpoints.get(address);
    if (counts === undefined) {
      counts = { software: 0, hardware: 0 };
      this.breakpoints.set(address, counts);
      this.machine.cpu.addBreakpoint(address);
    }
    counts[kind]++;
    return true;
  }

  removeBreakpoint(kind: BreakpointKind, address: number): boolean {
    address &= ~1;
    const counts = this.breakpoints.get(address);
    if (counts === undefined || counts[kind] === 0) return false;
    counts[kind]--;
    if (counts.software + counts.hardware === 0) {
      this.breakpoints.delete(address);
      this.machine.cpu.removeBreakpoint(address);
    }
    return true;
  }

  addWatchpoint(kind: WatchKind, address: number, length: number): boolean {
    if (this.machine.bus.find(address) === undefined) return false;
    this.machine.bus.watch(address, length, kind);
    return true;
  }

  removeWatchpoint(kind: WatchKind, address: number, length: number): boolean {
    return this.machine.bus.unwatch(address, length, kind);
  }

  private readonly watchHit = (watchpoint: Watchpoint, address: number, _access: BusAccess) => {
    if (this.hit !== null) return;
    this.hit = { watchpoint, address };
    // The access completes; the core stops before the next instruction.
    this.machine.cpu.stop('request', `${watchpoint.kind} watchpoint at ${address.toString(16)}`);
  };

  private clearDebugState(): void {
    for (const address of this.breakpoints.keys()) this.machine.cpu.removeBreakpoint(address);
    this.breakpoints.clear();
    const bus = this.machine.bus;
    for (const w of [...bus.watchpoints]) bus.unwatch(w.address, w.length, w.kind);
    this.stepDone = false;
  }

  // --- Running ------------------------------------------------------------------------------

  resume(mode: 'continue' | 'step', onStop: ((stop: StopEvent) => void) | null): void {
    if (this.running) return;
    this.onStop = onStop;
    this.running = true;
    const run = ++this.run;
    if (mode === 'continue') {
      this.stepDone = false;
      this.pace?.start();
      this.defer(() => this.slice(run));
      return;
    }
    if (this.stepDone) {
      // GDB steps over the watchpoint it was told of: that instruction has completed already.
      this.stepDone = false;
      this.finish({ kind: 'signal', signal: SIGTRAP });
      return;
    }
    this.execute(1);
    this.finish(
      this.stopEvent(this.machine.cpu.stopped, 'step') ?? { kind: 'signal', signal: SIGTRAP },
    );
  }

  interrupt(): void {
    // Between slices (the event loop runs nothing else during one): stop at once.
    if (this.running) this.finish({ kind: 'signal', signal: SIGINT });
  }

  lastStop(): StopEvent {
    return this.stop;
  }

  private slice(run: number): void {
    if (run !== this.run || !this.running) return;
    let untilCycle = Number.POSITIVE_INFINITY;
    if (this.pace !== undefined) {
      const next = this.pace.next();
      if (next.waitMs > 0) {
        setTimeout(() => this.slice(run), next.waitMs);
        return;
      }
      untilCycle = next.untilCycle;
    }
    const started = performance.now();
    const budget = this.sliceInstructions;
    const executed = this.execute(budget, untilCycle);
    const ms = performance.now() - started;
    if (executed === budget) {
      if (ms < this.sliceMs / 2) this.sliceInstructions = Math.min(budget * 2, 1 << 28);
      else if (ms > this.sliceMs * 2) this.sliceInstructions = Math.max(budget >>> 1, 1000);
    }
    const stopped = this.machine.cpu.stopped;
    if (stopped !== null && stopped.kind === 'halted' && this.hit === null) {
      // The core halted by itself (`b .`, WFI with nothing to wake it). A board would spin
      // there until the debugger interrupts it: so does this run, without using the host.
      return;
    }
    const event = this.stopEvent(stopped, 'continue');
    if (event !== null) this.finish(event);
    else this.defer(() => this.slice(run));
  }

  /** Runs up to `instructions` with watchpoints reporting; a failure of Loom stops the core. */
  private execute(instructions: number, untilCycle = Number.POSITIVE_INFINITY): number {
    const bus = this.machine.bus;
    this.hit = null;
    // Another watcher of the bus (the terminal UI's watches) gets its handler back afterwards.
    const other = bus.onWatch;
    bus.onWatch = this.watchHit;
    try {
      return this.machine.run(instructions, untilCycle);
    } catch (e) {
      this.log(`loom gdb: internal error while running: ${(e as Error).stack ?? String(e)}\n`);
      this.machine.cpu.stop('request', `internal error: ${(e as Error).message}`);
      this.failed = true;
      return 0;
    } finally {
      bus.onWatch = other;
    }
  }

  /** The stop reply for the core's stop, or null when it is still running (no stop). */
  private stopEvent(stopped: Stop | null, mode: 'continue' | 'step'): StopEvent | null {
    if (this.failed) {
      this.failed = false;
      return { kind: 'signal', signal: SIGABRT };
    }
    if (this.hit !== null) {
      const { watchpoint, address } = this.hit;
      this.hit = null;
      if (stopped === null || stopped.kind === 'request') {
        this.stepDone = true;
        // The address GDB set the watchpoint on, or inside it: how GDB finds which one it was.
        const reported = address < watchpoint.address ? watchpoint.address : address;
        return {
          kind: 'signal',
          signal: SIGTRAP,
          reason: { kind: 'watch', watch: watchpoint.kind, address: reported },
        };
      }
    }
    if (stopped === null) return mode === 'step' ? { kind: 'signal', signal: SIGTRAP } : null;
    switch (stopped.kind) {
      case 'breakpoint': {
        const counts = this.breakpoints.get(this.machine.cpu.pc);
        if (counts === undefined) return { kind: 'signal', signal: SIGTRAP };
        const kind = counts.software > 0 ? 'swbreak' : 'hwbreak';
        return { kind: 'signal', signal: SIGTRAP, reason: { kind } };
      }
      case 'halted':
        return { kind: 'signal', signal: SIGTRAP };
      case 'fault':
      case 'lockup':
        return { kind: 'signal', signal: SIGSEGV };
      case 'exit':
        return { kind: 'exited', code: stopped.code ?? 0 };
      case 'request':
        return { kind: 'signal', signal: SIGINT };
    }
  }

  private finish(event: StopEvent): void {
    this.running = false;
    this.run++;
    this.stop = event;
    const onStop = this.onStop;
    this.onStop = null;
    onStop?.(event);
  }

  // --- Monitor, detach, kill ----------------------------------------------------------------

  monitor(command: string): string {
    return monitorCommand(this.machine, command, {
      reset: () => {
        this.resetMachine();
        this.stepDone = false;
        this.stop = this.stopEvent(this.machine.cpu.stopped, 'step') ?? {
          kind: 'signal',
          signal: SIGTRAP,
        };
      },
    });
  }

  detach(): void {
    this.clearDebugState();
    if (!this.running) this.resume('continue', null);
  }

  kill(): void {
    this.clearDebugState();
    if (this.running) this.finish({ kind: 'signal', signal: SIGINT });
    this.onStop = null;
  }
}
