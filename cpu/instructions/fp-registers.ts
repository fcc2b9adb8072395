/**
 * What the floating-point instruction files share: register numbers from encoding fields
 * (ARMv7-M ARM A6: a single-precision register is Vd:D, a doubleword register D:Vd), the words
 * of a D register (D<n> is S<2n+1>:S<2n>), and the check that the FPU has double precision.
 */
import { CpuFault, type Cpu } from '../cpu.ts';
import { d64 } from '../fpu/double.ts';
import type { Insn } from '../insn.ts';

/** S<Vx:X>. */
export const sReg = (v: number, x: number) => (v << 1) | x;

/** D<X:Vx>, or -1 beyond D15: FPv5-D16 has 16 doubleword registers (UNDEFINED above). */
export const dReg = (x: number, v: number) => (x === 0 ? v : -1);

/** Bits 31:0 and 63:32 of D<n>. */
export const dLo = (s: Uint32Array, n: number) => s[2 * n];
export const dHi = (s: Uint32Array, n: number) => s[2 * n + 1];

/** D<n> = the result of the last double-precision operation. */
export function setD(s: Uint32Array, n: number): void {
  s[2 * n] = d64.lo;
  s[2 * n + 1] = d64.hi;
}

/**
 * Double-precision data processing is UNDEFINED on an FPU without it (FPv5-SP-D16: the
 * STM32F746). Encodings decode alike on every part; the chip's FPU decides when they run.
 */
export function requireDoublePrecision(cpu: Cpu, i: Insn): void {
  if (!cpu.fpDoublePrecision) {
    throw new CpuFault(
      'UNDEFINSTR',
      0,
      `${i.encoding?.name ?? 'double precision'}: UNDEFINED (this FPU has single precision only)`,
    );
  }
}

/** FPv5's T = 1 instructions are UNPREDICTABLE in an IT block ("if InITBlock() then ..."). */
export function requireOutsideIt(cpu: Cpu, i: Insn): void {
  if (cpu.inITBlock()) {
    throw new CpuFault('UNDEFINSTR', 0, `${i.encoding?.name}: UNPREDICTABLE in an IT block`);
  }
}
