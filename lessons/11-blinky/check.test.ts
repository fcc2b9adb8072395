/**
 * Lesson 11's checker on the reference solution, the starter and typical mistakes: each wrong
 * program gets the hint that points at its mistake. Expected times come from the HSI's 16 MHz
 * and Loom's 3 cycles per SUBS + taken BNE (cpu/cycles.ts), not from an earlier run.
 */
import { describe, expect, it } from 'vitest';

import { readFromDisk } from '../test-files.ts';
import { check } from './check.ts';

const solution = readFromDisk('11-blinky/solution/blinky.s');
const starter = readFromDisk('11-blinky/exercise/blinky.s');

/** A report with its line breaks and indents as single spaces, for sentences that wrap. */
const flat = (report: string) => report.replace(/\s+/g, ' ');

/** The solution with one piece of text replaced (which must be there). */
function mistake(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 11 checker', () => {
  it('passes the solution: LD1 changes every 4,000,000 cycles of 16 MHz', async () => {
    const result = await check(solution, 'blinky.s');
    expect(result.passed, result.report).toBe(true);
    expect(result.summary).toBe('LD1 blinks every 250 ms');
    expect(result.report).toContain('✓ LD1 (PB0) blinks: 5 changes in 1.1 s, every 250 ms');
  });

  it('fails the starter, quoting Loom on the missing clock', async () => {
    const result = await check(starter, 'blinky.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(
      /^GPIOB has no clock \(RCC_AHB1ENR.GPIOBEN = 0\); \d more wrong$/,
    );
    expect(result.report).toContain(
      'Loom says: "GPIOB written while RCC_AHB1ENR.GPIOBEN = 0: the port has no clock"',
    );
    expect(result.report).toContain('✗ PB0 is not an output');
    expect(result.report).toContain('✗ LD1 (PB0) never changed in 1.1 s');
  });

  it('finds a MODER written whole: the debug pins and LD2 lose their modes', async () => {
    const whole = mistake(
      '        ldr r1, [r0]\n        bic r1, r1, #(3 << 0)\n        orr r1, r1, #(1 << 0)\n',
      '        mov r1, #1\n',
    );
    const result = await check(whole, 'blinky.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('other pins of port B changed');
    expect(flat(result.report)).toContain(
      'GPIOB_MODER was 0x00004280 before your program and is 0x00000001: it changed PB3 ' +
        '(alternate function -> input), PB4 (alternate function -> input), PB7 (output -> input)',
    );
    // PB4 has a pull-up at reset (GPIOB_PUPDR = 0x00000100): as an input it reads high.
    expect(result.report).toContain(
      'PB4 went high at 1 µs; PB7 went low at 1 µs (LD2 was lit before your program started).',
    );
  });

  it('finds whole writes to ODR: LD2 goes out with LD1', async () => {
    const odr = mistake('ldr r0, =GPIOB_BSRR', 'ldr r0, =0x40020414').replace(
      'mov r2, #(1 << 16)',
      'mov r2, #0',
    );
    const result = await check(odr, 'blinky.s');
    expect(result.passed).toBe(false);
    expect(result.report).toContain('✓ LD1 (PB0) blinks');
    // The first whole write to ODR, LD1 on, turns LD2 off.
    expect(result.report).toContain('PB7 went low at 1 µs (LD2 was lit');
    expect(flat(result.report)).toContain('BSRR (bit 0 sets it, bit 16 resets it)');
  });

  it('measures a wrong count and says how many times round make 250 ms', async () => {
    const result = await check(mistake('1333333', '1000000'), 'blinky.s');
    expect(result.passed).toBe(false);
    // 1,000,000 x 3 cycles at 16 MHz: 187.5 ms.
    expect(result.summary).toBe('LD1 changes every 187.5 ms, not 250 ms');
    expect(flat(result.report)).toContain('4,000,000 cycles: 1,333,333 times round');
  });

  it('names the line of a program that does not assemble', async () => {
    const result = await check(mistake('bic r1, r1', 'bicc r1, r1'), 'blinky.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^blinky.s line \d+/);
  });
});
