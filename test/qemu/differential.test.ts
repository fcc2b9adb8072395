/**
 * Loom against QEMU's Cortex-M7 (qemu-system-arm -M mps2-an500 -cpu cortex-m7): a fixed set of
 * seeded random programs, every register, flag and scratch word compared after each run and
 * registers and flags after every instruction. No mismatch is allowed, and every encoding must
 * run. QEMU is required: without it this test fails (CI installs qemu-system-arm).
 *
 * More programs: npm run fuzz -- --count N [--seed S]. What QEMU gets wrong: known-deviations.md.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ENCODINGS } from '../../cpu/decoder.ts';
import type { Cpu } from '../../cpu/cpu.ts';
import type { Handler, Insn } from '../../cpu/insn.ts';
import { Coverage } from './coverage.ts';
import { runCampaign, type CampaignResult } from './differential.ts';
import { QemuTarget } from './qemu-target.ts';
import { describeMismatch } from './report.ts';

/** The CI set: 4 x 200 programs of 30 instructions under test (about a minute). */
const SEEDS = [1, 2, 3, 4];
const PROGRAMS = 200;
const LENGTH = 30;

let running: Promise<QemuTarget> | null = null;

/** Every test starts from here, so that without QEMU each one fails (none is skipped). */
function reference(): Promise<QemuTarget> {
  running ??= QemuTarget.start();
  return running;
}

afterAll(async () => {
  await (await running?.catch(() => null))?.close();
});

async function explain(results: CampaignResult[]): Promise<string> {
  const all = results.flatMap((r) => r.mismatches);
  const shown = await Promise.all(all.slice(0, 5).map(describeMismatch));
  return `${all.length} mismatches\n\n${shown.join('\n\n')}`;
}

describe('differential test against QEMU', () => {
  it('runs the fixed seeds with no mismatch and exercises every encoding', async () => {
    const qemu = await reference();
    const results: CampaignResult[] = [];
    for (const seed of SEEDS) {
      results.push(await runCampaign({ seed, count: PROGRAMS, length: LENGTH, qemu }));
    }
    const coverage = new Coverage();
    for (const r of results) {
      for (const [name, n] of r.coverage.counts) {
        coverage.counts.set(name, (coverage.counts.get(name) ?? 0) + n);
      }
    }
    const mismatches = results.reduce((n, r) => n + r.mismatches.length, 0);
    if (mismatches > 0) console.error(await explain(results));
    expect(mismatches, await explain(results)).toBe(0);
    expect(results.flatMap((r) => r.missed)).toEqual([]);
    expect(coverage.missing).toEqual([]);
    expect(coverage.exercised).toBe(ENCODINGS.length);
  }, 240_000);

  it.each([
    ['ADC (register) T1', (cpu: Cpu, i: Insn) => (cpu.regs[i.d] ^= 1)],
    ['VADD.F32 T1', (cpu: Cpu, i: Insn) => (cpu.s[i.d] ^= 1)],
  ] as const)(
    'notices a planted bug in %s (the comparison is not vacuous)',
    async (name, flip) => {
      const qemu = await reference();
      const victim = ENCODINGS.find((e) => e.name === name)!;
      const original = victim.exec;
      // A result off by one bit.
      const planted: Handler = (cpu, i) => {
        original(cpu, i);
        flip(cpu, i);
      };
      (victim as { exec: Handler }).exec = planted;
      try {
        const r = await runCampaign({ seed: 99, count: 48, length: LENGTH, qemu });
        const blamed = r.mismatches.filter((m) => {
          const pc = m.divergence?.pc;
          return m.program.lines.some((l) => l.addr === pc && l.encoding === victim.name);
        });
        expect(blamed.length).toBeGreaterThan(0);
      } finally {
        (victim as { exec: Handler }).exec = original;
      }
    },
    120_000,
  );
});
