import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 3,
  slug: '03-nand',
  title: 'Building with gates',
  exercise: 'nand.hdl',
  tryFiles: ['gates.hdl'],
  demo,
  check,
};
