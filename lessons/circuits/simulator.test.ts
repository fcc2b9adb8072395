/**
 * The event-driven simulator: gates against their definitions, gate delays, inertial delay,
 * feedback (the SR latch holds, and oscillates when released from S = R = 1), rings of gates.
 */
import { describe, expect, it } from 'vitest';

import { buildChip } from './build.ts';
import { HIGH, LOW, UNKNOWN } from './logic.ts';
import { PRIMITIVES } from './primitives.ts';
import { Scope } from './scope.ts';
import { Simulator } from './simulator.ts';
import { truthTable } from './table.ts';

function simulate(text: string): Simulator {
  const scope = new Scope();
  const defs = scope.addFile(text, 't.hdl');
  return new Simulator(buildChip(defs[defs.length - 1].name, scope));
}

/** The gates' definitions, as in any logic textbook. */
const GATES: Record<string, (a: number, b: number) => number> = {
  And: (a, b) => a & b,
  Or: (a, b) => a | b,
  Nand: (a, b) => 1 - (a & b),
  Nor: (a, b) => 1 - (a | b),
  Xor: (a, b) => a ^ b,
};

const SR = `CHIP SR {
  IN s, r;
  OUT q, nq;
  PARTS:
  Nor(a=r, b=nq, out=q);
  Nor(a=s, b=q, out=nq);
}`;

describe('gates', () => {
  it.each(Object.entries(GATES))('%s follows its truth table', (name, f) => {
    const sim = simulate(`CHIP T { IN a, b; OUT o; PARTS: ${name}(a=a, b=b, out=o); }`);
    const table = truthTable(sim);
    expect(table.rows.map((r) => [r.inputs[0][0], r.inputs[1][0], r.outputs[0][0]])).toEqual([
      [0, 0, f(0, 0)],
      [0, 1, f(0, 1)],
      [1, 0, f(1, 0)],
      [1, 1, f(1, 1)],
    ]);
  });

  it('Not inverts; a Switch passes power while its control is on, a SwitchNC while it is off', () => {
    const sim = simulate(
      'CHIP T { IN p, c; OUT n, s, nc; PARTS: Not(in=c, out=n); ' +
        'Switch(in=p, control=c, out=s); SwitchNC(in=p, control=c, out=nc); }',
    );
    const rows = truthTable(sim).rows.map((r) => [
      r.inputs[0][0],
      r.inputs[1][0],
      ...r.outputs.map((o) => o[0]),
    ]);
    // p c | n s nc: no power in, no light out, whatever the switches do.
    expect(rows).toEqual([
      [0, 0, 1, 0, 0],
      [0, 1, 0, 0, 0],
      [1, 0, 1, 0, 1],
      [1, 1, 0, 1, 0],
    ]);
  });

  it('switches in parallel light their wire when any one of them is closed', () => {
    const sim = simulate(
      'CHIP T { IN a, b; OUT o; PARTS: Switch(in=true, control=a, out=o); Switch(in=true, control=b, out=o); }',
    );
    expect(truthTable(sim).rows.map((r) => r.outputs[0][0])).toEqual([0, 1, 1, 1]);
  });

  it('knows a 0 decides And and a 1 decides Or, even when the other input is unknown', () => {
    for (const p of PRIMITIVES.values()) expect(p.evaluate(UNKNOWN, UNKNOWN)).toBe(UNKNOWN);
    expect(PRIMITIVES.get('And')!.evaluate(LOW, UNKNOWN)).toBe(LOW);
    expect(PRIMITIVES.get('Nand')!.evaluate(UNKNOWN, LOW)).toBe(HIGH);
    expect(PRIMITIVES.get('Or')!.evaluate(UNKNOWN, HIGH)).toBe(HIGH);
    expect(PRIMITIVES.get('Nor')!.evaluate(HIGH, UNKNOWN)).toBe(LOW);
    expect(PRIMITIVES.get('Xor')!.evaluate(HIGH, UNKNOWN)).toBe(UNKNOWN);
    // An open switch passes nothing, whatever is on its input.
    expect(PRIMITIVES.get('Switch')!.evaluate(UNKNOWN, LOW)).toBe(LOW);
    expect(PRIMITIVES.get('Switch')!.evaluate(HIGH, UNKNOWN)).toBe(UNKNOWN);
  });
});

describe('time', () => {
  it('delays each gate by one time unit', () => {
    const sim = simulate(
      'CHIP T { IN a; OUT o; PARTS: Not(in=a, out=x); Not(in=x, out=y); Not(in=y, out=o); }',
    );
    const trace = sim.record();
    const start = sim.now;
    sim.set({ a: 1 });
    sim.settle();
    const o = sim.nets('o')[0];
    expect(trace.changes.filter((c) => c.net === o)).toEqual([
      { time: start + 3, net: o, level: LOW },
    ]);
  });

  it('swallows a pulse shorter than a gate delay (inertial delay)', () => {
    const sim = simulate('CHIP T { IN a; OUT o; PARTS: Not(in=a, out=o); }');
    sim.setDelay('o', 3);
    const trace = sim.record();
    sim.set({ a: 1 });
    sim.run(2);
    sim.set({ a: 0 });
    sim.run(10);
    expect(trace.changes.filter((c) => c.net === sim.nets('o')[0])).toEqual([]);
    sim.set({ a: 1 });
    sim.run(3);
    expect(sim.read('o')).toEqual([LOW]);
  });
});

describe('feedback', () => {
  it('an SR latch starts unknown, sets, holds, resets and holds', () => {
    const sim = simulate(SR);
    expect([sim.read('q'), sim.read('nq')]).toEqual([[UNKNOWN], [UNKNOWN]]);
    const steps: [Record<string, number>, number][] = [
      [{ s: 1 }, 1],
      [{ s: 0 }, 1],
      [{ r: 1 }, 0],
      [{ r: 0 }, 0],
      [{ s: 1 }, 1],
      [{ s: 0 }, 1],
    ];
    for (const [set, q] of steps) {
      expect(sim.apply(set).oscillations).toEqual([]);
      expect([sim.read('q')[0], sim.read('nq')[0]]).toEqual([q, 1 - q]);
    }
  });

  it('an SR latch released from S = R = 1 oscillates: found, reported, left unknown', () => {
    const sim = simulate(SR);
    sim.apply({ s: 1, r: 1 });
    expect([sim.read('q'), sim.read('nq')]).toEqual([[LOW], [LOW]]);
    const released = sim.now;
    const settled = sim.apply({ s: 0, r: 0 });
    expect(settled.oscillations).toHaveLength(1);
    const [o] = settled.oscillations;
    // Both gates turn on together, then off together: the state repeats every 2 delays.
    expect(o.period).toBe(2);
    expect(o.nets).toEqual(['q', 'nq']);
    expect(o.since - released).toBeLessThanOrEqual(2);
    expect([sim.read('q'), sim.read('nq')]).toEqual([[UNKNOWN], [UNKNOWN]]);
    // Setting it again makes it known again.
    expect(sim.apply({ s: 1 }).oscillations).toEqual([]);
    expect(sim.apply({ s: 0 }).oscillations).toEqual([]);
    expect(sim.read('q')).toEqual([HIGH]);
  });

  it('an SR latch with one slower gate resolves the race: the faster gate wins', () => {
    for (const [slow, q] of [
      ['nq', HIGH],
      ['q', LOW],
    ] as const) {
      const sim = simulate(SR);
      sim.setDelay(slow, 2);
      sim.apply({ s: 1, r: 1 });
      expect(sim.apply({ s: 0, r: 0 }).oscillations).toEqual([]);
      expect(sim.read('q')).toEqual([q]);
    }
  });

  it('a ring of an odd number of inverters is a clock with a period of twice the ring delay', () => {
    const sim = simulate(
      'CHIP Ring { IN run; OUT clk; PARTS: Nand(a=run, b=clk, out=x); Not(in=x, out=y); Not(in=y, out=clk); }',
    );
    expect(sim.read('clk')).toEqual([HIGH]);
    const trace = sim.record();
    const start = sim.now;
    sim.set({ run: 1 });
    sim.run(20);
    const clk = sim.nets('clk')[0];
    const edges = trace.changes.filter((c) => c.net === clk).map((c) => [c.time - start, c.level]);
    expect(edges).toEqual([
      [3, 0],
      [6, 1],
      [9, 0],
      [12, 1],
      [15, 0],
      [18, 1],
    ]);
    const settled = sim.settle();
    expect(settled.oscillations[0].period).toBe(6);
    expect(settled.oscillations[0].nets.sort()).toEqual(['clk', 'x', 'y']);
    sim.apply({ run: 0 });
    expect(sim.read('clk')).toEqual([HIGH]);
  });
});
