/**
 * What the machine lessons' checkers share: assemble a student's program, load it on an emulated
 * Nucleo-F746ZG, run it until it stops by itself or a limit of emulated time, and record what a
 * person would have seen on the board (each pin change with its time). A program that does not
 * assemble is a check result that names the line, not an exception.
 */
import { NUCLEO_F746ZG, type BoardSpec } from '../../chip/boards.ts';
import { Machine } from '../../chip/machine.ts';
import type { Stop } from '../../cpu/hooks.ts';
import type { Assembly } from '../../loader/asm.ts';
import { LoaderError } from '../../loader/error.ts';
import { loadImage, startImage } from '../../loader/image.ts';
import type { CheckResult } from '../lesson.ts';
import { StepTrace, type Range } from './steps.ts';

export interface PinChange {
  atSeconds: number;
  /** 'PB0'. */
  pin: string;
  level: number;
}

export interface RunLimits {
  /** Where the program goes: 0x20000100 (DTCM, the default) or 0x08000000 (flash, booted). */
  base?: number;
  /** Emulated time after which the run stops (default 1 s). */
  maxSeconds?: number;
  /** Instructions after which the run stops, whatever the time (default 50 million). */
  maxInstructions?: number;
  board?: BoardSpec;
  /** Called before the first instruction: press a button, schedule something. */
  prepare?(machine: Machine): void;
  /**
   * Run one instruction at a time and record each (`LessonRun.trace`), with the stores into
   * these ranges: for short programs (a few thousand instructions).
   */
  trace?: { stores?: Range[] };
}

export interface LessonRun {
  machine: Machine;
  assembly: Assembly;
  /** How the program started: through reset (it brought a vector table) or at its first line. */
  started: 'reset' | 'entry';
  /** Why it ended: the core's own reason, or 'max-time' / 'limit' for the run's limits. */
  stop: Stop | { kind: 'max-time' | 'limit'; message: string };
  pins: PinChange[];
  /** Each instruction executed and each store watched, when `RunLimits.trace` asked for it. */
  trace?: StepTrace;
}

export type Outcome = { ok: true; run: LessonRun } | { ok: false; result: CheckResult };

const CHUNK = 200_000;

/** A check result for a program that could not even run. */
export function cannotRun(file: string, why: string, look: string): CheckResult {
  const summary = why.startsWith(file) ? why : `${file}: ${why}`;
  return { passed: false, summary, report: `✗ ${summary}\n\n    ${look}\n` };
}

/** Assembles `source` and runs it; `file` names it in messages. */
export async function runExercise(
  source: string,
  file: string,
  limits: RunLimits = {},
): Promise<Outcome> {
  const machine = new Machine(limits.board ?? NUCLEO_F746ZG);
  const bytes = new TextEncoder().encode(source);
  let image;
  try {
    image = await loadImage(machine, file, bytes, { kind: 'asm', base: limits.base });
  } catch (e) {
    if (!(e instanceof LoaderError)) throw e;
    return {
      ok: false,
      result: cannotRun(
        file,
        e.message,
        'Loom could not assemble it: fix that line first (loom asm FILE shows the bytes).',
      ),
    };
  }
  const pins: PinChange[] = [];
  for (const port of Object.values(machine.chip.gpio)) {
    port.onPinChange((letter, pin, level) =>
      pins.push({ atSeconds: machine.seconds, pin: `P${letter}${pin}`, level }),
    );
  }
  const started = startImage(machine, image);
  const trace = limits.trace && new StepTrace(machine, limits.trace.stores);
  limits.prepare?.(machine);
  const stop = runUntil(machine, limits.maxSeconds ?? 1, limits.maxInstructions ?? 50e6, trace);
  return { ok: true, run: { machine, assembly: image.assembly!, started, stop, pins, trace } };
}

/**
 * Runs `machine` until its core stops, `maxSeconds` of emulated time have passed or
 * `maxInstructions` have run (one at a time when `trace` records each).
 */
export function runUntil(
  machine: Machine,
  maxSeconds: number,
  maxInstructions = Number.POSITIVE_INFINITY,
  trace?: StepTrace,
): LessonRun['stop'] {
  const cpu = machine.cpu;
  const start = cpu.instructions;
  while (cpu.stopped === null) {
    if (machine.seconds >= maxSeconds) {
      return { kind: 'max-time', message: `still running after ${maxSeconds} s of emulated time` };
    }
    if (cpu.instructions - start >= maxInstructions) {
      return { kind: 'limit', message: `still running after ${maxInstructions} instructions` };
    }
    const hz = machine.hclkHz;
    const until = cpu.cycles + Math.max(1, Math.ceil((maxSeconds - machine.seconds) * hz));
    const cycles = cpu.cycles;
    trace?.before();
    const ran = machine.run(trace === undefined ? CHUNK : 1, until);
    if (ran > 0) trace?.after();
    if (ran === 0 && cpu.cycles === cycles && cpu.stopped === null) {
      return { kind: 'limit', message: 'the core made no progress' };
    }
  }
  return { ...cpu.stopped };
}

/** The address of a label of the program, or undefined. */
export function labelAddress(run: LessonRun, name: string): number | undefined {
  return run.assembly.symbols.get(name)?.address;
}
