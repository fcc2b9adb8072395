import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 8,
  slug: '08-machine-code',
  title: 'Machine code',
  exercise: 'punch.s',
  tryFiles: ['punched.s'],
  // punched.s assembled (check.test.ts keeps them the same): as raw bytes, the UI decodes them.
  demo: { program: 'lessons/08-machine-code/punched.bin', base: 0x2000_0100, runAtStart: false },
  walkthrough,
  check,
};
