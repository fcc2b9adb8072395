/** DWT registers, offsets from 0xE0001000 (ARMv7-M ARM C1.8). */
export const DWT_CTRL = 0x000;
export const DWT_CYCCNT = 0x004;
export const DWT_LAR = 0xfb0;
export const DWT_LSR = 0xfb4;

const CTRL_CYCCNTENA = 1 << 0;
/** NUMCOMP = 4 comparators (Cortex-M7). */
const CTRL_NUMCOMP = 4 << 28;

/**
 * The DWT's cycle counter: CYCCNT follows the core's cycle count while DEMCR.TRCENA and
 * CTRL.CYCCNTENA are both set. The comparators are not modelled (they read as zero).
 */
export class Dwt {
  private ctrl = 0;
  /** CYCCNT = cycles - base while counting; frozen value otherwise. */
  private base = 0;
  private frozen = 0;
  /** Whether it counted when last synchronised. */
  private wasCounting = false;

  constructor(
    private readonly cycles: () => number,
    private readonly traceEnabled: () => boolean,
  ) {}

  reset(): void {
    this.ctrl = 0;
    this.base = 0;
    this.frozen = 0;
    this.wasCounting = false;
  }

  private get counting(): boolean {
    return (this.ctrl & CTRL_CYCCNTENA) !== 0 && this.traceEnabled();
  }

  private cyccnt(): number {
    return this.wasCounting ? (this.cycles() - this.base) >>> 0 : this.frozen;
  }

  /** Re-anchors the counter where it is now: before and after its enables change. */
  sync(): void {
    this.setCyccnt(this.cyccnt());
    this.wasCounting = this.counting;
  }

  read(offset: number): number {
    if (offset === DWT_CTRL) return (CTRL_NUMCOMP | this.ctrl) >>> 0;
    if (offset === DWT_CYCCNT) return this.cyccnt();
    if (offset === DWT_LSR) return 1; // lock implemented, not locked
    return 0;
  }

  write(offset: number, value: number): void {
    if (offset === DWT_CTRL) {
      this.sync();
      this.ctrl = value & CTRL_CYCCNTENA;
      this.sync();
    } else if (offset === DWT_CYCCNT) {
      this.setCyccnt(value >>> 0);
    }
  }

  private setCyccnt(value: number): void {
    this.frozen = value;
    this.base = this.cycles() - value;
  }
}
