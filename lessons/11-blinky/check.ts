/**
 * Lesson 11's checker: runs the student's blinky for 1.1 s of emulated time on the Nucleo and
 * looks at what the board shows. Port B's clock (RCC_AHB1ENR.GPIOBEN), PB0's mode (MODER0 = 01),
 * the other pins of port B left alone (LD2 is lit before the program starts, and must stay lit),
 * and LD1's half-period, measured from PB0's changes.
 */
import type { Machine } from '../../chip/machine.ts';
import { hex32 } from '../../loader/error.ts';
import { GPIO_MODER, GPIO_ODR } from '../../peripherals/gpio.ts';
import { RCC_AHB1ENR } from '../../peripherals/rcc.ts';
import type { CheckResult } from '../lesson.ts';
import { checkBlink, unexpectedStop } from '../machine/blink.ts';
import { runExercise } from '../machine/run.ts';
import { PinTrace } from '../machine/trace.ts';
import { count, seconds, Verdict } from '../machine/verdict.ts';

export const HSI_HZ = 16e6;
/** The blink asked for: 250 ms on, 250 ms off. */
export const HALF_PERIOD_S = 0.25;
/** Cycles once round a SUBS + taken BNE loop in Loom's model (cpu/cycles.ts). */
export const CYCLES_PER_LOOP = 3;
const RUN_SECONDS = 1.1;
/** GPIOB_MODER at reset: PB3 and PB4 in alternate function mode (the debug pins). */
const MODER_RESET_B = 0x0000_0280;
/** What the checker sets up before the program runs: LD2 (PB7) a lit output. */
const MODER_BEFORE = MODER_RESET_B | (1 << 14);
const LD2_PIN = 7;

/** PB7 lit as an output, as some other part of the firmware would have left it. */
function lightLd2(machine: Machine): void {
  const port = machine.chip.gpio.B;
  port.write(GPIO_MODER, 4, MODER_BEFORE);
  port.write(GPIO_ODR, 4, 1 << LD2_PIN);
}

const MODE_NAMES = ['input', 'output', 'alternate function', 'analog'];

/** The pins whose MODER field differs between two values, as 'PB3 (alternate function -> input)'. */
function modeChanges(before: number, after: number, except: number): string[] {
  const changed: string[] = [];
  for (let pin = 0; pin < 16; pin++) {
    if (pin === except) continue;
    const was = (before >>> (2 * pin)) & 3;
    const now = (after >>> (2 * pin)) & 3;
    if (was !== now) changed.push(`PB${pin} (${MODE_NAMES[was]} -> ${MODE_NAMES[now]})`);
  }
  return changed;
}

export async function check(source: string, file: string): Promise<CheckResult> {
  let trace: PinTrace | undefined;
  const outcome = await runExercise(source, file, {
    maxSeconds: RUN_SECONDS,
    prepare(machine) {
      lightLd2(machine);
      trace = new PinTrace(machine);
    },
  });
  if (!outcome.ok) return outcome.result;
  const { run } = outcome;
  const machine = run.machine;
  const port = machine.chip.gpio.B;
  const verdict = new Verdict();

  const stopped = unexpectedStop(run);
  if (stopped !== undefined) {
    verdict.fail(
      `the program stopped: ${stopped}`,
      `The program stopped at ${seconds(machine.seconds)}: ${stopped}.`,
      'A blinky never ends: after turning LD1 off and waiting, it goes back to turn it on.',
    );
  }

  const clocked = machine.chip.rcc.enabled(RCC_AHB1ENR, 1);
  const said = machine.diagnostics.list.filter((d) => d.message.startsWith('GPIOB'));
  if (clocked && said.length === 0) {
    verdict.pass('GPIOB has its clock: RCC_AHB1ENR.GPIOBEN (bit 1) = 1.');
  } else {
    const first = said[0];
    verdict.fail(
      'GPIOB has no clock (RCC_AHB1ENR.GPIOBEN = 0)',
      clocked
        ? 'GPIOB was used before its clock was on.'
        : 'GPIOB has no clock: RCC_AHB1ENR.GPIOBEN (bit 1) is 0.',
      first === undefined ? '' : `Loom says: "${first.message}" (at ${seconds(first.atSeconds)}).`,
      `Set bit 1 of RCC_AHB1ENR (${hex32(0x4002_3830)}) before any access to GPIOB: load the ` +
        'word, OR the bit in, store it back. Until then the port ignores writes and reads 0.',
    );
  }

  const moder = port.read(GPIO_MODER, 4);
  const mode0 = moder & 3;
  if (mode0 === 1) {
    verdict.pass('PB0 is a general-purpose output: GPIOB_MODER bits 1:0 (MODER0) = 01.');
  } else {
    verdict.fail(
      `PB0 is not an output (MODER0 = ${mode0.toString(2).padStart(2, '0')})`,
      `PB0 is not an output: GPIOB_MODER is ${hex32(moder)}, its bits 1:0 (MODER0) are ` +
        `${mode0.toString(2).padStart(2, '0')} (${MODE_NAMES[mode0]}), not 01.`,
      clocked
        ? 'In input mode the pin does not follow ODR: writes to BSRR change the latch, not LD1. ' +
            'Set MODER0 to 01 (GPIOB_MODER at 0x40020400).'
        : 'Writes to GPIOB_MODER are lost while the port has no clock.',
    );
  }

  const moved = modeChanges(MODER_BEFORE, moder, 0);
  const others = trace!.othersThan(['PB0']);
  if (!clocked) {
    // Nothing reached the port: there is nothing to say about the other pins.
  } else if (moved.length === 0 && others.length === 0) {
    verdict.pass(
      'The other pins of port B kept their modes and levels (LD2, lit before your program ' +
        'started, stayed lit).',
    );
  } else {
    const details: string[] = [];
    if (moved.length > 0) {
      details.push(
        `GPIOB_MODER was ${hex32(MODER_BEFORE)} before your program and is ${hex32(moder)}: ` +
          `it changed ${moved.join(', ')}.`,
      );
    }
    const firsts = [...new Set(others.map((e) => e.pin))].map((pin) =>
      others.find((e) => e.pin === pin)!,
    );
    if (firsts.length > 0) {
      const said = firsts.map(
        (e) =>
          `${e.pin} went ${e.level ? 'high' : 'low'} at ${seconds(e.atSeconds)}` +
          (e.pin === `PB${LD2_PIN}` ? ' (LD2 was lit before your program started)' : ''),
      );
      details.push(said.join('; ') + '.');
    }
    details.push(
      'Change only PB0: read-modify-write MODER (ldr, bic/orr, str), and drive the pin through ' +
        'BSRR (bit 0 sets it, bit 16 resets it) or a read-modify-write of ODR.',
    );
    verdict.fail(
      'other pins of port B changed',
      'Your program changed other pins of port B.',
      ...details,
    );
  }

  checkBlink(verdict, trace!, {
    pin: 'PB0',
    led: 'LD1',
    halfPeriod: HALF_PERIOD_S,
    runSeconds: RUN_SECONDS,
    seeAbove: 'See above: the port must have its clock and the pin must be an output.',
    advice: (measured) => {
      const cycles = measured * HSI_HZ;
      const needed = HALF_PERIOD_S * HSI_HZ;
      return [
        `At 16 MHz (HSI) ${seconds(measured)} is ${count(cycles)} cycles: about ` +
          `${count(cycles / CYCLES_PER_LOOP)} times round a ${CYCLES_PER_LOOP}-cycle loop. ` +
          `${seconds(HALF_PERIOD_S)} is ${count(needed)} cycles: ` +
          `${count(needed / CYCLES_PER_LOOP)} times round.`,
      ];
    },
  });

  return verdict.result(`LD1 blinks every ${seconds(HALF_PERIOD_S)}`);
}
