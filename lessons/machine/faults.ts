/**
 * What the interrupt and scheduler checkers see of the exception model: the exception returns a
 * program makes (with their EXC_RETURN values), and a fault, caught as the core enters its
 * handler, as a debugger's vector catch would: the run stops there with the stacked frame intact,
 * and the fault status registers say why (ARMv7-M ARM B1.5.6-B1.5.8, B3.2.15-B3.2.16).
 */
import type { Machine } from '../../chip/machine.ts';
import {
  CFSR_BIT,
  exceptionName,
  HARDFAULT,
  HFSR_FORCED,
  HFSR_VECTTBL,
  USAGEFAULT,
} from '../../cpu/exceptions.ts';
import { hex32 } from '../../loader/error.ts';
import type { SymbolTable } from '../../loader/symbols.ts';
import type { LessonRun } from './run.ts';
import type { Verdict } from './verdict.ts';

/** The basic frame exception entry pushes, lowest address first (B1.5.6). */
export const FRAME_WORDS = ['r0', 'r1', 'r2', 'r3', 'r12', 'lr', 'pc', 'xpsr'] as const;

/** The machine's state as a fault handler was entered. */
export interface CaughtFault {
  exception: number;
  atSeconds: number;
  /** LR at the handler's first instruction: the EXC_RETURN of this entry. */
  lr: number;
  /** The frame entry pushed (undefined when the fault was taken without one). */
  frame?: { address: number; stack: 'MSP' | 'PSP'; words: number[] };
  cfsr: number;
  hfsr: number;
  bfar: number;
}

export interface ReturnRecord {
  count: number;
  /** The EXC_RETURN value of the last return, as the handler wrote it to the PC. */
  lastExcReturn: number;
}

/** What each CFSR bit means, for a student (B3.2.15). */
const CFSR_MEANING: [keyof typeof CFSR_BIT, string][] = [
  ['IACCVIOL', 'an instruction fetch the MPU does not allow'],
  ['DACCVIOL', 'a load or store the MPU does not allow'],
  ['MSTKERR', 'exception entry could not push its frame (MPU)'],
  ['MUNSTKERR', 'an exception return could not read its frame (MPU)'],
  ['IBUSERR', 'an instruction fetch from an address with no memory'],
  ['PRECISERR', 'a load or store to an address with no memory'],
  ['STKERR', 'exception entry could not push its frame: SP points where there is no RAM'],
  ['UNSTKERR', 'an exception return could not read its frame: SP points where there is no RAM'],
  ['UNDEFINSTR', 'an undefined instruction: the core ran into data, or a wrong address'],
  [
    'INVSTATE',
    'the Thumb bit was 0: a branch to an even address, or a stacked xPSR without bit 24 (T)',
  ],
  ['INVPC', 'an exception return with an EXC_RETURN that is not valid here'],
  ['UNALIGNED', 'an unaligned access'],
  ['DIVBYZERO', 'a division by zero'],
];

/** An EXC_RETURN value as the manual writes it: '0xFFFFFFFD'. */
export function excHex(value: number): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** EXC_RETURN in words (B1.5.8): where the return goes and which stack it unstacks from. */
export function describeExcReturn(value: number): string {
  switch (value >>> 0) {
    case 0xfffffff1:
      return 'Handler mode, main stack';
    case 0xfffffff9:
      return 'Thread mode, main stack';
    case 0xfffffffd:
      return 'Thread mode, process stack';
    case 0xffffffe1:
      return 'Handler mode, main stack, with an FP frame';
    case 0xffffffe9:
      return 'Thread mode, main stack, with an FP frame';
    case 0xffffffed:
      return 'Thread mode, process stack, with an FP frame';
  }
  return value >>> 28 === 0xf ? 'not a valid EXC_RETURN' : 'not an EXC_RETURN';
}

/**
 * Watches a machine from the start of a run (make it in the runner's `prepare`): records each
 * exception return, and stops the run when a fault handler (HardFault, MemManage, BusFault,
 * UsageFault) is entered, before its first instruction.
 */
export class ExceptionWatch {
  /** By exception number. */
  readonly returns = new Map<number, ReturnRecord>();
  fault: CaughtFault | null = null;
  /** An exception return was asked for since the core last looked between instructions. */
  private returning = false;

  constructor(private readonly machine: Machine) {
    const cpu = machine.cpu;
    const model = machine.exceptions;
    // The exception model is the core's hooks: its exceptionReturn, wrapped, sees each return.
    const exceptionReturn = model.exceptionReturn.bind(model);
    model.exceptionReturn = (c, excReturn) => {
      const record = this.returns.get(c.ipsr) ?? { count: 0, lastExcReturn: 0 };
      record.count++;
      record.lastExcReturn = excReturn >>> 0;
      this.returns.set(c.ipsr, record);
      this.returning = true;
      exceptionReturn(c, excReturn);
    };
    const service = cpu.serviceHook;
    cpu.serviceHook = () => {
      const before = cpu.ipsr;
      const returning = this.returning;
      this.returning = false;
      const sp = [cpu.msp, cpu.psp];
      const end = service !== null && service();
      const n = cpu.ipsr;
      if (n !== before && n >= HARDFAULT && n <= USAGEFAULT && cpu.stopped === null) {
        // B1.5.8: an EXC_RETURN that is not valid takes its fault as things stand, no frame
        // pushed (the stacks are where the return found them).
        const frameless =
          returning &&
          (model.cfsr & CFSR_BIT.INVPC) !== 0 &&
          cpu.msp === sp[0] &&
          cpu.psp === sp[1];
        this.catch(n, frameless);
        return true;
      }
      return end;
    };
  }

  /** How many times exception `n` returned. */
  returnsOf(n: number): number {
    return this.returns.get(n)?.count ?? 0;
  }

  private catch(n: number, frameless: boolean): void {
    const { machine } = this;
    const cpu = machine.cpu;
    const model = machine.exceptions;
    const lr = cpu.regs[14] >>> 0;
    let frame: CaughtFault['frame'];
    if (!frameless) {
      const stack = (lr & 4) !== 0 ? 'PSP' : 'MSP';
      const address = stack === 'PSP' ? cpu.psp : cpu.msp;
      const words = FRAME_WORDS.map((_, k) => machine.bus.read32((address + 4 * k) >>> 0) >>> 0);
      frame = { address, stack, words };
    }
    this.fault = {
      exception: n,
      atSeconds: machine.seconds,
      lr,
      frame,
      cfsr: model.cfsr,
      hfsr: model.hfsr,
      bfar: model.bfar,
    };
    cpu.stop('fault', `${exceptionName(n)} entered: ${model.describeFaults()}`);
  }
}

/**
 * A caught fault in words: which exception, why (each status bit), and where it happened (named
 * from the program's labels when it has them).
 */
export function explainFault(fault: CaughtFault, symbols?: SymbolTable): string[] {
  const lines: string[] = [];
  const name = exceptionName(fault.exception);
  const forced = fault.exception === HARDFAULT && (fault.hfsr & HFSR_FORCED) !== 0;
  lines.push(
    `The core took a ${name} at ${fault.atSeconds.toFixed(6)} s` +
      (forced
        ? ' (HFSR.FORCED: a UsageFault, BusFault or MemManage fault escalated, its own ' +
          'handler being disabled in SHCSR).'
        : '.'),
  );
  if (fault.exception === HARDFAULT && (fault.hfsr & HFSR_VECTTBL) !== 0) {
    lines.push('HFSR.VECTTBL: the vector of an exception could not be read.');
  }
  for (const [bit, meaning] of CFSR_MEANING) {
    if ((fault.cfsr & CFSR_BIT[bit]) === 0) continue;
    const group = CFSR_BIT[bit] >= 1 << 16 ? 'UFSR' : CFSR_BIT[bit] >= 1 << 8 ? 'BFSR' : 'MMFSR';
    lines.push(`CFSR ${hex32(fault.cfsr)}: ${group}.${bit}, ${meaning}.`);
    if (bit === 'PRECISERR' && (fault.cfsr & CFSR_BIT.BFARVALID) !== 0) {
      lines.push(`BFAR ${hex32(fault.bfar)}: the address it tried.`);
    }
  }
  if (fault.frame === undefined) {
    // B1.5.8: an invalid EXC_RETURN faults with LR = 0xF0000000 + EXC_RETURN<27:0> (the value
    // tried) and no new frame.
    lines.push(
      'It was taken without a new frame, as for a failed exception return: LR = ' +
        `${hex32(fault.lr)}, the EXC_RETURN tried: ${excHex(fault.lr)}, ` +
        `${describeExcReturn(fault.lr)}.`,
    );
  } else {
    const f = fault.frame;
    const words = f.words.map((w, k) => {
      const name = FRAME_WORDS[k];
      const where = name === 'pc' ? symbols?.describe(w) : undefined;
      const note =
        name === 'pc' ? ` (${where === undefined ? '' : `${where}, `}where it happened)` : '';
      return `${name}=${hex32(w)}${note}`;
    });
    lines.push(`Its frame on the ${f.stack} at ${hex32(f.address)}: ${words.join(' ')}.`);
  }
  return lines;
}

/** A program for flash must start through reset: its first words are the vector table. */
export function checkBooted(verdict: Verdict, run: LessonRun): void {
  if (run.started === 'reset') return;
  verdict.fail(
    'no vector table at 0x08000000',
    'The program did not start through reset: its first words are not a vector table.',
    'Keep the vector table at the top: the initial SP, then the handlers, each with bit 0 set.',
  );
}

/** The fault the watch caught, explained, as a finding; false when there was none. */
export function reportFault(
  verdict: Verdict,
  run: LessonRun,
  watch: ExceptionWatch,
  text = 'The program faulted.',
  ...more: string[]
): boolean {
  if (watch.fault === null) return false;
  verdict.fail(
    `a fault: ${run.machine.cpu.stopped?.message ?? exceptionName(watch.fault.exception)}`,
    text,
    ...explainFault(watch.fault, run.assembly.symbols),
    ...more,
  );
  return true;
}
