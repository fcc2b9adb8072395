/**
 * Lesson 7's checker: runs the student's cells.s one instruction at a time and looks at what it
 * did, not only at what it left: which instruction stored each cell and with what width, where
 * each register's value was loaded from, and which store lit the LED.
 */
import { hex32 } from '../../loader/error.ts';
import type { CheckResult, LessonContext } from '../lesson.ts';
import { bytesAt, checkEnding, hex, value } from '../machine/program.ts';
import { runExercise, type LessonRun } from '../machine/run.ts';
import { StepTrace, type Access } from '../machine/steps.ts';
import { Verdict } from '../machine/verdict.ts';

const RAM = { address: 0x2000_0000, length: 0x5_0000 };
/** GPIOA to GPIOK and the RCC. */
const GPIO_RCC = { address: 0x4002_0000, length: 0x3c00 };
const GPIOB = 0x4002_0400;
const GPIO_ODR = 0x14;
const GPIO_BSRR = 0x18;
const RCC_AHB1ENR = 0x4002_3830;
const PORTS = 'ABCDEFGHIJK';

/** A cell (or cells) the exercise asks to store, and with which instruction. */
interface CellTask {
  address: number;
  value: number;
  bytes: 1 | 2 | 4;
}

const INSTRUCTION = { 1: 'STRB', 2: 'STRH', 4: 'STR' } as const;
const WORD = { address: 0x2000_0400, value: 0xcafe_f00d, bytes: 4 } as const;
const BYTES: CellTask[] = [0x11, 0x22, 0x33, 0x44].map((v, k) => ({
  address: 0x2001_0000 + k,
  value: v,
  bytes: 1,
}));
const HALF = { address: 0x2001_0006, value: 0xbeef, bytes: 2 } as const;
const TASKS: CellTask[] = [WORD, ...BYTES, HALF];

/** A register loaded from a cell. */
interface LoadTask {
  r: number;
  address: number;
  bytes: 1 | 4;
  value: number;
  why: string;
}

const LOADS: LoadTask[] = [
  {
    r: 5,
    address: 0x2001_0000,
    bytes: 4,
    value: 0x4433_2211,
    why: 'the byte at the lowest address, 0x11, is the lowest byte of the word (little-endian)',
  },
  {
    r: 7,
    address: 0x2001_0004,
    bytes: 4,
    value: 0xbeef_0000,
    why: 'the halfword at 0x20010006 is the upper half of the word at 0x20010004',
  },
  {
    r: 6,
    address: 0x2000_0400,
    bytes: 1,
    value: 0x0d,
    why: 'the byte at 0x20000400 is the lowest byte of 0xCAFEF00D',
  },
];

const by = (a: Access) => `${a.encoding} at ${hex32(a.pc)}`;
const read = (run: LessonRun, address: number, bytes: number) =>
  bytes === 1
    ? run.machine.bus.read8(address)
    : bytes === 2
      ? run.machine.bus.read16(address)
      : run.machine.bus.read32(address) >>> 0;

/** The bytes of `v` in the other order: what a big-endian machine would have stored. */
const swapped = (v: number, bytes: number) => {
  let out = 0;
  for (let k = 0; k < bytes; k++) out = out * 256 + ((v >>> (8 * k)) & 0xff);
  return out >>> 0;
};

/** Whether `address` is in the program's own bytes (its code and its constants). */
const inProgram = (run: LessonRun, address: number) =>
  address >= run.assembly.base && address < run.assembly.base + run.assembly.code.length;

/** Stores into RAM that no task asked for, other than to the program itself. */
function strayStores(trace: StepTrace): Access[] {
  return trace.accesses.filter(
    (a) =>
      a.kind === 'store' &&
      a.address >= RAM.address &&
      a.address < RAM.address + RAM.length &&
      !TASKS.some((t) => a.address < t.address + t.bytes && t.address < a.address + a.bytes),
  );
}

function elsewhere(trace: StepTrace): string {
  const stray = strayStores(trace);
  if (stray.length === 0) return '';
  const list = stray.slice(0, 4).map((a) => `${hex32(a.address)} (${by(a)})`);
  return `Stores of yours that went elsewhere: ${list.join(', ')}${stray.length > 4 ? ', ...' : ''}.`;
}

function checkWord(v: Verdict, run: LessonRun, trace: StepTrace): void {
  const t = WORD;
  const at = hex32(t.address);
  const actual = read(run, t.address, 4);
  const stores = trace.storesTo(t.address, 4);
  if (stores.length === 0) {
    v.fail(
      `nothing stored at ${at}`,
      `Nothing was stored at ${at}: it still holds ${hex32(actual)}.`,
      `Task 1 wants one STR of R1 (0xCAFEF00D) to the word at R0 (${at}): str r1, [r0].`,
      elsewhere(trace),
    );
    return;
  }
  if (actual !== t.value) {
    const hint =
      actual === swapped(t.value, 4)
        ? `That is 0xCAFEF00D with its bytes the other way round. STR stores the low byte ` +
          `(0x0D) in the cell with the lowest address: a word is never reversed by hand.`
        : `It was written by ${stores.map(by).join(', ')}: look at the register it stores.`;
    v.fail(
      `the word at ${at} is ${hex32(actual)}, not 0xcafef00d`,
      `The word at ${at} holds ${hex32(actual)} (bytes ${bytesAt(run, t.address, 4)}); it ` +
        'should be 0xcafef00d.',
      hint,
    );
    return;
  }
  if (stores.length !== 1 || stores[0].bytes !== 4 || stores[0].address !== t.address) {
    v.fail(
      `the word at ${at} took ${stores.length} stores`,
      `The word at ${at} is right, but it took ${stores.length} stores: ${stores.map(by).join(', ')}.`,
      'Task 1 asks for one STR: it writes all four cells at once.',
    );
    return;
  }
  v.pass(
    `${at} holds 0xcafef00d, stored by ${by(stores[0])}: in the cells, ` +
      `${bytesAt(run, t.address, 4)}, the low byte first.`,
  );
}

function checkSmall(v: Verdict, run: LessonRun, trace: StepTrace): void {
  const wrong: string[] = [];
  const wrongWidth: string[] = [];
  for (const t of [...BYTES, HALF]) {
    const actual = read(run, t.address, t.bytes);
    const stores = trace.storesTo(t.address, t.bytes);
    const want = INSTRUCTION[t.bytes];
    if (actual !== t.value) {
      const how = stores.length === 0 ? 'nothing stored there' : `by ${stores.map(by).join(', ')}`;
      wrong.push(
        `${hex32(t.address)} holds ${hex(actual, 2 * t.bytes)}, should be ` +
          `${hex(t.value, 2 * t.bytes)} (${how})`,
      );
    } else if (stores.some((s) => s.bytes !== t.bytes)) {
      const s = stores.find((x) => x.bytes !== t.bytes)!;
      wrongWidth.push(
        `${hex32(t.address)} was written by ${by(s)}, which stores ${s.bytes} ` +
          `byte${s.bytes === 1 ? '' : 's'}; the task asks for ${want}`,
      );
    }
  }
  const cells = `0x20010000: ${bytesAt(run, 0x2001_0000, 8)}`;
  if (wrong.length > 0) {
    const reversed = BYTES.every((t, k) => read(run, t.address, 1) === BYTES[3 - k].value);
    v.fail(
      `${wrong.length} of the cells at 0x20010000 are wrong`,
      `The cells at 0x20010000 are not what task 2 asks for (${cells}):`,
      ...wrong.map((w) => `- ${w}`),
      reversed
        ? 'The bytes are in the reverse order: 0x11 goes in the cell with the lowest address, ' +
            '0x20010000, and 0x44 in 0x20010003.'
        : "strb r1, [r0, #k] writes R1's low byte to the cell at R0 + k; strh r1, [r0, #6] " +
            "writes R1's low halfword to 0x20010006 and 0x20010007.",
      elsewhere(trace),
    );
    return;
  }
  if (wrongWidth.length > 0) {
    v.fail(
      'the cells at 0x20010000 are right, with the wrong stores',
      'The cells at 0x20010000 hold the right values, but not by the stores task 2 asks for:',
      ...wrongWidth.map((w) => `- ${w}`),
    );
    return;
  }
  v.pass(
    `The cells at ${cells}: four STRBs and an STRH wrote them one byte and one halfword at a time.`,
  );
}

function checkLoad(v: Verdict, run: LessonRun, trace: StepTrace, t: LoadTask): void {
  const name = `R${t.r}`;
  const actual = run.machine.cpu.regs[t.r] >>> 0;
  const cell = hex32(t.address);
  const wanted = t.bytes === 1 ? 'LDRB' : 'LDR';
  const step = trace.lastWriteOf(t.r);
  if (step === undefined) {
    v.fail(
      `${name} is never loaded`,
      `${name} is never written: it should end with the ${t.bytes === 1 ? 'byte' : 'word'} at ${cell}.`,
      `Task 3: ${wanted.toLowerCase()} ${name.toLowerCase()}, [rN] with rN holding ${cell}.`,
    );
    return;
  }
  const index = trace.steps.indexOf(step);
  const loads = trace.loadsBy(index);
  const from = loads.length === 0 ? undefined : loads[0];
  const where = `${step.encoding} at ${hex32(step.pc)}`;
  if (
    step.encoding.startsWith('LDR (literal)') ||
    from === undefined ||
    inProgram(run, from.address)
  ) {
    v.fail(
      `${name} is not loaded from ${cell}`,
      `${name} = ${value(actual)} comes from ${where}` +
        (from === undefined
          ? ', which loads nothing from memory.'
          : ', a constant in your program.'),
      `Task 3 wants it read from the cells at ${cell}, with ${wanted}: the point is to see what ` +
        'the cells hold, not what you expect them to hold.',
    );
    return;
  }
  if (from.address !== t.address || from.bytes !== t.bytes) {
    v.fail(
      `${name} is loaded from the wrong cells`,
      `${name} was loaded by ${where} from ${hex32(from.address)} (${from.bytes} byte${from.bytes === 1 ? '' : 's'}); ` +
        `task 3 asks for ${wanted} from ${cell}.`,
      t.bytes === 1
        ? 'LDRB reads one byte; LDR reads four.'
        : 'LDR reads the four cells from the address.',
    );
    return;
  }
  if (actual !== t.value) {
    v.fail(
      `${name} = ${hex32(actual)}, not ${hex32(t.value)}`,
      `${name} = ${value(actual)}, loaded by ${where} from ${cell}: the cells there are wrong (see above).`,
    );
    return;
  }
  v.pass(`${name} = ${value(actual)}, read by ${step.encoding} from ${cell}: ${t.why}.`);
}

function checkLed(v: Verdict, run: LessonRun, trace: StepTrace): void {
  const bus = run.machine.bus;
  const lit = run.pins.filter((p) => p.level === 1);
  const pb7 = lit.find((p) => p.pin === 'PB7');
  const odrStores = trace.accesses.filter(
    (a) =>
      a.kind === 'store' && (a.address === GPIOB + GPIO_ODR || a.address === GPIOB + GPIO_BSRR),
  );
  if (pb7 !== undefined && odrStores.length > 0) {
    const us = (pb7.atSeconds * 1e6).toFixed(1);
    v.pass(
      `LD2 (PB7) lit at ${us} µs, by ${by(odrStores[odrStores.length - 1])} to ` +
        `${hex32(odrStores[odrStores.length - 1].address)}: a store to a GPIO register.`,
    );
    return;
  }
  const hints: string[] = [];
  const others = lit.filter((p) => p.pin !== 'PB7');
  if (others.some((p) => p.pin === 'PB0')) {
    hints.push('LD1 (green, PB0) lit instead: you set bit 0. LD2 is pin 7: bit 7, 1 << 7 = 0x80.');
  } else if (others.some((p) => p.pin === 'PB14')) {
    hints.push('LD3 (red, PB14) lit instead: you set bit 14. LD2 is pin 7: bit 7, 1 << 7 = 0x80.');
  } else if (others.length > 0) {
    hints.push(`Pin ${others[0].pin} went high instead; LD2 is PB7.`);
  }
  const otherPorts = trace.accesses.filter(
    (a) =>
      a.kind === 'store' &&
      a.address < 0x4002_2c00 &&
      (a.address & 0x3ff) === GPIO_ODR &&
      a.address !== GPIOB + GPIO_ODR,
  );
  for (const a of otherPorts.slice(0, 1)) {
    const port = PORTS[(a.address - 0x4002_0000) >>> 10];
    hints.push(
      `${by(a)} stored to ${hex32(a.address)}, GPIO${port}_ODR: port ${port}. LD2 is ` +
        'on port B, whose registers start at 0x40020400: its ODR is 0x40020414.',
    );
  }
  const odr = bus.read32(GPIOB + GPIO_ODR);
  const moder = bus.read32(GPIOB);
  if ((bus.read32(RCC_AHB1ENR) & 2) === 0) {
    hints.push(
      'RCC_AHB1ENR bit 1 (GPIOBEN) is 0: port B has no clock and ignores what is written to it. Keep the lines of task 4 that set it.',
    );
  } else if (((moder >>> 14) & 3) !== 1) {
    hints.push(
      `GPIOB_MODER is ${hex32(moder)}: MODER7 (bits 15:14) is ${(moder >>> 14) & 3}, not 01, so PB7 is not an output and ODR does not reach the pin.`,
    );
  } else if (odrStores.length > 0 && (odr & 0x80) === 0) {
    const set = Array.from({ length: 16 }, (_, k) => k).filter((k) => (odr >>> k) & 1);
    const bits = set.length === 0 ? 'no bit is set' : `bit ${set.join(', ')} set`;
    hints.push(
      `${by(odrStores[odrStores.length - 1])} wrote GPIOB_ODR, which now holds ` +
        `${hex(odr, 4)}: ${bits}, bit 7 is 0. Bit k of ODR drives pin k: LD1 is PB0, LD2 ` +
        'PB7 (1 << 7 = 0x80), LD3 PB14.',
    );
  }
  if (odrStores.length === 0 && otherPorts.length === 0) {
    hints.push(
      'No store reached GPIOB_ODR (0x40020414). Task 4: a store of 1 << 7 to it, e.g. movs r1, #0x80 then str r1, [r0, #0x14] with R0 = 0x40020400.',
    );
  }
  if (pb7 !== undefined && odrStores.length === 0) {
    hints.unshift('PB7 went high, but not by a store to GPIOB_ODR or GPIOB_BSRR.');
  }
  v.fail('LD2 did not light', 'LD2 (blue, PB7) did not light.', ...hints);
}

export async function check(
  source: string,
  file: string,
  _context: LessonContext,
): Promise<CheckResult> {
  const outcome = await runExercise(source, file, {
    maxSeconds: 0.1,
    maxInstructions: 20_000,
    trace: { stores: [RAM, GPIO_RCC] },
  });
  if (!outcome.ok) return outcome.result;
  const run = outcome.run;
  const trace = run.trace!;
  const v = new Verdict();
  checkEnding(v, run);
  checkWord(v, run, trace);
  checkSmall(v, run, trace);
  for (const t of LOADS) checkLoad(v, run, trace, t);
  checkLed(v, run, trace);
  return v.result('all right: cells stored and read back, LD2 lit by a store');
}
