/** What the differential test asks of Loom and of QEMU alike. */
import type { Program } from './program.ts';
import type { Outcome } from './state.ts';

export interface Target {
  readonly name: string;
  /** Runs the program from its initial state to its end (or an exception, or a time limit). */
  run(p: Program): Promise<Outcome>;
  /** Loads the program and its initial state, ready to `step`. */
  begin(p: Program): Promise<void>;
  /**
   * Executes one instruction; the outcome's stop is 'step' unless something else happened.
   * The scratch area is read only `withMemory` (and always at the end or an exception).
   */
  step(withMemory: boolean): Promise<Outcome>;
  close(): Promise<void>;
}
