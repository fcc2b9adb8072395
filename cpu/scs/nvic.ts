import { FIRST_IRQ, type ExceptionModel } from '../exceptions.ts';

/** NVIC registers, offsets from 0xE000E000 (ARMv7-M ARM B3.4.3). */
export const ICTR = 0x004;
export const NVIC_ISER = 0x100;
export const NVIC_ICER = 0x180;
export const NVIC_ISPR = 0x200;
export const NVIC_ICPR = 0x280;
export const NVIC_IABR = 0x300;
export const NVIC_IPR = 0x400;
export const STIR = 0xf00;

/**
 * The NVIC's registers over the exception model's state: enable, pending and active bits for
 * IRQ n at bit n % 32 of word n / 32, one priority byte per IRQ, and the software trigger.
 */
export class Nvic {
  constructor(private readonly exceptions: ExceptionModel) {}

  private get irqCount(): number {
    return this.exceptions.irqCount;
  }

  /** The 32 bits of one of ISER/ISPR/IABR's words, from a per-exception array. */
  private bits(array: Uint8Array, word: number): number {
    let v = 0;
    for (let b = 0; b < 32; b++) {
      const irq = word * 32 + b;
      if (irq < this.irqCount && array[FIRST_IRQ + irq] !== 0) v |= 1 << b;
    }
    return v >>> 0;
  }

  /** Read of a word-aligned offset in 0xE000E000..0xE000EFFF that the NVIC owns. */
  read(offset: number): number {
    const ex = this.exceptions;
    if (offset === ICTR) return Math.ceil(this.irqCount / 32) - 1;
    const word = (offset & 0x7f) >>> 2;
    if (offset >= NVIC_ISER && offset < NVIC_ICER + 0x80) {
      return this.bits(ex.enabled, word);
    }
    if (offset >= NVIC_ISPR && offset < NVIC_ICPR + 0x80) return this.bits(ex.pending, word);
    if (offset >= NVIC_IABR && offset < NVIC_IABR + 0x80) return this.bits(ex.active, word);
    if (offset >= NVIC_IPR && offset < NVIC_IPR + 0x3f0) {
      let v = 0;
      for (let k = 0; k < 4; k++) {
        const irq = offset - NVIC_IPR + k;
        if (irq < this.irqCount) v |= ex.priority[FIRST_IRQ + irq] << (8 * k);
      }
      return v >>> 0;
    }
    return 0;
  }

  /** Whether the NVIC owns this offset. */
  owns(offset: number): boolean {
    return offset === ICTR || (offset >= NVIC_ISER && offset < NVIC_IPR + 0x3f0) || offset === STIR;
  }

  /** Write of the bytes `mask` selects (value already shifted into place). */
  write(offset: number, value: number, mask: number): void {
    const ex = this.exceptions;
    value &= mask;
    const word = (offset & 0x7f) >>> 2;
    const each = (fn: (n: number) => void) => {
      for (let b = 0; b < 32; b++) {
        const irq = word * 32 + b;
        if ((value & (1 << b)) !== 0 && irq < this.irqCount) fn(FIRST_IRQ + irq);
      }
    };
    if (offset >= NVIC_ISER && offset < NVIC_ISER + 0x80) {
      each((n) => (ex.enabled[n] = 1));
      ex.changed();
    } else if (offset >= NVIC_ICER && offset < NVIC_ICER + 0x80) {
      each((n) => (ex.enabled[n] = 0));
    } else if (offset >= NVIC_ISPR && offset < NVIC_ISPR + 0x80) {
      each((n) => ex.setPending(n));
    } else if (offset >= NVIC_ICPR && offset < NVIC_ICPR + 0x80) {
      each((n) => ex.clearPending(n));
    } else if (offset >= NVIC_IPR && offset < NVIC_IPR + 0x3f0) {
      for (let k = 0; k < 4; k++) {
        const irq = offset - NVIC_IPR + k;
        if (((mask >>> (8 * k)) & 0xff) !== 0 && irq < this.irqCount) {
          ex.priority[FIRST_IRQ + irq] = (value >>> (8 * k)) & ex.priorityMask;
        }
      }
      ex.changed();
    } else if (offset === STIR) {
      const irq = value & 0x1ff;
      if (irq < this.irqCount) ex.setPending(FIRST_IRQ + irq);
    }
  }
}
