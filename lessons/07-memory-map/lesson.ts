import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 7,
  slug: '07-memory-map',
  title: 'Memory and addresses',
  exercise: 'cells.s',
  tryFiles: ['memory.s'],
  demo: { program: 'lessons/07-memory-map/memory.s', base: 0x2000_0100, runAtStart: false },
  walkthrough,
  check,
};
