/**
 * Lesson 12's checker: boots the student's clock.s from flash, lets it raise the clock and blink
 * for 0.45 s of emulated time, then reads the clock tree Loom derived from the RCC's registers
 * (SYSCLK, HCLK, PCLK1, PCLK2, the PLL's factors), FLASH_ACR.LATENCY and Loom's diagnostics,
 * and measures LD1's half-period, which the given loop count makes 100 ms at 96 MHz only.
 * Each wrong finding names the field to look at: HSEBYP, PLLSRC, PLLM, PLLN, PLLP, SW, LATENCY,
 * PPRE1...
 */
import type { Machine } from '../../chip/machine.ts';
import { hex32 } from '../../loader/error.ts';
import { RCC_CFGR, RCC_CR, RCC_PLLCFGR } from '../../peripherals/rcc.ts';
import type { CheckResult } from '../lesson.ts';
import { checkBlink, unexpectedStop } from '../machine/blink.ts';
import { checkBooted, ExceptionWatch, reportFault } from '../machine/faults.ts';
import { runExercise } from '../machine/run.ts';
import { PinTrace } from '../machine/trace.ts';
import { count, mhz, seconds, Verdict } from '../machine/verdict.ts';

export const TARGET_HZ = 96e6;
export const HSE_HZ = 8e6;
const HSI_HZ = 16e6;
/** The given blink: 3,200,000 times round a 3-cycle loop, 100 ms at 96 MHz. */
export const HALF_PERIOD_LOOPS = 3_200_000;
export const HALF_PERIOD_S = (HALF_PERIOD_LOOPS * 3) / TARGET_HZ;
/** Wait states for 90 < HCLK <= 120 MHz at 2.7-3.6 V (RM0385 3.3.2). */
export const LATENCY = 3;
const RUN_SECONDS = 0.45;
/** Enough for 0.45 s at 96 MHz (1.5 cycles an instruction in the loop) with room to spare. */
const MAX_INSTRUCTIONS = 40e6;
/** RCC_PLLCFGR's reset value: PLLSRC HSI, PLLM 16, PLLN 192, PLLP /2, PLLQ 4. */
const PLLCFGR_RESET = 0x2400_3010;

// RCC_CR (RM0385 5.3.1).
const HSEON = 1 << 16;
const HSERDY = 1 << 17;
const PLLON = 1 << 24;
const PLLRDY = 1 << 25;
const PLLSRC = 1 << 22;

const SOURCES = ['HSI', 'HSE', 'PLL', '(not allowed)'];
const bits = (value: number, width: number) => value.toString(2).padStart(width, '0');

/** The diagnostics Loom gave that contain `text`, quoted. */
function quotes(machine: Machine, text: string): string[] {
  return machine.diagnostics.list
    .filter((d) => d.message.includes(text))
    .map((d) => `Loom says: "${d.message}" (at ${seconds(d.atSeconds)}).`);
}

function checkSysclk(verdict: Verdict, machine: Machine): void {
  const rcc = machine.chip.rcc;
  const cfgr = rcc.read(RCC_CFGR, 4);
  const sw = cfgr & 3;
  const sws = (cfgr >>> 2) & 3;
  if (sws === 2 && rcc.sysclkHz === TARGET_HZ) {
    verdict.pass(`SYSCLK is ${mhz(rcc.sysclkHz)} from the PLL (RCC_CFGR.SWS = 10).`);
    return;
  }
  const now = `SYSCLK is ${mhz(rcc.sysclkHz)} from the ${SOURCES[sws]}`;
  const details: string[] = [];
  if (sws === 2) details.push('The PLL runs, but not at 96 MHz: see the PLL below.');
  else if (sw === 2) {
    details.push(
      'RCC_CFGR.SW = 10 asks for the PLL, but SWS still reads ' +
        `${bits(sws, 2)}: the switch only happens once RCC_CR.PLLRDY is 1 (turn the PLL on with ` +
        'PLLON and wait for PLLRDY before writing SW).',
    );
  } else {
    details.push(
      `RCC_CFGR.SW (bits 1:0) is ${bits(sw, 2)}: write 10 to take SYSCLK from the PLL, then ` +
        'wait until SWS (bits 3:2) reads 10.',
    );
  }
  verdict.fail(
    `${now}, not ${mhz(TARGET_HZ)} from the PLL`,
    `${now}, not 96 MHz from the PLL.`,
    ...details,
  );
}

function checkHse(verdict: Verdict, machine: Machine): void {
  const cr = machine.chip.rcc.read(RCC_CR, 4);
  const bypass = quotes(machine, 'HSEBYP');
  if ((cr & HSEON) !== 0 && (cr & HSERDY) !== 0 && bypass.length === 0) {
    verdict.pass("HSE runs on the ST-LINK's 8 MHz, bypassed (RCC_CR.HSEBYP = 1, HSEON = 1).");
    return;
  }
  if ((cr & HSEON) === 0) {
    verdict.fail(
      'HSE is off (RCC_CR.HSEON = 0)',
      'HSE is off: RCC_CR.HSEON (bit 16) is 0.',
      `Set RCC_CR.HSEBYP (bit 18), then HSEON (bit 16), and wait for HSERDY (bit 17). RCC_CR ` +
        `is ${hex32(cr)}.`,
    );
    return;
  }
  verdict.fail(
    'HSE started as a crystal oscillator (RCC_CR.HSEBYP = 0)',
    'HSE was started as a crystal oscillator: RCC_CR.HSEBYP (bit 18) was 0 when HSEON was set.',
    ...bypass,
    'The Nucleo has no crystal on HSE: the ST-LINK feeds it 8 MHz. Set HSEBYP first, while ' +
      'HSE is still off, then HSEON.',
  );
}

function checkPll(verdict: Verdict, machine: Machine): void {
  const rcc = machine.chip.rcc;
  const cfg = rcc.read(RCC_PLLCFGR, 4);
  const cr = rcc.read(RCC_CR, 4);
  const pll = rcc.pll();
  const fromHse = (cfg & PLLSRC) !== 0;
  const source = fromHse ? `${mhz(HSE_HZ)} (HSE)` : `${mhz(HSI_HZ)} (HSI)`;
  const chain =
    `${source} / PLLM ${pll.m} = ${mhz(pll.inputHz)}, x PLLN ${pll.n} = ${mhz(pll.vcoHz)} ` +
    `(the VCO), / PLLP ${pll.p} = ${mhz(pll.outputHz)}.`;
  const problems: [string, string, ...string[]][] = [];
  if (cfg === PLLCFGR_RESET) {
    problems.push([
      'RCC_PLLCFGR still holds its reset value',
      `RCC_PLLCFGR still holds its reset value ${hex32(PLLCFGR_RESET)}: PLLSRC HSI, PLLM 16, ` +
        'PLLN 192, PLLP 2 (96 MHz from the HSI, by chance).',
      'It was never written, or written while RCC_CR.PLLON was set: the PLL takes a new ' +
        'configuration only while it is off. Write PLLCFGR first, then set PLLON.',
    ]);
  } else if (!fromHse) {
    problems.push([
      'the PLL runs from the HSI (RCC_PLLCFGR.PLLSRC = 0)',
      'The PLL runs from the 16 MHz HSI: RCC_PLLCFGR.PLLSRC (bit 22) is 0.',
      'Set PLLSRC to 1 to feed it the HSE.',
    ]);
  }
  if (pll.m < 2 || pll.inputHz < 0.95e6 || pll.inputHz > 2.1e6) {
    problems.push([
      `PLLM ${pll.m} gives a VCO input of ${mhz(pll.inputHz)}`,
      `PLLM ${pll.m} gives a VCO input of ${mhz(pll.inputHz)}, outside 0.95-2.1 MHz.`,
      ...quotes(machine, 'PLL input'),
      `PLLM (RCC_PLLCFGR bits 5:0) divides the ${fromHse ? 'HSE' : 'HSI'}: ${source} / PLLM ` +
        'must be 1 or 2 MHz, say (PLLM 8 or 4 for the HSE).',
    ]);
  } else if (pll.n < 50 || pll.n > 432 || pll.vcoHz < 100e6 || pll.vcoHz > 432e6) {
    problems.push([
      `PLLN ${pll.n} puts the VCO at ${mhz(pll.vcoHz)}`,
      `PLLN ${pll.n} puts the VCO at ${mhz(pll.vcoHz)}, outside 100-432 MHz.`,
      ...quotes(machine, 'PLL VCO'),
      `With ${mhz(pll.inputHz)} in, 96 MHz x PLLP ${pll.p} needs PLLN ` +
        `${count((TARGET_HZ * pll.p) / pll.inputHz)} (RCC_PLLCFGR bits 14:6).`,
    ]);
  } else if (pll.outputHz !== TARGET_HZ) {
    const n = (TARGET_HZ * pll.p) / pll.inputHz;
    const p = pll.vcoHz / TARGET_HZ;
    const fix =
      Number.isInteger(p) && p >= 2 && p <= 8 && p % 2 === 0
        ? `PLLP ${p} (the field ${bits(p / 2 - 1, 2)}) would divide this VCO down to 96 MHz`
        : `for PLLP ${pll.p}, PLLN ${count(n)} would give a VCO of ${mhz(TARGET_HZ * pll.p)}`;
    problems.push([
      `the PLL gives ${mhz(pll.outputHz)}, not 96 MHz`,
      `The PLL gives ${mhz(pll.outputHz)}, not 96 MHz.`,
      `SYSCLK = VCO / PLLP: ${fix}.`,
    ]);
  }
  if ((cr & PLLON) === 0) {
    problems.push([
      'the PLL is off (RCC_CR.PLLON = 0)',
      'The PLL is off: RCC_CR.PLLON (bit 24) is 0.',
      'Once PLLCFGR is written, set PLLON and wait until PLLRDY (bit 25) reads 1.',
    ]);
  } else if ((cr & PLLRDY) === 0) {
    problems.push([
      'the PLL is not ready (RCC_CR.PLLRDY = 0)',
      'The PLL is on but not ready: its source is not running.',
      'Start the HSE (and wait for HSERDY) before the PLL.',
    ]);
  }
  if (problems.length === 0) {
    verdict.pass(`The PLL: ${chain}`);
    return;
  }
  const [summary, text, ...details] = problems[0];
  const more = problems.slice(1).flatMap(([, t, ...d]) => [t, ...d]);
  verdict.fail(summary, text, ...details, ...more, `Now: ${chain}`);
}

function checkLatency(verdict: Verdict, machine: Machine): void {
  const latency = machine.chip.flash.latency;
  const late = quotes(machine, 'FLASH_ACR.LATENCY');
  if (latency >= LATENCY && late.length === 0) {
    verdict.pass(
      `FLASH_ACR.LATENCY = ${latency} wait states: enough for HCLK = 96 MHz (it needs ${LATENCY}).`,
    );
    return;
  }
  verdict.fail(
    latency < LATENCY
      ? `FLASH_ACR.LATENCY = ${latency}, 96 MHz needs ${LATENCY}`
      : 'FLASH_ACR.LATENCY was raised after the clock',
    latency < LATENCY
      ? `FLASH_ACR.LATENCY (bits 3:0) is ${latency}: at 96 MHz the flash needs ${LATENCY} wait ` +
          'states (one more for each 30 MHz above the first 30).'
      : `FLASH_ACR.LATENCY is ${latency} now, but it was too low while the clock was already high.`,
    ...late,
    'Set LATENCY before switching SYSCLK to the PLL, and read it back until it reads so: a ' +
      'real chip would fetch wrong instructions in between.',
  );
}

function checkBuses(verdict: Verdict, machine: Machine): void {
  const rcc = machine.chip.rcc;
  const cfgr = rcc.read(RCC_CFGR, 4);
  const hpre = (cfgr >>> 4) & 0xf;
  const ppre1 = (cfgr >>> 10) & 7;
  const ppre2 = (cfgr >>> 13) & 7;
  const wrong: string[] = [];
  if (rcc.sysclkHz === TARGET_HZ && rcc.hclkHz !== TARGET_HZ) {
    wrong.push(
      `HCLK is ${mhz(rcc.hclkHz)}: RCC_CFGR.HPRE (bits 7:4) = ${bits(hpre, 4)} divides ` +
        'SYSCLK; leave it 0000 for HCLK = SYSCLK.',
    );
  }
  if (rcc.pclk1Hz > 54e6) {
    wrong.push(
      ...quotes(machine, 'APB1 clock'),
      `RCC_CFGR.PPRE1 (bits 12:10) = ${bits(ppre1, 3)}: APB1 runs at ${mhz(rcc.pclk1Hz)}, ` +
        'above its 54 MHz; 100 divides HCLK by 2.',
    );
  }
  if (rcc.pclk2Hz > 108e6) {
    wrong.push(
      ...quotes(machine, 'APB2 clock'),
      `RCC_CFGR.PPRE2 (bits 15:13) = ${bits(ppre2, 3)}: APB2 runs at ${mhz(rcc.pclk2Hz)}, ` +
        'above its 108 MHz.',
    );
  }
  wrong.push(...quotes(machine, 'SYSCLK'));
  const now =
    `HCLK ${mhz(rcc.hclkHz)}, APB1 ${mhz(rcc.pclk1Hz)} (at most 54), ` +
    `APB2 ${mhz(rcc.pclk2Hz)} (at most 108)`;
  if (wrong.length === 0) verdict.pass(`The buses: ${now}.`);
  else verdict.fail(`the bus clocks are out of range`, `The buses: ${now}.`, ...wrong);
}

export async function check(source: string, file: string): Promise<CheckResult> {
  let trace: PinTrace | undefined;
  let watch: ExceptionWatch | undefined;
  const outcome = await runExercise(source, file, {
    base: 0x0800_0000,
    maxSeconds: RUN_SECONDS,
    maxInstructions: MAX_INSTRUCTIONS,
    prepare(machine) {
      trace = new PinTrace(machine);
      watch = new ExceptionWatch(machine);
    },
  });
  if (!outcome.ok) return outcome.result;
  const { run } = outcome;
  const machine = run.machine;
  const verdict = new Verdict();

  checkBooted(verdict, run);
  if (!reportFault(verdict, run, watch!)) {
    const stopped = unexpectedStop(run);
    if (stopped !== undefined) {
      verdict.fail(
        `the program stopped: ${stopped}`,
        `The program stopped at ${seconds(machine.seconds)}: ${stopped}.`,
        'It should raise the clock, then blink for ever.',
      );
    }
  }

  checkSysclk(verdict, machine);
  checkHse(verdict, machine);
  checkPll(verdict, machine);
  checkLatency(verdict, machine);
  checkBuses(verdict, machine);
  const ran = Math.min(machine.seconds, RUN_SECONDS);
  checkBlink(verdict, trace!, {
    pin: 'PB0',
    led: 'LD1',
    halfPeriod: HALF_PERIOD_S,
    runSeconds: +ran.toFixed(3),
    seeAbove: 'See above: the program never reached the blink.',
    advice: (measured) => [
      `The blink loop goes round ${count(HALF_PERIOD_LOOPS)} times, 3 cycles each: a ` +
        `half-period of ${seconds(measured)} means the core ran at about ` +
        `${mhz(Math.round((HALF_PERIOD_LOOPS * 3) / measured / 1e4) * 1e4)}.`,
    ],
  });
  return verdict.result(`96 MHz from the PLL, LD1 blinks every ${seconds(HALF_PERIOD_S)}`);
}
