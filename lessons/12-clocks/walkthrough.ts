/**
 * Lesson 12's walkthrough: blinky-registers.elf (HSI), blinky-pll.elf (216 MHz) and
 * blinky-pll-wrong.elf (PLLM 25 on an 8 MHz HSE) run headless, their clock trees as Loom derives
 * them from the RCC's registers, LD1's half-period measured in each, and what Loom said about
 * the wrong one.
 */
import { RCC_CFGR } from '../../peripherals/rcc.ts';
import type { LessonContext } from '../lesson.ts';
import { runFirmware, runItYourself, type FirmwareRun } from '../machine/firmware.ts';
import { intervals } from '../machine/trace.ts';
import { mhz, seconds } from '../machine/verdict.ts';
import { heading, listing, prose } from '../present.ts';

const DEMOS = [
  { name: 'blinky-registers', seconds: 1.1, what: 'HSI, after reset' },
  { name: 'blinky-pll', seconds: 0.2, what: 'PLL from HSE, 216 MHz' },
  { name: 'blinky-pll-wrong', seconds: 0.5, what: 'PLL with PLLM = 25' },
] as const;

const path = (name: string) => `firmware/build/${name}.elf`;
const SOURCES = ['HSI', 'HSE', 'PLL'];

const table = (rows: string[][]) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map(
    (r) =>
      '    ' +
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
  );
};

/** LD1's half-period: the time between its changes once the clock is set. */
const halfPeriod = (run: FirmwareRun) => intervals(run.trace.of('PB0')).at(-1) ?? 0;

/** The clock tree as Loom derives it, from the PLL's input to the buses. */
function tree(run: FirmwareRun): string[] {
  const { rcc, flash, pwr } = run.machine.chip;
  const pll = rcc.pll();
  const cfgr = rcc.read(RCC_CFGR, 4);
  const source = (cfgr >>> 2) & 3;
  return [
    `PLL:    ${mhz(pll.inputHz * pll.m)} / PLLM ${pll.m} = ${mhz(pll.inputHz)}, x PLLN ${pll.n} = ` +
      `${mhz(pll.vcoHz)} (VCO), / PLLP ${pll.p} = ${mhz(pll.outputHz)}`,
    `SYSCLK: ${mhz(rcc.sysclkHz)} from the ${SOURCES[source] ?? '?'} (RCC_CFGR.SWS)`,
    `HCLK:   ${mhz(rcc.hclkHz)} (the core, AHB); APB1 ${mhz(rcc.pclk1Hz)}, APB2 ${mhz(rcc.pclk2Hz)}`,
    `FLASH:  LATENCY ${flash.latency} wait states; PWR: voltage scale ${pwr.voltageScale}, ` +
      `over-drive ${pwr.overdrive ? 'on' : 'off'}`,
  ];
}

async function measured(context: LessonContext): Promise<string> {
  const runs: FirmwareRun[] = [];
  for (const d of DEMOS) {
    const run = await runFirmware(context, path(d.name), { seconds: d.seconds });
    if (run === undefined) {
      return prose(
        runItYourself(`run ${path('blinky-pll')} --max-time 0.2 --trace-gpio`) +
          ' Each of the three prints its LD1 changes; compare the times between them.',
      );
    }
    runs.push(run);
  }
  const [hsi, pll, wrong] = runs;
  let out = prose(
    'The three demos run the same loop between LD1 changes: 2,666,667 times round SUBS and ' +
      'BNE, 3 cycles each in Loom, about 8,000,000 cycles. Run here:',
  );
  out +=
    '\n' +
    table([
      ['program', 'clock', 'SYSCLK', 'LD1 changes every'],
      ...DEMOS.map((d, k) => [
        `${d.name}.elf`,
        d.what,
        mhz(runs[k].machine.chip.rcc.sysclkHz),
        seconds(halfPeriod(runs[k])),
      ]),
    ]).join('\n') +
    '\n\n';
  const ratio = halfPeriod(hsi) / halfPeriod(pll);
  out += prose(
    `The cycles are the same; their length is not. ${seconds(halfPeriod(hsi))} / ` +
      `${seconds(halfPeriod(pll))} = ${ratio.toFixed(2)}: 216 MHz / 16 MHz = 13.5. A busy-wait ` +
      'measures time only at the clock it was written for.',
  );

  out += heading('The clock tree');
  out += prose(
    'blinky-pll.elf (lib/clock.c) sets it up as RM0385 chapter 5 describes; Loom derives:',
  );
  out += '\n' + listing('blinky-pll.elf', tree(pll).join('\n'));
  out += prose(
    'HSE is the 8 MHz the ST-LINK feeds the chip (HSEBYP: no crystal). The PLL divides it to ' +
      '1 MHz (its input must be 0.95 to 2.1 MHz), multiplies it to 432 MHz (the VCO, 100 to ' +
      '432) and divides by 2. APB1 may run at 54 MHz at most, APB2 at 108: PPRE1 divides HCLK by ' +
      '4, PPRE2 by 2. Above 180 MHz the regulator needs over-drive (PWR), and the flash 7 wait ' +
      'states: it cannot deliver an instruction every 4.6 ns.',
  );

  out += heading('A misconfigured clock');
  out += prose(
    'blinky-pll-wrong.elf is the same program built with PLLM = 25, right for the ' +
      "STM32F746G-DISCO's 25 MHz crystal, wrong for the Nucleo's 8 MHz:",
  );
  out += '\n' + listing('blinky-pll-wrong.elf', tree(wrong).join('\n'));
  const said = wrong.machine.diagnostics.list.map((d) => `    loom: ${d.message}`);
  out += prose('Loom says, as the PLL starts:') + '\n' + said.join('\n') + '\n\n';
  out += prose(
    `LD1 changes every ${seconds(halfPeriod(wrong))}: ` +
      `${(halfPeriod(hsi) / halfPeriod(wrong)).toFixed(2)} times faster than on the HSI, not ` +
      '13.5. A real chip would say nothing, and might not run at all with its PLL input out of range.',
  );
  return out;
}

export async function walkthrough(context: LessonContext): Promise<string> {
  let out = heading('The same loop at two speeds');
  out += await measured(context);
  out += heading('Your turn: 96 MHz');
  out += prose(
    'The exercise raises the clock to 96 MHz: 8 MHz / 8 = 1 MHz, x 192 = 192 MHz, / 2 = 96 MHz ' +
      '(and / 4 = 48 MHz for USB). Below 180 MHz the regulator needs no over-drive, so the steps ' +
      'are HSE, PLL, flash wait states (3 at 96 MHz), bus prescalers (APB1 / 2), then the ' +
      'switch. The checker reads the clock tree as above and names the field that is off.',
  );
  return out;
}
