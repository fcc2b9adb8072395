import { merge, RegisterBlock } from './register-block.ts';

/** SYSCFG registers (RM0385 7.2; ../shared/reference section 3.7). */
export const SYSCFG_MEMRMP = 0x00;
export const SYSCFG_PMC = 0x04;
export const SYSCFG_EXTICR1 = 0x08;
export const SYSCFG_EXTICR4 = 0x14;
export const SYSCFG_CMPCR = 0x20;

/** Port letters by EXTICR code (PA = 0 ... PK = 10). */
export const EXTI_PORTS = 'ABCDEFGHIJK';

/**
 * The system configuration controller: which port drives each EXTI line (EXTICR1-4, four bits
 * per line), the memory remap and the compensation cell (ready as soon as it is enabled).
 */
export class Syscfg extends RegisterBlock {
  private memrmp = 0;
  private pmc = 0;
  private readonly exticr = new Uint32Array(4);
  private cmpcr = 0;
  /** Told when a line's port selection changes. */
  onChange: () => void = () => {};

  reset(): void {
    this.memrmp = 0;
    this.pmc = 0;
    this.exticr.fill(0);
    this.cmpcr = 0;
  }

  /** The port letter selected for EXTI line `line` (0-15). */
  portOf(line: number): string {
    const code = (this.exticr[line >>> 2] >>> (4 * (line & 3))) & 0xf;
    return EXTI_PORTS[code] ?? 'A';
  }

  protected readRegister(offset: number): number {
    if (offset === SYSCFG_MEMRMP) return this.memrmp;
    if (offset === SYSCFG_PMC) return this.pmc;
    if (offset >= SYSCFG_EXTICR1 && offset <= SYSCFG_EXTICR4) {
      return this.exticr[(offset - SYSCFG_EXTICR1) >>> 2];
    }
    // CMPCR.READY (bit 8) follows CMP_PD (bit 0).
    if (offset === SYSCFG_CMPCR) return this.cmpcr | ((this.cmpcr & 1) << 8);
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    if (offset === SYSCFG_MEMRMP) this.memrmp = merge(this.memrmp, value, mask) & 0xc01;
    else if (offset === SYSCFG_PMC) this.pmc = merge(this.pmc, value, mask) & 0x0087_0000;
    else if (offset >= SYSCFG_EXTICR1 && offset <= SYSCFG_EXTICR4) {
      const k = (offset - SYSCFG_EXTICR1) >>> 2;
      this.exticr[k] = merge(this.exticr[k], value, mask) & 0xffff;
      this.onChange();
    } else if (offset === SYSCFG_CMPCR) this.cmpcr = merge(this.cmpcr, value, mask) & 1;
  }
}
