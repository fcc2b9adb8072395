/**
 * What the harness puts in memory besides the programs: a vector table sending every exception
 * to TRAP, and the code there that puts the core back in a clean Thread mode (QEMU only runs
 * it; Loom gets the same bytes so that both memories agree).
 *
 *   TRAP:  nop                  <- breakpoint: an exception came here
 *          sp = HANDLER_STACK - 32; stacked PC = PARK, stacked xPSR = T
 *          PRIMASK = BASEPRI = FAULTMASK = CONTROL = 0, PSP = PSP_INIT
 *          CFSR, HFSR, DFSR cleared (write 1 to clear), PendSV and SysTick no longer pending
 *          CPACR = full access to the FPU; FPCCR = ASPEN | LSPEN (LSPACT clear)
 *          bx 0xFFFFFFF9        <- return to Thread mode on the main stack
 *   PARK:  b .                  <- breakpoint: back in Thread mode, no exception active
 *   RESET: cpsie f; svc #0      <- run from Thread mode to get here through TRAP
 *   WAKE:  ICSR = PENDSVSET     <- QEMU runs this before a WFI, registers saved around it
 *          b .                  <- breakpoint (WOKEN)
 *
 * The GDB stub cannot make PendSV pending itself: QEMU drops debugger writes to the SCB.
 */
import {
  branchToSelf,
  bx,
  movImm32,
  movReg,
  msr,
  nop,
  strImm,
  svc,
  SYSM,
  toBytes,
  type Word,
} from './asm.ts';
import {
  CODE_FILL_SEED,
  CODE_REGION_SIZE,
  HANDLER_STACK,
  PSP_INIT,
  TRAP,
  VECTOR_COUNT,
} from './layout.ts';
import { Random } from './random.ts';

const SCB_CFSR = 0xe000_ed28;
const SCB_ICSR = 0xe000_ed04;
const ICSR_PENDSVSET = 1 << 28;
const ICSR_PENDSVCLR = 1 << 27;
const ICSR_PENDSTCLR = 1 << 25;
const SCB_CPACR = 0xe000_ed88;
const CPACR_CP10_CP11_FULL = 0xf << 20;
const FPCCR = 0xe000_ef34;
const FPCCR_ASPEN_LSPEN = 0xc000_0000;

function trapCode(park: number): Word[] {
  const SP = 13;
  const LR = 14;
  return [
    nop(),
    ...movImm32(0, HANDLER_STACK - 32),
    movReg(SP, 0),
    ...movImm32(1, park | 1),
    strImm(1, SP, 24),
    ...movImm32(1, 0x0100_0000),
    strImm(1, SP, 28),
    ...movImm32(1, 0),
    msr(SYSM.PRIMASK, 1),
    msr(SYSM.BASEPRI, 1),
    msr(SYSM.FAULTMASK, 1),
    msr(SYSM.CONTROL, 1),
    ...movImm32(1, PSP_INIT),
    msr(SYSM.PSP, 1),
    ...movImm32(0, SCB_CFSR),
    ...movImm32(1, 0xffff_ffff),
    strImm(1, 0, 0),
    strImm(1, 0, 4),
    strImm(1, 0, 8),
    ...movImm32(0, SCB_ICSR),
    ...movImm32(1, ICSR_PENDSVCLR | ICSR_PENDSTCLR),
    strImm(1, 0, 0),
    // The FPU on (CPACR), and no lazy FP state pending from the exception that got here.
    ...movImm32(0, SCB_CPACR),
    ...movImm32(1, CPACR_CP10_CP11_FULL),
    strImm(1, 0, 0),
    ...movImm32(0, FPCCR),
    ...movImm32(1, FPCCR_ASPEN_LSPEN),
    strImm(1, 0, 0),
    ...movImm32(LR, 0xffff_fff9),
    bx(LR),
  ];
}

const size = (words: Word[]) => words.reduce((n, w) => n + w.size, 0);

/** Where the trap code ends: PARK (b .), then RESET (cpsie f; svc #0). */
export const PARK = TRAP + size(trapCode(0));
export const RESET = PARK + 2;
const CPSIE_F: Word = { raw: 0xb661, size: 2 };

function wakeCode(): Word[] {
  return [...movImm32(0, SCB_ICSR), ...movImm32(1, ICSR_PENDSVSET), strImm(1, 0, 0)];
}

export const WAKE = RESET + 4;
export const WOKEN = WAKE + size(wakeCode());

export function harnessCode(): Uint8Array {
  return toBytes([
    ...trapCode(PARK),
    branchToSelf(),
    CPSIE_F,
    svc(0),
    ...wakeCode(),
    branchToSelf(),
  ]);
}

export function vectorTable(): Uint8Array {
  const words = new Uint32Array(VECTOR_COUNT).fill((TRAP | 1) >>> 0);
  words[0] = HANDLER_STACK;
  return new Uint8Array(words.buffer);
}

/** The whole code region as it is before a program is written in: a fixed pattern, the trap. */
export function codeRegionImage(): Uint8Array {
  const image = new Uint8Array(CODE_REGION_SIZE);
  const random = new Random(CODE_FILL_SEED);
  for (let k = 0; k < image.length; k += 4) {
    const v = random.u32();
    image[k] = v;
    image[k + 1] = v >>> 8;
    image[k + 2] = v >>> 16;
    image[k + 3] = v >>> 24;
  }
  const trap = harnessCode();
  image.set(trap, TRAP - 0x2000_0000);
  return image;
}
