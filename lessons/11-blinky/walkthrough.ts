/**
 * Lesson 11's walkthrough: the three registers of a blinky, blinky-registers.elf run headless
 * (its register values, LD1's changes measured), ODR against BSRR, and what Loom says about a
 * port written without its clock (a three-line program run here).
 */
import { hex32 } from '../../loader/error.ts';
import { GPIO_MODER, GPIO_ODR } from '../../peripherals/gpio.ts';
import { RCC_AHB1ENR } from '../../peripherals/rcc.ts';
import type { LessonContext } from '../lesson.ts';
import { runFirmware, runItYourself } from '../machine/firmware.ts';
import { runExercise } from '../machine/run.ts';
import { intervals } from '../machine/trace.ts';
import { count, seconds } from '../machine/verdict.ts';
import { heading, listing, prose } from '../present.ts';

const DEMO = 'firmware/build/blinky-registers.elf';

const NO_CLOCK = [
  '        ldr r0, =0x40020400     @ GPIOB_MODER',
  '        movs r1, #1             @ MODER0 = 01: PB0 an output',
  '        str r1, [r0]',
  '        b .',
].join('\n');

async function measured(context: LessonContext): Promise<string> {
  const run = await runFirmware(context, DEMO, { seconds: 1.1 });
  if (run === undefined) {
    return prose(runItYourself(`run ${DEMO} --max-time 1.1 --trace-gpio`));
  }
  const { machine, trace } = run;
  const rcc = machine.chip.rcc;
  const port = machine.chip.gpio.B;
  const changes = trace.of('PB0');
  const dts = intervals(changes);
  const cycles = dts[0] * machine.hclkHz;
  let out = prose(
    `Run here for ${seconds(machine.seconds)} of emulated time, it left RCC_AHB1ENR = ` +
      `${hex32(rcc.read(RCC_AHB1ENR, 4))} (bit 1, GPIOBEN, now set; bit 20 was set at reset) ` +
      `and GPIOB_MODER = ${hex32(port.read(GPIO_MODER, 4))}: bits 1:0 are 01, PB0 an ` +
      'output, and bits 9:6 still 1010, PB3 and PB4 in their alternate functions (the debug ' +
      'pins), because the program changed only its own two bits. LD1 changed at:',
  );
  out +=
    '\n' +
    changes
      .map((e) => `    ${seconds(e.atSeconds).padStart(8)}  LD1 ${e.level ? 'lit' : 'dark'}`)
      .join('\n') +
    '\n\n';
  out += prose(
    `Every ${seconds(dts[0])}: ${count(cycles)} cycles of the 16 MHz HSI. The busy-wait goes ` +
      'round 2,666,667 times, 3 cycles each in Loom (SUBS 1, a taken BNE 2), and the store and ' +
      `the branch round the loop take the last few. GPIOB_ODR is ` +
      `${hex32(port.read(GPIO_ODR, 4))} now.`,
  );
  return out;
}

export async function walkthrough(context: LessonContext): Promise<string> {
  let out = heading('Three registers make a blinky');
  out += prose(
    "LD1, the Nucleo's green LED, is wired to pin PB0: pin 0 of GPIO port B. The demo, " +
      'firmware/blinky-registers.c, drives it with three registers (RM0385 5.3.10, 6.4.1, 6.4.7):',
  );
  out +=
    '\n' +
    listing(
      'the registers',
      [
        'RCC_AHB1ENR  0x40023830  bit 1, GPIOBEN: port B gets its clock',
        'GPIOB_MODER  0x40020400  two bits a pin: 00 input, 01 output, 10 alternate, 11 analog',
        'GPIOB_ODR    0x40020414  what the output pins drive: bit n is pin n',
        'GPIOB_BSRR   0x40020418  write 1 to bit n: pin n high; to bit n + 16: pin n low',
      ].join('\n'),
    );
  out += prose('Its main, in C (lines shortened):') + '\n';
  out += listing(
    'blinky-registers.c',
    [
      'RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;',
      'GPIOB->MODER = (GPIOB->MODER & ~(3u << 0)) | (1u << 0);',
      'for (;;) {',
      '  GPIOB->BSRR = 1u << 0;   /* LD1 on */',
      '  busy_wait(2666667);',
      '  GPIOB->BSRR = 1u << 16;  /* LD1 off */',
      '  busy_wait(2666667);',
      '}',
    ].join('\n'),
  );
  out += prose(
    'Each |= and each &= is a load, a change and a store: a read-modify-write, which leaves ' +
      'the other pins as they were.',
  );
  out += heading('What the board shows');
  out += await measured(context);

  out += heading('ODR or BSRR');
  out += prose(
    'ODR ^= 1 toggles PB0 too, but it is a load and a store: if an interrupt handler changes ' +
      'another pin of port B in between, the store puts that pin back. A write to BSRR changes ' +
      'only the pins whose bits are 1, in one store: nothing to read, nothing to undo. Writing ' +
      'ODR = 1 is worse: it turns every other pin of the port off.',
  );

  out += heading('Without the clock');
  const outcome = await runExercise(NO_CLOCK, 'no-clock.s', { maxSeconds: 0.001 });
  if (!outcome.ok) throw new Error(`lesson 11's walkthrough: ${outcome.result.summary}`);
  const { machine } = outcome.run;
  const said = machine.diagnostics.list.map((d) => `    loom: ${d.message}`).join('\n');
  out += prose(
    'A peripheral without its clock ignores writes and reads 0. This program skips the RCC:',
  );
  out += '\n' + listing('no-clock.s', NO_CLOCK.replace(/^ {8}/gm, ''));
  out += prose(
    'Run here, it leaves GPIOB_MODER at ' +
      `${hex32(machine.chip.gpio.B.read(GPIO_MODER, 4))}, its reset value, and Loom says:`,
  );
  out += `\n${said}\n\n`;
  out += prose(
    'A real chip says nothing: the LED just stays dark. Loom says it once, in loom run, the ' +
      'terminal UI and the checker.',
  );
  return out;
}
