/** Runs one workload ELF several times in Loom and in QEMU; medians of the timings. */
import { spawnSync } from 'node:child_process';

import { runInLoom } from '../firmware/c/loom-run.ts';
import { runInQemu } from '../firmware/c/qemu-run.ts';

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface LoomTiming {
  instructions: number;
  seconds: number;
  output: string;
}

/** Loom: a fresh machine per repetition; only the run is timed, not the loading. */
export async function timeLoom(elf: string, reps: number): Promise<LoomTiming> {
  const times: number[] = [];
  let first: LoomTiming | null = null;
  for (let r = 0; r < reps; r++) {
    const run = await runInLoom(elf);
    if (run.stop.kind !== 'exit' || run.stop.code !== 0) {
      throw new Error(
        `${run.stop.kind}: ${run.stop.message} after ${run.instructions} instructions`,
      );
    }
    first ??= { instructions: run.instructions, seconds: 0, output: run.output };
    if (run.output !== first.output || run.instructions !== first.instructions) {
      throw new Error('two runs of the same program differ');
    }
    times.push(run.seconds);
  }
  return { ...first!, seconds: median(times) };
}

export function qemuInstalled(): boolean {
  return spawnSync('qemu-system-arm', ['--version']).status === 0;
}

/** QEMU: the median wall time of the whole process (start-up included). */
export function timeQemu(elf: string, reps: number): { seconds: number; output: string } {
  const times: number[] = [];
  let output = '';
  for (let r = 0; r < reps; r++) {
    const run = runInQemu(elf);
    output = run.output;
    times.push(run.seconds);
  }
  return { seconds: median(times), output };
}
