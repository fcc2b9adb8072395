/**
 * Compiled blocks (block.ts, compile.ts) against the loop one instruction at a time, which the
 * instruction tests and the QEMU differential test check: the same program run both ways must
 * end in the same state (registers, flags, ITSTATE, memory, instruction and cycle counts),
 * whatever the run's budget, wherever it faults, stops or writes over its own code.
 */
import { describe, expect, it } from 'vitest';
import type { Machine } from '../chip/machine.ts';
import { assemble } from '../loader/asm.ts';
import type { Device } from '../memory/bus.ts';
import { programOf } from '../test/qemu/differential.ts';
import { SCRATCH, SCRATCH_SIZE } from '../test/qemu/layout.ts';
import { LoomTarget } from '../test/qemu/loom-target.ts';
import type { Program } from '../test/qemu/program.ts';
import { CODE, DATA, prepare, type Setup } from '../test/thumb.ts';
import type { Cpu } from './cpu.ts';
import { ENCODINGS } from './decoder.ts';
import { inline, inlineForm, reg, setR } from './inline.ts';

/** Reserved in the STM32F746's memory map (RM0385 2.2.2): a bus error, or a test device. */
const UNMAPPED = 0x3000_0000;

/** Everything the two ways of running must agree on. */
function state(m: Machine, from = DATA, bytes = 64) {
  const cpu = m.cpu;
  return {
    regs: Array.from(cpu.regs.subarray(0, 15)),
    pc: cpu.pc,
    xpsr: cpu.xpsr,
    instructions: cpu.instructions,
    cycles: cpu.cycles,
    stopped: cpu.stopped?.message ?? null,
    memory: Array.from(m.bus.dump(from, bytes)),
  };
}

/** One instruction per run(1), never a block of more than one: the reference. */
function oneByOne(m: Machine, steps: number): void {
  m.cpu.compileAfter = Number.POSITIVE_INFINITY;
  for (let n = 0; n < steps && m.cpu.stopped === null; n++) m.cpu.run(1);
}

/** Compiled from the first run, in runs of `chunk` instructions. */
function compiled(m: Machine, steps: number, chunk = steps): void {
  m.cpu.compileAfter = 0;
  for (let left = steps; left > 0 && m.cpu.stopped === null; left -= chunk) {
    m.cpu.run(Math.min(chunk, left));
  }
}

async function both(source: string, setup: Setup, steps: number, chunk = steps) {
  const code = await assemble(source, CODE);
  const ref = prepare(code, setup);
  const fast = prepare(code, setup);
  oneByOne(ref, steps);
  compiled(fast, steps, chunk);
  return { ref, fast };
}

/** A loop with loads, stores, flags, IT blocks and a multiply; r0 counts down from 20. */
const LOOP = `
  movs r0, #20
  ldr r2, =${DATA}
  movs r5, #0
loop:
  ldr r3, [r2]
  adds r3, r3, r0
  str r3, [r2], #4
  mla r5, r3, r0, r5
  cmp r3, #30
  ite hi
  addhi r5, #1
  eorls r5, r5, r3, lsl #3
  subs r0, #1
  bne loop
  b .
`;

describe('compiled blocks do what the loop does one instruction at a time', () => {
  it('a loop with memory, flags, IT blocks and a multiply', async () => {
    const { ref, fast } = await both(LOOP, { memory: { [DATA]: 7, [DATA + 4]: 100 } }, 500);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.regs[0]).toBe(0);
    expect(fast.cpu.stopped?.kind).toBe('halted');
  });

  it('BL sets LR after an earlier write to LR in the same block (newlib’s __lshift)', async () => {
    const source = 'movs r0, #5\n  rsb lr, r0, #32\n  bl f\n  b .\nf:\n  b .\n';
    const { ref, fast } = await both(source, {}, 4);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.regs[14]).toBe((CODE + 2 + 4 + 4) | 1);
  });

  it('run(n) executes exactly n instructions, stopping inside blocks and loops', async () => {
    for (let n = 1; n <= 60; n++) {
      const { ref, fast } = await both(LOOP, {}, n);
      expect(state(fast), `run(${n})`).toEqual(state(ref));
      expect(fast.cpu.instructions).toBe(n);
    }
  });

  it('a run in small pieces resumes in the middle of blocks', async () => {
    for (const chunk of [1, 2, 3, 5, 7, 11]) {
      const { ref, fast } = await both(LOOP, {}, 300, chunk);
      expect(state(fast), `chunks of ${chunk}`).toEqual(state(ref));
    }
  });

  it('stops at cycleLimit at a block boundary, in a state the loop passes through', async () => {
    const code = await assemble(LOOP, CODE);
    const fast = prepare(code);
    fast.cpu.compileAfter = 0;
    fast.cpu.cycleLimit = 100;
    fast.cpu.run(10_000);
    const { cycles, instructions } = fast.cpu;
    expect(cycles).toBeGreaterThanOrEqual(100);
    // At most one round of the loop (12 instructions, fewer than 40 cycles) past the limit.
    expect(cycles).toBeLessThan(140);
    const ref = prepare(code);
    oneByOne(ref, instructions);
    expect(state(fast)).toEqual(state(ref));
  });

  it('a fault in the middle of a block leaves the PC on it, the ones before it done', async () => {
    const source = `
      movs r0, #1
      adds r1, r0, #2
      ldr r3, [r4]
      movs r0, #5
      b .`;
    const { ref, fast } = await both(source, { regs: { r4: UNMAPPED } }, 10);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.stopped?.kind).toBe('fault');
    expect(fast.cpu.pc).toBe(CODE + 4);
    expect(fast.cpu.regs[1]).toBe(3);
    expect(fast.cpu.instructions).toBe(3);
  });

  it('a fault inside a compiled loop, rounds later, is as precise', async () => {
    // r2 walks up from the top of SRAM2 into unmapped space.
    const source = `
      movs r0, #0
    loop:
      adds r0, #1
      ldr r3, [r2], #4
      b loop`;
    const { ref, fast } = await both(source, { regs: { r2: 0x2005_0000 - 16 } }, 100);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.regs[0]).toBe(5);
    expect(fast.cpu.stopped?.kind).toBe('fault');
  });

  it('a store over the block’s own next instruction takes effect at once', async () => {
    // 0x2002 is movs r0, #2: it replaces the movs r0, #1 right after the store.
    const source = `
      ldr r1, =0x2002
      ldr r2, =target
      bic r2, r2, #1
      strh r1, [r2]
    target:
      movs r0, #1
      b .`;
    const { ref, fast } = await both(source, {}, 10);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.regs[0]).toBe(2);
  });

  it('a store over a compiled loop’s body changes the next rounds', async () => {
    // The loop adds 1 to r0 until round 3, which writes adds r0, #16 (0x3010) over it.
    const source = `
      movs r0, #0
      movs r4, #0
      ldr r1, =0x3010
      ldr r2, =body
      bic r2, r2, #1
    loop:
      adds r4, #1
      cmp r4, #3
      it eq
      strheq r1, [r2]
    body:
      adds r0, #1
      cmp r4, #6
      bne loop
      b .`;
    const { ref, fast } = await both(source, {}, 200);
    expect(state(fast)).toEqual(state(ref));
    expect(fast.cpu.regs[0]).toBe(2 + 4 * 16);
  });

  it('attention raised by a device store is served before the next instruction', async () => {
    const source = `
      movs r0, #7
      str r0, [r4]
      movs r1, #1
      movs r2, #2
      b .`;
    const code = await assemble(source, CODE);
    const served: { pc: number; r1: number }[] = [];
    const run = (compileAfter: number) => {
      const m = prepare(code, { regs: { r4: UNMAPPED } });
      const cpu: Cpu = m.cpu;
      const probe: Device = {
        read: () => 0,
        write: () => cpu.requestAttention(),
      };
      m.bus.map('probe', UNMAPPED, 0x400, 'device', probe);
      cpu.serviceHook = () => {
        served.push({ pc: cpu.pc, r1: cpu.regs[1] });
        return false;
      };
      cpu.compileAfter = compileAfter;
      cpu.run(10);
      return m;
    };
    const fast = run(0);
    expect(served).toEqual([{ pc: CODE + 4, r1: 0 }]);
    served.length = 0;
    const ref = run(Number.POSITIVE_INFINITY);
    expect(served).toEqual([{ pc: CODE + 4, r1: 0 }]);
    expect(state(fast)).toEqual(state(ref));
  });

  it('a breakpoint set in a compiled loop stops the run there, and resuming goes on', async () => {
    const code = await assemble(LOOP, CODE);
    const machines = [prepare(code), prepare(code)];
    const [ref, fast] = machines;
    oneByOne(ref, 40);
    compiled(fast, 40);
    for (const m of machines) m.cpu.addBreakpoint(CODE + 0x14); // mla
    for (const m of machines) m.cpu.run(1000);
    expect(fast.cpu.stopped?.kind).toBe('breakpoint');
    expect(fast.cpu.pc).toBe(CODE + 0x14);
    expect(state(fast)).toEqual(state(ref));
    for (const m of machines) m.cpu.removeBreakpoint(CODE + 0x14);
    oneByOne(ref, 1000);
    compiled(fast, 1000);
    expect(state(fast)).toEqual(state(ref));
  });
});

describe('compiled blocks on the differential test’s random programs', () => {
  it('end in the same state, run whole or in small pieces', async () => {
    for (const seed of [1, 2]) {
      for (let k = 0; k < 100; k++) {
        const { fast, ref, id } = await bothWays(seed, k, k % 2 === 0 ? 100_000 : 1 + (k % 7));
        expect(fast, `program ${id}`).toEqual(ref);
      }
    }
  }, 120_000);

  it('notice a wrong inline form (the comparison is not vacuous)', async () => {
    const handler = ENCODINGS.find((e) => e.name === 'EOR (register) T1')!.exec;
    const form = inlineForm(handler)!;
    // Bit 0 of the result flipped.
    inline(handler, form.kind, (i, at) => {
      const js = form.js(i, at);
      return js === null ? null : `${js} ${setR(i.d, `${reg(i.d)} ^ 1`)}`;
    });
    try {
      let mismatches = 0;
      // Any 48 programs in a row run every encoding (test/qemu/schedule.ts).
      for (let k = 0; k < 48; k++) {
        const { fast, ref } = await bothWays(99, k, 100_000);
        if (JSON.stringify(fast) !== JSON.stringify(ref)) mismatches++;
      }
      expect(mismatches).toBeGreaterThan(0);
    } finally {
      inline(handler, form.kind, form.js);
    }
  }, 60_000);
});

/**
 * Program k of `seed`, one by one up to its final `b .` (as LoomTarget.run goes), and compiled
 * in runs of `piece` instructions: the two end states.
 */
async function bothWays(seed: number, k: number, piece: number) {
  const p = programOf(seed, k, 30).program;
  const [ref, fast] = await Promise.all([loaded(p), loaded(p)]);
  ref.cpu.compileAfter = Number.POSITIVE_INFINITY;
  while (ref.cpu.pc !== p.end && ref.cpu.run(1) === 1 && ref.cpu.stopped === null);
  // A breakpoint stops the compiled run on the `b .`; a run that starts there would step over
  // it, so pieces end there instead.
  fast.cpu.addBreakpoint(p.end);
  fast.cpu.compileAfter = 0;
  while (fast.cpu.pc !== p.end && fast.cpu.run(piece) > 0 && fast.cpu.stopped === null);
  const end = (m: Machine) => {
    const { stopped, ...rest } = state(m, SCRATCH, SCRATCH_SIZE);
    const ended = m.cpu.pc === p.end;
    return { ...rest, fp: Array.from(m.cpu.s), stopped: ended ? 'at the end' : stopped };
  };
  return { fast: end(fast), ref: end(ref), id: p.id };
}

/** A machine with program `p` loaded as the differential test loads it (LoomTarget.begin). */
async function loaded(p: Program): Promise<Machine> {
  const target = new LoomTarget();
  await target.begin(p);
  return (target as unknown as { machine: Machine }).machine;
}
