/**
 * Where the lessons live (lessons/ in Loom's tree) and where a student works on them:
 * loom-lessons/NN-slug/FILE below the directory they run loom in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { LESSONS } from '../lessons/index.ts';
import type { Lesson, LessonContext, ReadText } from '../lessons/lesson.ts';
import { lessonContext } from '../lessons/library.ts';
import { UsageError } from './errors.ts';

const LESSONS_DIR = fileURLToPath(new URL('../lessons/', import.meta.url));
/** Loom's own tree: a machine lesson's demo program is named from there. */
export const LOOM_ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK_DIR = 'loom-lessons';

export const readLessonFile: ReadText = (path) => readFileSync(join(LESSONS_DIR, path), 'utf8');

/** A file of Loom's tree as bytes, by its path from the root (a demo's program). */
const readProgram = (path: string) => new Uint8Array(readFileSync(join(LOOM_ROOT, path)));

export function contextOf(lesson: Lesson): LessonContext {
  return lessonContext(lesson.slug, readLessonFile, readProgram);
}

/** The lesson numbered `text`, or a usage error that says which lessons there are. */
export function lessonNumbered(text: string | undefined): Lesson {
  if (text === undefined) throw new UsageError('which lesson? (loom lesson lists them)', 'lesson');
  const lesson = /^\d+$/.test(text) ? LESSONS.find((l) => l.number === Number(text)) : undefined;
  if (lesson === undefined) {
    throw new UsageError(`no lesson '${text}': the lessons are 1 to ${LESSONS.length}`, 'lesson');
  }
  return lesson;
}

/** The student's copy of the exercise, absolute. */
export function workFile(lesson: Lesson): string {
  return join(process.cwd(), WORK_DIR, lesson.slug, lesson.exercise);
}

/** A path as the student would type it: relative to where they are, when it is below. */
export function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
}

export function starterText(lesson: Lesson): string {
  return readLessonFile(`${lesson.slug}/exercise/${lesson.exercise}`);
}

export function hasStarted(lesson: Lesson): boolean {
  return existsSync(workFile(lesson));
}
