/**
 * What kind of instruction an encoding is, from its ARM ARM name: what the generator must arrange
 * around it (a base register pointing into the scratch area, a template for a branch...).
 */
import type { Encoding } from '../../cpu/encoding.ts';
import type { Insn } from '../../cpu/insn.ts';

export type Family =
  /** Registers and flags only (data processing, multiplies, DSP, hints, barriers). */
  | 'plain'
  /** Loads and stores: need a base (and index) register set up. */
  | 'memory'
  /** B, BL, BX, BLX, CBZ/CBNZ, TBB/TBH, IT: templates in templates.ts. */
  | 'control'
  /** SVC, BKPT, UDF: the program ends with them, in an exception. */
  | 'exception'
  /** WFI: QEMU needs a pending PendSV to wake (program.ts, wakePoints). */
  | 'wfi'
  /** MRS, MSR, CPS. */
  | 'system';

/** How a load or store forms its address (the ARM ARM's pseudocode for the form). */
export type Addressing =
  | 'immediate' // offset_addr = Rn +/- imm32; address = index ? offset_addr : Rn
  | 'register' // Rn + LSL(Rm, shift_n)
  | 'literal' // Align(PC, 4) +/- imm32
  | 'unprivileged' // Rn + imm32 (LDRT...)
  | 'exclusive' // Rn + imm32
  | 'increment' // LDM/STM/POP: Rn upwards
  | 'decrement'; // LDMDB/STMDB/PUSH: Rn - 4 * count upwards

export interface MemoryForm {
  load: boolean;
  /** Bytes per register: 1, 2, 4 (LDRD: 8 in all; multiples: from the list). */
  size: number;
  /** MemA accesses must be aligned (doubleword, exclusive and multiple forms). */
  aligned: boolean;
  addressing: Addressing;
  exclusive: boolean;
}

export interface EncodingInfo {
  encoding: Encoding;
  family: Family;
  /** The mnemonic: 'LDRSH', 'CBZ', 'SMLAL'. */
  mnemonic: string;
  memory?: MemoryForm;
}

/** Hints and barriers: no effect on the state the test compares. */
const HINTS = new Set(['NOP', 'YIELD', 'WFE', 'SEV', 'DBG', 'DSB', 'DMB', 'ISB', 'PLD', 'PLI']);
const CONTROL = new Set(['B', 'BL', 'BX', 'BLX', 'CBZ', 'CBNZ', 'TBB', 'TBH', 'IT']);
const EXCEPTION = new Set(['SVC', 'BKPT', 'UDF']);
/** The coprocessor instructions: there is no coprocessor but the FPU, so each raises NOCP. */
const NO_COPROCESSOR = /^(LDC|STC|MCR|MRC|MCRR|MRRC|CDP)2?$/;
const SYSTEM = new Set(['MRS', 'MSR', 'CPS']);

const SIZES: Record<string, number> = { '': 4, B: 1, H: 2, SB: 1, SH: 2, D: 4 };

/**
 * VLDR, VSTR (T1: a doubleword, T2: a single), VLDM, VSTM (increment after), VLDMDB, VSTMDB,
 * VPUSH, VPOP: word-aligned (MemA) whatever the register size.
 */
function fpMemoryForm(mnemonic: string, name: string): MemoryForm | null {
  const m = /^V(LDR|STR|LDM|STM|LDMDB|STMDB|PUSH|POP)$/.exec(mnemonic);
  if (!m) return null;
  const load = /^(LD|POP)/.test(m[1]);
  let addressing: Addressing = 'increment';
  if (m[1] === 'LDR' || m[1] === 'STR')
    addressing = name.includes('(literal)') ? 'literal' : 'immediate';
  else if (m[1].endsWith('DB') || m[1] === 'PUSH') addressing = 'decrement';
  const size =
    addressing !== 'immediate' && addressing !== 'literal' ? 4 : name.endsWith('T1') ? 8 : 4;
  return { load, size, aligned: true, addressing, exclusive: false };
}

/** LDR, STRB, LDRSHT, LDRD, LDREXH, LDM, LDMDB, STMDB, PUSH, POP. */
function memoryForm(mnemonic: string, name: string): MemoryForm | null {
  if (mnemonic.startsWith('V')) return fpMemoryForm(mnemonic, name);
  if (mnemonic === 'PUSH' || mnemonic === 'POP') {
    const load = mnemonic === 'POP';
    return {
      load,
      size: 4,
      aligned: true,
      addressing: load ? 'increment' : 'decrement',
      exclusive: false,
    };
  }
  const multi = /^(LDM|STM)(IA|DB)?$/.exec(mnemonic);
  if (multi) {
    const addressing = multi[2] === 'DB' ? 'decrement' : 'increment';
    return { load: multi[1] === 'LDM', size: 4, aligned: true, addressing, exclusive: false };
  }
  const ex = /^(LDR|STR)EX(B|H)?$/.exec(mnemonic);
  if (ex) {
    const size = ex[2] === 'B' ? 1 : ex[2] === 'H' ? 2 : 4;
    return { load: ex[1] === 'LDR', size, aligned: true, addressing: 'exclusive', exclusive: true };
  }
  const single = /^(LDR|STR)(B|H|SB|SH|D)?(T)?$/.exec(mnemonic);
  if (!single) return null;
  const suffix = single[2] ?? '';
  let addressing: Addressing = 'immediate';
  if (single[3]) addressing = 'unprivileged';
  else if (name.includes('(literal)')) addressing = 'literal';
  else if (name.includes('(register)')) addressing = 'register';
  return {
    load: single[1] === 'LDR',
    size: SIZES[suffix],
    aligned: suffix === 'D',
    addressing,
    exclusive: false,
  };
}

export function mnemonicOf(name: string): string {
  return name.split(/[\s/]/)[0];
}

export function classify(encoding: Encoding): EncodingInfo {
  const name = encoding.name;
  const mnemonic = mnemonicOf(name);
  const info = (family: Family, memory?: MemoryForm): EncodingInfo => ({
    encoding,
    family,
    mnemonic,
    memory,
  });
  if (name.startsWith('Unallocated memory hint') || HINTS.has(mnemonic) || mnemonic === 'CLREX') {
    return info('plain');
  }
  if (CONTROL.has(mnemonic)) return info('control');
  if (EXCEPTION.has(mnemonic) || NO_COPROCESSOR.test(mnemonic)) return info('exception');
  if (SYSTEM.has(mnemonic)) return info('system');
  if (mnemonic === 'WFI') return info('wfi');
  const memory = memoryForm(mnemonic, name);
  if (memory) return info('memory', memory);
  if (/^(LD|ST|PUSH|POP|TB)/.test(mnemonic)) {
    throw new Error(`${name}: a memory instruction the differential test does not know`);
  }
  return info('plain');
}

/** Bytes a decoded load or store touches. */
export function accessBytes(form: MemoryForm, insn: Insn, mnemonic: string): number {
  const multiple = form.addressing === 'increment' || form.addressing === 'decrement';
  // FP: a list's extent is imm32 bytes (FLDMX/FSTMX: a word more than its registers).
  if (mnemonic.startsWith('V')) return multiple ? insn.imm32 : form.size;
  if (multiple) {
    return 4 * bitCount(insn.registers);
  }
  return mnemonic.endsWith('D') ? 8 : form.size;
}

export function bitCount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

/**
 * Registers an instruction may write, as far as the decoded fields tell: conservative (an
 * encoding that leaves `d` at 0 is taken to write r0), which is what ordering checks need.
 */
export function writtenRegisters(info: EncodingInfo, insn: Insn): Set<number> {
  const out = new Set<number>();
  const form = info.memory;
  if (info.mnemonic.startsWith('V')) {
    // FP instructions write core registers only as a base (write-back) or when moving to them.
    if (insn.wback) out.add(insn.n);
    if (
      /core register|^VMRS/.test(info.encoding.name) &&
      !/^VMOV \((two )?core/.test(info.encoding.name)
    ) {
      for (const r of [insn.d, insn.dLo, insn.dHi]) if (r !== 15) out.add(r); // VMRS APSR_nzcv
    }
    return out;
  }
  if (form) {
    if (form.load) {
      if (form.addressing === 'increment' || form.addressing === 'decrement') {
        for (let r = 0; r < 16; r++) if ((insn.registers >>> r) & 1) out.add(r);
      } else {
        out.add(insn.t);
        if (info.mnemonic.endsWith('D')) out.add(insn.t2);
      }
    }
    if (form.exclusive && !form.load) out.add(insn.d);
    if (insn.wback) out.add(insn.n);
    return out;
  }
  for (const r of [insn.d, insn.dLo, insn.dHi]) out.add(r);
  return out;
}

/** Does this instruction (as decoded) write the PC? Loads of the PC, ALU writes to R15. */
export function writesPc(info: EncodingInfo, insn: Insn): boolean {
  if (info.mnemonic.startsWith('V')) return false; // Rt = PC is UNPREDICTABLE; VMRS: APSR
  const form = info.memory;
  if (form) {
    if (!form.load) return false;
    if (form.addressing === 'increment' || form.addressing === 'decrement') {
      return (insn.registers & 0x8000) !== 0;
    }
    return insn.t === 15;
  }
  if (info.family !== 'plain') return false;
  return insn.d === 15 || insn.dLo === 15 || insn.dHi === 15;
}
