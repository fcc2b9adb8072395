/**
 * Runs a demo ELF on the Nucleo-F746ZG as `loom run` does, for a stated span of emulated time,
 * and keeps what a person at the board would see: every pin change with its time, the console
 * bytes with the times they left USART3, Loom's diagnostics.
 */
import { readFileSync } from 'node:fs';

import { Machine } from '../chip/machine.ts';
import { GpioTrace } from '../cli/gpio-trace.ts';
import { Timeline } from '../cli/timeline.ts';
import type { Stop } from '../cpu/hooks.ts';
import { loadImage, startImage, type LoadedImage } from '../loader/image.ts';

export interface ButtonPress {
  button: string;
  atSeconds: number;
  forSeconds: number;
}

export interface DemoRun {
  machine: Machine;
  image: LoadedImage;
  trace: GpioTrace;
  /** The console's bytes as they left the wire, with their times. */
  console: { text: string; atSeconds: number[] };
  diagnostics: string[];
  /** Why the run ended: null when it reached `seconds`. */
  stop: Stop | null;
}

export interface DemoOptions {
  /** How long to run, in seconds of emulated time. */
  seconds: number;
  presses?: ButtonPress[];
  /** Typed on the console (USART3's RX). */
  input?: string;
}

export async function runDemo(elfPath: string, options: DemoOptions): Promise<DemoRun> {
  const machine = new Machine();
  const image = await loadImage(machine, elfPath, readFileSync(elfPath));
  if (startImage(machine, image) !== 'reset') throw new Error(`${elfPath}: no vector table`);
  const trace = new GpioTrace(machine);
  const timeline = new Timeline(machine);
  const console = { text: '', atSeconds: [] as number[] };
  const decoder = new TextDecoder();
  machine.console = {
    write(bytes) {
      console.text += decoder.decode(bytes, { stream: true });
      for (let k = 0; k < bytes.length; k++) console.atSeconds.push(machine.seconds);
    },
  };
  for (const p of options.presses ?? []) {
    timeline.at(p.atSeconds, () => {
      trace.button(p.button, true);
      machine.chip.press(p.button, true);
    });
    timeline.at(p.atSeconds + p.forSeconds, () => {
      trace.button(p.button, false);
      machine.chip.press(p.button, false);
    });
  }
  if (options.input !== undefined) {
    machine.chip.usarts.USART3.receive(new TextEncoder().encode(options.input));
  }
  let timeUp = false;
  timeline.stopAt(options.seconds, () => (timeUp = true));
  const cpu = machine.cpu;
  do machine.run(10_000_000);
  while (cpu.stopped === null);
  const diagnostics = machine.diagnostics.list.map((d) => d.message);
  return { machine, image, trace, console, diagnostics, stop: timeUp ? null : cpu.stopped };
}

/** The times at which a signal (PB0, LD1) changed. */
export function changeTimes(run: DemoRun, signal: string): number[] {
  return run.trace.of(signal).map((c) => c.atSeconds);
}

/** Differences between consecutive times. */
export function intervals(times: number[]): number[] {
  return times.slice(1).map((t, k) => t - times[k]);
}
