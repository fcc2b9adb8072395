/**
 * Builds the demos that ship with Loom (`npm run firmware`): each one an ELF in firmware/build/,
 * with our own startup code, linker script and register header, compiled by Debian's
 * arm-none-eabi-gcc with newlib-nano for the STM32F746's Cortex-M7 and its single-precision FPU.
 * The tests call `buildDemos` to rebuild them from source into a temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = join(FIRMWARE_DIR, 'build');

export interface Demo {
  name: string;
  /** Sources relative to firmware/, besides the startup code. */
  sources: string[];
  defines?: Record<string, string | number>;
  /** One line for `npm run firmware` and the README. */
  summary: string;
}

const CONSOLE = 'lib/console.c';
const CLOCK = 'lib/clock.c';

export const DEMOS: readonly Demo[] = [
  { name: 'sum', sources: ['sum.c'], summary: '1 + 2 + 3 + 4 + 5 in C, beside sum.s' },
  {
    name: 'blinky-registers',
    sources: ['blinky-registers.c'],
    summary: 'LD1 by RCC and GPIO registers, a busy-wait delay, 16 MHz HSI',
  },
  {
    name: 'blinky-pll',
    sources: ['blinky-pll.c', CLOCK],
    summary: 'the same loop at 216 MHz (HSE bypass, PLL, over-drive): 13.5 times faster',
  },
  {
    name: 'blinky-pll-wrong',
    sources: ['blinky-pll.c', CLOCK],
    defines: { PLL_M: 25 },
    summary: 'PLLM = 25, copied from a 25 MHz-HSE board: wrong rate, and Loom says why',
  },
  {
    name: 'blinky-systick',
    sources: ['blinky-systick.c', CLOCK],
    summary: 'SysTick at 1 kHz: LD1 toggles every 500 ms at 16 MHz and at 216 MHz',
  },
  {
    name: 'button-exti',
    sources: ['button-exti.c'],
    summary: 'B1 (PC13) on EXTI13 toggles LD2',
  },
  {
    name: 'uart-hello',
    sources: ['uart-hello.c', CLOCK, CONSOLE],
    summary: 'printf through USART3 at 115200 baud, then an echo of what it receives',
  },
  {
    name: 'timer-pwm',
    sources: ['timer-pwm.c'],
    summary: 'TIM6 interrupt every 500 ms; TIM3 PWM dims LD1 (10%, 50%, 90%)',
  },
  {
    name: 'scheduler',
    sources: ['scheduler/main.c', 'scheduler/kernel.c', CLOCK, CONSOLE],
    summary: 'a preemptive scheduler: three LED tasks and a task printing to USART3',
  },
  {
    name: 'rtic-style',
    sources: ['rtic-style.c', CONSOLE],
    summary: 'tasks as interrupt handlers, preempting one another by NVIC priority',
  },
];

/** The STM32F746's core: Cortex-M7 with the single-precision FPv5 FPU, hard-float calls. */
export const CFLAGS = [
  '-mcpu=cortex-m7',
  '-mthumb',
  '-mfpu=fpv5-sp-d16',
  '-mfloat-abi=hard',
  '-O2',
  '-g',
  '-std=c11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-ffunction-sections',
  '-fdata-sections',
];

const LDFLAGS = ['--specs=nano.specs', '--specs=nosys.specs', '-nostartfiles', '-Wl,--gc-sections'];

/** Compiles and links one demo into `outDir`; returns the ELF's path. */
export function buildDemo(demo: Demo, outDir: string): string {
  const out = join(outDir, `${demo.name}.elf`);
  const defines = Object.entries(demo.defines ?? {}).map(([k, v]) => `-D${k}=${v}`);
  const args = [
    ...CFLAGS,
    // Paths inside the debug information are relative to firmware/: the same ELF on any machine.
    `-fdebug-prefix-map=${FIRMWARE_DIR}=.`,
    ...defines,
    '-Iinclude',
    '-Ilib',
    '-T',
    'stm32f746.ld',
    ...LDFLAGS,
    '-o',
    out,
    'startup/startup.c',
    ...demo.sources,
  ];
  gcc(args);
  return out;
}

/** Builds every demo into `outDir`; returns their ELF paths by name. */
export function buildDemos(outDir: string): Map<string, string> {
  mkdirSync(outDir, { recursive: true });
  return new Map(DEMOS.map((d) => [d.name, buildDemo(d, outDir)]));
}

function gcc(args: string[]): void {
  try {
    execFileSync('arm-none-eabi-gcc', args, {
      cwd: FIRMWARE_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(
        'arm-none-eabi-gcc is not installed: install gcc-arm-none-eabi and libnewlib-arm-none-eabi',
      );
    }
    throw new Error(`arm-none-eabi-gcc failed:\n${err.stderr ?? err.message}`);
  }
}

// `npm run firmware`: every demo into firmware/build/, a line for each.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const demo of DEMOS) {
    const elf = buildDemo(demo, BUILD_DIR);
    process.stdout.write(`${relative(process.cwd(), elf).padEnd(36)} ${demo.summary}\n`);
  }
}
