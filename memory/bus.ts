import { BusError, type Bus, type BusAccess, type MemoryPage } from '../cpu/bus.ts';

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
  /**
   * `size` bytes of their own, or of `buffer` from `offset` (a multiple of 4): memories that
   * follow one another on the bus can share one buffer, so that a 64 KB page across their
   * border is still one run of bytes (the fast paths).
   */
  constructor(
    readonly size: number,
    buffer: ArrayBuffer = new ArrayBuffer(size),
    offset = 0,
  ) {
    this.bytes = new Uint8Array(buffer, offset, size);
    this.u16 = new Uint16Array(buffer, offset, size >>> 1);
    this.u32 = new Uint32Array(buffer, offset, size >>> 2);
  }
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('Loom needs a little-endian host');
}

export type RegionKind = 'ram' | 'rom' | 'device';

/** What a data watchpoint watches for: writes, reads, or both. */
export type WatchKind = 'write' | 'read' | 'access';

export interface Watchpoint {
  readonly address: number;
  readonly length: number;
  readonly kind: WatchKind;
}

/** One entry of the memory map. Every mapping has the same shape, so lookups stay monomorphic. */
export class Mapping {
  /** Set when the CPU caches decoded instructions from this mapping. */
  watched = false;
  /** Mappings sharing a 64 KB page with others are found through `sub` (1 KB slots). */
  sub: (Mapping | undefined)[] | null = null;
  /** A page entry standing for a page with data watchpoints (see MemoryBus.watch). */
  watchpoints = false;
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
/** The fast paths' unit: 64 KB. */
export const PAGE_SIZE = 1 << PAGE_BITS;
const SUB_BITS = 10;

/**
 * The system bus: RAM, read-only memory and devices at their addresses. Unaligned accesses are
 * split into bytes (the core decides whether they are allowed). An address nobody answers is a
 * BusError naming it.
 */
export class MemoryBus implements Bus {
  private readonly pages: (Mapping | undefined)[] = new Array(1 << (32 - PAGE_BITS));
  /** The fast paths (Bus.readPages): whole 64 KB pages of RAM and ROM; of RAM not watched. */
  readonly readPages: (MemoryPage | undefined)[] = new Array(1 << (32 - PAGE_BITS));
  readonly writePages: (MemoryPage | undefined)[] = new Array(1 << (32 - PAGE_BITS));
  readonly mappings: Mapping[] = [];
  /** Each whole 64 KB page of memory, as the fast paths show it, and the list of them. */
  private readonly memoryPages: (MemoryPage | undefined)[] = new Array(1 << (32 - PAGE_BITS));
  private readonly memoryPageList: number[] = [];
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
    // Each 64 KB page the mapping covers whole is one page-table entry (and, for memory, on the
    // fast paths); the 1 KB pieces of a page it covers in part share that page with others.
    for (let a = m.base; a < m.end;) {
      const p = a >>> PAGE_BITS;
      const pageWhole = a % (1 << PAGE_BITS) === 0 && m.end - a >= 1 << PAGE_BITS;
      a += pageWhole ? 1 << PAGE_BITS : 1 << SUB_BITS;
      if (pageWhole) {
        this.pages[p] = m;
        if (m.memory !== null) {
          const page = memoryPage(m.memory, ((p << PAGE_BITS) >>> 0) - m.base);
          this.memoryPages[p] = page;
          this.memoryPageList.push(p);
          this.readPages[p] = page;
          if (kind === 'ram') this.writePages[p] = page;
        }
        continue;
      }
      let page = this.pages[p];
      if (page === undefined) {
        page = new Mapping('(shared page)', p << PAGE_BITS, 1 << PAGE_BITS, 'device', null, null);
        page.sub = new Array(1 << (PAGE_BITS - SUB_BITS));
        this.pages[p] = page;
      }
      page.sub![((a - (1 << SUB_BITS)) >>> SUB_BITS) & ((1 << (PAGE_BITS - SUB_BITS)) - 1)] = m;
      if (m.memory !== null) this.joinPage(p);
    }
    this.mappings.push(m);
    return m;
  }

  /**
   * A page shared by pieces of memory that are one run of bytes in one buffer (DTCM's, SRAM1's
   * and SRAM2's on the STM32F746, say) goes on the fast paths as a whole.
   */
  private joinPage(p: number): void {
    const shared = this.pages[p];
    if (shared === undefined || shared.sub === null || this.memoryPages[p] !== undefined) return;
    const pageBase = (p << PAGE_BITS) >>> 0;
    let first: Mapping | undefined;
    for (let k = 0; k < shared.sub.length; k++) {
      const part = shared.sub[k];
      if (part === undefined || part.memory === null) return;
      first ??= part;
      const at = pageBase + (k << SUB_BITS);
      const offset = part.memory.bytes.byteOffset + (at - part.base);
      const firstOffset = first.memory!.bytes.byteOffset + (pageBase - first.base);
      if (part.memory.bytes.buffer !== first.memory!.bytes.buffer) return;
      if (offset !== firstOffset + (k << SUB_BITS)) return;
    }
    this.memoryPages[p] = memoryPage(first!.memory!, pageBase - first!.base);
    this.memoryPageList.push(p);
    this.restoreFastPaths(p);
  }

  /** The mapping that answers `addr`, or undefined. */
  find(addr: number): Mapping | undefined {
    let m = this.pages[addr >>> PAGE_BITS];
    if (m !== undefined && m.sub !== null) m = m.sub[(addr >>> SUB_BITS) & 63];
    if (m === undefined) return undefined;
    return ((addr >>> 0) - m.base) >>> 0 < m.size ? m : undefined;
  }

  private at(addr: number, access: BusAccess, bytes: number): Mapping {
    if (this.accessCheck !== null) this.accessCheck(addr, access, bytes);
    let m = this.pages[addr >>> PAGE_BITS];
    if (m !== undefined && m.sub !== null) {
      if (m.watchpoints && this.onWatch !== null) this.checkWatchpoints(addr, access, bytes);
      m = m.sub[(addr >>> SUB_BITS) & 63];
    }
    if (m === undefined || ((addr >>> 0) - m.base) >>> 0 >= m.size) {
      throw new BusError(addr, access, bytes);
    }
    return m;
  }

  // Each access tries the fast path first: one page-table load.

  read8(addr: number): number {
    addr >>>= 0;
    const page = this.readPages[addr >>> PAGE_BITS];
    if (page !== undefined) return page.u8[addr & 0xffff];
    const m = this.at(addr, 'read', 1);
    if (m.memory !== null) return m.memory.bytes[addr - m.base];
    return m.device!.read(addr - m.base, 1) & 0xff;
  }

  read16(addr: number): number {
    addr >>>= 0;
    const page = this.readPages[addr >>> PAGE_BITS];
    if (page !== undefined && (addr & 1) === 0) return page.u16[(addr & 0xffff) >>> 1];
    return this.read16As(addr, 'read');
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
    const page = this.readPages[addr >>> PAGE_BITS];
    if (page !== undefined && (addr & 3) === 0) return page.u32[(addr & 0xffff) >>> 2];
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
    const page = this.writePages[addr >>> PAGE_BITS];
    if (page !== undefined) {
      page.u8[addr & 0xffff] = value;
      return;
    }
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
    const page = this.writePages[addr >>> PAGE_BITS];
    if (page !== undefined && (addr & 1) === 0) {
      page.u16[(addr & 0xffff) >>> 1] = value;
      return;
    }
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
    const page = this.writePages[addr >>> PAGE_BITS];
    if (page !== undefined && (addr & 3) === 0) {
      page.u32[(addr & 0xffff) >>> 2] = value;
      return;
    }
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
    if (m === undefined || m.watched) return;
    m.watched = true;
    // Writes there must now reach codeWritten: no more direct writes.
    for (let a = m.base; a < m.end; a += 1 << PAGE_BITS)
      this.writePages[a >>> PAGE_BITS] = undefined;
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

  // --- Data watchpoints (a debugger's Z2/Z3/Z4). A watched 64 KB page leaves the fast paths
  // (readPages for read and access watchpoints, writePages for write and access ones) and takes
  // the page table's place as a shared page whose slots show the real mapping, so that its
  // accesses go through `at`, which reports those that touch a watchpoint. Unwatched pages pay
  // nothing.

  private readonly watchList: Watchpoint[] = [];
  /** Watched pages, and what the page table held there before. */
  private readonly watchedPages = new Map<number, Mapping | undefined>();
  /** Told of each access that touches a watchpoint (after it is checked, before it is done). */
  onWatch: ((watchpoint: Watchpoint, addr: number, access: BusAccess) => void) | null = null;

  watch(address: number, length: number, kind: WatchKind): void {
    this.watchList.push({ address: address >>> 0, length, kind });
    this.updateWatchedPages();
  }

  /** Removes one watchpoint of that kind and range; false if there is none. */
  unwatch(address: number, length: number, kind: WatchKind): boolean {
    const k = this.watchList.findIndex(
      (w) => w.address === address >>> 0 && w.length === length && w.kind === kind,
    );
    if (k < 0) return false;
    this.watchList.splice(k, 1);
    this.updateWatchedPages();
    return true;
  }

  get watchpoints(): readonly Watchpoint[] {
    return this.watchList;
  }

  private checkWatchpoints(addr: number, access: BusAccess, bytes: number): void {
    if (access === 'fetch') return;
    for (const w of this.watchList) {
      if (w.kind !== 'access' && w.kind !== access) continue;
      if (addr < w.address + w.length && w.address < addr + bytes) {
        this.onWatch!(w, addr, access);
        return;
      }
    }
  }

  private updateWatchedPages(): void {
    const wanted = new Map<number, { read: boolean; write: boolean }>();
    for (const w of this.watchList) {
      const last = (w.address + Math.max(w.length, 1) - 1) >>> PAGE_BITS;
      for (let p = w.address >>> PAGE_BITS; p <= last && p < this.pages.length; p++) {
        const how = wanted.get(p) ?? { read: false, write: false };
        if (w.kind !== 'write') how.read = true;
        if (w.kind !== 'read') how.write = true;
        wanted.set(p, how);
      }
    }
    for (const [p, original] of this.watchedPages) {
      if (wanted.has(p)) continue;
      this.pages[p] = original;
      this.watchedPages.delete(p);
      this.restoreFastPaths(p);
    }
    for (const [p, how] of wanted) {
      if (!this.watchedPages.has(p)) {
        const original = this.pages[p];
        this.watchedPages.set(p, original);
        const page = new Mapping(
          '(watched page)',
          (p << PAGE_BITS) >>> 0,
          1 << PAGE_BITS,
          'device',
          null,
          null,
        );
        page.sub = original?.sub ? [...original.sub] : new Array(64).fill(original);
        page.watchpoints = true;
        this.pages[p] = page;
      }
      this.restoreFastPaths(p);
      if (how.read) this.readPages[p] = undefined;
      if (how.write) this.writePages[p] = undefined;
    }
  }

  /**
   * The fast paths of page `p` as `map` and `watchCode` leave them, and as the access check
   * allows: with one set, only where it trusts the whole page.
   */
  private restoreFastPaths(p: number): void {
    const m = this.watchedPages.has(p) ? this.watchedPages.get(p) : this.pages[p];
    const page = this.memoryPages[p];
    if (m === undefined || page === undefined) return;
    const trust =
      this.accessCheck === null ? ACCESS_READ | ACCESS_WRITE : (this.accessTrust?.(p) ?? 0);
    this.readPages[p] = (trust & ACCESS_READ) !== 0 ? page : undefined;
    // Writable when every piece of the page is RAM with no code being watched.
    let writable = (trust & ACCESS_WRITE) !== 0;
    for (const part of m.sub ?? [m]) {
      if (part === undefined || part.kind !== 'ram' || part.watched) writable = false;
    }
    this.writePages[p] = writable ? page : undefined;
  }

  // --- An access check (the core's MPU): while one is set, every access goes through `at`,
  // which calls it (it throws to refuse an access), except on the pages `trust` vouches for:
  // those it allows every read (ACCESS_READ) or write (ACCESS_WRITE) of stay on the fast paths.

  private accessCheck: ((addr: number, access: BusAccess, bytes: number) => void) | null = null;
  private accessTrust: ((page: number) => number) | null = null;

  /** Sets or removes the check; call it again when what `trust` answers changes. */
  setAccessCheck(
    check: ((addr: number, access: BusAccess, bytes: number) => void) | null,
    trust: ((page: number) => number) | null = null,
  ): void {
    this.accessCheck = check;
    this.accessTrust = check === null ? null : trust;
    for (const p of this.memoryPageList) this.restoreFastPaths(p);
    // Watched pages keep their watchpoints off the fast paths.
    this.updateWatchedPages();
  }

  /** Tells the decode cache about a change to `memory` at every address that shows it. */
  private touched(memory: Memory, offset: number, bytes: number): void {
    if (this.codeWritten === null) return;
    for (const m of this.mappings) {
      if (m.memory === memory && m.watched) this.codeWritten(m.base + offset, bytes);
    }
  }
}

/** What an access check's `trust` answers for a page: reads, writes, or both, all allowed. */
export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;

/** A 64 KB page from `offset` in `memory` (which may run on into the memory after it). */
function memoryPage(memory: Memory, offset: number): MemoryPage {
  const buffer = memory.bytes.buffer;
  const at = memory.bytes.byteOffset + offset;
  return {
    u8: new Uint8Array(buffer, at, 1 << PAGE_BITS),
    u16: new Uint16Array(buffer, at, 1 << (PAGE_BITS - 1)),
    u32: new Uint32Array(buffer, at, 1 << (PAGE_BITS - 2)),
  };
}
