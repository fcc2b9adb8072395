/**
 * Lesson 9's walkthrough: firmware/sum.s as the assembler lays it out (address, bytes, source),
 * then run here one instruction at a time, with R0, R1 and the flags after each.
 */
import { hex32 } from '../../loader/error.ts';
import type { LessonContext } from '../lesson.ts';
import { stepTable } from '../machine/program.ts';
import { runExercise } from '../machine/run.ts';
import { heading, prose } from '../present.ts';

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
    .join('\n') + '\n';

export async function walkthrough(context: LessonContext): Promise<string> {
  const source = context.read('../../firmware/sum.s');
  const outcome = await runExercise(source, 'sum.s', { maxInstructions: 200, trace: {} });
  if (!outcome.ok) throw new Error(`lesson 9's demo: ${outcome.result.summary}`);
  const run = outcome.run;

  let out = heading('The program and its bytes');
  out += prose(
    "firmware/sum.s adds 1 + 2 + 3 + 4 + 5 the way lesson 6's punched card did, with R0 for " +
      'the sum and R1 for the number to add. Loom assembles it (loom asm firmware/sum.s --base ' +
      '0x20000100 shows the same listing): each line gets its address and its bytes.',
  );
  const rows = run.assembly.lines
    .filter((l) => l.bytes.length > 0 && l.address !== undefined)
    .map((l) => {
      const bytes = Array.from(l.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
      return `${hex32(l.address!)}  ${bytes.padEnd(6)}  ${l.source.trim()}`;
    });
  out += '\n' + indent(rows.join('\n')) + '\n';
  out += prose(
    'Twelve bytes, six instructions. The label loop is just a name for 0x20000104; bne loop ' +
      'became fc d1, which is 0xD1FC: B T1 with cond NE and imm8 -4 halfwords, ' +
      'from 0x20000108 + 4 back to 0x20000104 (lesson 8 punched the same halfword). movs, adds and subs ' +
      'set the flags (the S): subs sets Z, "zero", when R1 reaches 0, and bne ("branch if not ' +
      'equal", if Z is 0) goes round again until then.',
  );

  out += heading('Stepping it');
  out += prose('Run here one instruction at a time, from 0x20000100:') + '\n';
  out += indent(stepTable(run, [0, 1], 40)) + '\n';
  const adds = run.trace!.steps.filter((s) => s.encoding.startsWith('ADD')).length;
  out += prose(
    `${run.trace!.steps.length} instructions, the add ${adds} times, R0 going 5, 9, 12, 14, 15: ` +
      `R0 = ${run.machine.cpu.regs[0]} at the end, and the PC on the b . at ` +
      `${hex32(run.machine.cpu.pc)}, where Loom stops. Flags are only shown when set: Z when ` +
      'a result was zero (movs r0, #0 and the last subs), C after each subs that did not ' +
      'borrow (in a subtraction, ARM\'s carry means "no borrow").',
  );

  out += heading('Step it yourself');
  out += prose(
    'The terminal UI opens sum.s paused at 0x20000100. s steps one instruction (the registers ' +
      'it changed turn red), c runs, r starts again. Put a breakpoint on the adds (cursor on ' +
      'it, then b) and press c: each stop is one time round the loop. Try loom run ' +
      'firmware/sum.s for the registers at the end without the UI.',
  );
  return out;
}
