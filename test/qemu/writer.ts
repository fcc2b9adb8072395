/**
 * The generator's working state: the program being laid out, what it has promised about memory
 * (jump-target slots, literal pool words), the exclusive monitor as far as the program knows it,
 * and the primitives every template uses (setting registers, emitting tested instructions).
 */
import type { Encoding, Fields } from '../../cpu/encoding.ts';
import { clrex, encode, movReg, movt, movw, type Word } from './asm.ts';
import { Builder, type AddressOf } from './builder.ts';
import type { EncodingInfo } from './classify.ts';
import { instanceOf, type Instance } from './instance.ts';
import { SLOTS, SLOTS_SIZE } from './layout.ts';
import type { Random } from './random.ts';

/** A value known now, or once the layout is (a label's address). */
export type Value = number | ((addressOf: AddressOf) => number);

export interface SetupOp {
  reg: number;
  value: Value;
}

/** An instruction ready to emit: its instance and the registers to set before it. */
export interface Prepared {
  info: EncodingInfo;
  inst: Instance;
  setup: SetupOp[];
  /** Scratch register through which SP is set (MOV SP, Rt), when SP is set. */
  spTemp?: number;
  /** Registers the instruction may write. */
  writes: Set<number>;
  stores: boolean;
}

/** Every register a Prepared's setup writes. */
export function setupRegisters(p: Prepared): Set<number> {
  const regs = new Set(p.setup.map((s) => s.reg));
  if (p.spTemp !== undefined) regs.add(p.spTemp);
  return regs;
}

export type Monitor =
  | { state: 'open' }
  | { state: 'exclusive'; address: number; size: number; clean: boolean }
  | { state: 'unknown' };

export class ProgramWriter {
  readonly b = new Builder();
  /** Instructions under test emitted so far. */
  tests = 0;
  monitor: Monitor = { state: 'open' };
  /** Words of the scratch area to set before the run: slot address -> value. */
  readonly slotValues: { address: number; value: Value }[] = [];
  /** Literal pool words placed after the program's end. */
  readonly pool: { label: string; value: Value }[] = [];
  readonly wakeLabels: string[] = [];
  resetAfter = false;
  /** False once an MSR may have set CONTROL.nPRIV: CPSID (for a WFI) would be ignored. */
  privileged = true;
  /** A WFI's PendSV stays pending until the reset: PRIMASK must stay set. */
  pendingWake = false;
  /** The program ends in an exception: CONTROL.SPSEL must stay 0 (the frame is read from MSP). */
  readonly endsInException: boolean;
  private readonly usedSlots = new Set<number>();

  constructor(
    readonly random: Random,
    endsInException: boolean,
  ) {
    this.endsInException = endsInException;
  }

  setup(w: Word): void {
    this.b.emit(w, 'setup');
  }

  /** Sets a register r0-r12 or LR (MOVW, and MOVT unless the top half is zero). */
  setReg(reg: number, value: Value): void {
    if (reg === 13 || reg === 15) throw new Error(`setReg(${reg})`);
    if (typeof value === 'number') {
      this.setup(movw(reg, value & 0xffff));
      if (value >>> 16 !== 0) this.setup(movt(reg, value >>> 16));
      return;
    }
    this.b.emitLate(4, (a) => movw(reg, value(a) & 0xffff).raw);
    this.b.emitLate(4, (a) => movt(reg, (value(a) >>> 16) & 0xffff).raw);
  }

  /** SP = value, through `temp`. */
  setSp(value: number, temp: number): void {
    this.setReg(temp, value & ~3);
    this.setup(movReg(13, temp));
  }

  emitSetup(p: Prepared): void {
    const sp = p.setup.find((s) => s.reg === 13);
    if (sp) this.setSp(sp.value as number, p.spTemp!);
    for (const s of p.setup) if (s.reg !== 13) this.setReg(s.reg, s.value);
  }

  test(inst: Instance): void {
    this.b.emit(inst, 'test', inst.encoding.name);
    this.tests++;
  }

  /** A tested instruction whose fields depend on the layout; checked to decode the same. */
  testLate(inst: Instance, fields: (addressOf: AddressOf, here: number) => Fields): void {
    const e: Encoding = inst.encoding;
    this.b.emitLate(
      inst.size,
      (a, here) => {
        const f = fields(a, here);
        if (instanceOf(e, f) === null) throw new Error(`${e.name}: fields ${JSON.stringify(f)}`);
        return encode(e, f);
      },
      'test',
      e.name,
    );
    this.tests++;
  }

  emitPrepared(p: Prepared): void {
    this.emitSetup(p);
    this.test(p.inst);
    this.noteEffects(p, true);
  }

  /** Keeps the monitor model right; `certain` when the instruction surely executes. */
  noteEffects(p: Prepared, certain: boolean): void {
    const form = p.info.memory;
    if (p.info.mnemonic === 'CLREX') {
      this.monitor = certain ? { state: 'open' } : { state: 'unknown' };
      return;
    }
    if (form?.exclusive) {
      if (!certain) this.monitor = { state: 'unknown' };
      else if (form.load) {
        const address = exclusiveAddress(p);
        this.monitor = { state: 'exclusive', address, size: form.size, clean: true };
      } else this.monitor = { state: 'open' };
      return;
    }
    if (p.stores && this.monitor.state === 'exclusive') this.monitor.clean = false;
  }

  /** Opens the monitor (CLREX) unless it already is. */
  openMonitor(): void {
    if (this.monitor.state !== 'open') this.setup(clrex());
    this.monitor = { state: 'open' };
  }

  /** A word of the slot area for a jump target; `below` bytes under it stay in the scratch. */
  takeSlot(below: number): number | null {
    const first = Math.ceil(below / 4);
    const free: number[] = [];
    for (let k = first; k < SLOTS_SIZE / 4; k++) if (!this.usedSlots.has(k)) free.push(k);
    if (free.length === 0) return null;
    const k = this.random.pick(free);
    this.usedSlots.add(k);
    return SLOTS + 4 * k;
  }

  label(hint: string): string {
    return this.b.newLabel(hint);
  }

  place(label: string): void {
    this.b.label(label);
  }

  /** Registers r0-r12 not in `taken`, shuffled. */
  freeRegisters(taken: Set<number>): number[] {
    const out: number[] = [];
    for (let r = 0; r < 13; r++) if (!taken.has(r)) out.push(r);
    for (let k = out.length - 1; k > 0; k--) {
      const j = this.random.below(k + 1);
      [out[k], out[j]] = [out[j], out[k]];
    }
    return out;
  }
}

/** Where an exclusive load goes: its base register's setup value plus the offset. */
function exclusiveAddress(p: Prepared): number {
  const base = p.setup.find((s) => s.reg === p.inst.insn.n)?.value;
  if (typeof base !== 'number') throw new Error('an exclusive access without a known base');
  return (base + p.inst.insn.imm32) >>> 0;
}
