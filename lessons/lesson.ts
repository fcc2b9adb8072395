/**
 * What a lesson is. Lessons 1-6 are about circuits: their demo is text drawn from the circuit
 * simulator and their exercise is a circuit (or a punched card) that a checker runs. Lessons on
 * the Cortex-M7 will add a kind 'machine' whose demo opens the terminal UI.
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

export type Lesson = CircuitLesson;
