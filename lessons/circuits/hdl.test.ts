/** The circuit format: what it reads, and errors that name the line and what is wrong. */
import { describe, expect, it } from 'vitest';

import { parseCircuit } from './hdl.ts';

const HALF = `// two bits
CHIP HalfAdder {
    IN a, b;   // inputs
    OUT sum, carry;
    PARTS:
    /* the sum
       and the carry */
    Xor(a=a, b=b, out=sum);
    And(a=a, b=b, out=carry);
}`;

describe('parseCircuit', () => {
  it('reads pins, parts and the line of each', () => {
    const [chip] = parseCircuit(HALF, 'half.hdl');
    expect(chip.name).toBe('HalfAdder');
    expect(chip.line).toBe(2);
    expect(chip.inputs).toEqual([
      { name: 'a', width: 1, line: 3 },
      { name: 'b', width: 1, line: 3 },
    ]);
    expect(chip.outputs.map((p) => p.name)).toEqual(['sum', 'carry']);
    expect(chip.parts.map((p) => [p.name, p.line])).toEqual([
      ['Xor', 8],
      ['And', 9],
    ]);
    expect(chip.parts[0].connections[2]).toEqual({
      pin: { name: 'out', line: 8 },
      wire: { name: 'sum', line: 8 },
    });
  });

  it('reads buses, bits, ranges and several chips', () => {
    const chips = parseCircuit(
      'CHIP A { IN x[4]; OUT y; PARTS: B(p[0..1]=x[2..3], q=x[0], r=true, s=y); }\n' +
        'CHIP B { PARTS: }',
      'f.hdl',
    );
    expect(chips.map((c) => c.name)).toEqual(['A', 'B']);
    expect(chips[0].inputs[0].width).toBe(4);
    const [p, q, r] = chips[0].parts[0].connections;
    expect(p.pin).toMatchObject({ name: 'p', from: 0, to: 1 });
    expect(p.wire).toMatchObject({ name: 'x', from: 2, to: 3 });
    expect(q.wire).toMatchObject({ name: 'x', from: 0, to: 0 });
    expect(r.wire).toEqual({ name: 'true', line: 1 });
  });

  it.each([
    [
      'CHIP A {\n IN a\n OUT b;\n PARTS:\n}',
      "f.hdl line 3: expected ',' or ';' after pin a, found 'OUT'",
    ],
    [
      'CHIP A {\n PARTS:\n Not(in=a out=b);\n}',
      "f.hdl line 3: expected ',' or ')' after in=a, found 'out'",
    ],
    [
      'CHIP A {\n PARTS:\n Not(in=a, out=b)\n}',
      "f.hdl line 4: expected ';' after the part Not(...), found '}'",
    ],
    [
      'CHIP A {\n PARTS:\n Not(in=a, out=b);\n',
      'f.hdl line 3: CHIP A (line 1) is never closed with }',
    ],
    ['CHIP A {\n IN a[0];\n PARTS:\n}', 'f.hdl line 2: bus a must be 1 to 32 wires wide'],
    ['CHIP A {\n PARTS:\n B(x=y[3..1]);\n}', 'f.hdl line 3: y[3..1]: the range goes backwards'],
    ['CHIP A {\n PARTS: /* no end\n}', 'f.hdl line 2: a /* comment is never closed with */'],
    ['CHIP A {\n PARTS:\n Not(in=a, out=b$);\n}', "f.hdl line 3: unexpected character '$'"],
    ['// nothing\n', 'f.hdl line 1: no CHIP in this file'],
    ['CHIP A {\n WIRES x;\n}', "f.hdl line 2: expected IN, OUT or PARTS: in CHIP A, found 'WIRES'"],
    ['Not(in=a, out=b);', "f.hdl line 1: expected CHIP, found 'Not'"],
  ])('names the line of %j', (text, message) => {
    expect(() => parseCircuit(text, 'f.hdl')).toThrow(message);
  });
});
