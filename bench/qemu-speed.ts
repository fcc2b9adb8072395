/**
 * QEMU's speed on a workload, in Loom's instructions per second of QEMU's time.
 *
 * QEMU runs 150 million instructions in a tenth of a second, about as long as it takes to start,
 * so timing the same ELF would mostly time the start-up. Instead QEMU runs a build with `factor`
 * times the iterations, and its instruction count comes from Loom: each workload's count is
 * exactly linear in ITERATIONS, I(N) = I0 + N * b, which Loom measures at N = 1 and 2 and checks
 * against its count for the benchmark's own N. QEMU's start-up (a program that does nothing) is
 * subtracted from its time.
 */
import { runInLoom } from '../firmware/c/loom-run.ts';
import { timeQemu } from './measure.ts';

export interface QemuSpeedInput {
  /** Builds the workload with this many iterations; returns the ELF's path. */
  build: (iterations: number) => string;
  iterations: number;
  /** Loom's count and output for the benchmark's own build. */
  instructions: number;
  output: string;
  reps: number;
  startupSeconds: number;
  factor: number;
}

async function countInLoom(elf: string): Promise<number> {
  const run = await runInLoom(elf);
  if (run.stop.kind !== 'exit') throw new Error(`${run.stop.kind}: ${run.stop.message}`);
  return run.instructions;
}

/** Returns QEMU's MIPS, and a warning when the figure is not to be trusted. */
export async function qemuSpeed(x: QemuSpeedInput): Promise<{ mips: number; warning?: string }> {
  // The same ELF must print the same in QEMU as in Loom.
  const same = timeQemu(x.build(x.iterations), 1);
  if (same.output !== x.output) {
    throw new Error(
      `QEMU printed ${JSON.stringify(same.output)}, Loom ${JSON.stringify(x.output)}`,
    );
  }
  const one = await countInLoom(x.build(1));
  const perIteration = (await countInLoom(x.build(2))) - one;
  const fixed = one - perIteration;
  let instructions = x.instructions;
  let iterations = x.iterations;
  if (fixed + x.iterations * perIteration === x.instructions) {
    iterations = x.iterations * x.factor;
    instructions = fixed + iterations * perIteration;
  }
  const seconds = timeQemu(x.build(iterations), x.reps).seconds - x.startupSeconds;
  const mips = instructions / Math.max(seconds, 1e-3) / 1e6;
  if (iterations === x.iterations) {
    return {
      mips,
      warning: 'instruction count not linear in ITERATIONS: QEMU timed on the same ELF',
    };
  }
  if (seconds < 5 * x.startupSeconds)
    return { mips, warning: 'QEMU run too short for a precise figure' };
  return { mips };
}
