/**
 * Where the differential test puts things. Every address exists in both machines: QEMU's
 * mps2-an500 has RAM at 0x00000000-0x003FFFFF and 0x20000000-0x203FFFFF; Loom's STM32F746 has
 * ITCM at 0x0-0x3FFF, DTCM at 0x20000000-0x2000FFFF and SRAM1 from 0x20010000.
 */

/** Vector table (VTOR = 0 in QEMU): every exception goes to TRAP. */
export const VECTORS = 0x0000_0000;
export const VECTOR_COUNT = 64;

/**
 * Code region (DTCM): filled with a fixed pattern, the program at CODE. Literal loads reach
 * CODE +- 4 KB, which stays inside the region, so they read the same bytes in both machines.
 */
export const CODE_REGION = 0x2000_0000;
export const CODE_REGION_SIZE = 0x4000;
export const CODE = 0x2000_1000;
/** The most bytes of code a program may have (rewritten for every program). */
export const CODE_MAX = 0x800;

/** The harness's own code, past where programs and their literals reach. */
export const TRAP = 0x2000_3c00;

/** Data the programs load and store: compared word for word after every run. */
export const SCRATCH = 0x2001_0000;
export const SCRATCH_SIZE = 0x1000;
/** Words at the start of the scratch area that hold jump targets: stores never land there. */
export const SLOTS = SCRATCH;
export const SLOTS_SIZE = 0x40;
/** Where generated stores may land (multi-word stores included). */
export const STORE_LOW = SCRATCH + 0x100;
export const STORE_HIGH = SCRATCH + SCRATCH_SIZE - 0x100;

/** Stacks: the harness's handler stack and the initial PSP, outside the scratch area. */
export const HANDLER_STACK = 0x2001_8000;
export const PSP_INIT = 0x2001_7000;
/** The initial SP of every program: inside the scratch area, 8-byte aligned. */
export const SP_INIT = SCRATCH + 0x800;

/** Seed of the fixed pattern that fills the code region around the program. */
export const CODE_FILL_SEED = 0x5eed_c0de;
