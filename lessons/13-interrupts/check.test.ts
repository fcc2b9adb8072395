/**
 * Lesson 13's checker on the reference solution, the starter and typical interrupt mistakes.
 * Expected values come from the ARMv7-M ARM (SysTick counts RVR down to 0: RVR + 1 cycles a
 * period, B3.3; the external reference is HCLK / 8 on the STM32F7) and RM0385 (EXTI13 and
 * IRQ 40, chapter 10), not from an earlier run.
 */
import { describe, expect, it } from 'vitest';

import { readFromDisk } from '../test-files.ts';
import { check } from './check.ts';

const solution = readFromDisk('13-interrupts/solution/interrupts.s');
const starter = readFromDisk('13-interrupts/exercise/interrupts.s');

const flat = (report: string) => report.replace(/\s+/g, ' ');

function mistake(from: string, to: string, source = solution): string {
  expect(source).toContain(from);
  return source.replace(from, to);
}

describe('lesson 13 checker', () => {
  it('passes the solution: LD1 from SysTick every 500 ms, LD2 once a press', async () => {
    const result = await check(solution, 'interrupts.s');
    expect(result.passed, result.report).toBe(true);
    expect(result.report).toContain('✓ LD1 (PB0) blinks: 3 changes in 1.6 s, every 500 ms');
    expect(flat(result.report)).toContain(
      '✓ LD2 (PB7) toggled once a press (at 300 ms, 700 ms), in the EXTI15_10 handler (IPSR 56)',
    );
  });

  it('fails the starter, naming each SysTick bit and each step from PC13 to the NVIC', async () => {
    const result = await check(starter, 'interrupts.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^SysTick is not set for 1 ms interrupts \(SYST_CSR.ENABLE/);
    const report = flat(result.report);
    expect(report).toContain('SYST_CSR.TICKINT (bit 1) is 0');
    expect(report).toContain('line 13 listens to PA13, not PC13 (B1)');
    expect(report).toContain('NVIC_ISER1 bit 8 is 0');
    expect(report).toContain('The core went to sleep with nothing left to wake it');
  });

  it('says the interrupt repeats when the handler does not clear EXTI_PR', async () => {
    const result = await check(
      mistake(
        '        str r1, [r0]                    @ write 1 to clear: else it is taken again at once\n',
        '',
      ),
      'interrupts.s',
    );
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('the EXTI15_10 interrupt never ends (EXTI_PR.PR13 not cleared)');
    expect(flat(result.report)).toContain(
      'EXTI_PR bit 13 is still 1. While it is set, line 13 holds IRQ 40 pending',
    );
  });

  it('finds SysTick on the external reference (CLKSOURCE = 0): 8 times too slow', async () => {
    const result = await check(
      mistake('movs r1, #(1 << 2) | (1 << 1) | (1 << 0)', 'movs r1, #(1 << 1) | (1 << 0)'),
      'interrupts.s',
    );
    expect(result.passed).toBe(false);
    expect(flat(result.report)).toContain('SYST_CSR.CLKSOURCE (bit 2) is 0');
    // A tick every 8 ms: the 500th comes at 4 s, after the run.
    expect(result.report).toContain('✗ LD1 (PB0) never changed in 1.6 s');
  });

  it('finds an off-by-one reload value', async () => {
    const result = await check(mistake('=16000 - 1', '=16000'), 'interrupts.s');
    expect(result.passed).toBe(false);
    expect(flat(result.report)).toContain(
      'SYST_RVR is 16,000: a period of 16,001 counts, 1.0001 ms.',
    );
  });

  it('finds LD1 toggled by polling COUNTFLAG in Thread mode', async () => {
    const polling = mistake(
      'idle:   wfi                             @ sleep until an interrupt\n        b idle',
      [
        'idle:   ldr r0, =SYST_CSR',
        '        ldr r1, [r0]',
        '        tst r1, #(1 << 16)              @ COUNTFLAG: SysTick reached 0',
        '        beq idle',
        '        ldr r0, =TICKS',
        '        ldr r1, [r0]',
        '        adds r1, r1, #1',
        '        cmp r1, #500',
        '        bne idle_store',
        '        movs r1, #0',
        '        ldr r2, =GPIOB_ODR',
        '        ldr r3, [r2]',
        '        eor r3, r3, #1',
        '        str r3, [r2]',
        'idle_store:',
        '        str r1, [r0]',
        '        b idle',
      ].join('\n'),
    ).replace('(1 << 2) | (1 << 1) | (1 << 0)', '(1 << 2) | (1 << 0)');
    const result = await check(polling, 'interrupts.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^SysTick is not set for 1 ms interrupts \(SYST_CSR.TICKINT/);
    const report = flat(result.report);
    expect(report).toContain('in Thread mode (IPSR 0), not in the SysTick handler');
    expect(report).toContain('✗ The core never sleeps');
  });

  it('finds a button that toggles LD2 on both edges', async () => {
    const both = mistake(
      '        ldr r0, =EXTI_IMR\n',
      '        ldr r0, =0x40013c0c\n        str r1, [r0]                    @ EXTI_FTSR too\n' +
        '        ldr r0, =EXTI_IMR\n',
    );
    const result = await check(both, 'interrupts.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('LD2 toggles on the release too');
    expect(flat(result.report)).toContain('Both EXTI_RTSR and EXTI_FTSR have bit 13 set');
  });

  it('finds IRQ 40 left disabled in the NVIC', async () => {
    const result = await check(
      mistake(
        '        ldr r0, =NVIC_ISER1\n        mov r1, #(1 << (40 - 32))',
        '        mov r1, #0',
      ),
      'interrupts.s',
    );
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('B1 does not reach the NVIC; 1 more wrong');
    expect(flat(result.report)).toContain(
      'NVIC_ISER1 bit 8 is 0: IRQ 40 (EXTI15_10) is not enabled',
    );
  });
});
