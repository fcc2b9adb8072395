import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { SRAM_TOP } from '../chip/stm32f746.ts';
import { parseElf } from './elf.ts';
import { LoaderError } from './error.ts';
import { loadImage, startImage } from './image.ts';

// --- A tiny ELF32 writer: just enough structure to exercise the loader ------------------------

interface Seg {
  paddr: number;
  vaddr?: number;
  data: number[];
  memsz?: number;
  flags?: number;
}

interface Sym {
  name: string;
  value: number;
  size?: number;
  /** STT_*: 0 notype, 1 object, 2 func, 3 section. */
  type?: number;
  /** STB_*: 0 local, 1 global. */
  bind?: number;
  /** Section index; 1 (the first segment's section) unless given. */
  shndx?: number;
}

interface Spec {
  cls?: number;
  order?: number;
  machine?: number;
  type?: number;
  entry?: number;
  segments: Seg[];
  symbols?: Sym[];
}

function buildElf(spec: Spec): Uint8Array {
  const bytes: number[] = [];
  const at = (offset: number, size: number, value: number) => {
    while (bytes.length < offset + size) bytes.push(0);
    for (let k = 0; k < size; k++) bytes[offset + k] = (value >>> (8 * k)) & 0xff;
  };
  const append = (data: number[]) => {
    while (bytes.length % 4 !== 0) bytes.push(0);
    const offset = bytes.length;
    bytes.push(...data);
    return offset;
  };
  const segs = spec.segments;
  const phoff = 52;
  at(0, 4, 0x464c457f);
  at(4, 1, spec.cls ?? 1);
  at(5, 1, spec.order ?? 1);
  at(6, 1, 1);
  at(16, 2, spec.type ?? 2);
  at(18, 2, spec.machine ?? 40);
  at(20, 4, 1);
  at(24, 4, spec.entry ?? 0);
  at(28, 4, phoff);
  at(40, 2, 52);
  at(42, 2, 32);
  at(44, 2, segs.length);
  at(phoff + 32 * segs.length - 1, 1, 0);
  const offsets = segs.map((s) => append(s.data));
  segs.forEach((s, k) => {
    const p = phoff + 32 * k;
    at(p, 4, 1); // PT_LOAD
    at(p + 4, 4, offsets[k]);
    at(p + 8, 4, s.vaddr ?? s.paddr);
    at(p + 12, 4, s.paddr);
    at(p + 16, 4, s.data.length);
    at(p + 20, 4, s.memsz ?? s.data.length);
    at(p + 24, 4, s.flags ?? 5);
  });
  // Sections: null, .text (the first segment), .symtab, .strtab, .shstrtab.
  const strtab = [0];
  const name = (s: string, table: number[]) => {
    const offset = table.length;
    table.push(...Array.from(s, (c) => c.charCodeAt(0)), 0);
    return offset;
  };
  const symtab: number[] = new Array(16).fill(0);
  const symbols = [...(spec.symbols ?? [])].sort((a, b) => (a.bind ?? 1) - (b.bind ?? 1));
  for (const s of symbols) {
    const entry = new Array(16).fill(0);
    const put = (o: number, size: number, v: number) => {
      for (let k = 0; k < size; k++) entry[o + k] = (v >>> (8 * k)) & 0xff;
    };
    put(0, 4, name(s.name, strtab));
    put(4, 4, s.value);
    put(8, 4, s.size ?? 0);
    put(12, 1, ((s.bind ?? 1) << 4) | (s.type ?? 2));
    put(14, 2, s.shndx ?? 1);
    symtab.push(...entry);
  }
  const shstrtab = [0];
  const names = ['.text', '.symtab', '.strtab', '.shstrtab'].map((n) => name(n, shstrtab));
  const symOff = append(symtab);
  const strOff = append(strtab);
  const shstrOff = append(shstrtab);
  const shoff = append([]);
  const first = segs[0];
  const sections = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [names[0], 1, 6, first.vaddr ?? first.paddr, offsets[0], first.data.length, 0, 0, 2, 0],
    [names[1], 2, 0, 0, symOff, symtab.length, 3, 1, 4, 16],
    [names[2], 3, 0, 0, strOff, strtab.length, 0, 0, 1, 0],
    [names[3], 3, 0, 0, shstrOff, shstrtab.length, 0, 0, 1, 0],
  ];
  sections.forEach((fields, k) => fields.forEach((v, j) => at(shoff + 40 * k + 4 * j, 4, v)));
  at(32, 4, shoff);
  at(46, 2, 40);
  at(48, 2, sections.length);
  at(50, 2, 4);
  return Uint8Array.from(bytes);
}

/** `movs r0, #42; b .` */
const CODE = [0x2a, 0x20, 0xfe, 0xe7];

/** A vector table (SP, reset handler with the Thumb bit) followed by the handler's code. */
function flashImage(base: number): number[] {
  const handler = base + 8;
  const word = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  return [...word(0x20010000), ...word(handler | 1), ...CODE];
}

function loaderError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LoaderError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('no LoaderError');
}

describe('parseElf', () => {
  it('reads PT_LOAD segments at their physical addresses and the entry point', () => {
    const elf = parseElf(
      buildElf({
        entry: 0x08000009,
        segments: [
          { paddr: 0x08000000, data: flashImage(0x08000000) },
          { paddr: 0x08000100, vaddr: 0x20000000, data: [1, 2, 3, 4], flags: 6 },
          { paddr: 0x20000004, data: [], memsz: 16, flags: 6 },
        ],
      }),
      'fw.elf',
    );
    expect(elf.entry).toBe(0x08000009);
    expect(elf.segments.map((s) => [s.paddr, s.vaddr, s.data.length, s.memsz])).toEqual([
      [0x08000000, 0x08000000, 12, 12],
      [0x08000100, 0x20000000, 4, 4],
      [0x20000004, 0x20000004, 0, 16],
    ]);
    expect(Array.from(elf.segments[1].data)).toEqual([1, 2, 3, 4]);
    expect(elf.sections.map((s) => s.name)).toContain('.text');
  });

  it('keeps symbols: functions without their Thumb bit, objects with their size', () => {
    const elf = parseElf(
      buildElf({
        segments: [{ paddr: 0x08000000, data: flashImage(0x08000000) }],
        symbols: [
          { name: 'main', value: 0x08000009, size: 4, type: 2 },
          { name: 'table', value: 0x08000000, size: 8, type: 1 },
          { name: 'helper', value: 0x0800000b, size: 2, type: 2, bind: 0 },
          { name: 'label', value: 0x0800000a, type: 0, bind: 0 },
          { name: '$t', value: 0x08000008, type: 0, bind: 0 },
          { name: '$d', value: 0x08000000, type: 0, bind: 0 },
          { name: '.text', value: 0x08000000, type: 3, bind: 0 },
          { name: 'undefined', value: 0, type: 2, shndx: 0 },
          { name: '_stack_top', value: 0x20010000, type: 0, shndx: 0xfff1 },
        ],
      }),
      'fw.elf',
    );
    expect(elf.symbols.get('main')).toEqual({
      name: 'main',
      address: 0x08000008,
      size: 4,
      type: 'function',
    });
    expect(elf.symbols.get('table')).toMatchObject({
      address: 0x08000000,
      size: 8,
      type: 'object',
    });
    expect(elf.symbols.get('helper')).toMatchObject({ address: 0x0800000a, type: 'function' });
    expect(elf.symbols.get('label')).toMatchObject({ address: 0x0800000a, type: 'label' });
    expect(elf.symbols.get('_stack_top')).toMatchObject({ address: 0x20010000, type: 'other' });
    for (const absent of ['$t', '$d', '.text', 'undefined']) {
      expect(elf.symbols.get(absent)).toBeUndefined();
    }
    expect(elf.mapping).toEqual([
      { address: 0x08000000, kind: 'data' },
      { address: 0x08000008, kind: 'thumb' },
    ]);
    expect(elf.symbols.describe(0x08000009)).toBe('main+0x1');
    expect(elf.symbols.describe(0x0800000a)).toBe('helper');
    expect(elf.symbols.describe(0x0800000c)).toBe(undefined);
    expect(elf.symbols.describe(0x08000004)).toBe('table+0x4');
    expect(elf.symbols.startingAt(0x0800000a).map((s) => s.name)).toEqual(['helper', 'label']);
  });

  it('reads an ELF without section headers (stripped): segments, no symbols', () => {
    const bytes = buildElf({ segments: [{ paddr: 0x20000000, data: CODE }] });
    new DataView(bytes.buffer).setUint32(32, 0, true); // e_shoff = 0
    new DataView(bytes.buffer).setUint16(48, 0, true); // e_shnum = 0
    const elf = parseElf(bytes, 'fw.elf');
    expect(elf.segments).toHaveLength(1);
    expect(elf.symbols.size).toBe(0);
  });
});

describe('malformed or foreign files get one sentence', () => {
  const good = () => buildElf({ segments: [{ paddr: 0x20000000, data: CODE }] });
  const cases: [string, () => Uint8Array, string][] = [
    ['not ELF at all', () => new TextEncoder().encode('hello, world\n'), 'fw.elf: not an ELF file'],
    ['an empty file', () => new Uint8Array(0), 'fw.elf: not an ELF file'],
    [
      '64-bit',
      () => buildElf({ cls: 2, segments: [{ paddr: 0, data: CODE }] }),
      'fw.elf: a 64-bit ELF; Loom runs 32-bit ARM ELF files',
    ],
    [
      'big-endian',
      () => buildElf({ order: 2, segments: [{ paddr: 0, data: CODE }] }),
      'fw.elf: a big-endian ELF; Loom runs little-endian ARM ELF files',
    ],
    [
      'x86-64',
      () => buildElf({ machine: 62, segments: [{ paddr: 0, data: CODE }] }),
      'fw.elf: an ELF for x86-64 (machine 62), not for ARM; Loom runs 32-bit ARM ELF files',
    ],
    [
      'RISC-V',
      () => buildElf({ machine: 243, segments: [{ paddr: 0, data: CODE }] }),
      'fw.elf: an ELF for RISC-V (machine 243)',
    ],
    [
      'an object file',
      () => buildElf({ type: 1, segments: [{ paddr: 0, data: CODE }] }),
      'fw.elf: a relocatable object file, not an executable: link it first',
    ],
    [
      'a truncated header',
      () => good().slice(0, 30),
      'fw.elf: truncated: the ELF header lies beyond the end of the file (30 bytes)',
    ],
    [
      'a truncated identification',
      () => good().slice(0, 8),
      'fw.elf: truncated: the ELF identification',
    ],
    [
      'truncated program headers',
      () => good().slice(0, 60),
      'fw.elf: truncated: the program header table lies beyond the end of the file',
    ],
    [
      'a truncated segment',
      () => good().slice(0, 86),
      "fw.elf: truncated: segment 0's contents lie",
    ],
    [
      'no PT_LOAD segment',
      () => buildElf({ segments: [{ paddr: 0, data: [] }] }),
      'fw.elf: no loadable segments',
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(loaderError(() => parseElf(bytes(), 'fw.elf'))).toContain(message);
    });
  }

  it('a segment outside memory', async () => {
    const bytes = buildElf({ segments: [{ paddr: 0x90000000, data: CODE }] });
    await expect(loadImage(new Machine(), 'fw.elf', bytes)).rejects.toThrow(
      'fw.elf: segment 0 (0x90000000–0x90000003, 4 bytes) lies outside memory ' +
        '(0x90000000: nothing is mapped there)',
    );
  });

  it('a segment that runs off the end of memory', async () => {
    const bytes = buildElf({ segments: [{ paddr: 0x2004fffe, data: CODE }] });
    await expect(loadImage(new Machine(), 'fw.elf', bytes)).rejects.toThrow(
      /^fw\.elf: segment 0 \(0x2004fffe–0x20050001, 4 bytes\) lies outside memory \(0x20050000: /,
    );
  });
});

describe('loading and starting an ELF', () => {
  it('writes .data at its load address (in flash) and clears .bss where it runs', async () => {
    const m = new Machine();
    m.bus.load(0x20000010, new Uint8Array([9, 9, 9, 9]));
    const bytes = buildElf({
      segments: [
        { paddr: 0x08000000, data: flashImage(0x08000000) },
        { paddr: 0x08000100, vaddr: 0x20000000, data: [1, 2, 3, 4], flags: 6 },
        { paddr: 0x20000010, data: [], memsz: 8, flags: 6 },
      ],
    });
    const image = await loadImage(m, 'fw.elf', bytes);
    expect(Array.from(m.bus.dump(0x08000100, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(m.bus.dump(0x20000000, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(m.bus.dump(0x20000010, 4))).toEqual([0, 0, 0, 0]);
    expect(image.kind).toBe('elf');
    expect(image.segments).toEqual([
      { address: 0x08000000, size: 12 },
      { address: 0x08000100, size: 4 },
    ]);
  });

  it('starts through reset when its segments cover the boot address (flash, via its alias)', async () => {
    const m = new Machine();
    const bytes = buildElf({
      entry: 0x08000009,
      segments: [{ paddr: 0x08000000, data: flashImage(0x08000000) }],
    });
    const image = await loadImage(m, 'fw.elf', bytes);
    expect(image.hasVectorTable).toBe(true);
    expect(startImage(m, image)).toBe('reset');
    expect(m.cpu.pc).toBe(0x08000008);
    expect(m.cpu.msp).toBe(0x20010000);
  });

  it('starts at its entry with SP at the top of SRAM otherwise', async () => {
    const m = new Machine();
    const bytes = buildElf({ entry: 0x20000101, segments: [{ paddr: 0x20000100, data: CODE }] });
    const image = await loadImage(m, 'fw.elf', bytes);
    expect(image.hasVectorTable).toBe(false);
    expect(startImage(m, image)).toBe('entry');
    expect(m.cpu.pc).toBe(0x20000100);
    expect(m.cpu.t).toBe(1);
    expect(m.cpu.msp).toBe(SRAM_TOP);
    m.cpu.run(10);
    expect(m.cpu.regs[0]).toBe(42);
    expect(m.cpu.stopped?.kind).toBe('halted');
  });

  it('follows the boot address: an image in ITCM RAM boots when BOOT_ADD0 points there', async () => {
    const m = new Machine();
    m.bootAddress = 0;
    const bytes = buildElf({ entry: 9, segments: [{ paddr: 0, data: flashImage(0) }] });
    const image = await loadImage(m, 'fw.elf', bytes);
    expect(image.hasVectorTable).toBe(true);
    startImage(m, image);
    expect(m.cpu.pc).toBe(8);
  });
});
