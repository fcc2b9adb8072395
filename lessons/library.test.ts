/**
 * The part library: every chip against its definition (arithmetic and logic, not earlier
 * output), the memory parts step by step, the clock's period, and the whiteboard computer's
 * punched-card program ending on 15.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { buildChip } from './circuits/build.ts';
import { parseCard, runCard } from './circuits/card.ts';
import { HIGH, LOW, busValue } from './circuits/logic.ts';
import { Simulator } from './circuits/simulator.ts';
import { truthTable } from './circuits/table.ts';
import { LIBRARY_PARTS, loadLibrary } from './library.ts';
import { LESSONS_ROOT, readFromDisk } from './test-files.ts';

const library = loadLibrary(readFromDisk);
const simulate = (chip: string) => new Simulator(buildChip(chip, library));

type Values = Record<string, number>;

/** Every row of `chip`'s truth table against `expect`. */
function expectTable(chip: string, expected: (inputs: Values) => Values): void {
  const table = truthTable(simulate(chip));
  expect(table.rows.length).toBe(2 ** table.inputs.reduce((n, c) => n + c.width, 0));
  for (const row of table.rows) {
    const inputs: Values = {};
    table.inputs.forEach((c, k) => (inputs[c.name] = busValue(row.inputs[k])!));
    const actual: Values = {};
    table.outputs.forEach((c, k) => (actual[c.name] = busValue(row.outputs[k])!));
    expect(actual, JSON.stringify(inputs)).toEqual(expected(inputs));
    expect(row.oscillations).toEqual([]);
  }
}

describe('the library', () => {
  it('lists exactly the chips in lessons/library, each in a file of its name', () => {
    const files = readdirSync(join(LESSONS_ROOT, 'library')).filter((f) => f.endsWith('.hdl'));
    expect(files.map((f) => f.replace(/\.hdl$/, '')).sort()).toEqual([...LIBRARY_PARTS].sort());
    for (const name of LIBRARY_PARTS) expect(library.own(name)?.file).toBe(`library/${name}.hdl`);
  });

  it('HalfAdder and FullAdder add bits', () => {
    expectTable('HalfAdder', ({ a, b }) => ({ sum: (a + b) % 2, carry: Math.floor((a + b) / 2) }));
    expectTable('FullAdder', ({ a, b, c }) => ({
      sum: (a + b + c) % 2,
      carry: Math.floor((a + b + c) / 2),
    }));
  });

  it('Add4 adds every pair of 4-bit numbers, carry out included', () => {
    expectTable('Add4', ({ a, b }) => ({ sum: (a + b) % 16, carry: a + b >= 16 ? 1 : 0 }));
  });

  it('AddSub4 adds, and subtracts in two complement with carry = no borrow', () => {
    expectTable('AddSub4', ({ a, b, sub }) =>
      sub === 0
        ? { out: (a + b) % 16, carry: a + b >= 16 ? 1 : 0 }
        : { out: (a - b + 16) % 16, carry: a >= b ? 1 : 0 },
    );
  });

  it('Mux and Mux4 select a or b', () => {
    expectTable('Mux', ({ a, b, sel }) => ({ out: sel === 0 ? a : b }));
    expectTable('Mux4', ({ a, b, sel }) => ({ out: sel === 0 ? a : b }));
  });

  it('Delay4 passes its input on, four gate delays later', () => {
    const sim = simulate('Delay4');
    const trace = sim.record();
    const start = sim.now;
    sim.apply({ in: 1 });
    const out = sim.nets('out')[0];
    expect(trace.changes.filter((c) => c.net === out)).toEqual([
      { time: start + 4, net: out, level: HIGH },
    ]);
  });

  it('SRLatch sets, resets and holds; released from s = r = 1 it oscillates', () => {
    const sr = simulate('SRLatch');
    for (const [set, q] of [
      [{ s: 1 }, 1],
      [{ s: 0 }, 1],
      [{ r: 1 }, 0],
      [{ r: 0 }, 0],
    ] as const) {
      sr.apply(set);
      expect([sr.read('q')[0], sr.read('nq')[0]]).toEqual([q, 1 - q]);
    }
    sr.apply({ s: 1, r: 1 });
    expect([sr.read('q')[0], sr.read('nq')[0]]).toEqual([LOW, LOW]);
    const { oscillations } = sr.apply({ s: 0, r: 0 });
    expect(oscillations.map((o) => [o.period, o.nets])).toEqual([[2, ['q', 'nq']]]);
  });

  it('DLatch follows d while en is on and holds while it is off', () => {
    const d = simulate('DLatch');
    const steps: [Values, number][] = [
      [{ d: 1, en: 1 }, 1],
      [{ d: 0 }, 0],
      [{ d: 1 }, 1],
      [{ en: 0 }, 1],
      [{ d: 0 }, 1],
      [{ en: 1 }, 0],
      [{ en: 0 }, 0],
      [{ d: 1 }, 0],
    ];
    for (const [set, q] of steps) {
      expect(d.apply(set).oscillations).toEqual([]);
      expect(d.read('q'), JSON.stringify(set)).toEqual([q]);
    }
  });

  it('DFF and Register4 take d at the rising edge of clk only', () => {
    const reg = simulate('Register4');
    const steps: [Values, number | null][] = [
      [{ d: 5 }, null],
      [{ clk: 1 }, 5],
      [{ d: 9 }, 5], // clk stays on: the closed master ignores d
      [{ clk: 0 }, 5],
      [{ d: 3 }, 5], // clk off: the slave holds
      [{ clk: 1 }, 3],
    ];
    for (const [set, q] of steps) {
      reg.apply(set);
      expect(busValue(reg.read('q')), JSON.stringify(set)).toBe(q);
    }
    const dff = simulate('DFF');
    dff.apply({ d: 1 });
    dff.apply({ clk: 1 });
    dff.apply({ d: 0 });
    expect(dff.read('q')).toEqual([HIGH]);
  });

  it('Clock turns over every 17 gate delays (a Nand and 16 inverters) while run is on', () => {
    const clock = simulate('Clock');
    expect(clock.read('clk')).toEqual([HIGH]);
    const trace = clock.record();
    const start = clock.now;
    clock.set({ run: 1 });
    clock.run(17 * 6);
    const clk = clock.nets('clk')[0];
    const edges = trace.changes.filter((c) => c.net === clk).map((c) => c.time - start);
    expect(edges).toEqual([17, 34, 51, 68, 85, 102]);
  });
});

describe('the whiteboard computer', () => {
  it('runs sum.card: 1 + 2 + 3 + 4 + 5 ends as 15 in register 0', () => {
    const computer = simulate('Whiteboard');
    const card = parseCard(readFromDisk('06-whiteboard/sum.card'), 'sum.card');
    const steps = runCard(card, computer);
    let sum = 0;
    steps.forEach((step, k) => {
      sum += k + 1;
      expect(busValue(step.outputs.get('r0')!)).toBe(sum);
      expect(step.settled).toEqual([]);
    });
    expect(sum).toBe(15);
    expect(computer.read('r0')).toEqual([HIGH, HIGH, HIGH, HIGH]);
    // Register 1 was never written: its latches still hold what they fell into at power-on.
    expect(busValue(computer.read('r1'))).toBeNull();
  });

  it('subtracts into the register chosen by to, leaving the other alone', () => {
    const computer = simulate('Whiteboard');
    const card = parseCard(
      'clear sub to n\n1 0 0 0111\n1 0 1 0010\n0 1 1 0101\n0 1 0 0001\n',
      'mixed.card',
    );
    const after = runCard(card, computer).map((s) => [
      busValue(s.outputs.get('r0')!),
      busValue(s.outputs.get('r1')!),
    ]);
    // 7 into r0; 2 into r1; r1 - 5 = -3 = 13 in 4 bits; r0 - 1 = 6.
    expect(after).toEqual([
      [7, null],
      [7, 2],
      [7, 13],
      [6, 13],
    ]);
  });
});
