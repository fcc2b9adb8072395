/**
 * Builds the C firmware with arm-none-eabi-gcc and newlib-nano into a directory of the caller's
 * choosing (a temporary one: binaries are never committed). A missing toolchain is an error.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = dirname(fileURLToPath(import.meta.url));

/** What every program links with: startup and vector table, semihosting, the kernels. */
const COMMON = ['startup.c', 'semihost.c', 'crc32.c', 'sort.c', 'matmul.c'];

export const CFLAGS = [
  '-mcpu=cortex-m7',
  '-mthumb',
  '-O2',
  '-mfloat-abi=soft',
  '-std=c11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-ffunction-sections',
  '-fdata-sections',
];

const LDFLAGS = ['--specs=nano.specs', '--specs=nosys.specs', '-nostartfiles', '-Wl,--gc-sections'];

export interface BuildOptions {
  /** The program's own sources (its main), absolute or relative to firmware/c. */
  sources: string[];
  /** -D definitions, e.g. { ITERATIONS: 100 }. */
  defines?: Record<string, string | number>;
  outDir: string;
  name: string;
}

/** Compiles and links one ELF; returns its path. */
export function buildElf({ sources, defines = {}, outDir, name }: BuildOptions): string {
  const out = join(outDir, `${name}.elf`);
  const args = [
    ...CFLAGS,
    ...Object.entries(defines).map(([k, v]) => `-D${k}=${v}`),
    `-I${FIRMWARE_DIR}`,
    '-T',
    join(FIRMWARE_DIR, 'loom.ld'),
    ...LDFLAGS,
    '-o',
    out,
    ...[...COMMON, ...sources].map((s) => (s.startsWith('/') ? s : join(FIRMWARE_DIR, s))),
  ];
  run('arm-none-eabi-gcc', args, 'install gcc-arm-none-eabi and libnewlib-arm-none-eabi');
  return out;
}

/** The disassembly of an ELF (for failure messages). */
export function disassemble(elf: string): string {
  return run('arm-none-eabi-objdump', ['-d', elf], 'install gcc-arm-none-eabi');
}

function run(tool: string, args: string[], hint: string): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error(`${tool} is not installed: ${hint}`);
    throw new Error(`${tool} failed:\n${err.stderr ?? err.message}`);
  }
}
