/** ITM registers, offsets from 0xE0000000 (ARMv7-M ARM C1.7). */
export const ITM_STIM0 = 0x000;
export const ITM_STIM_LAST = 0x07c;
export const ITM_TER = 0xe00;
export const ITM_TPR = 0xe40;
export const ITM_TCR = 0xe80;

const TCR_ITMENA = 1 << 0;

/**
 * The ITM's stimulus ports: what firmware writes to port 0 (CMSIS `ITM_SendChar`) goes to the
 * console, when DEMCR.TRCENA, TCR.ITMENA and TER bit 0 allow it. Reads of a port say the FIFO
 * is ready (1).
 */
export class Itm {
  private ter = 0;
  private tpr = 0;
  private tcr = 0;
  private readonly byte = new Uint8Array(1);

  constructor(
    private readonly output: (bytes: Uint8Array) => void,
    private readonly traceEnabled: () => boolean,
  ) {}

  reset(): void {
    this.ter = 0;
    this.tpr = 0;
    this.tcr = 0;
  }

  read(offset: number): number {
    if (offset <= ITM_STIM_LAST) return 1;
    if (offset === ITM_TER) return this.ter;
    if (offset === ITM_TPR) return this.tpr;
    if (offset === ITM_TCR) return this.tcr;
    return 0;
  }

  /** A write of `bytes` bytes (1, 2 or 4) at `offset`. */
  write(offset: number, bytes: number, value: number): void {
    if (offset <= ITM_STIM_LAST) {
      const port = offset >>> 2;
      if (port !== 0 || !this.traceEnabled() || (this.tcr & TCR_ITMENA) === 0) return;
      if ((this.ter & 1) === 0) return;
      for (let k = 0; k < bytes; k++) {
        this.byte[0] = (value >>> (8 * k)) & 0xff;
        this.output(this.byte);
      }
      return;
    }
    if (offset === ITM_TER) this.ter = value >>> 0;
    else if (offset === ITM_TPR) this.tpr = value & 0xf;
    else if (offset === ITM_TCR) this.tcr = value & 0x00ff3f1f;
  }
}
