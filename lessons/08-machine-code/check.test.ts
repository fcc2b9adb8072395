/** Lesson 8's checker on the mistakes students make, each with the hint it gives. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { assemble } from '../../loader/asm.ts';
import { lessonContext } from '../library.ts';
import { readFromDisk } from '../test-files.ts';
import { lesson } from './lesson.ts';

const solution = readFromDisk('08-machine-code/solution/punch.s');
const context = lessonContext('08-machine-code', readFromDisk);

async function check(source: string) {
  if (lesson.kind !== 'machine') throw new Error('lesson 8 is a machine lesson');
  return lesson.check(source, 'punch.s', context);
}

function changed(from: string, to: string): string {
  expect(solution).toContain(from);
  return solution.replace(from, to);
}

describe('lesson 8 checker', () => {
  it('refuses mnemonics between the markers, naming the line', async () => {
    const r = await check(changed('.hword 0x1840', 'adds r0, r0, r1'));
    expect(r.passed).toBe(false);
    expect(r.summary).toBe('line 10 is not a .hword');
    expect(r.report).toContain('punch.s line 10: "adds r0, r0, r1" is not a .hword.');
  });

  it("takes GNU as's .inst.n as a punched halfword too", async () => {
    const r = await check(solution.replace(/\.hword 0x/g, '.inst.n 0x'));
    expect(r.report).toMatch(/^✓/);
    expect(r.passed).toBe(true);
  });

  it('names the register field that is wrong, with both encodings drawn', async () => {
    // adds r0, r1, r1: Rn is 001 instead of 000.
    const r = await check(changed('.hword 0x1840', '.hword 0x1848'));
    expect(r.summary).toBe('halfword 2 (adds r0, r0, r1) is wrong; 1 more wrong');
    const lines = r.report.split('\n');
    const at = lines.indexOf('✗ Halfword 2 at 0x20000104 is 0x1848; adds r0, r0, r1 is 0x1840.');
    expect(lines.slice(at + 1, at + 9)).toEqual([
      '    adds r0, r0, r1 is ADD (register) T1:',
      '    bit       15  14  13  12  11  10   9   8   7   6   5   4   3   2   1   0',
      '               0   0   0   1   1   0   0   0   0   1   0   0   0   0   0   0',
      '              └─────────opcode──────────┘ └───Rm────┘ └───Rn────┘ └───Rd────┘',
      '    yours      0   0   0   1   1   0   0   0   0   1   0   0   1   0   0   0',
      `${' '.repeat(63)}^`,
      '    Yours is ADD (register) T1 too, but adds r0, r1, r1:',
      '    Rn (bits 5:3) is 001 (R1); it should be 000 (R0).',
    ]);
    // And the run shows the consequence: R0 doubles instead of adding R1.
    expect(r.report).toContain('✗ R0 ends');
  });

  it('works out where a wrong branch offset goes', async () => {
    // imm8 = -3 halfwords: to 0x20000106, the subs, instead of the adds.
    const r = await check(changed('.hword 0xd1fc', '.hword 0xd1fd'));
    const text = r.report.replace(/\s+/g, ' ');
    expect(text).toContain(
      'imm8 (bits 7:0) is 11111101 = 253; it should be 11111100 = 252. Yours jumps -3 ' +
        'halfwords: 0x20000108 + 4 - 6 = 0x20000106; the target is -4 halfwords: ' +
        '0x20000108 + 4 - 8 = 0x20000104.',
    );
  });

  it('says which fixed bits select the instruction when it is another one', async () => {
    // 0x1c49 is ADD (immediate) T1, adds r1, r1, #1: bit 9 differs from SUB's.
    const r = await check(changed('.hword 0x1e49', '.hword 0x1c49'));
    expect(r.report.replace(/\s+/g, ' ')).toContain(
      'Yours decodes as ADD (immediate) T1, adds r1, r1, #1. The fixed bits 15:9 select the ' +
        'instruction: SUB (immediate) T1 needs 0001111, yours are 0001110.',
    );
    // R1 counts up and never reaches 0: the loop does not end.
    expect(r.report).toContain('✗ It did not reach its final b .');
  });

  it('asks for the markers back', async () => {
    const r = await check(solution.replace(/@ --- end of punching ---\n/, ''));
    expect(r.summary).toBe('punch.s: the marker lines are gone');
  });
});

describe("lesson 8's demo", () => {
  it('punched.bin is punched.s assembled at 0x20000100', async () => {
    const source = readFromDisk('08-machine-code/punched.s');
    const bin = new Uint8Array(readFileSync(join(import.meta.dirname, 'punched.bin')));
    expect(bin).toEqual(await assemble(source, 0x2000_0100));
  });
});
