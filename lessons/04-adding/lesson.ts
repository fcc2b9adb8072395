import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 4,
  slug: '04-adding',
  title: 'Adding',
  exercise: 'adder.hdl',
  tryFiles: [],
  demo,
  check,
};
