/** Lesson 3's demo: Nand, Not from Nand, and a circuit built from gates. */
import { renderTable, truthTable } from '../circuits/table.ts';
import type { LessonContext } from '../lesson.ts';
import { heading, lessonScope, listing, simulate } from '../present.ts';

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n') + '\n';

export function demo(context: LessonContext): string {
  const scope = lessonScope(context, 'gates.hdl');
  let out = heading('Nand, the gate that makes all the others');
  const nand = scope.resolve('Nand');
  out += `  Nand: ${nand?.kind === 'primitive' ? nand.primitive.about : ''}.\n\n`;
  const table = truthTable(simulate(scope, 'NandNot'));
  out += listing('gates.hdl', context.read('gates.hdl'));
  out += `  NandNot, a Nand with its inputs tied together, is a Not:\n\n${indent(renderTable(table))}\n`;
  out += `  Majority, three votes, five gates:\n\n`;
  out += indent(renderTable(truthTable(simulate(scope, 'Majority'))));
  out +=
    '\n  Chips are parts too: a chip in a file can be used by the chips after it, and the\n' +
    '  simulator replaces each one by its gates. Counted down to Nand, an And is 2 Nands, an Or\n' +
    '  3, and an Xor can be done with 4: the exercise finds how.\n';
  return out;
}
