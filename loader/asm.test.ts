import { describe, expect, it } from 'vitest';

import { AssemblyError, assemble, assembleListing } from './asm.ts';

const BASE = 0x20000100;
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

async function assemblyError(source: string): Promise<AssemblyError> {
  try {
    await assembleListing(source, BASE);
  } catch (e) {
    expect(e).toBeInstanceOf(AssemblyError);
    return e as AssemblyError;
  }
  throw new Error('no AssemblyError');
}

describe('assembleListing', () => {
  it('gives each line its address and bytes, and the labels as symbols', async () => {
    const source = [
      '@ a comment',
      '        movs r0, #0',
      'loop:   adds r0, #1   @ a comment after code',
      '',
      '        cmp r0, #3',
      '        bne loop',
      'done:   b .',
    ].join('\n');
    const a = await assembleListing(source, BASE);
    expect(hex(a.code)).toBe('002001300328fcd1fee7');
    expect(a.code).toEqual(await assemble(source, BASE));
    const rows = a.lines.map((l) => [l.line, l.address, hex(l.bytes), l.source]);
    expect(rows).toEqual([
      [1, BASE, '', '@ a comment'],
      [2, BASE, '0020', '        movs r0, #0'],
      [3, BASE + 2, '0130', 'loop:   adds r0, #1   @ a comment after code'],
      [4, BASE + 4, '', ''],
      [5, BASE + 4, '0328', '        cmp r0, #3'],
      [6, BASE + 6, 'fcd1', '        bne loop'],
      [7, BASE + 8, 'fee7', 'done:   b .'],
    ]);
    expect(a.symbols.get('loop')).toEqual({
      name: 'loop',
      address: BASE + 2,
      size: 6,
      type: 'label',
    });
    expect(a.symbols.get('done')).toMatchObject({ address: BASE + 8, size: 2 });
    expect(a.symbols.describe(BASE + 6)).toBe('loop+0x4');
  });

  it('lists an IT block, 32-bit instructions, data and the literal pool', async () => {
    const source = [
      '        cmp r0, #0',
      '        ite eq',
      '        moveq r1, #1',
      '        movne r1, #2',
      '        mov.w r2, #0x100',
      '        ldr r3, =0x12345678',
      '        b .',
      '        .align 2',
      'table:  .word 0xcafef00d, 7',
    ].join('\n');
    const a = await assembleListing(source, BASE);
    const rows = a.lines.map((l) => [l.line, l.address, hex(l.bytes)]);
    expect(rows).toEqual([
      [1, BASE, '0028'],
      // Lines inside the IT block cannot carry a label: their bytes go with the IT line.
      [2, BASE + 2, '0cbf01210221'],
      [3, undefined, ''],
      [4, undefined, ''],
      [5, BASE + 8, '4ff48072'],
      [6, BASE + 12, '024b'],
      [7, BASE + 14, 'fee7'],
      [8, BASE + 16, ''],
      [9, BASE + 16, '0df0feca07000000'],
      [0, BASE + 24, '78563412'],
    ]);
    expect(a.lines.at(-1)?.source).toBe('(literal pool)');
    expect(a.symbols.get('table')?.address).toBe(BASE + 16);
    expect(a.code).toEqual(await assemble(source, BASE));
  });

  it('gives a Thumb function its Thumb bit where it is data, as GNU as does', async () => {
    const source = [
      '        .word 0x20050000',
      '        .word reset',
      '        .thumb_func',
      'reset:  ldr r0, =reset',
      '        .type other, %function',
      'other:  b .',
    ].join('\n');
    const a = await assembleListing(source, BASE);
    const view = new DataView(a.code.buffer, a.code.byteOffset);
    expect(view.getUint32(4, true)).toBe((BASE + 8) | 1);
    expect(a.symbols.get('reset')).toMatchObject({ address: BASE + 8, type: 'function' });
    expect(a.symbols.get('other')).toMatchObject({ address: BASE + 10, type: 'function' });
    // The literal pool holds reset | 1 too.
    expect(view.getUint32(12, true)).toBe((BASE + 8) | 1);
  });

  it("writes GNU as's .inst, .inst.n and .inst.w as the instructions they are", async () => {
    // Keystone itself emits nothing for them. The halfwords, in Thumb's order: the first
    // halfword of a 32-bit instruction first (ARMv7-M ARM A5.1), each little-endian.
    const a = await assembleListing(
      ['.inst.n 0xe7fe', '.inst.w 0xf04f0000', '.inst 0x2105, 0xf8d9300c'].join('\n'),
      BASE,
    );
    expect(hex(a.code)).toBe('fee7' + '4ff00000' + '0521' + 'd9f80c30');
    expect(a.lines.map((l) => hex(l.bytes))).toEqual(['fee7', '4ff00000', '0521d9f80c30']);
  });

  it('assembles a macro and a repeat without losing their lines', async () => {
    const source = [
      '.macro inc reg',
      'adds \\reg, #1',
      '.endm',
      'inc r0',
      '.rept 2',
      'nop',
      '.endr',
      'b .',
    ].join('\n');
    const a = await assembleListing(source, BASE);
    expect(hex(a.code)).toBe('013000bf00bffee7');
    expect(a.lines.map((l) => hex(l.bytes))).toEqual([
      '',
      '',
      '',
      '0130',
      '00bf00bf',
      '',
      '',
      'fee7',
    ]);
  });
});

describe('assembly errors name the line', () => {
  const cases: [string, string[], number, string][] = [
    ['an unknown instruction', ['movs r0, #1', 'fooo r1', 'b .'], 2, 'unknown instruction'],
    ['an undefined label', ['movs r0, #1', 'b nowhere'], 2, 'undefined symbol'],
    [
      'an immediate out of range',
      ['b later', 'mov r0, #0x12345678', 'later: b .'],
      2,
      'invalid operand',
    ],
    [
      'a condition outside an IT block',
      ['nop', 'moveq r0, #1', 'nop'],
      2,
      'keystone produced no code',
    ],
    ['a label defined twice', ['x: nop', 'x: nop'], 2, 'a symbol defined twice'],
    ['a section', ['nop', '.data', '.word 1'], 2, 'sections are not supported'],
    ['an .include', ['.include "other.s"'], 1, '.include is not supported'],
    // Keystone would hang on these: they never reach it.
    ['punctuation where a statement starts', ['nop', '(x): nop'], 2, 'a statement starts with'],
    ['a double colon', ['nop', 'x:: nop'], 2, "not ':'"],
    ['a directive that starts with a digit', ['.1'], 1, "not '.1'"],
    ['an .inst without its number', ['nop', '.inst.n'], 2, '.inst needs the instruction'],
    ['a bare .inst of a symbol', ['x: nop', '.inst x'], 2, 'write .inst.n or .inst.w'],
  ];
  for (const [what, lines, line, reason] of cases) {
    it(what, async () => {
      const e = await assemblyError(lines.join('\n'));
      expect(e.line).toBe(line);
      expect(e.text).toBe(lines[line - 1]);
      expect(e.reason).toContain(reason);
      expect(e.message).toBe(`line ${line}: ${e.reason}: ${lines[line - 1].trim()}`);
    });
  }

  it('plain assemble() reports the same', async () => {
    await expect(assemble('nop\n  fooo r1\n', BASE)).rejects.toThrow(
      'line 2: unknown instruction: fooo r1',
    );
  });

  it('keeps working after keystone trips over a directive', async () => {
    await expect(assemble('.section .data\n', BASE)).rejects.toThrow(AssemblyError);
    expect(hex(await assemble('b .', BASE))).toBe('fee7');
  });
});
