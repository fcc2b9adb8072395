/**
 * Lesson 13's checker: boots the student's interrupts.s from flash, presses B1 at 0.3 s and
 * 0.7 s (0.1 s each) and runs 1.6 s of emulated time. Part 1: SysTick's registers (RVR, CSR's
 * ENABLE, TICKINT, CLKSOURCE), LD1 toggled every 500 ms from inside the SysTick handler (IPSR 15
 * at each change: entered through the vector, not polled), and the core asleep in between. Part
 * 2: the path from PC13 to the NVIC (SYSCFG_EXTICR4, EXTI_RTSR/FTSR, EXTI_IMR, NVIC ISER1), LD2
 * toggled once a press from the EXTI15_10 handler (IPSR 56), and its pending bit cleared.
 */
import type { Machine } from '../../chip/machine.ts';
import { FIRST_IRQ, SYSTICK } from '../../cpu/exceptions.ts';
import {
  CSR_CLKSOURCE,
  CSR_ENABLE,
  CSR_TICKINT,
  SYST_CSR,
  SYST_RVR,
} from '../../cpu/scs/systick.ts';
import { EXTI_FTSR, EXTI_IMR, EXTI_PR, EXTI_RTSR } from '../../peripherals/exti.ts';
import { RCC_APB2ENR } from '../../peripherals/rcc.ts';
import { SYSCFG_EXTICR4 } from '../../peripherals/syscfg.ts';
import type { CheckResult } from '../lesson.ts';
import { checkBlink } from '../machine/blink.ts';
import { checkBooted, ExceptionWatch, reportFault } from '../machine/faults.ts';
import { runExercise } from '../machine/run.ts';
import { PinTrace, pressAt, type PinEvent } from '../machine/trace.ts';
import { count, seconds, Verdict } from '../machine/verdict.ts';

const HCLK_HZ = 16e6;
/** SysTick every 1 ms: RVR + 1 = 16,000 cycles (ARMv7-M ARM B3.3.1). */
export const RVR = 15_999;
export const HALF_PERIOD_S = 0.5;
/** B1 pressed at these times, for PRESS_S each. */
export const PRESSES = [0.3, 0.7];
export const PRESS_S = 0.1;
const RUN_SECONDS = 1.6;
/** EXTI lines 10-15 share IRQ 40 (RM0385 table 40). */
export const EXTI15_10_IRQ = 40;
const B1_LINE = 13;
/** More changes than this and the pins are toggling from an interrupt that never ends. */
const MAX_PIN_EVENTS = 200;
/** A core that sleeps between 1,000 interrupts a second runs far fewer instructions. */
const AWAKE_PER_SECOND = 1e6;
/** How soon after a press (or release) LD2 should change. */
const RESPONSE_S = 0.005;

const handlerName = (ipsr: number) =>
  ipsr === 0
    ? 'Thread mode (IPSR 0)'
    : ipsr === SYSTICK
      ? 'the SysTick handler (IPSR 15)'
      : ipsr >= FIRST_IRQ
        ? `the handler of IRQ ${ipsr - FIRST_IRQ} (IPSR ${ipsr})`
        : `exception ${ipsr}'s handler`;

function checkSysTick(verdict: Verdict, machine: Machine): void {
  const systick = machine.ppb.systick;
  const csr = systick.read(SYST_CSR);
  const rvr = systick.read(SYST_RVR);
  const divider = (csr & CSR_CLKSOURCE) !== 0 ? 1 : 8;
  const periodS = ((rvr + 1) * divider) / HCLK_HZ;
  const wrong: string[] = [];
  if ((csr & CSR_ENABLE) === 0) wrong.push('SYST_CSR.ENABLE (bit 0) is 0: SysTick does not count.');
  if ((csr & CSR_TICKINT) === 0) {
    wrong.push(
      'SYST_CSR.TICKINT (bit 1) is 0: SysTick counts, but reaching 0 only sets COUNTFLAG; it ' +
        'raises no exception, and its handler never runs.',
    );
  }
  if ((csr & CSR_CLKSOURCE) === 0) {
    wrong.push(
      'SYST_CSR.CLKSOURCE (bit 2) is 0: SysTick counts the external reference, HCLK / 8 = ' +
        '2 MHz, so each period lasts 8 times as many cycles of the core. Set it to 1.',
    );
  }
  if (rvr === 0) {
    wrong.push(
      'SYST_RVR is 0: SysTick stops at 0 and never reloads. 1 ms at 16 MHz is 16,000 cycles: ' +
        `RVR = ${count(RVR)} (the count goes down to 0 included).`,
    );
  } else if (rvr !== RVR) {
    wrong.push(
      `SYST_RVR is ${count(rvr)}: a period of ${count(rvr + 1)} counts, ` +
        `${+(periodS * 1e3).toFixed(4)} ms. ` +
        `1 ms at 16 MHz is 16,000 cycles: RVR = ${count(RVR)} (the count goes down to 0 ` +
        'included).',
    );
  }
  const now =
    `SYST_RVR ${count(rvr)}, SYST_CSR ENABLE ${csr & 1}, TICKINT ${(csr >>> 1) & 1}, ` +
    `CLKSOURCE ${(csr >>> 2) & 1}`;
  if (wrong.length === 0) {
    verdict.pass(`SysTick interrupts every 1 ms: ${now}.`);
  } else {
    verdict.fail(
      `SysTick is not set for 1 ms interrupts (${wrong[0].split(':')[0]})`,
      `SysTick is not set for an interrupt every 1 ms: ${now}.`,
      ...wrong,
    );
  }
}

function checkLd1(verdict: Verdict, trace: PinTrace, runSeconds: number): void {
  const changes = trace.of('PB0');
  const outside = changes.find((e) => e.ipsr !== SYSTICK);
  if (outside !== undefined) {
    verdict.fail(
      `LD1 toggled in ${handlerName(outside.ipsr)}, not in the SysTick handler`,
      `LD1 changed at ${seconds(outside.atSeconds)} in ${handlerName(outside.ipsr)}, not in the ` +
        'SysTick handler.',
      'The SysTick handler should toggle it, every 500th time it runs: the core enters it ' +
        'through vector 15 of the table each time SysTick reaches 0 (with TICKINT set). ' +
        'A loop that watches the counter is not an interrupt.',
    );
  }
  checkBlink(verdict, trace, {
    pin: 'PB0',
    led: 'LD1',
    halfPeriod: HALF_PERIOD_S,
    runSeconds,
    seeAbove: 'See above: SysTick is not set as asked.',
    advice: (measured) => [
      `With SysTick every 1 ms, ${seconds(measured)} is ${count(measured * 1e3)} ticks: the ` +
        'handler should toggle LD1 on every 500th and count again from 0.',
    ],
  });
}

function checkSleep(verdict: Verdict, machine: Machine): void {
  const perSecond = machine.cpu.instructions / machine.seconds;
  const ran = `${count(machine.cpu.instructions)} instructions in ${seconds(machine.seconds)}`;
  if (perSecond < AWAKE_PER_SECOND) {
    verdict.pass(`The core sleeps between interrupts: ${ran}.`);
  } else {
    verdict.fail(
      'the core never sleeps',
      `The core never sleeps: ${ran}.`,
      'The main loop should wait in WFI: the core stops until an interrupt, and the handlers do ' +
        'the work.',
    );
  }
}

function checkExtiPath(verdict: Verdict, machine: Machine): void {
  const { syscfg, exti, rcc } = machine.chip;
  const bit = 1 << B1_LINE;
  const wrong: string[] = [];
  const clockSaid = machine.diagnostics.list.find((d) => d.message.startsWith('SYSCFG'));
  if (!rcc.enabled(RCC_APB2ENR, 14) || clockSaid !== undefined) {
    wrong.push(
      ...(clockSaid
        ? [`Loom says: "${clockSaid.message}" (at ${seconds(clockSaid.atSeconds)}).`]
        : []),
      'SYSCFG needs its clock before EXTICR4 takes a value: RCC_APB2ENR.SYSCFGEN (bit 14) = 1.',
    );
  }
  const port = syscfg.portOf(B1_LINE);
  if (port !== 'C') {
    const code = (syscfg.read(SYSCFG_EXTICR4, 4) >>> 4) & 0xf;
    wrong.push(
      `SYSCFG_EXTICR4 bits 7:4 (EXTI13) are ${code.toString(2).padStart(4, '0')}: line 13 ` +
        `listens to P${port}13, not PC13 (B1). Write 0010 there.`,
    );
  }
  const rtsr = exti.read(EXTI_RTSR, 4) & bit;
  const ftsr = exti.read(EXTI_FTSR, 4) & bit;
  if (rtsr === 0 && ftsr === 0) {
    wrong.push(
      'EXTI_RTSR and EXTI_FTSR bit 13 are both 0: no edge on line 13 sets its pending bit. ' +
        'Set RTSR bit 13: B1 reads high when pressed, so a press is a rising edge.',
    );
  }
  if ((exti.read(EXTI_IMR, 4) & bit) === 0) {
    wrong.push('EXTI_IMR bit 13 is 0: line 13 is masked, so its pending bit raises no interrupt.');
  }
  if (machine.exceptions.enabled[FIRST_IRQ + EXTI15_10_IRQ] === 0) {
    wrong.push(
      'NVIC_ISER1 bit 8 is 0: IRQ 40 (EXTI15_10) is not enabled, so the NVIC never takes it ' +
        '(ISER1 at 0xE000E104 covers IRQ 32-63).',
    );
  }
  const path = 'SYSCFG_EXTICR4.EXTI13 = PC, EXTI_RTSR.TR13 = 1, EXTI_IMR.MR13 = 1, IRQ 40 enabled';
  if (wrong.length === 0) {
    verdict.pass(
      `B1 reaches the NVIC: ${ftsr !== 0 && rtsr === 0 ? path.replace('RTSR.TR', 'FTSR.TR') : path}.`,
    );
  } else {
    verdict.fail(
      'B1 does not reach the NVIC',
      'B1 (PC13) does not reach the NVIC as IRQ 40:',
      ...wrong,
    );
  }
}

/** The presses and releases an LD2 change answers, if any. */
function answers(e: PinEvent): boolean {
  return PRESSES.some((t) =>
    [t, t + PRESS_S].some((edge) => e.atSeconds >= edge && e.atSeconds <= edge + RESPONSE_S),
  );
}

function checkLd2(verdict: Verdict, machine: Machine, trace: PinTrace): void {
  const changes = trace.of('PB7');
  const irq = FIRST_IRQ + EXTI15_10_IRQ;
  const pressed = PRESSES.map((t) => seconds(t)).join(' and ');
  const pending = (machine.chip.exti.read(EXTI_PR, 4) & (1 << B1_LINE)) !== 0;
  if (trace.overflowed || changes.length > 4 * PRESSES.length) {
    const first = changes[0];
    const last = changes[changes.length - 1];
    verdict.fail(
      'the EXTI15_10 interrupt never ends (EXTI_PR.PR13 not cleared)',
      `LD2 toggled ${count(changes.length)} times in ${seconds(last.atSeconds - first.atSeconds)} ` +
        `from ${seconds(first.atSeconds)} on: the EXTI15_10 handler runs again and again.`,
      pending
        ? 'EXTI_PR bit 13 is still 1. While it is set, line 13 holds IRQ 40 pending, and the ' +
            'NVIC takes it again as soon as the handler returns. The handler must write 1 to ' +
            'EXTI_PR bit 13 (0x40013C14) to clear it.'
        : 'Its pending bit is clear now, but something keeps raising it.',
    );
    return;
  }
  if (changes.length === 0) {
    verdict.fail(
      'LD2 never changed',
      `LD2 (PB7) never changed; B1 was pressed at ${pressed}, ${seconds(PRESS_S)} each.`,
      verdict.failed
        ? 'See above for what stops the press on its way.'
        : 'The EXTI15_10 handler should toggle it.',
    );
    return;
  }
  const outside = changes.find((e) => e.ipsr !== irq);
  if (outside !== undefined) {
    verdict.fail(
      `LD2 toggled in ${handlerName(outside.ipsr)}, not in the EXTI15_10 handler`,
      `LD2 changed at ${seconds(outside.atSeconds)} in ${handlerName(outside.ipsr)}, not in the ` +
        'EXTI15_10 handler (IPSR 56).',
      'Let the interrupt do it: the core enters the handler through entry 16 + 40 of the ' +
        'vector table when the line fires. Reading the pin in a loop is polling.',
    );
    return;
  }
  const times = changes.map((e) => seconds(e.atSeconds)).join(', ');
  if (changes.length === 2 * PRESSES.length) {
    verdict.fail(
      'LD2 toggles on the release too',
      `LD2 changed ${changes.length} times (at ${times}) for ${PRESSES.length} presses: on the ` +
        'press and again on the release.',
      'Both EXTI_RTSR and EXTI_FTSR have bit 13 set. Keep one: RTSR for the press.',
    );
    return;
  }
  if (changes.length !== PRESSES.length || !changes.every(answers)) {
    verdict.fail(
      `LD2 changed ${changes.length} times for ${PRESSES.length} presses`,
      `LD2 changed ${changes.length} times (at ${times}) for ${PRESSES.length} presses at ` +
        `${pressed}.`,
      'It should change once a press, within a few microseconds of it.',
    );
    return;
  }
  verdict.pass(
    `LD2 (PB7) toggled once a press (at ${times}), in the EXTI15_10 handler (IPSR 56), and ` +
      'EXTI_PR.PR13 was cleared each time.',
  );
}

export async function check(source: string, file: string): Promise<CheckResult> {
  let trace: PinTrace | undefined;
  let watch: ExceptionWatch | undefined;
  const outcome = await runExercise(source, file, {
    base: 0x0800_0000,
    maxSeconds: RUN_SECONDS,
    maxInstructions: 20e6,
    prepare(machine) {
      trace = new PinTrace(machine, MAX_PIN_EVENTS);
      watch = new ExceptionWatch(machine);
      for (const t of PRESSES) pressAt(machine, 'B1', t, PRESS_S);
    },
  });
  if (!outcome.ok) return outcome.result;
  const { run } = outcome;
  const machine = run.machine;
  const verdict = new Verdict();

  checkBooted(verdict, run);
  reportFault(verdict, run, watch!);
  checkSysTick(verdict, machine);
  if (trace!.overflowed) {
    // An interrupt taken again and again: the run ended there, before LD1 could blink.
    checkLd2(verdict, machine, trace!);
    checkExtiPath(verdict, machine);
    return verdict.result('');
  }
  checkLd1(verdict, trace!, +Math.min(machine.seconds, RUN_SECONDS).toFixed(3));
  checkSleep(verdict, machine);
  checkExtiPath(verdict, machine);
  checkLd2(verdict, machine, trace!);
  if (watch!.fault === null && run.stop.kind !== 'max-time' && !trace!.overflowed) {
    verdict.fail(
      `the program stopped: ${run.stop.message}`,
      `The program stopped at ${seconds(machine.seconds)}: ${run.stop.message}.`,
      run.stop.message.includes('WFI')
        ? 'The core went to sleep with nothing left to wake it: no interrupt is enabled.'
        : 'It should sleep in WFI for ever, woken by interrupts.',
    );
  }
  return verdict.result('SysTick blinks LD1 every 500 ms; B1 toggles LD2 through EXTI13');
}
