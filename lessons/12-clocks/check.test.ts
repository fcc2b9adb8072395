/**
 * Lesson 12's checker on the reference solution, the starter and typical clock mistakes. The
 * expected clocks come from RM0385 5.3.2's formula (HSE / PLLM x PLLN / PLLP), the expected blink
 * from the given loop count at 3 cycles a time round (cpu/cycles.ts).
 */
import { describe, expect, it } from 'vitest';

import { readFromDisk } from '../test-files.ts';
import { check } from './check.ts';

const solution = readFromDisk('12-clocks/solution/clock.s');
const starter = readFromDisk('12-clocks/exercise/clock.s');

const flat = (report: string) => report.replace(/\s+/g, ' ');

function mistake(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 12 checker', () => {
  it('passes the solution: 96 MHz from the PLL, LD1 every 100 ms', async () => {
    const result = await check(solution, 'clock.s');
    expect(result.passed, result.report).toBe(true);
    expect(result.report).toContain(
      '✓ The PLL: 8 MHz (HSE) / PLLM 8 = 1 MHz, x PLLN 192 = 192 MHz (the VCO), / PLLP 2 = 96 MHz.',
    );
    expect(result.report).toContain('every 100 ms (asked: 100 ms ± 2%)');
  });

  it('fails the starter: still on the HSI, and says which bits to set', async () => {
    const result = await check(starter, 'clock.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^SYSCLK is 16 MHz from the HSI, not 96 MHz from the PLL;/);
    expect(flat(result.report)).toContain('RCC_CFGR.SW (bits 1:0) is 00: write 10');
    expect(flat(result.report)).toContain('RCC_CR.HSEON (bit 16) is 0');
    expect(flat(result.report)).toContain('RCC_PLLCFGR still holds its reset value 0x24003010');
  });

  it("names PLLM when the VCO input is out of range (the DISCO board's 25)", async () => {
    const result = await check(mistake('.equ PLLM, 8', '.equ PLLM, 25'), 'clock.s');
    expect(result.passed).toBe(false);
    const report = flat(result.report);
    expect(report).toContain('PLLM 25 gives a VCO input of 0.32 MHz, outside 0.95-2.1 MHz');
    expect(report).toContain(
      'Loom says: "PLL input 0.32 MHz (source / PLLM 25) is outside 0.95-2.1 MHz"',
    );
    // 8 / 25 x 192 / 2 = 30.72 MHz: 9,600,000 cycles take 312.5 ms.
    expect(report).toContain('LD1 (PB0) changes every 312.5 ms');
    expect(report).toContain('the core ran at about 30.72 MHz');
  });

  it('names PLLP when the VCO is right but the output is not', async () => {
    const result = await check(mistake('.equ PLLP_BITS, 0', '.equ PLLP_BITS, 1'), 'clock.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe(
      'SYSCLK is 48 MHz from the PLL, not 96 MHz from the PLL; 2 more wrong',
    );
    expect(flat(result.report)).toContain(
      'The PLL gives 48 MHz, not 96 MHz. SYSCLK = VCO / PLLP: PLLP 2 (the field 00) would divide',
    );
  });

  it('quotes Loom on too few flash wait states, and names LATENCY', async () => {
    const result = await check(mistake('.equ LATENCY, 3', '.equ LATENCY, 2'), 'clock.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('FLASH_ACR.LATENCY = 2, 96 MHz needs 3');
    expect(flat(result.report)).toContain(
      'Loom says: "FLASH_ACR.LATENCY = 2 wait states is too few for HCLK 96 MHz (it needs 3): ' +
        'a real chip would read wrong instructions"',
    );
  });

  it('finds APB1 too fast and names PPRE1', async () => {
    const result = await check(
      mistake('orr r1, r1, #(4 << 10)', 'orr r1, r1, #(0 << 10)'),
      'clock.s',
    );
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('the bus clocks are out of range');
    const report = flat(result.report);
    expect(report).toContain('Loom says: "APB1 clock 96 MHz is above its 54 MHz maximum"');
    expect(report).toContain('RCC_CFGR.PPRE1 (bits 12:10) = 000: APB1 runs at 96 MHz');
  });

  it('finds HSE started without HSEBYP', async () => {
    const result = await check(
      mistake('        orr r1, r1, #(1 << 18)\n        str r1, [r0]\n', ''),
      'clock.s',
    );
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('HSE started as a crystal oscillator (RCC_CR.HSEBYP = 0)');
    expect(flat(result.report)).toContain('set RCC_CR.HSEBYP (Loom starts it anyway)');
  });

  it('explains a PLLCFGR written while the PLL was already on', async () => {
    const on = '        ldr r1, [r0]\n        orr r1, r1, #(1 << 24)\n        str r1, [r0]\n';
    const early = mistake('        @ 2. The PLL', `${on}        @ 2. The PLL`);
    const result = await check(early, 'clock.s');
    expect(result.passed).toBe(false);
    // The reset configuration runs: 16 MHz HSI / 16 x 192 / 2, 96 MHz, from the wrong source.
    expect(result.summary).toBe('RCC_PLLCFGR still holds its reset value');
    expect(flat(result.report)).toContain('written while RCC_CR.PLLON was set');
  });
});
