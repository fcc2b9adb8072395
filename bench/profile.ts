/**
 * Runs workloads in Loom only, for a profiler:
 *   node --cpu-prof --cpu-prof-dir=/tmp/loom-prof --import tsx bench/profile.ts [name...]
 *   node --trace-gc --import tsx bench/profile.ts intloop
 * then `node --import tsx bench/profile-summary.ts /tmp/loom-prof/*.cpuprofile`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildElf } from '../firmware/c/build.ts';
import { runInLoom } from '../firmware/c/loom-run.ts';
import { WORKLOADS } from './workloads.ts';

const names = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'loom-profile-'));
try {
  for (const w of WORKLOADS.filter((x) => names.length === 0 || names.includes(x.name))) {
    const elf = buildElf({
      sources: [w.source],
      defines: { ITERATIONS: w.iterations },
      outDir: dir,
      name: w.name,
    });
    const run = await runInLoom(elf);
    const mips = run.instructions / run.seconds / 1e6;
    process.stderr.write(
      `${w.name}: ${run.stop.kind}, ${run.instructions} instructions, ${mips.toFixed(1)} MIPS\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
