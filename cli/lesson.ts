/**
 * `loom lesson`: the lessons, from switches to firmware. Lists them with the student's progress,
 * shows one with its demo, copies an exercise out, checks it (one student or a class), puts the
 * starter back, and tries any circuit or card.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { LESSONS } from '../lessons/index.ts';
import type { Lesson } from '../lessons/lesson.ts';
import { hex32 } from '../loader/error.ts';
import { option, options, parseArgs, type CommandSpec } from './args.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { checkDir, checkOne } from './lesson-check.ts';
import { openDemo } from './lesson-demo.ts';
import {
  contextOf,
  hasStarted,
  lessonNumbered,
  readLessonFile,
  shown,
  starterText,
  workFile,
} from './lesson-files.ts';
import { loadProgress, progressPath, recordProgress } from './lesson-progress.ts';
import { tryFile } from './lesson-try.ts';

const spec = (positionals: string[], opts: CommandSpec['options'] = []): CommandSpec => ({
  name: 'lesson',
  positionals,
  options: opts,
});

function list(io: Io): number {
  const progress = loadProgress();
  const width = Math.max(...LESSONS.map((l) => l.title.length));
  let out = `Loom's lessons (your progress: ${progressPath()})\n\n`;
  for (const lesson of LESSONS) {
    const p = progress.lessons[String(lesson.number)] ?? {};
    const mark = p.passed !== undefined ? '✓' : ' ';
    const state =
      p.passed !== undefined
        ? `passed ${p.passed.slice(0, 10)}`
        : p.started !== undefined || hasStarted(lesson)
          ? 'started'
          : '';
    out +=
      `  ${mark} ${String(lesson.number).padStart(2)}  ${lesson.title.padEnd(width)}  ${state}`.trimEnd();
    out += '\n';
  }
  out +=
    '\nloom lesson N shows lesson N and its demo; loom lesson start N gives you its exercise.\n';
  io.stdout(out);
  return 0;
}

function yourTurn(lesson: Lesson): string {
  const n = lesson.number;
  const file = shown(workFile(lesson));
  const line = (command: string, what: string) => `  ${command.padEnd(22)}  ${what}\n`;
  const steps = hasStarted(lesson)
    ? `  Your copy is ${file}: edit it, then\n` + line(`loom lesson check ${n}`, 'checks it')
    : line(`loom lesson start ${n}`, `copies the exercise to ${file}`) +
      line(`loom lesson check ${n}`, 'checks your copy');
  const at = lesson.kind === 'machine' && lesson.exerciseBase !== undefined;
  const base = at ? ` --base ${hex32(lesson.exerciseBase!)}` : '';
  const tryLine =
    lesson.kind === 'circuit'
      ? line('loom lesson try FILE', 'runs any circuit (.hdl) or card (.card)')
      : line(`loom ui FILE${base}`, 'steps a program (.s) in the terminal UI') +
        line(`loom run FILE${base}`, 'runs it and prints the registers');
  return `\n── Your turn ${'─'.repeat(58)}\n\n${steps}${tryLine}`;
}

async function show(lesson: Lesson, io: Io): Promise<number> {
  const text = readLessonFile(`${lesson.slug}/README.md`).trimEnd();
  if (lesson.kind === 'circuit') {
    io.stdout(`${text}\n${lesson.demo(contextOf(lesson))}${yourTurn(lesson)}`);
    return 0;
  }
  // The walkthrough may take a moment (it runs programs): the text goes out first.
  io.stdout(`${text}\n`);
  io.stdout(`${await lesson.walkthrough(contextOf(lesson))}${yourTurn(lesson)}`);
  return openDemo(lesson, io);
}

function writeStarter(lesson: Lesson): string {
  const path = workFile(lesson);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, starterText(lesson));
  return path;
}

/** The demo's files next to the exercise, unless the student has them already. */
function writeTryFiles(lesson: Lesson): string[] {
  const folder = dirname(workFile(lesson));
  return lesson.tryFiles.flatMap((name) => {
    const path = join(folder, name);
    if (existsSync(path)) return [];
    writeFileSync(path, readLessonFile(`${lesson.slug}/${name}`));
    return [shown(path)];
  });
}

function start(lesson: Lesson, io: Io): number {
  const path = workFile(lesson);
  if (existsSync(path)) {
    io.stdout(
      `${shown(path)} is already there: edit it, then loom lesson check ${lesson.number} ` +
        `(loom lesson reset ${lesson.number} puts the starter back)\n`,
    );
  } else {
    writeStarter(lesson);
    io.stdout(`wrote ${shown(path)}: edit it, then loom lesson check ${lesson.number}\n`);
  }
  const extra = writeTryFiles(lesson);
  if (extra.length > 0) {
    const how = lesson.kind === 'circuit' ? 'loom lesson try FILE' : 'loom ui FILE, loom run FILE';
    io.stdout(`wrote ${extra.join(', ')}: the demo's, to try things on (${how})\n`);
  }
  const warning = recordProgress(lesson.number, 'started');
  if (warning !== undefined) io.stderr(`loom lesson: ${warning}\n`);
  return 0;
}

function reset(lesson: Lesson, io: Io): number {
  const path = workFile(lesson);
  let kept = '';
  if (existsSync(path)) {
    const old = `${path}.old`;
    writeFileSync(old, io.readFile(path));
    kept = ` (your version is in ${shown(old)})`;
  }
  writeStarter(lesson);
  io.stdout(`put the starter back in ${shown(path)}${kept}\n`);
  return 0;
}

/** Positional arguments in `argv`, skipping the values of the options that take one. */
function countPositionals(argv: string[], valued: string[]): number {
  let n = 0;
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--') return n + argv.length - k - 1;
    if (valued.includes(argv[k])) k++;
    else if (!argv[k].startsWith('-') || /^-\d/.test(argv[k])) n++;
  }
  return n;
}

export async function lessonCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'list') {
    parseArgs(rest, spec([]));
    return list(io);
  }
  if (/^\d+$/.test(sub)) {
    parseArgs(rest, spec([]));
    return show(lessonNumbered(sub), io);
  }
  switch (sub) {
    case 'start':
    case 'reset': {
      const args = parseArgs(rest, spec(['N']));
      const lesson = lessonNumbered(args.positionals[0]);
      return sub === 'start' ? start(lesson, io) : reset(lesson, io);
    }
    case 'check': {
      const two = countPositionals(rest, ['--dir']) >= 2;
      const args = parseArgs(
        rest,
        spec(two ? ['N', 'FILE'] : ['N'], [{ name: 'dir', value: 'DIR' }]),
      );
      const lesson = lessonNumbered(args.positionals[0]);
      const dir = option(args, 'dir');
      if (dir !== undefined && two) {
        throw new UsageError('give either FILE or --dir DIR, not both', 'lesson');
      }
      return dir !== undefined
        ? await checkDir(lesson, dir, io)
        : await checkOne(lesson, args.positionals[1], io);
    }
    case 'try': {
      const args = parseArgs(
        rest,
        spec(
          ['FILE'],
          [
            { name: 'chip', value: 'NAME' },
            { name: 'set', value: 'INPUT=VALUE', repeat: true },
          ],
        ),
      );
      return tryFile(args.positionals[0], option(args, 'chip'), options(args, 'set'), io);
    }
    default:
      throw new UsageError(
        `unknown '${sub}': loom lesson [N | start N | check N | reset N | try FILE]`,
        'lesson',
      );
  }
}
