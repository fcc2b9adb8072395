/**
 * The STM32F767: the STM32F746's table where the parts are the same, and what the F767 has of its
 * own (RM0410). Sources: ST's CMSIS header stm32f767xx.h (cmsis_device_f7 v1.2.9, the release
 * ../shared/reference cites for the F746) for addresses, sizes, clock enables, IRQ numbers and
 * the core revision; ST's SVD (../shared/reference/svd/STM32F767.svd, checked in
 * stm32f767.test.ts); OpenOCD's stm32f2x.c for the device ID.
 */
import type { CoreIdentity } from '../cpu/scs/scb.ts';
import { contiguousRamEnd, type ChipSpec } from './chip-spec.ts';
import {
  STM32F746,
  STM32F746_PERIPHERALS,
  type MemoryRegionSpec,
  type PeripheralSpec,
} from './stm32f746.ts';

const KB = 1024;
const MB = 1024 * KB;

/**
 * The F767's memories (stm32f767xx.h): 16 KB ITCM RAM (RAMITCM_BASE), 2 MB of flash
 * (FLASH_END 0x081FFFFF; dual-bank capable through FLASH_OPTCR.nDBANK, which Loom's FLASH
 * interface does not model: it neither erases nor programs), 128 KB DTCM (RAMDTCM_BASE),
 * 368 KB SRAM1 at 0x20020000 (SRAM1_BASE) and 16 KB SRAM2 at 0x2007C000 (SRAM2_BASE): 512 KB.
 */
export const STM32F767_MEMORY: readonly MemoryRegionSpec[] = [
  { name: 'ITCM RAM', base: 0x0000_0000, size: 16 * KB, kind: 'ram' },
  { name: 'Flash (AXIM)', base: 0x0800_0000, size: 2 * MB, kind: 'rom' },
  // FLASHITCM_BASE: the same flash through the ITCM interface, read-only.
  {
    name: 'Flash (ITCM)',
    base: 0x0020_0000,
    size: 2 * MB,
    kind: 'rom',
    aliasOf: 'Flash (AXIM)',
  },
  { name: 'DTCM RAM', base: 0x2000_0000, size: 128 * KB, kind: 'ram' },
  { name: 'SRAM1', base: 0x2002_0000, size: 368 * KB, kind: 'ram' },
  { name: 'SRAM2', base: 0x2007_c000, size: 16 * KB, kind: 'ram' },
  { name: 'Backup SRAM', base: 0x4002_4000, size: 4 * KB, kind: 'ram' },
];

/**
 * The blocks the F746 does not have (named placeholders: no model yet), with their RCC enable
 * bits (RCC_APB1ENR_CAN3EN, RCC_APB2ENR_SDMMC2EN, _DFSDM1EN, _MDIOEN, RCC_AHB2ENR_JPEGEN) and
 * interrupts (IRQn_Type: IRQ 98 is not used on the F767; the F769's DSI has it).
 */
const F767_ONLY: readonly PeripheralSpec[] = [
  {
    name: 'CAN3',
    base: 0x4000_3400,
    size: KB,
    bus: 'APB1',
    enable: { register: 'APB1ENR', bit: 13 },
    irqs: { tx: 104, rx0: 105, rx1: 106, sce: 107 },
  },
  {
    name: 'SDMMC2',
    base: 0x4001_1c00,
    size: KB,
    bus: 'APB2',
    enable: { register: 'APB2ENR', bit: 7 },
    irqs: { global: 103 },
  },
  {
    name: 'DFSDM1',
    base: 0x4001_7400,
    size: KB,
    bus: 'APB2',
    enable: { register: 'APB2ENR', bit: 29 },
    irqs: { flt0: 99, flt1: 100, flt2: 101, flt3: 102 },
  },
  {
    name: 'MDIOS',
    base: 0x4001_7800,
    size: KB,
    bus: 'APB2',
    enable: { register: 'APB2ENR', bit: 30 },
    irqs: { global: 109 },
  },
  {
    name: 'JPEG',
    base: 0x5005_1000,
    size: 4 * KB,
    bus: 'AHB2',
    enable: { register: 'AHB2ENR', bit: 1 },
    irqs: { global: 108 },
  },
];

/** Every F746 block is at the same address with the same IRQs on the F767 (IRQn_Type 0-97). */
export const STM32F767_PERIPHERALS: readonly PeripheralSpec[] = [
  ...STM32F746_PERIPHERALS,
  ...F767_ONLY,
];

/**
 * The F767's Cortex-M7: r1p0 (`__CM7_REV` 0x0100 in stm32f767xx.h, so CPUID 0x411FC270) with
 * 16 KB caches (RM0410; CCSIDR 0xF00FE019: 128 sets of 4 ways, and 0xF01FE009: 256 sets of 2
 * ways, 32-byte lines, as st-util reads them from an F76x) and 128 KB of DTCM.
 */
const CORTEX_M7_R1P0: CoreIdentity = {
  ...STM32F746.core,
  cpuid: 0x411f_c270,
  ccsidrData: 0xf00f_e019,
  ccsidrInstruction: 0xf01f_e009,
  dtcmBytes: 128 * KB,
};

export const STM32F767: ChipSpec = {
  // As the F746: 4 priority bits, the 16 MHz HSI, the debug pins' GPIO reset values (the SVDs
  // agree), BOOT_ADD0 = 0x0080 (flash through the ITCM interface).
  ...STM32F746,
  name: 'STM32F767',
  memory: STM32F767_MEMORY,
  peripherals: STM32F767_PERIPHERALS,
  // IRQ 0-109: MDIOS_IRQn = 109 is the last.
  irqCount: 110,
  // DEV_ID 0x451 (STM32F76x/77x), REV_ID 0x1001 (revision Z), as OpenOCD's stm32f2x.c names them.
  dbgmcuIdcode: 0x1001_0451,
  core: CORTEX_M7_R1P0,
  // FPv5-D16, double precision (datasheet DS11532; Zephyr's Kconfig sets
  // CPU_HAS_FPU_DOUBLE_PRECISION for the F767 only: ../shared/reference section 5.5).
  fpDoublePrecision: true,
  sramTop: contiguousRamEnd(STM32F767_MEMORY),
};
