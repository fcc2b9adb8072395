/**
 * npm run fuzz:exceptions -- [--seed S] [--count N] [--minimise]
 *
 * Random exception sequences (seeds S, S+1, ... S+N-1; S random unless given) on Loom and on
 * QEMU's Cortex-M7; prints every mismatch with its program and both logs, exits 1 if any.
 */
import { parseArgs } from 'node:util';

import { runCampaign } from './campaign.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    count: { type: 'string', default: '50' },
    minimise: { type: 'boolean', default: false },
  },
});

const first = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const count = Number(values.count);
console.log(`seeds ${first}..${first + count - 1}`);
const seeds = Array.from({ length: count }, (_, k) => first + k);
const result = await runCampaign({
  seeds,
  minimise: values.minimise,
  log: (line) => console.log(line),
});
for (const report of result.reports) console.log('\n' + report);
console.log(
  `\n${result.runs} programs, ${result.mismatches.length} mismatches, ` +
    `${result.seconds.toFixed(1)} s`,
);
process.exitCode = result.mismatches.length > 0 ? 1 : 0;
