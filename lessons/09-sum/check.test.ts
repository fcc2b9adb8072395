/** Lesson 9's checker on the mistakes students make, each with the hint it gives. */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { readFromDisk } from '../test-files.ts';
import { lesson } from './lesson.ts';

const solution = readFromDisk('09-sum/solution/sum.s');
const context = lessonContext('09-sum', readFromDisk);

async function check(source: string) {
  if (lesson.kind !== 'machine') throw new Error('lesson 9 is a machine lesson');
  const result = await lesson.check(source, 'sum.s', context);
  return { ...result, flat: result.report.replace(/\s+/g, ' ') };
}

function changed(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 9 checker', () => {
  it('finds the loop that stops one number early, from the values R0 took', async () => {
    const r = await check(changed('ble loop', 'blt loop'));
    expect(r.summary).toBe('R0 = 10, not 15');
    expect(r.flat).toContain('R0 went 1, 3, 6, 10.');
    expect(r.flat).toContain('The loop added 1 to 4 and stopped one number too early.');
    expect(r.flat).toContain('which condition goes on when R1 is equal to N?');
  });

  it('catches a program that only works for N = 5', async () => {
    const r = await check(changed('cmp r1, #N', 'cmp r1, #5'));
    expect(r.summary).toBe('with N = 1, R0 = 15, not 1');
    expect(r.flat).toContain('These lines use 5 where the program means N: line 13: cmp r1, #5.');
  });

  it('is not fooled by R0 = 15 written at once', async () => {
    const cheat = await check(
      solution.replace(/movs r0, #0[\s\S]*ble loop[^\n]*\n/, 'movs r0, #15\n'),
    );
    expect(cheat.summary).toBe('R0 = 15, but not from a loop that adds');
    expect(cheat.flat).toContain('last written by MOV (immediate) T1 at 0x20000100');
  });

  it('accepts the loop counting down, as firmware/sum.s does', async () => {
    const down = solution.replace(
      /movs r1, #1[\s\S]*ble loop[^\n]*\n/,
      'movs r1, #N\nloop: adds r0, r0, r1\n subs r1, r1, #1\n bne loop\n',
    );
    const r = await check(down);
    expect(r.passed, r.report).toBe(true);
    expect(r.flat).toContain('R0 went 5, 9, 12, 14, 15');
  });

  it('wants N defined', async () => {
    const r = await check(changed('.equ N, 5', '.equ LAST, 5'));
    expect(r.summary).toBe('no .equ N');
  });
});
