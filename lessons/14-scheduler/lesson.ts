import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 14,
  slug: '14-scheduler',
  title: 'A scheduler',
  exercise: 'scheduler.s',
  tryFiles: [],
  demo: { program: 'firmware/build/scheduler.elf', runAtStart: true },
  walkthrough,
  check,
};
