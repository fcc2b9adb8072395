/**
 * A peripheral's registers as the bus sees them: 32-bit registers at word offsets. Byte and
 * halfword accesses reach the same registers (the STM32's AHB/APB peripherals accept them):
 * a narrow read takes its bytes from the word, a narrow write passes the bytes it covers as a
 * mask, so that each register decides what a partial write means.
 */
export abstract class RegisterBlock {
  /** Reads the register at a word-aligned offset (side effects, such as clearing a flag, allowed). */
  protected abstract readRegister(offset: number): number;
  /** Writes `value` to the bytes `mask` selects (mask 0xFFFFFFFF for a word). */
  protected abstract writeRegister(offset: number, value: number, mask: number): void;

  read(offset: number, bytes: number): number {
    const word = this.readRegister(offset & ~3) >>> 0;
    if (bytes === 4) return word;
    const shift = (offset & 3) * 8;
    return (word >>> shift) & (bytes === 2 ? 0xffff : 0xff);
  }

  write(offset: number, bytes: number, value: number): void {
    if (bytes === 4) {
      this.writeRegister(offset & ~3, value >>> 0, 0xffffffff);
      return;
    }
    const shift = (offset & 3) * 8;
    const mask = ((bytes === 2 ? 0xffff : 0xff) << shift) >>> 0;
    this.writeRegister(offset & ~3, ((value << shift) & mask) >>> 0, mask);
  }
}

/** The bits of `value` that `mask` selects, over the rest of `old`. */
export function merge(old: number, value: number, mask: number): number {
  return ((old & ~mask) | (value & mask)) >>> 0;
}
