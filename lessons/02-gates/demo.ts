/** Lesson 2's demo: And in series, Or in parallel, Not, and their truth tables. */
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
  const scope = lessonScope(context, 'switch-gates.hdl');
  let out =
    heading('Gates made of switches') +
    listing('switch-gates.hdl', context.read('switch-gates.hdl'));
  out += heading('Their truth tables');
  out += '  Every setting of the switches, and the lamp it lights (1 lit, 0 dark).\n\n';
  for (const [chip, about] of [
    ['SeriesAnd', 'in series: lit only when a and b are on'],
    ['ParallelOr', 'in parallel: lit when a or b (or both) is on'],
    ['SwitchNot', 'normally closed: lit when in is off'],
  ]) {
    out += `  ${chip}, ${about}:\n\n${indent(renderTable(truthTable(simulate(scope, chip))))}\n`;
  }
  out +=
    '  From now on these three have names of their own: And, Or and Not are built-in gates,\n' +
    '  and so are Nand, Nor and Xor, which the exercise builds.\n';
  return out;
}
