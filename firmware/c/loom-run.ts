/** Runs a firmware ELF on Loom's STM32F746, booting from 0 (see loom.ld), until it stops. */
import { readFileSync } from 'node:fs';

import { ConsoleBuffer, Machine } from '../../chip/machine.ts';
import type { Stop } from '../../cpu/hooks.ts';
import { loadImage, startImage, type LoadedImage } from '../../loader/image.ts';

export interface LoadedFirmware {
  machine: Machine;
  image: LoadedImage;
  /** What the firmware prints through semihosting. */
  console: ConsoleBuffer;
}

export interface LoomRun extends LoadedFirmware {
  stop: Stop;
  output: string;
  instructions: number;
  seconds: number;
}

/** Loads the ELF and resets the machine through the vector table at 0; nothing runs yet. */
export async function loadInLoom(elfPath: string): Promise<LoadedFirmware> {
  const machine = new Machine();
  machine.bootAddress = 0;
  const image = await loadImage(machine, elfPath, readFileSync(elfPath));
  if (startImage(machine, image) !== 'reset') throw new Error(`${elfPath}: no vector table at 0`);
  const console = new ConsoleBuffer();
  machine.console = console;
  return { machine, image, console };
}

/** Runs until the program stops (exit, halt, fault) or `limit` instructions have run. */
export async function runInLoom(elfPath: string, limit = 2e9): Promise<LoomRun> {
  const loaded = await loadInLoom(elfPath);
  const { machine } = loaded;
  const cpu = machine.cpu;
  const start = process.hrtime.bigint();
  while (cpu.stopped === null && cpu.instructions < limit) {
    machine.run(Math.min(10_000_000, limit - cpu.instructions));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stop = cpu.stopped ?? {
    kind: 'request',
    message: `still running after ${limit} instructions`,
  };
  const output = loaded.console.text;
  return { ...loaded, stop, output, instructions: cpu.instructions, seconds };
}
