import type { Encoding } from '../encoding.ts';
import { ENCODINGS as COPROCESSOR } from './fp-coprocessor.ts';
import { ENCODINGS as DATA_PROCESSING } from './fp-data.ts';
import { ENCODINGS as TRANSFER } from './fp-transfer.ts';

/**
 * The coprocessor space (ARMv7-M ARM A5.3, "Coprocessor instructions"; A6): the FPv5
 * floating-point unit's instructions (CP10, CP11) and the generic coprocessor instructions,
 * which find no coprocessor (NOCP). Every FP instruction runs Cpu.executeFPCheck() first: CPACR
 * gating and lazy state preservation.
 */
export const ENCODINGS: readonly Encoding[] = [...DATA_PROCESSING, ...TRANSFER, ...COPROCESSOR];
