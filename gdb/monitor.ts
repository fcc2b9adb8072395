/**
 * `monitor` commands (qRcmd): what OpenOCD users type to a Nucleo board, answered from the
 * machine: reset, halt, the fault registers decoded, the LEDs and the clock tree.
 */
import type { Machine } from '../chip/machine.ts';
import {
  CFSR_BIT,
  exceptionName,
  HFSR_DEBUGEVT,
  HFSR_FORCED,
  HFSR_VECTTBL,
} from '../cpu/exceptions.ts';
import { FAULT_TEXT } from '../cpu/hooks.ts';
import { MODE_INPUT, MODE_OUTPUT } from '../peripherals/gpio.ts';
import { RCC_CFGR, RCC_PLLCFGR } from '../peripherals/rcc.ts';

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

export const MONITOR_HELP = `Loom's monitor commands:
  monitor reset         reset the chip; the core starts when you continue
  monitor reset halt    reset the chip and keep the core halted at the reset vector
  monitor halt          say where the core is halted
  monitor faults        the fault status registers (CFSR, HFSR, MMFAR, BFAR) decoded
  monitor leds          the board's user LEDs, on or off
  monitor clocks        the clock tree: SYSCLK, its source, the bus clocks
  monitor help          this text
After a reset, GDB still shows the registers it read before: type
\`maintenance flush register-cache\` (or \`flushregs\`).
`;

/** What each CFSR and HFSR bit means, for the bits the core's fault kinds do not describe. */
const MORE_TEXT: Record<string, string> = {
  MUNSTKERR: 'MemManage on unstacking for an exception return',
  MSTKERR: 'MemManage on stacking for an exception entry',
  MLSPERR: 'MemManage during lazy FP state preservation',
  MMARVALID: 'MMFAR holds the faulting address',
  IMPRECISERR: 'imprecise data bus error',
  UNSTKERR: 'bus error on unstacking for an exception return',
  STKERR: 'bus error on stacking for an exception entry',
  LSPERR: 'bus error during lazy FP state preservation',
  BFARVALID: 'BFAR holds the faulting address',
};

const GROUPS: { name: string; register: string; shift: number; bits: string[] }[] = [
  {
    name: 'MemManage',
    register: 'MMFSR',
    shift: 0,
    bits: ['IACCVIOL', 'DACCVIOL', 'MUNSTKERR', 'MSTKERR', 'MLSPERR', 'MMARVALID'],
  },
  {
    name: 'BusFault',
    register: 'BFSR',
    shift: 8,
    bits: ['IBUSERR', 'PRECISERR', 'IMPRECISERR', 'UNSTKERR', 'STKERR', 'LSPERR', 'BFARVALID'],
  },
  {
    name: 'UsageFault',
    register: 'UFSR',
    shift: 16,
    bits: ['UNDEFINSTR', 'INVSTATE', 'INVPC', 'NOCP', 'UNALIGNED', 'DIVBYZERO'],
  },
];

function bitText(name: string): string {
  return (FAULT_TEXT as Record<string, string>)[name] ?? MORE_TEXT[name] ?? name;
}

/** The fault status registers in words (ARMv7-M ARM B3.2.15-B3.2.18). */
export function describeFaults(machine: Machine): string {
  const e = machine.exceptions;
  const lines: string[] = [];
  for (const g of GROUPS) {
    const set = g.bits.filter((b) => (e.cfsr & CFSR_BIT[b]) !== 0);
    const value = (e.cfsr >>> g.shift) & (g.shift === 16 ? 0xffff : 0xff);
    if (set.length === 0) {
      lines.push(`${g.name}: none (CFSR.${g.register} 0x${value.toString(16)})`);
      continue;
    }
    lines.push(`${g.name}: CFSR.${g.register} 0x${value.toString(16)}`);
    for (const b of set) lines.push(`  ${b}: ${bitText(b)}`);
    if (g.name === 'MemManage' && (e.cfsr & CFSR_BIT.MMARVALID) !== 0)
      lines.push(`  MMFAR ${hex(e.mmfar)}: the address of the access`);
    if (g.name === 'BusFault' && (e.cfsr & CFSR_BIT.BFARVALID) !== 0)
      lines.push(`  BFAR ${hex(e.bfar)}: the address of the access`);
  }
  const h: string[] = [];
  if (e.hfsr & HFSR_FORCED) h.push('FORCED: a configurable fault escalated to HardFault');
  if (e.hfsr & HFSR_VECTTBL) h.push('VECTTBL: a vector table read failed');
  if (e.hfsr & HFSR_DEBUGEVT) h.push('DEBUGEVT: a debug event');
  lines.push(
    h.length === 0 ? `HardFault: none (HFSR ${hex(e.hfsr)})` : `HardFault: HFSR ${hex(e.hfsr)}`,
  );
  for (const t of h) lines.push(`  ${t}`);
  const cpu = machine.cpu;
  lines.push(
    cpu.ipsr === 0
      ? 'The core is in Thread mode.'
      : `The core is in Handler mode: ${exceptionName(cpu.ipsr)} (IPSR ${cpu.ipsr}).`,
  );
  return lines.join('\n') + '\n';
}

const MODE_NAMES = ['input', 'output', 'alternate function', 'analog'];

/** The board's user LEDs, lit or not, from the GPIO pins they hang on. */
export function describeLeds(machine: Machine): string {
  const chip = machine.chip;
  const lines = [`${chip.board.name} user LEDs:`];
  for (const led of chip.board.leds) {
    const pin = `P${led.port}${led.pin}`;
    const port = chip.gpio[led.port];
    const mode = port === undefined ? MODE_INPUT : port.mode(led.pin);
    const state = chip.ledLit(led.name) ? 'on' : 'off';
    const why = mode === MODE_OUTPUT ? '' : ` (${pin} is ${MODE_NAMES[mode]}, not an output)`;
    lines.push(`  ${led.name} ${led.color.padEnd(5)} ${pin.padEnd(4)}  ${state}${why}`);
  }
  return lines.join('\n') + '\n';
}

const mhz = (hz: number) => `${+(hz / 1e6).toFixed(3)} MHz`;

/** The clock tree as the RCC has set it (RM0385 5.2, figure 13). */
export function describeClocks(machine: Machine): string {
  const rcc = machine.chip.rcc;
  const cfgr = rcc.read(RCC_CFGR, 4);
  const source = ['HSI', 'HSE', 'PLL', '?'][(cfgr >>> 2) & 3];
  const lines: string[] = [];
  if (source === 'PLL') {
    const pll = rcc.pll();
    const input = (rcc.read(RCC_PLLCFGR, 4) >>> 22) & 1 ? 'HSE' : 'HSI';
    lines.push(
      `SYSCLK  ${mhz(rcc.sysclkHz)} from the PLL: ${input} ${mhz(pll.inputHz * pll.m)} ` +
        `/ M ${pll.m} * N ${pll.n} / P ${pll.p}`,
    );
  } else {
    lines.push(`SYSCLK  ${mhz(rcc.sysclkHz)} from the ${source} oscillator`);
  }
  lines.push(`HCLK    ${mhz(rcc.hclkHz)} (AHB: the core, SysTick, DMA, GPIO)`);
  lines.push(`PCLK1   ${mhz(rcc.pclk1Hz)} (APB1), its timers ${mhz(rcc.timclk1Hz)}`);
  lines.push(`PCLK2   ${mhz(rcc.pclk2Hz)} (APB2), its timers ${mhz(rcc.timclk2Hz)}`);
  return lines.join('\n') + '\n';
}

export interface MonitorActions {
  /** Resets the chip as `loom gdb` started it (through the vector table, or at the entry). */
  reset(): void;
}

export function monitorCommand(machine: Machine, command: string, actions: MonitorActions): string {
  const words = command.split(/\s+/).filter((w) => w !== '');
  const cpu = machine.cpu;
  const where = () =>
    cpu.stopped?.kind === 'lockup' ? cpu.stopped.message : `pc ${hex(cpu.pc)}, sp ${hex(cpu.sp)}`;
  switch (words.join(' ')) {
    case '':
    case 'help':
      return MONITOR_HELP;
    case 'reset':
      actions.reset();
      if (cpu.stopped !== null) return `Reset: ${where()}\n`;
      return `Reset: the core will start at ${where()} when you continue.\n`;
    case 'reset halt':
      actions.reset();
      if (cpu.stopped !== null) return `Reset: ${where()}\n`;
      return `Reset: the core is halted at ${where()}.\n`;
    case 'halt':
      return `The core is halted at ${where()}.\n`;
    case 'faults':
      return describeFaults(machine);
    case 'leds':
      return describeLeds(machine);
    case 'clocks':
      return describeClocks(machine);
    default:
      return `Unknown monitor command '${command}': \`monitor help\` lists them.\n`;
  }
}
