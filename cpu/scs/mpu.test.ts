/** The MPU's region rules (ARMv7-M ARM B3.5), on its registers as firmware programs them. */
import { describe, expect, test } from 'vitest';

import { MPU_CTRL, MPU_RASR, MPU_RBAR, MPU_RNR, MPU_TYPE, MpuRegisters, mpuAllows } from './mpu.ts';

/** RASR for a region of 2^(size+1) bytes with access permissions `ap`. */
const rasr = (size: number, ap: number, { xn = false, srd = 0 } = {}) =>
  ((xn ? 1 << 28 : 0) | (ap << 24) | (srd << 8) | (size << 1) | 1) >>> 0;

function mpu(...regions: [number, number][]): MpuRegisters {
  const m = new MpuRegisters(8);
  regions.forEach(([base, attributes], n) => {
    m.write(MPU_RBAR, base | (1 << 4) | n); // VALID selects region n
    m.write(MPU_RASR, attributes);
  });
  m.write(MPU_CTRL, 1);
  return m;
}

describe('MPU registers', () => {
  test('TYPE says 8 regions; RBAR with VALID selects the region; RNR reads back', () => {
    const m = new MpuRegisters(8);
    expect(m.read(MPU_TYPE)).toBe(8 << 8);
    m.write(MPU_RBAR, 0x2000_0000 | (1 << 4) | 5);
    expect(m.read(MPU_RNR)).toBe(5);
    expect(m.read(MPU_RBAR)).toBe(0x2000_0005);
    m.write(MPU_RNR, 2);
    expect(m.read(MPU_RBAR)).toBe(2);
    // The alias pairs reach the same registers.
    m.write(MPU_RBAR + 8, 0x0800_0000 | (1 << 4) | 1);
    expect(m.rbar[1]).toBe(0x0800_0000);
  });
});

describe('MPU checks', () => {
  test('disabled: everything is allowed', () => {
    expect(mpuAllows(new MpuRegisters(), 0x6000_0000, 'write', false, false)).toBe(true);
  });

  test('AP decides reads and writes, privileged and not', () => {
    // 32 KB at 0x20000000: privileged RW, unprivileged RO (AP = 010).
    const m = mpu([0x2000_0000, rasr(14, 0b010)]);
    expect(mpuAllows(m, 0x2000_7ffc, 'write', true, false)).toBe(true);
    expect(mpuAllows(m, 0x2000_7ffc, 'read', false, false)).toBe(true);
    expect(mpuAllows(m, 0x2000_7ffc, 'write', false, false)).toBe(false);
    // Outside every region with no background region: a fault, privileged or not.
    expect(mpuAllows(m, 0x2000_8000, 'read', true, false)).toBe(false);
  });

  test('PRIVDEFENA gives privileged code the default map; XN regions refuse fetches', () => {
    const m = mpu([0x0800_0000, rasr(19, 0b110, { xn: true })]);
    m.write(MPU_CTRL, 1 | 4);
    expect(mpuAllows(m, 0x0800_0100, 'read', false, false)).toBe(true);
    expect(mpuAllows(m, 0x0800_0100, 'fetch', true, false)).toBe(false);
    expect(mpuAllows(m, 0x2000_0000, 'write', true, false)).toBe(true);
    expect(mpuAllows(m, 0x2000_0000, 'write', false, false)).toBe(false);
    expect(mpuAllows(m, 0x4002_0000, 'fetch', true, false)).toBe(false); // peripherals: XN
  });

  test('higher regions win; a disabled sub-region falls through to the one below', () => {
    const m = mpu(
      [0x2000_0000, rasr(15, 0b011)], // 64 KB RW for all
      [0x2000_0000, rasr(12, 0b001, { srd: 0b0000_0010 })], // 8 KB privileged only, sub 1 off
    );
    expect(mpuAllows(m, 0x2000_0000, 'read', false, false)).toBe(false); // region 1 decides
    expect(mpuAllows(m, 0x2000_0400, 'read', false, false)).toBe(true); // sub-region 1: region 0
    expect(mpuAllows(m, 0x2000_2000, 'read', false, false)).toBe(true); // only region 0
  });

  test('the PPB is never checked; HardFault bypasses the MPU unless HFNMIENA', () => {
    const m = mpu([0x2000_0000, rasr(14, 0)]);
    expect(mpuAllows(m, 0xe000_ed00, 'read', false, false)).toBe(true);
    expect(mpuAllows(m, 0x2000_0000, 'read', true, true)).toBe(true);
    m.write(MPU_CTRL, 1 | 2);
    expect(mpuAllows(m, 0x2000_0000, 'read', true, true)).toBe(false);
  });
});
