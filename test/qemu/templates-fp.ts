/**
 * The floating-point side of the programs: every program starts with a random FPSCR (rounding
 * mode, FZ, DN, AHP, flags) written by VMSR, and random S0-S31 with a taste for the values where
 * IEEE 754 is hard (test/fp-values.ts); FP data processing sometimes has its operands set to
 * such values just before it. The harness enables the FPU in QEMU (harness-code.ts) and Loom
 * (loom-target.ts) alike, with double precision: QEMU's Cortex-M7 has it.
 */
import { randomControl, randomDouble, randomSingle } from '../fp-values.ts';
import type { Word } from './asm.ts';
import type { EncodingInfo } from './classify.ts';
import { instanceOf } from './instance.ts';
import type { Random } from './random.ts';
import { info, prepareRandom } from './simple.ts';
import { setupRegisters, type ProgramWriter } from './writer.ts';

/**
 * FPv5's T = 1 instructions: UNPREDICTABLE in an IT block, which QEMU executes conditionally
 * and Loom refuses (templates-it.ts keeps them out).
 */
export function unpredictableInIt(name: string): boolean {
  return /^(VSEL|VMAXNM|VMINNM|VRINT[ANPM]|VCVT[ANPM])\./.test(name);
}

/** FP encodings, by name. */
export function isFp(name: string | undefined): boolean {
  return name !== undefined && /^V/.test(name);
}

/** FP data processing: the encodings whose names carry a precision. */
function isFpData(e: EncodingInfo): boolean {
  return /^V[A-Z]+(\/VCVTT)?\.F(32|64)/.test(e.encoding.name);
}

/** S0-S31 at the start of a program: singles and doubles (D<k> = S<2k+1>:S<2k>). */
export function randomFpRegisters(r: Random): number[] {
  const s: number[] = [];
  for (let k = 0; k < 16; k++) {
    if (r.chance(0.4)) {
      const [hi, lo] = randomDouble(r);
      s.push(lo, hi);
    } else s.push(randomSingle(r), randomSingle(r));
  }
  return s;
}

function word(name: string, fields: Record<string, number>): Word {
  const inst = instanceOf(info(name).encoding, fields);
  if (inst === null) throw new Error(`${name}: ${JSON.stringify(fields)} does not encode`);
  return { raw: inst.raw, size: 4 };
}

/** VMOV S<s>, R<rt>. */
const toSingle = (s: number, rt: number) =>
  word('VMOV (core register to single) T1', { Rt: rt, Vn: s >>> 1, N: s & 1 });

/** A random FPSCR (NZCV, AHP, DN, FZ, RMode, some cumulative flags) through VMSR. */
export function fpPrologue(w: ProgramWriter): void {
  const r = w.random;
  const rt = r.below(13);
  const flags = r.chance(0.3) ? r.bits(8) & 0x9f : 0;
  w.setReg(rt, (randomControl(r) | (r.bits(4) << 28) | flags) >>> 0);
  w.setup(word('VMSR T1', { Rt: rt }));
}

/**
 * An FP data-processing instruction whose source registers (and accumulator) are set to hard
 * values first, through a free core register and VMOV.
 */
export function fpOperands(w: ProgramWriter, e: EncodingInfo): boolean {
  if (!isFpData(e)) return false;
  const p = prepareRandom(w, e, 'main');
  if (p === null) return false;
  const rt = w.freeRegisters(setupRegisters(p))[0];
  const double = /\.F64/.test(e.encoding.name);
  const { d, n, m } = p.inst.insn;
  for (const reg of new Set([d, n, m])) {
    if (reg < 0 || !w.random.chance(0.6)) continue;
    const values = double ? randomDouble(w.random).reverse() : [randomSingle(w.random)];
    values.forEach((v, k) => {
      const s = double ? 2 * reg + k : reg;
      if (s > 31) return;
      w.setReg(rt, v);
      w.setup(toSingle(s, rt));
    });
  }
  w.emitPrepared(p);
  return true;
}
