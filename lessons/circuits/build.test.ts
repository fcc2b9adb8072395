/** Building chips: every rule a circuit must follow, and an error naming the line that breaks it. */
import { describe, expect, it } from 'vitest';

import { buildChip } from './build.ts';
import { CircuitError } from './error.ts';
import { Scope } from './scope.ts';

/** Builds the last chip of `text`, a file on its own (built-in parts only). */
function build(text: string) {
  const scope = new Scope();
  const defs = scope.addFile(text, 'f.hdl');
  return buildChip(defs[defs.length - 1].name, scope);
}

const chip = (pins: string, parts: string) => `CHIP T {\n${pins}\nPARTS:\n${parts}\n}`;

describe('buildChip', () => {
  it('flattens chips into gates, naming where each comes from', () => {
    const net = build(
      'CHIP Inv { IN in; OUT out; PARTS: Nand(a=in, b=in, out=out); }\n' +
        chip('IN x; OUT y;', 'Inv(in=x, out=m);\nInv(in=m, out=y);'),
    );
    expect(net.gates.map((g) => g.primitive.name)).toEqual(['Nand', 'Nand']);
    expect(net.gates[1].origin).toEqual([
      { part: 'Inv', file: 'f.hdl', line: 6, definedIn: 'f.hdl' },
      { part: 'Nand', file: 'f.hdl', line: 1, definedIn: null },
    ]);
    const [first, second] = net.gates;
    expect(first.output).toBe(second.inputs[0]);
    expect(net.netNames[first.output]).toBe('m');
    expect(net.netNames[second.output]).toBe('y');
  });

  it('connects buses bit by bit, with ranges on either side', () => {
    const net = build(
      'CHIP Two { IN a[2]; OUT o[2]; PARTS: Not(in=a[0], out=o[1]); Not(in=a[1], out=o[0]); }\n' +
        chip(
          'IN x[4]; OUT y[4];',
          'Two(a=x[2..3], o=y[0..1]);\nTwo(a[0]=x[0], a[1]=true, o=y[2..3]);',
        ),
    );
    const name = (n: number) => net.netNames[n];
    expect(net.gates.map((g) => `${name(g.inputs[0])}->${name(g.output)}`)).toEqual([
      'x[2]->y[1]',
      'x[3]->y[0]',
      'x[0]->y[3]',
      'true->y[2]',
    ]);
  });

  it('lets switches share a wire (in parallel), and nothing else', () => {
    const net = build(
      chip(
        'IN a, b; OUT o;',
        'Switch(in=true, control=a, out=o);\nSwitch(in=true, control=b, out=o);',
      ),
    );
    expect(net.gates[0].output).toBe(net.gates[1].output);
  });

  it.each([
    [chip('IN a; OUT o;', 'Nto(in=a, out=o);'), "line 4: unknown part 'Nto' (did you mean Not?)"],
    [chip('IN a; OUT o;', 'Frobnicate(in=a, out=o);'), "line 4: unknown part 'Frobnicate'"],
    [chip('IN a; OUT o;', 'Not(x=a, out=o);'), "line 4: Not has no pin 'x' (its pins: in, out)"],
    [chip('IN a, b; OUT o;', 'And(a=a, out=o);'), "line 4: input 'b' of And is not connected"],
    [chip('IN a; OUT o;', 'Not(in=a, in=a, out=o);'), "line 4: pin 'in' of Not is connected twice"],
    [
      chip('IN a; OUT o;', 'Not(in=a, out=o);\nNot(in=a, out=o);'),
      "line 5: wire 'o' is driven twice: by Not on line 4 and by Not here",
    ],
    [
      chip('IN a; OUT o;', 'Not(in=a, out=o);\nSwitch(in=true, control=a, out=o);'),
      "line 5: wire 'o' is driven twice: by Not on line 4 and by Switch here (only switches can share a wire)",
    ],
    [
      chip('IN a; OUT o, p;', 'Not(in=a, out=o);'),
      "line 2: output 'p' of T is not driven by any part",
    ],
    [
      chip('IN a; OUT o;', 'And(a=a, b=x, out=o);'),
      "line 4: wire 'x' is read by And but no part drives it",
    ],
    [
      chip('IN a; OUT o;', 'Not(in=a, out=a);'),
      "line 4: 'a' is an input of T: Not's output out cannot drive it",
    ],
    [
      chip('IN a; OUT o;', 'Not(in=a, out=true);'),
      "line 4: Not's output out cannot be connected to true",
    ],
    [
      chip('IN a[4]; OUT o;', 'Not(in=a, out=o);'),
      'line 4: a has 4 wires, but in of Not has 1 wire',
    ],
    [chip('IN a[4]; OUT o;', 'Not(in=a[4], out=o);'), "line 4: a[4]: wire 'a' has bits 0..3"],
    [chip('IN a; OUT o;', 'Not(in[1]=a, out=o);'), 'line 4: in[1]: pin in of Not has only bit 0'],
    [
      chip('IN a; OUT o;', 'Not(in=a, out=m[0]);\nNot(in=m[0], out=o);'),
      "line 4: wire 'm' is only used bit by bit",
    ],
    [
      chip('IN a[2]; OUT o;', 'Not(in=a[0], out=m);\nAnd(a=a, b=a, out=m2);\nNot(in=m, out=o);'),
      'line 5: a has 2 wires, but a of And has 1 wire',
    ],
    [chip('IN a; OUT o;', 'T(a=a, o=o);'), 'line 4: CHIP T cannot contain itself'],
    [
      'CHIP U { IN a; OUT o; PARTS: T(a=a, o=o); }\n' + chip('IN a; OUT o;', 'U(a=a, o=o);'),
      'line 1: U uses T, which uses U: a chip cannot contain itself',
    ],
    [chip('IN a, a; OUT o;', 'Not(in=a, out=o);'), "line 2: pin 'a' is declared twice"],
    [chip('IN true; OUT o;', 'Not(in=true, out=o);'), "line 2: 'true' is the name of a constant"],
  ])('refuses %j', (text, message) => {
    let error: unknown;
    try {
      build(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CircuitError);
    expect((error as CircuitError).message).toContain(`f.hdl ${message}`);
  });

  it('refuses a chip defined twice in one scope, but lets a file shadow its library', () => {
    const scope = new Scope();
    expect(() => scope.addFile('CHIP A { PARTS: }\n\nCHIP A { PARTS: }', 'f.hdl')).toThrow(
      'f.hdl line 3: CHIP A is already defined (line 1)',
    );
    const library = new Scope();
    library.addFile('CHIP Inv { IN in; OUT out; PARTS: Not(in=in, out=out); }', 'lib.hdl');
    const mine = new Scope(library);
    mine.addFile('CHIP Not { IN in; OUT out; PARTS: Nand(a=in, b=in, out=out); }', 'mine.hdl');
    mine.addFile('CHIP T { IN x; OUT y, z; PARTS: Not(in=x, out=y); Inv(in=x, out=z); }', 't.hdl');
    // The student's Not is theirs; the library's Inv still uses the built-in Not.
    expect(buildChip('T', mine).gates.map((g) => g.primitive.name)).toEqual(['Nand', 'Not']);
  });
});
