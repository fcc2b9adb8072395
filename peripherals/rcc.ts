import type { Clocks } from './clocks.ts';
import type { Diagnostics } from './diagnostics.ts';
import { merge, RegisterBlock } from './register-block.ts';

/** RCC registers (RM0385 5.3; ../shared/reference section 3.1). */
export const RCC_CR = 0x00;
export const RCC_PLLCFGR = 0x04;
export const RCC_CFGR = 0x08;
export const RCC_CIR = 0x0c;
export const RCC_AHB1RSTR = 0x10;
export const RCC_AHB2RSTR = 0x14;
export const RCC_AHB3RSTR = 0x18;
export const RCC_APB1RSTR = 0x20;
export const RCC_APB2RSTR = 0x24;
export const RCC_AHB1ENR = 0x30;
export const RCC_AHB2ENR = 0x34;
export const RCC_AHB3ENR = 0x38;
export const RCC_APB1ENR = 0x40;
export const RCC_APB2ENR = 0x44;
export const RCC_AHB1LPENR = 0x50;
export const RCC_AHB2LPENR = 0x54;
export const RCC_AHB3LPENR = 0x58;
export const RCC_APB1LPENR = 0x60;
export const RCC_APB2LPENR = 0x64;
export const RCC_BDCR = 0x70;
export const RCC_CSR = 0x74;
export const RCC_SSCGR = 0x80;
export const RCC_PLLI2SCFGR = 0x84;
export const RCC_PLLSAICFGR = 0x88;
export const RCC_DCKCFGR1 = 0x8c;
export const RCC_DCKCFGR2 = 0x90;

/** Register names by offset, for messages ("RCC_AHB1ENR.GPIOBEN = 0"). */
export const RCC_REGISTER_NAMES: Record<number, string> = {
  [RCC_AHB1ENR]: 'RCC_AHB1ENR',
  [RCC_AHB2ENR]: 'RCC_AHB2ENR',
  [RCC_AHB3ENR]: 'RCC_AHB3ENR',
  [RCC_APB1ENR]: 'RCC_APB1ENR',
  [RCC_APB2ENR]: 'RCC_APB2ENR',
};

// RCC_CR
const CR_HSION = 1 << 0;
const CR_HSIRDY = 1 << 1;
const CR_HSEON = 1 << 16;
const CR_HSERDY = 1 << 17;
const CR_HSEBYP = 1 << 18;
const CR_PLLON = 1 << 24;
const CR_PLLRDY = 1 << 25;
const CR_PLLI2SON = 1 << 26;
const CR_PLLI2SRDY = 1 << 27;
const CR_PLLSAION = 1 << 28;
const CR_PLLSAIRDY = 1 << 29;
const CR_READY = CR_HSIRDY | CR_HSERDY | CR_PLLRDY | CR_PLLI2SRDY | CR_PLLSAIRDY;
// RCC_CFGR
const CFGR_SW = 0x3;
const CFGR_SWS_SHIFT = 2;
// RCC_BDCR / RCC_CSR
const BDCR_LSEON = 1 << 0;
const BDCR_LSERDY = 1 << 1;
const CSR_LSION = 1 << 0;
const CSR_LSIRDY = 1 << 1;
const CSR_RMVF = 1 << 24;
const CSR_PINRSTF = 1 << 26;
const CSR_SFTRSTF = 1 << 28;
/** LPWRRSTF, WWDGRSTF, IWDGRSTF, SFTRSTF, PORRSTF, PINRSTF, BORRSTF. */
const CSR_RESET_FLAGS = 0xfe00_0000;
// RCC_DCKCFGR1
const DCKCFGR1_TIMPRE = 1 << 24;

export const HSI_HZ = 16_000_000;
const LSE_HZ = 32_768;

const REGISTERS = new Set([
  RCC_CR,
  RCC_PLLCFGR,
  RCC_CFGR,
  RCC_CIR,
  RCC_AHB1RSTR,
  RCC_AHB2RSTR,
  RCC_AHB3RSTR,
  RCC_APB1RSTR,
  RCC_APB2RSTR,
  RCC_AHB1ENR,
  RCC_AHB2ENR,
  RCC_AHB3ENR,
  RCC_APB1ENR,
  RCC_APB2ENR,
  RCC_AHB1LPENR,
  RCC_AHB2LPENR,
  RCC_AHB3LPENR,
  RCC_APB1LPENR,
  RCC_APB2LPENR,
  RCC_BDCR,
  RCC_CSR,
  RCC_SSCGR,
  RCC_PLLI2SCFGR,
  RCC_PLLSAICFGR,
  RCC_DCKCFGR1,
  RCC_DCKCFGR2,
]);

/** HPRE as a right shift (ST's AHBPrescTable), PPRE as one (APBPrescTable). */
const AHB_SHIFT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9];
const APB_SHIFT = [0, 0, 0, 0, 1, 2, 3, 4];

const RESET: [number, number][] = [
  [RCC_CR, 0x0000_0083],
  [RCC_PLLCFGR, 0x2400_3010],
  [RCC_AHB1ENR, 0x0010_0000],
  [RCC_AHB1LPENR, 0x7e67_91ff],
  [RCC_AHB2LPENR, 0x0000_00f1],
  [RCC_AHB3LPENR, 0x0000_0001],
  [RCC_APB1LPENR, 0x36fe_c9ff],
  [RCC_APB2LPENR, 0x0007_5f33],
  // Power-on and pin reset flags (PORRSTF, PINRSTF, BORRSTF).
  [RCC_CSR, 0x0e00_0000],
  [RCC_PLLI2SCFGR, 0x2400_3000],
  [RCC_PLLSAICFGR, 0x2400_3000],
];

/** What reset the chip: power on (or Loom's own reset), or the core's AIRCR.SYSRESETREQ. */
export type ResetKind = 'power' | 'software';

export interface RccOptions {
  /** The HSE the board provides (0: none, so HSERDY never rises). */
  hseHz: number;
  /** The board feeds HSE an external clock (the Nucleo's ST-LINK MCO): HSEBYP expected. */
  hseBypass?: boolean;
  /** What the other limits depend on: PWR's voltage scale and over-drive, FLASH's latency. */
  voltageScale?: () => number;
  overdrive?: () => boolean;
  flashLatency?: () => number;
}

/**
 * The reset and clock control: ready flags that follow their enables, the clock switch, the
 * main PLL, the bus prescalers and the derived clocks every peripheral runs on. Settings out of
 * the datasheet's range are reported as diagnostics, not refused: the firmware runs as written.
 */
export class Rcc extends RegisterBlock implements Clocks {
  private readonly regs = new Map<number, number>();
  private readonly listeners: (() => void)[] = [];

  sysclkHz = HSI_HZ;
  hclkHz = HSI_HZ;
  pclk1Hz = HSI_HZ;
  pclk2Hz = HSI_HZ;
  timclk1Hz = HSI_HZ;
  timclk2Hz = HSI_HZ;
  /** The PLL's output (P) when it runs, else 0. */
  pllHz = 0;

  constructor(
    private readonly options: RccOptions,
    private readonly diagnostics: Diagnostics,
  ) {
    super();
    this.reset();
  }

  /**
   * A power-on reset, or a system reset (RM0385 5.1.2), which keeps RCC_CSR's reset flags and the
   * backup domain's RCC_BDCR. A software reset (AIRCR.SYSRESETREQ) sets SFTRSTF and, as every
   * internal reset drives NRST low through the pulse generator (RM0385 5.1.2), PINRSTF.
   */
  reset(kind: ResetKind = 'power'): void {
    const flags = this.get(RCC_CSR) & CSR_RESET_FLAGS;
    const bdcr = this.get(RCC_BDCR);
    this.regs.clear();
    for (const [offset, value] of RESET) this.regs.set(offset, value);
    if (kind === 'software') {
      this.regs.set(RCC_CSR, (flags | CSR_SFTRSTF | CSR_PINRSTF) >>> 0);
      this.regs.set(RCC_BDCR, bdcr);
    }
    this.recompute();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private get(offset: number): number {
    return this.regs.get(offset) ?? 0;
  }

  /** Whether a peripheral's enable bit (register offset, bit) is set. */
  enabled(register: number, bit: number): boolean {
    return ((this.get(register) >>> bit) & 1) === 1;
  }

  protected readRegister(offset: number): number {
    if (!this.isRegister(offset)) return 0;
    return this.get(offset);
  }

  private isRegister(offset: number): boolean {
    return REGISTERS.has(offset);
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    if (!this.isRegister(offset)) return;
    let v = merge(this.get(offset), value, mask);
    switch (offset) {
      case RCC_CR: {
        // HSI cannot stop while it drives SYSCLK or the PLL; the ready flags follow the enables.
        const sws = (this.get(RCC_CFGR) >>> CFGR_SWS_SHIFT) & 3;
        if (sws === 0) v |= CR_HSION;
        if (sws === 2) v |= CR_PLLON;
        v &= ~CR_READY;
        if (v & CR_HSION) v |= CR_HSIRDY;
        if (v & CR_HSEON && this.options.hseHz > 0) {
          v |= CR_HSERDY;
          if (this.options.hseBypass && (v & CR_HSEBYP) === 0) {
            this.diagnostics.once(
              'hse-bypass',
              'HSE enabled as a crystal oscillator, but this board feeds it an external clock: ' +
                'set RCC_CR.HSEBYP (Loom starts it anyway)',
            );
          }
        }
        if (v & CR_PLLON && this.pllSourceReady(v)) v |= CR_PLLRDY;
        if (v & CR_PLLI2SON) v |= CR_PLLI2SRDY;
        if (v & CR_PLLSAION) v |= CR_PLLSAIRDY;
        break;
      }
      case RCC_PLLCFGR:
        // The PLL's configuration can only change while it is off (RM0385 5.3.2).
        if (this.get(RCC_CR) & CR_PLLON) return;
        break;
      case RCC_CFGR: {
        const sw = v & CFGR_SW;
        const ready =
          sw === 0
            ? (this.get(RCC_CR) & CR_HSIRDY) !== 0
            : sw === 1
              ? (this.get(RCC_CR) & CR_HSERDY) !== 0
              : sw === 2 && (this.get(RCC_CR) & CR_PLLRDY) !== 0;
        const sws = ready ? sw : (this.get(RCC_CFGR) >>> CFGR_SWS_SHIFT) & 3;
        v = (v & ~(3 << CFGR_SWS_SHIFT)) | (sws << CFGR_SWS_SHIFT);
        break;
      }
      case RCC_BDCR:
        v = (v & ~BDCR_LSERDY) | (v & BDCR_LSEON ? BDCR_LSERDY : 0);
        break;
      case RCC_CSR:
        v = (v & ~CSR_LSIRDY) | (v & CSR_LSION ? CSR_LSIRDY : 0);
        if (v & CSR_RMVF) v &= 0x00ffffff & ~CSR_RMVF;
        break;
    }
    this.regs.set(offset, v >>> 0);
    if (offset === RCC_CR || offset === RCC_PLLCFGR || offset === RCC_CFGR) this.recompute();
    else if (offset === RCC_DCKCFGR1) this.recompute();
  }

  private pllSourceReady(cr: number): boolean {
    const hse = (this.get(RCC_PLLCFGR) >>> 22) & 1;
    return hse ? (cr & CR_HSEON) !== 0 && this.options.hseHz > 0 : (cr & CR_HSION) !== 0;
  }

  /** The PLL's input, VCO and P output (RM0385 5.3.2), whether or not it runs. */
  pll(): { inputHz: number; vcoHz: number; outputHz: number; m: number; n: number; p: number } {
    const cfg = this.get(RCC_PLLCFGR);
    const m = cfg & 0x3f;
    const n = (cfg >>> 6) & 0x1ff;
    const p = (((cfg >>> 16) & 3) + 1) * 2;
    const sourceHz = (cfg >>> 22) & 1 ? this.options.hseHz : HSI_HZ;
    const inputHz = m === 0 ? 0 : sourceHz / m;
    const vcoHz = inputHz * n;
    return { inputHz, vcoHz, outputHz: vcoHz / p, m, n, p };
  }

  private recompute(): void {
    const cr = this.get(RCC_CR);
    const cfgr = this.get(RCC_CFGR);
    const pll = this.pll();
    this.pllHz = cr & CR_PLLRDY ? pll.outputHz : 0;
    const sws = (cfgr >>> CFGR_SWS_SHIFT) & 3;
    const sysclk = sws === 1 ? this.options.hseHz : sws === 2 ? this.pllHz : HSI_HZ;
    const hclk = sysclk / 2 ** AHB_SHIFT[(cfgr >>> 4) & 0xf];
    const ppre1 = (cfgr >>> 10) & 7;
    const ppre2 = (cfgr >>> 13) & 7;
    const pclk1 = hclk / 2 ** APB_SHIFT[ppre1];
    const pclk2 = hclk / 2 ** APB_SHIFT[ppre2];
    const timpre = (this.get(RCC_DCKCFGR1) & DCKCFGR1_TIMPRE) !== 0;
    const timer = (pclk: number, ppre: number) =>
      timpre ? (APB_SHIFT[ppre] <= 2 ? hclk : 4 * pclk) : APB_SHIFT[ppre] === 0 ? pclk : 2 * pclk;
    const changed =
      sysclk !== this.sysclkHz ||
      hclk !== this.hclkHz ||
      pclk1 !== this.pclk1Hz ||
      pclk2 !== this.pclk2Hz ||
      timer(pclk1, ppre1) !== this.timclk1Hz ||
      timer(pclk2, ppre2) !== this.timclk2Hz;
    this.sysclkHz = sysclk;
    this.hclkHz = hclk;
    this.pclk1Hz = pclk1;
    this.pclk2Hz = pclk2;
    this.timclk1Hz = timer(pclk1, ppre1);
    this.timclk2Hz = timer(pclk2, ppre2);
    if (cr & CR_PLLON) this.checkPll(pll);
    if (changed) {
      this.checkLimits();
      for (const listener of this.listeners) listener();
    }
  }

  uartKernelHz(index: number): number {
    const sel = (this.get(RCC_DCKCFGR2) >>> (2 * index)) & 3;
    if (sel === 1) return this.sysclkHz;
    if (sel === 2) return HSI_HZ;
    if (sel === 3) return LSE_HZ;
    // USART1 and USART6 are on APB2, the others on APB1.
    return index === 0 || index === 5 ? this.pclk2Hz : this.pclk1Hz;
  }

  private checkPll(pll: ReturnType<Rcc['pll']>): void {
    const mhz = (hz: number) => `${+(hz / 1e6).toFixed(3)} MHz`;
    if (pll.m < 2 || pll.inputHz < 0.95e6 || pll.inputHz > 2.1e6) {
      this.diagnostics.once(
        `pll-input:${pll.m}`,
        `PLL input ${mhz(pll.inputHz)} (source / PLLM ${pll.m}) is outside 0.95-2.1 MHz`,
      );
    }
    if (pll.n < 50 || pll.n > 432 || pll.vcoHz < 100e6 || pll.vcoHz > 432e6) {
      this.diagnostics.once(
        `pll-vco:${pll.n}:${pll.m}`,
        `PLL VCO ${mhz(pll.vcoHz)} (PLLN ${pll.n}) is outside 100-432 MHz`,
      );
    }
  }

  /** SYSCLK, APB and flash limits (RM0385 3.3.2, 5.2; datasheet): reported, not enforced. */
  checkLimits(): void {
    const mhz = (hz: number) => `${+(hz / 1e6).toFixed(3)} MHz`;
    const scale = this.options.voltageScale?.() ?? 1;
    const overdrive = this.options.overdrive?.() ?? false;
    const max = scale === 1 ? (overdrive ? 216e6 : 180e6) : scale === 2 ? 180e6 : 144e6;
    if (this.sysclkHz > max) {
      const why = scale === 1 && !overdrive ? 'without over-drive' : `at voltage scale ${scale}`;
      this.diagnostics.once(
        `sysclk:${this.sysclkHz}:${max}`,
        `SYSCLK ${mhz(this.sysclkHz)} is above the ${mhz(max)} allowed ${why}`,
      );
    }
    if (this.pclk1Hz > 54e6) {
      this.diagnostics.once(
        `pclk1:${this.pclk1Hz}`,
        `APB1 clock ${mhz(this.pclk1Hz)} is above its 54 MHz maximum`,
      );
    }
    if (this.pclk2Hz > 108e6) {
      this.diagnostics.once(
        `pclk2:${this.pclk2Hz}`,
        `APB2 clock ${mhz(this.pclk2Hz)} is above its 108 MHz maximum`,
      );
    }
    const latency = this.options.flashLatency?.();
    if (latency !== undefined) {
      const needed = Math.max(0, Math.ceil(this.hclkHz / 30e6) - 1);
      if (latency < needed) {
        this.diagnostics.once(
          `flash:${this.hclkHz}:${latency}`,
          `FLASH_ACR.LATENCY = ${latency} wait states is too few for HCLK ${mhz(this.hclkHz)} ` +
            `(it needs ${needed}): a real chip would read wrong instructions`,
        );
      }
    }
  }
}
