import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { SRAM_TOP } from '../chip/stm32f746.ts';
import { LoaderError } from './error.ts';
import { DEFAULT_BASE, detectKind, loadImage, startImage } from './image.ts';

const text = (s: string) => new TextEncoder().encode(s);
const word = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
/** SP, reset vector, then `movs r0, #7; b .` */
const flash = (base: number) =>
  Uint8Array.from([...word(0x20001000), ...word((base + 8) | 1), 0x07, 0x20, 0xfe, 0xe7]);

describe('detectKind', () => {
  it('knows ELF by its magic number, whatever the name', () => {
    expect(detectKind('firmware', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1]))).toBe('elf');
    expect(detectKind('x.bin', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1]))).toBe('elf');
  });

  it('knows the others by their extension', () => {
    expect(detectKind('a/b.HEX', text(':00000001FF'))).toBe('hex');
    expect(detectKind('sum.s', text('b .'))).toBe('asm');
    expect(detectKind('x.bin', new Uint8Array(4))).toBe('bin');
    expect(detectKind('x.elf', text('not really'))).toBe('elf');
  });

  it('refuses to guess', () => {
    expect(() => detectKind('notes.txt', text('hello'))).toThrow(LoaderError);
    expect(() => detectKind('notes.txt', text('hello'))).toThrow(
      'notes.txt: Loom cannot tell what kind of image this is (it loads ELF files, and .hex, .bin and .s files by their names)',
    );
  });
});

describe('raw binaries', () => {
  it('boot through reset from flash, where a .bin goes by default (the boot address is its alias)', async () => {
    const m = new Machine();
    const image = await loadImage(m, 'fw.bin', flash(0x08000000));
    expect(DEFAULT_BASE.bin).toBe(0x08000000);
    expect(image.segments).toEqual([{ address: 0x08000000, size: 12 }]);
    expect(image.hasVectorTable).toBe(true);
    expect(startImage(m, image)).toBe('reset');
    expect([m.cpu.msp, m.cpu.pc]).toEqual([0x20001000, 0x08000008]);
  });

  it('with --entry and a vector table: SP from the table, PC from --entry', async () => {
    const m = new Machine();
    const image = await loadImage(m, 'fw.bin', flash(0x08000000));
    startImage(m, image, { entry: 0x0800000b });
    expect([m.cpu.msp, m.cpu.pc, m.cpu.t]).toEqual([0x20001000, 0x0800000a, 1]);
  });

  it('start at their base, or --entry, with SP at the top of SRAM, when not at the boot address', async () => {
    const m = new Machine();
    const code = Uint8Array.from([0x07, 0x20, 0xfe, 0xe7]);
    const image = await loadImage(m, 'fw.bin', code, { base: 0x20000100 });
    expect(image.hasVectorTable).toBe(false);
    expect(startImage(m, image)).toBe('entry');
    expect([m.cpu.pc, m.cpu.msp]).toEqual([0x20000100, SRAM_TOP]);
    startImage(m, image, { entry: 0x20000103, sp: 0x20008000 });
    expect([m.cpu.pc, m.cpu.msp]).toEqual([0x20000102, 0x20008000]);
  });

  it('follow --boot-address: a flash image is not a vector table when booting from elsewhere', async () => {
    const m = new Machine();
    m.bootAddress = 0x20000000;
    const image = await loadImage(m, 'fw.bin', flash(0x08000000));
    expect(image.hasVectorTable).toBe(false);
  });

  it('are refused when empty or outside memory', async () => {
    await expect(loadImage(new Machine(), 'e.bin', new Uint8Array(0))).rejects.toThrow(
      'e.bin: the file is empty',
    );
    await expect(
      loadImage(new Machine(), 'x.bin', new Uint8Array(8), { base: 0x60000000 }),
    ).rejects.toThrow('x.bin: the image (0x60000000–0x60000007, 8 bytes) lies outside memory');
  });
});

describe('assembly sources', () => {
  it('assemble at --base (0x20000100 by default) with their labels as symbols', async () => {
    const m = new Machine();
    const image = await loadImage(m, 'p.s', text('start: movs r0, #3\nend: b .\n'));
    expect(image.kind).toBe('asm');
    expect(image.entry).toBe(0x20000100);
    expect(image.symbols.get('end')?.address).toBe(0x20000102);
    expect(Array.from(m.bus.dump(0x20000100, 4))).toEqual([0x03, 0x20, 0xfe, 0xe7]);
    expect(image.assembly?.lines).toHaveLength(3);
  });

  it('name the file and the line of an error', async () => {
    await expect(loadImage(new Machine(), 'p.s', text('nop\nfrob r0\n'))).rejects.toThrow(
      new LoaderError('p.s line 2: unknown instruction: frob r0'),
    );
  });

  it('with no code are refused', async () => {
    await expect(loadImage(new Machine(), 'p.s', text('@ nothing\n'))).rejects.toThrow(
      'p.s: no code',
    );
  });
});
