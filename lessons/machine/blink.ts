/**
 * What the blinky checkers share: a program that should run for ever, and an LED's blink
 * measured from its pin's changes, every half-period within a tolerance.
 */
import type { LessonRun } from './run.ts';
import { intervals, type PinTrace } from './trace.ts';
import { seconds, type Verdict } from './verdict.ts';

/** How far a measured half-period may be from the one asked for. */
export const TOLERANCE = 0.02;

/** What stopped a program that should run for ever, or undefined. */
export function unexpectedStop(run: LessonRun): string | undefined {
  const stop = run.stop;
  if (stop.kind === 'max-time' || stop.kind === 'limit') return undefined;
  return stop.message;
}

export interface BlinkCheck {
  /** 'PB0'. */
  pin: string;
  /** 'LD1'. */
  led: string;
  halfPeriod: number;
  /** How long the program ran, in seconds of emulated time. */
  runSeconds: number;
  /** What to say about the delay, given a measured half-period that is off. */
  advice(measured: number): string[];
  /** What to look at when the LED never changed and something above is wrong already. */
  seeAbove: string;
}

/** An LED's blink: the times between its pin's changes, each within the tolerance. */
export function checkBlink(verdict: Verdict, trace: PinTrace, b: BlinkCheck): void {
  const changes = trace.of(b.pin);
  const asked = `${seconds(b.halfPeriod)} ± ${TOLERANCE * 100}%`;
  if (changes.length === 0) {
    verdict.fail(
      `${b.led} never changed`,
      `${b.led} (${b.pin}) never changed in ${b.runSeconds} s of emulated time.`,
      verdict.failed
        ? b.seeAbove
        : `Nothing drove ${b.pin} high: a write of bit ${b.pin.slice(2)} to the port's BSRR ` +
            '(or ODR) is what turns it on.',
    );
    return;
  }
  if (changes.length === 1) {
    verdict.fail(
      `${b.led} changed only once`,
      `${b.led} (${b.pin}) changed once, at ${seconds(changes[0].atSeconds)}, and not again ` +
        `in ${b.runSeconds} s.`,
      `Its next change should come ${seconds(b.halfPeriod)} later: is the wait far too long, ` +
        'or does the program not go back round its loop?',
    );
    return;
  }
  const dts = intervals(changes);
  const off = dts.filter((dt) => Math.abs(dt - b.halfPeriod) > b.halfPeriod * TOLERANCE);
  if (off.length === 0) {
    verdict.pass(
      `${b.led} (${b.pin}) blinks: ${changes.length} changes in ${b.runSeconds} s, ` +
        `every ${seconds(dts[0])} (asked: ${asked}).`,
    );
    return;
  }
  const measured = off[0];
  const shown = dts.slice(0, 4).map(seconds).join(', ');
  verdict.fail(
    `${b.led} changes every ${seconds(measured)}, not ${seconds(b.halfPeriod)}`,
    `${b.led} (${b.pin}) changes every ${seconds(measured)}; the exercise asks for ${asked}.`,
    `Times between its changes: ${shown}${dts.length > 4 ? ', ...' : ''}.`,
    ...b.advice(measured),
  );
}
