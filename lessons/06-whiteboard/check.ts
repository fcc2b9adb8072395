/** Lesson 6's checker: runs the student's card on the whiteboard computer. */
import { buildChip } from '../circuits/build.ts';
import { parseCard, renderCardRun, runCard, type Card, type CardStep } from '../circuits/card.ts';
import { CircuitError } from '../circuits/error.ts';
import { bitString, busValue, type Level } from '../circuits/logic.ts';
import { Simulator } from '../circuits/simulator.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';
import { wrap } from '../present.ts';

/** The registers at the end, as 4-bit values (-3 is 1101), and as the exercise says them. */
const TARGET = { r0: 12, r1: 13 };
const SAID = { r0: '1100 (12)', r1: '1101 (-3)' };
const LARGEST = 5;

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `      ${l}`.trimEnd())
    .join('\n');

function tooBig(card: Card): string | undefined {
  const n = card.columns.indexOf('n');
  if (n < 0) return undefined;
  for (const row of card.rows) {
    const value = busValue(row.holes[n]);
    if (value !== null && value > LARGEST) {
      return `line ${row.line} punches n=${bitString(row.holes[n])} (${value}): this card may only punch 0 to ${LARGEST}`;
    }
  }
  return undefined;
}

function failure(file: string, message: string): CheckResult {
  return { passed: false, summary: message, report: `✗ ${file}: ${message}\n` };
}

const show = (bits: Level[]) => {
  const v = busValue(bits);
  return v === null ? `unknown (${bitString(bits)})` : `${bitString(bits)} (${v})`;
};

export function check(source: string, file: string, context: LessonContext): CheckResult {
  const computer = new Simulator(buildChip('Whiteboard', context.library));
  let card: Card;
  let steps: CardStep[];
  try {
    card = parseCard(source, file);
    const rule = tooBig(card);
    if (rule !== undefined) return failure(file, rule);
    steps = runCard(card, computer);
  } catch (e) {
    if (!(e instanceof CircuitError)) throw e;
    return {
      passed: false,
      summary: e.message,
      report: `✗ ${file} cannot be read:\n    ${e.message}\n`,
    };
  }
  const run = `${indent(renderCardRun(card, steps))}\n`;
  const wrong = (['r0', 'r1'] as const).flatMap((r) => {
    const bits = computer.read(r);
    return busValue(bits) === TARGET[r] ? [] : [`${r} ends ${show(bits)}, should be ${SAID[r]}`];
  });
  if (wrong.length === 0) {
    return {
      passed: true,
      summary: 'r0 = 12 and r1 = -3 (1101)',
      report: `✓ ${file}: r0 = ${SAID.r0} and r1 = ${SAID.r1}\n${run}`,
    };
  }
  const hints: string[] = [];
  if (computer.read('r1').some((b) => b > 1) || computer.read('r0').some((b) => b > 1)) {
    hints.push(
      'A register shows ? until a row writes it with clear=1: at power-on its latches hold ' +
        'nothing known, and adding to the unknown stays unknown.',
    );
  }
  if (busValue(computer.read('r1')) !== TARGET.r1) {
    hints.push('-3 is 0 - 3: subtract 3 from a cleared register 1.');
  }
  return {
    passed: false,
    summary: wrong.join('; '),
    report: `✗ ${file}: ${wrong.join('; ')}\n${run}${indent(wrap(hints.join('\n')))}\n`,
  };
}
