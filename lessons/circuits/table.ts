/** Truth tables: every setting of a circuit's switches and what its lamps show. */
import { bitString, bitsOf, busValue, type Level } from './logic.ts';
import type { Oscillation, Simulator } from './simulator.ts';

export interface Column {
  name: string;
  width: number;
}

export interface TableRow {
  inputs: Level[][];
  outputs: Level[][];
  /** Wires that oscillated in this row, if any (a combinational circuit has none). */
  oscillations: Oscillation[];
}

export interface TruthTable {
  inputs: Column[];
  outputs: Column[];
  rows: TableRow[];
}

/** More input bits than this and a table stops being something to read or to check row by row. */
const MAX_INPUT_BITS = 12;

/**
 * Every setting of the inputs, counting in binary with the first input most significant, and
 * the outputs once the circuit has settled. Meant for circuits without memory: a latch's output
 * depends on the rows before.
 */
export function truthTable(sim: Simulator): TruthTable {
  const inputs = sim.netlist.inputs.map((p) => ({ name: p.name, width: p.nets.length }));
  const outputs = sim.netlist.outputs.map((p) => ({ name: p.name, width: p.nets.length }));
  const bits = inputs.reduce((n, c) => n + c.width, 0);
  if (bits > MAX_INPUT_BITS) {
    throw new Error(`${sim.netlist.chip.name} has ${bits} input bits: too many for a truth table`);
  }
  const rows: TableRow[] = [];
  for (let combo = 0; combo < 2 ** bits; combo++) {
    let shift = bits;
    const levels = inputs.map((c) => {
      shift -= c.width;
      return bitsOf(Math.floor(combo / 2 ** shift) % 2 ** c.width, c.width);
    });
    const settings: Record<string, Level[]> = {};
    inputs.forEach((c, k) => (settings[c.name] = levels[k]));
    const { oscillations } = sim.apply(settings);
    rows.push({ inputs: levels, outputs: outputs.map((c) => sim.read(c.name)), oscillations });
  }
  return { inputs, outputs, rows };
}

/** A value as a table shows it: bits, or a decimal number for a bus when asked. */
export function cell(bits: readonly Level[], decimal = false): string {
  if (!decimal || bits.length === 1) return bitString(bits);
  const value = busValue(bits);
  return value === null ? '?' : String(value);
}

/**
 * Columns in groups (inputs │ outputs │ ...), each cell centred under its header when it is one
 * character, left-aligned otherwise (so that bits line up); `titles`, when given, name the groups
 * on a line above.
 */
export function grid(headers: string[][], rows: string[][][], titles?: string[]): string {
  const widths = headers.map((group, g) =>
    group.map((h, c) => Math.max(h.length, ...rows.map((r) => r[g][c].length))),
  );
  // A title wider than its group pads the group on the right.
  const groupWidth = (g: number) => widths[g].reduce((a, b) => a + b, 0) + widths[g].length - 1;
  const extra = headers.map((_, g) => Math.max(0, (titles?.[g].length ?? 0) - groupWidth(g)));
  const line = (cells: string[][], header: boolean) =>
    cells
      .map(
        (group, g) =>
          group
            .map((text, c) => {
              const w = widths[g][c];
              if (header || text.length !== 1) return text.padEnd(w);
              const left = Math.floor((w - 1) / 2);
              return ' '.repeat(left) + text + ' '.repeat(w - 1 - left);
            })
            .join(' ') + ' '.repeat(extra[g]),
      )
      .join(' │ ')
      .trimEnd();
  const top =
    titles === undefined
      ? []
      : [
          titles
            .map((t, g) => t.padEnd(groupWidth(g) + extra[g]))
            .join(' │ ')
            .trimEnd(),
        ];
  return [...top, line(headers, true), ...rows.map((r) => line(r, false))].join('\n') + '\n';
}

export interface TableOptions {
  /** Show buses as decimal numbers instead of bits. */
  decimal?: boolean;
  /** Only these rows (e.g. the ones a check found wrong). */
  rows?: readonly TableRow[];
}

export function renderTable(table: TruthTable, options: TableOptions = {}): string {
  const rows = options.rows ?? table.rows;
  const fmt = (bits: Level[]) => cell(bits, options.decimal);
  return grid(
    [table.inputs.map((c) => c.name), table.outputs.map((c) => c.name)],
    rows.map((r) => [r.inputs.map(fmt), r.outputs.map(fmt)]),
  );
}
