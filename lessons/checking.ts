/**
 * What the circuit lessons' checkers share: build the student's chips, check their pins and the
 * parts they are made of, then their truth table or a sequence of steps. A wrong result always
 * says where to look: the wrong rows, the step that failed, the line of the offending part.
 */
import { buildNetlist, type Netlist } from './circuits/build.ts';
import { CircuitError } from './circuits/error.ts';
import type { ChipDef } from './circuits/hdl.ts';
import { busValue, type Level } from './circuits/logic.ts';
import { Scope } from './circuits/scope.ts';
import { Simulator } from './circuits/simulator.ts';
import { grid, truthTable, type TableRow } from './circuits/table.ts';
import { switches } from './circuits/view.ts';
import type { CheckResult, LessonContext } from './lesson.ts';
import { wrap } from './present.ts';

export interface Pin {
  name: string;
  width: number;
}

export type Values = Record<string, number>;

/** A row of the truth table whose outputs are not what they should be. */
export interface WrongRow {
  inputs: Values;
  actual: Record<string, number | null>;
  expected: Values;
}

export interface TableTest {
  kind: 'table';
  expect(inputs: Values): Values;
  /** What to look at, given the wrong rows. */
  hint?(wrong: WrongRow[]): string | undefined;
}

export interface SequenceStep {
  set: Values;
  expect: Values;
  /** What the step shows when it goes wrong, e.g. 'en is off: q keeps 1'. */
  why: string;
}

export interface SequenceTest {
  kind: 'sequence';
  steps: SequenceStep[];
}

export interface ChipCheck {
  chip: string;
  inputs: Pin[];
  outputs: Pin[];
  /** The only built-in parts it may be made of, and why. */
  only?: { parts: string[]; why: string };
  /** Library chips it must not use, and why. */
  avoid?: { parts: string[]; why: string };
  test: TableTest | SequenceTest;
}

interface Outcome {
  ok: boolean;
  /** `✓ ...` or `✗ ...`, then indented lines about what to look at. */
  text: string;
  /** Short, for the one-line summary. */
  short: string;
}

const pins = (list: { name: string; width: number }[]) =>
  list.map((p) => (p.width > 1 ? `${p.name}[${p.width}]` : p.name)).join(', ');
const signature = (inputs: Pin[], outputs: Pin[]) => `IN ${pins(inputs)}; OUT ${pins(outputs)}`;
const indent = (text: string, by = '      ') =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n');

const number = (bits: Level[]) => busValue(bits);
const show = (value: number | null, width: number) =>
  value === null
    ? '?'.repeat(width)
    : width === 1
      ? String(value)
      : switches(
          Array.from({ length: width }, (_, k) => (Math.floor(value / 2 ** k) % 2) as Level),
        );

function samePins(def: ChipDef, check: ChipCheck): boolean {
  const same = (a: Pin[], b: Pin[]) =>
    a.length === b.length &&
    a.every((p) => b.some((q) => q.name === p.name && q.width === p.width));
  return same(def.inputs, check.inputs) && same(def.outputs, check.outputs);
}

/** The parts rule: only some built-ins, or none of some library chips. */
function partsProblem(netlist: Netlist, check: ChipCheck): string | undefined {
  for (const gate of netlist.gates) {
    const chain = gate.origin;
    const last = chain[chain.length - 1];
    const via =
      chain.length > 1
        ? ` inside ${chain
            .slice(0, -1)
            .map((o) => `${o.part} (line ${o.line})`)
            .join(' > ')}`
        : '';
    if (check.only !== undefined && !check.only.parts.includes(gate.primitive.name)) {
      return `${check.chip} uses a built-in ${gate.primitive.name} (${last.file} line ${last.line})${via}: ${check.only.why}`;
    }
    const banned =
      check.avoid &&
      chain.find((o) => o.definedIn?.startsWith('library/') && check.avoid!.parts.includes(o.part));
    if (banned) {
      const at = chain[0];
      return `${check.chip} uses the library's ${banned.part} (line ${at.line}): ${check.avoid!.why}`;
    }
  }
  return undefined;
}

/** Inputs that have the same value in every wrong row (when not every row is wrong). */
function common(wrong: WrongRow[], total: number, inputs: Pin[]): string | undefined {
  if (wrong.length === total || wrong.length < 2) return undefined;
  const shared = inputs
    .filter(
      (p) => p.width === 1 && wrong.every((w) => w.inputs[p.name] === wrong[0].inputs[p.name]),
    )
    .map((p) => `${p.name}=${wrong[0].inputs[p.name]}`);
  return shared.length > 0 ? `Every wrong row has ${shared.join(' and ')}.` : undefined;
}

function tableOutcome(netlist: Netlist, check: ChipCheck, test: TableTest): Outcome {
  const table = truthTable(new Simulator(netlist));
  const wrong: { row: TableRow; w: WrongRow }[] = [];
  for (const row of table.rows) {
    const inputs: Values = {};
    table.inputs.forEach((c, k) => (inputs[c.name] = number(row.inputs[k])!));
    const expected = test.expect(inputs);
    const actual: Record<string, number | null> = {};
    table.outputs.forEach((c, k) => (actual[c.name] = number(row.outputs[k])));
    if (table.outputs.some((c) => actual[c.name] !== expected[c.name])) {
      wrong.push({ row, w: { inputs, actual, expected } });
    }
  }
  const total = table.rows.length;
  if (wrong.length === 0) {
    return { ok: true, text: `✓ ${check.chip}: right in all ${total} rows`, short: '' };
  }
  const shown = wrong.slice(0, 8);
  const cells = (values: Record<string, number | null>, list: Pin[]) =>
    list.map((p) => show(values[p.name], p.width));
  const outputs = check.outputs.map((p) => p.name);
  const rows = grid(
    [check.inputs.map((p) => p.name), outputs, outputs],
    shown.map(({ w }) => [
      cells(w.inputs, check.inputs),
      cells(w.actual, check.outputs),
      cells(w.expected, check.outputs),
    ]),
    ['', 'yours', 'should be'],
  );
  const more =
    wrong.length > shown.length ? `(and ${wrong.length - shown.length} more rows)\n` : '';
  const oscillating = wrong.find(({ row }) => row.oscillations.length > 0);
  const notes = [
    oscillating &&
      `Some wires never settle (${oscillating.row.oscillations[0].nets.slice(0, 4).join(', ')}): a loop of gates feeds back on itself.`,
    common(
      wrong.map((x) => x.w),
      total,
      check.inputs,
    ),
    test.hint?.(wrong.map((x) => x.w)),
  ].filter((n): n is string => typeof n === 'string');
  const first = wrong[0].w;
  const at = check.inputs.map((p) => `${p.name}=${first.inputs[p.name]}`).join(' ');
  const advice = notes.length > 0 ? '\n' + indent(wrap(notes.join('\n'))) : '';
  return {
    ok: false,
    text: `✗ ${check.chip}: wrong in ${wrong.length} of ${total} rows:\n${indent(rows + more)}${advice}`,
    short: `${check.chip}: wrong in ${wrong.length} of ${total} rows (first: ${at})`,
  };
}

function sequenceOutcome(netlist: Netlist, check: ChipCheck, test: SequenceTest): Outcome {
  const sim = new Simulator(netlist);
  const headers = [
    ['step', ...check.inputs.map((p) => p.name)],
    check.outputs.map((p) => p.name),
    ['', ''],
  ];
  const titles = ['', 'yours', 'should be'];
  const rows: string[][][] = [];
  for (const [k, step] of test.steps.entries()) {
    const { oscillations } = sim.apply(step.set);
    const actual: Record<string, number | null> = {};
    for (const p of check.outputs) actual[p.name] = number(sim.read(p.name));
    const inputs = check.inputs.map((p) => show(number(sim.read(p.name)), p.width));
    const wrongPin = check.outputs.find(
      (p) => p.name in step.expect && actual[p.name] !== step.expect[p.name],
    );
    const expected = check.outputs
      .filter((p) => p.name in step.expect)
      .map((p) => `${p.name}=${show(step.expect[p.name], p.width)}`)
      .join(' ');
    rows.push([
      [String(k + 1), ...inputs],
      check.outputs.map((p) => show(actual[p.name], p.width)),
      [expected, wrongPin === undefined ? '' : '✗'],
    ]);
    if (wrongPin === undefined && oscillations.length === 0) continue;
    const why =
      oscillations.length > 0
        ? `At step ${k + 1} wires oscillate (${oscillations[0].nets.slice(0, 4).join(', ')}): a loop feeds back on itself.`
        : `At step ${k + 1}, ${step.why}; ${wrongPin!.name} is ${show(actual[wrongPin!.name], wrongPin!.width)}.`;
    return {
      ok: false,
      text: `✗ ${check.chip}: step ${k + 1} of ${test.steps.length} goes wrong:\n${indent(grid(headers, rows, titles))}\n${indent(wrap(why))}`,
      short: `${check.chip}: step ${k + 1} goes wrong (${step.why})`,
    };
  }
  return { ok: true, text: `✓ ${check.chip}: right in all ${test.steps.length} steps`, short: '' };
}

function outcome(scope: Scope, file: string, check: ChipCheck): Outcome {
  const def = scope.own(check.chip);
  const wanted = `CHIP ${check.chip} { ${signature(check.inputs, check.outputs)}; ... }`;
  if (def === undefined) {
    return {
      ok: false,
      text: `✗ ${check.chip}: ${file} has no CHIP ${check.chip}; the exercise asks for ${wanted}`,
      short: `no CHIP ${check.chip}`,
    };
  }
  if (!samePins(def, check)) {
    return {
      ok: false,
      text: `✗ ${check.chip}: its pins should be ${signature(check.inputs, check.outputs)}; yours are ${signature(def.inputs, def.outputs)} (line ${def.line})`,
      short: `${check.chip}: pins are not ${signature(check.inputs, check.outputs)}`,
    };
  }
  let netlist: Netlist;
  try {
    netlist = buildNetlist(def, scope);
  } catch (e) {
    if (!(e instanceof CircuitError)) throw e;
    return { ok: false, text: `✗ ${check.chip} does not build: ${e.message}`, short: e.message };
  }
  const problem = partsProblem(netlist, check);
  if (problem !== undefined) return { ok: false, text: `✗ ${problem}`, short: problem };
  return check.test.kind === 'table'
    ? tableOutcome(netlist, check, check.test)
    : sequenceOutcome(netlist, check, check.test);
}

function summarize(failed: Outcome[]): string {
  const more = failed.length > 1 ? `; ${failed.length - 1} more wrong` : '';
  return failed[0].short + more;
}

/** Checks the chips of a student's circuit file, in order. */
export function checkCircuitFile(
  source: string,
  file: string,
  context: LessonContext,
  checks: ChipCheck[],
): CheckResult {
  const scope = new Scope(context.library);
  try {
    scope.addFile(source, file);
  } catch (e) {
    if (!(e instanceof CircuitError)) throw e;
    return {
      passed: false,
      summary: e.message,
      report: `✗ ${file} cannot be read:\n    ${e.message}\n`,
    };
  }
  const outcomes = checks.map((c) => outcome(scope, file, c));
  const passed = outcomes.every((o) => o.ok);
  const names = checks.map((c) => c.chip);
  return {
    passed,
    summary: passed ? `all right: ${names.join(', ')}` : summarize(outcomes.filter((o) => !o.ok)),
    report: outcomes.map((o) => o.text).join('\n') + '\n',
  };
}

/** A one-wire pin and a bus, for the checks' pin lists. */
export const bit = (name: string): Pin => ({ name, width: 1 });
export const bus = (name: string, width: number): Pin => ({ name, width });
