/** Lesson 5's demo: the SR latch and its forbidden input, the D latch, a register and a clock. */
import type { Simulator } from '../circuits/simulator.ts';
import { timingDiagram, type TimingOptions } from '../circuits/timing.ts';
import { lamps } from '../circuits/view.ts';
import type { LessonContext } from '../lesson.ts';
import { describeOscillation, heading, lessonScope, listing, prose, simulate } from '../present.ts';

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
    .join('\n') + '\n';

const diagram = (sim: Simulator, signals: string[], options?: TimingOptions) =>
  indent(timingDiagram(sim, signals, options));

/** Set, hold, reset, hold, both on, both off at once: returns what the last settle found. */
function exerciseLatch(sr: Simulator): string {
  sr.record();
  const steps: [Record<string, number>, number][] = [
    [{}, 2],
    [{ s: 1 }, 4],
    [{ s: 0 }, 4],
    [{ r: 1 }, 4],
    [{ r: 0 }, 4],
    [{ s: 1, r: 1 }, 4],
    [{ s: 0, r: 0 }, 10],
  ];
  for (const [set, units] of steps) {
    sr.set(set);
    sr.run(units);
  }
  const settled = sr.settle();
  sr.run(3);
  return settled.oscillations.map(describeOscillation).join('; ');
}

export function demo(context: LessonContext): string {
  const library = context.library;
  let out = heading('The SR latch: feedback remembers');
  out += listing('library/SRLatch.hdl', context.read('../library/SRLatch.hdl'));
  const sr = simulate(library, 'SRLatch');
  const found = exerciseLatch(sr);
  out +=
    '  At power-on q is unknown (░). s sets q at time 2, and q stays 1 after s goes off: the\n' +
    '  latch holds. r resets it, and it holds 0. Then s and r go on together: q and nq are both\n' +
    '  0, which is not a state a latch should be in. At time 22 both go off at the same moment:\n\n';
  out += diagram(sr, ['s', 'r', 'q', 'nq']);
  out +=
    '\n' +
    prose(
      'Both Nor gates see 0 0 and turn on, then both see 1 and turn off, and so on. The ' +
        `simulator finds the circuit back in a state it was in (${found}), stops there and ` +
        'marks q unknown. A real latch does not oscillate for ever: one gate is a little ' +
        'faster and wins, and nobody can say which in advance (metastability). Here the gate ' +
        'of nq is made one unit slower, and q wins:',
    ) +
    '\n';
  const slow = simulate(library, 'SRLatch');
  slow.setDelay('nq', 2);
  exerciseLatch(slow);
  out += diagram(slow, ['s', 'r', 'q', 'nq']);
  out += '\n  So a circuit must never release s and r together: the D latch makes sure of that.\n';

  out += heading('The D latch: one bit of data');
  const d = simulate(library, 'DLatch');
  d.record();
  for (const [set, units] of [
    [{}, 2],
    [{ d: 1 }, 4],
    [{ en: 1 }, 6],
    [{ d: 0 }, 6],
    [{ d: 1 }, 6],
    [{ en: 0 }, 6],
    [{ d: 0 }, 6],
    [{ d: 1 }, 6],
  ] as [Record<string, number>, number][]) {
    d.set(set);
    d.run(units);
  }
  out +=
    '  While en is on, q follows d (a little late: it goes through gates); when en goes off,\n' +
    '  q keeps the last d, whatever d does next. Four such latches side by side hold 4 bits.\n\n';
  out += diagram(d, ['d', 'en', 'q']);

  out += heading('A register and a clock: a counter');
  const scope = lessonScope(context, 'counter.hdl');
  out += listing('counter.hdl', context.read('counter.hdl').split('\n\n')[0]);
  const counter = simulate(scope, 'Counter');
  counter.record();
  counter.set({ clear: 1, run: 1 });
  counter.run(50);
  counter.set({ clear: 0 });
  counter.run(240);
  out +=
    '  The clock is a ring of gates that never settles (library/Clock.hdl): it turns over\n' +
    '  every 17 gate delays. At each rising edge the register takes count + 1. One column\n' +
    '  is 4 time units here:\n\n';
  out += diagram(counter, ['clk', 'count'], { scale: 4 });
  out += `\n  count now: ${lamps(counter.read('count'))}\n`;

  out += heading('Why a register is two latches');
  const loop = simulate(scope, 'LatchCounter');
  loop.apply({ clear: 1, step: 1 });
  loop.apply({ step: 0, clear: 0 });
  loop.record();
  loop.run(2);
  loop.set({ step: 1 });
  loop.run(50);
  const runaway = loop.settle();
  out +=
    '  LatchCounter (in counter.hdl) is the counter with one latch per bit and a button\n' +
    '  instead of the clock. While the button is down the latches let count + 1 through, and\n' +
    '  that changes count, which changes count + 1, ...:\n\n';
  out += diagram(loop, ['step', 'count'], { to: 52 });
  const why = runaway.oscillations.map(describeOscillation).join('; ');
  out +=
    '\n' +
    prose(
      `The simulator finds the state repeating and stops it: ${why}. count ends unknown ` +
        `(${lamps(loop.read('count'))}). A flip-flop (library/DFF.hdl) is two latches that are ` +
        'never open at the same time, so the loop is always cut somewhere.',
    );
  return out;
}
