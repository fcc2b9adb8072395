/**
 * Loom's cycle model.
 *
 * ARM publishes no per-instruction cycle table for the Cortex-M7 (its TRM, ARM DDI 0489, describes
 * a dual-issue six-stage pipeline but gives no counts). Loom therefore uses the Cortex-M4 table,
 * which does exist (Cortex-M4 TRM, ARM DDI 0439B, section 3.3.1 "Cortex-M4 instruction set
 * summary"), with these stated assumptions:
 *
 * - Single issue: no instruction pairs are dual-issued, so Loom counts at or above the M7's cycles.
 * - P, the pipeline refill after a taken branch or a PC write, is 1 cycle (the M4 TRM gives 1 to 3;
 *   the M7's branch target cache usually hides more).
 * - Memory has no wait states: TCM and flash through the ART accelerator / cache. Flash wait states
 *   are a property of the chip and are added by it, not by the core.
 * - Loads and stores: LDR 2, STR 1 (M4: stores are buffered), LDM/STM/PUSH/POP 1 + N registers,
 *   LDRD/STRD 1 + 2.
 * - SDIV/UDIV 2 to 12: Loom uses 2 + one cycle per 4 significant bits of the quotient
 *   (early termination, as the M4 TRM footnote describes).
 */
export const CYCLES = {
  /** Data processing, moves, shifts, extends, bit-field ops, DSP single-cycle ops. */
  alu: 1,
  /** P: the extra cost of a taken branch or any write to the PC. */
  branchRefill: 1,
  mul: 1,
  /** MLA, MLS: 2 on the M4. */
  mulAcc: 2,
  /** UMULL, SMULL, UMLAL, SMLAL and the DSP long multiplies: 1 on the M4. */
  mulLong: 1,
  divBase: 2,
  load: 2,
  store: 1,
  /** LDRD/STRD: 1 + 2. */
  dual: 3,
  /** LDM/STM/PUSH/POP: this + one per register (added by the handler). */
  multiple: 1,
  /** TBB/TBH: 2 + P. */
  tableBranch: 2,
  /** MRS, MSR: 2 cycles; barriers: a few cycles without a memory system to drain. */
  system: 2,
  barrier: 4,
} as const;

/**
 * The floating-point instructions, from the same Cortex-M4 TRM (section 7.2.3, "FPU instruction
 * set", table 7-1); double precision, which the M4 lacks, is assumed to cost the same except
 * VDIV and VSQRT, taken as twice the single-precision count.
 */
export const FP_CYCLES = {
  /** VADD, VSUB, VMUL, VNMUL, VABS, VNEG, VCMP, VCVT, VMOV, VRINT, VSEL, VMAXNM, VMRS, VMSR. */
  alu: 1,
  /** VMLA, VMLS, VNMLA, VNMLS, VFMA, VFMS, VFNMA, VFNMS. */
  mac: 3,
  divSqrt: 14,
  divSqrtDouble: 28,
  /** VMOV of two core registers to or from two FP registers (or one doubleword). */
  transfer2: 2,
  /** VLDR, VSTR (one more for a doubleword, added by the handler). */
  loadStore: 2,
  /** VLDM, VSTM, VPUSH, VPOP: this + one per word (added by the handler). */
  multiple: 1,
} as const;
