/**
 * What a lesson is. Lessons 1-6 are about circuits: their demo is text drawn from the circuit
 * simulator and their exercise is a circuit (or a punched card) that a checker runs. Lessons 7-14
 * are about the Cortex-M7: their demo is a program the terminal UI opens, and their exercise is a
 * program (assembly, assembled by Loom itself) that a checker runs on an emulated Nucleo board.
 *
 * Lessons use no Node API: they get their files through `ReadText`, so that a web page can
 * serve them as well as the command line.
 */
import type { Scope } from './circuits/scope.ts';

/** Reads a file below lessons/ (e.g. 'library/HalfAdder.hdl'); throws when there is none. */
export type ReadText = (path: string) => string;

export interface LessonContext {
  /** The part library (lessons/library), already loaded. */
  library: Scope;
  /** A file of the lesson's own folder. */
  read(name: string): string;
  /**
   * A file of Loom's tree as bytes, by its path from the root: a demo's program that a
   * walkthrough runs ('firmware/build/blinky-pll.elf'). Absent where only the lessons' own files
   * can be read: a walkthrough then says which command shows what it would have measured.
   */
  program?(path: string): Uint8Array;
}

export interface CheckResult {
  passed: boolean;
  /** One line, for a teacher's list of students. */
  summary: string;
  /** What is right and, where something is wrong, what to look at. */
  report: string;
}

export interface CircuitLesson {
  kind: 'circuit';
  number: number;
  /** The lesson's folder below lessons/, e.g. '01-switches'. */
  slug: string;
  title: string;
  /** The file the student edits: its starter is exercise/FILE, its solution solution/FILE. */
  exercise: string;
  /** The demo's own circuit or card files, handed out with the exercise to try things on. */
  tryFiles: string[];
  /** The demo, drawn as text (circuit views, truth tables, timing diagrams). */
  demo(context: LessonContext): string;
  /** Checks the student's version of the exercise file; `file` names it in messages. */
  check(source: string, file: string, context: LessonContext): CheckResult;
}

/** A program the terminal UI opens for a machine lesson's demo. */
export interface MachineDemo {
  /**
   * The program's file, from the repository's root: a file of the lesson's folder
   * ('lessons/09-sum/sum.s') or a firmware image ('firmware/build/blinky-registers.elf').
   */
  program: string;
  /** Where an assembly (.s) or raw (.bin) program goes; the loader's default otherwise. */
  base?: number;
  /** Whether the UI starts it running (a blinky) or halted at its first instruction (a sum). */
  runAtStart: boolean;
}

export interface MachineLesson {
  kind: 'machine';
  number: number;
  /** The lesson's folder below lessons/, e.g. '09-sum'. */
  slug: string;
  title: string;
  /** The file the student edits: its starter is exercise/FILE, its solution solution/FILE. */
  exercise: string;
  /** Other files of the lesson's folder handed out with the exercise, to try things on. */
  tryFiles: string[];
  /**
   * Where the exercise is assembled: 0x20000100 in DTCM (the default), where it starts at its
   * first line, or 0x08000000 in flash, where it brings a vector table and starts through reset.
   */
  exerciseBase?: number;
  demo: MachineDemo;
  /**
   * What the demo shows, as text: printed before the terminal UI opens on `demo.program`, and
   * instead of it where there is no terminal (a pipe, a test). It may run the program itself.
   */
  walkthrough(context: LessonContext): Promise<string>;
  /** Assembles and runs the student's version of the exercise file; `file` names it. */
  check(source: string, file: string, context: LessonContext): Promise<CheckResult>;
}

export type Lesson = CircuitLesson | MachineLesson;
