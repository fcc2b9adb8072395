/** Lesson 4's demo: half and full adders, four bits with a rippling carry, subtraction. */
import { renderTable, truthTable } from '../circuits/table.ts';
import { timingDiagram } from '../circuits/timing.ts';
import { circuitView } from '../circuits/view.ts';
import type { LessonContext } from '../lesson.ts';
import { heading, listing, simulate } from '../present.ts';

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
    .join('\n') + '\n';

export function demo(context: LessonContext): string {
  const library = context.library;
  let out = heading('Adding two bits');
  out += listing('library/HalfAdder.hdl', context.read('../library/HalfAdder.hdl'));
  out += indent(renderTable(truthTable(simulate(library, 'HalfAdder'))));
  out += '\n  A full adder adds three bits: a, b and the carry c from the bit below.\n\n';
  out += indent(renderTable(truthTable(simulate(library, 'FullAdder'))));

  out += heading('Four bits: Add4');
  const add = simulate(library, 'Add4');
  for (const [a, b] of [
    [5, 3],
    [9, 9],
  ]) {
    add.apply({ a, b });
    out += `  ${a} + ${b}:\n${circuitView(add)}\n`;
  }
  out += '  9 + 9 = 18 does not fit in 4 bits: the lamps show 18 - 16 = 2, and carry is lit.\n\n';
  add.apply({ a: 15, b: 0 });
  add.record();
  add.run(2);
  add.set({ b: 1 });
  add.run(12);
  out += '  15 + 1: the carry ripples from bit 0 up, one full adder after the other:\n\n';
  out += indent(timingDiagram(add, ['b', 'sum[0]', 'sum[1]', 'sum[2]', 'sum[3]', 'carry']));

  out += heading('Subtracting: AddSub4');
  out +=
    "  In 4 bits, -b is (not b) + 1, two's complement: 0101 (5) becomes 1010 + 1 = 1011, and\n" +
    '  a + 1011 is a - 5 (modulo 16). AddSub4 inverts b with Xor gates when sub is on and\n' +
    '  feeds sub in as the first carry.\n\n';
  const sub = simulate(library, 'AddSub4');
  for (const [a, b] of [
    [7, 5],
    [3, 5],
  ]) {
    sub.apply({ a, b, sub: 1 });
    out += `  ${a} - ${b}:\n${circuitView(sub)}\n`;
  }
  out += '  3 - 5 shows 14: as a signed number, 1110 is -2 (16 - 2).\n';
  return out;
}
