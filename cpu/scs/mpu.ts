/** MPU registers, offsets from 0xE000E000 (ARMv7-M ARM B3.5). */
export const MPU_TYPE = 0xd90;
export const MPU_CTRL = 0xd94;
export const MPU_RNR = 0xd98;
export const MPU_RBAR = 0xd9c;
export const MPU_RASR = 0xda0;
/** RBAR/RASR aliases A1..A3 at 0xDA4..0xDB8. */
export const MPU_LAST = 0xdb8;

export const MPU_CTRL_ENABLE = 1 << 0;
export const MPU_CTRL_HFNMIENA = 1 << 1;
export const MPU_CTRL_PRIVDEFENA = 1 << 2;

const RBAR_VALID = 1 << 4;

/**
 * The MPU's programmer's model: TYPE, CTRL, RNR and each region's RBAR/RASR, with the alias
 * registers. The STM32F746 has 8 regions.
 */
export class MpuRegisters {
  ctrl = 0;
  rnr = 0;
  readonly rbar: Uint32Array;
  readonly rasr: Uint32Array;

  constructor(readonly regions = 8) {
    this.rbar = new Uint32Array(regions);
    this.rasr = new Uint32Array(regions);
  }

  reset(): void {
    this.ctrl = 0;
    this.rnr = 0;
    this.rbar.fill(0);
    this.rasr.fill(0);
  }

  owns(offset: number): boolean {
    return offset >= MPU_TYPE && offset <= MPU_LAST;
  }

  read(offset: number): number {
    if (offset === MPU_TYPE) return this.regions << 8;
    if (offset === MPU_CTRL) return this.ctrl;
    if (offset === MPU_RNR) return this.rnr;
    const region = this.rnr % this.regions;
    // RBAR and its aliases read the region RNR selects, with REGION in bits [3:0].
    if ((offset - MPU_RBAR) % 8 === 0) return (this.rbar[region] | region) >>> 0;
    return this.rasr[region];
  }

  write(offset: number, value: number): void {
    if (offset === MPU_TYPE) return;
    if (offset === MPU_CTRL) {
      this.ctrl = value & 7;
    } else if (offset === MPU_RNR) {
      this.rnr = value & 0xff;
    } else if ((offset - MPU_RBAR) % 8 === 0) {
      // VALID = 1 selects the region in bits [3:0] (and updates RNR).
      if ((value & RBAR_VALID) !== 0) this.rnr = value & 0xf;
      const region = this.rnr % this.regions;
      this.rbar[region] = value & 0xffffffe0;
    } else {
      this.rasr[this.rnr % this.regions] = value & 0x173fff3f;
    }
  }
}
