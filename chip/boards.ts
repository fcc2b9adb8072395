/**
 * Boards as data: what is wired to the chip's pins and clocks (../shared/reference section 7).
 */
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
  hseHz: 25_000_000,
  hseBypass: false,
  leds: [{ name: 'LD1', color: 'green', port: 'I', pin: 1, activeHigh: true }],
  buttons: [{ name: 'B1', port: 'I', pin: 11, activeHigh: true }],
  console: { usart: 'USART1', tx: 'PA9', rx: 'PB7' },
};

export const BOARDS: Record<string, BoardSpec> = {
  'nucleo-f746zg': NUCLEO_F746ZG,
  'stm32f746g-disco': STM32F746G_DISCO,
};
