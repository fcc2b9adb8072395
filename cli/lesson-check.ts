/**
 * `loom lesson check N [FILE]` and `loom lesson check N --dir DIR`: one student's exercise with
 * the full report, or a folder of submissions with one line per student.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

import type { CheckResult, Lesson } from '../lessons/lesson.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { LESSONS } from '../lessons/index.ts';
import { contextOf, shown, workFile } from './lesson-files.ts';
import { recordProgress } from './lesson-progress.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Checks one file; records the pass in the student's progress. Returns the exit status. */
export async function checkOne(lesson: Lesson, file: string | undefined, io: Io): Promise<number> {
  const path = file ?? workFile(lesson);
  if (file === undefined && !existsSync(path)) {
    throw new UsageError(
      `there is no ${shown(path)} here: loom lesson start ${lesson.number} creates it, or name ` +
        `your file: loom lesson check ${lesson.number} FILE`,
      'lesson',
    );
  }
  const name = shown(path);
  const result = await lesson.check(decode(io.readFile(path)), name, contextOf(lesson));
  io.stdout(`Lesson ${lesson.number}, ${lesson.title}: checking ${name}\n\n${result.report}\n`);
  if (!result.passed) {
    io.stdout(`Not yet: fix what is marked ✗ and check again.\n`);
    return 1;
  }
  const next = LESSONS.find((l) => l.number === lesson.number + 1);
  const then = next === undefined ? '' : ` Next: loom lesson ${next.number} (${next.title}).`;
  io.stdout(`✓ Lesson ${lesson.number} passed.${then}\n`);
  const warning = recordProgress(lesson.number, 'passed');
  if (warning !== undefined) io.stderr(`loom lesson: ${warning}\n`);
  return 0;
}

/** The shallowest file called `name` below `dir`, a few levels down at most. */
function findBelow(dir: string, name: string, depth = 4): string | undefined {
  let level = [dir];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: string[] = [];
    for (const folder of level) {
      for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (entry.name.startsWith('.')) continue;
        const path = join(folder, entry.name);
        if (entry.isFile() && entry.name === name) return path;
        if (entry.isDirectory()) next.push(path);
      }
    }
    level = next;
  }
  return undefined;
}

interface Submission {
  student: string;
  path: string | undefined;
}

/**
 * A teacher's folder: one folder per student (the exercise file anywhere inside, e.g. a copy of
 * their loom-lessons/), or one file per student named after them (alice.hdl).
 */
function submissions(dir: string, lesson: Lesson): Submission[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--dir ${dir}: not a directory`, 'lesson');
  }
  const ext = extname(lesson.exercise);
  const found: Submission[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push({ student: entry.name, path: findBelow(path, lesson.exercise) });
    } else if (entry.isFile() && extname(entry.name) === ext) {
      found.push({ student: basename(entry.name, ext), path });
    }
  }
  if (found.length === 0) {
    throw new UsageError(
      `--dir ${dir}: no submissions (a folder per student, or files like alice${ext})`,
      'lesson',
    );
  }
  return found.sort((a, b) => a.student.localeCompare(b.student));
}

/** One line per student; exit status 0 when every one passed. */
export async function checkDir(lesson: Lesson, dir: string, io: Io): Promise<number> {
  const list = submissions(dir, lesson);
  const context = contextOf(lesson);
  const width = Math.max(...list.map((s) => s.student.length));
  io.stdout(`Lesson ${lesson.number}, ${lesson.title}: ${list.length} submissions in ${dir}\n\n`);
  let passed = 0;
  for (const { student, path } of list) {
    let result: CheckResult;
    if (path === undefined) {
      result = { passed: false, summary: `no ${lesson.exercise} found`, report: '' };
    } else {
      result = await lesson.check(decode(io.readFile(path)), basename(path), context);
    }
    if (result.passed) passed++;
    io.stdout(`  ${student.padEnd(width)}  ${result.passed ? '✓' : '✗'} ${result.summary}\n`);
  }
  io.stdout(`\n${passed} of ${list.length} passed.\n`);
  return passed === list.length ? 0 : 1;
}
