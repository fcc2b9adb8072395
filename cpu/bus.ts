/**
 * What the core sees of the outside world: little-endian 8/16/32-bit accesses.
 * The core never knows which chip it sits in; a bus is all it gets.
 */
export interface Bus {
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
  write32(addr: number, value: number): void;
  /** An instruction fetch of one halfword (regions marked execute-never refuse it). */
  fetch16(addr: number): number;
  /**
   * Decoded-instruction caches register here: after `watchCode(addr)`, every write that lands
   * in the same 64 KB page calls `codeWritten(addr, bytes)` so stale decodes can be dropped.
   */
  watchCode(addr: number, codeWritten: (addr: number, bytes: number) => void): void;
  /**
   * Optional, for speed: by 64 KB page (address >>> 16), the pages where reading, or writing,
   * is plain memory that nothing else watches, which compiled code may access directly. Every
   * other access goes through the methods above. A page leaves `writePages` once watchCode
   * watches it.
   */
  readonly readPages?: readonly (MemoryPage | undefined)[];
  readonly writePages?: readonly (MemoryPage | undefined)[];
}

/** One 64 KB page of memory, three ways; the index is the address's low 16 bits, scaled. */
export interface MemoryPage {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
}

export type BusAccess = 'read' | 'write' | 'fetch';

/** An access that no region answers, or that a region refuses. */
export class BusError extends Error {
  constructor(
    readonly address: number,
    readonly access: BusAccess,
    readonly bytes: number,
    readonly why = 'nothing is mapped there',
  ) {
    super(
      `bus error: ${access} of ${bytes} byte${bytes === 1 ? '' : 's'} at 0x${(address >>> 0)
        .toString(16)
        .padStart(8, '0')}: ${why}`,
    );
    this.name = 'BusError';
  }
}
