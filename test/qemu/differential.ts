/**
 * A campaign: programs generated from one seed run on Loom and on QEMU, every outcome compared,
 * every mismatch stepped through to its first divergent instruction, coverage counted.
 */
import { Coverage } from './coverage.ts';
import { GdbError } from './gdb-client.ts';
import { findDivergence, type Divergence } from './minimise.ts';
import { generate } from './generator.ts';
import { LoomTarget } from './loom-target.ts';
import type { Program } from './program.ts';
import { QemuTarget } from './qemu-target.ts';
import type { Mismatch } from './report.ts';
import { endingFor, programSeed, requiredFor } from './schedule.ts';
import { compare, type Outcome } from './state.ts';

export interface CampaignOptions {
  seed: number;
  count: number;
  /** Instructions under test per program. */
  length: number;
  /** Only these program numbers (to reproduce one). */
  only?: number[];
  /**
   * Also run every program in lockstep, comparing registers and flags after each instruction
   * (default true): catches wrong results that a later instruction overwrites.
   */
  lockstep?: boolean;
  log?: (line: string) => void;
  /** A running QEMU to reuse (it is not closed). */
  qemu?: QemuTarget;
}

export interface CampaignResult {
  programs: number;
  mismatches: Mismatch[];
  coverage: Coverage;
  /** Encodings the generator could not place where the schedule asked (should stay empty). */
  missed: string[];
  seconds: number;
  qemuRestarts: number;
}

export function programOf(seed: number, k: number, length: number) {
  const options = { seed: programSeed(seed, k), length, required: requiredFor(k) };
  return generate({ ...options, id: `${seed}:${k}`, ending: endingFor(k) });
}

async function runLoom(loom: LoomTarget, p: Program): Promise<Outcome> {
  try {
    return await loom.run(p);
  } catch (e) {
    const state = { ...p.initial, regs: p.initial.regs.slice() };
    return { stop: 'crash', detail: `Loom threw ${(e as Error).stack ?? e}`, state };
  }
}

/** findDivergence, with QEMU dying on the way reported as a divergence (QEMU restarts). */
async function lockstep(
  p: Program,
  loom: LoomTarget,
  qemu: QemuTarget,
  withMemory: boolean,
): Promise<Divergence | null> {
  try {
    return await findDivergence(p, loom, qemu, withMemory);
  } catch (e) {
    if (!(e instanceof GdbError)) throw e;
    const before = { ...p.initial, regs: p.initial.regs.slice() };
    const qemuOutcome: Outcome = { stop: 'crash', detail: e.message, state: before };
    const loomOutcome: Outcome = { stop: 'step', detail: '', state: before };
    const diffs = compare(loomOutcome, qemuOutcome);
    return { step: -1, pc: 0, before, loom: loomOutcome, qemu: qemuOutcome, diffs };
  }
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const qemu = options.qemu ?? (await QemuTarget.start());
  const loom = new LoomTarget();
  const coverage = new Coverage();
  const mismatches: Mismatch[] = [];
  const missed: string[] = [];
  const ks = options.only ?? Array.from({ length: options.count }, (_, k) => k);
  try {
    for (const [n, k] of ks.entries()) {
      const generated = programOf(options.seed, k, options.length);
      const p = generated.program;
      missed.push(...generated.missed.map((name) => `${name} (program ${p.id})`));
      const a = await runLoom(loom, p);
      coverage.add(p, loom.trace);
      const b = await qemu.run(p);
      const diffs = compare(a, b);
      let divergence = options.lockstep === false ? null : await lockstep(p, loom, qemu, false);
      if (diffs.length > 0 || divergence !== null) {
        // Again with the scratch area compared at every step: a store is named where it happens.
        divergence = (await lockstep(p, loom, qemu, true)) ?? divergence;
        const reproduce = `npm run fuzz -- --seed ${options.seed} --only ${k} --length ${options.length}`;
        mismatches.push({ program: p, loom: a, qemu: b, diffs, divergence, reproduce });
        const what = (divergence?.diffs ?? diffs).map((d) => d.what).join(', ');
        log(`program ${p.id}: MISMATCH (${what})`);
      }
      if ((n + 1) % 50 === 0 || n + 1 === ks.length) {
        const s = ((performance.now() - started) / 1000).toFixed(1);
        log(`${n + 1}/${ks.length} programs, ${mismatches.length} mismatches, ${s} s`);
      }
    }
  } finally {
    if (!options.qemu) await qemu.close();
  }
  return {
    programs: ks.length,
    mismatches,
    coverage,
    missed,
    seconds: (performance.now() - started) / 1000,
    qemuRestarts: qemu.restarts,
  };
}
