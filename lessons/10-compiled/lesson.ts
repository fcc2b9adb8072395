import type { Lesson } from '../lesson.ts';
import { check, FLASH } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 10,
  slug: '10-compiled',
  title: 'Compiled',
  exercise: 'startup.s',
  tryFiles: [],
  exerciseBase: FLASH,
  demo: { program: 'firmware/build/sum.elf', runAtStart: false },
  walkthrough,
  check,
};
