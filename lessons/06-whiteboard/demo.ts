/** Lesson 6's demo: the whiteboard computer runs a punched card that sums 1 to 5. */
import { parseCard, renderCardRun, runCard } from '../circuits/card.ts';
import { circuitView } from '../circuits/view.ts';
import type { LessonContext } from '../lesson.ts';
import { heading, listing, prose, simulate } from '../present.ts';

export function demo(context: LessonContext): string {
  let out = heading('The whiteboard computer');
  out += listing('library/Whiteboard.hdl', context.read('../library/Whiteboard.hdl'));
  out += prose(
    'Everything in it comes from the lessons before: Mux4 picks a register, AddSub4 adds or ' +
      'subtracts, each Register4 is four flip-flops of two latches each. It has ' +
      `${simulate(context.library, 'Whiteboard').netlist.gates.length} gates in all.`,
  );

  out += heading('A program on a punched card');
  const text = context.read('sum.card');
  out += listing('sum.card', text);
  const computer = simulate(context.library, 'Whiteboard');
  const card = parseCard(text, 'sum.card');
  const steps = runCard(card, computer);
  out += prose('The card reader sets the switches of each row and presses step:') + '\n';
  out += renderCardRun(card, steps)
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
    .join('\n');
  out += `\n  After the last row:\n${circuitView(computer)}\n`;
  out += prose(
    'Register 0 shows 15, all four lamps lit, and register 1 was never written: it still holds ' +
      'what its latches fell into at power-on (?). The program was a list of switch settings, ' +
      'like the cards of a Jacquard loom. Lesson 9 runs the same sum on the Cortex-M7, where the ' +
      'card is machine code in memory.',
  );
  return out;
}
