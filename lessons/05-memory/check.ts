/** Lesson 5's checker: the D latch and the register, step by step. */
import { bit, bus, checkCircuitFile, type SequenceStep } from '../checking.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';

const LATCH: SequenceStep[] = [
  { set: { d: 1, en: 1 }, expect: { q: 1 }, why: 'en is on, so q follows d (1)' },
  { set: { d: 0 }, expect: { q: 0 }, why: 'en is on, so q follows d (0)' },
  { set: { d: 1 }, expect: { q: 1 }, why: 'en is on, so q follows d (1)' },
  { set: { en: 0 }, expect: { q: 1 }, why: 'en went off, so q keeps 1' },
  { set: { d: 0 }, expect: { q: 1 }, why: 'en is off, so q keeps 1 while d changes' },
  { set: { en: 1 }, expect: { q: 0 }, why: 'en is on again, so q follows d (0)' },
  { set: { en: 0 }, expect: { q: 0 }, why: 'en went off, so q keeps 0' },
  { set: { d: 1 }, expect: { q: 0 }, why: 'en is off, so q keeps 0 while d changes' },
];

const REGISTER: SequenceStep[] = [
  { set: { d: 5, clk: 0 }, expect: {}, why: 'd is set up before the clock' },
  { set: { clk: 1 }, expect: { q: 5 }, why: 'clk went on, so q takes d (5)' },
  { set: { clk: 0 }, expect: { q: 5 }, why: 'clk went off, so q keeps 5' },
  { set: { d: 9 }, expect: { q: 5 }, why: 'clk is off, so q keeps 5 while d changes' },
  { set: { clk: 1 }, expect: { q: 9 }, why: 'clk went on, so q takes d (9)' },
  {
    set: { d: 3 },
    expect: { q: 9 },
    why:
      'clk stays on, so q keeps 9 while d changes; a latch is open all the time its en is on: ' +
      'a second latch per bit, open only while the first is closed, cuts d off',
  },
  { set: { clk: 0 }, expect: { q: 9 }, why: 'clk went off, so q keeps 9' },
  { set: { d: 0 }, expect: { q: 9 }, why: 'clk is off, so q keeps 9 while d changes' },
  { set: { clk: 1 }, expect: { q: 0 }, why: 'clk went on, so q takes d (0)' },
  { set: { d: 15 }, expect: { q: 0 }, why: 'clk stays on, so q keeps 0 while d changes' },
  { set: { clk: 0 }, expect: { q: 0 }, why: 'clk went off, so q keeps 0' },
  { set: { clk: 1 }, expect: { q: 15 }, why: 'clk went on, so q takes d (15)' },
];

export function check(source: string, file: string, context: LessonContext): CheckResult {
  return checkCircuitFile(source, file, context, [
    {
      chip: 'DLatch',
      inputs: [bit('d'), bit('en')],
      outputs: [bit('q')],
      test: { kind: 'sequence', steps: LATCH },
    },
    {
      chip: 'Register4',
      inputs: [bus('d', 4), bit('clk')],
      outputs: [bus('q', 4)],
      avoid: {
        parts: ['DFF', 'Register4'],
        why: 'build the register from your DLatch, not from the library flip-flop',
      },
      test: { kind: 'sequence', steps: REGISTER },
    },
  ]);
}
