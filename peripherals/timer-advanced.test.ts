/**
 * TIM1 and TIM8, the advanced-control timers (RM0385 chapter 22), through the bus: the
 * repetition counter (an update event every RCR + 1 overflows, RCR preloaded), BDTR.MOE gating
 * every output, complementary outputs with their polarities and off states (RM0385's table of
 * output control bits for OCx and OCxN with break), the software break with automatic output
 * enable, LOCK, and the four interrupt lines of each (ST's IRQn_Type: TIM1 BRK 24, UP 25,
 * TRG_COM 26, CC 27; TIM8 43-46).
 */
import { describe, expect, test } from 'vitest';

import {
  BDTR_AOE,
  BDTR_MOE,
  BDTR_OSSI,
  BDTR_OSSR,
  CR1_CEN,
  CR1_OPM,
  DIER_BIE,
  DIER_CC1IE,
  DIER_COMIE,
  DIER_TIE,
  DIER_UIE,
  EGR_BG,
  EGR_CC1G,
  EGR_COMG,
  EGR_TG,
  EGR_UG,
  OC_PWM1,
  OC_PWM2,
  SR_BIF,
  SR_CC1IF,
  SR_CC5IF,
  SR_COMIF,
  SR_TIF,
  SR_UIF,
  TIM_ARR,
  TIM_BDTR,
  TIM_CCER,
  TIM_CCMR1,
  TIM_CCMR3,
  TIM_CCR1,
  TIM_CCR5,
  TIM_CNT,
  TIM_CR1,
  TIM_CR2,
  TIM_DIER,
  TIM_EGR,
  TIM_RCR,
  TIM_SR,
} from './timer-registers.ts';
import {
  advanceTo,
  alternate,
  lineHigh,
  RCC_CFGR,
  timerMachine,
  timerRegisters,
  tracePin,
  type TimerRegisters,
} from '../test/timers.ts';

/** Counts every cycle up to `arr` with RCR `rcr`, loaded by UG, flags cleared, then CEN. */
function start(t: TimerRegisters, arr: number, rcr: number, cr1 = 0): void {
  t.write(TIM_ARR, arr);
  t.write(TIM_RCR, rcr);
  t.write(TIM_EGR, EGR_UG);
  t.write(TIM_SR, 0);
  t.write(TIM_CR1, cr1 | CR1_CEN);
}

/** Channel 1 in PWM mode `mode` with CCR1 `ccr`, outputs `ccer` (CC1E 1, CC1P 2, CC1NE 4, CC1NP 8). */
function pwm(t: TimerRegisters, mode: number, ccr: number, ccer: number): void {
  t.write(TIM_CCR1, ccr);
  t.write(TIM_CCMR1, mode << 4);
  t.write(TIM_CCER, ccer);
}

describe('the repetition counter', () => {
  test('RCR = 2: an update event (UIF, the UP line 25) every third overflow', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    t.write(TIM_DIER, DIER_UIE);
    start(t, 99, 2);
    advanceTo(m, 250);
    expect(t.read(TIM_CNT)).toBe(50);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    expect(lineHigh(m, 25)).toBe(false);
    advanceTo(m, 300);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    expect(lineHigh(m, 25)).toBe(true);
    t.write(TIM_SR, 0);
    advanceTo(m, 599);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 600);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });

  test('RCR is preloaded: a new value counts from the next update event', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM8');
    t.write(TIM_DIER, DIER_UIE);
    start(t, 99, 1);
    advanceTo(m, 250);
    t.write(TIM_SR, 0); // the update event at 200
    t.write(TIM_RCR, 3);
    advanceTo(m, 399);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 400);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    t.write(TIM_SR, 0);
    advanceTo(m, 799);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 800);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    expect(t.read(TIM_RCR)).toBe(3);
  });

  test('center-aligned, RCR = 1: overflows and underflows both count, the update is at 0', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    start(t, 100, 1, 1 << 5); // CMS = 01
    advanceTo(m, 100);
    expect(t.read(TIM_CNT)).toBe(100);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 200);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    t.write(TIM_SR, 0);
    advanceTo(m, 300);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 400);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });

  test('read long after, with no events: the skipped periods keep the repetition count', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    start(t, 9, 4); // updates at 50, 100, 150...
    expect(m.scheduler.empty).toBe(true);
    advanceTo(m, 1_000_005);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    t.write(TIM_SR, 0);
    advanceTo(m, 1_000_040);
    expect(t.read(TIM_CNT)).toBe(0);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 1_000_049);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 1_000_050);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });

  test('one-pulse mode with RCR = 2: three pulses on TIM1_CH1 (PA8), then the counter stops', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    const pa8 = tracePin(m, 'PA8');
    alternate(m, 'PA8', 1);
    pwm(t, OC_PWM2, 3, 1); // inactive while CNT < 3
    t.write(TIM_BDTR, BDTR_MOE);
    start(t, 9, 2, CR1_OPM);
    advanceTo(m, 100);
    expect(pa8).toEqual([
      [3, 1],
      [10, 0],
      [13, 1],
      [20, 0],
      [23, 1],
      [30, 0],
    ]);
    expect(t.read(TIM_CR1) & CR1_CEN).toBe(0);
    expect(m.scheduler.empty).toBe(true);
  });
});

describe('outputs', () => {
  test('no output until BDTR.MOE is set, and Loom says why once', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    const pa8 = tracePin(m, 'PA8');
    alternate(m, 'PA8', 1);
    pwm(t, OC_PWM1, 4, 1);
    start(t, 9, 0);
    advanceTo(m, 35);
    expect(pa8).toEqual([]);
    const said = m.diagnostics.list.map((d) => d.message).filter((s) => s.includes('MOE'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/TIM1_BDTR\.MOE = 0.*drives no pin/);
    t.write(TIM_BDTR, BDTR_MOE);
    advanceTo(m, 55);
    // CNT was 5 at 35: OC1REF inactive until the overflow at 40.
    expect(pa8).toEqual([
      [40, 1],
      [44, 0],
      [50, 1],
      [54, 0],
    ]);
    expect(m.diagnostics.list.filter((d) => d.message.includes('MOE'))).toHaveLength(1);
  });

  test('CH1 on PA8 and CH1N on PA7: the complement; CC1NP inverts it; alone, CH1N is OC1REF', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    const pa8 = tracePin(m, 'PA8');
    const pa7 = tracePin(m, 'PA7');
    alternate(m, 'PA8', 1);
    alternate(m, 'PA7', 1);
    pwm(t, OC_PWM1, 4, 1 | 4); // CC1E, CC1NE
    t.write(TIM_BDTR, BDTR_MOE);
    start(t, 9, 0);
    advanceTo(m, 19);
    expect(pa8).toEqual([
      [0, 1],
      [4, 0],
      [10, 1],
      [14, 0],
    ]);
    expect(pa7).toEqual([
      [4, 1],
      [10, 0],
      [14, 1],
    ]);
    t.write(TIM_CCER, 1 | 4 | 8); // CC1NP: CH1N active low, so it follows CH1
    advanceTo(m, 29);
    expect(pa7.slice(3)).toEqual([
      [19, 0],
      [20, 1],
      [24, 0],
    ]);
    t.write(TIM_CCER, 4); // CH1N alone, active high: OC1REF itself; CH1 not driven
    advanceTo(m, 35);
    expect(pa8.slice(4)).toEqual([
      [20, 1],
      [24, 0],
    ]);
    expect(pa7.slice(6)).toEqual([
      [30, 1],
      [34, 0],
    ]);
  });

  test("the Nucleo's LEDs on complementary outputs: TIM1_CH2N on LD1 (PB0), TIM8_CH2N on LD3 (PB14)", () => {
    const m = timerMachine();
    alternate(m, 'PB0', 1);
    alternate(m, 'PB14', 3);
    for (const name of ['TIM1', 'TIM8']) {
      const t = timerRegisters(m, name);
      t.write(TIM_CCR1 + 4, 6);
      t.write(TIM_CCMR1, OC_PWM1 << 12); // OC2M
      t.write(TIM_CCER, 1 << 6); // CC2NE only: CH2N = OC2REF
      t.write(TIM_BDTR, BDTR_MOE);
      start(t, 9, 0);
    }
    const lit = (cycle: number) => (
      advanceTo(m, cycle),
      [m.chip.ledLit('LD1'), m.chip.ledLit('LD3')]
    );
    expect(lit(5)).toEqual([true, true]);
    expect(lit(6)).toEqual([false, false]);
    expect(lit(10)).toEqual([true, true]);
  });

  test('MOE = 0 with OSSI: the outputs hold their idle levels OIS1 and OIS1N', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    alternate(m, 'PA8', 1);
    alternate(m, 'PA7', 1);
    const level = () => [m.chip.gpio.A.level(8), m.chip.gpio.A.level(7)];
    pwm(t, OC_PWM1, 4, 1 | 4);
    t.write(TIM_CR2, 1 << 9); // OIS1 = 0, OIS1N = 1
    start(t, 9, 0);
    expect(level()).toEqual([0, 0]); // OSSI = 0: not driven
    t.write(TIM_BDTR, BDTR_OSSI);
    expect(level()).toEqual([0, 1]);
    t.write(TIM_BDTR, BDTR_OSSI | BDTR_MOE);
    expect(level()).toEqual([1, 0]); // CNT = 0 < CCR1: OC1REF active
  });

  test('OSSR: the disabled output of a pair holds its inactive level (CCxP or CCxNP)', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    alternate(m, 'PA8', 1);
    alternate(m, 'PA7', 1);
    const level = () => [m.chip.gpio.A.level(8), m.chip.gpio.A.level(7)];
    pwm(t, OC_PWM1, 4, 1 | 8); // CC1E, CC1NP; CC1NE off
    t.write(TIM_BDTR, BDTR_MOE);
    start(t, 9, 0);
    expect(level()).toEqual([1, 0]);
    t.write(TIM_BDTR, BDTR_MOE | BDTR_OSSR);
    expect(level()).toEqual([1, 1]);
    t.write(TIM_CCER, 2 | 4); // CC1P, CC1NE; CC1E off: OC1 holds CC1P, OC1N = OC1REF
    expect(level()).toEqual([1, 1]);
    advanceTo(m, 4);
    expect(level()).toEqual([1, 0]);
  });

  test('a software break: BIF on the BRK line 24, MOE cleared; AOE sets it at the next update', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    const pa8 = tracePin(m, 'PA8');
    alternate(m, 'PA8', 1);
    pwm(t, OC_PWM1, 4, 1);
    t.write(TIM_DIER, DIER_BIE);
    t.write(TIM_BDTR, BDTR_MOE | BDTR_AOE);
    start(t, 9, 0);
    advanceTo(m, 2);
    t.write(TIM_EGR, EGR_BG);
    expect(t.read(TIM_SR)).toBe(SR_BIF);
    expect(lineHigh(m, 24)).toBe(true);
    expect(t.read(TIM_BDTR) & BDTR_MOE).toBe(0);
    advanceTo(m, 25);
    expect(pa8).toEqual([
      [0, 1],
      [2, 0],
      [10, 1],
      [14, 0],
      [20, 1],
      [24, 0],
    ]);
    expect(t.read(TIM_BDTR) & BDTR_MOE).toBe(BDTR_MOE);
  });

  test('LOCK is written once; level 1 freezes AOE and OISx, level 3 OCxM; MOE stays writable', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM8');
    t.write(TIM_BDTR, (3 << 8) | BDTR_AOE | 0x20); // LOCK 3, AOE, DTG
    t.write(TIM_BDTR, BDTR_MOE);
    expect(t.read(TIM_BDTR)).toBe((3 << 8) | BDTR_AOE | 0x20 | BDTR_MOE);
    t.write(TIM_CR2, 0xff00);
    expect(t.read(TIM_CR2)).toBe(0);
    t.write(TIM_CCMR1, OC_PWM1 << 4);
    expect(t.read(TIM_CCMR1)).toBe(0);
    t.write(TIM_CCER, 0xf);
    expect(t.read(TIM_CCER)).toBe(0x5); // CC1P and CC1NP frozen from level 2
    const n = timerMachine();
    const u = timerRegisters(n, 'TIM8');
    u.write(TIM_BDTR, BDTR_AOE);
    u.write(TIM_BDTR, 3 << 8);
    expect(u.read(TIM_BDTR)).toBe(0);
  });
});

describe('interrupts and clocks', () => {
  test.each([
    ['TIM1', 24, 25, 26, 27],
    ['TIM8', 43, 44, 45, 46],
  ])('%s: BRK %i, UP %i, TRG_COM %i, CC %i', (name, brk, up, trg, cc) => {
    const m = timerMachine();
    const t = timerRegisters(m, name);
    expect(t.irqs).toEqual({ brk, up, trg, cc });
    t.write(TIM_DIER, DIER_UIE | DIER_CC1IE | DIER_COMIE | DIER_TIE | DIER_BIE);
    const lines = () => [brk, up, trg, cc].filter((irq) => lineHigh(m, irq));
    const cases: [number, number, number][] = [
      [EGR_UG, SR_UIF, up],
      [EGR_CC1G, SR_CC1IF, cc],
      [EGR_COMG, SR_COMIF, trg],
      [EGR_TG, SR_TIF, trg],
      [EGR_BG, SR_BIF, brk],
    ];
    for (const [event, flag, irq] of cases) {
      t.write(TIM_EGR, event);
      expect(t.read(TIM_SR)).toBe(flag);
      expect(lines()).toEqual([irq]);
      t.write(TIM_SR, 0);
      expect(lines()).toEqual([]);
    }
  });

  test('TIM1 and TIM8 count on APB2: PPRE2 /2 doubles the timer clock back to 16 MHz', () => {
    const m = timerMachine();
    m.bus.write32(RCC_CFGR, 4 << 13); // PPRE2 /2: PCLK2 8 MHz
    expect(m.chip.rcc.timclk2Hz).toBe(16e6);
    const t = timerRegisters(m, 'TIM8');
    start(t, 999, 0);
    advanceTo(m, 500);
    expect(t.read(TIM_CNT)).toBe(500);
    m.bus.write32(RCC_CFGR, 5 << 13); // PPRE2 /4: the timer clock 8 MHz
    advanceTo(m, 700);
    expect(t.read(TIM_CNT)).toBe(600);
  });

  test('channel 5 has no pin, but compares: CC5IF at CCR5', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM1');
    t.write(TIM_CCR5, 30);
    t.write(TIM_CCMR3, OC_PWM1 << 4);
    start(t, 99, 0);
    advanceTo(m, 29);
    expect(t.read(TIM_SR) & SR_CC5IF).toBe(0);
    advanceTo(m, 30);
    expect(t.read(TIM_SR) & SR_CC5IF).toBe(SR_CC5IF);
  });
});
