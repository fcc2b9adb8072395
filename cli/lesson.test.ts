/**
 * `loom lesson` end to end: the real executable in a child process, in a scratch directory, with
 * its own config directory. Expected texts come from the lessons' files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const LESSONS = join(ROOT, 'lessons');

let cwd: string;
let config: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'loom-lesson-'));
  config = join(cwd, 'config');
});

function loom(args: string[], env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: config }) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), 'lesson', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: join(cwd, 'home'), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lessonFile = (path: string) => readFileSync(join(LESSONS, path), 'utf8');
const progress = () =>
  JSON.parse(readFileSync(join(config, 'loom', 'progress.json'), 'utf8')) as {
    lessons: Record<string, { started?: string; passed?: string }>;
  };

describe('loom lesson', () => {
  it('lists the lessons with the progress file it keeps', () => {
    const r = loom([]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain(`(your progress: ${join(config, 'loom', 'progress.json')})`);
    const rows = r.stdout.split('\n').filter((l) => /^ {2}. +\d+ {2}/.test(l));
    expect(rows.map((l) => l.trim())).toEqual([
      '1  Switches',
      '2  Gates from switches',
      '3  Building with gates',
      '4  Adding',
      '5  Memory',
      '6  A computer on a whiteboard',
      '7  Memory and addresses',
      '8  Machine code',
      '9  The sum of 1 to 5 by hand',
      '10  Compiled',
      '11  Blinky',
      '12  Clocks',
      '13  Interrupts',
      '14  A scheduler',
    ]);
  });

  it('shows a lesson: its text, its demo, and how to start', () => {
    const r = loom(['5']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(lessonFile('05-memory/README.md').trimEnd())).toBe(true);
    expect(r.stdout).toContain('── The SR latch: feedback remembers');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(q, nq go round every 2 time units)');
    expect(r.stdout).toContain('loom lesson start 5');
  });

  it('start, check, pass, reset: the student works on a copy, progress goes to the config dir', () => {
    const start = loom(['start', '4']);
    expect(start.status).toBe(0);
    const copy = join(cwd, 'loom-lessons', '04-adding', 'adder.hdl');
    expect(readFileSync(copy, 'utf8')).toBe(lessonFile('04-adding/exercise/adder.hdl'));
    expect(progress().lessons['4'].started).toMatch(/^\d{4}-\d\d-\d\dT/);

    const failing = loom(['check', '4']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('Lesson 4, Adding: checking loom-lessons/04-adding/adder.hdl');
    expect(failing.stdout).toContain('✗ FullAdder: wrong in 2 of 8 rows');
    expect(failing.stdout).toContain('Not yet: fix what is marked ✗ and check again.');

    writeFileSync(copy, lessonFile('04-adding/solution/adder.hdl'));
    const passing = loom(['check', '4']);
    expect([passing.status, passing.stderr]).toEqual([0, '']);
    expect(passing.stdout).toContain('✓ Lesson 4 passed. Next: loom lesson 5 (Memory).');
    expect(progress().lessons['4'].passed).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(loom([]).stdout).toMatch(/ {2}✓ {2}4 {2}Adding +passed \d{4}-\d\d-\d\d\n/);

    // Starting again keeps the student's work; reset keeps it as .old.
    expect(loom(['start', '4']).stdout).toContain(
      'loom-lessons/04-adding/adder.hdl is already there',
    );
    expect(readFileSync(copy, 'utf8')).toBe(lessonFile('04-adding/solution/adder.hdl'));
    const reset = loom(['reset', '4']);
    expect(reset.stdout).toBe(
      'put the starter back in loom-lessons/04-adding/adder.hdl ' +
        '(your version is in loom-lessons/04-adding/adder.hdl.old)\n',
    );
    expect(readFileSync(copy, 'utf8')).toBe(lessonFile('04-adding/exercise/adder.hdl'));
    expect(readFileSync(`${copy}.old`, 'utf8')).toBe(lessonFile('04-adding/solution/adder.hdl'));
  });

  it('hands out the demo files to try things on, and tries circuits and cards', () => {
    expect(loom(['start', '6']).stdout).toContain('wrote loom-lessons/06-whiteboard/sum.card');
    const card = loom(['try', 'loom-lessons/06-whiteboard/sum.card']);
    expect(card.status).toBe(0);
    expect(card.stdout).toContain('lamps     r0 ●●●● 15   r1 ???? ?');
    const table = loom(['try', join(LESSONS, 'library', 'HalfAdder.hdl')]);
    expect(table.stdout).toBe(
      'CHIP HalfAdder: 2 gates\n\na b │ sum carry\n0 0 │  0    0\n0 1 │  1    0\n1 0 │  1    0\n1 1 │  0    1\n',
    );
    const set = loom([
      'try',
      join(LESSONS, 'library', 'Add4.hdl'),
      '--set',
      'a=9',
      '--set',
      'b=0b1001',
    ]);
    expect(set.stdout).toContain('lamps     sum ○○●○ 2   carry ●');
  });

  it('checks a given file, and a class folder with one line per student', () => {
    const mine = join(cwd, 'mine.card');
    writeFileSync(mine, lessonFile('06-whiteboard/solution/program.card'));
    expect(loom(['check', '6', mine]).status).toBe(0);

    const dir = join(cwd, 'class');
    mkdirSync(join(dir, 'bob', 'loom-lessons', '01-switches'), { recursive: true });
    mkdirSync(join(dir, 'carol'));
    cpSync(join(LESSONS, '01-switches/solution/lamps.hdl'), join(dir, 'alice.hdl'));
    cpSync(
      join(LESSONS, '01-switches/exercise/lamps.hdl'),
      join(dir, 'bob', 'loom-lessons', '01-switches', 'lamps.hdl'),
    );
    writeFileSync(join(dir, 'dave.hdl'), 'CHIP Lamps {\n IN button;\n OUT on, off;\n PARTS:\n}\n');
    const r = loom(['check', '1', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `Lesson 1, Switches: 4 submissions in ${dir}\n\n` +
        '  alice  ✓ all right: Lamps\n' +
        '  bob    ✗ Lamps: wrong in 2 of 2 rows (first: button=0)\n' +
        '  carol  ✗ no lamps.hdl found\n' +
        "  dave   ✗ dave.hdl line 3: output 'on' of Lamps is not driven by any part\n" +
        '\n1 of 4 passed.\n',
    );
    // A teacher's run records no progress.
    expect(existsSync(join(config, 'loom', 'progress.json'))).toBe(true);
    expect(progress().lessons['1']).toBeUndefined();
  });

  it('shows a machine lesson: its text, its walkthrough, and the command that opens the demo', () => {
    const r = loom(['9']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.startsWith(lessonFile('09-sum/README.md').trimEnd())).toBe(true);
    expect(r.stdout).toContain('── Stepping it');
    expect(r.stdout).toContain('  loom ui FILE            steps a program (.s) in the terminal UI');
    // Not a terminal: the command that opens the demo, with the path as typed from here.
    const sum = join(ROOT, 'firmware', 'sum.s');
    expect(r.stdout).toContain(
      `In a terminal, loom ui ${sum} --base 0x20000100 shows the demo (paused at its first ` +
        'instruction).',
    );
    const flash = loom(['10']);
    expect(flash.stdout).toContain('  loom run FILE --base 0x08000000  runs it');
  });

  it('checks a machine lesson: the starter fails, the solution passes, a class at once', () => {
    expect(loom(['start', '9']).stdout).toBe(
      'wrote loom-lessons/09-sum/sum.s: edit it, then loom lesson check 9\n',
    );
    const failing = loom(['check', '9']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('✗ R0 ends 0; 1 + 2 + 3 + 4 + 5 is 15.');
    writeFileSync(
      join(cwd, 'loom-lessons', '09-sum', 'sum.s'),
      lessonFile('09-sum/solution/sum.s'),
    );
    const passing = loom(['check', '9']);
    expect([passing.status, passing.stderr]).toEqual([0, '']);
    expect(passing.stdout).toContain('✓ Lesson 9 passed. Next: loom lesson 10 (Compiled).');

    const dir = join(cwd, 'class');
    mkdirSync(dir);
    cpSync(join(LESSONS, '08-machine-code/solution/punch.s'), join(dir, 'ann.s'));
    writeFileSync(
      join(dir, 'ben.s'),
      lessonFile('08-machine-code/solution/punch.s').replace('.hword 0x1840', 'adds r0, r0, r1'),
    );
    const r = loom(['check', '8', '--dir', dir]);
    expect(r.stdout).toBe(
      `Lesson 8, Machine code: 2 submissions in ${dir}\n\n` +
        '  ann  ✓ all right: four halfwords punched by hand, and the loop they make runs\n' +
        '  ben  ✗ line 10 is not a .hword\n' +
        '\n1 of 2 passed.\n',
    );
  });

  it('points a program given to try at loom run and loom ui', () => {
    const r = loom(['try', 'sum.s']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'loom lesson: sum.s is a program: loom run sum.s runs it, loom ui sum.s steps it (loom ' +
        'lesson try takes circuits, .hdl, and cards, .card) (loom help lesson)\n',
    );
  });

  it('keeps progress in ~/.config/loom without XDG_CONFIG_HOME', () => {
    expect(loom(['start', '1'], {}).status).toBe(0);
    expect(existsSync(join(cwd, 'home', '.config', 'loom', 'progress.json'))).toBe(true);
  });

  it.each([
    [['15'], "no lesson '15': the lessons are 1 to 14"],
    [['check'], 'missing N'],
    [['check', '1'], 'there is no loom-lessons/01-switches/lamps.hdl here: loom lesson start 1'],
    [['check', '1', 'a.hdl', '--dir', 'x'], 'give either FILE or --dir DIR, not both'],
    [['check', '1', '--dir', 'nowhere'], '--dir nowhere: not a directory'],
    [['check', '1', 'nothing.hdl'], 'nothing.hdl: no such file'],
    [['frob'], "unknown 'frob'"],
    [['start', '2', '--fast'], 'unknown option --fast for loom lesson'],
  ])('%j is a usage error: one line, exit status 2', (args, message) => {
    const r = loom(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('try names the line of a circuit that does not build (exit status 2)', () => {
    writeFileSync(
      join(cwd, 'bad.hdl'),
      'CHIP T {\n IN a;\n OUT o;\n PARTS:\n Not(in=a, out=o, x=a);\n}\n',
    );
    const r = loom(['try', 'bad.hdl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("loom lesson: bad.hdl line 5: Not has no pin 'x' (its pins: in, out)\n");
  });
});
