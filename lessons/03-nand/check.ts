/** Lesson 3's checker: Not, And, Or and Xor, made of Nand alone. */
import { buildChip } from '../circuits/build.ts';
import { Scope } from '../circuits/scope.ts';
import { bit, checkCircuitFile, type ChipCheck } from '../checking.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';

const ONLY = { parts: ['Nand'], why: 'this lesson builds every gate from Nand alone' };
const GATE = { inputs: [bit('a'), bit('b')], outputs: [bit('out')], only: ONLY };

const CHECKS: ChipCheck[] = [
  {
    chip: 'Not',
    inputs: [bit('in')],
    outputs: [bit('out')],
    only: ONLY,
    test: { kind: 'table', expect: (v) => ({ out: 1 - v.in }) },
  },
  {
    ...GATE,
    chip: 'And',
    test: {
      kind: 'table',
      expect: ({ a, b }) => ({ out: a & b }),
      hint: () => 'And is Not Nand: the opposite of a Nand in every row.',
    },
  },
  {
    ...GATE,
    chip: 'Or',
    test: {
      kind: 'table',
      expect: ({ a, b }) => ({ out: a | b }),
      hint: () => 'Or is off only when a and b are both off: a Nand of not a and not b.',
    },
  },
  {
    ...GATE,
    chip: 'Xor',
    test: {
      kind: 'table',
      expect: ({ a, b }) => ({ out: a ^ b }),
      hint: () =>
        'Xor is on when a or b is on, but not both: And the Or of a and b with their Nand.',
    },
  },
];

export function check(source: string, file: string, context: LessonContext): CheckResult {
  const result = checkCircuitFile(source, file, context, CHECKS);
  if (!result.passed) return result;
  const scope = new Scope(context.library);
  scope.addFile(source, file);
  const nands = buildChip('Xor', scope).gates.length;
  const note =
    nands > 4
      ? `  Your Xor takes ${nands} Nands. It can be done with 4: share one Nand of a and b.\n`
      : `  Your Xor takes ${nands} Nands, the fewest there are.\n`;
  return { ...result, report: result.report + note };
}
