/**
 * A program run one instruction at a time, for the checkers of short programs (lessons 7-10):
 * each instruction executed, by its encoding's name in the ARM ARM, with the registers after it,
 * and each load and store in the ranges watched, with the instruction that made it. A checker then asks
 * what the program did (did an STRB write this byte, did the ADD run five times), not only what
 * it left behind.
 */
import type { Machine } from '../../chip/machine.ts';
import { decode } from '../../cpu/decoder.ts';
import { hex32 } from '../../loader/error.ts';

export interface Step {
  /** The instruction's address. */
  pc: number;
  /** The halfword, or hw1 << 16 | hw2. */
  raw: number;
  size: 2 | 4;
  /** Its encoding by the ARM ARM's name, e.g. 'ADD (register) T1'; '?' when none matches. */
  encoding: string;
  /** R0-R15 after it. */
  regs: Uint32Array;
  /** The flags N, Z, C, V after it (APSR bits 31:28). */
  nzcv: number;
}

export interface Access {
  kind: 'load' | 'store';
  /** The index in `steps` of the instruction that made it. */
  step: number;
  pc: number;
  address: number;
  /** 1 (LDRB, STRB), 2 (LDRH, STRH) or 4: the width the instruction accesses memory with. */
  bytes: number;
  encoding: string;
}

export interface Range {
  address: number;
  length: number;
}

/** A 32-bit instruction starts with 0b11101, 0b11110 or 0b11111 in bits 15:11 (A5.1). */
const isWide = (hw1: number) => hw1 >>> 11 >= 0b11101;

/** The width of each access an encoding makes (A7.7: LDRB/STRB, LDRH/STRH, the others). */
function accessWidth(encoding: string): number {
  if (/^(LDR|STR)S?B/.test(encoding)) return 1;
  if (/^(LDR|STR)S?H/.test(encoding)) return 2;
  return 4;
}

export class StepTrace {
  readonly steps: Step[] = [];
  readonly accesses: Access[] = [];
  private current: Step | null = null;
  /** R0-R15 before the first instruction. */
  private initial: Uint32Array | null = null;

  constructor(
    private readonly machine: Machine,
    watch: Range[] = [],
  ) {
    const bus = machine.bus;
    for (const r of watch) bus.watch(r.address, r.length, 'access');
    bus.onWatch = (_w, address, access) => {
      const step = this.current;
      if (step === null || access === 'fetch') return;
      this.accesses.push({
        kind: access === 'write' ? 'store' : 'load',
        step: this.steps.length,
        pc: step.pc,
        address: address >>> 0,
        bytes: accessWidth(step.encoding),
        encoding: step.encoding,
      });
    };
  }

  /** Before an instruction: which one it is. */
  before(): void {
    const { cpu, bus } = this.machine;
    this.current = null;
    if (this.initial === null) this.initial = Uint32Array.from(cpu.regs);
    const pc = cpu.pc >>> 0;
    let raw = 0;
    let size: 2 | 4 = 2;
    let encoding = '?';
    try {
      const hw1 = bus.read16(pc);
      size = isWide(hw1) ? 4 : 2;
      raw = size === 4 ? ((hw1 << 16) | bus.read16(pc + 2)) >>> 0 : hw1;
      encoding = decode(raw, size).encoding?.name ?? '?';
    } catch {
      // No memory there: the fetch faults, and the checker sees the fault.
    }
    this.current = { pc, raw, size, encoding, regs: new Uint32Array(16), nzcv: 0 };
  }

  /** After it: the registers it left. */
  after(): void {
    const step = this.current;
    if (step === null) return;
    step.regs.set(this.machine.cpu.regs);
    step.nzcv = this.machine.cpu.apsr >>> 28;
    this.steps.push(step);
    this.current = null;
  }

  /** The steps whose encoding's name starts with `prefix` ('ADD', 'STRB (immediate)'). */
  of(prefix: string): Step[] {
    return this.steps.filter((s) => s.encoding.startsWith(prefix));
  }

  /** The stores that wrote any byte of [address, address + length). */
  storesTo(address: number, length = 1): Access[] {
    return this.touching('store', address, length);
  }

  /** The loads that read any byte of [address, address + length). */
  loadsFrom(address: number, length = 1): Access[] {
    return this.touching('load', address, length);
  }

  private touching(kind: Access['kind'], address: number, length: number): Access[] {
    return this.accesses.filter(
      (a) => a.kind === kind && a.address < address + length && a.address + a.bytes > address,
    );
  }

  /** The loads made by step number `index`. */
  loadsBy(index: number): Access[] {
    return this.accesses.filter((a) => a.kind === 'load' && a.step === index);
  }

  /** The last step that changed register `r` (0-14), or undefined. */
  lastWriteOf(r: number): Step | undefined {
    for (let k = this.steps.length - 1; k >= 0; k--) {
      const before = k === 0 ? this.initial![r] : this.steps[k - 1].regs[r];
      if (before !== this.steps[k].regs[r]) return this.steps[k];
    }
    return undefined;
  }

  /** An instruction as a person would look for it: '0x20000104 (STRB (immediate) T1)'. */
  static where(s: { pc: number; encoding: string }): string {
    return `${hex32(s.pc)} (${s.encoding})`;
  }
}
