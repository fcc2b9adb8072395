/** Every lesson, in order. A lesson that is not listed here is not shipped (index.test.ts). */
import { lesson as switches } from './01-switches/lesson.ts';
import { lesson as gates } from './02-gates/lesson.ts';
import { lesson as nand } from './03-nand/lesson.ts';
import { lesson as adding } from './04-adding/lesson.ts';
import { lesson as memory } from './05-memory/lesson.ts';
import { lesson as whiteboard } from './06-whiteboard/lesson.ts';
import type { Lesson } from './lesson.ts';

export const LESSONS: readonly Lesson[] = [switches, gates, nand, adding, memory, whiteboard];
