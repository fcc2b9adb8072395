/**
 * `loom lesson try FILE`: runs any circuit or punched card, to try things out. A circuit file
 * shows its last chip's truth table (or, with --set, its lamps for those switches); a card runs
 * on the whiteboard computer.
 */
import { buildChip, buildNetlist } from '../lessons/circuits/build.ts';
import { parseCard, renderCardRun, runCard } from '../lessons/circuits/card.ts';
import { CircuitError } from '../lessons/circuits/error.ts';
import { Scope } from '../lessons/circuits/scope.ts';
import { Simulator } from '../lessons/circuits/simulator.ts';
import { renderTable, truthTable } from '../lessons/circuits/table.ts';
import { LEGEND, circuitView } from '../lessons/circuits/view.ts';
import { loadLibrary } from '../lessons/library.ts';
import { describeOscillation } from '../lessons/present.ts';
import { LoaderError } from '../loader/error.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { readLessonFile } from './lesson-files.ts';
import { parseWord } from './numbers.ts';

/** A truth table past this many input bits is too long to read. */
const TABLE_BITS = 8;

function runCardFile(text: string, file: string, io: Io): number {
  const computer = new Simulator(buildChip('Whiteboard', loadLibrary(readLessonFile)));
  const card = parseCard(text, file);
  const steps = runCard(card, computer);
  io.stdout(`${renderCardRun(card, steps)}\nAfter the last row:\n${circuitView(computer)}`);
  return 0;
}

function runCircuit(text: string, file: string, chip: string | undefined, sets: string[], io: Io) {
  const scope = new Scope(loadLibrary(readLessonFile));
  const defs = scope.addFile(text, file);
  const def = chip === undefined ? defs[defs.length - 1] : scope.own(chip);
  if (def === undefined) {
    const names = defs.map((d) => d.name).join(', ');
    throw new UsageError(`--chip ${chip}: ${file} has no CHIP ${chip} (it has ${names})`, 'lesson');
  }
  const sim = new Simulator(buildNetlist(def, scope));
  const bits = sim.netlist.inputs.reduce((n, p) => n + p.nets.length, 0);
  const notes = sim.powerOn.oscillations.map((o) => `at power-on, ${describeOscillation(o)}\n`);
  let out = `CHIP ${def.name}: ${sim.netlist.gates.length} gates\n\n`;
  if (sets.length === 0 && bits <= TABLE_BITS) {
    out += renderTable(truthTable(sim));
  } else {
    for (const set of sets) {
      const eq = set.indexOf('=');
      const name = set.slice(0, eq);
      if (eq <= 0 || !sim.netlist.inputs.some((p) => p.name === name)) {
        const names = sim.netlist.inputs.map((p) => p.name).join(', ');
        throw new UsageError(
          `--set ${set}: not INPUT=VALUE for an input of ${def.name} (${names})`,
          'lesson',
        );
      }
      const settled = sim.apply({ [name]: parseWord(set.slice(eq + 1), `--set ${name}`) });
      notes.push(...settled.oscillations.map((o) => `after ${set}, ${describeOscillation(o)}\n`));
    }
    out += `${circuitView(sim)}\n  (${LEGEND})\n`;
  }
  io.stdout(out + (notes.length > 0 ? `\n${notes.join('')}` : ''));
  return 0;
}

export function tryFile(file: string, chip: string | undefined, sets: string[], io: Io): number {
  if (/\.(s|asm|elf|bin|hex)$/i.test(file)) {
    throw new UsageError(
      `${file} is a program: loom run ${file} runs it, loom ui ${file} steps it ` +
        '(loom lesson try takes circuits, .hdl, and cards, .card)',
      'lesson',
    );
  }
  const text = new TextDecoder().decode(io.readFile(file));
  try {
    return file.endsWith('.card')
      ? runCardFile(text, file, io)
      : runCircuit(text, file, chip, sets, io);
  } catch (e) {
    // A circuit that does not build is a file Loom cannot load: one line, exit status 2.
    if (e instanceof CircuitError) throw new LoaderError(e.message);
    throw e;
  }
}
