/**
 * The STM32F746's clock tree, GPIO, EXTI and the Nucleo board, driven through the bus as
 * firmware drives them (register sequences from RM0385 and from what ST's HAL does).
 */
import { describe, expect, test } from 'vitest';

import { Machine } from './machine.ts';

const RCC = 0x4002_3800;
const PWR = 0x4000_7000;
const FLASH = 0x4002_3c00;
const GPIOB = 0x4002_0400;
const GPIOC = 0x4002_0800;
const SYSCFG = 0x4001_3800;
const EXTI = 0x4001_3c00;

function machine(): Machine {
  const m = new Machine();
  m.startAt(0x2000_0100);
  return m;
}

describe('reset values (RM0385; ST SVD)', () => {
  test('RCC, PWR, FLASH and the GPIO ports', () => {
    const { bus } = machine();
    expect(bus.read32(RCC + 0x00)).toBe(0x0000_0083); // CR: HSION, HSIRDY, HSITRIM 16
    expect(bus.read32(RCC + 0x04)).toBe(0x2400_3010); // PLLCFGR
    expect(bus.read32(RCC + 0x30)).toBe(0x0010_0000); // AHB1ENR: DTCMRAMEN
    expect(bus.read32(RCC + 0x74)).toBe(0x0e00_0000); // CSR: reset flags
    bus.write32(RCC + 0x40, 1 << 28); // PWREN
    bus.write32(RCC + 0x30, 0x7ff); // GPIOA-K
    expect(bus.read32(PWR + 0x00)).toBe(0x0000_c000); // CR1: VOS scale 1
    expect(bus.read32(FLASH + 0x10)).toBe(0x8000_0000); // CR: LOCK
    expect(bus.read32(0x4002_0000)).toBe(0xa800_0000); // GPIOA MODER: debug pins
    expect(bus.read32(0x4002_000c)).toBe(0x6400_0000); // GPIOA PUPDR
    expect(bus.read32(GPIOB)).toBe(0x0000_0280);
    expect(bus.read32(GPIOB + 0x08)).toBe(0x0000_00c0);
    expect(bus.read32(GPIOB + 0x0c)).toBe(0x0000_0100);
    expect(bus.read32(GPIOC)).toBe(0);
    expect(bus.read32(0xe004_2000) & 0xfff).toBe(0x449); // DBGMCU_IDCODE.DEV_ID
  });
});

describe('GPIO and the Nucleo-F746ZG board', () => {
  test('blinky by registers: RCC enable, MODER output, BSRR set and reset light LD1', () => {
    const m = machine();
    const { bus, chip } = m;
    bus.write32(RCC + 0x30, bus.read32(RCC + 0x30) | (1 << 1)); // GPIOBEN
    bus.write32(GPIOB, (bus.read32(GPIOB) & ~3) | 1); // PB0 output
    expect(chip.ledLit('LD1')).toBe(false);
    bus.write32(GPIOB + 0x18, 1 << 0); // BSRR: set PB0
    expect(chip.ledLit('LD1')).toBe(true);
    expect(bus.read32(GPIOB + 0x10) & 1).toBe(1); // IDR follows the output
    bus.write32(GPIOB + 0x18, 1 << 16); // BSRR: reset PB0
    expect(chip.ledLit('LD1')).toBe(false);
    // Set wins when a pin's set and reset bits are written together.
    bus.write32(GPIOB + 0x18, (1 << 16) | 1);
    expect(bus.read32(GPIOB + 0x14) & 1).toBe(1);
  });

  test('a port without its clock ignores writes and says why, once', () => {
    const m = machine();
    m.bus.write32(GPIOB + 0x18, 1);
    m.bus.write32(GPIOB + 0x18, 1);
    expect(m.bus.read32(GPIOB + 0x14)).toBe(0);
    const said = m.diagnostics.list.map((d) => d.message);
    expect(said).toContain('GPIOB written while RCC_AHB1ENR.GPIOBEN = 0: the port has no clock');
    expect(said.filter((s) => s.startsWith('GPIOB written')).length).toBe(1);
  });

  test('B1 reads high on PC13 while pressed; pull-ups and open drain', () => {
    const m = machine();
    const { bus, chip } = m;
    bus.write32(RCC + 0x30, bus.read32(RCC + 0x30) | (1 << 2) | (1 << 1)); // GPIOC, GPIOB
    expect((bus.read32(GPIOC + 0x10) >>> 13) & 1).toBe(0);
    chip.press('B1', true);
    expect((bus.read32(GPIOC + 0x10) >>> 13) & 1).toBe(1);
    chip.press('B1', false);
    // PB5 input with pull-up reads 1; PB6 open-drain output at 1 floats to its pull-down.
    bus.write32(GPIOB + 0x0c, (bus.read32(GPIOB + 0x0c) & ~(3 << 10)) | (1 << 10) | (2 << 12));
    bus.write32(GPIOB, (bus.read32(GPIOB) & ~(3 << 12)) | (1 << 12));
    bus.write32(GPIOB + 0x04, 1 << 6);
    bus.write32(GPIOB + 0x18, 1 << 6);
    expect((bus.read32(GPIOB + 0x10) >>> 5) & 3).toBe(1);
  });

  test('LCKR: the key sequence locks the configuration until reset', () => {
    const m = machine();
    const { bus } = m;
    bus.write32(RCC + 0x30, bus.read32(RCC + 0x30) | (1 << 1));
    const lock = (1 << 16) | 1;
    bus.write32(GPIOB + 0x1c, lock);
    bus.write32(GPIOB + 0x1c, 1);
    bus.write32(GPIOB + 0x1c, lock);
    expect(bus.read32(GPIOB + 0x1c)).toBe(lock);
    const moder = bus.read32(GPIOB);
    bus.write32(GPIOB, moder | 3 | (3 << 2)); // PB0 locked, PB1 not
    expect(bus.read32(GPIOB)).toBe((moder & ~3) | (moder & 3) | (3 << 2));
  });
});

describe('EXTI and SYSCFG', () => {
  test('B1 on EXTI13 through SYSCFG_EXTICR4 raises EXTI15_10 (IRQ 40)', () => {
    const m = machine();
    const { bus, chip, exceptions } = m;
    bus.write32(RCC + 0x30, bus.read32(RCC + 0x30) | (1 << 2));
    bus.write32(RCC + 0x44, 1 << 14); // SYSCFGEN
    bus.write32(SYSCFG + 0x14, 2 << 4); // EXTICR4: EXTI13 = PC
    bus.write32(EXTI + 0x08, 1 << 13); // RTSR
    bus.write32(EXTI + 0x00, 1 << 13); // IMR
    chip.press('B1', true);
    expect(bus.read32(EXTI + 0x14)).toBe(1 << 13); // PR
    expect(exceptions.pending[16 + 40]).toBe(1);
    expect(exceptions.lineLevel[16 + 40]).toBe(1);
    bus.write32(EXTI + 0x14, 1 << 13); // clear
    expect(exceptions.lineLevel[16 + 40]).toBe(0);
    chip.press('B1', false); // falling edge: not selected
    expect(bus.read32(EXTI + 0x14)).toBe(0);
  });
});

describe('the clock tree', () => {
  /** SystemClock_Config as ST's HAL examples do it for 216 MHz on the Nucleo. */
  function clock216(m: Machine, latency = 7): void {
    const { bus } = m;
    bus.write32(RCC + 0x40, 1 << 28); // PWREN
    bus.write32(PWR, (bus.read32(PWR) & ~(3 << 14)) | (3 << 14)); // VOS scale 1
    bus.write32(RCC, bus.read32(RCC) | (1 << 18) | (1 << 16)); // HSEBYP, HSEON
    expect(bus.read32(RCC) & (1 << 17)).not.toBe(0); // HSERDY
    // PLLM 4, PLLN 216, PLLP /2, PLLSRC HSE, PLLQ 9: 8 / 4 * 216 / 2 = 216 MHz.
    bus.write32(RCC + 0x04, 4 | (216 << 6) | (0 << 16) | (1 << 22) | (9 << 24));
    bus.write32(RCC, bus.read32(RCC) | (1 << 24)); // PLLON
    expect(bus.read32(RCC) & (1 << 25)).not.toBe(0); // PLLRDY
    bus.write32(PWR, bus.read32(PWR) | (1 << 16)); // ODEN
    expect(bus.read32(PWR + 4) & (1 << 16)).not.toBe(0); // ODRDY
    bus.write32(PWR, bus.read32(PWR) | (1 << 17)); // ODSWEN
    expect(bus.read32(PWR + 4) & (1 << 17)).not.toBe(0); // ODSWRDY
    bus.write32(FLASH, latency);
    expect(bus.read32(FLASH) & 0xf).toBe(latency);
    // HCLK /1, APB1 /4, APB2 /2, then switch SYSCLK to the PLL.
    bus.write32(RCC + 0x08, (5 << 10) | (4 << 13));
    bus.write32(RCC + 0x08, bus.read32(RCC + 0x08) | 2);
    expect((bus.read32(RCC + 0x08) >>> 2) & 3).toBe(2); // SWS = PLL
  }

  test('HAL-style SystemClock_Config reaches 216 MHz with the right bus clocks', () => {
    const m = machine();
    clock216(m);
    const { rcc } = m.chip;
    expect(rcc.sysclkHz).toBe(216e6);
    expect(rcc.hclkHz).toBe(216e6);
    expect(rcc.pclk1Hz).toBe(54e6);
    expect(rcc.pclk2Hz).toBe(108e6);
    expect(rcc.timclk1Hz).toBe(108e6); // APB1 divided: timers run at twice PCLK1
    expect(rcc.timclk2Hz).toBe(216e6);
    expect(m.diagnostics.list).toEqual([]);
  });

  test('emulated time follows the clock across a switch', () => {
    const m = machine();
    m.cpu.cycles += 16_000_000; // one second at the HSI's 16 MHz
    expect(m.seconds).toBeCloseTo(1, 9);
    clock216(m);
    m.cpu.cycles += 216_000_000; // one more second at 216 MHz
    expect(m.seconds).toBeCloseTo(2, 9);
  });

  test('too few wait states, no over-drive, a bad PLL: diagnostics in words', () => {
    const m = machine();
    clock216(m, 5);
    const said = m.diagnostics.list.map((d) => d.message).join('\n');
    expect(said).toContain('FLASH_ACR.LATENCY = 5 wait states is too few for HCLK 216 MHz');
    const n = machine();
    const { bus } = n;
    bus.write32(RCC + 0x04, 2 | (432 << 6) | (0 << 22)); // HSI / 2 = 8 MHz in: out of range
    bus.write32(RCC, bus.read32(RCC) | (1 << 24));
    const pll = n.diagnostics.list.map((d) => d.message).join('\n');
    expect(pll).toContain('PLL input 8 MHz (source / PLLM 2) is outside 0.95-2.1 MHz');
    expect(pll).toContain('PLL VCO 3456 MHz (PLLN 432) is outside 100-432 MHz');
  });

  test('the switch waits for its source: SW = PLL with the PLL off keeps SWS = HSI', () => {
    const m = machine();
    m.bus.write32(RCC + 0x08, 2);
    expect((m.bus.read32(RCC + 0x08) >>> 2) & 3).toBe(0);
    expect(m.chip.rcc.sysclkHz).toBe(16e6);
  });
});

describe('peripherals Loom does not model', () => {
  test('answer with their reset value and are named once', () => {
    const m = machine();
    expect(m.bus.read32(0x4001_3000)).toBe(0); // SPI1
    m.bus.write32(0x4001_3000, 0x44);
    expect(m.diagnostics.list.map((d) => d.message)).toEqual([
      'SPI1 at 0x40013000 is not modelled',
    ]);
  });
});
