/** Lesson 2's checker: nand, nor and xor from switches. */
import { bit, checkCircuitFile, type WrongRow } from '../checking.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';

const HINTS: Record<string, string> = {
  nand:
    'nand: power must get through unless a and b are both on: two normally closed switches, ' +
    'side by side (in parallel), so that both must open to cut it.',
  nor:
    'nor: power must get through only when a and b are both off: two normally closed switches, ' +
    'one after the other (in series).',
  xor:
    'xor: two paths in parallel, each through two switches in series: one closed by a and ' +
    'opened by b, the other the other way round.',
};

function hint(wrong: WrongRow[]): string {
  const lamps = ['nand', 'nor', 'xor'].filter((p) =>
    wrong.some((w) => w.actual[p] !== w.expected[p]),
  );
  return lamps.map((p) => HINTS[p]).join('\n');
}

export function check(source: string, file: string, context: LessonContext): CheckResult {
  return checkCircuitFile(source, file, context, [
    {
      chip: 'Gates',
      inputs: [bit('a'), bit('b')],
      outputs: [bit('nand'), bit('nor'), bit('xor')],
      only: { parts: ['Switch', 'SwitchNC'], why: 'this lesson builds gates from switches' },
      test: {
        kind: 'table',
        expect: ({ a, b }) => ({ nand: 1 - (a & b), nor: 1 - (a | b), xor: a ^ b }),
        hint,
      },
    },
  ]);
}
