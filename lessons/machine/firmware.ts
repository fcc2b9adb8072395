/**
 * What the walkthroughs of lessons 11-14 share: a demo firmware image (an ELF of
 * firmware/build/) booted through reset on the Nucleo and run headless for a span of emulated
 * time, or to a symbol, with every pin change recorded. The bytes come from the lesson context's
 * `program` reader; where there is none, the walkthrough says which command shows the same.
 */
import { ConsoleBuffer, Machine } from '../../chip/machine.ts';
import type { Stop } from '../../cpu/hooks.ts';
import { loadImage, startImage, type LoadedImage } from '../../loader/image.ts';
import type { LessonContext } from '../lesson.ts';
import { runUntil } from './run.ts';
import { PinTrace } from './trace.ts';

export interface FirmwareRun {
  machine: Machine;
  image: LoadedImage;
  trace: PinTrace;
  /** What the firmware printed on its console (USART3). */
  console: ConsoleBuffer;
  /** Why it stopped before the time was up (a breakpoint at `until`), or null. */
  stop: Stop | null;
}

export interface FirmwareOptions {
  /** Emulated time to run, in seconds. */
  seconds: number;
  /** Stop at this symbol's first instruction instead (a handler), if reached in time. */
  until?: string;
  /** Called before the first instruction: press a button, schedule something. */
  prepare?(machine: Machine): void;
}

/** Runs `path` (from Loom's root); undefined when the context cannot read programs. */
export async function runFirmware(
  context: LessonContext,
  path: string,
  options: FirmwareOptions,
): Promise<FirmwareRun | undefined> {
  if (context.program === undefined) return undefined;
  const machine = new Machine();
  const console = new ConsoleBuffer();
  machine.console = console;
  const image = await loadImage(machine, path, context.program(path));
  if (startImage(machine, image) !== 'reset') throw new Error(`${path}: no vector table`);
  const trace = new PinTrace(machine);
  options.prepare?.(machine);
  const cpu = machine.cpu;
  if (options.until !== undefined) {
    const symbol = image.symbols.get(options.until);
    if (symbol === undefined) throw new Error(`${path}: no symbol ${options.until}`);
    cpu.addBreakpoint(symbol.address);
  }
  runUntil(machine, options.seconds);
  return { machine, image, trace, console, stop: cpu.stopped };
}

/** The sentence a walkthrough says instead of a measurement it could not make here. */
export function runItYourself(command: string): string {
  return `(Loom measures it when it runs the demo: npx loom ${command})`;
}
