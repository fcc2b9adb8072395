/**
 * The floating-point extension's registers as bit fields (ARMv7-M ARM A2.5, "FPSCR"; B3.2
 * CPACR, FPCCR, FPCAR, FPDSCR), and the rounding modes its operations take.
 */

/** FPSCR: the condition flags VCMP sets and VMRS APSR_nzcv copies. */
export const FPSCR_N = 0x8000_0000;
export const FPSCR_Z = 0x4000_0000;
export const FPSCR_C = 0x2000_0000;
export const FPSCR_V = 0x1000_0000;
/** Alternative half-precision format. */
export const FPSCR_AHP = 1 << 26;
/** Default NaN: every NaN result is the default NaN. */
export const FPSCR_DN = 1 << 25;
/** Flush-to-zero: denormal inputs and results become zero (not for half precision). */
export const FPSCR_FZ = 1 << 24;
export const FPSCR_RMODE_SHIFT = 22;
export const FPSCR_RMODE = 3 << FPSCR_RMODE_SHIFT;
/**
 * The cumulative exception flags: input denormal, inexact, underflow, overflow, divide by zero,
 * invalid operation.
 */
export const FPSCR_IDC = 1 << 7;
export const FPSCR_IXC = 1 << 4;
export const FPSCR_UFC = 1 << 3;
export const FPSCR_OFC = 1 << 2;
export const FPSCR_DZC = 1 << 1;
export const FPSCR_IOC = 1 << 0;
/** The bits VMSR writes; the rest read as zero (the M profile has no trap enables or QC). */
export const FPSCR_WRITABLE = 0xf7c0_009f;
/** AHP, DN, FZ and RMode: what FPDSCR supplies to a new floating-point context. */
export const FPSCR_DEFAULTS = 0x07c0_0000;

/** FPRounding: FPSCR.RMode's four values, and TIEAWAY that VCVTA and VRINTA name. */
export const ROUND_TIEEVEN = 0;
export const ROUND_POSINF = 1;
export const ROUND_NEGINF = 2;
export const ROUND_ZERO = 3;
export const ROUND_TIEAWAY = 4;

/** The rounding mode FPSCR selects. */
export function rmode(fpscr: number): number {
  return (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
}

/** FPDecodeRM: the RM field of VCVTA/N/P/M and VRINTA/N/P/M. */
export function fpDecodeRM(rm: number): number {
  return rm === 0
    ? ROUND_TIEAWAY
    : rm === 1
      ? ROUND_TIEEVEN
      : rm === 2
        ? ROUND_POSINF
        : ROUND_NEGINF;
}

/** CPACR: CP10's access field (CP11 must equal it; Loom reads CP10, as QEMU does). */
export const CPACR_CP10_SHIFT = 20;
export const CPACR_DENIED = 0;
export const CPACR_PRIVILEGED = 1;
export const CPACR_FULL = 3;

/** FPCCR (B3.2): automatic state preservation, lazy preservation and its pending state. */
export const FPCCR_ASPEN = 0x8000_0000;
export const FPCCR_LSPEN = 0x4000_0000;
export const FPCCR_LSPACT = 1 << 0;
/** What exception entry records for a lazy preservation (B3.2.22): who, and which handlers can fault. */
export const FPCCR_USER = 1 << 1;
export const FPCCR_THREAD = 1 << 3;
export const FPCCR_HFRDY = 1 << 4;
export const FPCCR_MMRDY = 1 << 5;
export const FPCCR_BFRDY = 1 << 6;
export const FPCCR_MONRDY = 1 << 8;
/** Reset value: ASPEN and LSPEN set. */
export const FPCCR_RESET = 0xc000_0000;

/**
 * What every floating-point operation needs from the core: FPSCR, whose cumulative exception
 * flags it sets (FPProcessException: the M profile has no trapped exceptions).
 */
export interface FpStatus {
  fpscr: number;
}
