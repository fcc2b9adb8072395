import { merge, RegisterBlock } from './register-block.ts';

/** FLASH interface registers (RM0385 3.7; ../shared/reference section 3.3). */
export const FLASH_ACR = 0x00;
export const FLASH_KEYR = 0x04;
export const FLASH_OPTKEYR = 0x08;
export const FLASH_SR = 0x0c;
export const FLASH_CR = 0x10;
export const FLASH_OPTCR = 0x14;
export const FLASH_OPTCR1 = 0x18;

const CR_LOCK = 1 << 31;
const OPTCR_OPTLOCK = 1 << 0;
const KEY1 = 0x4567_0123;
const KEY2 = 0xcdef_89ab;
const OPTKEY1 = 0x0819_2a3b;
const OPTKEY2 = 0x4c5d_6e7f;

/**
 * The flash interface: ACR's wait states (LATENCY), ART and prefetch, stored and read back as
 * HAL does; the CR and OPTCR unlock sequences. Programming and erasing the flash are not
 * modelled (a write to CR's STRT or PG bits does nothing).
 */
export class FlashInterface extends RegisterBlock {
  private acr = 0;
  private cr = CR_LOCK;
  private optcr = 0x0fff_aaed;
  private optcr1 = 0x0fff_0000;
  private keyStep = 0;
  private optKeyStep = 0;
  /** Told when LATENCY changes (the clock limits depend on it). */
  onChange: () => void = () => {};

  constructor(bootAdd0 = 0x0080) {
    super();
    this.optcr1 = ((0x0040 << 16) | bootAdd0) >>> 0;
  }

  reset(): void {
    this.acr = 0;
    this.cr = CR_LOCK;
    this.optcr |= OPTCR_OPTLOCK;
    this.keyStep = 0;
    this.optKeyStep = 0;
  }

  get latency(): number {
    return this.acr & 0xf;
  }

  protected readRegister(offset: number): number {
    switch (offset) {
      case FLASH_ACR:
        return this.acr;
      case FLASH_CR:
        return this.cr;
      case FLASH_OPTCR:
        return this.optcr;
      case FLASH_OPTCR1:
        return this.optcr1;
    }
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    switch (offset) {
      case FLASH_ACR:
        this.acr = merge(this.acr, value, mask) & 0xb0f;
        this.onChange();
        return;
      case FLASH_KEYR:
        if (this.keyStep === 0 && value === KEY1) this.keyStep = 1;
        else if (this.keyStep === 1 && value === KEY2) {
          this.cr &= ~CR_LOCK;
          this.keyStep = 0;
        } else this.keyStep = 0;
        return;
      case FLASH_OPTKEYR:
        if (this.optKeyStep === 0 && value === OPTKEY1) this.optKeyStep = 1;
        else if (this.optKeyStep === 1 && value === OPTKEY2) {
          this.optcr &= ~OPTCR_OPTLOCK;
          this.optKeyStep = 0;
        } else this.optKeyStep = 0;
        return;
      case FLASH_CR:
        if ((this.cr & CR_LOCK) === 0) this.cr = merge(this.cr, value, mask) >>> 0;
        return;
      case FLASH_OPTCR:
        if ((this.optcr & OPTCR_OPTLOCK) === 0) this.optcr = merge(this.optcr, value, mask);
        return;
    }
  }
}
