/**
 * Lesson 13's walkthrough stops blinky-systick.elf at SysTick_Handler: the frame's words are
 * labelled in the order of ARMv7-M ARM B1.5.6, LR holds 0xFFFFFFF9 (taken from Thread mode on
 * the MSP, no FP context: B1.5.8), IPSR is 15; SysTick reloads every 16,000 cycles. Then
 * button-exti.elf: LD2 changes at each press, in IPSR 56 (IRQ 40).
 */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { programFromDisk, readFromDisk } from '../test-files.ts';
import { walkthrough } from './walkthrough.ts';

/** The text with its line breaks and indents as single spaces, for sentences that wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('lesson 13 walkthrough', () => {
  it('shows the stacked frame with names, EXC_RETURN, and the button through EXTI', async () => {
    const text = await walkthrough(lessonContext('13-interrupts', readFromDisk, programFromDisk));
    const names = [...text.matchAll(/0x[0-9a-f]{8} {2}0x[0-9a-f]{8} {2}(\w+) /g)].map((m) => m[1]);
    expect(names).toEqual(['r0', 'r1', 'r2', 'r3', 'r12', 'lr', 'pc', 'xpsr']);
    // The stacked xPSR has the Thumb bit (24) and IPSR 0.
    expect(text).toMatch(/0x[0-9a-f]{8} {2}0x[0-9a-f]{2}000000 {2}xpsr/);
    expect(flat(text)).toContain('IPSR is now 15');
    expect(flat(text)).toContain('LR holds 0xFFFFFFF9, an EXC_RETURN (Thread mode, main stack)');
    expect(flat(text)).toContain('SYST_RVR = 15,999 (an exception every 16,000 cycles');
    expect(text).toMatch(/300 ms {2}LD2 lit, in IPSR 56 \(IRQ 40, EXTI15_10\)/);
    expect(text).toMatch(/700 ms {2}LD2 dark, in IPSR 56/);
  });
});
