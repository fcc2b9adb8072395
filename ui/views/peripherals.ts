/**
 * The peripheral pane, one of three pages: a GPIO port decoded pin by pin (RM0385 6.4: MODER as
 * input/output/alternate/analog, OTYPER, PUPDR, ODR, IDR, AFR), the RCC's clocks and enables
 * (RM0385 5.3), and the NVIC's enabled, pending and active interrupts (ARMv7-M ARM B3.4).
 * Registers are read from the models directly: no clock-gate diagnostics, no side effects.
 */
import type { Machine } from '../../chip/machine.ts';
import { FIRST_IRQ } from '../../cpu/exceptions.ts';
import {
  GPIO_AFRH,
  GPIO_AFRL,
  GPIO_IDR,
  GPIO_MODER,
  GPIO_ODR,
  GPIO_OTYPER,
  GPIO_PUPDR,
} from '../../peripherals/gpio.ts';
import {
  RCC_AHB1ENR,
  RCC_AHB2ENR,
  RCC_AHB3ENR,
  RCC_APB1ENR,
  RCC_APB2ENR,
} from '../../peripherals/rcc.ts';
import { formatHz, hex8, hexN, span, type Line } from '../text.ts';
import { sysclkSource } from './board.ts';
import { exceptionLabel } from './names.ts';

export type PeripheralPage = 'gpio' | 'rcc' | 'nvic';
export const PERIPHERAL_PAGES: PeripheralPage[] = ['gpio', 'rcc', 'nvic'];

const ENABLE_OFFSET = {
  AHB1ENR: RCC_AHB1ENR,
  AHB2ENR: RCC_AHB2ENR,
  AHB3ENR: RCC_AHB3ENR,
  APB1ENR: RCC_APB1ENR,
  APB2ENR: RCC_APB2ENR,
};

export interface PeripheralsInput {
  machine: Machine;
  page: PeripheralPage;
  /** The GPIO port shown: 'A'...'K'. */
  port: string;
  width: number;
  height: number;
}

export function peripheralsView(input: PeripheralsInput): Line[] {
  const lines =
    input.page === 'gpio'
      ? gpioLines(input)
      : input.page === 'rcc'
        ? rccLines(input)
        : nvicLines(input);
  return lines.slice(0, input.height);
}

/** Whether a peripheral's RCC clock enable is set (or it has none). */
function clocked(machine: Machine, name: string): boolean {
  const spec = machine.board.chip.peripherals.find((s) => s.name === name);
  if (spec?.enable === undefined) return true;
  return machine.chip.rcc.enabled(ENABLE_OFFSET[spec.enable.register], spec.enable.bit);
}

const PIN_HEADER = '0123456789abcdef';

function gpioLines({ machine, port }: PeripheralsInput): Line[] {
  const gpio = machine.chip.gpio[port];
  if (gpio === undefined) return [[span(`no GPIO port ${port}`)]];
  const reg = (offset: number) => gpio.read(offset, 4) >>> 0;
  const moder = reg(GPIO_MODER);
  const otyper = reg(GPIO_OTYPER);
  const pupdr = reg(GPIO_PUPDR);
  const odr = reg(GPIO_ODR);
  const idr = reg(GPIO_IDR);
  const afr = (pin: number) => (reg(pin < 8 ? GPIO_AFRL : GPIO_AFRH) >>> (4 * (pin & 7))) & 0xf;
  const perPin = (f: (pin: number) => string) => {
    let s = '';
    for (let pin = 0; pin < 16; pin++) s += f(pin);
    return s;
  };
  const mode = (pin: number) => (moder >>> (2 * pin)) & 3;
  const clock = clocked(machine, `GPIO${port}`);
  const lines: Line[] = [
    [
      span(`GPIO${port}`, 'heading'),
      span(clock ? '  clock on' : '  clock off ', clock ? undefined : 'error'),
      span(clock ? '' : `(RCC_AHB1ENR.GPIO${port}EN = 0)`),
    ],
    [span(`pin  ${PIN_HEADER}`)],
    [span(`mode ${perPin((p) => 'IOFA'[mode(p)])}`)],
    [
      span(
        `type ${perPin((p) => (mode(p) === 1 || mode(p) === 2 ? ((otyper >>> p) & 1 ? 'D' : 'P') : '.'))}`,
      ),
    ],
    [span(`pull ${perPin((p) => '.UD?'[(pupdr >>> (2 * p)) & 3])}`)],
    [span(`af   ${perPin((p) => (mode(p) === 2 ? afr(p).toString(16) : '.'))}`)],
    [span('out  '), ...bitSpans(odr, (p) => mode(p) === 1)],
    [span('in   '), ...bitSpans(idr, () => true)],
    [span('I in  O out  F alt fn  A analog  P push-pull  D open drain  U/D pull up/down')],
    [span(`MODER ${hex8(moder)}  ODR ${hexN(odr, 4)}  IDR ${hexN(idr, 4)}`)],
    [span(`PUPDR ${hex8(pupdr)}  OTYPER ${hexN(otyper, 4)}  [ ] other port`)],
  ];
  return lines;
}

/** One character per pin, the pins where `strong` holds and the bit is set highlighted. */
function bitSpans(value: number, strong: (pin: number) => boolean) {
  const out = [];
  for (let pin = 0; pin < 16; pin++) {
    const bit = (value >>> pin) & 1;
    out.push(span(String(bit), bit === 1 && strong(pin) ? 'set' : undefined));
  }
  return out;
}

function rccLines({ machine, width }: PeripheralsInput): Line[] {
  const rcc = machine.chip.rcc;
  const lines: Line[] = [
    [span(`SYSCLK ${formatHz(rcc.sysclkHz)} from ${sysclkSource(machine)}`, 'heading')],
    [span(`PLL    ${rcc.pllHz === 0 ? 'off' : formatHz(rcc.pllHz)}`)],
    [span(`HCLK   ${formatHz(rcc.hclkHz)} (AHB, core)`)],
    [span(`PCLK1  ${formatHz(rcc.pclk1Hz)} (APB1)  timers ${formatHz(rcc.timclk1Hz)}`)],
    [span(`PCLK2  ${formatHz(rcc.pclk2Hz)} (APB2)  timers ${formatHz(rcc.timclk2Hz)}`)],
    [span('clocks on:', 'heading')],
  ];
  const on = machine.board.chip.peripherals
    .filter((s) => s.enable !== undefined && clocked(machine, s.name))
    .map((s) => s.name);
  if (on.length === 0) lines.push([span('  none')]);
  let row = ' ';
  for (const name of on) {
    if (row.length + name.length + 1 > width && row.trim() !== '') {
      lines.push([span(row)]);
      row = ' ';
    }
    row += ` ${name}`;
  }
  if (row.trim() !== '') lines.push([span(row)]);
  return lines;
}

function nvicLines({ machine }: PeripheralsInput): Line[] {
  const ex = machine.exceptions;
  const lines: Line[] = [[span('exception              en pend act  prio', 'heading')]];
  let any = false;
  for (let n = 1; n < ex.count; n++) {
    const irq = n >= FIRST_IRQ;
    const enabled = irq && ex.enabled[n] === 1;
    if (!enabled && ex.pending[n] === 0 && ex.active[n] === 0) continue;
    any = true;
    const mark = (on: boolean, text: string) =>
      span(on ? text : '.'.padEnd(text.length), on ? 'set' : undefined);
    const priority = ex.priorityOf(n);
    lines.push([
      span(exceptionLabel(n).slice(0, 22).padEnd(23)),
      mark(enabled || !irq, irq ? 'en' : '- '),
      span(' '),
      mark(ex.pending[n] === 1, 'pend'),
      span(' '),
      mark(ex.active[n] === 1, 'act'),
      span(`  ${priority < 0 ? String(priority) : `0x${hexN(priority, 2)}`}`),
    ]);
  }
  if (!any) lines.push([span('no interrupt enabled, pending or active')]);
  lines.push([
    span(
      `PRIMASK ${machine.cpu.primask}  BASEPRI 0x${hexN(machine.cpu.basepri, 2)}  VTOR ${hex8(ex.vtor)}`,
    ),
  ]);
  return lines;
}
