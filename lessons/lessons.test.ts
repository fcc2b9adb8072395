/**
 * Every lesson ships whole: its folder is in the index, its README, demo, starter and solution
 * exist, the solution passes its checker and the starter does not. The number of lessons is
 * pinned, so that a lost lesson fails the build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { imageProgram } from '../ui/programs.ts';
import { LESSONS } from './index.ts';
import type { CheckResult, Lesson, MachineLesson } from './lesson.ts';
import { lessonContext } from './library.ts';
import { LESSONS_ROOT, programFromDisk, readFromDisk } from './test-files.ts';

/** Lessons 1-6 (circuits), 7-14 (the Cortex-M7). */
const LESSON_COUNT = 14;

const contextOf = (slug: string) => lessonContext(slug, readFromDisk, programFromDisk);

/** A circuit lesson's check (they are synchronous). */
function check(number: number, source: string, file = 'mine'): CheckResult {
  const lesson = LESSONS[number - 1];
  if (lesson.kind !== 'circuit') throw new Error(`lesson ${number} is not a circuit lesson`);
  return lesson.check(source, file, contextOf(lesson.slug));
}

/** Instructions a demo runs headless: enough for a blinky's first toggles. */
const DEMO_INSTRUCTIONS = 2_000_000;

/** Boots a machine lesson's demo as the terminal UI does and runs it a while. */
async function runDemo(lesson: MachineLesson) {
  const path = join(LESSONS_ROOT, '..', lesson.demo.program);
  const bytes = new Uint8Array(readFileSync(path));
  const { machine } = await imageProgram(path, bytes, { base: lesson.demo.base }).boot();
  machine.run(DEMO_INSTRUCTIONS, machine.cpu.cycles + 4 * DEMO_INSTRUCTIONS);
  return machine;
}

async function demoText(lesson: Lesson): Promise<string> {
  const context = contextOf(lesson.slug);
  return lesson.kind === 'circuit' ? lesson.demo(context) : lesson.walkthrough(context);
}

describe('the lessons', () => {
  it(`are ${LESSON_COUNT}, numbered in order, one folder each and no folder left out`, () => {
    expect(LESSONS).toHaveLength(LESSON_COUNT);
    expect(LESSONS.map((l) => l.number)).toEqual(LESSONS.map((_, k) => k + 1));
    const folders = readdirSync(LESSONS_ROOT).filter((f) => /^\d\d-/.test(f));
    expect(folders.sort()).toEqual(LESSONS.map((l) => l.slug));
    for (const l of LESSONS)
      expect(l.slug.startsWith(String(l.number).padStart(2, '0'))).toBe(true);
  });

  describe.each(LESSONS.map((l) => [`${l.number} ${l.title}`, l] as const))('%s', (_, lesson) => {
    const dir = join(LESSONS_ROOT, lesson.slug);
    const context = contextOf(lesson.slug);

    it('has a README that says what, why and one thing to try, and how to start', () => {
      const readme = readFromDisk(`${lesson.slug}/README.md`);
      expect(readme.startsWith(`# Lesson ${lesson.number}: ${lesson.title}\n`)).toBe(true);
      for (const part of ['**What.**', '**Why.**', '**Try.**', '## Exercise']) {
        expect(readme).toContain(part);
      }
      expect(readme).toContain(`loom lesson start ${lesson.number}`);
      expect(readme).toContain(`loom lesson check ${lesson.number}`);
      for (const line of readme.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    });

    it('has a demo that runs', async () => {
      const text = await demoText(lesson);
      expect(text.length).toBeGreaterThan(200);
      expect(text).not.toContain('undefined');
      expect(text).not.toContain('NaN');
      for (const file of lesson.tryFiles) expect(existsSync(join(dir, file))).toBe(true);
      if (lesson.kind === 'machine') {
        // The program the terminal UI opens boots and runs without a fault.
        const machine = await runDemo(lesson);
        expect(machine.cpu.instructions).toBeGreaterThan(5);
        const stop = machine.cpu.stopped;
        if (stop !== null) expect(stop.kind, stop.message).toBe('halted');
      }
    });

    it('passes its reference solution', async () => {
      const file = `solution/${lesson.exercise}`;
      const result = await lesson.check(readFromDisk(`${lesson.slug}/${file}`), file, context);
      expect(result.report).toMatch(/^✓/);
      expect(result.passed, result.report).toBe(true);
    });

    it('fails its starter, and says what to look at', async () => {
      const file = `exercise/${lesson.exercise}`;
      const result = await lesson.check(readFromDisk(`${lesson.slug}/${file}`), file, context);
      expect(result.passed).toBe(false);
      expect(result.report).toContain('✗');
      // More than a verdict: the rows, steps or registers that are wrong.
      expect(result.report.split('\n').length).toBeGreaterThan(4);
      expect(result.summary.split('\n')).toHaveLength(1);
    });
  });
});

describe('the checkers', () => {
  it('name the file and line of a circuit that does not build', () => {
    const result = check(
      1,
      'CHIP Lamps {\n IN button;\n OUT on, off;\n PARTS:\n Swtch(in=true);\n}',
      'x.hdl',
    );
    expect(result.passed).toBe(false);
    expect(result.summary).toBe("x.hdl line 5: unknown part 'Swtch' (did you mean Switch?)");
  });

  it('say when a chip is missing or its pins are not the ones asked for', () => {
    const missing = check(3, 'CHIP Not { IN in; OUT out; PARTS: Nand(a=in, b=in, out=out); }');
    expect(missing.report).toContain('✓ Not: right in all 2 rows');
    expect(missing.report).toContain(
      '✗ And: mine has no CHIP And; the exercise asks for CHIP And {',
    );
    const pins = check(
      1,
      'CHIP Lamps { IN b; OUT on, off; PARTS: Switch(in=true, control=b, out=on); SwitchNC(in=true, control=b, out=off); }',
    );
    expect(pins.summary).toBe('Lamps: pins are not IN button; OUT on, off');
  });

  it('follow chips down to their gates: lesson 2 is switches only, lesson 3 Nand only', () => {
    const gates = readFromDisk('02-gates/solution/gates.hdl').replace(
      'SwitchNC(in=true, control=a, out=nand);\n    SwitchNC(in=true, control=b, out=nand);',
      'Nand(a=a, b=b, out=nand);',
    );
    expect(check(2, gates).summary).toMatch(
      /^Gates uses a built-in Nand \(mine line \d+\): this lesson builds gates from switches$/,
    );
    const nand = readFromDisk('03-nand/solution/nand.hdl');
    const cheat = nand.replace(
      /CHIP Xor \{[^}]*\}/,
      'CHIP Xor { IN a, b; OUT out; PARTS: HalfAdder(a=a, b=b, sum=out); }',
    );
    expect(check(3, cheat).summary).toMatch(
      /^Xor uses a built-in Xor \(library\/HalfAdder.hdl line \d+\) inside HalfAdder \(line \d+\): this lesson builds every gate from Nand alone$/,
    );
  });

  it('tell a counter of Nands how far it is from the fewest', () => {
    const five = readFromDisk('03-nand/solution/nand.hdl').replace(
      /CHIP Xor \{[^}]*\}/,
      'CHIP Xor { IN a, b; OUT out; PARTS: Or(a=a, b=b, out=o); Nand(a=a, b=b, out=n); And(a=o, b=n, out=out); }',
    );
    const result = check(3, five);
    expect(result.passed).toBe(true);
    // Or is 3 Nands (two Nots and a Nand), And 2, and one more Nand: 6.
    expect(result.report).toContain('Your Xor takes 6 Nands. It can be done with 4');
  });

  it('show the truth-table rows that are wrong, with a pointer', () => {
    const adder = readFromDisk('04-adding/solution/adder.hdl').replace(
      'FullAdder(a=a[2], b=b[2], c=c2, sum=sum[2], carry=c3);',
      'FullAdder(a=a[2], b=b[2], c=false, sum=sum[2], carry=c3);',
    );
    const result = check(4, adder);
    expect(result.passed).toBe(false);
    // Wrong exactly where bit 1 carries into bit 2: (a & 3) + (b & 3) >= 4.
    let expected = 0;
    for (let a = 0; a < 16; a++)
      for (let b = 0; b < 16; b++) if ((a & 3) + (b & 3) >= 4) expected++;
    expect(result.summary).toContain(`Add4: wrong in ${expected} of 256 rows`);
    expect(result.report).toContain('The lowest wrong bit is sum[2]');
    // The first such row: 1 + 3 = 0100, with the carry into bit 2 lost.
    expect(result.report).toContain('      0001 (1) 0011 (3)  │ 0000 (0)    0   │ 0100 (4)    0');
  });

  it('find a register that is only a latch: it lets d through while clk stays on', () => {
    const latch = readFromDisk('05-memory/solution/latch.hdl');
    const register = latch.slice(latch.indexOf('// Two latches per bit'));
    const transparent = latch.replace(
      register,
      'CHIP Register4 { IN d[4], clk; OUT q[4]; PARTS:\n' +
        [0, 1, 2, 3].map((k) => `DLatch(d=d[${k}], en=clk, q=q[${k}]);`).join('\n') +
        '\n}\n',
    );
    const result = check(5, transparent);
    expect(result.report).toContain('✓ DLatch: right in all 8 steps');
    expect(result.report).toContain('✗ Register4: step 6 of 12 goes wrong');
    expect(result.report).toContain('clk stays on, so q keeps 9 while d changes');
    const library = latch.replace(
      register,
      'CHIP Register4 { IN d[4], clk; OUT q[4]; PARTS: Register4x(d=d, clk=clk, q=q); }',
    );
    expect(check(5, library).summary).toContain(
      "unknown part 'Register4x' (did you mean Register4?)",
    );
  });

  it('run a card and compare the registers, and hold it to its rules', () => {
    const twelve = 'clear sub to n\n1 0 0 0101\n0 0 0 0111\n1 1 1 0011\n';
    expect(check(6, twelve).summary).toBe(
      'line 3 punches n=0111 (7): this card may only punch 0 to 5',
    );
    const wrong = check(6, 'clear sub to n\n1 0 0 0101\n0 0 0 0101\n1 0 1 0011\n');
    expect(wrong.summary).toBe(
      'r0 ends 1010 (10), should be 1100 (12); r1 ends 0011 (3), should be 1101 (-3)',
    );
    expect(check(6, 'clear sub to n\n1 0 0\n', 'p.card').summary).toBe(
      'p.card line 2: 3 column(s) here, but the card has 4: clear sub to n',
    );
  });
});
