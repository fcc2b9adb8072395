/**
 * Runs short Thumb programs on a bare core for instruction tests, the way the ARM ARM's examples
 * read: set registers and flags, run, check every effect.
 */
import { stopOnEvent } from '../cpu/hooks.ts';
import { Machine } from '../chip/machine.ts';
import type { Cpu } from '../cpu/cpu.ts';
import { assemble } from '../loader/asm.ts';

/** Where test programs run: DTCM, like the classic `b .` at 0x20000100. */
export const CODE = 0x2000_0100;
/** A scratch area tests may use as data memory. */
export const DATA = 0x2001_0000;

export interface Setup {
  /** r0..r12, sp, lr by name. */
  regs?: Partial<Record<string, number>>;
  /** Flags to set, e.g. 'NZCVQ' or 'C'; the others are clear. */
  flags?: string;
  ge?: number;
  /** Words written before the run: address -> value. */
  memory?: Record<number, number>;
}

/** r0..r12, sp, lr: the names `Setup.regs` takes, by register number. */
export const REG_NAMES = [
  'r0',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'r6',
  'r7',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'sp',
  'lr',
];

export function prepare(code: Uint8Array, setup: Setup = {}): Machine {
  const m = new Machine();
  m.cpu.resetState();
  // The core alone: SVC, BKPT, faults and WFI stop the run and say why, instead of being taken
  // as exceptions (cpu/exceptions.test.ts tests those).
  m.cpu.hooks = stopOnEvent;
  m.cpu.serviceHook = null;
  m.bus.load(CODE, code);
  m.cpu.pc = CODE;
  m.cpu.msp = 0x2005_0000;
  for (const [name, value] of Object.entries(setup.regs ?? {})) {
    const n = REG_NAMES.indexOf(name);
    if (n < 0) throw new Error(`unknown register ${name}`);
    m.cpu.regs[n] = value!;
  }
  const flags = setup.flags ?? '';
  m.cpu.n = flags.includes('N') ? 1 : 0;
  m.cpu.z = flags.includes('Z') ? 1 : 0;
  m.cpu.c = flags.includes('C') ? 1 : 0;
  m.cpu.v = flags.includes('V') ? 1 : 0;
  m.cpu.q = flags.includes('Q') ? 1 : 0;
  m.cpu.ge = setup.ge ?? 0;
  for (const [addr, value] of Object.entries(setup.memory ?? {}))
    m.bus.write32(Number(addr), value);
  return m;
}

/**
 * Assembles `source` at CODE and runs it: `steps` instructions, or by default until the program
 * stops (a `b .`, a fault, a BKPT).
 */
export async function run(source: string, setup: Setup = {}, steps = 10_000): Promise<Cpu> {
  const m = prepare(await assemble(source, CODE), setup);
  m.cpu.run(steps);
  return m.cpu;
}

/** Runs raw halfwords (for encodings an assembler will not produce). */
export function runHalfwords(halfwords: number[], setup: Setup = {}, steps = 1): Cpu {
  const code = new Uint8Array(halfwords.length * 2);
  halfwords.forEach((h, k) => {
    code[2 * k] = h & 0xff;
    code[2 * k + 1] = h >>> 8;
  });
  const m = prepare(code, setup);
  m.cpu.run(steps);
  return m.cpu;
}

/** The flags as a string like 'nZCv' (upper case = set). */
export function flags(cpu: Cpu): string {
  return (
    (cpu.n ? 'N' : 'n') +
    (cpu.z ? 'Z' : 'z') +
    (cpu.c ? 'C' : 'c') +
    (cpu.v ? 'V' : 'v') +
    (cpu.q ? 'Q' : 'q')
  );
}
