/**
 * The STM32F746's memory map (RM0385 section 2.2; ../shared/reference/stm32f746.md section 1.1).
 * Peripherals come with their own table (issue: the STM32F746 and the Nucleo board).
 */
export interface MemoryRegionSpec {
  name: string;
  base: number;
  size: number;
  kind: 'ram' | 'rom';
  /** Another region whose storage this one shows (the flash's ITCM alias). */
  aliasOf?: string;
}

export const STM32F746_MEMORY: readonly MemoryRegionSpec[] = [
  { name: 'ITCM RAM', base: 0x0000_0000, size: 16 * 1024, kind: 'ram' },
  { name: 'Flash (AXIM)', base: 0x0800_0000, size: 1024 * 1024, kind: 'rom' },
  // The ITCM interface to the same flash; read-only in hardware.
  {
    name: 'Flash (ITCM)',
    base: 0x0020_0000,
    size: 1024 * 1024,
    kind: 'rom',
    aliasOf: 'Flash (AXIM)',
  },
  { name: 'DTCM RAM', base: 0x2000_0000, size: 64 * 1024, kind: 'ram' },
  { name: 'SRAM1', base: 0x2001_0000, size: 240 * 1024, kind: 'ram' },
  { name: 'SRAM2', base: 0x2004_c000, size: 16 * 1024, kind: 'ram' },
  { name: 'Backup SRAM', base: 0x4002_4000, size: 4 * 1024, kind: 'ram' },
];

/** BOOT_ADD0's factory value 0x0080 << 14: flash through the ITCM interface. */
export const DEFAULT_BOOT_ADDRESS = 0x0020_0000;
/** One past the last byte of SRAM2: where a raw image's stack starts. */
export const SRAM_TOP = 0x2005_0000;

/** External interrupt lines (IRQ 0-97; RM0385 table 40, ../shared/reference section 4). */
export const IRQ_COUNT = 98;
/** `__NVIC_PRIO_BITS`: only priority bits [7:4] exist. */
export const NVIC_PRIORITY_BITS = 4;
/** The HSI oscillator, SYSCLK after reset (RM0385 5.2.2). */
export const HSI_HZ = 16_000_000;

/** Which model serves a peripheral; anything else is a named placeholder. */
export type PeripheralModel =
  'rcc' | 'pwr' | 'flash' | 'gpio' | 'syscfg' | 'exti' | 'usart' | 'timer' | 'dbgmcu';

export type Bus = 'AHB1' | 'AHB2' | 'AHB3' | 'APB1' | 'APB2' | 'PPB';

export interface PeripheralSpec {
  name: string;
  base: number;
  size: number;
  bus: Bus;
  /** Its clock enable: RCC register and bit (RM0385 5.3.10-5.3.14). */
  enable?: { register: 'AHB1ENR' | 'AHB2ENR' | 'AHB3ENR' | 'APB1ENR' | 'APB2ENR'; bit: number };
  /** Its interrupt lines by name. */
  irqs?: Record<string, number>;
  model?: PeripheralModel;
}

const KB = 1024;
const p = (
  name: string,
  base: number,
  bus: Bus,
  enable: PeripheralSpec['enable'],
  irqs: Record<string, number> | undefined,
  model?: PeripheralModel,
  size = KB,
): PeripheralSpec => ({ name, base, size, bus, enable, irqs, model });
const ahb1 = (bit: number) => ({ register: 'AHB1ENR' as const, bit });
const ahb2 = (bit: number) => ({ register: 'AHB2ENR' as const, bit });
const ahb3 = (bit: number) => ({ register: 'AHB3ENR' as const, bit });
const apb1 = (bit: number) => ({ register: 'APB1ENR' as const, bit });
const apb2 = (bit: number) => ({ register: 'APB2ENR' as const, bit });

/**
 * The STM32F746's peripherals (RM0385 2.2.2, table 1; interrupts from table 40; both checked in
 * ../shared/reference sections 2 and 4), one line each: name, base, bus, clock enable, IRQs.
 */
export const STM32F746_PERIPHERALS: readonly PeripheralSpec[] = [
  // APB1
  p('TIM2', 0x4000_0000, 'APB1', apb1(0), { global: 28 }, 'timer'),
  p('TIM3', 0x4000_0400, 'APB1', apb1(1), { global: 29 }, 'timer'),
  p('TIM4', 0x4000_0800, 'APB1', apb1(2), { global: 30 }, 'timer'),
  p('TIM5', 0x4000_0c00, 'APB1', apb1(3), { global: 50 }, 'timer'),
  p('TIM6', 0x4000_1000, 'APB1', apb1(4), { global: 54 }, 'timer'),
  p('TIM7', 0x4000_1400, 'APB1', apb1(5), { global: 55 }, 'timer'),
  p('TIM12', 0x4000_1800, 'APB1', apb1(6), { global: 43 }, 'timer'),
  p('TIM13', 0x4000_1c00, 'APB1', apb1(7), { global: 44 }, 'timer'),
  p('TIM14', 0x4000_2000, 'APB1', apb1(8), { global: 45 }, 'timer'),
  p('LPTIM1', 0x4000_2400, 'APB1', apb1(9), { global: 93 }),
  p('RTC', 0x4000_2800, 'APB1', undefined, { wakeup: 3, alarm: 41 }),
  p('WWDG', 0x4000_2c00, 'APB1', apb1(11), { global: 0 }),
  p('IWDG', 0x4000_3000, 'APB1', undefined, undefined),
  p('SPI2', 0x4000_3800, 'APB1', apb1(14), { global: 36 }),
  p('SPI3', 0x4000_3c00, 'APB1', apb1(15), { global: 51 }),
  p('SPDIFRX', 0x4000_4000, 'APB1', apb1(16), { global: 97 }),
  p('USART2', 0x4000_4400, 'APB1', apb1(17), { global: 38 }, 'usart'),
  p('USART3', 0x4000_4800, 'APB1', apb1(18), { global: 39 }, 'usart'),
  p('UART4', 0x4000_4c00, 'APB1', apb1(19), { global: 52 }, 'usart'),
  p('UART5', 0x4000_5000, 'APB1', apb1(20), { global: 53 }, 'usart'),
  p('I2C1', 0x4000_5400, 'APB1', apb1(21), { event: 31, error: 32 }),
  p('I2C2', 0x4000_5800, 'APB1', apb1(22), { event: 33, error: 34 }),
  p('I2C3', 0x4000_5c00, 'APB1', apb1(23), { event: 72, error: 73 }),
  p('I2C4', 0x4000_6000, 'APB1', apb1(24), { event: 95, error: 96 }),
  p('CAN1', 0x4000_6400, 'APB1', apb1(25), { tx: 19, rx0: 20, rx1: 21, sce: 22 }),
  p('CAN2', 0x4000_6800, 'APB1', apb1(26), { tx: 63, rx0: 64, rx1: 65, sce: 66 }),
  p('CEC', 0x4000_6c00, 'APB1', apb1(27), { global: 94 }),
  p('PWR', 0x4000_7000, 'APB1', apb1(28), { pvd: 1 }, 'pwr'),
  p('DAC', 0x4000_7400, 'APB1', apb1(29), { global: 54 }),
  p('UART7', 0x4000_7800, 'APB1', apb1(30), { global: 82 }, 'usart'),
  p('UART8', 0x4000_7c00, 'APB1', apb1(31), { global: 83 }, 'usart'),
  // APB2
  p('TIM1', 0x4001_0000, 'APB2', apb2(0), { brk: 24, up: 25, trg: 26, cc: 27 }, 'timer'),
  p('TIM8', 0x4001_0400, 'APB2', apb2(1), { brk: 43, up: 44, trg: 45, cc: 46 }, 'timer'),
  p('USART1', 0x4001_1000, 'APB2', apb2(4), { global: 37 }, 'usart'),
  p('USART6', 0x4001_1400, 'APB2', apb2(5), { global: 71 }, 'usart'),
  p('ADC', 0x4001_2000, 'APB2', apb2(8), { global: 18 }),
  p('SDMMC1', 0x4001_2c00, 'APB2', apb2(11), { global: 49 }),
  p('SPI1', 0x4001_3000, 'APB2', apb2(12), { global: 35 }),
  p('SPI4', 0x4001_3400, 'APB2', apb2(13), { global: 84 }),
  p('SYSCFG', 0x4001_3800, 'APB2', apb2(14), undefined, 'syscfg'),
  p(
    'EXTI',
    0x4001_3c00,
    'APB2',
    undefined,
    { exti0: 6, exti1: 7, exti2: 8, exti3: 9, exti4: 10, exti9_5: 23, exti15_10: 40 },
    'exti',
  ),
  p('TIM9', 0x4001_4000, 'APB2', apb2(16), { global: 24 }, 'timer'),
  p('TIM10', 0x4001_4400, 'APB2', apb2(17), { global: 25 }, 'timer'),
  p('TIM11', 0x4001_4800, 'APB2', apb2(18), { global: 26 }, 'timer'),
  p('SPI5', 0x4001_5000, 'APB2', apb2(20), { global: 85 }),
  p('SPI6', 0x4001_5400, 'APB2', apb2(21), { global: 86 }),
  p('SAI1', 0x4001_5800, 'APB2', apb2(22), { global: 87 }),
  p('SAI2', 0x4001_5c00, 'APB2', apb2(23), { global: 91 }),
  p('LTDC', 0x4001_6800, 'APB2', apb2(26), { global: 88, error: 89 }),
  // AHB1
  p('GPIOA', 0x4002_0000, 'AHB1', ahb1(0), undefined, 'gpio'),
  p('GPIOB', 0x4002_0400, 'AHB1', ahb1(1), undefined, 'gpio'),
  p('GPIOC', 0x4002_0800, 'AHB1', ahb1(2), undefined, 'gpio'),
  p('GPIOD', 0x4002_0c00, 'AHB1', ahb1(3), undefined, 'gpio'),
  p('GPIOE', 0x4002_1000, 'AHB1', ahb1(4), undefined, 'gpio'),
  p('GPIOF', 0x4002_1400, 'AHB1', ahb1(5), undefined, 'gpio'),
  p('GPIOG', 0x4002_1800, 'AHB1', ahb1(6), undefined, 'gpio'),
  p('GPIOH', 0x4002_1c00, 'AHB1', ahb1(7), undefined, 'gpio'),
  p('GPIOI', 0x4002_2000, 'AHB1', ahb1(8), undefined, 'gpio'),
  p('GPIOJ', 0x4002_2400, 'AHB1', ahb1(9), undefined, 'gpio'),
  p('GPIOK', 0x4002_2800, 'AHB1', ahb1(10), undefined, 'gpio'),
  p('CRC', 0x4002_3000, 'AHB1', ahb1(12), undefined),
  p('RCC', 0x4002_3800, 'AHB1', undefined, { global: 5 }, 'rcc'),
  p('FLASH', 0x4002_3c00, 'AHB1', undefined, { global: 4 }, 'flash'),
  p('DMA1', 0x4002_6000, 'AHB1', ahb1(21), { stream0: 11, stream7: 47 }),
  p('DMA2', 0x4002_6400, 'AHB1', ahb1(22), { stream0: 56, stream7: 70 }),
  p('ETH', 0x4002_8000, 'AHB1', ahb1(25), { global: 61 }, undefined, 8 * KB),
  p('DMA2D', 0x4002_b000, 'AHB1', ahb1(23), { global: 90 }, undefined, 3 * KB),
  p('USB_OTG_HS', 0x4004_0000, 'AHB1', ahb1(29), { global: 77 }, undefined, 256 * KB),
  // AHB2
  p('USB_OTG_FS', 0x5000_0000, 'AHB2', ahb2(7), { global: 67 }, undefined, 256 * KB),
  p('DCMI', 0x5005_0000, 'AHB2', ahb2(0), { global: 78 }),
  p('RNG', 0x5006_0800, 'AHB2', ahb2(6), { global: 80 }),
  // AHB3
  p('FMC', 0xa000_0000, 'AHB3', ahb3(0), { global: 48 }, undefined, 4 * KB),
  p('QUADSPI', 0xa000_1000, 'AHB3', ahb3(1), { global: 92 }, undefined, 4 * KB),
  // The debug MCU block sits on the PPB, after the core's own registers.
  p('DBGMCU', 0xe004_2000, 'PPB', undefined, undefined, 'dbgmcu'),
];

// --- Timer and U(S)ART pins ----------------------------------------------------------------

/** A pin that a peripheral's signal reaches through an alternate function (AF0-AF15). */
export interface AlternatePin {
  port: string;
  pin: number;
  af: number;
}

const af = (n: number, ...names: string[]): AlternatePin[] =>
  names.map((name) => ({ port: name[1], pin: Number(name.slice(2)), af: n }));

/** The pins of a timer's channels: CH1-CH4 and, on TIM1/TIM8, CH1N-CH3N. */
export interface TimerPins {
  channels: readonly AlternatePin[][];
  complementary?: readonly AlternatePin[][];
}

/**
 * Where each timer channel and each U(S)ART's TX comes out on the STM32F746 (every port, as on
 * the 208- and 216-pin packages), with the alternate function that selects it: the datasheet's
 * alternate-function table (DS10916 table 12) as ST's pin data lists it, in
 * zephyrproject-rtos/hal_stm32 dts/st/f7/stm32f746b(e-g)tx-pinctrl.dtsi.
 */
export const STM32F746_TIMER_PINS: Record<string, TimerPins> = {
  TIM1: {
    channels: [
      af(1, 'PA8', 'PE9'),
      af(1, 'PA9', 'PE11'),
      af(1, 'PA10', 'PE13'),
      af(1, 'PA11', 'PE14'),
    ],
    complementary: [
      af(1, 'PA7', 'PB13', 'PE8'),
      af(1, 'PB0', 'PB14', 'PE10'),
      af(1, 'PB1', 'PB15', 'PE12'),
    ],
  },
  TIM2: {
    channels: [
      af(1, 'PA0', 'PA5', 'PA15'),
      af(1, 'PA1', 'PB3'),
      af(1, 'PA2', 'PB10'),
      af(1, 'PA3', 'PB11'),
    ],
  },
  TIM3: {
    channels: [
      af(2, 'PA6', 'PB4', 'PC6'),
      af(2, 'PA7', 'PB5', 'PC7'),
      af(2, 'PB0', 'PC8'),
      af(2, 'PB1', 'PC9'),
    ],
  },
  TIM4: {
    channels: [
      af(2, 'PB6', 'PD12'),
      af(2, 'PB7', 'PD13'),
      af(2, 'PB8', 'PD14'),
      af(2, 'PB9', 'PD15'),
    ],
  },
  TIM5: {
    channels: [
      af(2, 'PA0', 'PH10'),
      af(2, 'PA1', 'PH11'),
      af(2, 'PA2', 'PH12'),
      af(2, 'PA3', 'PI0'),
    ],
  },
  TIM8: {
    channels: [af(3, 'PC6', 'PI5'), af(3, 'PC7', 'PI6'), af(3, 'PC8', 'PI7'), af(3, 'PC9', 'PI2')],
    complementary: [
      af(3, 'PA5', 'PA7', 'PH13'),
      af(3, 'PB0', 'PB14', 'PH14'),
      af(3, 'PB1', 'PB15', 'PH15'),
    ],
  },
  TIM9: { channels: [af(3, 'PA2', 'PE5'), af(3, 'PA3', 'PE6')] },
  TIM10: { channels: [af(3, 'PB8', 'PF6')] },
  TIM11: { channels: [af(3, 'PB9', 'PF7')] },
  TIM12: { channels: [af(9, 'PB14', 'PH6'), af(9, 'PB15', 'PH9')] },
  TIM13: { channels: [af(9, 'PA6', 'PF8')] },
  TIM14: { channels: [af(9, 'PA7', 'PF9')] },
};

/** Each U(S)ART's TX pins (the same source). */
export const STM32F746_USART_TX_PINS: Record<string, readonly AlternatePin[]> = {
  USART1: af(7, 'PA9', 'PB6'),
  USART2: af(7, 'PA2', 'PD5'),
  USART3: af(7, 'PB10', 'PC10', 'PD8'),
  UART4: af(8, 'PA0', 'PC10'),
  UART5: af(8, 'PC12'),
  USART6: af(8, 'PC6', 'PG14'),
  UART7: af(8, 'PE8', 'PF7'),
  UART8: af(8, 'PE1'),
};

/** Per-port GPIO reset values that differ from zero: the debug pins (RM0385 6.4.1-6.4.4). */
export const GPIO_RESET: Record<string, { moder: number; ospeedr: number; pupdr: number }> = {
  A: { moder: 0xa800_0000, ospeedr: 0x0000_0000, pupdr: 0x6400_0000 },
  B: { moder: 0x0000_0280, ospeedr: 0x0000_00c0, pupdr: 0x0000_0100 },
};

/** DBGMCU_IDCODE: DEV_ID 0x449 (STM32F74x/75x); REV_ID 0x1001 (revision Z). */
export const DBGMCU_IDCODE = 0x1001_0449;

// --- The STM32F746 as one ChipSpec (chip-spec.ts): the constants above, and its Cortex-M7.
import { CORTEX_M7_R0P1 } from '../cpu/scs/scb.ts';
import type { ChipSpec } from './chip-spec.ts';

export const STM32F746: ChipSpec = {
  name: 'STM32F746',
  memory: STM32F746_MEMORY,
  peripherals: STM32F746_PERIPHERALS,
  irqCount: IRQ_COUNT,
  nvicPriorityBits: NVIC_PRIORITY_BITS,
  hsiHz: HSI_HZ,
  gpioReset: GPIO_RESET,
  dbgmcuIdcode: DBGMCU_IDCODE,
  // r0p1 with 4 KB caches, 16 KB ITCM and 64 KB DTCM.
  core: CORTEX_M7_R0P1,
  // FPv5-SP-D16: single precision only (../shared/reference section 5.5).
  fpDoublePrecision: false,
  defaultBootAddress: DEFAULT_BOOT_ADDRESS,
  sramTop: SRAM_TOP,
};
