/**
 * MVFR0-MVFR2 (0xE000EF40-EF48): what the FPU tells software it implements (ARMv7-M ARM B4.7,
 * "Media and FP Feature Registers"). The Cortex-M7's FPv5 comes single precision only
 * (FPv5-SP-D16, the STM32F746's) or with double precision too (FPv5-D16, the STM32F767's); the
 * registers follow the choice, so that they agree with what the instructions do. The values are
 * those of the Cortex-M7 TRM's FPU register summary: 0x10110021 / 0x10110221 and 0x11000011 /
 * 0x12000011 (QEMU's double-precision cortex-m7 reports the second pair).
 */

/**
 * MVFR0: rounding modes [31:28] = 1 (all), square root [23:20] = 1, divide [19:16] = 1,
 * double precision [11:8] = 2 (supported) or 0 (none), single precision [7:4] = 2, registers
 * [3:0] = 1 (16 x 64-bit); short vectors and exception trapping are 0 (not supported).
 */
export function mvfr0(doublePrecision: boolean): number {
  return (1 << 28) | (1 << 20) | (1 << 16) | ((doublePrecision ? 2 : 0) << 8) | (2 << 4) | 1;
}

/**
 * MVFR1: fused multiply-accumulate [31:28] = 1, half-precision conversion [27:24] = 1 (to and
 * from single precision) or 2 (double precision too), default NaN mode [7:4] = 1, flush-to-zero
 * mode [3:0] = 1.
 */
export function mvfr1(doublePrecision: boolean): number {
  return (1 << 28) | ((doublePrecision ? 2 : 1) << 24) | (1 << 4) | 1;
}

/** MVFR2: FPMisc [7:4] = 4 (VSEL, VCVTA/N/P/M, VRINT, VMAXNM/VMINNM: FPv5), either precision. */
export const MVFR2_FPV5 = 0x0000_0040;
