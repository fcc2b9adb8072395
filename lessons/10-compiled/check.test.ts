/** Lesson 10's checker on the mistakes students make, each with the hint it gives. */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { readFromDisk } from '../test-files.ts';
import { lesson } from './lesson.ts';

const solution = readFromDisk('10-compiled/solution/startup.s');
const context = lessonContext('10-compiled', readFromDisk);

async function check(source: string) {
  if (lesson.kind !== 'machine') throw new Error('lesson 10 is a machine lesson');
  const result = await lesson.check(source, 'startup.s', context);
  return { ...result, flat: result.report.replace(/\s+/g, ' ') };
}

function changed(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 10 checker', () => {
  it('explains an even Reset vector: INVSTATE, escalated to HardFault', async () => {
    const r = await check(changed('        .thumb_func\nreset_handler:', 'reset_handler:'));
    expect(r.summary).toBe('the Reset vector has bit 0 clear; 1 more wrong');
    expect(r.flat).toContain('Bit 0 of a vector is the Thumb bit');
    expect(r.flat).toContain('It did not reach done: the core took a fault, caught as HardFault');
    expect(r.flat).toContain('CFSR 0x00020000: UFSR.INVSTATE');
    expect(r.flat).toContain('pc=0x08000014 (where it happened)');
  });

  it('wants SP in RAM and 8-aligned', async () => {
    const odd = await check(changed('.word STACK_TOP ', '.word STACK_TOP - 4 '));
    expect(odd.summary).toBe('the initial SP 0x2004fffc is not a multiple of 8');
    expect(odd.flat).toContain('The procedure call standard (AAPCS) keeps the stack 8-byte');
    const flash = await check(changed('.word STACK_TOP ', '.word 0x08010000 '));
    expect(flash.summary).toBe('the initial SP 0x08010000 is not in RAM');
  });

  it('sees .data not copied: sum counts down from garbage', async () => {
    const r = await check(
      changed('        ldr r1, [r0]\n        ldr r2, =LAST\n        str r1, [r2]\n', ''),
    );
    expect(r.summary).toBe('it never reached done; 2 more wrong');
    expect(r.flat).toContain(
      "last (0x20000000) was not written before sum was called: it held 0xdeadbeef, RAM's garbage",
    );
    expect(r.flat).toContain('sum was called by bl at');
  });

  it('tells an address stored in place of the word it points to', async () => {
    const r = await check(changed('        ldr r1, [r0]\n', '        mov r1, r0\n'));
    expect(r.flat).toMatch(/last \(0x20000000\) holds 0x08000010: data_load's address/);
  });

  it('sees .bss not zeroed from the count sum leaves', async () => {
    const r = await check(changed('        str r1, [r2]\n        bl sum', '        bl sum'));
    expect(r.summary).toBe('.bss was not zeroed');
    expect(r.flat).toContain("it started at 0xdeadbeef, RAM's garbage, and ended 0xdeadbef4");
  });

  it('is not fooled by the value 5 written without reading flash', async () => {
    const r = await check(changed('        ldr r1, [r0]\n', '        movs r1, #5\n'));
    expect(r.summary).toBe('.data was not copied from flash');
  });
});
