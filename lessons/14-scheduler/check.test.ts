/**
 * Lesson 14's checker on the reference solution, the starter and typical context-switch
 * mistakes. What the checker expects comes from the ARMv7-M ARM: the frame exception entry
 * pushes (B1.5.6), EXC_RETURN 0xFFFFFFFD for Thread mode on the PSP and the faults of a bad
 * return (B1.5.8), PendSV's use for context switches at the lowest priority (B1.5.2).
 */
import { describe, expect, it } from 'vitest';

import { readFromDisk } from '../test-files.ts';
import { check } from './check.ts';

const solution = readFromDisk('14-scheduler/solution/scheduler.s');
const starter = readFromDisk('14-scheduler/exercise/scheduler.s');

const flat = (report: string) => report.replace(/\s+/g, ' ');

function mistake(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 14 checker', () => {
  it('passes the solution: both tasks run, ~500 switches in 0.5 s, registers intact', async () => {
    const result = await check(solution, 'scheduler.s');
    expect(result.passed, result.report).toBe(true);
    // SysTick every 1 ms pends PendSV: 499 switches by 0.5 s (the 500th tick falls on the end).
    expect(result.report).toContain(
      '✓ PendSV ran and returned 499 times, with EXC_RETURN 0xFFFFFFFD',
    );
    expect(result.report).toContain('✓ Every task found its r4-r11 as it left them');
  });

  it('fails the starter: PendSV priority, and task B never runs', async () => {
    const result = await check(starter, 'scheduler.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe("PendSV's priority is 0x00, not the lowest (0xF0); 1 more wrong");
    expect(flat(result.report)).toContain('Task B never got going');
    expect(flat(result.report)).toContain('task B counted to 0 and toggled LD2 0 times');
  });

  it('names the register a handler loses when it uses r4 before saving it', async () => {
    const early = mistake(
      "        mrs r0, psp                     @ the running task's stack",
      '        ldr r4, =current\n        mrs r0, psp',
    );
    const result = await check(early, 'scheduler.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toBe('a task lost a register across a switch');
    expect(flat(result.report)).toMatch(
      /Task A found r4 = 0x[0-9a-f]{8} \(the address of current\) where it had left 0x[0-9a-f]{8}/,
    );
  });

  it('decodes the fault of a return to the main stack (EXC_RETURN 0xFFFFFFF9)', async () => {
    const msp = mistake('ldr lr, =0xfffffffd', 'ldr lr, =0xfffffff9');
    const result = await check(msp, 'scheduler.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^a fault: HardFault entered: CFSR 0x00000800 \(UNSTKERR\)/);
    const report = flat(result.report);
    // SP_main is at the top of SRAM2, 0x20050000: there is no frame above it to pop.
    expect(report).toContain('BFSR.UNSTKERR, an exception return could not read its frame');
    expect(report).toContain(
      '✗ PendSV returned with EXC_RETURN 0xFFFFFFF9: Thread mode, main stack.',
    );
  });

  it('catches a switch that saves only r4-r7: the PSP misses the frame', async () => {
    const half = mistake(
      '{r4-r11}             @ its other',
      '{r4-r7}             @ its other',
    ).replace('ldmia r0!, {r4-r11}', 'ldmia r0!, {r4-r7}');
    const result = await check(half, 'scheduler.s');
    expect(result.passed).toBe(false);
    expect(result.summary).toMatch(/^a fault: HardFault entered/);
    expect(flat(result.report)).toContain(
      "check that the PSP you set points where the new task's r4-r11 end and its frame begins",
    );
  });

  it('explains PendSV above SysTick: the switch happens inside SysTick, the return faults', async () => {
    const inverted = mistake('orr r1, r1, #0x00f00000', 'orr r1, r1, #0xf0000000');
    const result = await check(inverted, 'scheduler.s');
    expect(result.passed).toBe(false);
    const report = flat(result.report);
    expect(report).toContain("✗ PendSV's priority is 0x00: it should be the lowest, 0xF0");
    // Returning to Thread mode with SysTick still active is an invalid EXC_RETURN (B1.5.8).
    expect(report).toContain('UFSR.INVPC');
    expect(report).toContain('the EXC_RETURN tried: 0xFFFFFFFD, Thread mode, process stack');
  });
});
