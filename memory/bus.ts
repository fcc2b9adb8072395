import { BusError, type Bus, type BusAccess } from '../cpu/bus.ts';

/** A memory-mapped device: offsets are from its base address; accesses are 1, 2 or 4 bytes. */
export interface Device {
  read(offset: number, bytes: number): number;
  write(offset: number, bytes: number, value: number): void;
}

/** Backing store for RAM and ROM: one buffer, viewed three ways (little-endian hosts only). */
export class Memory {
  readonly bytes: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  constructor(readonly size: number) {
    this.bytes = new Uint8Array(size);
    this.u16 = new Uint16Array(this.bytes.buffer);
    this.u32 = new Uint32Array(this.bytes.buffer);
  }
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('Loom needs a little-endian host');
}

export type RegionKind = 'ram' | 'rom' | 'device';

/** One entry of the memory map. Every mapping has the same shape, so lookups stay monomorphic. */
export class Mapping {
  /** Set when the CPU caches decoded instructions from this mapping. */
  watched = false;
  /** Mappings sharing a 64 KB page with others are found through `sub` (1 KB slots). */
  sub: (Mapping | undefined)[] | null = null;
  constructor(
    readonly name: string,
    readonly base: number,
    readonly size: number,
    readonly kind: RegionKind,
    readonly memory: Memory | null,
    readonly device: Device | null,
  ) {}

  get end(): number {
    return this.base + this.size;
  }
}

const PAGE_BITS = 16;
const SUB_BITS = 10;

/**
 * The system bus: RAM, read-only memory and devices at their addresses. Unaligned accesses are
 * split into bytes (the core decides whether they are allowed). An address nobody answers is a
 * BusError naming it.
 */
export class MemoryBus implements Bus {
  private readonly pages: (Mapping | undefined)[] = new Array(1 << (32 - PAGE_BITS));
  readonly mappings: Mapping[] = [];
  private codeWritten: ((addr: number, bytes: number) => void) | null = null;

  /** Maps RAM (writable), ROM (read-only to the CPU) or a device at `base`. */
  map(
    name: string,
    base: number,
    size: number,
    kind: RegionKind,
    target: Memory | Device,
  ): Mapping {
    const m = new Mapping(
      name,
      base >>> 0,
      size,
      kind,
      target instanceof Memory ? target : null,
      target instanceof Memory ? null : target,
    );
    if (m.memory !== null && m.memory.size < size)
      throw new Error(`${name}: memory smaller than map`);
    for (const other of this.mappings) {
      if (m.base < other.end && other.base < m.end) {
        throw new Error(`${name} overlaps ${other.name}`);
      }
    }
    const whole = base % (1 << PAGE_BITS) === 0 && size % (1 << PAGE_BITS) === 0;
    if (!whole && (base % (1 << SUB_BITS) !== 0 || size % (1 << SUB_BITS) !== 0)) {
      throw new Error(`${name}: base and size must be multiples of 1 KB`);
    }
    for (let a = m.base; a < m.end; a += whole ? 1 << PAGE_BITS : 1 << SUB_BITS) {
      const p = a >>> PAGE_BITS;
      if (whole) {
        this.pages[p] = m;
        continue;
      }
      let page = this.pages[p];
      if (page === undefined) {
        page = new Mapping('(shared page)', p << PAGE_BITS, 1 << PAGE_BITS, 'device', null, null);
        page.sub = new Array(1 << (PAGE_BITS - SUB_BITS));
        this.pages[p] = page;
      }
      page.sub![(a >>> SUB_BITS) & ((1 << (PAGE_BITS - SUB_BITS)) - 1)] = m;
    }
    this.mappings.push(m);
    return m;
  }

  /** The mapping that answers `addr`, or undefined. */
  find(addr: number): Mapping | undefined {
    let m = this.pages[addr >>> PAGE_BITS];
    if (m !== undefined && m.sub !== null) m = m.sub[(addr >>> SUB_BITS) & 63];
    if (m === undefined) return undefined;
    return ((addr >>> 0) - m.base) >>> 0 < m.size ? m : undefined;
  }

  private at(addr: number, access: BusAccess, bytes: number): Mapping {
    let m = this.pages[addr >>> PAGE_BITS];
    if (m !== undefined && m.sub !== null) m = m.sub[(addr >>> SUB_BITS) & 63];
    if (m === undefined || ((addr >>> 0) - m.base) >>> 0 >= m.size) {
      throw new BusError(addr, access, bytes);
    }
    return m;
  }

  read8(addr: number): number {
    addr >>>= 0;
    const m = this.at(addr, 'read', 1);
    if (m.memory !== null) return m.memory.bytes[addr - m.base];
    return m.device!.read(addr - m.base, 1) & 0xff;
  }

  read16(addr: number): number {
    return this.read16As(addr >>> 0, 'read');
  }

  fetch16(addr: number): number {
    return this.read16As(addr >>> 0, 'fetch');
  }

  private read16As(addr: number, access: BusAccess): number {
    const m = this.at(addr, access, 2);
    const off = addr - m.base;
    if (m.memory !== null && off + 2 <= m.size) {
      if ((addr & 1) === 0) return m.memory.u16[off >>> 1];
      return m.memory.bytes[off] | (m.memory.bytes[off + 1] << 8);
    }
    if (m.device !== null && (addr & 1) === 0) return m.device.read(off, 2) & 0xffff;
    return this.read8(addr) | (this.read8(addr + 1) << 8);
  }

  read32(addr: number): number {
    addr >>>= 0;
    const m = this.at(addr, 'read', 4);
    const off = addr - m.base;
    if (m.memory !== null && off + 4 <= m.size) {
      if ((addr & 3) === 0) return m.memory.u32[off >>> 2];
      const b = m.memory.bytes;
      return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
    }
    if (m.device !== null && (addr & 3) === 0) return m.device.read(off, 4) >>> 0;
    return (this.read16(addr) | (this.read16(addr + 2) << 16)) >>> 0;
  }

  write8(addr: number, value: number): void {
    addr >>>= 0;
    const m = this.at(addr, 'write', 1);
    if (m.kind === 'ram') {
      m.memory!.bytes[addr - m.base] = value;
      if (m.watched) this.codeWritten!(addr, 1);
    } else if (m.device !== null) {
      m.device.write(addr - m.base, 1, value & 0xff);
    } else {
      throw new BusError(addr, 'write', 1, `${m.name} is read-only`);
    }
  }

  write16(addr: number, value: number): void {
    addr >>>= 0;
    const m = this.at(addr, 'write', 2);
    const off = addr - m.base;
    if (m.kind === 'ram' && (addr & 1) === 0) {
      m.memory!.u16[off >>> 1] = value;
      if (m.watched) this.codeWritten!(addr, 2);
    } else if (m.device !== null && (addr & 1) === 0) {
      m.device.write(off, 2, value & 0xffff);
    } else {
      this.write8(addr, value);
      this.write8(addr + 1, value >>> 8);
    }
  }

  write32(addr: number, value: number): void {
    addr >>>= 0;
    const m = this.at(addr, 'write', 4);
    const off = addr - m.base;
    if (m.kind === 'ram' && (addr & 3) === 0) {
      m.memory!.u32[off >>> 2] = value;
      if (m.watched) this.codeWritten!(addr, 4);
    } else if (m.device !== null && (addr & 3) === 0) {
      m.device.write(off, 4, value >>> 0);
    } else {
      this.write16(addr, value);
      this.write16(addr + 2, value >>> 16);
    }
  }

  watchCode(addr: number, codeWritten: (addr: number, bytes: number) => void): void {
    this.codeWritten = codeWritten;
    const m = this.find(addr);
    if (m !== undefined) m.watched = true;
  }

  /**
   * Writes bytes as a debugger or loader does: read-only memory too, through every alias of the
   * same storage. Throws BusError if any byte falls outside memory.
   */
  load(addr: number, data: Uint8Array): void {
    for (let i = 0; i < data.length;) {
      const a = (addr + i) >>> 0;
      const m = this.find(a);
      if (m === undefined || m.memory === null) {
        throw new BusError(a, 'write', data.length - i, m ? `${m.name} is not memory` : undefined);
      }
      const off = a - m.base;
      const n = Math.min(data.length - i, m.size - off);
      m.memory.bytes.set(data.subarray(i, i + n), off);
      this.touched(m.memory, off, n);
      i += n;
    }
  }

  /** Reads bytes as a debugger does; devices are read too. */
  dump(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.read8(addr + i);
    return out;
  }

  /** Tells the decode cache about a change to `memory` at every address that shows it. */
  private touched(memory: Memory, offset: number, bytes: number): void {
    if (this.codeWritten === null) return;
    for (const m of this.mappings) {
      if (m.memory === memory && m.watched) this.codeWritten(m.base + offset, bytes);
    }
  }
}
