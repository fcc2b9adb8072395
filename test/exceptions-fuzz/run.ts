/**
 * One scenario on both machines: emit.ts's C with runtime.c, built by firmware/c/build.ts, run
 * on Loom's STM32F746 and on QEMU's Cortex-M7 (mps2-an500); the two printed logs must be equal.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildElf } from '../../firmware/c/build.ts';
import { runInLoom } from '../../firmware/c/loom-run.ts';
import { runInQemu } from '../../firmware/c/qemu-run.ts';
import { emitC } from './emit.ts';
import type { Scenario } from './scenario.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const INSTRUCTION_LIMIT = 5_000_000;

export interface Outcome {
  scenario: Scenario;
  source: string;
  loom: string;
  qemu: string;
  same: boolean;
}

/** Builds and runs one scenario in `dir` (its files are overwritten by the next one). */
export async function runScenario(scenario: Scenario, dir: string): Promise<Outcome> {
  const source = emitC(scenario);
  const cFile = join(dir, 'scenario.c');
  writeFileSync(cFile, source);
  copyFileSync(join(HERE, 'runtime.h'), join(dir, 'runtime.h'));
  const elf = buildElf({
    sources: [join(HERE, 'runtime.c'), cFile],
    outDir: dir,
    name: 'scenario',
  });
  const run = await runInLoom(elf, INSTRUCTION_LIMIT);
  const loom =
    run.stop.kind === 'exit' && run.stop.code === 0
      ? run.output
      : `${run.output}\n[Loom stopped: ${JSON.stringify(run.stop)}]`;
  const qemu = runInQemu(elf, 30_000).output;
  return { scenario, source, loom, qemu, same: loom === qemu };
}
