/**
 * Lesson 12's walkthrough runs the three blinkies: LD1's half-period is about 8,000,000 cycles
 * at SYSCLK, so 500 ms at 16 MHz, 37 ms at 216 MHz (8 / 8 x 432 / 2) and 115.7 ms at 69.12 MHz
 * (8 / 25 x 432 / 2); Loom's diagnostic on PLLM 25 is quoted.
 */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { programFromDisk, readFromDisk } from '../test-files.ts';
import { walkthrough } from './walkthrough.ts';

/** The text with its line breaks and indents as single spaces, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('lesson 12 walkthrough', () => {
  it('measures the same loop at three clocks and shows the clock trees', async () => {
    const text = await walkthrough(lessonContext('12-clocks', readFromDisk, programFromDisk));
    expect(text).toMatch(/blinky-registers\.elf +HSI, after reset +16 MHz +500 ms/);
    expect(text).toMatch(/blinky-pll\.elf +PLL from HSE, 216 MHz +216 MHz +37 ms/);
    expect(text).toMatch(/blinky-pll-wrong\.elf +PLL with PLLM = 25 +69\.12 MHz +115\.7 ms/);
    expect(flat(text)).toContain('= 13.50: 216 MHz / 16 MHz = 13.5');
    expect(flat(text)).toContain(
      'PLL: 8 MHz / PLLM 8 = 1 MHz, x PLLN 432 = 432 MHz (VCO), / PLLP 2 = 216 MHz',
    );
    expect(flat(text)).toContain('HCLK: 216 MHz (the core, AHB); APB1 54 MHz, APB2 108 MHz');
    expect(flat(text)).toContain(
      'loom: PLL input 0.32 MHz (source / PLLM 25) is outside 0.95-2.1 MHz',
    );
  });
});
