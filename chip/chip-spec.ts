/**
 * A part of the STM32F7 family as data: "a second part (an STM32F767 or F769, with its
 * double-precision FPU and larger memories) is a second table, not a fork of the code" (issue 4).
 * The machine builds its memories, peripherals, NVIC, SCB and FPU from one of these; a board
 * (boards.ts) names the part it carries.
 */
import type { CoreIdentity } from '../cpu/scs/scb.ts';
import type { MemoryRegionSpec, PeripheralSpec } from './stm32f746.ts';

/** A GPIO port's reset values where they differ from zero (the debug pins). */
export interface GpioResetSpec {
  moder: number;
  ospeedr: number;
  pupdr: number;
}

export interface ChipSpec {
  /** The part as ST names its CMSIS header: "STM32F746". */
  name: string;
  memory: readonly MemoryRegionSpec[];
  peripherals: readonly PeripheralSpec[];
  /** External interrupt lines: IRQ 0 .. irqCount - 1. */
  irqCount: number;
  /** `__NVIC_PRIO_BITS`: implemented priority bits, from bit 7 down. */
  nvicPriorityBits: number;
  /** The HSI oscillator: SYSCLK after reset. */
  hsiHz: number;
  /** GPIO reset values that differ from zero, by port letter. */
  gpioReset: Readonly<Record<string, GpioResetSpec>>;
  /** DBGMCU_IDCODE: REV_ID [31:16], DEV_ID [11:0]. */
  dbgmcuIdcode: number;
  /** What the Cortex-M7 reports: CPUID, feature and cache registers, TCM sizes. */
  core: CoreIdentity;
  /** FPv5-D16 (double precision) rather than FPv5-SP-D16; MVFR0/MVFR1 follow it. */
  fpDoublePrecision: boolean;
  /** BOOT_ADD0's factory value as an address (the option byte << 14). */
  defaultBootAddress: number;
  /** One past the last byte of the RAM that runs on from 0x20000000: a raw image's stack. */
  sramTop: number;
}

/** The end of the RAM regions that follow one another from `base` (DTCM, SRAM1, SRAM2). */
export function contiguousRamEnd(memory: readonly MemoryRegionSpec[], base = 0x2000_0000): number {
  let end = base;
  for (;;) {
    const next = memory.find((r) => r.kind === 'ram' && r.base === end);
    if (next === undefined) return end;
    end = next.base + next.size;
  }
}
