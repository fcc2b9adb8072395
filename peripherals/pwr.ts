import { merge, RegisterBlock } from './register-block.ts';

/** PWR registers (RM0385 4.4; ../shared/reference section 3.2). */
export const PWR_CR1 = 0x00;
export const PWR_CSR1 = 0x04;
export const PWR_CR2 = 0x08;
export const PWR_CSR2 = 0x0c;

const CR1_VOS_SHIFT = 14;
const CR1_ODEN = 1 << 16;
const CR1_ODSWEN = 1 << 17;
const CSR1_VOSRDY = 1 << 14;
const CSR1_ODRDY = 1 << 16;
const CSR1_ODSWRDY = 1 << 17;

/**
 * The power controller: the voltage scale (VOS) and the over-drive handshake HAL performs on
 * the way to 216 MHz: ODEN -> ODRDY, then ODSWEN -> ODSWRDY. VOSRDY is always set.
 */
export class Pwr extends RegisterBlock {
  private cr1 = 0;
  private cr2 = 0;
  /** Told when the voltage scale or over-drive change (the clock limits depend on them). */
  onChange: () => void = () => {};

  constructor() {
    super();
    this.reset();
  }

  reset(): void {
    this.cr1 = 0x0000_c000;
    this.cr2 = 0;
  }

  /** 1, 2 or 3 (VOS 11, 10, 01). */
  get voltageScale(): number {
    const vos = (this.cr1 >>> CR1_VOS_SHIFT) & 3;
    return vos === 3 ? 1 : vos === 2 ? 2 : 3;
  }

  get overdrive(): boolean {
    return (this.cr1 & (CR1_ODEN | CR1_ODSWEN)) === (CR1_ODEN | CR1_ODSWEN);
  }

  protected readRegister(offset: number): number {
    switch (offset) {
      case PWR_CR1:
        return this.cr1;
      case PWR_CSR1: {
        let v = CSR1_VOSRDY;
        if (this.cr1 & CR1_ODEN) v |= CSR1_ODRDY;
        if (this.cr1 & CR1_ODSWEN) v |= CSR1_ODSWRDY;
        return v >>> 0;
      }
      case PWR_CR2:
        return this.cr2;
    }
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    if (offset === PWR_CR1) {
      this.cr1 = merge(this.cr1, value, mask) & 0x000f_efff;
      this.onChange();
    } else if (offset === PWR_CR2) {
      this.cr2 = merge(this.cr2, value, mask) & 0x3f3f;
    }
  }
}
