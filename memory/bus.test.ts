/**
 * The bus's page table and fast paths: which 64 KB pages are read and written straight from
 * their typed arrays, and that every other access still reaches the right bytes.
 */
import { describe, expect, it } from 'vitest';

import { ACCESS_READ, Memory, MemoryBus, PAGE_SIZE } from './bus.ts';

const KB = 1024;

describe('the fast paths', () => {
  it("map a region's whole pages fast and share its last, partial page", () => {
    const bus = new MemoryBus();
    // SRAM1 of the STM32F746: 240 KB from 0x20010000, three whole pages and 48 KB more.
    const sram1 = new Memory(240 * KB);
    bus.map('SRAM1', 0x2001_0000, 240 * KB, 'ram', sram1);
    for (const p of [0x2001, 0x2002, 0x2003]) expect(bus.writePages[p]).toBeDefined();
    expect(bus.readPages[0x2004]).toBeUndefined();
    bus.write32(0x2003_fffc, 0x1234_5678);
    bus.write32(0x2004_bffc, 0x9abc_def0);
    expect(sram1.u32[0x2_fffc >>> 2]).toBe(0x1234_5678);
    expect(sram1.u32[0x3_bffc >>> 2]).toBe(0x9abc_def0);
    expect(() => bus.read32(0x2004_c000)).toThrow(/0x2004c000/);
  });

  it('put a page two memories share on the fast paths when they are one run of bytes', () => {
    const bus = new MemoryBus();
    const buffer = new ArrayBuffer(64 * KB);
    const low = new Memory(48 * KB, buffer, 0);
    const high = new Memory(16 * KB, buffer, 48 * KB);
    bus.map('SRAM1 tail', 0x2004_0000, 48 * KB, 'ram', low);
    bus.map('SRAM2', 0x2004_c000, 16 * KB, 'ram', high);
    expect(bus.writePages[0x2004]).toBeDefined();
    bus.write32(0x2004_c000, 0xcafe_f00d);
    expect(high.u32[0]).toBe(0xcafe_f00d);
    expect(bus.find(0x2004_c000)?.name).toBe('SRAM2');
  });

  it('leave a page of two separate memories on the slow path, which still finds each', () => {
    const bus = new MemoryBus();
    const low = new Memory(48 * KB);
    const high = new Memory(16 * KB);
    bus.map('A', 0x2004_0000, 48 * KB, 'ram', low);
    bus.map('B', 0x2004_c000, 16 * KB, 'ram', high);
    expect(bus.readPages[0x2004]).toBeUndefined();
    bus.write32(0x2004_c000, 7);
    bus.write32(0x2004_bffc, 9);
    expect(high.u32[0]).toBe(7);
    expect(low.u32[(48 * KB - 4) >>> 2]).toBe(9);
  });

  it('keep, under an access check, only the pages it trusts', () => {
    const bus = new MemoryBus();
    bus.map('RAM', 0x2000_0000, 2 * PAGE_SIZE, 'ram', new Memory(2 * PAGE_SIZE));
    const checked: number[] = [];
    bus.setAccessCheck(
      (addr) => checked.push(addr),
      (page) => (page === 0x2000 ? ACCESS_READ : 0),
    );
    expect(bus.readPages[0x2000]).toBeDefined();
    expect(bus.writePages[0x2000]).toBeUndefined();
    expect(bus.readPages[0x2001]).toBeUndefined();
    bus.read32(0x2000_0000);
    bus.write32(0x2000_0000, 1);
    bus.read32(0x2001_0000);
    expect(checked).toEqual([0x2000_0000, 0x2001_0000]);
    bus.setAccessCheck(null);
    expect(bus.writePages[0x2001]).toBeDefined();
  });
});
