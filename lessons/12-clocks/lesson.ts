import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 12,
  slug: '12-clocks',
  title: 'Clocks',
  exercise: 'clock.s',
  tryFiles: [],
  exerciseBase: 0x0800_0000,
  demo: { program: 'firmware/build/blinky-pll.elf', runAtStart: true },
  walkthrough,
  check,
};
