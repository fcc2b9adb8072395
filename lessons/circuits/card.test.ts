/** Punched cards: the format, its errors, and a card run on a small machine. */
import { describe, expect, it } from 'vitest';

import { buildChip } from './build.ts';
import { parseCard, renderCardRun, runCard } from './card.ts';
import { busValue } from './logic.ts';
import { Scope } from './scope.ts';
import { Simulator } from './simulator.ts';

/** A machine with a 2-bit input and a latch per bit that takes it while step is down. */
const LATCHES = `CHIP Hold {
  IN v[2], step;
  OUT out[2];
  PARTS:
  Not(in=v[0], out=n0);
  And(a=v[0], b=step, out=s0);
  And(a=n0, b=step, out=r0);
  Nor(a=r0, b=b0, out=out[0]);
  Nor(a=s0, b=out[0], out=b0);
  Not(in=v[1], out=n1);
  And(a=v[1], b=step, out=s1);
  And(a=n1, b=step, out=r1);
  Nor(a=r1, b=b1, out=out[1]);
  Nor(a=s1, b=out[1], out=b1);
}`;

function machine(): Simulator {
  const scope = new Scope();
  scope.addFile(LATCHES, 'hold.hdl');
  return new Simulator(buildChip('Hold', scope));
}

describe('cards', () => {
  it('reads columns, holes (most significant first) and notes', () => {
    const card = parseCard('# a card\n\nv   x\n10  1   # two\n01  0\n', 'c.card');
    expect(card.columns).toEqual(['v', 'x']);
    expect(card.rows).toEqual([
      { line: 4, holes: [[0, 1], [1]], note: 'two' },
      { line: 5, holes: [[1, 0], [0]], note: '' },
    ]);
  });

  it.each([
    ['', 'c.card line 1: the card is empty'],
    [
      'v 2x\n',
      "c.card line 1: the first line names the columns (switches, like 'n sub to'); '2x' is not a name",
    ],
    ['v v\n', "c.card line 1: column 'v' is named twice"],
    ['v x\n10\n', 'c.card line 2: 1 column(s) here, but the card has 2: v x'],
    ['v\n12\n', "c.card line 2: column v: '12' is not holes (0 and 1)"],
  ])('refuses %j', (text, message) => {
    expect(() => parseCard(text, 'c.card')).toThrow(message);
  });

  it('sets each row and presses step, and shows the outputs after each', () => {
    const sim = machine();
    const card = parseCard('v\n10\n11\n01 # last\n', 'c.card');
    const steps = runCard(card, sim);
    expect(steps.map((s) => busValue(s.outputs.get('out')!))).toEqual([2, 3, 1]);
    expect(renderCardRun(card, steps)).toBe(
      [
        '        │ lamps after the step │',
        'line v  │ out                  │',
        ' 2   10 │ ●○ 2                 │',
        ' 3   11 │ ●● 3                 │',
        ' 4   01 │ ○● 1                 │ last',
        '',
      ].join('\n'),
    );
  });

  it('refuses a card that does not fit the machine', () => {
    const sim = machine();
    expect(() => runCard(parseCard('w\n1\n', 'c.card'), sim)).toThrow(
      "c.card line 2: the Hold has no switch 'w' (its switches: v)",
    );
    expect(() => runCard(parseCard('v\n101\n', 'c.card'), sim)).toThrow(
      'c.card line 2: column v needs 2 hole(s), this row has 3',
    );
    expect(() => runCard(parseCard('step\n1\n', 'c.card'), sim)).toThrow(
      "c.card line 2: 'step' is pressed by the card reader after each row: it is not a column",
    );
  });
});
