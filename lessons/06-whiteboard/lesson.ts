import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 6,
  slug: '06-whiteboard',
  title: 'A computer on a whiteboard',
  exercise: 'program.card',
  tryFiles: ['sum.card'],
  demo,
  check,
};
