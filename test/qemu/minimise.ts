/**
 * Lockstep: runs the program one instruction at a time on both targets and compares after
 * every step (registers and flags; the scratch area too when asked), to name the first
 * instruction whose effects differ. Also catches results that a later instruction overwrites
 * before the end of the program.
 */
import type { Program } from './program.ts';
import type { Target } from './target.ts';
import { compare, type Difference, type Outcome, type Snapshot } from './state.ts';

export interface Divergence {
  /** Instructions executed before the divergent one. */
  step: number;
  /** Its address. */
  pc: number;
  /** The state both agreed on before it. */
  before: Snapshot;
  loom: Outcome;
  qemu: Outcome;
  diffs: Difference[];
}

const MAX_STEPS = 2000;

export async function findDivergence(
  program: Program,
  loom: Target,
  qemu: Target,
  withMemory: boolean,
): Promise<Divergence | null> {
  await loom.begin(program);
  await qemu.begin(program);
  let before: Snapshot = { ...program.initial, regs: program.initial.regs.slice() };
  for (let step = 0; step < MAX_STEPS; step++) {
    const a = await loom.step(withMemory);
    const b = await qemu.step(withMemory);
    const diffs = compare(a, b);
    if (diffs.length > 0) return { step, pc: before.regs[15], before, loom: a, qemu: b, diffs };
    if (a.stop !== 'step') return null;
    before = a.state;
  }
  return null;
}
