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

/** For the FPU: hard-float code and ABI (FPv5-SP-D16, the STM32F746's), printf with %f, libm. */
const FPU_CFLAGS = ['-mfpu=fpv5-sp-d16', '-mfloat-abi=hard', '-mfp16-format=ieee'];
const FPU_LDFLAGS = ['-u', '_printf_float'];

export interface BuildOptions {
  /** The program's own sources (its main), absolute or relative to firmware/c. */
  sources: string[];
  /** -D definitions, e.g. { ITERATIONS: 100 }. */
  defines?: Record<string, string | number>;
  outDir: string;
  name: string;
  /** Compile for the FPU (FPU_CFLAGS) instead of soft float. */
  fpu?: boolean;
  /** The linker script in firmware/c (default loom.ld). */
  script?: string;
}

/** Compiles and links one ELF; returns its path. */
export function buildElf(options: BuildOptions): string {
  const { sources, defines = {}, outDir, name, fpu = false, script = 'loom.ld' } = options;
  const out = join(outDir, `${name}.elf`);
  const cflags = fpu ? [...CFLAGS.filter((f) => f !== '-mfloat-abi=soft'), ...FPU_CFLAGS] : CFLAGS;
  const args = [
    ...cflags,
    ...Object.entries(defines).map(([k, v]) => `-D${k}=${v}`),
    `-I${FIRMWARE_DIR}`,
    '-T',
    join(FIRMWARE_DIR, script),
    ...LDFLAGS,
    ...(fpu ? FPU_LDFLAGS : []),
    '-o',
    out,
    ...[...COMMON, ...sources].map((s) => (s.startsWith('/') ? s : join(FIRMWARE_DIR, s))),
    ...(fpu ? ['-lm'] : []),
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
