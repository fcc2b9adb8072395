import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { LoaderError } from './error.ts';
import { parseIntelHex } from './ihex.ts';
import { loadImage, startImage } from './image.ts';

/** One record, checksum included. */
function record(type: number, address: number, data: number[]): string {
  const bytes = [data.length, address >>> 8, address & 0xff, type, ...data];
  const sum = -bytes.reduce((a, b) => a + b, 0) & 0xff;
  return ':' + [...bytes, sum].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

const EOF_RECORD = ':00000001FF';

function hexError(text: string): string {
  try {
    parseIntelHex(text, 'fw.hex');
  } catch (e) {
    expect(e).toBeInstanceOf(LoaderError);
    return (e as Error).message;
  }
  throw new Error('no LoaderError');
}

describe('parseIntelHex', () => {
  it('reads a record from the format description (checksum 0x40)', () => {
    const hex = parseIntelHex(
      ':10010000214601360121470136007EFE09D2190140\n:00000001FF\n',
      'x.hex',
    );
    expect(hex.segments).toHaveLength(1);
    expect(hex.segments[0].address).toBe(0x100);
    expect(Array.from(hex.segments[0].data.subarray(0, 4))).toEqual([0x21, 0x46, 0x01, 0x36]);
    expect(hex.entry).toBeUndefined();
  });

  it('joins contiguous data, follows extended linear and segment addresses, keeps the start address', () => {
    const text = [
      record(4, 0, [0x08, 0x00]),
      record(0, 0x0000, [1, 2, 3, 4]),
      record(0, 0x0004, [5, 6]),
      record(0, 0x0100, [7]),
      record(2, 0, [0x1000 >>> 8, 0x1000 & 0xff]), // segment 0x1000: base 0x10000
      record(0, 0x0010, [8]),
      record(5, 0, [0x08, 0x00, 0x00, 0x09]),
      EOF_RECORD,
      'anything after the end is ignored',
    ].join('\r\n');
    const hex = parseIntelHex(text, 'fw.hex');
    expect(hex.segments.map((s) => [s.address, Array.from(s.data)])).toEqual([
      [0x08000000, [1, 2, 3, 4, 5, 6]],
      [0x08000100, [7]],
      [0x00010010, [8]],
    ]);
    expect(hex.entry).toBe(0x08000009);
  });

  it('names the line of each error', () => {
    const good = record(0, 0, [1, 2]);
    const bad = good.slice(0, -2) + '00';
    expect(hexError(`${good}\n${bad}\n${EOF_RECORD}`)).toBe(
      'fw.hex line 2: checksum 0x00 is wrong: it should be 0xFB',
    );
    expect(hexError(`\n${good}\n10000000\n`)).toBe("fw.hex line 3: a record starts with ':'");
    expect(hexError(':0G00000001FF\n')).toBe(
      'fw.hex line 1: a record holds only hexadecimal digits after the colon',
    );
    expect(hexError(':00000001F\n')).toBe(
      'fw.hex line 1: a record has an even number of hexadecimal digits',
    );
    expect(hexError(':0000\n')).toBe(
      'fw.hex line 1: a record has at least 11 characters (:LLAAAATTCC)',
    );
    expect(hexError(':0400000001FB\n')).toBe(
      'fw.hex line 1: the record announces 4 data bytes but holds 1',
    );
    expect(hexError(`${record(6, 0, [])}\n`)).toBe('fw.hex line 1: unknown record type 0x06');
    expect(hexError(`${record(4, 0, [1])}\n`)).toBe('fw.hex line 1: this record holds 2 bytes');
    expect(hexError(`${record(5, 0, [1, 2])}\n`)).toBe(
      'fw.hex line 1: a start linear address record holds 4 bytes',
    );
    expect(hexError(`${good}\n`)).toBe(
      'fw.hex: no end-of-file record (:00000001FF), so the file may be truncated',
    );
  });
});

describe('loading Intel HEX', () => {
  it('boots through reset when the data covers the boot address', async () => {
    const word = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
    const text = [
      record(4, 0, [0x08, 0x00]),
      record(0, 0, [...word(0x20008000), ...word(0x08000009), 0x07, 0x20, 0xfe, 0xe7]),
      EOF_RECORD,
    ].join('\n');
    const m = new Machine();
    const image = await loadImage(m, 'fw.hex', new TextEncoder().encode(text));
    expect(image.kind).toBe('hex');
    expect(image.hasVectorTable).toBe(true);
    expect(startImage(m, image)).toBe('reset');
    expect([m.cpu.msp, m.cpu.pc]).toEqual([0x20008000, 0x08000008]);
    m.cpu.run(10);
    expect(m.cpu.regs[0]).toBe(7);
  });

  it('starts elsewhere at its start linear address', async () => {
    const text = [
      record(4, 0, [0x20, 0x00]),
      record(0, 0x100, [0x07, 0x20, 0xfe, 0xe7]),
      record(5, 0, [0x20, 0x00, 0x01, 0x01]),
      EOF_RECORD,
    ].join('\n');
    const m = new Machine();
    const image = await loadImage(m, 'fw.hex', new TextEncoder().encode(text));
    expect(image.hasVectorTable).toBe(false);
    expect(startImage(m, image)).toBe('entry');
    expect(m.cpu.pc).toBe(0x20000100);
  });

  it('refuses data outside memory, naming it', async () => {
    const text = [record(4, 0, [0x90, 0x00]), record(0, 0, [1]), EOF_RECORD].join('\n');
    await expect(
      loadImage(new Machine(), 'fw.hex', new TextEncoder().encode(text)),
    ).rejects.toThrow('fw.hex: data (0x90000000–0x90000000, 1 bytes) lies outside memory');
  });
});
