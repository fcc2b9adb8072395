/** The capstone wrapper (cpu/disassemble.ts) that `loom disasm` and later the UI use. */
import { describe, expect, it } from 'vitest';

import { disassemble } from '../cpu/disassemble.ts';

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (b) => parseInt(b, 16));

describe('disassemble', () => {
  it('decodes 16- and 32-bit Thumb, M-profile system instructions and IT blocks', async () => {
    const code = bytes('00204ff0010018bf0120eff30980fee7');
    const out = await disassemble(code, 0x20000100);
    expect(out.map((d) => [d.address, d.size, `${d.mnemonic} ${d.operands}`])).toEqual([
      [0x20000100, 2, 'movs r0, #0'],
      [0x20000102, 4, 'mov.w r0, #1'],
      [0x20000106, 2, 'it ne'],
      [0x20000108, 2, 'movne r0, #1'],
      [0x2000010a, 4, 'mrs r0, psp'],
      [0x2000010e, 2, 'b #0x2000010e'],
    ]);
    expect(out[5].target).toBe(0x2000010e);
    expect(Array.from(out[1].bytes)).toEqual([0x4f, 0xf0, 0x01, 0x00]);
  });

  it('stops after `count` instructions', async () => {
    const out = await disassemble(bytes('00200120022003200420'), 0, 3);
    expect(out.map((d) => d.operands)).toEqual(['r0, #0', 'r0, #1', 'r0, #2']);
  });

  it('shows bytes that do not decode and carries on after them', async () => {
    const out = await disassemble(bytes('ffffffff0020ff'), 0x100);
    expect(out.map((d) => [d.address, d.mnemonic, d.operands])).toEqual([
      [0x100, '.inst.w', '0xffffffff'],
      [0x104, 'movs', 'r0, #0'],
      [0x106, '.byte', '0xff'],
    ]);
  });

  it('does not split a 32-bit instruction across its internal chunks', async () => {
    // 2 bytes of padding, then mov.w r0, #1 repeated: every 32-bit instruction straddles a
    // 4096-byte boundary of the input at some point.
    const code = new Uint8Array(2 + 4 * 3000);
    code.set([0x00, 0xbf]);
    for (let k = 2; k < code.length; k += 4) code.set([0x4f, 0xf0, 0x01, 0x00], k);
    const out = await disassemble(code, 0);
    expect(out).toHaveLength(3001);
    expect(out.slice(1).every((d) => d.mnemonic === 'mov.w' && d.size === 4)).toBe(true);
  });
});
