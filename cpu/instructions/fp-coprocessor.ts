import { CpuFault, type Cpu } from '../cpu.ts';
import { enc, type DecodeResult, type Encoding, type Fields } from '../encoding.ts';
import type { Insn } from '../insn.ts';

/**
 * The rest of the coprocessor space (hw1 = 111x 11xx; ARMv7-M ARM A5.3, "Coprocessor
 * instructions"): the generic coprocessor instructions LDC, STC, MCR, MRC, MCRR, MRRC, CDP and
 * their "2" forms. The
 * Cortex-M7 has no coprocessor but the FPU (CP10 and CP11, whose encodings are the FP
 * instructions of fp-data.ts and fp-transfer.ts), so each of them takes a UsageFault with
 * UFSR.NOCP (GenerateCoprocessorException). Coprocessor 10 and 11 words that are no FP
 * instruction are UNDEFINED (A6), as is op1 = 00000x or 11xxxx: no encoding here claims them.
 *
 * Insn fields: imm32 is the coprocessor number.
 */

function noCoprocessor(_cpu: Cpu, i: Insn): void {
  throw new CpuFault('NOCP', 0, `coprocessor ${i.imm32} is not present`);
}

/** Coprocessor 10 and 11 are the FPU's: any word of theirs that reaches here is not an FP one. */
const isFp = (coproc: number) => coproc >>> 1 === 0b101;

/** LDC, STC: P = U = W = 0 is MCRR/MRRC (or UNDEFINED). */
function loadStore(literal: boolean, store: boolean) {
  return (f: Fields, i: Insn): DecodeResult => {
    i.imm32 = f.coproc;
    if (isFp(f.coproc) || (f.P === 0 && f.U === 0 && f.W === 0)) return 'SEE';
    if (!literal && f.Rn === 15) return store ? 'UNPREDICTABLE' : 'SEE';
    if (literal && (f.W === 1 || f.P === 0)) return 'UNPREDICTABLE';
  };
}

/** MCRR (MRRC with `read`): Rt, Rt2 neither SP nor PC (nor equal, for a read). */
function twoRegisters(read: boolean) {
  return (f: Fields, i: Insn): DecodeResult => {
    i.imm32 = f.coproc;
    if (isFp(f.coproc)) return 'SEE';
    const bad = (r: number) => r === 13 || r === 15;
    if (bad(f.Rt) || bad(f.Rt2) || (read && f.Rt === f.Rt2)) return 'UNPREDICTABLE';
  };
}

/** MCR (Rt neither SP nor PC), MRC (Rt not SP: PC means APSR_nzcv), CDP. */
function oneRegister(kind: 'MCR' | 'MRC' | 'CDP') {
  return (f: Fields, i: Insn): DecodeResult => {
    i.imm32 = f.coproc;
    if (isFp(f.coproc)) return 'SEE';
    if (kind !== 'CDP' && f.Rt === 13) return 'UNPREDICTABLE';
    if (kind === 'MCR' && f.Rt === 15) return 'UNPREDICTABLE';
  };
}

/** The encoding as T1 (hw1 = 1110 ...) and its "2" form as T2 (1111 ...). */
function pair(names: [string, string], rest: string, decode: Encoding['decode']): Encoding[] {
  return [
    enc(names[0], `1110 ${rest}`, decode, noCoprocessor),
    enc(names[1], `1111 ${rest}`, decode, noCoprocessor),
  ];
}

const LS = 'P U N W';

export const ENCODINGS: Encoding[] = [
  ...pair(
    ['STC T1', 'STC2 T2'],
    `110 ${LS} 0 Rn:4 | CRd:4 coproc:4 imm8:8`,
    loadStore(false, true),
  ),
  ...pair(
    ['LDC (immediate) T1', 'LDC2 (immediate) T2'],
    `110 ${LS} 1 Rn:4 | CRd:4 coproc:4 imm8:8`,
    loadStore(false, false),
  ),
  ...pair(
    ['LDC (literal) T1', 'LDC2 (literal) T2'],
    `110 ${LS} 1 1111 | CRd:4 coproc:4 imm8:8`,
    loadStore(true, false),
  ),
  ...pair(
    ['MCRR T1', 'MCRR2 T2'],
    '1100 0100 Rt2:4 | Rt:4 coproc:4 opc1:4 CRm:4',
    twoRegisters(false),
  ),
  ...pair(
    ['MRRC T1', 'MRRC2 T2'],
    '1100 0101 Rt2:4 | Rt:4 coproc:4 opc1:4 CRm:4',
    twoRegisters(true),
  ),
  ...pair(
    ['CDP T1', 'CDP2 T2'],
    '1110 opc1:4 CRn:4 | CRd:4 coproc:4 opc2:3 0 CRm:4',
    oneRegister('CDP'),
  ),
  ...pair(
    ['MCR T1', 'MCR2 T2'],
    '1110 opc1:3 0 CRn:4 | Rt:4 coproc:4 opc2:3 1 CRm:4',
    oneRegister('MCR'),
  ),
  ...pair(
    ['MRC T1', 'MRC2 T2'],
    '1110 opc1:3 1 CRn:4 | Rt:4 coproc:4 opc2:3 1 CRm:4',
    oneRegister('MRC'),
  ),
];
