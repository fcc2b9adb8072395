/**
 * Boards as data: the part they carry, and what is wired to its pins and clocks
 * (../shared/reference section 7).
 */
import type { ChipSpec } from './chip-spec.ts';
import { STM32F746 } from './stm32f746.ts';
import { STM32F767 } from './stm32f767.ts';

export interface LedSpec {
  name: string;
  color: 'green' | 'blue' | 'red' | 'yellow';
  port: string;
  pin: number;
  /** Lit when the pin is high. */
  activeHigh: boolean;
}

export interface ButtonSpec {
  name: string;
  port: string;
  pin: number;
  /** The pin reads high while the button is pressed. */
  activeHigh: boolean;
}

export interface BoardSpec {
  name: string;
  /** The microcontroller on the board. */
  chip: ChipSpec;
  /** The HSE input in Hz and whether it is an external clock (HSEBYP) rather than a crystal. */
  hseHz: number;
  hseBypass: boolean;
  leds: readonly LedSpec[];
  buttons: readonly ButtonSpec[];
  /** The U(S)ART wired to the ST-LINK's virtual COM port, and its pins. */
  console: { usart: string; tx: string; rx: string };
}

export const NUCLEO_F746ZG: BoardSpec = {
  name: 'NUCLEO-F746ZG',
  chip: STM32F746,
  hseHz: 8_000_000,
  hseBypass: true,
  leds: [
    { name: 'LD1', color: 'green', port: 'B', pin: 0, activeHigh: true },
    { name: 'LD2', color: 'blue', port: 'B', pin: 7, activeHigh: true },
    { name: 'LD3', color: 'red', port: 'B', pin: 14, activeHigh: true },
  ],
  buttons: [{ name: 'B1', port: 'C', pin: 13, activeHigh: true }],
  console: { usart: 'USART3', tx: 'PD8', rx: 'PD9' },
};

export const STM32F746G_DISCO: BoardSpec = {
  name: 'STM32F746G-DISCO',
  chip: STM32F746,
  hseHz: 25_000_000,
  hseBypass: false,
  leds: [{ name: 'LD1', color: 'green', port: 'I', pin: 1, activeHigh: true }],
  buttons: [{ name: 'B1', port: 'I', pin: 11, activeHigh: true }],
  console: { usart: 'USART1', tx: 'PA9', rx: 'PB7' },
};

/**
 * The NUCLEO-F767ZI: the same Nucleo-144 board (ST's UM1974 covers both) around an STM32F767:
 * LD1-LD3 on PB0, PB7, PB14, B1 on PC13 (high when pressed, as NuttX's nucleo-f767zi.h says;
 * Zephyr's nucleo_f767zi.dts marks it active low, unlike its F746ZG file for the same board),
 * USART3 on PD8/PD9 for the ST-LINK, its 8 MHz MCO as HSE bypass (Zephyr's nucleo_f767zi.dts).
 */
export const NUCLEO_F767ZI: BoardSpec = {
  ...NUCLEO_F746ZG,
  name: 'NUCLEO-F767ZI',
  chip: STM32F767,
};

export const BOARDS: Record<string, BoardSpec> = {
  'nucleo-f746zg': NUCLEO_F746ZG,
  'nucleo-f767zi': NUCLEO_F767ZI,
  'stm32f746g-disco': STM32F746G_DISCO,
};
