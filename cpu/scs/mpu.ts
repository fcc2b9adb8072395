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

  /** Told after CTRL or a region changes (the machine installs or removes the bus check). */
  onChange: () => void = () => {};

  constructor(readonly regions = 8) {
    this.rbar = new Uint32Array(regions);
    this.rasr = new Uint32Array(regions);
  }

  reset(): void {
    this.ctrl = 0;
    this.rnr = 0;
    this.rbar.fill(0);
    this.rasr.fill(0);
    this.onChange();
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
    this.onChange();
  }
}

/** What an access is, for the MPU. */
export type MpuAccess = 'read' | 'write' | 'fetch';

/**
 * Access permissions by RASR.AP (B3.5.9, table B3-15): [privileged, unprivileged], each
 * 0 = no access, 1 = read-only, 2 = read/write. AP = 100 is reserved: no access.
 */
const AP: readonly [number, number][] = [
  [0, 0],
  [2, 0],
  [2, 1],
  [2, 2],
  [0, 0],
  [1, 0],
  [1, 1],
  [1, 1],
];

/** The default memory map's execute-never ranges (B3.1, table B3-1): peripheral, device, system. */
function defaultExecuteNever(addr: number): boolean {
  const a = addr >>> 0;
  return (a >= 0x4000_0000 && a < 0x6000_0000) || a >= 0xa000_0000;
}

/**
 * Whether the MPU treats every address of [start, start + size) alike: no enabled region or
 * enabled sub-region begins or ends strictly inside it. Then `mpuAllows` at `start` answers for
 * the whole range (the PPB aside, which is never memory).
 */
export function mpuUniformOver(mpu: MpuRegisters, start: number, size: number): boolean {
  const end = start + size;
  const inside = (a: number) => a > start && a < end;
  for (let region = 0; region < mpu.regions; region++) {
    const rasr = mpu.rasr[region];
    if ((rasr & 1) === 0) continue;
    const sizeLog2 = ((rasr >>> 1) & 0x1f) + 1;
    if (sizeLog2 < 5) continue;
    const regionSize = 2 ** sizeLog2;
    const base = (mpu.rbar[region] & 0xffffffe0) >>> 0;
    const first = base - (base % regionSize);
    if (inside(first) || inside(first + regionSize)) return false;
    // Sub-regions that differ from their neighbours draw boundaries too.
    const srd = (rasr >>> 8) & 0xff;
    if (sizeLog2 >= 8 && srd !== 0 && srd !== 0xff) {
      for (let sub = 1; sub < 8; sub++) {
        if (inside(first + (sub * regionSize) / 8)) return false;
      }
    }
  }
  return true;
}

/**
 * Whether the MPU allows an access (B3.5, "MPU operation"): the highest-numbered enabled region
 * that contains the address (and whose sub-region is not disabled) decides; with none, the
 * default map for privileged code when PRIVDEFENA is set, else a MemManage fault. The PPB and
 * the vector table are never checked. `negativePriority`: running at priority below 0 (HardFault,
 * NMI, FAULTMASK), where the MPU is bypassed unless HFNMIENA.
 */
export function mpuAllows(
  mpu: MpuRegisters,
  addr: number,
  access: MpuAccess,
  privileged: boolean,
  negativePriority: boolean,
): boolean {
  if ((mpu.ctrl & MPU_CTRL_ENABLE) === 0) return true;
  if (negativePriority && (mpu.ctrl & MPU_CTRL_HFNMIENA) === 0) return true;
  const a = addr >>> 0;
  if (a >= 0xe000_0000 && a < 0xe010_0000) return true;
  for (let region = mpu.regions - 1; region >= 0; region--) {
    const rasr = mpu.rasr[region];
    if ((rasr & 1) === 0) continue;
    const sizeLog2 = ((rasr >>> 1) & 0x1f) + 1;
    if (sizeLog2 < 5) continue; // SIZE below 4 is UNPREDICTABLE: treat the region as absent
    const size = 2 ** sizeLog2;
    const base = (mpu.rbar[region] & 0xffffffe0) >>> 0;
    const start = base - (base % size);
    if (a < start || a >= start + size) continue;
    if (sizeLog2 >= 8) {
      const sub = Math.floor((a - start) / (size / 8));
      if ((rasr >>> (8 + sub)) & 1) continue; // a disabled sub-region: lower regions decide
    }
    if (access === 'fetch' && (rasr & (1 << 28)) !== 0) return false;
    const [priv, unpriv] = AP[(rasr >>> 24) & 7];
    const allowed = privileged ? priv : unpriv;
    return access === 'write' ? allowed === 2 : allowed >= 1;
  }
  if (privileged && (mpu.ctrl & MPU_CTRL_PRIVDEFENA) !== 0) {
    return !(access === 'fetch' && defaultExecuteNever(a));
  }
  return false;
}
