import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { walkthrough } from './walkthrough.ts';

export const lesson: Lesson = {
  kind: 'machine',
  number: 13,
  slug: '13-interrupts',
  title: 'Interrupts',
  exercise: 'interrupts.s',
  tryFiles: [],
  exerciseBase: 0x0800_0000,
  demo: { program: 'firmware/build/blinky-systick.elf', runAtStart: true },
  walkthrough,
  check,
};
