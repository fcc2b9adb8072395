/** The pacer's arithmetic against a clock the test moves by hand. */
import { describe, expect, it } from 'vitest';

import { Pacer } from './pacer.ts';

function clock(): { now: number } {
  return { now: 100 };
}

describe('Pacer', () => {
  it('lets emulated time run as far as the wall clock has gone since the start', () => {
    const c = clock();
    const pacer = new Pacer(() => c.now);
    pacer.start(2); // emulated time 2 s at wall time 100 s
    expect(pacer.dueSeconds()).toBe(2);
    c.now = 100.25;
    expect(pacer.dueSeconds()).toBeCloseTo(2.25, 12);
  });

  it('says how long to wait before an emulated moment is due', () => {
    const c = clock();
    const pacer = new Pacer(() => c.now);
    pacer.start(0);
    c.now = 100.01;
    expect(pacer.delayFor(0.03)).toBeCloseTo(0.02, 12); // 20 ms early: wait 20 ms
    expect(pacer.delayFor(0.005)).toBe(0); // already due
  });

  it('runs slower or faster than real time by its rate', () => {
    const c = clock();
    const pacer = new Pacer(() => c.now, 0.5);
    pacer.start(0);
    expect(pacer.delayFor(1)).toBeCloseTo(2, 12); // 1 emulated second takes 2 real ones
  });

  it('gives up a backlog longer than maxLagSeconds instead of racing through it', () => {
    const c = clock();
    const pacer = new Pacer(() => c.now, 1, 0.25);
    pacer.start(0);
    c.now = 101; // the host stalled for a second
    expect(pacer.delayFor(0.1)).toBe(0); // 0.9 s behind: re-anchored at 0.1 s, now
    expect(pacer.dueSeconds()).toBeCloseTo(0.1, 12);
    expect(pacer.delayFor(0.15)).toBeCloseTo(0.05, 12);
  });
});
