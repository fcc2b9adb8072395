/** Every lesson, in order. A lesson that is not listed here is not shipped (index.test.ts). */
import { lesson as switches } from './01-switches/lesson.ts';
import { lesson as gates } from './02-gates/lesson.ts';
import { lesson as nand } from './03-nand/lesson.ts';
import { lesson as adding } from './04-adding/lesson.ts';
import { lesson as memory } from './05-memory/lesson.ts';
import { lesson as whiteboard } from './06-whiteboard/lesson.ts';
import { lesson as memoryMap } from './07-memory-map/lesson.ts';
import { lesson as machineCode } from './08-machine-code/lesson.ts';
import { lesson as sum } from './09-sum/lesson.ts';
import { lesson as compiled } from './10-compiled/lesson.ts';
import { lesson as blinky } from './11-blinky/lesson.ts';
import { lesson as clocks } from './12-clocks/lesson.ts';
import { lesson as interrupts } from './13-interrupts/lesson.ts';
import { lesson as scheduler } from './14-scheduler/lesson.ts';
import type { Lesson } from './lesson.ts';

export const LESSONS: readonly Lesson[] = [
  switches,
  gates,
  nand,
  adding,
  memory,
  whiteboard,
  memoryMap,
  machineCode,
  sum,
  compiled,
  blinky,
  clocks,
  interrupts,
  scheduler,
];
