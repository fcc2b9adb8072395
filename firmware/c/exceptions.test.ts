/**
 * exceptions.c on Loom and on QEMU's Cortex-M7: SVC frames, stack realignment, PendSV
 * tail-chaining, PSP, nested and masked NVIC interrupts, PRIGROUP, SysTick with WFI, and faults
 * (escalation, UNDEFINSTR, DIVBYZERO, UNALIGNED, INVSTATE, NOCP, an escalated SVC, a precise
 * BusFault, an MPU violation, an unprivileged fetch the MPU forbids in code run privileged before).
 * Every handler records what it saw; the two logs must be the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import { buildElf } from './build.ts';
import { runInLoom } from './loom-run.ts';
import { runInQemu } from './qemu-run.ts';
import { parseDump } from './selftest-expected.ts';

// Unmapped on both: FMC SDRAM bank 1 on the STM32F746 (no SDRAM on the Nucleo), a hole on
// mps2-an500.
const BUS_ERROR_ADDRESS = '0xC0000000';

describe('exceptions.c: the exception model against QEMU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loom-exceptions-'));
  const elf = buildElf({
    sources: ['exceptions.c'],
    defines: { BUS_ERROR_ADDRESS },
    outDir: dir,
    name: 'exceptions',
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('Loom records exactly what QEMU records', async () => {
    const loom = await runInLoom(elf, 10_000_000);
    expect(loom.stop).toMatchObject({ kind: 'exit', code: 0 });
    const qemu = runInQemu(elf);
    expect(loom.output).toBe(qemu.output);
  });

  test('the log says what the manual says (a spot check, independent of QEMU)', async () => {
    const [count, ...dump] = (await runInLoom(elf, 10_000_000)).output.split('\n');
    const words = Array.from(parseDump(dump.join(' ')));
    expect(count).toBe(`records=${words.length.toString(16).padStart(8, '0')}`);
    const at = (...seq: number[]) =>
      words.findIndex((_, k) => seq.every((w, j) => words[k + j] === w >>> 0));
    // The first SVC: mark, EXC_RETURN to Thread/MSP, IPSR 11, then R0-R3 and R12 as set.
    expect(words.slice(0, 8)).toEqual([0x5c, 0xfffffff9, 11, 0x10, 0x11, 0x12, 0x13, 0x1c]);
    // Its stacked xPSR: T set, no realignment; the second SVC's has bit 9 (realigned).
    expect(words[10]).toBe(0x2100_0000 >>> 0);
    expect(words[22]).toBe(0x2100_0200 >>> 0);
    // IRQ 1 (priority 0x40) preempts IRQ 0 (0x80): it sees EXC_RETURN 0xFFFFFFF1.
    expect(at(0x11, 0xfffffff1, 0x11)).toBeGreaterThan(0);
    // The escalated UDF: a HardFault (3) with HFSR.FORCED and no CFSR bit left but UNDEFINSTR.
    const fault = words.indexOf(0xfa);
    expect(words.slice(fault, fault + 5)).toEqual([0xfa, 3, 0xfffffff9, 1 << 16, 1 << 30]);
    // An FP instruction with CPACR at reset: a UsageFault with NOCP.
    expect(at(0xfa, 6, 0xfffffff9, 1 << 19, 0)).toBeGreaterThan(0);
    // The MPU: a store to a read-only region is a MemManage fault with DACCVIOL and MMARVALID.
    expect(at(0xfa, 4, 0xfffffff9, (1 << 1) | (1 << 7), 0)).toBeGreaterThan(0);
    // The BusFault: PRECISERR and BFARVALID, BFAR = the address.
    const bus = words.indexOf(0x8200) - 2;
    expect(words.slice(bus + 2, bus + 5)).toEqual([0x8200, 0, 0xc000_0000]);
    // Unprivileged, code run privileged before faults on its fetch: MemManage IACCVIOL.
    expect(at(0xfa, 4, 0xfffffff9, 1 << 0, 0)).toBeGreaterThan(0);
    // Lazy FP preservation in the SVC handler (EXC_RETURN 0xFFFFFFE9: the thread's FP context):
    // the MPU refuses it, MemManage with MLSPERR from the handler (0xFFFFFFF1), LSPACT still
    // set; then the bus refuses it, BusFault with LSPERR; then it succeeds and LSPACT clears.
    const lazy = words.indexOf(0x1a);
    expect(words[lazy + 1] & 1).toBe(1);
    expect(words.slice(lazy + 2, lazy + 7)).toEqual([0xfa, 4, 0xfffffff1, 1 << 5, 0]);
    expect(words[lazy + 8] & 1).toBe(1);
    expect(words.slice(lazy + 9, lazy + 14)).toEqual([0xfa, 5, 0xfffffff1, 1 << 13, 0]);
    expect(words[lazy + 15] & 1).toBe(1);
    expect(words[lazy + 16] & 1).toBe(0);
    // The thread's S0 (1.0) survives the handler's VADDs.
    expect(at(0x3f80_0000, 0xcf)).toBeGreaterThan(0);
  });
});
