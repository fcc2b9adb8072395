/** Turns a Loom run that did not exit cleanly into a sentence that names the instruction. */
import { disassemble } from './build.ts';
import type { LoomRun } from './loom-run.ts';

export function describeStop(elfPath: string, run: LoomRun): string {
  const pc = run.machine.cpu.pc;
  const key = `${pc.toString(16)}:`;
  const line = disassemble(elfPath)
    .split('\n')
    .find((l) => l.trim().startsWith(key));
  const where = line === undefined ? '' : `\n  at: ${line.trim()}`;
  return `${run.stop.kind}: ${run.stop.message} after ${run.instructions} instructions${where}`;
}
