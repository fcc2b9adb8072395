/**
 * A machine lesson's demo from the command line: the terminal UI on its program when there is a
 * terminal (after the text, once the student presses Enter), and otherwise the `loom ui` command
 * that opens it.
 */
import { join } from 'node:path';

import type { MachineLesson } from '../lessons/lesson.ts';
import { hex32 } from '../loader/error.ts';
import { App } from '../ui/app.ts';
import { demos, fileProgram } from '../ui/programs.ts';
import type { Io } from './io.ts';
import { LOOM_ROOT, shown } from './lesson-files.ts';

/** The demo program's path, as the student would type it. */
export function demoPath(lesson: MachineLesson): string {
  return shown(join(LOOM_ROOT, lesson.demo.program));
}

/** The `loom ui` command that opens the demo, as the student would type it. */
export function demoCommand(lesson: MachineLesson): string {
  const { base, runAtStart } = lesson.demo;
  const at = base === undefined ? '' : ` --base ${hex32(base)}`;
  return `loom ui ${demoPath(lesson)}${at}${runAtStart ? ' --run' : ''}`;
}

const interactive = () => process.stdout.isTTY === true && process.stdin.isTTY === true;

/**
 * Waits for Enter; false when the input ended (Ctrl-D). The terminal stays in its line mode (no
 * readline: its key decoding would stay on stdin beside the UI's and double every key).
 */
function enter(): Promise<boolean> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    const done = (entered: boolean) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(entered);
    };
    const onData = () => done(true);
    const onEnd = () => done(false);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/**
 * Opens the terminal UI on the demo, paused or running as the lesson says; without a terminal,
 * says which command does. Returns the exit status.
 */
export async function openDemo(lesson: MachineLesson, io: Io): Promise<number> {
  const how = lesson.demo.runAtStart ? 'running' : 'paused at its first instruction';
  if (!interactive()) {
    io.stdout(`\nIn a terminal, ${demoCommand(lesson)} shows the demo (${how}).\n`);
    return 0;
  }
  const name = demoPath(lesson);
  io.stdout(`\nEnter opens the terminal UI on ${name}, ${how} (q quits it): `);
  if (!(await enter())) {
    io.stdout('\n');
    return 0;
  }
  const path = join(LOOM_ROOT, lesson.demo.program);
  const program = fileProgram(
    path,
    io.readFile,
    { base: lesson.demo.base },
    lesson.demo.runAtStart,
  );
  return new App({ program, demos: demos(), readFile: io.readFile, realtime: true }).run();
}
