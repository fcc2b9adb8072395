/**
 * The STM32F767 as a second chip table: its peripherals and interrupts against ST's SVD (and the
 * F746's against its own), its memories against ST's stm32f767xx.h, what its core reports
 * (CPUID, MVFR0-2, caches, TCMs) against the header and the ARM manuals, and its FPU: VADD.F64
 * runs on the F767 and is UNDEFINED on the F746's single-precision FPU (ARMv7-M ARM A2.5).
 */
import { describe, expect, test } from 'vitest';

import { assembleListing } from '../loader/asm.ts';
import { svdDevice } from '../test/svd.ts';
import {
  BOARDS,
  NUCLEO_F746ZG,
  NUCLEO_F767ZI,
  STM32F746G_DISCO,
  type BoardSpec,
} from './boards.ts';
import { contiguousRamEnd, type ChipSpec } from './chip-spec.ts';
import { Machine } from './machine.ts';
import { STM32F746, SRAM_TOP } from './stm32f746.ts';
import { STM32F767 } from './stm32f767.ts';

/** ST's SVD names where they differ from the reference manual's (LTCD is ST's own typo). */
const SVD_NAMES: Record<string, string[]> = {
  ADC: ['ADC1'],
  ETH: ['Ethernet_MAC'],
  USB_OTG_HS: ['OTG_HS_GLOBAL'],
  USB_OTG_FS: ['OTG_FS_GLOBAL'],
  SPDIFRX: ['SPDIF_RX'],
  DBGMCU: ['DBG'],
  LTDC: ['LTCD'],
  DFSDM1: ['DFSDM'],
};

/** Words in ST's SVD interrupt names that stand for a block, where its own name is not there. */
const SVD_IRQ_NAMES: Record<string, string[]> = {
  LTDC: ['LCD_TFT'],
  LPTIM1: ['LPTIMER1', 'LP_TIMER1'],
  PWR: ['PVD'],
  USB_OTG_HS: ['OTG_HS'],
  USB_OTG_FS: ['OTG_FS'],
};

/** Interrupts the SVD leaves out, as ST's headers name them (stm32f767xx.h, IRQn_Type). */
const SVD_MISSING: Record<string, Record<number, string>> = {
  STM32F746: {},
  STM32F767: { 94: 'CEC_IRQn' },
};

function checkAgainstSvd(chip: ChipSpec, part: 'STM32F746' | 'STM32F767'): void {
  const svd = svdDevice(part);
  const svdBase = (name: string) => {
    for (const n of [name, ...(SVD_NAMES[name] ?? [])]) {
      for (const [key, base] of svd.bases) if (key.toUpperCase() === n.toUpperCase()) return base;
    }
    return undefined;
  };
  for (const spec of chip.peripherals) {
    expect(svdBase(spec.name), `${part} ${spec.name} base`).toBe(spec.base);
    for (const [line, irq] of Object.entries(spec.irqs ?? {})) {
      const svdName = (svd.interrupts.get(irq) ?? SVD_MISSING[part][irq] ?? '(none)').toUpperCase();
      const words = [spec.name, ...(SVD_IRQ_NAMES[spec.name] ?? [])];
      expect(
        words.some((w) => svdName.includes(w)),
        `${part} ${spec.name} ${line} is IRQ ${irq}: the SVD calls IRQ ${irq} ${svdName}`,
      ).toBe(true);
      expect(irq).toBeLessThan(chip.irqCount);
    }
  }
}

describe('the chip tables against ST', () => {
  test("the F746's and the F767's peripherals: every base address and IRQ as the SVD has it", () => {
    checkAgainstSvd(STM32F746, 'STM32F746');
    checkAgainstSvd(STM32F767, 'STM32F767');
  });

  test('the F767 has every F746 block, and its own: CAN3, SDMMC2, DFSDM1, JPEG, MDIOS', () => {
    const names = (chip: ChipSpec) => chip.peripherals.map((p) => p.name);
    expect(names(STM32F767).slice(0, STM32F746.peripherals.length)).toEqual(names(STM32F746));
    expect(names(STM32F767).slice(STM32F746.peripherals.length).sort()).toEqual(
      ['CAN3', 'DFSDM1', 'JPEG', 'MDIOS', 'SDMMC2'].sort(),
    );
    const irqs = (name: string) => STM32F767.peripherals.find((p) => p.name === name)?.irqs;
    // stm32f767xx.h, IRQn_Type.
    expect(irqs('DFSDM1')).toEqual({ flt0: 99, flt1: 100, flt2: 101, flt3: 102 });
    expect(irqs('SDMMC2')).toEqual({ global: 103 });
    expect(irqs('CAN3')).toEqual({ tx: 104, rx0: 105, rx1: 106, sce: 107 });
    expect([irqs('JPEG'), irqs('MDIOS')]).toEqual([{ global: 108 }, { global: 109 }]);
    // IRQ 0-97 on the F746 (SPDIF_RX_IRQn = 97), 0-109 on the F767 (MDIOS_IRQn = 109).
    expect([STM32F746.irqCount, STM32F767.irqCount]).toEqual([98, 110]);
  });

  test("the F767's memories: stm32f767xx.h's bases and sizes, 512 KB of RAM", () => {
    const region = (name: string) => STM32F767.memory.find((r) => r.name === name)!;
    const span = (name: string) => [region(name).base, region(name).base + region(name).size];
    expect(span('Flash (AXIM)')).toEqual([0x0800_0000, 0x081f_ffff + 1]); // FLASH_END
    expect(span('Flash (ITCM)')).toEqual([0x0020_0000, 0x0040_0000]); // FLASHITCM_BASE, 2 MB
    expect(span('ITCM RAM')).toEqual([0, 16 * 1024]);
    expect(span('DTCM RAM')).toEqual([0x2000_0000, 0x2002_0000]); // 128 KB; SRAM1_BASE next
    expect(span('SRAM1')).toEqual([0x2002_0000, 0x2007_c000]); // 368 KB; SRAM2_BASE next
    expect(span('SRAM2')).toEqual([0x2007_c000, 0x2008_0000]); // 16 KB
    expect(STM32F767.sramTop).toBe(0x2008_0000);
    expect(contiguousRamEnd(STM32F746.memory)).toBe(SRAM_TOP);
  });

  test('boards carry their chip; the NUCLEO-F767ZI is the F746ZG Nucleo around an F767', () => {
    expect([NUCLEO_F746ZG.chip, STM32F746G_DISCO.chip, NUCLEO_F767ZI.chip]).toEqual([
      STM32F746,
      STM32F746,
      STM32F767,
    ]);
    expect(BOARDS['nucleo-f767zi']).toBe(NUCLEO_F767ZI);
    expect([NUCLEO_F767ZI.name, NUCLEO_F767ZI.chip.name]).toEqual(['NUCLEO-F767ZI', 'STM32F767']);
    // Zephyr's nucleo_f767zi.dts and NuttX's nucleo-f767zi.h: the F746ZG Nucleo's wiring.
    const pins = (b: BoardSpec) => [
      ...b.leds.map((l) => `${l.name} P${l.port}${l.pin} ${l.activeHigh ? 'high' : 'low'}`),
      ...b.buttons.map((k) => `${k.name} P${k.port}${k.pin} ${k.activeHigh ? 'high' : 'low'}`),
      `${b.console.usart} ${b.console.tx} ${b.console.rx}`,
      `HSE ${b.hseHz} ${b.hseBypass ? 'bypass' : 'crystal'}`,
    ];
    expect(pins(NUCLEO_F767ZI)).toEqual([
      'LD1 PB0 high',
      'LD2 PB7 high',
      'LD3 PB14 high',
      'B1 PC13 high',
      'USART3 PD8 PD9',
      'HSE 8000000 bypass',
    ]);
    expect(pins(NUCLEO_F767ZI)).toEqual(pins(NUCLEO_F746ZG));
  });
});

describe('what each chip reports', () => {
  const f746 = () => new Machine();
  const f767 = () => new Machine(NUCLEO_F767ZI);

  test('CPUID: r0p1 on the F746, r1p0 on the F767 (__CM7_REV in ST headers)', () => {
    // Implementer 0x41, variant, architecture 0xF, part number 0xC27 (Cortex-M7), revision.
    expect(f746().bus.read32(0xe000_ed00)).toBe(0x410f_c271);
    expect(f767().bus.read32(0xe000_ed00)).toBe(0x411f_c270);
  });

  test('MVFR0-2 follow the FPU: double precision [11:8] and half-double conversion [27:24]', () => {
    const mvfr = (m: Machine) => [0xe000_ef40, 0xe000_ef44, 0xe000_ef48].map(m.bus.read32, m.bus);
    const [sp0, sp1, sp2] = mvfr(f746());
    const [dp0, dp1, dp2] = mvfr(f767());
    // ARMv7-M ARM B4.7: MVFR0.Double-precision 0b0000 (none) or 0b0010 (supported).
    expect([(sp0 >>> 8) & 0xf, (dp0 >>> 8) & 0xf]).toEqual([0, 2]);
    // MVFR1.FP HPFP: 0b0001 half-single conversions, 0b0010 half-double too.
    expect([(sp1 >>> 24) & 0xf, (dp1 >>> 24) & 0xf]).toEqual([1, 2]);
    // The rest alike: the Cortex-M7 TRM's values for its two FPU options.
    expect([sp0, sp1, sp2]).toEqual([0x1011_0021, 0x1100_0011, 0x0000_0040]);
    expect([dp0, dp1, dp2]).toEqual([0x1011_0221, 0x1200_0011, 0x0000_0040]);
  });

  test('caches and TCMs: 4 KB caches and 64 KB DTCM on the F746, 16 KB and 128 KB on the F767', () => {
    const geometry = (m: Machine) => {
      const sizes = [0, 1].map((csselr) => {
        m.bus.write32(0xe000_ed84, csselr); // CSSELR: data, instruction
        const ccsidr = m.bus.read32(0xe000_ed80);
        const sets = ((ccsidr >>> 13) & 0x7fff) + 1;
        const ways = ((ccsidr >>> 3) & 0x3ff) + 1;
        return sets * ways * (16 << (ccsidr & 7)); // line bytes: 4 << (LineSize + 2)
      });
      // ITCMCR/DTCMCR.SZ [6:3] (Cortex-M7 TRM): 0b0101 16 KB, 0b0111 64 KB, 0b1000 128 KB.
      const sz = (a: number) => (m.bus.read32(a) >>> 3) & 0xf;
      return [...sizes, sz(0xe000_ef90), sz(0xe000_ef94)];
    };
    expect(geometry(f746())).toEqual([4096, 4096, 0b0101, 0b0111]);
    expect(geometry(f767())).toEqual([16384, 16384, 0b0101, 0b1000]);
  });

  test('DBGMCU_IDCODE.DEV_ID 0x449 and 0x451, the HSI, the NVIC up to the last IRQ', () => {
    for (const [m, devId, spec] of [
      [f746(), 0x449, STM32F746],
      [f767(), 0x451, STM32F767],
    ] as const) {
      expect(m.bus.read32(0xe004_2000) & 0xfff).toBe(devId);
      expect(m.chip.rcc.sysclkHz).toBe(spec.hsiHz);
      // ISER3/ISPR3 bit 13 is IRQ 109 (MDIOS): there on the F767 only (B3.4.4: bits of IRQs
      // beyond the implemented ones read as zero).
      m.bus.write32(0xe000_e10c, 1 << 13);
      m.bus.write32(0xe000_e20c, 1 << 13);
      const there = spec === STM32F767 ? 1 << 13 : 0;
      expect([m.bus.read32(0xe000_e10c), m.bus.read32(0xe000_e20c)]).toEqual([there, there]);
      expect(m.bus.read32(0xe000_e004)).toBe(3); // ICTR: INTLINESNUM, (3 + 1) * 32 lines
    }
  });

  test('SRAM: the top of SRAM2 is the default stack, 0x2007FFFC exists on the F767 only', () => {
    const a = f746();
    const b = f767();
    a.startAt(0x2000_0100);
    b.startAt(0x2000_0100);
    expect([a.cpu.msp, b.cpu.msp]).toEqual([0x2005_0000, 0x2008_0000]);
    b.bus.write32(0x2007_fffc, 0x1234_5678);
    expect(b.bus.read32(0x2007_fffc)).toBe(0x1234_5678);
    expect(() => a.bus.write32(0x2007_fffc, 0)).toThrow();
  });
});

describe('double precision: VADD.F64 on each chip', () => {
  const CODE = 0x2000_0200;
  const VECTORS = 0x2000_0000;
  const STACK = 0x2001_0000;
  // 1.5 + 2.25 = 3.75, exact in binary: D0 = 0x400E000000000000.
  const SOURCE = `
    .syntax unified
    .thumb
    main:
      ldr r0, =0xE000ED88    @ CPACR: CP10, CP11 full access
      ldr r1, =0x00F00000
      str r1, [r0]
      ldr r0, =0xE000ED24    @ SHCSR.USGFAULTENA
      ldr r1, =0x00040000
      str r1, [r0]
      dsb
      isb
      ldr r0, =0x3FF80000    @ D1 = 1.5
      movs r1, #0
      vmov d1, r1, r0
      ldr r0, =0x40020000    @ D2 = 2.25
      vmov d2, r1, r0
    add:
      vadd.f64 d0, d1, d2
      bkpt #1
    usagefault:
      bkpt #2
  `;

  async function run(board: BoardSpec) {
    const m = new Machine(board);
    const asm = await assembleListing(SOURCE.replace(/^ {4}/gm, ''), CODE);
    const at = (label: string) => asm.symbols.get(label)!.address;
    m.bus.load(CODE, asm.code);
    m.startAt(at('main'), STACK);
    m.vtor = VECTORS;
    m.bus.write32(VECTORS + 4 * 6, at('usagefault') | 1);
    m.run(1000);
    return { m, at };
  }

  test('the F767 adds: D0 = 3.75', async () => {
    const { m } = await run(NUCLEO_F767ZI);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #1/);
    expect([m.cpu.s[1], m.cpu.s[0]]).toEqual([0x400e_0000, 0]);
  });

  test('the F746 takes a UsageFault, UNDEFINSTR, at the VADD.F64', async () => {
    const { m, at } = await run(NUCLEO_F746ZG);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #2/);
    expect(m.cpu.ipsr).toBe(6); // UsageFault
    expect(m.bus.read32(0xe000_ed28)).toBe(1 << 16); // CFSR.UNDEFINSTR
    expect(m.bus.read32(m.cpu.msp + 24)).toBe(at('add')); // stacked return address
    expect([m.cpu.s[1], m.cpu.s[0]]).toEqual([0, 0]); // D0 untouched
  });
});
