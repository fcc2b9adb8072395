/**
 * C firmware built with arm-none-eabi-gcc and newlib-nano runs to the right answer: CRC-32, three
 * sorts (newlib's qsort, an insertion sort, a merge sort), a checksum of their results and a matrix
 * product, checked against TypeScript's own computation and against QEMU's Cortex-M7.
 * The toolchain and QEMU are required: a missing tool fails every test that needs it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import { buildElf } from './build.ts';
import { describeStop } from './diagnose.ts';
import { runInLoom, type LoomRun } from './loom-run.ts';
import { runInQemu } from './qemu-run.ts';
import { expectedResults, firstDifference, parseDump, RESULT_WORDS } from './selftest-expected.ts';

/** Runs `make` once, on first use; every caller sees its result or its error. */
function once<T>(make: () => T): () => T {
  let result: { value: T } | null = null;
  return () => (result ??= { value: make() }).value;
}

describe('C firmware (gcc -O2, newlib-nano)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-firmware-'));
  const elf = once(() => buildElf({ sources: ['selftest.c'], outDir: dir, name: 'selftest' }));
  const loom = once(() => runInLoom(elf(), 50_000_000));
  const qemu = once(() => runInQemu(elf()));
  const expected = expectedResults();

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs to its semihosting exit in Loom', async () => {
    const run: LoomRun = await loom();
    expect(run.stop.kind === 'exit' ? '' : describeStop(elf(), run)).toBe('');
    expect(run.stop.code).toBe(0);
  });

  test('leaves the right results in RAM (CRC-32, sorts, checksum, matrix product)', async () => {
    const run = await loom();
    const at = run.image.symbols.get('results')?.address;
    expect(at).toBe(0x2000_0000);
    const words = new Uint32Array(run.machine.bus.dump(at!, RESULT_WORDS * 4).buffer);
    expect(firstDifference(words, expected)).toBe('');
  });

  test('prints the same results through semihosting', async () => {
    expect(firstDifference(parseDump((await loom()).output), expected)).toBe('');
  });

  test("QEMU's Cortex-M7 runs the same ELF to the same output", () => {
    expect(firstDifference(parseDump(qemu().output), expected)).toBe('');
  });

  test('Loom prints exactly what QEMU prints', async () => {
    expect((await loom()).output).toBe(qemu().output);
  });
});
