import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 1,
  slug: '01-switches',
  title: 'Switches',
  exercise: 'lamps.hdl',
  tryFiles: ['light.hdl'],
  demo,
  check,
};
