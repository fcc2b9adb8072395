/**
 * Lesson 13's walkthrough: blinky-systick.elf run to its SysTick handler's first instruction,
 * where the stacked frame is dumped word by word with its names, LR decoded as EXC_RETURN and
 * the vector the core took shown; then button-exti.elf with B1 pressed twice, LD2's changes
 * measured.
 */
import { SYST_CSR, SYST_RVR } from '../../cpu/scs/systick.ts';
import { hex32 } from '../../loader/error.ts';
import type { LessonContext } from '../lesson.ts';
import { describeExcReturn, excHex, FRAME_WORDS } from '../machine/faults.ts';
import { runFirmware, runItYourself } from '../machine/firmware.ts';
import { pressAt } from '../machine/trace.ts';
import { count, seconds } from '../machine/verdict.ts';
import { heading, listing, prose } from '../present.ts';

const SYSTICK_DEMO = 'firmware/build/blinky-systick.elf';
const BUTTON_DEMO = 'firmware/build/button-exti.elf';

/** What each word of the basic frame is (ARMv7-M ARM B1.5.6). */
const FRAME_MEANING: Record<string, string> = {
  r0: 'R0 when the interrupt came',
  r1: 'R1',
  r2: 'R2',
  r3: 'R3',
  r12: 'R12',
  lr: 'LR of the interrupted code',
  pc: 'the return address: the next instruction to run',
  xpsr: 'xPSR: flags, Thumb bit, and IPSR 0 (Thread mode)',
};

async function frame(context: LessonContext): Promise<string> {
  const run = await runFirmware(context, SYSTICK_DEMO, { seconds: 0.01, until: 'SysTick_Handler' });
  if (run === undefined) {
    return prose(
      runItYourself(`ui ${SYSTICK_DEMO}`) +
        ' Then B, SysTick_Handler, Enter sets a breakpoint there; c runs to it, and the Stack ' +
        'pane labels the frame.',
    );
  }
  const { machine, image } = run;
  const cpu = machine.cpu;
  const symbols = image.symbols;
  const sp = cpu.msp >>> 0;
  const lr = cpu.regs[14] >>> 0;
  const vector = machine.bus.read32((machine.vtor + 4 * 15) >>> 0) >>> 0;
  const systick = machine.ppb.systick;
  let out = prose(
    `Run here, the core reaches SysTick_Handler at ${seconds(machine.seconds)}, after ` +
      `${count(cpu.instructions)} instructions: SYST_RVR = ${count(systick.read(SYST_RVR))} ` +
      `(an exception every ${count(systick.read(SYST_RVR) + 1)} cycles, 1 ms at 16 MHz), ` +
      `SYST_CSR = ${hex32(systick.read(SYST_CSR) & 7)} (ENABLE, TICKINT, CLKSOURCE). The core ` +
      `found the handler in entry 15 of the vector table, at ${hex32(machine.vtor + 60)}: ` +
      `${hex32(vector)}, ${symbols.describe(vector & ~1) ?? '?'} with bit 0 set (Thumb).`,
  );
  out +=
    '\n' +
    prose(`Before its first instruction it pushed 8 words on the main stack, at ${hex32(sp)}:`);
  const rows = FRAME_WORDS.map((name, k) => {
    const word = machine.bus.read32(sp + 4 * k) >>> 0;
    const where = name === 'pc' || name === 'lr' ? symbols.describe(word & ~1) : undefined;
    const meaning = `${FRAME_MEANING[name]}${where ? ` (${where})` : ''}`;
    return `${hex32(sp + 4 * k)}  ${hex32(word)}  ${name.padEnd(4)}  ${meaning}`;
  });
  out += '\n' + listing('the frame', rows.join('\n'));
  out += prose(
    `IPSR is now ${cpu.ipsr}, SysTick's exception number, and LR holds ${excHex(lr)}, an ` +
      `EXC_RETURN (${describeExcReturn(lr)}): when the handler ends with bx lr, the core pops ` +
      'the 8 words back and goes on where it was. R0-R3, R12 and LR are what a C function may ' +
      'change, so the handler can be an ordinary C function.',
  );
  return out;
}

async function button(context: LessonContext): Promise<string> {
  const presses = [0.3, 0.7];
  const run = await runFirmware(context, BUTTON_DEMO, {
    seconds: 1,
    prepare: (machine) => presses.forEach((t) => pressAt(machine, 'B1', t, 0.1)),
  });
  if (run === undefined) {
    return prose(
      runItYourself(`run ${BUTTON_DEMO} --press B1@0.3+0.1 --press B1@0.7+0.1 --trace-gpio`),
    );
  }
  const changes = run.trace.of('PB7');
  const lines = changes.map(
    (e) =>
      `    ${seconds(e.atSeconds).padStart(8)}  LD2 ${e.level ? 'lit' : 'dark'}, in IPSR ${e.ipsr} ` +
      `(IRQ ${e.ipsr - 16}, EXTI15_10)`,
  );
  return (
    prose(
      `Run here with B1 pressed at ${presses.map((t) => seconds(t)).join(' and ')}, ` +
        `${count(run.machine.cpu.instructions)} instructions in ${seconds(run.machine.seconds)}: ` +
        'the core sleeps in WFI between presses. LD2 changed:',
    ) +
    '\n' +
    lines.join('\n') +
    '\n'
  );
}

export async function walkthrough(context: LessonContext): Promise<string> {
  let out = heading('SysTick: time from an interrupt');
  out += prose(
    'blinky-systick.c no longer counts loops. SysTick, a 24-bit counter in the core (ARMv7-M ' +
      'ARM B3.3), counts down from SYST_RVR to 0 at the processor clock; at 0 it reloads and, ' +
      'with TICKINT set, makes exception 15 pending. The core stops what it is doing, saves ' +
      'some registers, runs SysTick_Handler, and comes back. The handler counts milliseconds; ' +
      'the main loop sleeps in WFI and toggles LD1 every 500 of them.',
  );
  out += heading('The stacked frame');
  out += await frame(context);
  out += heading('A button on EXTI');
  out += prose(
    'button-exti.c wires B1 (PC13) to the NVIC: SYSCFG_EXTICR4 makes EXTI line 13 listen to ' +
      'port C, EXTI_RTSR makes a rising edge set EXTI_PR bit 13, EXTI_IMR lets it raise IRQ 40 ' +
      '(lines 10-15 share it), NVIC_ISER1 enables IRQ 40. The handler writes 1 to EXTI_PR bit ' +
      '13, or the NVIC would take the interrupt again the moment it returns, and toggles LD2.',
  );
  out += '\n' + (await button(context));
  return out;
}
