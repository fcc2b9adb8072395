/**
 * npm run fuzz -- --count N [--seed S] [--length L] [--only K[,K...]] [--quiet] [--no-lockstep]
 *
 * Runs N random programs on Loom and on QEMU's Cortex-M7 and compares them; prints progress,
 * every mismatch (with its first divergent instruction) and the coverage report. Exits 1 if
 * anything differed.
 */
import { parseArgs } from 'node:util';
import { runCampaign } from './differential.ts';
import { describeMismatch } from './report.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    seed: { type: 'string' },
    length: { type: 'string', default: '30' },
    only: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    'no-lockstep': { type: 'boolean', default: false },
  },
});

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const only = values.only?.split(',').map(Number);
console.log(`seed ${seed}`);
const result = await runCampaign({
  seed,
  count: Number(values.count),
  length: Number(values.length),
  only,
  lockstep: !values['no-lockstep'],
  log: (line) => console.log(line),
});
for (const m of result.mismatches) console.log('\n' + (await describeMismatch(m)));
if (!values.quiet || result.coverage.missing.length > 0)
  console.log('\n' + result.coverage.report());
if (result.missed.length > 0) console.log(`\nNot placed as scheduled: ${result.missed.join(', ')}`);
console.log(
  `\n${result.programs} programs, ${result.mismatches.length} mismatches, ` +
    `${result.coverage.exercised}/${result.coverage.counts.size} encodings exercised, ` +
    `${result.seconds.toFixed(1)} s` +
    (result.qemuRestarts > 0 ? `, QEMU restarted ${result.qemuRestarts} times` : ''),
);
process.exitCode = result.mismatches.length > 0 ? 1 : 0;
