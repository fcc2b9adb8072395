/**
 * Loads an image into a Machine, whatever its kind (ELF, Intel HEX, raw binary, assembly source),
 * and starts it: through reset when it brings the vector table at the boot address, otherwise at
 * its entry point with the stack at the top of SRAM.
 */
import type { Machine } from '../chip/machine.ts';
import { BusError } from '../cpu/bus.ts';
import { AssemblyError, assembleListing, type Assembly } from './asm.ts';
import { parseElf, type ElfFile } from './elf.ts';
import { hex32, LoaderError } from './error.ts';
import { parseIntelHex } from './ihex.ts';
import { SymbolTable } from './symbols.ts';

export type ImageKind = 'elf' | 'hex' | 'bin' | 'asm';

/** Where a raw image goes without --base: a .bin is a flash image, a .s a snippet in DTCM. */
export const DEFAULT_BASE: Record<'bin' | 'asm', number> = { bin: 0x0800_0000, asm: 0x2000_0100 };

export interface LoadedSegment {
  address: number;
  size: number;
}

export interface LoadedImage {
  name: string;
  kind: ImageKind;
  /** What was written to memory, at the addresses written. */
  segments: LoadedSegment[];
  /** Where execution starts without a vector table: e_entry, a HEX start address, or the base. */
  entry: number | undefined;
  symbols: SymbolTable;
  /** True when the image brings the words at the boot address: it starts through reset. */
  hasVectorTable: boolean;
  /** The parsed ELF, for the disassembler. */
  elf?: ElfFile;
  /** The assembly listing of a .s source. */
  assembly?: Assembly;
}

export interface LoadOptions {
  /** Where a .bin or .s image goes. */
  base?: number;
  /** Overrides detection by name and contents. */
  kind?: ImageKind;
}

const isElf = (b: Uint8Array) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** The kind of an image: ELF by its magic number, anything else by its name's extension. */
export function detectKind(name: string, bytes: Uint8Array): ImageKind {
  if (isElf(bytes)) return 'elf';
  const ext = /\.([^./\\]+)$/.exec(name)?.[1].toLowerCase() ?? '';
  if (['elf', 'axf', 'out'].includes(ext)) return 'elf';
  if (['hex', 'ihex', 'ihx'].includes(ext)) return 'hex';
  if (['s', 'asm'].includes(ext)) return 'asm';
  if (ext === 'bin') return 'bin';
  throw new LoaderError(
    `${name}: Loom cannot tell what kind of image this is ` +
      '(it loads ELF files, and .hex, .bin and .s files by their names)',
  );
}

/** Writes `data` at `address`, or says in one sentence why it does not fit in memory. */
export function place(
  machine: Machine,
  name: string,
  what: string,
  address: number,
  data: Uint8Array,
): void {
  try {
    machine.bus.load(address, data);
  } catch (e) {
    if (!(e instanceof BusError)) throw e;
    const last = hex32(address + Math.max(data.length, 1) - 1);
    throw new LoaderError(
      `${name}: ${what} (${hex32(address)}–${last}, ${data.length} bytes) lies outside memory ` +
        `(${hex32(e.address)}: ${e.why})`,
    );
  }
}

/** Whether the segments cover the boot address's first two words, through any alias. */
export function coversBootAddress(machine: Machine, segments: LoadedSegment[]): boolean {
  const boot = machine.bus.find(machine.bootAddress);
  if (boot === undefined || boot.memory === null) return false;
  const offset = machine.bootAddress - boot.base;
  return segments.some(({ address, size }) => {
    const m = machine.bus.find(address);
    if (m === undefined || m.memory !== boot.memory) return false;
    const start = address - m.base;
    return start <= offset && offset + 8 <= start + size;
  });
}

function loadElf(machine: Machine, name: string, bytes: Uint8Array): LoadedImage {
  const elf = parseElf(bytes, name);
  const segments: LoadedSegment[] = [];
  for (const s of elf.segments) {
    const what = `segment ${s.index}`;
    if (s.data.length > 0) {
      place(machine, name, what, s.paddr, s.data);
      segments.push({ address: s.paddr, size: s.data.length });
    }
    // Zero-filled memory (.bss) where the segment runs; a copy elsewhere is the startup's job.
    if (s.memsz > s.data.length && s.paddr === s.vaddr) {
      const zeros = new Uint8Array(s.memsz - s.data.length);
      place(machine, name, `${what}'s zero-filled part`, s.paddr + s.data.length, zeros);
    }
  }
  const entry = elf.entry & ~1;
  const hasVectorTable = coversBootAddress(machine, segments);
  return { name, kind: 'elf', segments, entry, symbols: elf.symbols, hasVectorTable, elf };
}

function loadHex(machine: Machine, name: string, bytes: Uint8Array): LoadedImage {
  const hex = parseIntelHex(new TextDecoder().decode(bytes), name);
  if (hex.segments.length === 0) throw new LoaderError(`${name}: no data records`);
  const segments: LoadedSegment[] = [];
  for (const s of hex.segments) {
    place(machine, name, 'data', s.address, s.data);
    segments.push({ address: s.address, size: s.data.length });
  }
  const entry = hex.entry === undefined ? segments[0].address : hex.entry & ~1;
  const hasVectorTable = coversBootAddress(machine, segments);
  return { name, kind: 'hex', segments, entry, symbols: new SymbolTable(), hasVectorTable };
}

function loadRaw(
  machine: Machine,
  name: string,
  kind: 'bin' | 'asm',
  base: number,
  code: Uint8Array,
): LoadedImage {
  if (code.length === 0) {
    throw new LoaderError(kind === 'bin' ? `${name}: the file is empty` : `${name}: no code`);
  }
  place(machine, name, 'the image', base, code);
  const segments = [{ address: base, size: code.length }];
  const hasVectorTable = coversBootAddress(machine, segments);
  return { name, kind, segments, entry: base, symbols: new SymbolTable(), hasVectorTable };
}

/** Assembles a source, turning an assembly error into a loader error that names the file. */
export async function assembleFile(name: string, source: string, base: number): Promise<Assembly> {
  try {
    return await assembleListing(source, base);
  } catch (e) {
    if (!(e instanceof AssemblyError)) throw e;
    throw new LoaderError(e.line === undefined ? `${name}: ${e.message}` : `${name} ${e.message}`);
  }
}

/** Loads an image's bytes into the machine's memory; nothing runs yet. */
export async function loadImage(
  machine: Machine,
  name: string,
  bytes: Uint8Array,
  options: LoadOptions = {},
): Promise<LoadedImage> {
  const kind = options.kind ?? detectKind(name, bytes);
  switch (kind) {
    case 'elf':
      return loadElf(machine, name, bytes);
    case 'hex':
      return loadHex(machine, name, bytes);
    case 'bin':
      return loadRaw(machine, name, 'bin', options.base ?? DEFAULT_BASE.bin, bytes);
    case 'asm': {
      const base = (options.base ?? DEFAULT_BASE.asm) >>> 0;
      const assembly = await assembleFile(name, new TextDecoder().decode(bytes), base);
      const image = loadRaw(machine, name, 'asm', base, assembly.code);
      return { ...image, symbols: assembly.symbols, assembly };
    }
  }
}

export interface StartOptions {
  /** Start here instead (with a vector table: after reset, so SP still comes from it). */
  entry?: number;
  /** SP_main for an image without a vector table (default: the top of SRAM). */
  sp?: number;
}

/**
 * Starts a loaded image: through reset (SP and PC from the vector table at the boot address)
 * when it has one, else at its entry with SP_main at the top of SRAM. Returns how it started.
 * A reset that finds no vector table leaves the core stopped in lockup (`cpu.stopped`).
 */
export function startImage(
  machine: Machine,
  image: LoadedImage,
  options: StartOptions = {},
): 'reset' | 'entry' {
  if (image.hasVectorTable) {
    machine.reset();
    if (options.entry !== undefined && machine.cpu.stopped === null) {
      machine.cpu.pc = options.entry & ~1;
      machine.cpu.regs[15] = machine.cpu.pc;
      machine.cpu.t = 1;
    }
    return 'reset';
  }
  machine.startAt(options.entry ?? image.entry ?? 0, options.sp);
  return 'entry';
}
