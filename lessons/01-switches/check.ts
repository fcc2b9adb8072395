/** Lesson 1's checker: the two lamps of lamps.hdl, made of switches. */
import { bit, checkCircuitFile, type WrongRow } from '../checking.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';

function hint(wrong: WrongRow[]): string | undefined {
  if (wrong.some((w) => w.actual.off !== w.expected.off)) {
    return 'off must be lit while nobody presses the button: which kind of switch is closed then?';
  }
  if (wrong.some((w) => w.actual.on !== w.expected.on)) {
    return 'on must be lit while the button is pressed: a Switch from power (true), controlled by the button.';
  }
  return undefined;
}

export function check(source: string, file: string, context: LessonContext): CheckResult {
  return checkCircuitFile(source, file, context, [
    {
      chip: 'Lamps',
      inputs: [bit('button')],
      outputs: [bit('on'), bit('off')],
      only: { parts: ['Switch', 'SwitchNC'], why: 'this lesson uses switches only' },
      test: {
        kind: 'table',
        expect: ({ button }) => ({ on: button, off: 1 - button }),
        hint,
      },
    },
  ]);
}
