/**
 * `loom explain`: encodings taken apart as the ARMv7-M ARM draws them. The branch offsets it
 * spells out are checked against the core's own decode for many encodings, and the worked
 * example (0xe7fe, `b .`) against the manual's B T2 by hand.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { signExtend } from '../cpu/alu.ts';
import { ENCODINGS, encodingOf } from '../cpu/decoder.ts';
import { explainEncoding, offsetBits, takeApart } from '../cpu/explain.ts';

const ROOT = join(import.meta.dirname, '..');

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), 'explain', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A simple deterministic generator, so that a failure can be reproduced. */
function* randomWords(count: number, seed = 0x1234567) {
  let x = seed;
  for (let k = 0; k < count; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield x >>> 0;
  }
}

describe('takeApart', () => {
  it('finds the encoding the core decodes, for 16-bit instructions', () => {
    for (let raw = 0; raw < 0xe800; raw += 7) {
      const core = encodingOf(raw, 2);
      const found = takeApart(raw, 2);
      if (core === null) expect(found?.invalid ?? 'UNDEFINED', raw.toString(16)).not.toBeNull();
      else
        expect([found?.encoding.name, found?.invalid], raw.toString(16)).toEqual([core.name, null]);
    }
  });

  it('B T2 0xe7fe: imm11 = 0x7fe, imm32 = SignExtend(imm11:0) = -4 (ARMv7-M ARM A7.7.12)', () => {
    const found = takeApart(0xe7fe, 2)!;
    expect(found.encoding.name).toBe('B T2');
    expect(found.fields).toEqual({ imm11: 0x7fe });
    expect(found.decoded.get('imm32')).toBe(0xfffffffc | 0);
  });
});

describe('branch offsets', () => {
  const branches = ['B T1', 'B T2', 'B T3', 'B T4', 'BL T1', 'CBZ/CBNZ T1'];

  it.each(branches)('%s: the bits explained make the imm32 the core decodes', (name) => {
    const e = ENCODINGS.find((x) => x.name === name)!;
    let checked = 0;
    for (const r of randomWords(4000)) {
      const raw =
        e.size === 2 ? ((r & ~e.mask & 0xffff) | e.value) >>> 0 : ((r & ~e.mask) | e.value) >>> 0;
      const found = takeApart(raw, e.size);
      if (found?.encoding !== e || found.invalid !== null) continue;
      const bits = offsetBits(e, found.fields)!;
      const extended = name.startsWith('CBZ') ? bits.value : signExtend(bits.value, bits.width);
      expect(extended >>> 0, raw.toString(16)).toBe(Number(found.decoded.get('imm32')) >>> 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('explainEncoding', () => {
  it('draws each bit under its number, and each field under its bits', () => {
    const text = explainEncoding(0xe7fe, 2, 0x20000100);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.trimStart().startsWith('bit'));
    const [numbers, values, labels] = [`${lines[at]} `, lines[at + 1], lines[at + 2]];
    for (let b = 0; b < 16; b++) {
      const column = numbers.indexOf(` ${String(b).padStart(2)} `) + 2;
      expect(values[column], `bit ${b}`).toBe(String((0xe7fe >> b) & 1));
    }
    // opcode over bits 15..11, imm11 over bits 10..0.
    expect(labels.slice(labels.indexOf('└'), labels.indexOf('┘') + 1)).toContain('opcode');
    expect(labels.slice(labels.lastIndexOf('└'))).toContain('imm11');
    expect(text).toContain('bits 15:11 = 11100: they select B T2');
    expect(text).toContain("imm11:'0' = 11111111110 0");
    expect(text).toContain('imm32 = 0xfffffffc = -4');
    expect(text).toContain(
      '= 0x20000100 + 4 - 4 = 0x20000100: the instruction itself, so the PC never moves',
    );
  });

  it('works I1 and I2 out of J1, J2 and S for a long branch', () => {
    // BL to 0x08000000 + 4 + 0x1000: S = 0, J1 = J2 = 1 (I1 = I2 = 0), imm10 = 1, imm11 = 0x000.
    const text = explainEncoding(0xf001f800, 4, 0x08000000);
    expect(text).toContain('I1 = NOT(J1 XOR S) = 0, I2 = NOT(J2 XOR S) = 0');
    expect(text).toContain('= 0x08000000 + 4 + 4096 = 0x08001004');
  });

  it('says when an encoding is UNPREDICTABLE or nothing at all', () => {
    expect(explainEncoding(0xfa4fff81, 4)).toContain(
      "UNPREDICTABLE (the manual's decode of SXTB T2 says so for these field values)",
    );
    expect(explainEncoding(0xe8000000, 4)).toContain('no Thumb encoding matches these bits');
  });
});

describe('loom explain', () => {
  it("explains 0xe7fe at 0x20000100 with the disassembler's text", () => {
    const r = loom('0xe7fe', '--at', '0x20000100');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')[0]).toBe('0xe7fe: B T2, 16 bits: b #0x20000100');
    expect(loom('0xe7fe').stdout.split('\n')[0]).toBe('0xe7fe: B T2, 16 bits: b .');
  });

  it('wants both halves of a 32-bit instruction', () => {
    const r = loom('0xf000');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'loom explain: 0xf000 starts a 32-bit instruction (bits 15:11 = 11110): give its second ' +
        'halfword too (loom help explain)\n',
    );
    expect(loom('0xf000', '0xb800').stdout).toContain('B T4, 32 bits');
    expect(loom('0xfa4f', '0xff81').status).toBe(1);
  });
});
