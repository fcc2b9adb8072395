/** Lesson 4's checker: FullAdder, Add4 and Sub4 on every input. */
import { bit, bus, checkCircuitFile, type WrongRow } from '../checking.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';

/** The lowest bit where the sums differ, to say where the carry goes astray. */
function firstWrongBit(wrong: WrongRow[], pin: string): number {
  let lowest = 4;
  for (const w of wrong) {
    const diff = (w.actual[pin] ?? 0) ^ w.expected[pin];
    for (let k = 0; k < lowest; k++) if ((diff >> k) & 1) lowest = k;
  }
  return lowest;
}

export function check(source: string, file: string, context: LessonContext): CheckResult {
  return checkCircuitFile(source, file, context, [
    {
      chip: 'FullAdder',
      inputs: [bit('a'), bit('b'), bit('c')],
      outputs: [bit('sum'), bit('carry')],
      test: {
        kind: 'table',
        expect: ({ a, b, c }) => ({ sum: (a + b + c) & 1, carry: (a + b + c) >> 1 }),
        hint: (wrong) =>
          wrong.some((w) => w.actual.carry !== w.expected.carry)
            ? 'carry is on when at least two of a, b, c are: either half adder may carry.'
            : undefined,
      },
    },
    {
      chip: 'Add4',
      inputs: [bus('a', 4), bus('b', 4)],
      outputs: [bus('sum', 4), bit('carry')],
      test: {
        kind: 'table',
        expect: ({ a, b }) => ({ sum: (a + b) & 15, carry: (a + b) >> 4 }),
        hint: (wrong) => {
          const k = firstWrongBit(wrong, 'sum');
          return k < 4
            ? `The lowest wrong bit is sum[${k}]: look at what goes into bit ${k}'s full adder` +
                (k > 0 ? `, and at the carry out of bit ${k - 1}.` : '.')
            : 'The sums are right; look at the last carry.';
        },
      },
    },
    {
      chip: 'Sub4',
      inputs: [bus('a', 4), bus('b', 4)],
      outputs: [bus('out', 4)],
      test: {
        kind: 'table',
        expect: ({ a, b }) => ({ out: (a - b) & 15 }),
        hint: () => 'a - b = a + (not b) + 1: invert every bit of b, and add 1 (a carry in).',
      },
    },
  ]);
}
