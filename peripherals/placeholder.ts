import type { Diagnostics } from './diagnostics.ts';

/**
 * A peripheral Loom does not model: reads return its reset value (zero unless given), writes
 * are ignored, and the first access says so once.
 */
export class Placeholder {
  constructor(
    private readonly name: string,
    private readonly base: number,
    private readonly diagnostics: Diagnostics,
    private readonly resetValues: ReadonlyMap<number, number> = new Map(),
  ) {}

  private noted(): void {
    const at = '0x' + this.base.toString(16).padStart(8, '0');
    this.diagnostics.once(`placeholder:${this.name}`, `${this.name} at ${at} is not modelled`);
  }

  read(offset: number, bytes: number): number {
    this.noted();
    const word = this.resetValues.get(offset & ~3) ?? 0;
    const shift = (offset & 3) * 8;
    return bytes === 4 ? word >>> 0 : (word >>> shift) & (bytes === 2 ? 0xffff : 0xff);
  }

  write(): void {
    this.noted();
  }

  reset(): void {}
}
