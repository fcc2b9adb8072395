/**
 * TIM9-TIM14 (RM0385 chapter 24) through the bus: up-counting only, the update period
 * (PSC + 1) * (ARR + 1) timer clocks, TIM9/TIM10/TIM11 on APB2's timer clock, one-pulse mode
 * only on TIM9/TIM12, two channels on TIM9/TIM12 and one on the others, update and compare
 * interrupts on the vectors they share with TIM1 and TIM8 (ST's IRQn_Type: TIM1_BRK_TIM9 24,
 * TIM1_UP_TIM10 25, TIM1_TRG_COM_TIM11 26, TIM8_BRK_TIM12 43, TIM8_UP_TIM13 44,
 * TIM8_TRG_COM_TIM14 45), and PWM on the Nucleo's red LED LD3 (PB14, TIM12_CH1 on AF9).
 */
import { describe, expect, test } from 'vitest';

import { assembleListing } from '../loader/asm.ts';
import {
  CR1_ARPE,
  CR1_CEN,
  CR1_DIR,
  CR1_OPM,
  DIER_BIE,
  DIER_CC1IE,
  DIER_UIE,
  EGR_BG,
  EGR_UG,
  OC_PWM1,
  OC_PWM2,
  OC_TOGGLE,
  SR_BIF,
  SR_CC1IF,
  SR_UIF,
  TIM_ARR,
  TIM_CCER,
  TIM_CCMR1,
  TIM_CCMR2,
  TIM_CCR1,
  TIM_CNT,
  TIM_CR1,
  TIM_DIER,
  TIM_EGR,
  TIM_PSC,
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
} from '../test/timers.ts';

const SHARED_VECTORS: Record<string, number> = {
  TIM9: 24,
  TIM10: 25,
  TIM11: 26,
  TIM12: 43,
  TIM13: 44,
  TIM14: 45,
};
const NAMES = Object.keys(SHARED_VECTORS);

describe('the time base', () => {
  test.each(NAMES)(
    '%s: an update every 16 * 1000 cycles at 16 MHz, on IRQ of its vector',
    (name) => {
      const m = timerMachine();
      const t = timerRegisters(m, name);
      const irq = SHARED_VECTORS[name];
      expect(t.irqs.global).toBe(irq);
      t.write(TIM_PSC, 15);
      t.write(TIM_ARR, 999);
      t.write(TIM_EGR, EGR_UG);
      t.write(TIM_SR, 0);
      t.write(TIM_DIER, DIER_UIE);
      t.write(TIM_CR1, CR1_CEN);
      advanceTo(m, 15_999);
      expect(t.read(TIM_SR)).toBe(0);
      expect(lineHigh(m, irq)).toBe(false);
      advanceTo(m, 16_000);
      // Unused channels compare too: CCRx = 0 matches at the overflow.
      const channels = name === 'TIM9' || name === 'TIM12' ? 3 : 1;
      expect(t.read(TIM_SR)).toBe(SR_UIF | (channels * SR_CC1IF));
      expect(lineHigh(m, irq)).toBe(true);
      expect(m.exceptions.pending[16 + irq]).toBe(1);
      t.write(TIM_SR, ~SR_UIF);
      expect(lineHigh(m, irq)).toBe(false);
    },
  );

  test.each(NAMES)('%s counts up only: CR1.DIR and CMS are reserved', (name) => {
    const m = timerMachine();
    const t = timerRegisters(m, name);
    t.write(TIM_ARR, 99);
    t.write(TIM_CR1, CR1_DIR | (3 << 5) | CR1_CEN);
    expect(t.read(TIM_CR1)).toBe(CR1_CEN);
    advanceTo(m, 30);
    expect(t.read(TIM_CNT)).toBe(30);
    advanceTo(m, 130);
    expect(t.read(TIM_CNT)).toBe(30);
  });

  test('one-pulse mode on TIM9 and TIM12; TIM10, TIM11, TIM13, TIM14 have no OPM bit', () => {
    const m = timerMachine();
    for (const name of NAMES) {
      const t = timerRegisters(m, name);
      t.write(TIM_ARR, 9);
      t.write(TIM_CR1, CR1_OPM | CR1_CEN);
    }
    advanceTo(m, 25);
    for (const name of ['TIM9', 'TIM12']) {
      const t = timerRegisters(m, name);
      expect(t.read(TIM_CR1), name).toBe(CR1_OPM);
      expect(t.read(TIM_CNT), name).toBe(0);
    }
    for (const name of ['TIM10', 'TIM11', 'TIM13', 'TIM14']) {
      const t = timerRegisters(m, name);
      expect(t.read(TIM_CR1), name).toBe(CR1_CEN);
      expect(t.read(TIM_CNT), name).toBe(5);
    }
  });

  test('TIM9-TIM11 run on APB2: PPRE2 /4 gives PCLK2 4 MHz and a timer clock of 8 MHz', () => {
    const m = timerMachine();
    m.bus.write32(RCC_CFGR, 5 << 13); // PPRE2 /4
    expect(m.chip.rcc.timclk2Hz).toBe(8e6);
    const apb2 = timerRegisters(m, 'TIM10');
    const apb1 = timerRegisters(m, 'TIM13');
    for (const t of [apb1, apb2]) {
      t.write(TIM_ARR, 999);
      t.write(TIM_CR1, CR1_CEN);
    }
    advanceTo(m, 1000);
    // A count every 2 cycles on APB2; APB1 is undivided, its timers count every cycle.
    expect(apb2.read(TIM_CNT)).toBe(500);
    expect(apb1.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
    advanceTo(m, 1999);
    expect(apb2.read(TIM_SR) & SR_UIF).toBe(0);
    advanceTo(m, 2000);
    expect(apb2.read(TIM_SR) & SR_UIF).toBe(SR_UIF);
  });
});

describe('channels', () => {
  test('TIM12_CH1 dims LD3 (PB14, AF9): PWM mode 1 at 1 kHz, lit 30% of each period', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM12');
    const edges = tracePin(m, 'PB14');
    alternate(m, 'PB14', 9);
    t.write(TIM_PSC, 15); // 1 MHz
    t.write(TIM_ARR, 999); // 1 kHz
    t.write(TIM_CCR1, 300);
    t.write(TIM_CCMR1, (OC_PWM1 << 4) | (1 << 3)); // OC1M = PWM 1, OC1PE
    t.write(TIM_CCER, 1); // CC1E
    t.write(TIM_EGR, EGR_UG);
    t.write(TIM_CR1, CR1_ARPE | CR1_CEN);
    expect(m.chip.ledLit('LD3')).toBe(true);
    advanceTo(m, 48_000);
    // Active while CNT < CCR1: 300 counts of 16 cycles in each 16,000.
    expect(edges).toEqual([
      [0, 1],
      [4_800, 0],
      [16_000, 1],
      [20_800, 0],
      [32_000, 1],
      [36_800, 0],
      [48_000, 1],
    ]);
    expect(m.chip.ledLit('LD3')).toBe(true);
    advanceTo(m, 52_799);
    expect(m.chip.ledLit('LD3')).toBe(true);
    advanceTo(m, 52_800);
    expect(m.chip.ledLit('LD3')).toBe(false);
  });

  test('TIM13_CH1 (PA6, AF9) in PWM mode 2; TIM14_CH1 (PF9, AF9) toggles on each match', () => {
    const m = timerMachine();
    const pa6 = tracePin(m, 'PA6');
    const pf9 = tracePin(m, 'PF9');
    alternate(m, 'PA6', 9);
    alternate(m, 'PF9', 9);
    const t13 = timerRegisters(m, 'TIM13');
    t13.write(TIM_ARR, 9);
    t13.write(TIM_CCR1, 4);
    t13.write(TIM_CCMR1, OC_PWM2 << 4);
    t13.write(TIM_CCER, 1);
    t13.write(TIM_CR1, CR1_CEN);
    const t14 = timerRegisters(m, 'TIM14');
    t14.write(TIM_ARR, 9);
    t14.write(TIM_CCR1, 6);
    t14.write(TIM_CCMR1, OC_TOGGLE << 4);
    t14.write(TIM_CCER, 1);
    t14.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 29);
    // PWM mode 2: inactive while CNT < CCR1.
    expect(pa6).toEqual([
      [4, 1],
      [10, 0],
      [14, 1],
      [20, 0],
      [24, 1],
    ]);
    expect(pf9).toEqual([
      [6, 1],
      [16, 0],
      [26, 1],
    ]);
  });

  test('TIM9 has two channels: CC2IF at CCR2, CC2IE on IRQ 24; CCR3, CCR4 and CCMR2 are reserved', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM9');
    t.write(TIM_CCR1 + 4, 40);
    t.write(TIM_CCR1 + 8, 50);
    t.write(TIM_CCMR2, 0x6868);
    expect(t.read(TIM_CCR1 + 8)).toBe(0);
    expect(t.read(TIM_CCMR2)).toBe(0);
    t.write(TIM_ARR, 99);
    t.write(TIM_DIER, DIER_CC1IE << 1);
    t.write(TIM_CR1, CR1_CEN);
    advanceTo(m, 39);
    expect(lineHigh(m, 24)).toBe(false);
    advanceTo(m, 40);
    expect(lineHigh(m, 24)).toBe(true);
    // CCR1 = 0 matches at the overflow; CC3IF and CC4IF do not exist.
    advanceTo(m, 100);
    expect(t.read(TIM_SR)).toBe(SR_UIF | SR_CC1IF | (SR_CC1IF << 1));
  });

  test('TIM10 has one channel: CCR2 and CC2IE are reserved', () => {
    const m = timerMachine();
    const t = timerRegisters(m, 'TIM10');
    t.write(TIM_CCR1 + 4, 40);
    t.write(TIM_DIER, 0xffff);
    expect(t.read(TIM_CCR1 + 4)).toBe(0);
    expect(t.read(TIM_DIER)).toBe(DIER_UIE | DIER_CC1IE);
  });

  test("a shared line: IRQ 24 is high while TIM1's break flag or TIM9's update flag is set", () => {
    const m = timerMachine();
    const tim1 = timerRegisters(m, 'TIM1');
    const tim9 = timerRegisters(m, 'TIM9');
    tim1.write(TIM_DIER, DIER_BIE);
    tim1.write(TIM_EGR, EGR_BG);
    expect(tim1.read(TIM_SR)).toBe(SR_BIF);
    expect(lineHigh(m, 24)).toBe(true);
    tim9.write(TIM_DIER, DIER_UIE);
    tim9.write(TIM_EGR, EGR_UG);
    tim1.write(TIM_SR, 0);
    expect(lineHigh(m, 24)).toBe(true);
    tim9.write(TIM_SR, 0);
    expect(lineHigh(m, 24)).toBe(false);
  });
});

describe('firmware', () => {
  test('a program dims LD3 with TIM12: 1 kHz, lit for 250 of every 1000 us', async () => {
    const CODE = 0x2000_0200;
    const m = timerMachine();
    const asm = await assembleListing(
      `.syntax unified
      .thumb
      main:
        ldr r0, =0x40023800
        ldr r1, [r0, #0x30]
        orr r1, r1, #(1 << 1)   @ RCC_AHB1ENR.GPIOBEN
        str r1, [r0, #0x30]
        ldr r1, [r0, #0x40]
        orr r1, r1, #(1 << 6)   @ RCC_APB1ENR.TIM12EN
        str r1, [r0, #0x40]
        ldr r0, =0x40020400     @ GPIOB
        ldr r1, [r0]
        bic r1, r1, #(3 << 28)
        orr r1, r1, #(2 << 28)  @ MODER14 = alternate function
        str r1, [r0]
        ldr r1, [r0, #0x24]
        bic r1, r1, #(0xf << 24)
        orr r1, r1, #(9 << 24)  @ AFRH14 = AF9: TIM12_CH1
        str r1, [r0, #0x24]
        ldr r0, =0x40001800     @ TIM12
        movs r1, #15
        str r1, [r0, #0x28]     @ PSC: 1 MHz
        ldr r1, =999
        str r1, [r0, #0x2c]     @ ARR: 1 kHz
        movs r1, #250
        str r1, [r0, #0x34]     @ CCR1: 25%
        movs r1, #0x68
        str r1, [r0, #0x18]     @ CCMR1: OC1M = PWM mode 1, OC1PE
        movs r1, #1
        str r1, [r0, #0x20]     @ CCER: CC1E
        str r1, [r0, #0x14]     @ EGR: UG
        movs r1, #0x81
        str r1, [r0]            @ CR1: ARPE, CEN
      sleep:
        wfi
        b sleep
      `,
      CODE,
    );
    m.bus.load(CODE, asm.code);
    m.startAt(asm.symbols.get('main')!.address, 0x2002_0000);
    const edges = tracePin(m, 'PB14');
    m.run(1_000_000, 10 * 16_000 + 1000);
    const rises = edges.filter(([, level]) => level === 1).map(([at]) => at);
    const falls = edges.filter(([, level]) => level === 0).map(([at]) => at);
    // The pin rises at UG (CNT = 0 < CCR1), a store before CEN starts the count; then once
    // a period, and it falls when CNT reaches CCR1.
    expect(rises.length).toBeGreaterThanOrEqual(10);
    for (let k = 2; k < rises.length; k++) expect(rises[k] - rises[k - 1]).toBe(16_000);
    for (let k = 1; k < falls.length; k++) expect(falls[k] - rises[k]).toBe(250 * 16);
  });
});
