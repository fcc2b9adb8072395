/**
 * Lesson 8's walkthrough: 0xE7FE punched into memory and stepped on an emulated board (the PC
 * does not move), the encoding taken apart by the same code as `loom explain`, and the demo, a
 * program written as halfwords, run.
 */
import { Machine } from '../../chip/machine.ts';
import { explainInstruction } from '../../cpu/explain.ts';
import { hex32 } from '../../loader/error.ts';
import type { LessonContext } from '../lesson.ts';
import { bytesAt } from '../machine/program.ts';
import { runExercise } from '../machine/run.ts';
import { heading, listing, prose } from '../present.ts';

const AT = 0x2000_0100;

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`.trimEnd())
    .join('\n') + '\n';

/** 0xE7FE in memory at AT, the PC set there, three steps: the PC before and after each. */
function punchAndStep(): { bytes: string; steps: string[] } {
  const machine = new Machine();
  machine.bus.write16(AT, 0xe7fe);
  machine.startAt(AT);
  const bytes = Array.from(machine.bus.dump(AT, 2), (b) => b.toString(16).padStart(2, '0'));
  const steps: string[] = [];
  for (let k = 1; k <= 3; k++) {
    const before = machine.cpu.pc;
    machine.cpu.stopped = null;
    machine.run(1);
    steps.push(
      `    step ${k}: PC ${hex32(before)} -> ${hex32(machine.cpu.pc)}` +
        `   (${machine.cpu.instructions} executed, ${machine.cpu.cycles} cycles)`,
    );
  }
  return { bytes: bytes.join(' '), steps };
}

export async function walkthrough(context: LessonContext): Promise<string> {
  const punched = punchAndStep();
  let out = heading('Punch 0xE7FE into 0x20000100');
  out += prose(
    'An instruction is a number in memory, like any other. Here, on an emulated board, the ' +
      'halfword 0xE7FE is written to the DTCM RAM at 0x20000100, the PC (R15, the program ' +
      'counter: the address of the next instruction) is set to 0x20000100, and the core is ' +
      'stepped three times:',
  );
  out += `\n    0x20000100: ${punched.bytes}   (little-endian: the low byte, fe, first)\n\n`;
  out += punched.steps.join('\n') + '\n\n';
  out += prose(
    'The PC does not move. Each step fetches 0xE7FE, executes it, and it sends the PC back ' +
      'to 0x20000100. An assembler writes it `b .`, "branch to here": firmware ends with it ' +
      'when it has nothing left to do, and Loom stops a run there, because nothing could ever ' +
      'change what happens next.',
  );

  out += heading('0xE7FE taken apart');
  out += prose(
    'Why does it jump to itself? loom explain 0xe7fe --at 0x20000100 takes the bits apart with ' +
      "the same table of encodings Loom's core decodes with (ARMv7-M ARM, section A7.7):",
  );
  out += '\n' + indent((await explainInstruction(0xe7fe, 2, AT)).text);
  out +=
    '\n' +
    prose(
      'The top five bits, 11100, say "unconditional branch, encoding T2". The other eleven, ' +
        'imm11, are how far to go, counted in halfwords, because instructions are 2 or 4 bytes ' +
        "long and always start at an even address: the manual appends a '0' bit, which doubles " +
        "it. The number is in two's complement: its top bit is 1, so it is negative, and " +
        '11111111110 0 is -4. And a branch counts from the PC, which in Thumb state reads as the ' +
        'address of the instruction plus 4 (A5.1.2), two halfwords ahead: a legacy of the first ' +
        "ARM processors' three-stage pipeline, which had already fetched two instructions further " +
        'when one executed. So the target is PC + imm32 = (0x20000100 + 4) - 4: `b .` jumps four ' +
        'bytes back because the PC runs four bytes ahead.',
    );

  out += heading('A program as numbers');
  const source = context.read('punched.s');
  const lines = source.split('\n').filter((l) => l.includes('.hword'));
  out += prose('The demo, punched.s, is the sum of 1 to 5 written only with halfwords:');
  out += '\n' + listing('punched.s', lines.map((l) => l.slice(8)).join('\n'));
  const outcome = await runExercise(source, 'punched.s', { maxInstructions: 200, trace: {} });
  if (!outcome.ok) throw new Error(`lesson 8's demo: ${outcome.result.summary}`);
  const run = outcome.run;
  const r0 = run
    .trace!.steps.filter((s) => s.encoding === 'ADD (register) T1')
    .map((s) => s.regs[0]);
  out += prose(
    `Loaded at 0x20000100 it is the bytes ${bytesAt(run, AT, run.assembly.code.length)}, and it ` +
      `runs ${run.trace!.steps.length} instructions, R0 going ${r0.join(', ')}, up to the b . ` +
      `at ${hex32(run.machine.cpu.pc)}, where Loom stops it. Each halfword is one instruction; ` +
      'the fixed bits at the top say which one, the fields below say with what. Here is the ' +
      'second, movs r1, #5:',
  );
  out += '\n' + indent((await explainInstruction(0x2105, 2)).text);
  out +=
    '\n' +
    prose(
      'MOV (immediate) T1 is 00100, then Rd (which register: 001 is R1), then imm8, the number ' +
        '(00000101 is 5). `loom explain` takes apart any halfword this way, and a 32-bit ' +
        'instruction given as two.',
    );

  out += heading('Step it yourself');
  out += prose(
    'The terminal UI opens punched.bin, these twelve bytes and nothing else, loaded at ' +
      '0x20000100 and paused there. The Code pane shows what each halfword decodes to; s steps one: watch R0, R1, the Z flag that subs sets when R1 ' +
      'reaches 0, and the bne that stops going back then. At the end, s again: the PC stays on ' +
      'the b . at 0x2000010a.',
  );
  return out;
}
