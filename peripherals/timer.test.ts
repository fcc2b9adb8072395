/**
 * TIM2-TIM7 through the bus, as firmware drives them: the update period (PSC + 1) * (ARR + 1)
 * timer clocks (RM0385 23.3.1), the timer clock doubled when APB1 is divided (RM0385 5.2),
 * UG, preloads, one-pulse mode, down and center-aligned counting, CNT read at any cycle, output
 * compare and PWM on the Nucleo's LED pins, and the update interrupt taken by a handler.
 */
import { describe, expect, test } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { assembleListing } from '../loader/asm.ts';
import { svdRegisters } from '../test/svd.ts';
import {
  CR1_ARPE,
  CR1_CEN,
  CR1_DIR,
  CR1_OPM,
  CR1_UDIS,
  CR1_URS,
  DIER_CC1IE,
  DIER_UIE,
  EGR_UG,
  OC_PWM1,
  OC_PWM2,
  OC_TOGGLE,
  SR_CC1IF,
  SR_UIF,
  TIM_ARR,
  TIM_BDTR,
  TIM_CCER,
  TIM_CCMR1,
  TIM_CCMR2,
  TIM_CCMR3,
  TIM_CCR1,
  TIM_CCR5,
  TIM_CCR6,
  TIM_CNT,
  TIM_CR1,
  TIM_CR2,
  TIM_DCR,
  TIM_DIER,
  TIM_DMAR,
  TIM_EGR,
  TIM_OR,
  TIM_PSC,
  TIM_RCR,
  TIM_SMCR,
  TIM_SR,
} from './timer-registers.ts';

const RCC = 0x4002_3800;
const RCC_CFGR = RCC + 0x08;
const RCC_AHB1ENR = RCC + 0x30;
const RCC_APB1ENR = RCC + 0x40;
const RCC_APB2ENR = RCC + 0x44;
const GPIOB = 0x4002_0400;
const TIM: Record<string, { base: number; irq: number }> = {
  TIM2: { base: 0x4000_0000, irq: 28 },
  TIM3: { base: 0x4000_0400, irq: 29 },
  TIM4: { base: 0x4000_0800, irq: 30 },
  TIM5: { base: 0x4000_0c00, irq: 50 },
  TIM6: { base: 0x4000_1000, irq: 54 },
  TIM7: { base: 0x4000_1400, irq: 55 },
};

function machine(): Machine {
  const m = new Machine();
  m.startAt(0x2000_0100);
  m.bus.write32(RCC_APB1ENR, 0x3f); // TIM2-TIM7
  m.bus.write32(RCC_AHB1ENR, m.bus.read32(RCC_AHB1ENR) | (1 << 1)); // GPIOB
  return m;
}

/** Moves emulated time to `cycle`, firing each scheduled event at its own cycle. */
function advanceTo(m: Machine, cycle: number): void {
  while (m.scheduler.nextAtCycle <= cycle) {
    m.cpu.cycles = m.scheduler.nextAtCycle;
    m.scheduler.runDue(m.cpu.cycles);
  }
  m.cpu.cycles = cycle;
}

/** A timer's registers, read and written through the bus. */
function timer(m: Machine, name: string) {
  const { base } = TIM[name];
  return {
    read: (offset: number) => m.bus.read32(base + offset),
    write: (offset: number, value: number) => m.bus.write32(base + offset, value),
  };
}

/** Cycles (from the first) at which PB`pin` changed level, and the levels. */
function tracePin(m: Machine, pin: number): [number, number][] {
  const changes: [number, number][] = [];
  m.chip.gpio.B.onPinChange((_, p, level) => {
    if (p === pin) changes.push([m.cpu.cycles, level]);
  });
  return changes;
}

/** PBn in alternate-function mode with AF `af`. */
function alternate(m: Machine, pin: number, af: number): void {
  const moder = m.bus.read32(GPIOB) & ~(3 << (2 * pin));
  m.bus.write32(GPIOB, moder | (2 << (2 * pin)));
  const afr = GPIOB + (pin < 8 ? 0x20 : 0x24);
  const shift = 4 * (pin & 7);
  m.bus.write32(afr, (m.bus.read32(afr) & ~(0xf << shift)) | (af << shift));
}

describe('registers (ST SVD, RM0385)', () => {
  const ours: Record<string, number> = {
    CR1: TIM_CR1,
    CR2: TIM_CR2,
    SMCR: TIM_SMCR,
    DIER: TIM_DIER,
    SR: TIM_SR,
    EGR: TIM_EGR,
    CCMR1_Output: TIM_CCMR1,
    CCMR1_Input: TIM_CCMR1,
    CCMR2_Output: TIM_CCMR2,
    CCMR2_Input: TIM_CCMR2,
    CCER: TIM_CCER,
    CNT: TIM_CNT,
    PSC: TIM_PSC,
    ARR: TIM_ARR,
    RCR: TIM_RCR,
    CCR1: TIM_CCR1,
    CCR2: TIM_CCR1 + 4,
    CCR3: TIM_CCR1 + 8,
    CCR4: TIM_CCR1 + 12,
    BDTR: TIM_BDTR,
    DCR: TIM_DCR,
    DMAR: TIM_DMAR,
    OR: TIM_OR,
    OR1: TIM_OR,
    CCMR3_Output: TIM_CCMR3,
    CCR5: TIM_CCR5,
    // ST's SVD spells CCR6 "CRR6".
    CRR6: TIM_CCR6,
  };
  const names = Array.from({ length: 14 }, (_, k) => `TIM${k + 1}`);

  test.each(names)('%s: offsets and reset values', (name) => {
    const m = machine();
    const spec = m.chip.mappings.find((p) => p.spec.name === name)!.spec;
    expect(spec.model).toBe('timer');
    const enable = spec.bus === 'APB1' ? RCC_APB1ENR : RCC_APB2ENR;
    m.bus.write32(enable, m.bus.read32(enable) | (1 << spec.enable!.bit));
    for (const r of svdRegisters(name)) {
      // TIM2's OR2 (0x60) belongs to other parts: RM0385 and ST's header have one OR.
      if (r.name === 'OR2') continue;
      expect(ours[r.name], r.name).toBe(r.offset);
      if (r.access === 'write-only') continue;
      // ARR resets to all ones in RM0385 (23.4.12, 25.4.8); ST's SVD says 0.
      const reset =
        r.name === 'ARR'
          ? name === 'TIM2' || name === 'TIM5'
            ? 0xffff_ffff
            : 0xffff
          : r.resetValue;
      expect(m.bus.read32(spec.base + r.offset), r.name).toBe(reset);
    }
  });
});

describe('the time base', () => {
  /** PSC, ARR, UG, clear UIF, UIE, CEN: what HAL_TIM_Base_Init and _Start_IT write. */
  function start(m: Machine, name: string, psc: number, arr: number, cr1 = 0): void {
    const t = timer(m, name);
    t.write(TIM_CR1, cr1);
    t.write(TIM_ARR, arr);
    t.write(TIM_PSC, psc);
    t.write(TIM_EGR, EGR_UG);
    t.write(TIM_SR, ~SR_UIF);
    t.write(TIM_DIER, DIER_UIE);
    t.write(TIM_CR1, cr1 | CR1_CEN);
  }

  test('update every (PSC + 1) * (ARR + 1) timer clocks: TIM6 at 1 kHz from 16 MHz', () => {
    const m = machine();
    const t = timer(m, 'TIM6');
    const irq = 16 + TIM.TIM6.irq;
    start(m, 'TIM6', 15, 999);
    advanceTo(m, 15_999);
    expect(t.read(TIM_SR)).toBe(0);
    expect(m.exceptions.lineLevel[irq]).toBe(0);
    advanceTo(m, 16_000);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    expect(m.exceptions.lineLevel[irq]).toBe(1);
    expect(m.exceptions.pending[irq]).toBe(1);
    t.write(TIM_SR, ~SR_UIF); // rc_w0
    expect(m.exceptions.lineLevel[irq]).toBe(0);
    advanceTo(m, 31_999);
    expect(t.read(TIM_SR)).toBe(0);
    advanceTo(m, 32_000);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    // Writing 1 to a flag leaves it.
    t.write(TIM_SR, SR_UIF);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
  });

  test('APB1 divided: the timer clock is twice PCLK1', () => {
    const m = machine();
    const t = timer(m, 'TIM2');
    m.bus.write32(RCC_CFGR, 4 << 10); // PPRE1 /2: PCLK1 8 MHz, TIMCLK 16 MHz
    expect(m.chip.rcc.timclk1Hz).toBe(16e6);
    start(m, 'TIM2', 15, 999);
    advanceTo(m, 16_000);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    const n = machine();
    n.bus.write32(RCC_CFGR, 5 << 10); // PPRE1 /4: PCLK1 4 MHz, TIMCLK 8 MHz
    start(n, 'TIM2', 15, 999);
    advanceTo(n, 31_999);
    expect(timer(n, 'TIM2').read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(n, 32_000);
    expect(timer(n, 'TIM2').read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });

  test('at 216 MHz with APB1 /4 (54 MHz), TIMCLK is 108 MHz: PSC 107, ARR 999 is 1 ms', () => {
    const m = machine();
    const { bus } = m;
    bus.write32(RCC, bus.read32(RCC) | (1 << 18) | (1 << 16)); // HSEBYP, HSEON
    bus.write32(RCC + 0x04, 4 | (216 << 6) | (1 << 22) | (9 << 24)); // 8 / 4 * 216 / 2
    bus.write32(RCC, bus.read32(RCC) | (1 << 24)); // PLLON
    bus.write32(0x4002_3c00, 7); // FLASH_ACR: 7 wait states
    bus.write32(RCC_CFGR, (5 << 10) | (4 << 13) | 2);
    expect(m.chip.rcc.timclk1Hz).toBe(108e6);
    const begin = (m.cpu.cycles = 5000);
    start(m, 'TIM3', 107, 999);
    advanceTo(m, begin + 215_999);
    expect(timer(m, 'TIM3').read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, begin + 216_000);
    expect(timer(m, 'TIM3').read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });

  test('CNT read at any cycle; a CNT write keeps the prescaler phase', () => {
    const m = machine();
    const t = timer(m, 'TIM4');
    start(m, 'TIM4', 3, 9); // a count every 4 cycles, 10 counts
    const at = (cycle: number) => (advanceTo(m, cycle), t.read(TIM_CNT));
    expect([at(0), at(3), at(4), at(39), at(40), at(44)]).toEqual([0, 0, 1, 9, 0, 1]);
    advanceTo(m, 50); // 2 cycles into a count
    t.write(TIM_CNT, 5);
    expect([at(51), at(52), at(56)]).toEqual([5, 6, 7]);
  });

  test('EGR.UG: the counter restarts, the preloads load, UIF unless URS; UDIS keeps them', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    start(m, 'TIM3', 0, 99);
    advanceTo(m, 30);
    t.write(TIM_PSC, 1); // preloaded: counts from the next update event
    expect(t.read(TIM_CNT)).toBe(30);
    advanceTo(m, 150);
    // The period under way ended at 100 at the old rate; the counter now counts every 2 cycles.
    expect(t.read(TIM_CNT)).toBe(25);
    t.write(TIM_SR, 0);
    t.write(TIM_EGR, EGR_UG);
    expect(t.read(TIM_CNT)).toBe(0);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    t.write(TIM_SR, 0);
    t.write(TIM_CR1, CR1_CEN | CR1_URS);
    t.write(TIM_EGR, EGR_UG);
    expect(t.read(TIM_SR)).toBe(0);
    // UDIS: UG still restarts the counter, but PSC is not loaded and no update event.
    t.write(TIM_CR1, CR1_CEN | CR1_UDIS);
    t.write(TIM_PSC, 9);
    advanceTo(m, 160);
    t.write(TIM_EGR, EGR_UG);
    advanceTo(m, 170);
    expect(t.read(TIM_CNT)).toBe(5);
    expect(t.read(TIM_SR)).toBe(0);
  });

  test('ARR preload: with ARPE the new ARR waits for the update event, without it acts at once', () => {
    const m = machine();
    const t = timer(m, 'TIM7');
    start(m, 'TIM7', 0, 99, CR1_ARPE);
    advanceTo(m, 10);
    t.write(TIM_ARR, 49);
    advanceTo(m, 99);
    expect(t.read(TIM_SR)).toBe(0);
    advanceTo(m, 100);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    t.write(TIM_SR, 0);
    advanceTo(m, 150);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    const n = machine();
    const u = timer(n, 'TIM7');
    start(n, 'TIM7', 0, 99);
    advanceTo(n, 10);
    u.write(TIM_ARR, 49);
    advanceTo(n, 50);
    expect(u.read(TIM_SR)).toBe(SR_UIF);
  });

  test('one-pulse mode: the counter stops at the update event and CEN clears', () => {
    const m = machine();
    const t = timer(m, 'TIM7');
    start(m, 'TIM7', 0, 99, CR1_OPM);
    advanceTo(m, 100);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    expect(t.read(TIM_CR1) & CR1_CEN).toBe(0);
    t.write(TIM_SR, 0);
    advanceTo(m, 1000);
    expect(t.read(TIM_CNT)).toBe(0);
    expect(t.read(TIM_SR)).toBe(0);
    expect(m.scheduler.empty).toBe(true);
  });

  test('down-counting: UG loads ARR, the counter underflows after ARR + 1 counts', () => {
    const m = machine();
    const t = timer(m, 'TIM5');
    start(m, 'TIM5', 0, 9, CR1_DIR);
    const at = (cycle: number) => (advanceTo(m, cycle), t.read(TIM_CNT));
    expect([at(0), at(1), at(9)]).toEqual([9, 8, 0]);
    expect(t.read(TIM_SR) & SR_UIF).toBe(0);
    expect(at(10)).toBe(9);
    expect(t.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    expect(t.read(TIM_CR1) & CR1_DIR).toBe(CR1_DIR);
  });

  test('a clock change while counting: the rest of the period runs at the new rate', () => {
    const m = machine();
    const t = timer(m, 'TIM6');
    start(m, 'TIM6', 0, 999);
    advanceTo(m, 500);
    m.bus.write32(RCC_CFGR, 5 << 10); // TIMCLK 8 MHz: a count every 2 cycles
    advanceTo(m, 700);
    expect(t.read(TIM_CNT)).toBe(600);
    advanceTo(m, 1499);
    expect(t.read(TIM_SR)).toBe(0);
    advanceTo(m, 1500);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
  });

  test('no interrupt, no pin: no events; a late read still sees the counter and the flags', () => {
    const m = machine();
    const t = timer(m, 'TIM6');
    t.write(TIM_ARR, 15);
    t.write(TIM_CR1, CR1_CEN);
    expect(m.scheduler.empty).toBe(true);
    advanceTo(m, 1_000_000_007);
    expect(t.read(TIM_CNT)).toBe(1_000_000_007 % 16);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
  });
});

describe('compare channels and pins', () => {
  test('PWM mode 1 on TIM3_CH3 lights LD1 (PB0, AF2) a quarter of each millisecond', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    const edges = tracePin(m, 0);
    alternate(m, 0, 2);
    t.write(TIM_PSC, 15); // 1 MHz
    t.write(TIM_ARR, 999); // 1 kHz
    t.write(TIM_CCR1 + 8, 250);
    t.write(TIM_CCMR2, (OC_PWM1 << 4) | (1 << 3)); // OC3M = PWM 1, OC3PE
    t.write(TIM_CCER, 1 << 8); // CC3E
    t.write(TIM_EGR, EGR_UG);
    t.write(TIM_CR1, CR1_ARPE | CR1_CEN);
    expect(m.chip.ledLit('LD1')).toBe(true);
    advanceTo(m, 40_000);
    expect(edges).toEqual([
      [0, 1],
      [4_000, 0],
      [16_000, 1],
      [20_000, 0],
      [32_000, 1],
      [36_000, 0],
    ]);
    // A new duty cycle (preloaded) starts with the next period.
    t.write(TIM_CCR1 + 8, 750);
    advanceTo(m, 64_000);
    expect(edges.slice(6)).toEqual([
      [48_000, 1],
      [60_000, 0],
      [64_000, 1],
    ]);
  });

  test('PWM mode 2 with CC3P (active low) is PWM mode 1 again; CC3E off drives the pin low', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    const edges = tracePin(m, 0);
    alternate(m, 0, 2);
    t.write(TIM_ARR, 9);
    t.write(TIM_CCR1 + 8, 3);
    t.write(TIM_CCMR2, OC_PWM2 << 4);
    t.write(TIM_CCER, (1 << 8) | (1 << 9)); // CC3E, CC3P
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 25);
    expect(edges).toEqual([
      [0, 1],
      [3, 0],
      [10, 1],
      [13, 0],
      [20, 1],
      [23, 0],
    ]);
    t.write(TIM_CCER, 0);
    advanceTo(m, 100);
    expect(edges.length).toBe(6);
    expect(m.chip.gpio.B.level(0)).toBe(0);
  });

  test('toggle on match blinks LD2 (PB7, TIM4_CH2) at half the update rate', () => {
    const m = machine();
    const t = timer(m, 'TIM4');
    const edges = tracePin(m, 7);
    alternate(m, 7, 2);
    t.write(TIM_PSC, 1);
    t.write(TIM_ARR, 99);
    t.write(TIM_CCR1 + 4, 40);
    t.write(TIM_CCMR1, OC_TOGGLE << 12); // OC2M = toggle
    t.write(TIM_CCER, 1 << 4); // CC2E
    t.write(TIM_EGR, EGR_UG); // loads PSC
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 700);
    expect(edges).toEqual([
      [80, 1],
      [280, 0],
      [480, 1],
      [680, 0],
    ]);
  });

  test('a pin on another alternate function is not driven by the timer', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    const edges = tracePin(m, 0);
    alternate(m, 0, 1); // AF1 on PB0 is TIM1_CH2N
    t.write(TIM_ARR, 9);
    t.write(TIM_CCR1 + 8, 5);
    t.write(TIM_CCMR2, OC_PWM1 << 4);
    t.write(TIM_CCER, 1 << 8);
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 100);
    expect(edges).toEqual([]);
  });

  test('toggling many periods later without a pin: OCxREF keeps the parity of the matches', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    alternate(m, 0, 2);
    t.write(TIM_ARR, 9);
    t.write(TIM_CCR1 + 8, 5);
    t.write(TIM_CCMR2, OC_TOGGLE << 4);
    t.write(TIM_CR1, CR1_CEN);
    expect(m.scheduler.empty).toBe(true);
    // Matches at cycles 5, 15, 25...: 100 001 of them by 1 000 005, an odd count.
    advanceTo(m, 1_000_005);
    t.write(TIM_CCER, 1 << 8);
    expect(m.chip.gpio.B.level(0)).toBe(1);
    advanceTo(m, 1_000_015);
    expect(m.chip.gpio.B.level(0)).toBe(0);
  });

  test('every output channel compares, used or not: CCRx = 0 matches when CNT reaches 0', () => {
    const m = machine();
    const t = timer(m, 'TIM4');
    t.write(TIM_ARR, 9);
    t.write(TIM_CCR1 + 4, 5);
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 5);
    expect(t.read(TIM_SR)).toBe(SR_CC1IF << 1);
    advanceTo(m, 10);
    expect(t.read(TIM_SR)).toBe(SR_UIF | (0xd * SR_CC1IF) | (SR_CC1IF << 1));
    // TIM6 and TIM7 have no channels.
    const u = timer(m, 'TIM6');
    u.write(TIM_ARR, 9);
    u.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 20);
    expect(u.read(TIM_SR)).toBe(SR_UIF);
  });

  test('CC1IF at the compare match, polled without interrupts on the 32-bit TIM2', () => {
    const m = machine();
    const t = timer(m, 'TIM2');
    t.write(TIM_CCR1, 100_000);
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 99_999);
    expect(t.read(TIM_SR)).toBe(0);
    advanceTo(m, 100_000);
    expect(t.read(TIM_SR)).toBe(SR_CC1IF);
    expect(t.read(TIM_CNT)).toBe(100_000);
    // The 32-bit counter runs past 16 bits.
    advanceTo(m, 3_000_000_000);
    expect(t.read(TIM_CNT)).toBe(3_000_000_000);
    // CC1IE raises TIM2's interrupt.
    t.write(TIM_DIER, DIER_CC1IE);
    expect(m.exceptions.lineLevel[16 + TIM.TIM2.irq]).toBe(1);
  });

  test('center-aligned mode 1: up and down, UIF at both ends, CC3IF only counting down', () => {
    const m = machine();
    const t = timer(m, 'TIM3');
    const edges = tracePin(m, 0);
    alternate(m, 0, 2);
    t.write(TIM_ARR, 100);
    t.write(TIM_CCR1 + 8, 25);
    t.write(TIM_CCMR2, OC_PWM1 << 4);
    t.write(TIM_CCER, 1 << 8);
    t.write(TIM_CR1, (1 << 5) | CR1_CEN); // CMS = 01
    advanceTo(m, 30);
    expect(t.read(TIM_SR)).toBe(0);
    advanceTo(m, 100);
    expect(t.read(TIM_CNT)).toBe(100);
    expect(t.read(TIM_SR)).toBe(SR_UIF);
    advanceTo(m, 110);
    expect(t.read(TIM_CNT)).toBe(90);
    expect(t.read(TIM_CR1) & CR1_DIR).toBe(CR1_DIR);
    t.write(TIM_SR, 0);
    advanceTo(m, 175);
    expect(t.read(TIM_SR)).toBe(SR_CC1IF << 2);
    advanceTo(m, 200);
    // At 0 the unused channels (CCR1, CCR2, CCR4 = 0) match too, counting down.
    expect(t.read(TIM_SR)).toBe(SR_UIF | (0xf * SR_CC1IF));
    advanceTo(m, 300);
    // Active while CNT < 25 counting up and CNT <= 25 counting down: 2 * 25 counts of 200.
    expect(edges).toEqual([
      [0, 1],
      [25, 0],
      [175, 1],
      [225, 0],
    ]);
  });
});

describe('firmware', () => {
  test('TIM2 update interrupts (IRQ 28) taken by a handler that clears UIF', async () => {
    const VECTORS = 0x2000_0000;
    const CODE = 0x2000_0200;
    const COUNT = 0x2001_0000;
    const m = new Machine();
    const asm = await assembleListing(
      `.syntax unified
      .thumb
      main:
        ldr r0, =0x40023840     @ RCC_APB1ENR: TIM2EN
        movs r1, #1
        str r1, [r0]
        ldr r0, =0x40000000     @ TIM2
        movs r1, #15
        str r1, [r0, #0x28]     @ PSC: 1 MHz
        movs r1, #99
        str r1, [r0, #0x2c]     @ ARR: 100 us
        movs r1, #1
        str r1, [r0, #0x14]     @ EGR: UG
        movs r1, #0
        str r1, [r0, #0x10]     @ SR: clear UIF
        movs r1, #1
        str r1, [r0, #0x0c]     @ DIER: UIE
        str r1, [r0]            @ CR1: CEN
        ldr r0, =0xe000e100     @ NVIC_ISER0: IRQ 28
        movs r1, #(1 << 28)
        str r1, [r0]
      sleep:
        wfi
        b sleep
      tim2_irq:
        ldr r0, =0x40000000
        movs r1, #0
        str r1, [r0, #0x10]     @ SR = 0: UIF cleared (rc_w0)
        ldr r0, =${COUNT}
        ldr r1, [r0]
        adds r1, #1
        str r1, [r0]
        cmp r1, #5
        beq done
        bx lr
      done:
        bkpt #1
      `,
      CODE,
    );
    const at = (label: string) => asm.symbols.get(label)!.address;
    m.bus.load(CODE, asm.code);
    m.startAt(at('main'), 0x2002_0000);
    m.vtor = VECTORS;
    m.bus.write32(VECTORS + 4 * (16 + TIM.TIM2.irq), at('tim2_irq') | 1);
    m.run(100_000);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #1/);
    expect(m.bus.read32(COUNT)).toBe(5);
    // Five periods of 1600 cycles, the last handler a few dozen cycles after its update.
    expect(m.cpu.cycles).toBeGreaterThanOrEqual(5 * 1600);
    expect(m.cpu.cycles).toBeLessThan(5 * 1600 + 100);
  });
});
