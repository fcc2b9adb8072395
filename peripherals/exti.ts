import { merge, RegisterBlock } from './register-block.ts';

/** EXTI registers (RM0385 10.9; ../shared/reference section 3.7). */
export const EXTI_IMR = 0x00;
export const EXTI_EMR = 0x04;
export const EXTI_RTSR = 0x08;
export const EXTI_FTSR = 0x0c;
export const EXTI_SWIER = 0x10;
export const EXTI_PR = 0x14;

const LINES = 0x00ff_ffff;

/**
 * The external interrupt controller: 24 lines, each with rising and falling edge triggers, a
 * software trigger and a pending bit (write 1 to clear). A pending, unmasked line holds its
 * interrupt high: lines 0-4 have their own, 5-9 and 10-15 share one each (`irqOfLine`).
 */
export class Exti extends RegisterBlock {
  private imr = 0;
  private emr = 0;
  private rtsr = 0;
  private ftsr = 0;
  private pr = 0;

  constructor(
    /** The NVIC line each EXTI line raises (-1: none). */
    private readonly irqOfLine: (line: number) => number,
    private readonly setIrq: (irq: number, high: boolean) => void,
  ) {
    super();
  }

  reset(): void {
    this.imr = 0;
    this.emr = 0;
    this.rtsr = 0;
    this.ftsr = 0;
    this.pr = 0;
    this.updateIrqs();
  }

  /** An edge on line `line` (a GPIO pin through SYSCFG, or an internal source). */
  edge(line: number, rising: boolean): void {
    const bit = 1 << line;
    if ((rising ? this.rtsr : this.ftsr) & bit) {
      this.pr |= bit;
      this.updateIrqs();
    }
  }

  private updateIrqs(): void {
    const active = this.pr & this.imr;
    const levels = new Map<number, boolean>();
    for (let line = 0; line < 24; line++) {
      const irq = this.irqOfLine(line);
      if (irq < 0) continue;
      levels.set(irq, (levels.get(irq) ?? false) || (active & (1 << line)) !== 0);
    }
    for (const [irq, high] of levels) this.setIrq(irq, high);
  }

  protected readRegister(offset: number): number {
    switch (offset) {
      case EXTI_IMR:
        return this.imr;
      case EXTI_EMR:
        return this.emr;
      case EXTI_RTSR:
        return this.rtsr;
      case EXTI_FTSR:
        return this.ftsr;
      case EXTI_PR:
        return this.pr;
    }
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    switch (offset) {
      case EXTI_IMR:
        this.imr = merge(this.imr, value, mask) & LINES;
        break;
      case EXTI_EMR:
        this.emr = merge(this.emr, value, mask) & LINES;
        return;
      case EXTI_RTSR:
        this.rtsr = merge(this.rtsr, value, mask) & LINES;
        return;
      case EXTI_FTSR:
        this.ftsr = merge(this.ftsr, value, mask) & LINES;
        return;
      case EXTI_SWIER:
        // A 1 sets the pending bit of an unmasked line (RM0385 10.9.5).
        this.pr |= value & mask & this.imr & LINES;
        break;
      case EXTI_PR:
        this.pr &= ~(value & mask);
        break;
      default:
        return;
    }
    this.updateIrqs();
  }
}
