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
 * Waits for Enter: 'enter', or 'end' when the input ended (Ctrl-D), or 'interrupt' (Ctrl-C).
 * The terminal stays in its line mode (no readline: its key decoding would stay on stdin beside
 * the UI's and double every key).
 */
function enter(): Promise<'enter' | 'end' | 'interrupt'> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    const done = (how: 'enter' | 'end' | 'interrupt') => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      process.off('SIGINT', onInterrupt);
      stdin.pause();
      resolve(how);
    };
    const onData = () => done('enter');
    const onEnd = () => done('end');
    const onInterrupt = () => done('interrupt');
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    process.on('SIGINT', onInterrupt);
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
  const answer = await enter();
  if (answer !== 'enter') {
    io.stdout('\n');
    // Ctrl-C ends the command as it ends any other: status 128 + SIGINT.
    return answer === 'interrupt' ? 130 : 0;
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
