/**
 * `npm run bench [-- --json] [--reps N] [--scale X] [--only a,b] [--no-qemu] [--qemu-factor K]`
 *
 * Builds the workloads (bench/workloads/*.c) as ELFs, runs each in Loom `reps` times and reports
 * the median: instructions, seconds, MIPS. Where qemu-system-arm is installed, it measures QEMU on
 * the same programs (see qemu-speed.ts) and reports the ratio.
 * With --json, stdout carries only {"workloads": [...]}; everything else goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { buildElf } from '../firmware/c/build.ts';
import { median, qemuInstalled, timeLoom, timeQemu } from './measure.ts';
import { qemuSpeed } from './qemu-speed.ts';
import { toJson, toTable, type Result } from './report.ts';
import { EMPTY, WORKLOADS, type Workload } from './workloads.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    'no-qemu': { type: 'boolean', default: false },
    'qemu-factor': { type: 'string', default: '8' },
  },
});
const reps = Math.max(1, Number(values.reps));
const only = values.only?.split(',');
const workloads = WORKLOADS.filter((w) => only === undefined || only.includes(w.name));
const log = (text: string) => process.stderr.write(text + '\n');
const withQemu = !values['no-qemu'] && qemuInstalled();
if (!withQemu && !values['no-qemu']) log('qemu-system-arm is not installed: no QEMU figures');

const dir = mkdtempSync(join(tmpdir(), 'loom-bench-'));
const build = (w: Workload, iterations: number) =>
  buildElf({
    sources: [w.source],
    defines: { ITERATIONS: iterations },
    outDir: dir,
    name: `${w.name}-${iterations}`,
  });

async function measure(w: Workload, qemuStartup: number): Promise<Result> {
  const iterations = Math.max(1, Math.round(w.iterations * Number(values.scale)));
  const loom = await timeLoom(build(w, iterations), reps);
  const mips = loom.instructions / loom.seconds / 1e6;
  let qemuMips: number | null = null;
  if (withQemu) {
    const qemu = await qemuSpeed({
      build: (n) => build(w, n),
      iterations,
      instructions: loom.instructions,
      output: loom.output,
      reps,
      startupSeconds: qemuStartup,
      factor: Number(values['qemu-factor']),
    });
    if (qemu.warning !== undefined) log(`${w.name}: ${qemu.warning}`);
    qemuMips = qemu.mips;
  }
  log(
    `${w.name}: ${mips.toFixed(1)} MIPS` +
      (qemuMips === null ? '' : `, QEMU ${qemuMips.toFixed(0)} MIPS`),
  );
  return {
    name: w.name,
    instructions: loom.instructions,
    seconds: loom.seconds,
    mips,
    qemu_mips: qemuMips,
  };
}

const results: Result[] = [];
let failed = false;
try {
  const qemuStartup = withQemu ? timeQemu(build(EMPTY, 0), reps).seconds : 0;
  if (withQemu) log(`QEMU start-up: ${(qemuStartup * 1000).toFixed(1)} ms`);
  for (const w of workloads) {
    try {
      results.push(await measure(w, qemuStartup));
    } catch (e) {
      failed = true;
      log(`${w.name}: ${(e as Error).message}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const medianMips = median(results.map((r) => r.mips));
const qemuFigures = results.flatMap((r) => (r.qemu_mips === null ? [] : [r.qemu_mips]));
const medianQemu = qemuFigures.length > 0 ? median(qemuFigures) : null;
const table = toTable(results, medianMips, medianQemu);
if (values.json) {
  process.stdout.write(toJson(results) + '\n');
  log(table);
} else {
  process.stdout.write(table + '\n');
}
if (failed) process.exitCode = 1;
