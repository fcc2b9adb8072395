import type { Lesson } from '../lesson.ts';
import { check } from './check.ts';
import { demo } from './demo.ts';

export const lesson: Lesson = {
  kind: 'circuit',
  number: 2,
  slug: '02-gates',
  title: 'Gates from switches',
  exercise: 'gates.hdl',
  tryFiles: ['switch-gates.hdl'],
  demo,
  check,
};
