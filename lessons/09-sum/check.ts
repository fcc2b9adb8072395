/**
 * Lesson 9's checker: the student's sum runs one instruction at a time with N = 5, and the
 * values R0 goes through must be the running sums of 1..5 (counting up or down): the loop really
 * adds, five times. Then it runs again with other values of N, expecting N(N+1)/2 each time.
 */
import { hex32 } from '../../loader/error.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';
import { checkEnding, stepTable } from '../machine/program.ts';
import { runExercise, type LessonRun } from '../machine/run.ts';
import { Verdict } from '../machine/verdict.ts';

export const N = 5;
/** The other values of N the program must work for. */
export const OTHER_N = [1, 10, 100];

const EQU = /^(\s*\.(?:equ|set)\s+N\s*,\s*)([^@\s/]+)/m;
const sumTo = (n: number) => (n * (n + 1)) / 2;

/** The running sums of 1..n, adding 1 first (up) or n first (down). */
function runningSums(n: number, up: boolean): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) out.push((sum += up ? k : n + 1 - k));
  return out;
}

const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, k) => x === b[k]);

/** The values R0 took, in order, and the instructions that wrote them. */
function r0Values(run: LessonRun): { value: number; encoding: string; pc: number }[] {
  const out: { value: number; encoding: string; pc: number }[] = [];
  let last = 0;
  for (const step of run.trace!.steps) {
    if (step.regs[0] !== last)
      out.push({ value: step.regs[0], encoding: step.encoding, pc: step.pc });
    last = step.regs[0];
  }
  return out;
}

/** What the sequence of R0 says about a wrong loop. */
function diagnose(values: number[]): string {
  if (values.length === 0) {
    return 'R0 never changed: nothing adds to it. The loop needs adds r0, r0, r1.';
  }
  for (const up of [true, false]) {
    const all = runningSums(N, up);
    if (values.length < N && same(values, all.slice(0, values.length))) {
      const added = up ? `1 to ${values.length}` : `${N} down to ${N + 1 - values.length}`;
      return (
        `The loop added ${added} and stopped one number too early. Look at the branch at the ` +
        'end: after cmp r1, #N, which condition goes on when R1 is equal to N? (lt: R1 < N; ' +
        'le: R1 <= N; ne: R1 != N.)'
      );
    }
  }
  const up = runningSums(N + 1, true);
  if (values.length === N + 1 && same(values, up)) {
    return 'The loop added 1 to 6: one number too many. Which condition stops it after N?';
  }
  const first = values[0];
  if (first !== 1 && first !== N) {
    return (
      `The first add made R0 = ${first}: the loop should start by adding 1 (or N, counting ` +
      'down). Is R1 right before the loop, and is it changed before or after the add?'
    );
  }
  return 'Step it with loom ui FILE and compare R0 after each add with 1, 3, 6, 10, 15.';
}

function checkSum(v: Verdict, run: LessonRun): void {
  const r0 = run.machine.cpu.regs[0] >>> 0;
  const values = r0Values(run);
  const list = values.map((x) => x.value);
  const counted = same(list, runningSums(N, true)) || same(list, runningSums(N, false));
  if (r0 === sumTo(N) && counted) {
    const adds = values.map((x) => x.encoding);
    v.pass(
      `R0 = ${r0}, and it got there one add at a time: R0 went ${list.join(', ')} ` +
        `(${adds.length} times ${adds[0]}, at ${hex32(values[0].pc)}).`,
    );
    return;
  }
  if (r0 === sumTo(N)) {
    const by = values.length === 0 ? undefined : values[values.length - 1];
    v.fail(
      'R0 = 15, but not from a loop that adds',
      `R0 = 15, but R0 went ${list.join(', ')}` +
        (by === undefined ? '.' : `, last written by ${by.encoding} at ${hex32(by.pc)}.`),
      `The exercise is the loop: R0 should go 1, 3, 6, 10, 15, one add of R1 each time round.`,
    );
    return;
  }
  v.fail(
    `R0 = ${r0}, not ${sumTo(N)}`,
    `R0 ends ${r0}; 1 + 2 + 3 + 4 + 5 is ${sumTo(N)}.` +
      (list.length > 0 ? ` R0 went ${list.join(', ')}.` : ''),
    diagnose(list),
    `Its first steps:\n${stepTable(run, [0, 1], 14)}`,
  );
}

/** Lines that use the number N stands for, rather than N. */
function literalLines(source: string): string[] {
  return source
    .split('\n')
    .map((l, k) => [k + 1, l.replace(/@.*$/, '')] as const)
    .filter(([, code]) => /^\s*[a-z]/i.test(code) && new RegExp(`#${N}\\b`).test(code))
    .map(([k, code]) => `line ${k}: ${code.trim()}`);
}

async function checkOtherN(v: Verdict, source: string, file: string): Promise<void> {
  const good: string[] = [];
  for (const n of OTHER_N) {
    const changed = source.replace(EQU, `$1${n}`);
    const outcome = await runExercise(changed, file, { maxInstructions: 20_000 });
    if (!outcome.ok) return;
    const run = outcome.run;
    const r0 = run.machine.cpu.regs[0] >>> 0;
    if (run.stop.kind === 'halted' && r0 === sumTo(n)) {
      good.push(`${sumTo(n)} for N = ${n}`);
      continue;
    }
    const ended =
      run.stop.kind === 'halted' ? `R0 = ${r0}` : `it did not end (${run.stop.message})`;
    const literal = literalLines(source);
    v.fail(
      `with N = ${n}, R0 = ${r0}, not ${sumTo(n)}`,
      `With .equ N, ${n} the program should end with R0 = ${sumTo(n)}; ${ended}.`,
      literal.length > 0
        ? `These lines use ${N} where the program means N: ${literal.join('; ')}.`
        : 'Is N used everywhere the program means "the last number"? Try it: change the .equ ' +
            'line and run it with loom run.',
    );
    return;
  }
  v.pass(`With other values of N too: R0 = ${good.join(', ')}.`);
}

export async function check(
  source: string,
  file: string,
  _context: LessonContext,
): Promise<CheckResult> {
  const v = new Verdict();
  const equ = EQU.exec(source);
  if (equ === null) {
    v.fail(
      'no .equ N',
      `${file} has no ".equ N, 5" line.`,
      'The program names its last number N (.equ N, 5) and uses N: the checker runs it with ' +
        'other values of N too. Put the line back (loom lesson reset 9 shows the starter).',
    );
    return v.result('');
  }
  const five = source.replace(EQU, `$1${N}`);
  const outcome = await runExercise(five, file, { maxInstructions: 20_000, trace: {} });
  if (!outcome.ok) return outcome.result;
  const run = outcome.run;
  if (checkEnding(v, run)) {
    checkSum(v, run);
    if (!v.failed) await checkOtherN(v, source, file);
  }
  return v.result(
    `all right: R0 = 15 one add at a time, and N(N+1)/2 for N = ${OTHER_N.join(', ')}`,
  );
}
