/**
 * The STM32F746's memory map (RM0385 section 2.2; ../shared/reference/stm32f746.md section 1.1).
 * Peripherals come with their own table (issue: the STM32F746 and the Nucleo board).
 */
export interface MemoryRegionSpec {
  name: string;
  base: number;
  size: number;
  kind: 'ram' | 'rom';
  /** Another region whose storage this one shows (the flash's ITCM alias). */
  aliasOf?: string;
}

export const STM32F746_MEMORY: readonly MemoryRegionSpec[] = [
  { name: 'ITCM RAM', base: 0x0000_0000, size: 16 * 1024, kind: 'ram' },
  { name: 'Flash (AXIM)', base: 0x0800_0000, size: 1024 * 1024, kind: 'rom' },
  // The ITCM interface to the same flash; read-only in hardware.
  {
    name: 'Flash (ITCM)',
    base: 0x0020_0000,
    size: 1024 * 1024,
    kind: 'rom',
    aliasOf: 'Flash (AXIM)',
  },
  { name: 'DTCM RAM', base: 0x2000_0000, size: 64 * 1024, kind: 'ram' },
  { name: 'SRAM1', base: 0x2001_0000, size: 240 * 1024, kind: 'ram' },
  { name: 'SRAM2', base: 0x2004_c000, size: 16 * 1024, kind: 'ram' },
  { name: 'Backup SRAM', base: 0x4002_4000, size: 4 * 1024, kind: 'ram' },
];

/** BOOT_ADD0's factory value 0x0080 << 14: flash through the ITCM interface. */
export const DEFAULT_BOOT_ADDRESS = 0x0020_0000;
/** One past the last byte of SRAM2: where a raw image's stack starts. */
export const SRAM_TOP = 0x2005_0000;

/** External interrupt lines (IRQ 0-97; RM0385 table 40, ../shared/reference section 4). */
export const IRQ_COUNT = 98;
/** `__NVIC_PRIO_BITS`: only priority bits [7:4] exist. */
export const NVIC_PRIORITY_BITS = 4;
/** The HSI oscillator, SYSCLK after reset (RM0385 5.2.2). */
export const HSI_HZ = 16_000_000;
