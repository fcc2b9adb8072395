/**
 * A debugging session on one machine, with no screen: what the terminal UI's keys do (step,
 * step over, step out, run, pause, reset, run to cursor, breakpoints, watches, the button, the
 * console) and the run loop that executes the machine in short slices, paced to the wall clock
 * or as fast as it goes. The screen only reads it.
 */
import type { Machine } from '../chip/machine.ts';
import { FIRST_IRQ } from '../cpu/exceptions.ts';
import type { StopKind } from '../cpu/hooks.ts';
import type { LoadedImage } from '../loader/image.ts';
import { SymbolTable } from '../loader/symbols.ts';
import { Pacer } from '../time/pacer.ts';
import { Alarm } from '../time/scheduler.ts';
import { REGISTER_NAMES, readRegister } from '../cli/registers.ts';
import { ConsoleLog } from './console-log.ts';
import { exceptionReturnAddress, flowAt, readWord, type Flow, type FlowKind } from './stepping.ts';
import { hex8 } from './text.ts';

/** A program the session can (re)start: a fresh machine with the image loaded and started. */
export interface Program {
  /** Shown in the title: the file name. */
  name: string;
  boot(): Promise<{ machine: Machine; image: LoadedImage }>;
  /** Start running as soon as it is loaded (a demo), rather than paused at its first instruction. */
  runAtStart?: boolean;
}

/**
 * - `paused`: the user stopped it, a step ended, a breakpoint or a watch hit;
 * - `running`;
 * - `halted`: it stopped by itself (`b .`, a fault, a lockup, an exit) and can go no further;
 * - `empty`: no program (nothing loaded, or the image could not be loaded).
 */
export type RunState = 'paused' | 'running' | 'halted' | 'empty';

export interface Status {
  state: RunState;
  /** Why it is in that state, in words: "breakpoint at 0x20000104 <loop>". */
  message: string;
  /** The core's reason when it stopped itself. */
  kind?: StopKind | 'error';
}

/** What a run is for; `continue` runs until something stops it. */
type Goal =
  | { kind: 'continue' }
  | { kind: 'over'; address: number; sp: number }
  | { kind: 'cursor'; address: number }
  | { kind: 'return'; address: number }
  | { kind: 'out'; ipsr: number; depth: number; preempted: FlowKind };

/** One speed sample: wall time, instructions, emulated seconds. */
interface Sample {
  wallMs: number;
  instructions: number;
  seconds: number;
}

export interface Speed {
  /** Millions of instructions per wall-clock second, over the last second of running. */
  mips: number;
  /** Emulated seconds per wall second. */
  realtimeFactor: number;
}

export interface Watch {
  address: number;
  /** The value when the current run or step began. */
  before: number | undefined;
}

/** How long a key press holds B1 down, in emulated seconds. */
export const BUTTON_PRESS_SECONDS = 0.2;
/**
 * While the firmware waits for an interrupt that the user may cause (a press, a typed key), an
 * alarm this often stands for the user, so that the waiting core sleeps on as time passes.
 */
const USER_TICK_SECONDS = 0.01;
/** As fast as possible, one call of the run loop goes at most this far in emulated time. */
const FAST_STRIDE_SECONDS = 1;
/** In real time, a machine that falls this far behind the wall clock gives up the debt. */
const MAX_LAG_SECONDS = 0.1;
/** Instructions per check of the clock when the speed is not known yet. */
const FIRST_CHUNK = 20_000;

/** Whether any interrupt (IRQ) is enabled in the NVIC: something outside may still happen. */
function waitsForInterrupts(machine: Machine): boolean {
  const ex = machine.exceptions;
  for (let n = FIRST_IRQ; n < ex.count; n++) if (ex.enabled[n] === 1) return true;
  return false;
}

export class Session {
  machine: Machine | null = null;
  image: LoadedImage | null = null;
  program: Program | null = null;
  symbols = new SymbolTable();
  status: Status = { state: 'empty', message: 'no program loaded' };
  /** Paced to the wall clock (true) or as fast as possible. */
  realtime = true;
  readonly console = new ConsoleLog();
  /** Register values (REGISTER_NAMES order) when the last step or run began. */
  readonly before = new Uint32Array(REGISTER_NAMES.length);
  readonly breakpoints = new Set<number>();
  readonly watches: Watch[] = [];
  /** Told when a step or run is about to begin (views snapshot what they highlight). */
  onCommand: () => void = () => {};
  /**
   * A debugger (gdb, through `loom ui --gdb`) runs the core: the session's own runs and steps
   * wait, and pausing asks the debugger's target to stop, as Ctrl-C in gdb does.
   */
  private debugger: { interrupt(): void } | null = null;

  private goal: Goal | null = null;
  /** A breakpoint the session set for a goal (not the user's). */
  private tempBreakpoint: number | null = null;
  private readonly pacer: Pacer;
  private chunk = FIRST_CHUNK;
  private samples: Sample[] = [];
  private releaseButton: Alarm | null = null;
  /** The user, as something that may wake the core (see USER_TICK_SECONDS). */
  private user: Alarm | null = null;
  /** The watched address a write hit during this run. */
  private watchHit: number | null = null;
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
    this.pacer = new Pacer(() => this.now() / 1000, 1, MAX_LAG_SECONDS);
  }

  get state(): RunState {
    return this.status.state;
  }

  get running(): boolean {
    return this.status.state === 'running';
  }

  // --- Loading -------------------------------------------------------------------------------

  /** Loads a program: breakpoints and watches of the one before are forgotten. */
  async load(program: Program): Promise<void> {
    this.breakpoints.clear();
    this.watches.length = 0;
    this.program = program;
    await this.boot(program.runAtStart === true);
  }

  /** Shows that no program could be loaded, and why. */
  fail(message: string): void {
    this.machine = null;
    this.image = null;
    this.program = null;
    this.symbols = new SymbolTable();
    this.goal = null;
    this.status = { state: 'empty', message, kind: 'error' };
  }

  /** Starts the program again from a fresh machine: memory reloaded, breakpoints kept. */
  async reset(): Promise<void> {
    if (this.program !== null) await this.boot(false);
  }

  private async boot(run: boolean): Promise<void> {
    const program = this.program!;
    this.goal = null;
    this.tempBreakpoint = null;
    this.releaseButton = null;
    this.debugger = null;
    let booted: { machine: Machine; image: LoadedImage };
    try {
      booted = await program.boot();
    } catch (e) {
      // Loader errors name the file already.
      const message = (e as Error).message;
      this.fail(message.includes(program.name) ? message : `${program.name}: ${message}`);
      this.program = program;
      return;
    }
    const { machine, image } = booted;
    this.machine = machine;
    this.image = image;
    this.symbols = image.symbols;
    this.console.clear();
    machine.console = { write: (bytes) => this.console.write(bytes) };
    for (const d of machine.diagnostics.list) this.console.note(d.message);
    machine.diagnostics.onReport = (d) => this.console.note(d.message);
    for (const address of this.breakpoints) machine.cpu.addBreakpoint(address);
    for (const w of this.watches) machine.bus.watch(w.address, 4, 'write');
    machine.bus.onWatch = (w) => {
      if (this.watchHit !== null) return;
      // The write completes; the core stops before the next instruction.
      this.watchHit = w.address;
      machine.cpu.stop('request', `watch: 0x${hex8(w.address)} written`);
    };
    this.samples = [];
    this.user = new Alarm('a key press may come', () => this.waitForUser());
    this.beginCommand();
    const stopped = machine.cpu.stopped;
    if (stopped !== null) {
      this.status = { state: 'halted', message: stopped.message, kind: stopped.kind };
    } else if (run) {
      this.status = { state: 'paused', message: '' };
      this.resume();
    } else {
      this.status = { state: 'paused', message: `ready at ${this.where(machine.cpu.pc)}` };
    }
  }

  // --- Commands ------------------------------------------------------------------------------

  /** Runs until something stops it. */
  resume(): void {
    this.start({ kind: 'continue' });
  }

  pause(): void {
    if (!this.running) return;
    if (this.debugger !== null) {
      this.debugger.interrupt();
      return;
    }
    this.finish('paused', `paused at ${this.where(this.machine!.cpu.pc)}`);
  }

  /** One instruction; an exception return is followed to the instruction it returns to. */
  step(): void {
    const machine = this.ready();
    if (machine === null) return;
    this.beginCommand();
    const cpu = machine.cpu;
    const pc = cpu.pc;
    const ipsr = cpu.ipsr;
    const flow = flowAt(machine, pc);
    if (!this.guarded(() => machine.run(1))) return;
    if (cpu.stopped !== null) {
      this.stopped();
      return;
    }
    // The returning instruction has run; the core unstacks before the next one (B1.5.8).
    if (ipsr !== 0 && flow.kind === 'return' && cpu.pc === pc && cpu.ipsr === ipsr) {
      const address = exceptionReturnAddress(machine, flow);
      if (address !== undefined) {
        this.startGoal({ kind: 'return', address });
        return;
      }
    }
    this.status = { state: 'paused', message: `stepped to ${this.where(cpu.pc)}` };
  }

  /** A call (BL, BLX) runs to its return; anything else is one step. */
  stepOver(): void {
    const machine = this.ready();
    if (machine === null) return;
    const cpu = machine.cpu;
    const flow = flowAt(machine, cpu.pc);
    if (flow.kind !== 'call') {
      this.step();
      return;
    }
    this.beginCommand();
    this.startGoal({ kind: 'over', address: cpu.pc + flow.size, sp: cpu.sp });
  }

  /** Runs until the current function returns (in a handler: until the handler returns). */
  stepOut(): void {
    const machine = this.ready();
    if (machine === null) return;
    this.beginCommand();
    this.startGoal({ kind: 'out', ipsr: machine.cpu.ipsr, depth: 0, preempted: 'other' });
  }

  /** Runs until the PC reaches `address`. */
  runTo(address: number): void {
    if (this.ready() === null) return;
    this.beginCommand();
    this.startGoal({ kind: 'cursor', address: address & ~1 });
  }

  toggleBreakpoint(address: number): boolean {
    address &= ~1;
    const cpu = this.machine?.cpu;
    if (this.breakpoints.has(address)) {
      this.breakpoints.delete(address);
      if (this.tempBreakpoint !== address) cpu?.removeBreakpoint(address);
      return false;
    }
    this.breakpoints.add(address);
    cpu?.addBreakpoint(address);
    return true;
  }

  /** Watches the word at `address` (stops a run that writes it), or stops watching it. */
  toggleWatch(address: number): boolean {
    address = (address & ~3) >>> 0;
    const bus = this.machine?.bus;
    const k = this.watches.findIndex((w) => w.address === address);
    if (k >= 0) {
      this.watches.splice(k, 1);
      bus?.unwatch(address, 4, 'write');
      return false;
    }
    this.watches.push({ address, before: this.readWatch(address) });
    bus?.watch(address, 4, 'write');
    return true;
  }

  /** Presses a board button for BUTTON_PRESS_SECONDS of emulated time. */
  pressButton(name: string): void {
    const machine = this.machine;
    if (machine === null) return;
    machine.chip.press(name, true);
    const release = new Alarm(`release ${name}`, () => machine.chip.press(name, false));
    if (this.releaseButton !== null) machine.scheduler.cancel(this.releaseButton);
    this.releaseButton = release;
    machine.scheduler.scheduleIn(release, Math.ceil(BUTTON_PRESS_SECONDS * machine.hclkHz));
    // A halted core may wake up now.
    if (this.state === 'halted' && machine.cpu.stopped?.kind === 'halted') {
      this.status = { state: 'paused', message: `${name} pressed` };
    }
  }

  /** Whether a board button is held down now. */
  buttonPressed(name: string): boolean {
    const machine = this.machine;
    const button = machine?.board.buttons.find((b) => b.name === name);
    if (machine === null || button === undefined) return false;
    return (machine.chip.gpio[button.port].level(button.pin) === 1) === button.activeHigh;
  }

  /** Typed text for the firmware: to the board's console USART (USART3), and semihosting's input. */
  sendInput(bytes: Uint8Array): void {
    const machine = this.machine;
    if (machine === null) return;
    machine.chip.console?.receive(bytes);
    machine.feedInput(bytes);
  }

  setRealtime(on: boolean): void {
    this.realtime = on;
    if (this.machine !== null) this.pacer.start(this.machine.seconds);
    this.samples = [];
  }

  /** `main+0x12 (0x08000132)`, or the bare address. */
  where(address: number): string {
    const name = this.symbols.describe(address);
    return name === undefined ? `0x${hex8(address)}` : `0x${hex8(address)} <${name}>`;
  }

  // --- A debugger -------------------------------------------------------------------------------

  /** Whether a debugger is running the core (the session only watches). */
  get heldByDebugger(): boolean {
    return this.debugger !== null;
  }

  /** A debugger starts the core; `interrupt` stops it (the pause key). */
  debuggerRuns(interrupt: () => void): void {
    const machine = this.machine;
    if (machine === null) return;
    this.goal = null;
    this.beginCommand();
    this.debugger = { interrupt };
    this.status = { state: 'running', message: 'gdb runs the program' };
    this.pacer.start(machine.seconds);
    this.samples = [
      { wallMs: this.now(), instructions: machine.cpu.instructions, seconds: machine.seconds },
    ];
    // A core asleep with interrupts enabled wakes for the keys, as in the session's own runs.
    this.waitForUser();
  }

  /** The debugger's run (or its step, or a change it made while the core stood) ended. */
  debuggerStopped(why: string): void {
    const machine = this.machine;
    if (machine === null) return;
    this.debugger = null;
    const stop = machine.cpu.stopped;
    if (stop !== null && stop.kind !== 'request' && stop.kind !== 'breakpoint') {
      this.status = { state: 'halted', message: stop.message, kind: stop.kind };
    } else {
      this.status = { state: 'paused', message: `${why} at ${this.where(machine.cpu.pc)}` };
    }
  }

  /**
   * How far the next slice of a run may go: in real time, the cycle that keeps the machine on
   * the wall clock, or how long to wait first when it is ahead; as fast as it goes otherwise.
   */
  nextPace(): { waitMs: number; untilCycle: number } {
    const machine = this.machine!;
    const cpu = machine.cpu;
    if (!this.realtime) {
      return {
        waitMs: 0,
        untilCycle: cpu.cycles + Math.ceil(FAST_STRIDE_SECONDS * machine.hclkHz),
      };
    }
    const seconds = machine.seconds;
    const delay = this.pacer.delayFor(seconds);
    if (delay > 0) return { waitMs: Math.max(1, delay * 1000), untilCycle: cpu.cycles };
    const due = this.pacer.dueSeconds();
    return {
      waitMs: 0,
      untilCycle: cpu.cycles + Math.max(1, Math.ceil((due - seconds) * machine.hclkHz)),
    };
  }

  // --- Running -------------------------------------------------------------------------------

  private ready(): Machine | null {
    if (this.machine === null || this.running) return null;
    return this.machine;
  }

  /** Records the state the next step or run starts from, for what-changed highlights. */
  private beginCommand(): void {
    const cpu = this.machine!.cpu;
    for (let k = 0; k < REGISTER_NAMES.length; k++) {
      this.before[k] = readRegister(cpu, REGISTER_NAMES[k]);
    }
    for (const w of this.watches) w.before = this.readWatch(w.address);
    this.watchHit = null;
    this.onCommand();
  }

  private watchMessage(address: number): string {
    const watch = this.watches.find((w) => w.address === address);
    const text = (v: number | undefined) => (v === undefined ? '?' : `0x${hex8(v)}`);
    return `watch: 0x${hex8(address)} written, ${text(watch?.before)} -> ${text(this.readWatch(address))}`;
  }

  private readWatch(address: number): number | undefined {
    return this.machine === null ? undefined : readWord(this.machine, address);
  }

  private start(goal: Goal): void {
    if (this.ready() === null) return;
    this.beginCommand();
    this.startGoal(goal);
  }

  private startGoal(goal: Goal): void {
    const machine = this.machine!;
    this.goal = goal;
    if (goal.kind === 'over' || goal.kind === 'cursor' || goal.kind === 'return') {
      this.tempBreakpoint = goal.address;
      machine.cpu.addBreakpoint(goal.address);
    }
    this.status = { state: 'running', message: '' };
    const wallMs = this.now();
    this.pacer.start(machine.seconds);
    this.samples = [{ wallMs, instructions: machine.cpu.instructions, seconds: machine.seconds }];
  }

  /** Ends a run: the temporary breakpoint goes, the state and its reason are set. */
  private finish(state: RunState, message: string, kind?: Status['kind']): void {
    const cpu = this.machine?.cpu;
    if (this.tempBreakpoint !== null && !this.breakpoints.has(this.tempBreakpoint)) {
      cpu?.removeBreakpoint(this.tempBreakpoint);
    }
    this.tempBreakpoint = null;
    this.goal = null;
    this.status = kind === undefined ? { state, message } : { state, message, kind };
  }

  /** Runs `work`; a failure inside Loom ends the run with a message instead of a crash. */
  private guarded(work: () => void): boolean {
    try {
      work();
      return true;
    } catch (e) {
      this.finish('halted', `internal error in Loom: ${(e as Error).message}`, 'error');
      return false;
    }
  }

  /**
   * Runs the machine until `deadlineMs` (wall clock), or until it stops or is ahead of real
   * time. Returns how many ms to wait before the next slice (0: go on at once).
   */
  slice(deadlineMs: number): number {
    const machine = this.machine;
    if (machine === null || !this.running) return 0;
    if (this.debugger !== null) {
      // The debugger's target runs it; the screen only follows.
      this.sample();
      return Math.max(1, deadlineMs - this.now());
    }
    const cpu = machine.cpu;
    let wait = 0;
    try {
      while (this.running) {
        const now = this.now();
        if (now >= deadlineMs) break;
        const pace = this.nextPace();
        if (pace.waitMs > 0) {
          wait = pace.waitMs;
          break;
        }
        const untilCycle = pace.untilCycle;
        const t0 = this.now();
        const ran =
          this.goal?.kind === 'out'
            ? this.runOut(this.chunk >>> 4 || 1, untilCycle)
            : machine.run(this.chunk, untilCycle);
        this.adaptChunk(ran, this.now() - t0);
        if (cpu.stopped !== null) this.stopped();
      }
    } catch (e) {
      this.finish('halted', `internal error in Loom: ${(e as Error).message}`, 'error');
    }
    this.sample();
    return wait;
  }

  /** Sizes chunks to about 2 ms of emulation, so the clock is checked often but cheaply. */
  private adaptChunk(ran: number, ms: number): void {
    if (ran < this.chunk || ms <= 0) return;
    const perMs = ran / ms;
    this.chunk = Math.max(1000, Math.min(2_000_000, Math.round(perMs * 2)));
  }

  /**
   * Step out, one instruction at a time: calls deepen, returns climb, in the context (IPSR) the
   * step began in; interrupts taken meanwhile are not counted. In a handler it ends when the
   * handler returns. Returns the number of instructions executed.
   */
  private runOut(max: number, untilCycle: number): number {
    const machine = this.machine!;
    const cpu = machine.cpu;
    const goal = this.goal as Extract<Goal, { kind: 'out' }>;
    let ran = 0;
    while (ran < max && cpu.cycles < untilCycle) {
      const ipsr = cpu.ipsr;
      const pc = cpu.pc;
      const flow: Flow = flowAt(machine, pc);
      ran += machine.run(1);
      if (cpu.stopped !== null) return ran;
      if (ipsr === goal.ipsr && cpu.ipsr !== goal.ipsr) {
        // An exception was taken before the instruction: it runs when the handler returns.
        goal.preempted = flow.kind;
        continue;
      }
      // A handler returned to the context and that context's next instruction ran.
      const kind = ipsr === goal.ipsr ? flow.kind : cpu.ipsr === goal.ipsr ? goal.preempted : null;
      if (kind === null) continue;
      if (goal.ipsr !== 0 && kind === 'return' && goal.depth === 0 && cpu.pc === pc) {
        // The handler's own return: follow it to the instruction it resumes.
        const address = exceptionReturnAddress(machine, flow);
        if (address !== undefined) {
          this.startGoal({ kind: 'return', address });
          return ran;
        }
      }
      if (kind === 'call') goal.depth++;
      else if (kind === 'return' && --goal.depth < 0) {
        this.finish('paused', `stepped out to ${this.where(cpu.pc)}`);
        return ran;
      }
    }
    return ran;
  }

  /** The core stopped by itself during a run: a breakpoint, a watch, a halt, a fault. */
  private stopped(): void {
    const machine = this.machine!;
    const cpu = machine.cpu;
    const stop = cpu.stopped!;
    const goal = this.goal;
    if (stop.kind === 'breakpoint' && cpu.hasBreakpoint(cpu.pc)) {
      const pc = cpu.pc;
      const done =
        goal !== null &&
        ((goal.kind === 'over' && pc === goal.address && cpu.sp >= goal.sp) ||
          ((goal.kind === 'cursor' || goal.kind === 'return') && pc === goal.address));
      if (done) {
        const what =
          goal.kind === 'over'
            ? 'stepped over to'
            : goal.kind === 'cursor'
              ? 'reached'
              : 'stepped to';
        this.finish('paused', `${what} ${this.where(pc)}`);
        return;
      }
      if (this.breakpoints.has(pc) || !this.running) {
        this.finish('paused', `breakpoint at ${this.where(pc)}`, 'breakpoint');
        return;
      }
      // The goal's breakpoint, reached deeper in a recursion: go on.
      cpu.stopped = null;
      return;
    }
    if (stop.kind === 'request') {
      this.finish(
        'paused',
        this.watchHit === null ? stop.message : this.watchMessage(this.watchHit),
        'request',
      );
      return;
    }
    if (stop.kind === 'breakpoint') {
      this.finish('paused', stop.message, 'breakpoint');
      return;
    }
    if (stop.kind === 'halted' && this.running && waitsForInterrupts(machine)) {
      // Asleep or in `b .` with an interrupt enabled: the user may still press or type.
      cpu.stopped = null;
      this.waitForUser();
      return;
    }
    const extra =
      stop.kind === 'fault' || stop.kind === 'lockup'
        ? stop.message.includes('CFSR')
          ? ''
          : ` (${machine.exceptions.describeFaults()})`
        : '';
    this.finish('halted', stop.message + extra, stop.kind);
  }

  /** Keeps the user's alarm going while the firmware has interrupts enabled. */
  private waitForUser(): void {
    const machine = this.machine;
    if (machine === null || this.user === null || !waitsForInterrupts(machine)) return;
    if (!this.user.scheduled) {
      machine.scheduler.scheduleIn(this.user, Math.ceil(USER_TICK_SECONDS * machine.hclkHz));
    }
  }

  // --- Speed ---------------------------------------------------------------------------------

  private sample(): void {
    const machine = this.machine;
    if (machine === null) return;
    const wallMs = this.now();
    this.samples.push({ wallMs, instructions: machine.cpu.instructions, seconds: machine.seconds });
    while (this.samples.length > 2 && wallMs - this.samples[1].wallMs > 1000) this.samples.shift();
  }

  /** The speed over the last second of running (zeros when paused). */
  get speed(): Speed {
    const s = this.samples;
    if (!this.running || s.length < 2) return { mips: 0, realtimeFactor: 0 };
    const first = s[0];
    const last = s[s.length - 1];
    const wallS = (last.wallMs - first.wallMs) / 1000;
    if (wallS <= 0) return { mips: 0, realtimeFactor: 0 };
    return {
      mips: (last.instructions - first.instructions) / wallS / 1e6,
      realtimeFactor: (last.seconds - first.seconds) / wallS,
    };
  }
}
