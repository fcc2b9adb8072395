/**
 * float.c, built for the FPU (-mfpu=fpv5-sp-d16 -mfloat-abi=hard), on Loom and on QEMU's
 * Cortex-M7: the text it prints through newlib's snprintf and semihosting must be the same, and
 * the results it prints must be the ones worked out here: in round-to-nearest with Math.fround
 * (a double result rounded to single is correctly rounded for +, *, / and sqrt of singles), in
 * the directed modes with the reference arithmetic of test/fp-oracle.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import * as O from '../../test/fp-oracle.ts';
import { buildElf } from './build.ts';
import { describeStop } from './diagnose.ts';
import { runInLoom, type LoomRun } from './loom-run.ts';
import { runInQemu } from './qemu-run.ts';

function once<T>(make: () => T): () => T {
  let result: { value: T } | null = null;
  return () => (result ??= { value: make() }).value;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (v: number) => ((f32[0] = v), u32[0]);

/** The printed bits of each "name = text (bits)" line. */
function printed(output: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of output.matchAll(/^(.+) = \S+ \(([0-9a-f]{8})\)$/gm)) {
    out.set(m[1], parseInt(m[2], 16));
  }
  return out;
}

/** sum 1/k for k = 1..n in single precision, rounding by FPSCR.RMode `mode` (the oracle). */
function harmonic(n: number, mode: number): number {
  const c = { fpscr: mode << 22 };
  let s = 0n;
  for (let k = 1; k <= n; k++) {
    const q = O.fpDiv(BigInt(bitsOf(1)), BigInt(bitsOf(k)), O.SINGLE, c);
    s = O.fpAdd(s, q, O.SINGLE, c);
  }
  return Number(s);
}

describe('C with floats (gcc -O2, hard float, newlib-nano printf %g)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-float-'));
  const elf = once(() =>
    buildElf({ sources: ['float.c'], outDir: dir, name: 'float', fpu: true, script: 'float.ld' }),
  );
  const loom = once(() => runInLoom(elf(), 50_000_000));
  const qemu = once(() => runInQemu(elf()));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs to its semihosting exit in Loom', async () => {
    const run: LoomRun = await loom();
    expect(run.stop.kind === 'exit' ? '' : describeStop(elf(), run)).toBe('');
    expect(run.output).toMatch(/done\n$/);
  });

  test('Loom prints exactly what QEMU prints', async () => {
    expect((await loom()).output).toBe(qemu().output);
  });

  test('the results are the correctly rounded ones', async () => {
    const p = printed((await loom()).output);
    const fr = Math.fround;
    let s = 0;
    for (let k = 1; k <= 1000; k++) s = fr(s + fr(1 / k));
    const third = fr(1 / 3);
    expect(p.get('harmonic(1000)')).toBe(bitsOf(s));
    expect(p.get('1/3')).toBe(bitsOf(third));
    expect(p.get('2/3')).toBe(bitsOf(fr(2 / 3)));
    expect(p.get('sqrt(2)')).toBe(bitsOf(fr(Math.sqrt(2))));
    expect(p.get('sqrt(3)')).toBe(bitsOf(fr(Math.sqrt(3))));
    // third * 3 - 1 is exact in double: the fused result rounds it once.
    expect(p.get('fma(1/3,3,-1)')).toBe(bitsOf(fr(third * 3 - 1)));
    expect(p.get('(float)(2^24+1)')).toBe(bitsOf(2 ** 24));
    expect(p.get('(__fp16)1/3')).toBe(0x3eaa_a000); // 0x3555 in half precision
    ['RN', 'RP', 'RM', 'RZ'].forEach((name, mode) => {
      expect(p.get(`${name} harmonic(100)`), name).toBe(harmonic(100, mode));
    });
    expect([p.get('RP -2/3'), p.get('RM 1/3')]).toEqual([0xbf2a_aaaa, 0x3eaa_aaaa]);
    expect([p.get('RM big+big'), p.get('RZ big+big')]).toEqual([0x7f7f_ffff, 0x7f7f_ffff]);
    expect([p.get('min_normal/2'), p.get('FZ min_normal/2')]).toEqual([0x0040_0000, 0]);
  });

  test('FPSCR collects the exceptions the ARM ARM names', async () => {
    const out = (await loom()).output;
    // 1/0 DZC, 0/0 and sqrt(-1) IOC, big*big OFC+IXC, tiny*tiny UFC+IXC.
    expect(out).toContain('special flags = 1f\n');
    // Exact denormal results raise nothing; under FZ: IDC (input) and UFC (output flushed).
    expect(out).toContain('denormals flags = 00\n');
    expect(out).toContain('FZ flags = 88\n');
  });
});
