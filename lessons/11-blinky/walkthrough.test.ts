/**
 * Lesson 11's walkthrough runs blinky-registers.elf: LD1 changes every 8,000,001-odd cycles of
 * the 16 MHz HSI (include/delay.h's 2,666,667 times 3 cycles), and a port written without its
 * clock draws Loom's diagnostic. Without a program reader it names the command instead.
 */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { programFromDisk, readFromDisk } from '../test-files.ts';
import { walkthrough } from './walkthrough.ts';

/** The text with its line breaks and indents as single spaces, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('lesson 11 walkthrough', () => {
  it('measures the demo and quotes Loom on a port without its clock', async () => {
    const text = await walkthrough(lessonContext('11-blinky', readFromDisk, programFromDisk));
    expect(text).toMatch(/\n\s+500 ms {2}LD1 dark\n\s+1 s {2}LD1 lit\n/);
    expect(flat(text)).toContain('GPIOB_MODER = 0x00000281');
    expect(flat(text)).toContain(
      'loom: GPIOB written while RCC_AHB1ENR.GPIOBEN = 0: the port has no clock',
    );
  });

  it('says which command measures the demo where it cannot run it', async () => {
    const text = await walkthrough(lessonContext('11-blinky', readFromDisk));
    expect(flat(text)).toContain('npx loom run firmware/build/blinky-registers.elf');
    expect(flat(text)).toContain('loom: GPIOB written while');
  });
});
