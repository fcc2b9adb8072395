/** Lesson 7's checker on the mistakes students make, each with the hint it gives. */
import { describe, expect, it } from 'vitest';

import { lessonContext } from '../library.ts';
import { readFromDisk } from '../test-files.ts';
import { lesson } from './lesson.ts';

const solution = readFromDisk('07-memory-map/solution/cells.s');
const context = lessonContext('07-memory-map', readFromDisk);

/** The check's result, its report on one line (the report wraps long lines). */
async function check(source: string) {
  if (lesson.kind !== 'machine') throw new Error('lesson 7 is a machine lesson');
  const result = await lesson.check(source, 'cells.s', context);
  return { ...result, report: result.report.replace(/\s+/g, ' ') };
}

/** The solution with one line replaced (it must be there). */
function changed(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 7 checker', () => {
  it('explains little-endian order to bytes stored the other way round', async () => {
    let source = solution;
    for (const [k, v] of ['0x11', '0x22', '0x33', '0x44'].entries()) {
      source = source.replace(
        `movs r1, #${v}\n        strb r1, [r0${k ? `, #${k}` : ''}]`,
        `movs r1, #${['0x44', '0x33', '0x22', '0x11'][k]}\n        strb r1, [r0${k ? `, #${k}` : ''}]`,
      );
    }
    const r = await check(source);
    expect(r.passed).toBe(false);
    expect(r.summary).toMatch(/^4 of the cells at 0x20010000 are wrong/);
    expect(r.report).toContain('The bytes are in the reverse order: 0x11 goes in the cell');
    // R5 was loaded from the right cells: its value follows from them, and says so.
    expect(r.report).toContain('R5 = 0x11223344, loaded by LDR (immediate) T1');
  });

  it('says which LED a wrong bit lit, and which bit LD2 is', async () => {
    const r = await check(changed('movs r1, #(1 << 7)', 'movs r1, #1'));
    expect(r.summary).toBe('LD2 did not light');
    // PB0 is not an output here: nothing lit, but ODR shows the bit that was set.
    expect(r.report).toMatch(/STR \(immediate\) T1 at 0x[0-9a-f]{8} wrote GPIOB_ODR, which now/);
    expect(r.report).toContain('0x0001: bit 0 set, bit 7 is 0. Bit k of ODR drives pin k');
    const ld1 = await check(
      changed('orr r1, r1, #(1 << 14)', 'orr r1, r1, #(1 << 14)\n        orr r1, r1, #1').replace(
        'movs r1, #(1 << 7)',
        'movs r1, #1',
      ),
    );
    expect(ld1.report).toContain('LD1 (green, PB0) lit instead: you set bit 0. LD2 is pin 7');
  });

  it('sees a register that holds the right number without reading the cells', async () => {
    const r = await check(changed('ldr r5, [r0]  ', 'ldr r5, =0x44332211'));
    expect(r.summary).toBe('R5 is not loaded from 0x20010000');
    expect(r.report).toMatch(
      /R5 = 0x44332211 comes from LDR \(literal\) T1 at 0x[0-9a-f]{8}, a constant/,
    );
  });

  it('names the MODER bits of a pin that is not an output', async () => {
    const r = await check(changed('orr r1, r1, #(1 << 14)', 'orr r1, r1, #(1 << 7)'));
    expect(r.report).toContain('MODER7 (bits 15:14) is 0, not 01, so PB7 is not an output');
  });

  it('lists a store that went to the wrong address, and a word written a byte at a time', async () => {
    const wrong = await check(changed('ldr r0, =0x20000400\n', 'ldr r0, =0x20000404\n'));
    expect(wrong.summary).toMatch(/^nothing stored at 0x20000400/);
    expect(wrong.report).toMatch(
      /went elsewhere: 0x20000404 \(STR \(immediate\) T1 at 0x20000104\)/,
    );
    const bytes = changed(
      '        str r1, [r0]\n',
      '        strb r1, [r0]\n        lsrs r1, r1, #8\n        strb r1, [r0, #1]\n' +
        '        lsrs r1, r1, #8\n        strb r1, [r0, #2]\n        lsrs r1, r1, #8\n' +
        '        strb r1, [r0, #3]\n',
    );
    const r = await check(bytes);
    expect(r.summary).toBe('the word at 0x20000400 took 4 stores');
    expect(r.report).toContain('Task 1 asks for one STR: it writes all four cells at once.');
  });

  it('reports a program that faults, with the instruction', async () => {
    const r = await check(changed('ldr r0, =0x20010000', 'ldr r0, =0x70000000'));
    expect(r.summary).toMatch(/^it faulted at 0x2000010[0-9a-f]/);
    expect(r.report).toContain('PRECISERR (bus error on data access)');
  });
});
