/**
 * Lesson 8's checker: the four halfwords between the markers must be punched by hand (no
 * mnemonics there), each is compared with the right encoding field by field, and the program is
 * run to see the loop they make: the ADD executed once per count of R1, R0 = 42 + 7 + ... + 1.
 */
import { hex32 } from '../../loader/error.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';
import { checkEnding, value } from '../machine/program.ts';
import { cannotRun, runExercise, type LessonRun } from '../machine/run.ts';
import { Verdict } from '../machine/verdict.ts';
import { asmOf, BEGIN, compare, END, mnemonicLines, type Punch } from './punches.ts';

export const PUNCHES: Punch[] = [
  { asm: 'movs r0, #42', raw: 0x202a },
  { asm: 'adds r0, r0, r1', raw: 0x1840 },
  { asm: 'subs r1, r1, #1', raw: 0x1e49 },
  { asm: 'bne to halfword 2', raw: 0xd1fc },
];

/** The halfwords the region's lines assembled to, with their addresses. */
function punched(run: LessonRun, from: number, to: number): { address: number; raw: number }[] {
  const out: { address: number; raw: number }[] = [];
  for (const line of run.assembly.lines) {
    if (line.line <= from + 1 || line.line >= to + 1 || line.address === undefined) continue;
    for (let k = 0; k + 1 < line.bytes.length; k += 2) {
      out.push({ address: line.address + k, raw: line.bytes[k] | (line.bytes[k + 1] << 8) });
    }
  }
  return out;
}

/** The loop, as it ran: how many times the ADD ran, and R0 at the end. */
function checkLoop(v: Verdict, run: LessonRun, addAt: number): void {
  const trace = run.trace!;
  const adds = trace.steps.filter((s) => s.pc === addAt);
  const r1 = adds.length > 0 ? trace.steps[trace.steps.indexOf(adds[0]) - 1]?.regs[1] : undefined;
  const n = r1 ?? 7;
  const expected = 42 + (n * (n + 1)) / 2;
  const r0 = run.machine.cpu.regs[0] >>> 0;
  const ran = `the instruction at ${hex32(addAt)} ran ${adds.length} time${adds.length === 1 ? '' : 's'}`;
  if (
    r0 === expected &&
    adds.length === n &&
    adds.every((s) => s.encoding === 'ADD (register) T1')
  ) {
    v.pass(
      `It loops: ${ran}, R1 counting ${n} down to 1, and R0 = ${value(r0)} = 42 + ${n} + ... + 1.`,
    );
    return;
  }
  v.fail(
    `R0 = ${r0}, not ${expected}`,
    `R0 ends ${value(r0)}; with R1 = ${n} it should be 42 + ${n} + ... + 1 = ${expected}.`,
    `In the run, ${ran} (it should run ${n} times, once for each value of R1).`,
    'Fix the halfwords marked ✗ above; then loom ui FILE and s show each one at work.',
  );
}

export async function check(
  source: string,
  file: string,
  _context: LessonContext,
): Promise<CheckResult> {
  const lines = source.split(/\r?\n/);
  const from = lines.findIndex((l) => BEGIN.test(l));
  const to = lines.findIndex((l, k) => k > from && END.test(l));
  if (from < 0 || to < 0) {
    return cannotRun(
      file,
      'the marker lines are gone',
      'Put back "@ --- punch below: .hword lines only ---" and "@ --- end of punching ---" ' +
        'around your halfwords: the checker looks between them (loom lesson reset 8 gives the ' +
        'starter again).',
    );
  }
  const v = new Verdict();
  const mnemonics = mnemonicLines(lines, from, to);
  if (mnemonics.length > 0) {
    for (const [line, text] of mnemonics) {
      v.fail(
        `line ${line} is not a .hword`,
        `${file} line ${line}: "${text}" is not a .hword.`,
        'Between the markers the bits are punched by hand: .hword 0x.... with the 16 bits of ' +
          'the instruction. loom explain 0x.... checks what yours decode to.',
      );
    }
    return v.result('');
  }
  const outcome = await runExercise(source, file, { maxInstructions: 5000, trace: {} });
  if (!outcome.ok) return outcome.result;
  const run = outcome.run;
  const found = punched(run, from, to);
  if (found.length !== PUNCHES.length) {
    v.fail(
      `${found.length} halfwords, not ${PUNCHES.length}`,
      `There are ${found.length} halfwords between the markers; the exercise punches ` +
        `${PUNCHES.length}, one per instruction: ${PUNCHES.map((p) => p.asm).join('; ')}.`,
    );
    return v.result('');
  }
  for (const [k, punch] of PUNCHES.entries()) {
    const { address, raw } = found[k];
    const h = `0x${raw.toString(16).padStart(4, '0')}`;
    if (raw === punch.raw) {
      v.pass(`Halfword ${k + 1} at ${hex32(address)}: ${h}, ${await asmOf(raw, address)}.`);
    } else {
      v.fail(
        `halfword ${k + 1} (${punch.asm}) is wrong`,
        `Halfword ${k + 1} at ${hex32(address)} is ${h}; ${punch.asm} is ` +
          `0x${punch.raw.toString(16).padStart(4, '0')}.`,
        ...(await compare(punch, raw, address)),
      );
    }
  }
  if (checkEnding(v, run)) checkLoop(v, run, found[1].address);
  return v.result('all right: four halfwords punched by hand, and the loop they make runs');
}
