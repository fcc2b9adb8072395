/**
 * The demos that ship with Loom, rebuilt from source with arm-none-eabi-gcc (a missing toolchain
 * fails the tests) and run on the Nucleo-F746ZG for a stated span of emulated time. Each test
 * checks what a person at the board would see: when the LEDs change, what the console prints,
 * in which order. Expected times come from the clock tree (RM0385 chapter 5), the baud rate
 * arithmetic, the timers' PSC/ARR, and Loom's cycle model for busy-waits (cpu/cycles.ts: the
 * Cortex-M4 TRM's counts), never from an earlier run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { BUILD_DIR, buildDemos, DEMOS } from './build.ts';
import { changeTimes, intervals, runDemo, type DemoRun } from './demo-run.ts';

const HSI_HZ = 16e6;
/** HSE 8 MHz / PLLM 8 * PLLN 432 / PLLP 2 (lib/clock.c). */
const PLL_HZ = ((8e6 / 8) * 432) / 2;
/** The busy-wait (include/delay.h): 2,666,667 times round a SUBS + taken BNE, 1 + (1 + 1). */
const BUSY_WAIT_CYCLES = 2_666_667 * 3;

let dir: string;
let elves: Map<string, string>;
const elf = (name: string) => elves.get(name)!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loom-demos-'));
  elves = buildDemos(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Asserts `actual` within a relative tolerance of `expected`. */
function near(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative);
}

describe('the committed ELFs', () => {
  test.each(DEMOS.map((d) => d.name))('firmware/build/%s.elf is the fresh build', (name) => {
    const committed = readFileSync(join(BUILD_DIR, `${name}.elf`));
    expect(committed.equals(readFileSync(elf(name))), 'run npm run firmware').toBe(true);
  });
});

describe('sum.c', () => {
  test('stops on its b . with R0 = 15, as sum.s does', async () => {
    const run = await runDemo(elf('sum'), { seconds: 1 });
    expect(run.stop?.kind).toBe('halted');
    expect(run.machine.cpu.regs[0]).toBe(15);
  });
});

describe('blinkies', () => {
  let slow: DemoRun;
  let fast: DemoRun;
  beforeAll(async () => {
    slow = await runDemo(elf('blinky-registers'), { seconds: 2.2 });
    fast = await runDemo(elf('blinky-pll'), { seconds: 0.2 });
  });

  test('blinky-registers: LD1 changes every 8,000,001 cycles of 16 MHz, 0.5 s (to 0.01%)', () => {
    const times = changeTimes(slow, 'LD1');
    expect(times).toHaveLength(5);
    expect(times[0]).toBeLessThan(1e-4);
    for (const dt of intervals(times)) near(dt, BUSY_WAIT_CYCLES / HSI_HZ, 1e-4);
    expect(slow.diagnostics).toEqual([]);
  });

  test('blinky-pll: the same loop at 216 MHz, 13.5 times faster (to 0.01%)', () => {
    expect(fast.machine.hclkHz).toBe(216e6);
    const dts = intervals(changeTimes(fast, 'LD1'));
    expect(dts.length).toBeGreaterThanOrEqual(4);
    for (const dt of dts) near(dt, BUSY_WAIT_CYCLES / PLL_HZ, 1e-4);
    near(intervals(changeTimes(slow, 'LD1'))[0] / dts[0], 13.5, 1e-4);
    expect(fast.diagnostics).toEqual([]);
  });

  test('blinky-pll-wrong: PLLM 25 on an 8 MHz HSE, a wrong rate, and Loom says why', async () => {
    const run = await runDemo(elf('blinky-pll-wrong'), { seconds: 0.5 });
    const sysclk = ((8e6 / 25) * 432) / 2; // 69.12 MHz
    expect(run.machine.chip.rcc.sysclkHz).toBeCloseTo(sysclk, 3);
    const dts = intervals(changeTimes(run, 'LD1'));
    expect(dts.length).toBeGreaterThanOrEqual(3);
    for (const dt of dts) near(dt, BUSY_WAIT_CYCLES / sysclk, 1e-4);
    expect(run.diagnostics).toContain(
      'PLL input 0.32 MHz (source / PLLM 25) is outside 0.95-2.1 MHz',
    );
  });

  test('blinky-systick: LD1 every 500 ms (to 2 ms) at 16 MHz, and at 216 MHz after 2 s', async () => {
    const run = await runDemo(elf('blinky-systick'), { seconds: 4.2 });
    const times = changeTimes(run, 'LD1');
    expect(times).toHaveLength(8);
    times.forEach((t, k) => expect(Math.abs(t - 0.5 * (k + 1))).toBeLessThan(0.002));
    expect(run.machine.hclkHz).toBe(216e6);
  });
});

describe('button-exti', () => {
  test('each press of B1 toggles LD2 within 20 us; releases do nothing', async () => {
    const presses = [
      { button: 'B1', atSeconds: 0.3, forSeconds: 0.1 },
      { button: 'B1', atSeconds: 0.8, forSeconds: 0.1 },
    ];
    const run = await runDemo(elf('button-exti'), { seconds: 2, presses });
    const times = changeTimes(run, 'LD2');
    expect(times).toHaveLength(2);
    times.forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual(presses[k].atSeconds);
      expect(t - presses[k].atSeconds).toBeLessThan(20e-6);
    });
    expect(run.machine.chip.ledLit('LD2')).toBe(false);
    // Asleep after the last release, with nothing left that could wake the core.
    expect(run.stop?.kind).toBe('halted');
    expect(run.machine.seconds).toBeCloseTo(0.9, 6);
  });
});

describe('uart-hello', () => {
  const hello = 'Hello from the STM32F746 at 216 MHz!\nType: what you type comes back.\n';

  test('prints its greeting, then echoes what it receives', async () => {
    const run = await runDemo(elf('uart-hello'), { seconds: 1, input: 'hi, Loom!' });
    expect(run.console.text).toBe(`${hello}hi, Loom!`);
    expect(run.stop?.kind).toBe('halted');
  });

  test('characters leave every 10 bits of 115200 baud: BRR 469 at PCLK1 54 MHz (to 0.1%)', async () => {
    const run = await runDemo(elf('uart-hello'), { seconds: 1 });
    const frameSeconds = (10 * Math.round(54e6 / 115200)) / 54e6; // 86.85 us
    const dts = intervals(run.console.atSeconds.slice(0, hello.length));
    for (const dt of dts.slice(1)) near(dt, frameSeconds, 1e-3);
  });
});

describe('timer-pwm', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(elf('timer-pwm'), { seconds: 1.6 });
  });

  test('TIM6 interrupt toggles LD3 every 500 ms: 16 MHz / 16,000 / 500 (to 20 us)', () => {
    const times = changeTimes(run, 'LD3');
    expect(times).toHaveLength(3);
    times.forEach((t, k) => expect(Math.abs(t - 0.5 * (k + 1))).toBeLessThan(20e-6));
  });

  /** LD1's share of time lit between `from` and `to` seconds, and its periods there. */
  function pwm(from: number, to: number): { duty: number; periods: number[] } {
    const changes = run.trace.of('LD1').filter((c) => c.atSeconds >= from && c.atSeconds < to);
    const rises = changes.filter((c) => c.level === 1).map((c) => c.atSeconds);
    let lit = 0;
    for (const rise of rises.slice(0, -1)) {
      const fall = changes.find((c) => c.level === 0 && c.atSeconds > rise)!;
      lit += fall.atSeconds - rise;
    }
    return { duty: lit / (rises.at(-1)! - rises[0]), periods: intervals(rises) };
  }

  test('TIM3 channel 3 dims LD1: 1 kHz PWM (to 0.1%), 10%, 50%, 90% lit (to 0.1 points)', () => {
    for (const [from, duty] of [
      [0.05, 0.1],
      [0.55, 0.5],
      [1.05, 0.9],
    ]) {
      const window = pwm(from, from + 0.4);
      expect(window.periods).toHaveLength(399);
      for (const p of window.periods) near(p, 1e-3, 1e-3);
      expect(Math.abs(window.duty - duty)).toBeLessThan(1e-3);
    }
  });
});

describe('scheduler', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(elf('scheduler'), { seconds: 3.1 });
  });

  /** A task's float clock after `n` toggles, summed as the Cortex-M7's FPU sums it. */
  function clockMs(halfPeriodMs: number, n: number): number {
    const step = Math.fround(halfPeriodMs / 1000);
    let seconds = 0;
    for (let k = 0; k < n; k++) seconds = Math.fround(seconds + step);
    return Math.trunc(Math.fround(Math.fround(seconds * 1000) + 0.5));
  }

  test('the tasks start in priority order, then the report task prints every second', () => {
    const lines = [
      'scheduler: 5 tasks, a tick every ms at 216 MHz',
      'LD1 task starts: a toggle every 100 ms',
      'LD2 task starts: a toggle every 250 ms',
      'LD3 task starts: a toggle every 500 ms',
      'report task starts: a line every second',
    ];
    for (let s = 1; s <= 3; s++) {
      const [n1, n2, n3] = [(s * 1000) / 100, (s * 1000) / 250, (s * 1000) / 500];
      const clocks = `${clockMs(100, n1)}, ${clockMs(250, n2)}, ${clockMs(500, n3)} ms`;
      lines.push(`${s} s: toggles LD1 ${n1}, LD2 ${n2}, LD3 ${n3}; their clocks ${clocks}`);
    }
    expect(run.console.text).toBe(lines.join('\n') + '\n');
  });

  test.each([
    ['LD1', 0.1],
    ['LD2', 0.25],
    ['LD3', 0.5],
  ])('%s toggles every %f s (to 50 us), preempting the printing task', (led, period) => {
    const dts = intervals(changeTimes(run, led as string));
    expect(dts).toHaveLength(Math.floor(3 / (period as number)) - 1);
    for (const dt of dts) expect(Math.abs(dt - (period as number))).toBeLessThan(50e-6);
  });
});

describe('rtic-style', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(elf('rtic-style'), { seconds: 1 });
  });

  test('the tasks print in the order their priorities impose', () => {
    expect(run.console.text.split('\n')).toEqual([
      'round 1: main releases low (STIR)',
      ' low (IRQ 84, priority 3) starts',
      ' low releases high (STIR)',
      '  high (IRQ 86, priority 1) runs',
      '  high releases mid (ISPR): less urgent, it waits',
      '  high ends',
      '  mid (IRQ 85, priority 2) runs: counter 10',
      ' low resumes',
      ' low ends',
      'round 2: main releases low (STIR)',
      ' low (IRQ 84, priority 3) starts',
      " low locks the counter: BASEPRI = mid's priority",
      ' low releases mid (ISPR): pending, masked',
      ' low releases high (STIR): not masked',
      '  high (IRQ 86, priority 1) runs',
      '  high ends',
      ' low unlocks, counter 11',
      '  mid (IRQ 85, priority 2) runs: counter 21',
      ' low resumes after mid',
      ' low ends',
      'main: all tasks done, counter 21',
      '',
    ]);
    expect(run.stop?.kind).toBe('halted');
  });

  test("the LEDs show the nesting: high and mid run inside low's time", () => {
    const [low, mid, high] = ['LD1', 'LD2', 'LD3'].map((led) => changeTimes(run, led));
    expect([low.length, mid.length, high.length]).toEqual([4, 4, 4]);
    for (const round of [0, 1]) {
      const [lowOn, lowOff] = low.slice(2 * round, 2 * round + 2);
      const [midOn, midOff] = mid.slice(2 * round, 2 * round + 2);
      const [highOn, highOff] = high.slice(2 * round, 2 * round + 2);
      expect(lowOn).toBeLessThan(highOn);
      expect(highOff).toBeLessThanOrEqual(midOn); // mid waits for high (round 1) or the unlock
      expect(midOff).toBeLessThan(lowOff);
    }
  });
});
