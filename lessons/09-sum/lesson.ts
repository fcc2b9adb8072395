import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 9,
  slug: '09-sum',
  title: 'The sum of 1 to 5 by hand',
  exercise: 'sum.s',
  tryFiles: [],
  demo: { program: 'firmware/sum.s', base: 0x2000_0100, runAtStart: false },
  walkthrough,
  check,
};
