import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 5,
  slug: '05-memory',
  title: 'Memory',
  exercise: 'latch.hdl',
  tryFiles: ['counter.hdl'],
  demo,
  check,
};
