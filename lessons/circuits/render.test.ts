/** The text views: truth tables, lamps and timing diagrams, drawn for small known circuits. */
import { describe, expect, it } from 'vitest';

import { buildChip } from './build.ts';
import { Scope } from './scope.ts';
import { Simulator } from './simulator.ts';
import { grid, renderTable, truthTable } from './table.ts';
import { timingDiagram } from './timing.ts';
import { circuitView, lamps } from './view.ts';

function simulate(text: string): Simulator {
  const scope = new Scope();
  const defs = scope.addFile(text, 't.hdl');
  return new Simulator(buildChip(defs[defs.length - 1].name, scope));
}

describe('truth tables', () => {
  it('list every input setting, first input most significant', () => {
    const sim = simulate(
      'CHIP T { IN a, b; OUT and, xor; PARTS: And(a=a, b=b, out=and); Xor(a=a, b=b, out=xor); }',
    );
    expect(renderTable(truthTable(sim))).toBe(
      ['a b │ and xor', '0 0 │  0   0', '0 1 │  0   1', '1 0 │  0   1', '1 1 │  1   0', ''].join(
        '\n',
      ),
    );
  });

  it('show buses as bits or as numbers', () => {
    const sim = simulate(
      'CHIP T { IN a[2]; OUT o[2]; PARTS: Not(in=a[0], out=o[0]); Not(in=a[1], out=o[1]); }',
    );
    const table = truthTable(sim);
    expect(renderTable(table).split('\n')[2]).toBe('01 │ 10');
    expect(renderTable(table, { decimal: true }).split('\n')[2]).toBe('1 │ 2');
  });

  it('grid names groups above their columns when asked', () => {
    expect(grid([['a'], ['o'], ['o']], [[['1'], ['0'], ['1']]], ['', 'yours', 'should be'])).toBe(
      ['  │ yours │ should be', 'a │ o     │ o', '1 │ 0     │ 1', ''].join('\n'),
    );
  });
});

describe('lamps', () => {
  it('are lit, dark or unknown, with the number a bus shows', () => {
    expect(lamps([1])).toBe('●');
    expect(lamps([0])).toBe('○');
    expect(lamps([2])).toBe('?');
    expect(lamps([1, 0, 1, 1])).toBe('●●○● 13');
    expect(lamps([1, 2, 0, 0])).toBe('○○?● ?');
    const sim = simulate(
      'CHIP T { IN a; OUT o, p[2]; PARTS: Not(in=a, out=o); And(a=a, b=a, out=p[0]); Or(a=a, b=a, out=p[1]); }',
    );
    sim.apply({ a: 1 });
    expect(circuitView(sim)).toBe('  switches  a=1\n  lamps     o ○   p ●● 3\n');
  });
});

describe('timing diagrams', () => {
  it('draw a wire on two lines and a bus on one, one column per time unit', () => {
    const sim = simulate(
      'CHIP T { IN a; OUT o, b[2]; PARTS: Not(in=a, out=o); Not(in=o, out=b[0]); Not(in=o, out=b[1]); }',
    );
    sim.record();
    sim.run(2);
    sim.set({ a: 1 });
    sim.run(4);
    sim.set({ a: 0 });
    sim.run(4);
    // a rises at 2 and falls at 6; o follows one unit later, inverted; b (both bits Not o)
    // follows a two units later: 0, then 3 from time 4, then 0 from time 8.
    expect(timingDiagram(sim, ['a', 'o', 'b'])).toBe(
      [
        'time  0',
        '        ┌───┐',
        'a     ──┘   └───',
        '      ───┐   ┌──',
        'o        └───┘',
        'b     0═══╳3══╳0',
        '',
      ].join('\n'),
    );
  });

  it('draw unknown as ░ and sample every `scale` units', () => {
    const sim = simulate(
      'CHIP SR { IN s, r; OUT q, nq; PARTS: Nor(a=r, b=nq, out=q); Nor(a=s, b=q, out=nq); }',
    );
    sim.record();
    sim.run(4);
    sim.set({ s: 1 });
    sim.run(8);
    // q is unknown until s sets it at time 4 + 2; columns sample times 0, 2, ..., 10.
    expect(timingDiagram(sim, ['q'], { scale: 2 })).toBe(
      ['time  0', '      ░░░───', 'q     ░░░', ''].join('\n'),
    );
  });
});
