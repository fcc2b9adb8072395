/**
 * Lesson 10's checker: the student's startup.s goes to flash at 0x08000000 and the board starts
 * it through reset, with RAM full of garbage first. It checks the vector table's words (the
 * initial SP, the Reset vector and its Thumb bit), then the run one instruction at a time: that
 * the reset handler copied .data's word from flash and zeroed .bss's before calling sum, and
 * that sum returned 15 to the final `b .`. A fault is caught as its handler is entered and
 * explained from the fault status registers.
 */
import { exceptionName } from '../../cpu/exceptions.ts';
import { hex32 } from '../../loader/error.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';
import { ExceptionWatch, explainFault } from '../machine/faults.ts';
import { value } from '../machine/program.ts';
import { labelAddress, runExercise, type LessonRun } from '../machine/run.ts';
import { Verdict } from '../machine/verdict.ts';

export const FLASH = 0x0800_0000;
const RAM = 0x2000_0000;
const RAM_END = 0x2005_0000;
const LAST = 0x2000_0000;
const ROUNDS = 0x2000_0004;
/** What RAM holds when the program starts: not zeros, as after a reset on a board. */
export const GARBAGE = 0xdead_beef;
const N = 5;

const word = (run: LessonRun, offset: number) =>
  new DataView(run.assembly.code.buffer, run.assembly.code.byteOffset).getUint32(offset, true);

function checkSp(v: Verdict, sp: number): void {
  const at = `Word 0 of the vector table (0x08000000), the initial SP_main, is ${hex32(sp)}`;
  if (sp === 0) {
    v.fail(
      'the initial SP is 0',
      `${at}.`,
      'The stack pointer must point just past the RAM the stack may use: it grows down, and ' +
        'each push (and each exception entry) writes below it. With SP = 0 the first push ' +
        'writes to 0xfffffffc, where there is no memory. STACK_TOP, the end of RAM, is the usual ' +
        'choice.',
    );
  } else if (sp <= RAM || sp > RAM_END) {
    v.fail(
      `the initial SP ${hex32(sp)} is not in RAM`,
      `${at}: that is not in RAM.`,
      `The stack lives in RAM, from ${hex32(RAM)} up to ${hex32(RAM_END)}; SP starts at its ` +
        'end and grows down. Flash cannot be written by a store.',
    );
  } else if (sp % 8 !== 0) {
    v.fail(
      `the initial SP ${hex32(sp)} is not a multiple of 8`,
      `${at}: not a multiple of 8.`,
      'The procedure call standard (AAPCS) keeps the stack 8-byte aligned at every call, and ' +
        'compiled code relies on it (a 64-bit value on the stack, a printf of a double). Reset ' +
        'only forces bits 1:0 to 0 (B1.5.5): SP_main should be a multiple of 8 itself.',
    );
  } else {
    v.pass(`${at}: in RAM, a multiple of 8; the stack grows down from there.`);
  }
}

function checkResetVector(v: Verdict, run: LessonRun, reset: number): void {
  const handler = labelAddress(run, 'reset_handler');
  const at = `Word 1, the Reset vector, is ${hex32(reset)}`;
  if (handler === undefined) {
    v.fail('no reset_handler', 'There is no label reset_handler.', "Put back the starter's.");
    return;
  }
  if ((reset & ~1) >>> 0 !== handler) {
    v.fail(
      'the Reset vector does not point to reset_handler',
      `${at}; reset_handler is at ${hex32(handler)}.`,
      "The core jumps to this address at reset: it should be reset_handler's, with bit 0 set.",
    );
    return;
  }
  if ((reset & 1) === 0) {
    v.fail(
      'the Reset vector has bit 0 clear',
      `${at}: reset_handler's address, but with bit 0 clear.`,
      'Bit 0 of a vector is the Thumb bit: at reset the core copies it to EPSR.T (B1.5.5). The ' +
        'Cortex-M runs only Thumb code, so with T = 0 its very first instruction takes a ' +
        'UsageFault, INVSTATE (B1.5.6); UsageFault is not enabled at reset, so it becomes a ' +
        'HardFault. .thumb_func on the line before reset_handler: makes the assembler set ' +
        'bit 0 of its address wherever it is used as data.',
    );
    return;
  }
  v.pass(`${at}: reset_handler (${hex32(handler)}) with bit 0, the Thumb bit, set.`);
}

/** How the run ended: at `done`, or why not. */
function checkEnd(v: Verdict, run: LessonRun, watch: ExceptionWatch): boolean {
  const pc = run.machine.cpu.pc >>> 0;
  const done = labelAddress(run, 'done');
  if (watch.fault !== null) {
    v.fail(
      `it faulted: ${exceptionName(watch.fault.exception)}`,
      `It did not reach done: the core took a fault, caught as ${exceptionName(watch.fault.exception)} was entered.`,
      ...explainFault(watch.fault),
    );
    return false;
  }
  const stop = run.stop;
  if (stop.kind === 'halted' && done !== undefined && pc === done) {
    v.pass(`It booted through reset and stopped at done (${hex32(pc)}).`);
    return true;
  }
  if (stop.kind === 'halted') {
    const ipsr = run.machine.cpu.ipsr;
    v.fail(
      'it stopped before done',
      `It stopped at a b . at ${hex32(pc)}, not at done` +
        (ipsr !== 0 ? `, in the handler of ${exceptionName(ipsr)}.` : '.'),
    );
    return false;
  }
  v.fail(
    'it never reached done',
    `It did not reach done: ${stop.message} (the PC was at ${hex32(pc)}).`,
    stop.kind === 'lockup'
      ? 'Lockup: a fault the core could not even report, usually because the vector table or ' +
          'the stack is wrong (see above).'
      : '',
  );
  return false;
}

/**
 * What happened before sum was called: .data copied, .bss zeroed; and, when the run reached
 * done (`ended`), what sum made of them.
 */
function checkStartup(v: Verdict, run: LessonRun, ended: boolean): void {
  const trace = run.trace!;
  const sum = labelAddress(run, 'sum');
  const dataLoad = labelAddress(run, 'data_load');
  const entry = trace.steps.findIndex((s) => s.pc === sum);
  const before = entry < 0 ? trace.steps.length : entry;
  const early = <T extends { step: number }>(list: T[]) => list.filter((a) => a.step < before);
  const last = run.machine.bus.read32(LAST) >>> 0;
  const rounds = run.machine.bus.read32(ROUNDS) >>> 0;

  const copied = early(trace.storesTo(LAST, 4));
  const fromFlash = dataLoad === undefined ? [] : early(trace.loadsFrom(dataLoad, 4));
  if (copied.length === 0) {
    v.fail(
      '.data was not copied',
      `last (${hex32(LAST)}) was not written before sum was called: it held ${value(last)}, ` +
        "RAM's garbage, and sum counted down from that.",
      `The reset handler copies .data's first values from flash: the word at data_load ` +
        `(${dataLoad === undefined ? '?' : hex32(dataLoad)}) to ${hex32(LAST)}: a load, then ` +
        'a store.',
    );
  } else if (last === dataLoad) {
    v.fail(
      '.data: last holds the address of data_load',
      `last (${hex32(LAST)}) holds ${hex32(last)}: data_load's address, not the word there.`,
      'ldr r0, =data_load puts the address in R0; ldr r1, [r0] then reads the word it points ' +
        'to, and that word is what goes to RAM.',
    );
  } else if (fromFlash.length === 0) {
    v.fail(
      '.data was not copied from flash',
      `last was written (by ${copied[0].encoding} at ${hex32(copied[0].pc)}) but data_load, the ` +
        'word in flash, was never read.',
      "The initial value is the one in flash: ldr from data_load's address. A C program's " +
        '.data may hold many values; the startup code copies them all, whatever they are.',
    );
  } else if (last !== N) {
    v.fail(
      `.data: last = ${value(last)}, not ${N}`,
      `last (${hex32(LAST)}) was written, but holds ${value(last)}, not ${N}.`,
      'Is it the word read from data_load that is stored?',
    );
  } else {
    v.pass(
      `.data: last = ${N}, read from flash at ${hex32(dataLoad!)} and stored by ` +
        `${copied[0].encoding} at ${hex32(copied[0].pc)}, before sum was called.`,
    );
  }

  const zeroed = early(trace.storesTo(ROUNDS, 4));
  if (zeroed.length === 0) {
    v.fail(
      '.bss was not zeroed',
      `rounds (${hex32(ROUNDS)}) was not written before sum was called: it started at ` +
        `${hex32(GARBAGE)}, RAM's garbage, and ended ${value(rounds)}.`,
      'C promises that a variable with no initial value starts at 0: the reset handler stores ' +
        'zeros over all of .bss before main runs.',
    );
  } else if (ended && rounds !== N) {
    v.fail(
      `.bss: rounds ended ${value(rounds)}, not ${N}`,
      `rounds (${hex32(ROUNDS)}) was written before sum, but ended ${value(rounds)}: sum adds 1 ` +
        `${N} times, so it did not start at 0.`,
    );
  } else {
    const counted = ended ? `, and sum counted ${rounds} rounds` : '';
    v.pass(`.bss: rounds was zeroed before sum${counted}.`);
  }

  if (entry < 0) {
    v.fail('sum was never called', 'sum was never called: bl sum calls it.');
    return;
  }
  const call = trace.steps[entry - 1];
  const r0 = run.machine.cpu.regs[0] >>> 0;
  if (call?.encoding !== 'BL T1') {
    v.fail(
      'sum was not called with bl',
      `sum was entered from ${call?.encoding ?? '?'}, not a BL.`,
    );
  } else if (!ended) {
    v.fail('sum did not return', `sum was called by bl at ${hex32(call.pc)} but did not return.`);
  } else if (r0 !== (N * (N + 1)) / 2) {
    v.fail(`R0 = ${value(r0)}, not 15`, `sum returned R0 = ${value(r0)}; with last = 5 it is 15.`);
  } else {
    v.pass(`sum was called by bl at ${hex32(call.pc)} and returned R0 = 15.`);
  }
}

export async function check(
  source: string,
  file: string,
  _context: LessonContext,
): Promise<CheckResult> {
  let watch: ExceptionWatch | undefined;
  const outcome = await runExercise(source, file, {
    base: FLASH,
    maxInstructions: 20_000,
    trace: {
      stores: [
        { address: RAM, length: RAM_END - RAM },
        { address: FLASH, length: 0x1000 },
      ],
    },
    prepare(machine) {
      for (let a = RAM; a < RAM + 0x100; a += 4) machine.bus.write32(a, GARBAGE);
      watch = new ExceptionWatch(machine);
    },
  });
  if (!outcome.ok) return outcome.result;
  const run = outcome.run;
  const v = new Verdict();
  if (run.assembly.code.length < 8) {
    v.fail('no vector table', `${file} is too short to hold a vector table.`);
    return v.result('');
  }
  checkSp(v, word(run, 0));
  checkResetVector(v, run, word(run, 4));
  const ended = checkEnd(v, run, watch!);
  if (ended || run.trace!.steps.length > 1) checkStartup(v, run, ended);
  return v.result('all right: booted through reset, .data copied, .bss zeroed, R0 = 15');
}
