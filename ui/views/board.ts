/**
 * The board pane: the Nucleo's LEDs lit or dark, the user button, the clock tree the RCC set
 * (SYSCLK and its source, HCLK, PCLK1/2) and the emulated time.
 */
import type { Machine } from '../../chip/machine.ts';
import { RCC_CFGR } from '../../peripherals/rcc.ts';
import { formatHz, formatSeconds, span, type Line, type Style } from '../text.ts';
import { fitRows } from './registers.ts';

const LED_STYLE: Record<string, Style> = {
  green: 'led-green',
  blue: 'led-blue',
  red: 'led-red',
  yellow: 'led-yellow',
};

/** The key that presses each button. */
const BUTTON_KEYS: Record<string, string> = { B1: '1' };

/** SYSCLK's source from RCC_CFGR.SWS (RM0385 5.3.3). */
export function sysclkSource(machine: Machine): string {
  const sws = (machine.chip.rcc.read(RCC_CFGR, 4) >>> 2) & 3;
  return ['HSI', 'HSE', 'PLL', '?'][sws];
}

/** MHz without the unit, for the compact line: 16, 216, 13.5. */
const mhz = (hz: number) => String(+(hz / 1e6).toFixed(3));

export interface BoardInput {
  machine: Machine;
  /** Whether each button is held now. */
  pressed: (name: string) => boolean;
  width: number;
  height: number;
}

export function boardView(input: BoardInput): Line[] {
  const { machine, pressed, width, height } = input;
  const board = machine.board;
  const rcc = machine.chip.rcc;
  const rows: { line: Line; priority: number }[] = [];
  rows.push({ line: [span(board.name, 'heading')], priority: 3 });
  for (const led of board.leds) {
    const lit = machine.chip.ledLit(led.name);
    const style = lit ? LED_STYLE[led.color] : undefined;
    rows.push({
      line: [
        span(lit ? ' ● ' : ' ○ ', style),
        span(' '),
        span(`${led.name} ${lit ? 'on ' : 'off'}`, lit ? 'set' : undefined),
        span(` ${led.color}`),
      ],
      priority: 10,
    });
  }
  for (const button of board.buttons) {
    const down = pressed(button.name);
    const key = BUTTON_KEYS[button.name];
    rows.push({
      line: [
        span(down ? '[▼]' : '[ ]', down ? 'pressed' : undefined),
        span(' '),
        span(`${button.name} ${down ? 'pressed' : 'up'}`, down ? 'set' : undefined),
        span(key === undefined ? '' : `  key ${key}`),
      ],
      priority: 9,
    });
  }
  rows.push({
    line: [span(`SYSCLK ${formatHz(rcc.sysclkHz)} ${sysclkSource(machine)}`)],
    priority: 8,
  });
  const compact = `HCLK ${mhz(rcc.hclkHz)} APB ${mhz(rcc.pclk1Hz)}/${mhz(rcc.pclk2Hz)} MHz`;
  if (width >= 30 && height >= board.leds.length + board.buttons.length + 5) {
    rows.push({ line: [span(`HCLK   ${formatHz(rcc.hclkHz)}`)], priority: 6 });
    rows.push({
      line: [span(`PCLK1  ${formatHz(rcc.pclk1Hz)}  PCLK2 ${formatHz(rcc.pclk2Hz)}`)],
      priority: 5,
    });
  } else {
    rows.push({ line: [span(compact)], priority: 6 });
  }
  rows.push({ line: [span(`time   ${formatSeconds(machine.seconds)}`)], priority: 7 });
  return fitRows(rows, height);
}
