/**
 * The benchmark's workloads: C programs in bench/workloads/, each looping ITERATIONS times.
 * The defaults aim at about 150 million instructions each (1.5 s at 100 MIPS). ITERATIONS is
 * read from memory at run time (iterations.h), so builds differ only in that word.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Workload {
  name: string;
  source: string;
  iterations: number;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'workloads');

export const WORKLOADS: readonly Workload[] = [
  { name: 'intloop', source: join(dir, 'intloop.c'), iterations: 15_000_000 },
  { name: 'memcpy', source: join(dir, 'memcpy.c'), iterations: 3_600 },
  { name: 'crc', source: join(dir, 'crc.c'), iterations: 5_200 },
  { name: 'sort', source: join(dir, 'sort.c'), iterations: 330 },
  { name: 'matmul', source: join(dir, 'matmul.c'), iterations: 5_300 },
];

/** Does nothing: QEMU's start-up time, subtracted from its times for the others. */
export const EMPTY: Workload = { name: 'empty', source: join(dir, 'empty.c'), iterations: 0 };
