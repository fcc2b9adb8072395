/**
 * `loom run`'s board options: what happens to the board during the run (buttons pressed at
 * moments of emulated time, bytes typed on the console), how long it runs (--max-time), what is
 * recorded (--trace-gpio, --vcd) and how fast (--realtime).
 */
import { BOARDS, NUCLEO_F746ZG, type BoardSpec } from '../chip/boards.ts';
import type { Machine } from '../chip/machine.ts';
import { LoaderError } from '../loader/error.ts';
import type { Diagnostic } from '../peripherals/diagnostics.ts';
import { Pacer } from '../time/pacer.ts';
import { flag, option, options, type ParsedArgs } from './args.ts';
import { UsageError } from './errors.ts';
import { execute, type Limits, type RunStop } from './execute.ts';
import { GpioTrace } from './gpio-trace.ts';
import type { Io } from './io.ts';
import { Timeline } from './timeline.ts';
import { toVcd } from './vcd.ts';

export interface ButtonEvent {
  button: string;
  atSeconds: number;
  pressed: boolean;
}

export interface BoardOptions {
  board: BoardSpec;
  buttons: ButtonEvent[];
  /** Bytes for the board's console USART to receive, and when they start (default: at once). */
  uartIn?: Uint8Array;
  uartInAtSeconds?: number;
  maxSeconds?: number;
  vcd?: string;
  traceGpio: boolean;
  realtime: boolean;
}

/** A time in seconds of emulated time: 0.5, 2, 1.25. */
export function parseSeconds(text: string, what: string): number {
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw new UsageError(`${what}: '${text}' is not a time in seconds (such as 0.5)`, 'run');
  }
  return Number(text);
}

/** `B1@0.5` (pressed from 0.5 s) or `B1@0.5+0.2` (pressed from 0.5 s for 0.2 s). */
function parseButton(text: string, pressed: boolean, board: BoardSpec): ButtonEvent[] {
  const what = pressed ? '--press' : '--release';
  const m = /^([^@]+)@([^+]+)(?:\+(.+))?$/.exec(text);
  if (m === null || (!pressed && m[3] !== undefined)) {
    const form = pressed ? 'BUTTON@TIME or BUTTON@TIME+DURATION' : 'BUTTON@TIME';
    throw new UsageError(`${what}: '${text}' is not ${form}`, 'run');
  }
  const [, button, at, duration] = m;
  if (!board.buttons.some((b) => b.name === button)) {
    const names = board.buttons.map((b) => b.name).join(', ');
    throw new UsageError(`${what}: ${board.name} has no button ${button} (it has ${names})`, 'run');
  }
  const atSeconds = parseSeconds(at, what);
  const events = [{ button, atSeconds, pressed }];
  if (duration !== undefined) {
    events.push({ button, atSeconds: atSeconds + parseSeconds(duration, what), pressed: false });
  }
  return events;
}

/** --uart-in: a file's bytes when the text names a file, else the text itself (UTF-8). */
function uartInput(text: string, io: Io): Uint8Array {
  try {
    return io.readFile(text);
  } catch (e) {
    if (!(e instanceof LoaderError)) throw e;
    return new TextEncoder().encode(text);
  }
}

/** `--board NAME` for `command`: the board, the Nucleo-F746ZG without one, a usage error else. */
export function boardOption(args: ParsedArgs, command: string): BoardSpec {
  const name = option(args, 'board');
  const board = name === undefined ? NUCLEO_F746ZG : BOARDS[name];
  if (board === undefined) {
    const names = Object.keys(BOARDS).join(', ');
    throw new UsageError(`--board: no board '${name}' (Loom knows ${names})`, command);
  }
  return board;
}

export function parseBoardOptions(args: ParsedArgs, io: Io): BoardOptions {
  const board = boardOption(args, 'run');
  const buttons = [
    ...options(args, 'press').flatMap((p) => parseButton(p, true, board)),
    ...options(args, 'release').flatMap((p) => parseButton(p, false, board)),
  ];
  const uartIn = option(args, 'uart-in');
  const uartInAt = option(args, 'uart-in-at');
  if (uartInAt !== undefined && uartIn === undefined) {
    throw new UsageError('--uart-in-at: there is no --uart-in to send', 'run');
  }
  const maxTime = option(args, 'max-time');
  return {
    board,
    buttons,
    uartIn: uartIn === undefined ? undefined : uartInput(uartIn, io),
    uartInAtSeconds: uartInAt === undefined ? undefined : parseSeconds(uartInAt, '--uart-in-at'),
    maxSeconds: maxTime === undefined ? undefined : parseSeconds(maxTime, '--max-time'),
    vcd: option(args, 'vcd'),
    traceGpio: flag(args, 'trace-gpio'),
    realtime: flag(args, 'realtime'),
  };
}

/** Emulated time per --realtime slice: the pacing's granularity. */
const SLICE_SECONDS = 0.02;

const wait = (seconds: number) => new Promise((done) => setTimeout(done, seconds * 1000));

/**
 * The board side of one run: set up after the machine's reset, it schedules the button events
 * and the time limit, feeds the console, prints diagnostics and the GPIO trace as they happen.
 */
export class BoardSession {
  private readonly timeline: Timeline;
  private readonly trace: GpioTrace | null;
  /** Set by the stop that --max-time or a --realtime slice scheduled. */
  private timeUp: 'max-time' | 'slice' | null = null;

  constructor(
    private readonly machine: Machine,
    private readonly options: BoardOptions,
    private readonly io: Io,
  ) {
    this.timeline = new Timeline(machine);
    const say = (d: Diagnostic) =>
      io.stderr(`loom: ${d.message} (at ${d.atSeconds.toFixed(6)} s)\n`);
    machine.diagnostics.list.forEach(say); // from before the run (--poke)
    machine.diagnostics.onReport = say;
    const wantTrace = options.traceGpio || options.vcd !== undefined;
    this.trace = wantTrace ? new GpioTrace(machine) : null;
    if (this.trace !== null && options.traceGpio) {
      const trace = this.trace;
      trace.onChange = (c) => io.stderr(`${trace.describe(c)}\n`);
    }
    for (const e of options.buttons) {
      this.timeline.at(e.atSeconds, () => {
        this.trace?.button(e.button, e.pressed);
        machine.chip.press(e.button, e.pressed);
      });
    }
    const { uartIn } = options;
    if (uartIn !== undefined) {
      const usart = machine.chip.usarts[options.board.console.usart];
      this.timeline.at(options.uartInAtSeconds ?? 0, () => usart.receive(uartIn));
    }
    if (options.maxSeconds !== undefined) this.stopAt(options.maxSeconds, 'max-time');
  }

  private stopAt(seconds: number, why: 'max-time' | 'slice'): void {
    this.timeline.stopAt(seconds, () => (this.timeUp = why));
  }

  /** Runs to a stop or a limit, paced to the wall clock with --realtime. */
  async run(limits: Limits): Promise<RunStop> {
    const { maxSeconds } = this.options;
    // --max-time bounds the run: Loom's own instruction limit is not needed.
    const bounded =
      maxSeconds !== undefined && limits.steps === undefined
        ? { ...limits, safety: Number.POSITIVE_INFINITY }
        : limits;
    if (!this.options.realtime) return this.ended(execute(this.machine, bounded));
    const pacer = new Pacer(() => performance.now() / 1000);
    pacer.start(this.machine.seconds);
    const cpu = this.machine.cpu;
    const startInstructions = cpu.instructions;
    for (;;) {
      const sliceEnd = this.machine.seconds + SLICE_SECONDS;
      if (maxSeconds === undefined || sliceEnd < maxSeconds) this.stopAt(sliceEnd, 'slice');
      const done = cpu.instructions - startInstructions;
      const steps = bounded.steps === undefined ? undefined : bounded.steps - done;
      cpu.stopped = null; // the last slice's stop
      const stop = execute(this.machine, { ...bounded, steps });
      if (this.timeUp !== 'slice') return this.ended(stop);
      this.timeUp = null;
      await wait(pacer.delayFor(this.machine.seconds));
    }
  }

  private ended(stop: RunStop): RunStop {
    if (this.timeUp !== 'max-time') return stop;
    const s = this.options.maxSeconds!;
    return { kind: 'max-time', message: `reached ${s} s of emulated time (--max-time ${s})` };
  }

  /** After the run: the VCD file. */
  finish(imageName: string): void {
    if (this.options.vcd === undefined || this.trace === null) return;
    const text = toVcd(this.trace, `${this.options.board.name} running ${imageName}`, 'Loom');
    this.io.writeFile(this.options.vcd, new TextEncoder().encode(text));
  }
}
