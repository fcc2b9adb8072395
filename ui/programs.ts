/**
 * Programs the UI can open: an image file with `loom run`'s image options, and the demos its
 * load menu offers (the blinky it opens by default, the sum and `b .` programs, and the firmware
 * ELFs built into firmware/build/ when they are there).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { NUCLEO_F746ZG, type BoardSpec } from '../chip/boards.ts';
import { Machine } from '../chip/machine.ts';
import type { RegisterName } from '../cli/registers.ts';
import { writeRegister } from '../cli/registers.ts';
import { poke } from '../cli/run.ts';
import { loadImage, place, startImage } from '../loader/image.ts';
import type { Program } from './session.ts';

export interface ImageOptions {
  /** Where a .bin or .s image goes. */
  base?: number;
  entry?: number;
  bootAddress?: number;
  /** Registers set after the start, as `--set`. */
  sets?: [RegisterName, number][];
  /** Extra files loaded at addresses, as `--load`. */
  loads?: { name: string; address: number; bytes: Uint8Array }[];
  /** `ADDR=VALUE` words written before the start, as `--poke`. */
  pokes?: string[];
  /** The board around the chip (`--board`); the Nucleo-F746ZG by default. */
  board?: BoardSpec;
}

/** A program from an image's bytes: each (re)start loads them into a fresh machine. */
export function imageProgram(
  path: string,
  bytes: Uint8Array,
  options: ImageOptions = {},
  runAtStart = false,
): Program {
  return {
    name: basename(path),
    runAtStart,
    async boot() {
      const board = options.board ?? NUCLEO_F746ZG;
      const machine = new Machine(board);
      if (options.bootAddress !== undefined) machine.bootAddress = options.bootAddress;
      const image = await loadImage(machine, path, bytes, { base: options.base });
      for (const l of options.loads ?? []) place(machine, l.name, 'the file', l.address, l.bytes);
      startImage(machine, image, { entry: options.entry });
      for (const p of options.pokes ?? []) poke(machine, p);
      for (const [name, value] of options.sets ?? []) writeRegister(machine.cpu, name, value);
      return { machine, image };
    },
  };
}

/** A program whose file is read when it starts, so that a missing file is a message. */
export function fileProgram(
  path: string,
  readFile: (path: string) => Uint8Array,
  options: ImageOptions = {},
  runAtStart = false,
): Program {
  return {
    name: basename(path),
    runAtStart,
    boot: () => imageProgram(path, readFile(path), options, runAtStart).boot(),
  };
}

export interface Demo {
  name: string;
  description: string;
  path: string;
  options: ImageOptions;
  runAtStart: boolean;
}

const root = new URL('..', import.meta.url);
const at = (relative: string) => new URL(relative, root).pathname;
const BUILT = at('firmware/build/');

/** Loom's own blinky in assembly: LD1 blinks once a second (SysTick), B1 (key 1) lights LD2. */
export const ASM_BLINKY: Demo = {
  name: 'blinky.s',
  description: 'in assembly: SysTick toggles LD1, B1 lights LD2',
  path: at('ui/demos/blinky.s'),
  options: { base: 0x0800_0000 },
  runAtStart: true,
};

/**
 * The demo `loom ui` opens with no image: firmware/blinky-systick.c, whose LD1 blinks at 1 Hz
 * from SysTick before and after the clock goes to 216 MHz (the assembly blinky if the built
 * firmware is missing).
 */
export function defaultDemo(): Demo {
  const elf = `${BUILT}blinky-systick.elf`;
  if (!existsSync(elf)) return ASM_BLINKY;
  return {
    name: 'blinky-systick',
    description: 'LD1 blinks at 1 Hz from SysTick; the clock goes to 216 MHz at 2 s',
    path: elf,
    options: {},
    runAtStart: true,
  };
}

/** What a firmware demo does: the first sentence of its source's header comment. */
function describeFirmware(name: string): string {
  for (const source of [at(`firmware/${name}.c`), at(`firmware/${name}/main.c`)]) {
    if (!existsSync(source)) continue;
    const header = /^\/\*([\s\S]*?)\*\//.exec(readFileSync(source, 'utf8'))?.[1] ?? '';
    const text = header
      .replace(/^\s*\*\s?/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    const sentence = /^[\w./-]+:\s*(.*?\.)(\s|$)/.exec(text)?.[1];
    if (sentence !== undefined) return sentence;
  }
  return `firmware/build/${name}.elf`;
}

/** The demos of the load menu: the built firmware, then the assembly programs. */
export function demos(): Demo[] {
  const list: Demo[] = [];
  if (existsSync(BUILT)) {
    for (const file of readdirSync(BUILT)
      .filter((f) => f.endsWith('.elf'))
      .sort()) {
      list.push({
        name: file.replace(/\.elf$/, ''),
        description: describeFirmware(file.replace(/\.elf$/, '')),
        path: BUILT + file,
        options: {},
        runAtStart: true,
      });
    }
  }
  list.push(
    ASM_BLINKY,
    {
      name: 'sum.s',
      description: '1 + 2 + 3 + 4 + 5 into R0, then b . (step it with s)',
      path: at('firmware/sum.s'),
      options: { base: 0x2000_0100 },
      runAtStart: false,
    },
    {
      name: 'b-dot.s',
      description: 'one instruction that branches to itself',
      path: at('firmware/b-dot.s'),
      options: { base: 0x2000_0100 },
      runAtStart: false,
    },
  );
  return list;
}

export function demoProgram(demo: Demo, readFile: (path: string) => Uint8Array): Program {
  return fileProgram(demo.path, readFile, demo.options, demo.runAtStart);
}
