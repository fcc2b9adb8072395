/**
 * What a debugger must know about an instruction before it runs it, to step over a call or out of
 * a function: whether it calls (BL, BLX) or returns (BX LR, POP {..., PC}, LDM SP! with PC,
 * LDR PC, [SP], #4, MOV PC, LR). Encodings from the ARMv7-M ARM, A7.7.
 */
import type { Machine } from '../chip/machine.ts';

export type FlowKind = 'call' | 'return' | 'other';

export interface Flow {
  kind: FlowKind;
  /** 2 or 4 bytes. */
  size: number;
  /** BX LR: the return address is LR itself (not popped from the stack). */
  viaLr: boolean;
}

/** Classifies the instruction whose first halfword is `hw1` (and second `hw2`, if 32-bit). */
export function classify(hw1: number, hw2: number): Flow {
  const wide = hw1 >>> 11 >= 0x1d;
  const size = wide ? 4 : 2;
  const flow = (kind: FlowKind, viaLr = false): Flow => ({ kind, size, viaLr });
  if (wide) {
    // BL (T1): 11110 S imm10 | 11 J1 1 J2 imm11 (A7.7.18).
    if ((hw1 & 0xf800) === 0xf000 && (hw2 & 0xd000) === 0xd000) return flow('call');
    // POP.W / LDMIA SP! with PC in the list (A7.7.99, A7.7.41).
    if (hw1 === 0xe8bd && (hw2 & 0x8000) !== 0) return flow('return');
    // LDR PC, [SP], #4: POP.W with one register (A7.7.99 T3).
    if (hw1 === 0xf85d && hw2 === 0xfb04) return flow('return');
    return flow('other');
  }
  // BLX Rm (A7.7.19): 0100 0111 1 Rm 000.
  if ((hw1 & 0xff87) === 0x4780) return flow('call');
  // BX LR (A7.7.20) and MOV PC, LR (A7.7.77).
  if (hw1 === 0x4770 || hw1 === 0x46f7) return flow('return', true);
  // POP {..., PC} (A7.7.99 T1).
  if ((hw1 & 0xff00) === 0xbd00) return flow('return');
  return flow('other');
}

/** The EXC_RETURN values (ARMv7-M ARM B1.5.8, tables B1-8 and B1-9). */
const EXC_RETURNS = new Set([
  0xffffffe1, 0xffffffe9, 0xffffffed, 0xfffffff1, 0xfffffff9, 0xfffffffd,
]);

export const isExcReturn = (v: number): boolean => EXC_RETURNS.has(v >>> 0);

/** The instruction at `address`, classified; `other` where no memory holds code. */
export function flowAt(machine: Machine, address: number): Flow {
  const mapping = machine.bus.find(address);
  if (mapping === undefined || mapping.memory === null || mapping.end - address < 2) {
    return { kind: 'other', size: 2, viaLr: false };
  }
  const hw1 = machine.bus.read16(address);
  const hw2 = mapping.end - address >= 4 ? machine.bus.read16(address + 2) : 0;
  return classify(hw1, hw2);
}

/**
 * Where an exception return that the core has begun (the returning instruction executed, the
 * unstacking not yet done) will resume: the return address in the frame that EXC_RETURN selects
 * (ARMv7-M ARM B1.5.8). `flow` is the returning instruction.
 */
export function exceptionReturnAddress(machine: Machine, flow: Flow): number | undefined {
  const cpu = machine.cpu;
  // BX LR: EXC_RETURN is in LR; a POP put it in the PC from the word just below SP.
  const excReturn = flow.viaLr ? cpu.regs[14] : readWord(machine, cpu.sp - 4);
  if (excReturn === undefined || !isExcReturn(excReturn)) return undefined;
  const frame = (excReturn & 4) !== 0 ? cpu.psp : cpu.msp;
  const address = readWord(machine, frame + 24);
  return address === undefined ? undefined : address & ~1;
}

/** A word of memory (RAM or ROM, never a device: reading one may change it). */
export function readWord(machine: Machine, address: number): number | undefined {
  address >>>= 0;
  const m = machine.bus.find(address);
  if (m === undefined || m.memory === null || m.end - address < 4) return undefined;
  return machine.bus.read32(address) >>> 0;
}
