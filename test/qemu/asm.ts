/**
 * The few instructions the harness writes itself (setting registers, its exception handler),
 * encoded from patterns in the ARM ARM's notation, and `encode` to fill any encoding's fields.
 */
import { enc, type Encoding, type Fields } from '../../cpu/encoding.ts';

const none = () => undefined;
const pattern = (name: string, p: string) => enc(name, p, none, none);

/** Places field values into an encoding: fixed and should-be bits as the pattern says. */
export function encode(e: Encoding, fields: Fields): number {
  let raw = (e.value | e.sbValue) >>> 0;
  for (const f of e.fields) {
    const v = fields[f.name] ?? 0;
    raw = (raw | ((v & ((1 << f.width) - 1)) << f.shift)) >>> 0;
  }
  return raw >>> 0;
}

/** The instruction's value as `raw` in decode(raw, size): a halfword or hw1 << 16 | hw2. */
export interface Word {
  raw: number;
  size: 2 | 4;
}

const MOVW = pattern('MOVW', '11110 i 1 0 0 1 0 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8');
const MOVT = pattern('MOVT', '11110 i 1 0 1 1 0 0 imm4:4 | 0 imm3:3 Rd:4 imm8:8');
const MOV_HI = pattern('MOV', '010001 10 D Rm:4 Rd:3');
const STR_IMM12 = pattern('STR', '111110001100 Rn:4 | Rt:4 imm12:12');
const MSR = pattern('MSR', '11110 0 1110 0 0 Rn:4 | 10 0 0 mask:2 0 0 SYSm:8');
const BX = pattern('BX', '010001110 Rm:4 000');
const B_T2 = pattern('B', '11100 imm11:11');
const SVC = pattern('SVC', '11011111 imm8:8');

const wide = (raw: number): Word => ({ raw: raw >>> 0, size: 4 });
const narrow = (raw: number): Word => ({ raw, size: 2 });

function imm16Fields(rd: number, imm16: number): Fields {
  return {
    Rd: rd,
    imm4: (imm16 >>> 12) & 0xf,
    i: (imm16 >>> 11) & 1,
    imm3: (imm16 >>> 8) & 7,
    imm8: imm16 & 0xff,
  };
}

export const movw = (rd: number, imm16: number) => wide(encode(MOVW, imm16Fields(rd, imm16)));
export const movt = (rd: number, imm16: number) => wide(encode(MOVT, imm16Fields(rd, imm16)));

/** MOVW + MOVT: any 32-bit value into r0-r12 or lr. */
export function movImm32(rd: number, value: number): Word[] {
  return [movw(rd, value & 0xffff), movt(rd, (value >>> 16) & 0xffff)];
}

/** MOV Rd, Rm (the 16-bit form that reaches every register). */
export const movReg = (rd: number, rm: number) =>
  narrow(encode(MOV_HI, { D: rd >>> 3, Rd: rd & 7, Rm: rm }));

export const strImm = (rt: number, rn: number, imm12: number) =>
  wide(encode(STR_IMM12, { Rt: rt, Rn: rn, imm12 }));

/** SYSm numbers (ARMv7-M ARM B5.1.1). */
export const SYSM = {
  APSR: 0,
  MSP: 8,
  PSP: 9,
  PRIMASK: 16,
  BASEPRI: 17,
  FAULTMASK: 19,
  CONTROL: 20,
};

export const msr = (sysm: number, rn: number) => wide(encode(MSR, { Rn: rn, mask: 2, SYSm: sysm }));
export const bx = (rm: number) => narrow(encode(BX, { Rm: rm }));
export const svc = (imm8: number) => narrow(encode(SVC, { imm8 }));
export const nop = (): Word => narrow(0xbf00);
export const clrex = (): Word => wide(0xf3bf8f2f);
/** `b .` */
export const branchToSelf = (): Word => narrow(encode(B_T2, { imm11: 0x7fe }));

/** Little-endian bytes of a list of instructions (hw1 first for 32-bit ones). */
export function toBytes(words: readonly Word[]): Uint8Array {
  const bytes: number[] = [];
  const half = (h: number) => bytes.push(h & 0xff, (h >>> 8) & 0xff);
  for (const w of words) {
    if (w.size === 4) half(w.raw >>> 16);
    half(w.raw & 0xffff);
  }
  return new Uint8Array(bytes);
}
