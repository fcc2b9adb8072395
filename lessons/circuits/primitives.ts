/**
 * The built-in parts: the two kinds of switch and the six gates. Everything else is a circuit made
 * of these, written in the circuit format (hdl.ts).
 */
import { HIGH, LOW, UNKNOWN, and, not, or, xor, type Level } from './logic.ts';

export interface Primitive {
  readonly name: string;
  /** Input pins, in the order `evaluate` takes them. */
  readonly inputs: readonly string[];
  readonly output: string;
  /**
   * A switch only connects its output to its input, or leaves it open: several switches may
   * drive one wire (in parallel), which is lit when any of them passes power. A gate drives its
   * wire alone.
   */
  readonly shares: boolean;
  /** The output for these inputs (the second is ignored by one-input parts). */
  evaluate(a: Level, b: Level): Level;
  readonly about: string;
}

/** What a switch passes on when its control says `closed`: power, nothing, or unknown. */
function pass(input: Level, closed: Level): Level {
  if (closed === LOW || input === LOW) return LOW;
  return closed === HIGH ? input : UNKNOWN;
}

const GATE = ['a', 'b'];

export const PRIMITIVES: ReadonlyMap<string, Primitive> = new Map(
  (
    [
      {
        name: 'Switch',
        inputs: ['in', 'control'],
        output: 'out',
        shares: true,
        evaluate: (input, control) => pass(input, control),
        about: 'closes when its control is on: connects in to out',
      },
      {
        name: 'SwitchNC',
        inputs: ['in', 'control'],
        output: 'out',
        shares: true,
        evaluate: (input, control) => pass(input, not(control)),
        about: 'normally closed: opens when its control is on',
      },
      {
        name: 'Not',
        inputs: ['in'],
        output: 'out',
        shares: false,
        evaluate: (a) => not(a),
        about: 'out is on when in is off',
      },
      {
        name: 'And',
        inputs: GATE,
        output: 'out',
        shares: false,
        evaluate: and,
        about: 'on when a and b are on',
      },
      {
        name: 'Or',
        inputs: GATE,
        output: 'out',
        shares: false,
        evaluate: or,
        about: 'on when a or b (or both) is on',
      },
      {
        name: 'Nand',
        inputs: GATE,
        output: 'out',
        shares: false,
        evaluate: (a, b) => not(and(a, b)),
        about: 'Not And: off only when a and b are on',
      },
      {
        name: 'Nor',
        inputs: GATE,
        output: 'out',
        shares: false,
        evaluate: (a, b) => not(or(a, b)),
        about: 'Not Or: on only when a and b are off',
      },
      {
        name: 'Xor',
        inputs: GATE,
        output: 'out',
        shares: false,
        evaluate: xor,
        about: 'on when a and b differ',
      },
    ] satisfies Primitive[]
  ).map((p) => [p.name, p]),
);
