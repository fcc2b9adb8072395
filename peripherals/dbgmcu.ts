import { merge, RegisterBlock } from './register-block.ts';

/** DBGMCU registers (RM0385 40.16). */
export const DBGMCU_IDCODE = 0x00;
export const DBGMCU_CR = 0x04;
export const DBGMCU_APB1_FZ = 0x08;
export const DBGMCU_APB2_FZ = 0x0c;

/** The debug MCU block: the device identity (IDCODE) and the debug freeze bits, stored. */
export class Dbgmcu extends RegisterBlock {
  private readonly regs = new Uint32Array(4);

  constructor(private readonly idcode: number) {
    super();
  }

  reset(): void {
    this.regs.fill(0);
  }

  protected readRegister(offset: number): number {
    if (offset === DBGMCU_IDCODE) return this.idcode;
    return offset <= DBGMCU_APB2_FZ ? this.regs[offset >>> 2] : 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    if (offset > DBGMCU_IDCODE && offset <= DBGMCU_APB2_FZ) {
      this.regs[offset >>> 2] = merge(this.regs[offset >>> 2], value, mask);
    }
  }
}
