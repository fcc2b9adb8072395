/**
 * Punched cards: a program for a machine made of switches is a list of switch settings. The
 * first line names the columns (input pins of the machine), each further line is one row of
 * holes: 1 for a hole (switch on), 0 for none, as many digits as the pin has wires, most
 * significant first. `#` starts a comment. The card reader sets a row's switches, then presses
 * the machine's step button once (on, then off), and goes on to the next row.
 *
 *     # 2 + 3 into register 0
 *     clear sub to n
 *     1     0   0  0010    # R0 = 0 + 2
 *     0     0   0  0011    # R0 = R0 + 3
 */
import { CircuitError } from './error.ts';
import { bitString, type Level } from './logic.ts';
import type { Settled, Simulator } from './simulator.ts';
import { grid } from './table.ts';
import { lamps } from './view.ts';

export interface CardRow {
  line: number;
  /** Levels per column, bit 0 first. */
  holes: Level[][];
  /** The text after `#`, if any: what the row means. */
  note: string;
}

export interface Card {
  file: string;
  columns: string[];
  rows: CardRow[];
}

export function parseCard(text: string, file: string): Card {
  let columns: string[] | null = null;
  const rows: CardRow[] = [];
  text.split('\n').forEach((raw, k) => {
    const line = k + 1;
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const note = hash < 0 ? '' : raw.slice(hash + 1).trim();
    if (body === '') return;
    const fields = body.split(/\s+/);
    if (columns === null) {
      for (const f of fields) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f)) {
          throw new CircuitError(
            file,
            line,
            `the first line names the columns (switches, like 'n sub to'); '${f}' is not a name`,
          );
        }
        if (fields.indexOf(f) !== fields.lastIndexOf(f)) {
          throw new CircuitError(file, line, `column '${f}' is named twice`);
        }
      }
      columns = fields;
      return;
    }
    if (fields.length !== columns.length) {
      throw new CircuitError(
        file,
        line,
        `${fields.length} column(s) here, but the card has ${columns.length}: ${columns.join(' ')}`,
      );
    }
    const holes = fields.map((f, c) => {
      if (!/^[01]+$/.test(f)) {
        throw new CircuitError(file, line, `column ${columns![c]}: '${f}' is not holes (0 and 1)`);
      }
      return [...f].reverse().map((d) => (d === '1' ? 1 : 0) as Level);
    });
    rows.push({ line, holes, note });
  });
  if (columns === null) throw new CircuitError(file, 1, 'the card is empty');
  return { file, columns, rows };
}

export interface CardStep {
  row: CardRow;
  /** What the outputs show after the step button is released. */
  outputs: Map<string, Level[]>;
  /** Anything that oscillated during the row. */
  settled: Settled[];
}

/** Checks that the card fits the machine: its columns are switches of the right widths. */
function checkCardFits(card: Card, sim: Simulator, step: string): void {
  const inputs = sim.netlist.inputs;
  const names = inputs.filter((p) => p.name !== step).map((p) => p.name);
  const header = card.rows.length > 0 ? card.rows[0].line : 1;
  card.columns.forEach((column, c) => {
    const pin = inputs.find((p) => p.name === column);
    if (column === step) {
      throw new CircuitError(
        card.file,
        header,
        `'${step}' is pressed by the card reader after each row: it is not a column`,
      );
    }
    if (pin === undefined) {
      throw new CircuitError(
        card.file,
        header,
        `the ${sim.netlist.chip.name} has no switch '${column}' (its switches: ${names.join(', ')})`,
      );
    }
    for (const row of card.rows) {
      if (row.holes[c].length !== pin.nets.length) {
        throw new CircuitError(
          card.file,
          row.line,
          `column ${column} needs ${pin.nets.length} hole(s), this row has ${row.holes[c].length}`,
        );
      }
    }
  });
}

/** Runs the card: each row sets its switches, then presses and releases `step`. */
export function runCard(card: Card, sim: Simulator, step = 'step'): CardStep[] {
  checkCardFits(card, sim, step);
  return card.rows.map((row) => {
    const settings: Record<string, Level[]> = {};
    card.columns.forEach((column, c) => (settings[column] = row.holes[c]));
    const settled = [sim.apply(settings), sim.apply({ [step]: 1 }), sim.apply({ [step]: 0 })];
    const outputs = new Map(sim.netlist.outputs.map((p) => [p.name, sim.read(p.name)]));
    return { row, outputs, settled: settled.filter((s) => s.oscillations.length > 0) };
  });
}

/** A card run as a table: each row's holes, then the lamps after its step, then its note. */
export function renderCardRun(card: Card, steps: CardStep[]): string {
  const outputs = steps.length > 0 ? [...steps[0].outputs.keys()] : [];
  return grid(
    [['line', ...card.columns], outputs, ['']],
    steps.map((s) => [
      [String(s.row.line), ...s.row.holes.map((h) => bitString(h))],
      outputs.map((o) => lamps(s.outputs.get(o)!)),
      [s.row.note],
    ]),
    ['', 'lamps after the step', ''],
  );
}
