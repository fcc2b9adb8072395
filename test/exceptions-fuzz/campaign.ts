/**
 * Runs seeds one after another and describes each mismatch: the seed, the program, both logs
 * side by side from the first difference, and (when asked) the program minimised.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { emitC } from './emit.ts';
import { generateScenario } from './generator.ts';
import { minimise } from './minimise.ts';
import { sideBySide } from './report.ts';
import { runScenario, type Outcome } from './run.ts';
import { actionCount } from './scenario.ts';

export interface CampaignOptions {
  seeds: number[];
  minimise?: boolean;
  log?: (line: string) => void;
}

export interface CampaignResult {
  runs: number;
  mismatches: Outcome[];
  reports: string[];
  seconds: number;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loom-exc-fuzz-'));
  const log = options.log ?? (() => {});
  const start = Date.now();
  const result: CampaignResult = { runs: 0, mismatches: [], reports: [], seconds: 0 };
  try {
    for (const seed of options.seeds) {
      const outcome = await runScenario(generateScenario(seed), dir);
      result.runs++;
      if (result.runs % 50 === 0)
        log(`${result.runs} programs, ${result.mismatches.length} mismatches so far`);
      // Both must also have run the program to its end (runtime.c: end=0).
      if (outcome.same && outcome.loom.startsWith('end=00000000\n')) continue;
      result.mismatches.push(outcome);
      log(
        `seed ${seed}: ${outcome.same ? 'the program did not run to its end' : 'Loom and QEMU differ'}`,
      );
      result.reports.push(await describe(outcome, dir, options.minimise ?? false));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - start) / 1000;
  return result;
}

async function describe(o: Outcome, dir: string, shrink: boolean): Promise<string> {
  const seed = o.scenario.seed;
  const lines = [
    `=== seed ${seed}: ${o.same ? 'did not run to its end' : 'Loom and QEMU differ'} ` +
      `(npm run fuzz:exceptions -- --seed ${seed} --count 1)`,
    o.source,
    sideBySide(o.loom, o.qemu),
    `--- Loom printed:\n${o.loom}`,
    `--- QEMU printed:\n${o.qemu}`,
  ];
  if (shrink && !o.same) {
    const small = await minimise(o.scenario, async (s) => !(await runScenario(s, dir)).same);
    const last = await runScenario(small.scenario, dir);
    lines.push(
      `--- minimised in ${small.runs} runs, ${actionCount(o.scenario)} -> ` +
        `${actionCount(small.scenario)} actions:`,
      emitC(small.scenario),
      sideBySide(last.loom, last.qemu),
    );
  }
  return lines.join('\n');
}
