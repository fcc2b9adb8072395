import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 11,
  slug: '11-blinky',
  title: 'Blinky',
  exercise: 'blinky.s',
  tryFiles: [],
  demo: { program: 'firmware/build/blinky-registers.elf', runAtStart: true },
  walkthrough,
  check,
};
