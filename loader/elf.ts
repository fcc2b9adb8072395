/**
 * ELF32 little-endian ARM executables (ELF spec; ARM ELF ABI, IHI 0044): loadable segments at
 * their physical addresses, sections for the disassembler, and the symbol table. Anything else
 * is refused with one sentence that names the file.
 */
import { LoaderError } from './error.ts';
import { SymbolTable, type SymbolType } from './symbols.ts';

export interface ElfSegment {
  /** Its place in the program header table, counted from 0. */
  index: number;
  /** Where a loader writes it (p_paddr, the LMA): .data's copy in flash, for instance. */
  paddr: number;
  /** Where the program uses it (p_vaddr, the VMA). */
  vaddr: number;
  /** The p_filesz bytes from the file. */
  data: Uint8Array;
  /** p_memsz: the rest, beyond `data`, is zero-filled memory (.bss). */
  memsz: number;
  /** PF_X = 1, PF_W = 2, PF_R = 4. */
  flags: number;
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  address: number;
  size: number;
  /** Its bytes in the file (empty for NOBITS sections such as .bss). */
  data: Uint8Array;
}

/** ARM mapping symbols ($t, $a, $d): where code and data start within sections. */
export interface MappingSymbol {
  address: number;
  kind: 'thumb' | 'arm' | 'data';
}

export interface ElfFile {
  entry: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: SymbolTable;
  mapping: MappingSymbol[];
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
const EM_ARM = 40;
const ELF_HEADER_SIZE = 52;

const MACHINES: Record<number, string> = {
  2: 'SPARC',
  3: 'x86',
  8: 'MIPS',
  20: 'PowerPC',
  62: 'x86-64',
  83: 'AVR',
  94: 'Xtensa',
  105: 'MSP430',
  183: 'AArch64',
  243: 'RISC-V',
};

/** Bounds-checked little-endian reads: running off the end says the file is truncated. */
class Reader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly name: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless [offset, offset + length) lies in the file. */
  need(offset: number, length: number, what: string): void {
    if (offset + length > this.bytes.length) {
      throw new LoaderError(
        `${this.name}: truncated: ${what} lies beyond the end of the file (${this.bytes.length} bytes)`,
      );
    }
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  slice(offset: number, length: number, what: string): Uint8Array {
    this.need(offset, length, what);
    return this.bytes.subarray(offset, offset + length);
  }

  /** A NUL-terminated string from a string table. */
  string(table: Uint8Array, offset: number): string {
    let end = offset;
    while (end < table.length && table[end] !== 0) end++;
    let s = '';
    for (let k = offset; k < end; k++) s += String.fromCharCode(table[k]);
    return s;
  }
}

/** Checks the identification and header fields: one sentence for each way a file is not ours. */
function checkHeader(r: Reader): void {
  const b = r.bytes;
  const magic = b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
  if (!magic)
    throw new LoaderError(`${r.name}: not an ELF file (it does not start with 0x7F 'ELF')`);
  r.need(0, 16, 'the ELF identification');
  if (b[4] === 2) throw new LoaderError(`${r.name}: a 64-bit ELF; Loom runs 32-bit ARM ELF files`);
  if (b[4] !== 1) throw new LoaderError(`${r.name}: an ELF of unknown class ${b[4]}`);
  if (b[5] === 2) {
    throw new LoaderError(`${r.name}: a big-endian ELF; Loom runs little-endian ARM ELF files`);
  }
  if (b[5] !== 1) throw new LoaderError(`${r.name}: an ELF of unknown byte order ${b[5]}`);
  r.need(0, ELF_HEADER_SIZE, 'the ELF header');
  const machine = r.u16(18);
  if (machine !== EM_ARM) {
    const what = MACHINES[machine] ?? 'another processor';
    throw new LoaderError(
      `${r.name}: an ELF for ${what} (machine ${machine}), not for ARM; Loom runs 32-bit ARM ELF files`,
    );
  }
  const type = r.u16(16);
  if (type === 1) {
    throw new LoaderError(`${r.name}: a relocatable object file, not an executable: link it first`);
  }
  if (type !== 2 && type !== 3) {
    throw new LoaderError(`${r.name}: an ELF of type ${type}, not an executable`);
  }
}

function readSegments(r: Reader): ElfSegment[] {
  const [phoff, phentsize, phnum] = [r.u32(28), r.u16(42), r.u16(44)];
  if (phnum === 0) throw new LoaderError(`${r.name}: no program headers, so nothing to load`);
  if (phentsize < 32) throw new LoaderError(`${r.name}: program headers of ${phentsize} bytes`);
  r.need(phoff, phentsize * phnum, 'the program header table');
  const segments: ElfSegment[] = [];
  for (let k = 0; k < phnum; k++) {
    const p = phoff + k * phentsize;
    if (r.u32(p) !== PT_LOAD) continue;
    const [offset, vaddr, paddr, filesz, memsz, flags] = [4, 8, 12, 16, 20, 24].map((f) =>
      r.u32(p + f),
    );
    if (filesz > memsz) {
      throw new LoaderError(`${r.name}: segment ${k} has more bytes in the file than in memory`);
    }
    if (memsz === 0) continue;
    const data = r.slice(offset, filesz, `segment ${k}'s contents`);
    segments.push({ index: k, paddr, vaddr, data, memsz, flags });
  }
  if (segments.length === 0) throw new LoaderError(`${r.name}: no loadable segments`);
  return segments;
}

interface RawSection extends ElfSection {
  nameOffset: number;
  link: number;
  offset: number;
  entsize: number;
}

function readSections(r: Reader): RawSection[] {
  const [shoff, shentsize, shnum, shstrndx] = [r.u32(32), r.u16(46), r.u16(48), r.u16(50)];
  if (shoff === 0 || shnum === 0) return [];
  if (shentsize < 40) throw new LoaderError(`${r.name}: section headers of ${shentsize} bytes`);
  r.need(shoff, shentsize * shnum, 'the section header table');
  const sections: RawSection[] = [];
  for (let k = 0; k < shnum; k++) {
    const s = shoff + k * shentsize;
    const [nameOffset, type, flags, address, offset, size, link] = [0, 4, 8, 12, 16, 20, 24].map(
      (f) => r.u32(s + f),
    );
    const entsize = r.u32(s + 36);
    const data =
      type === SHT_NOBITS || type === 0 ? new Uint8Array(0) : r.slice(offset, size, `section ${k}`);
    sections.push({
      name: '',
      nameOffset,
      type,
      flags,
      address,
      size,
      data,
      link,
      offset,
      entsize,
    });
  }
  const names = shstrndx < sections.length ? sections[shstrndx].data : new Uint8Array(0);
  for (const s of sections) s.name = r.string(names, s.nameOffset);
  return sections;
}

const SHN_UNDEF = 0;
const SHN_LORESERVE = 0xff00;
const SHN_ABS = 0xfff1;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STB_LOCAL = 0;

/** .symtab: functions (Thumb bit stripped), objects and labels; mapping symbols apart. */
function readSymbols(
  r: Reader,
  sections: RawSection[],
): { symbols: SymbolTable; mapping: MappingSymbol[] } {
  const symbols = new SymbolTable();
  const mapping: MappingSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) return { symbols, mapping };
  const strings = symtab.link < sections.length ? sections[symtab.link].data : new Uint8Array(0);
  const entsize = symtab.entsize >= 16 ? symtab.entsize : 16;
  const locals: { name: string; address: number; size: number; type: SymbolType }[] = [];
  for (let off = entsize; off + 16 <= symtab.data.length; off += entsize) {
    const e = symtab.offset + off;
    const name = r.string(strings, r.u32(e));
    const [value, size, info, shndx] = [r.u32(e + 4), r.u32(e + 8), r.bytes[e + 12], r.u16(e + 14)];
    const stt = info & 0xf;
    if (name === '' || shndx === SHN_UNDEF || (shndx >= SHN_LORESERVE && shndx !== SHN_ABS)) {
      continue;
    }
    if (/^\$[tad](\.|$)/.test(name)) {
      const kind = name[1] === 't' ? 'thumb' : name[1] === 'a' ? 'arm' : 'data';
      mapping.push({ address: value, kind });
      continue;
    }
    let type: SymbolType;
    if (stt === STT_FUNC) type = 'function';
    else if (stt === STT_OBJECT) type = 'object';
    else if (stt === 0 && shndx !== SHN_ABS) type = 'label';
    else if (stt === 0) type = 'other';
    else continue; // sections, files, TLS
    const symbol = { name, address: type === 'function' ? value & ~1 : value, size, type };
    // Globals name things first; a local of the same name comes second.
    if (info >>> 4 === STB_LOCAL) locals.push(symbol);
    else symbols.add(symbol);
  }
  for (const s of locals) symbols.add(s);
  mapping.sort((a, b) => a.address - b.address);
  return { symbols, mapping };
}

/** Parses an ELF file; `name` (the file's name) starts every error message. */
export function parseElf(bytes: Uint8Array, name: string): ElfFile {
  const r = new Reader(bytes, name);
  checkHeader(r);
  const segments = readSegments(r);
  const raw = readSections(r);
  const { symbols, mapping } = readSymbols(r, raw);
  const sections = raw.map(({ name, type, flags, address, size, data }) => ({
    name,
    type,
    flags,
    address,
    size,
    data,
  }));
  return { entry: r.u32(24), segments, sections, symbols, mapping };
}
