import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, flags, prepare, run, runHalfwords } from '../../test/thumb.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { encodingOf } from '../decoder.ts';

const B_SELF = 0xe7fe;
const hex = (x: number) => '0x' + (x >>> 0).toString(16).padStart(8, '0');

function expectUndefined(cpu: Cpu, why: string): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain('UNDEFINSTR');
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(CODE);
}

/**
 * Runs one instruction that writes r0 (or `dest`) from r1 and r2, with N, Z, C and V set:
 * none of these instructions may change them. Returns the destination.
 */
async function result(source: string, r1: number, r2 = 0, dest = 0): Promise<number> {
  const cpu = await run(`${source}\nb .`, {
    regs: { r0: 0x5555_5555, r1, r2, r8: 0x5555_5555, r9: r1, r10: r2 },
    flags: 'NZCV',
  });
  expect(cpu.stopped?.kind).toBe('halted');
  expect(flags(cpu)).toBe('NZCVq');
  return cpu.regs[dest];
}

/** Forms on low registers write r0; forms on high registers (r8, r9, r10) write r8. */
const cases = (list: [string, number, number, number][]) =>
  list.map(
    ([source, r1, r2, want]) => [source, hex(r1), hex(r2), hex(want), r1, r2, want] as const,
  );

function table(title: string, list: [string, number, number, number][]): void {
  it.each(cases(list))(`${title}: %s with %s, %s gives %s`, async (source, ...rest) => {
    const [, , , r1, r2, want] = rest;
    const dest = /\br8\b/.test(source) ? 8 : 0;
    expect(hex(await result(source, r1, r2, dest))).toBe(hex(want));
  });
}

describe('decoding', () => {
  const examples: [number, 2 | 4, string][] = [
    [0xfab1f081, 4, 'CLZ T1'],
    [0xfa91f0a1, 4, 'RBIT T1'],
    [0xba08, 2, 'REV T1'],
    [0xfa91f081, 4, 'REV T2'],
    [0xba48, 2, 'REV16 T1'],
    [0xfa91f091, 4, 'REV16 T2'],
    [0xbac8, 2, 'REVSH T1'],
    [0xfa91f0b1, 4, 'REVSH T2'],
    [0xf36f100b, 4, 'BFC T1'],
    [0xf361100b, 4, 'BFI T1'],
    [0xf3411007, 4, 'SBFX T1'],
    [0xf3c11007, 4, 'UBFX T1'],
    [0xf3010007, 4, 'SSAT T1'],
    [0xf32100c7, 4, 'SSAT T1'], // ASR #3
    [0xf3210007, 4, 'SSAT16 T1'], // SSAT with sh = 1 and imm3:imm2 = 00000
    [0xf3810088, 4, 'USAT T1'],
    [0xf3a10008, 4, 'USAT16 T1'],
    [0xb208, 2, 'SXTH T1'],
    [0xb248, 2, 'SXTB T1'],
    [0xb288, 2, 'UXTH T1'],
    [0xb2c8, 2, 'UXTB T1'],
    [0xfa0ff081, 4, 'SXTH T2'], // SXTAH with Rn = 1111
    [0xfa1ff081, 4, 'UXTH T2'],
    [0xfa2ff081, 4, 'SXTB16 T1'],
    [0xfa3ff0a1, 4, 'UXTB16 T1'],
    [0xfa4ff091, 4, 'SXTB T2'],
    [0xfa5ff081, 4, 'UXTB T2'],
    [0xfa01f0b2, 4, 'SXTAH T1'],
    [0xfa11f082, 4, 'UXTAH T1'],
    [0xfa21f082, 4, 'SXTAB16 T1'],
    [0xfa31f082, 4, 'UXTAB16 T1'],
    [0xfa41f082, 4, 'SXTAB T1'],
    [0xfa51f082, 4, 'UXTAB T1'],
  ];
  it.each(examples.map(([raw, size, name]) => [raw.toString(16), name, raw, size] as const))(
    '0x%s is %s',
    (_hex, name, raw, size) => {
      expect(encodingOf(raw, size)?.name).toBe(name);
    },
  );

  it('1011 1010 10xx xxxx is not an ARMv7-M instruction', () => {
    expect(encodingOf(0xba88, 2)).toBeNull();
  });

  it('keystone produces these encodings', async () => {
    const code = await assemble(
      'rev r0, r1\nrevsh.w r0, r1\nbfc r0, #4, #8\nssat16 r0, #8, r1\nsxtb r0, r1, ror #8',
      CODE,
    );
    const halfwords: number[] = [];
    for (let k = 0; k < code.length; k += 2) halfwords.push(code[k] | (code[k + 1] << 8));
    expect(halfwords).toEqual([
      0xba08, 0xfa91, 0xf0b1, 0xf36f, 0x100b, 0xf321, 0x0007, 0xfa4f, 0xf091,
    ]);
  });

  const unpredictable: [string, number, number, string][] = [
    ['CLZ with two different Rm', 0xfab1, 0xf082, 'CLZ T1: UNPREDICTABLE'],
    ['CLZ with Rd = SP', 0xfab1, 0xfd81, 'CLZ T1: UNPREDICTABLE'],
    ['RBIT with Rd = SP', 0xfa91, 0xfda1, 'RBIT T1: UNPREDICTABLE'],
    ['REV.W with Rm = PC', 0xfa9f, 0xf08f, 'REV T2: UNPREDICTABLE'],
    ['REV16.W with two different Rm', 0xfa91, 0xf092, 'REV16 T2: UNPREDICTABLE'],
    ['REVSH.W with Rd = PC', 0xfa91, 0xffb1, 'REVSH T2: UNPREDICTABLE'],
    ['BFI with msbit < lsbit', 0xf361, 0x2004, 'BFI T1: UNPREDICTABLE'],
    ['BFC with msbit < lsbit', 0xf36f, 0x2004, 'BFC T1: UNPREDICTABLE'],
    ['BFI with Rn = SP', 0xf36d, 0x100b, 'BFI T1: UNPREDICTABLE'],
    ['BFI with Rd = PC', 0xf361, 0x1f0b, 'BFI T1: UNPREDICTABLE'],
    ['BFC with Rd = SP', 0xf36f, 0x1d0b, 'BFC T1: UNPREDICTABLE'],
    ['BFI with hw2 bit 5 set', 0xf361, 0x102b, 'BFI T1: UNPREDICTABLE (should-be bits)'],
    ['SBFX with lsbit + widthminus1 = 35', 0xf341, 0x500f, 'SBFX T1: UNPREDICTABLE'],
    ['UBFX with lsbit + widthminus1 = 32', 0xf3c1, 0x005f, 'UBFX T1: UNPREDICTABLE'],
    ['SBFX with Rn = SP', 0xf34d, 0x1007, 'SBFX T1: UNPREDICTABLE'],
    ['UBFX with Rd = PC', 0xf3c1, 0x1f07, 'UBFX T1: UNPREDICTABLE'],
    ['SSAT with Rd = SP', 0xf301, 0x0d07, 'SSAT T1: UNPREDICTABLE'],
    ['SSAT with Rn = PC', 0xf30f, 0x0007, 'SSAT T1: UNPREDICTABLE'],
    ['SSAT with hw2 bit 5 set', 0xf301, 0x0027, 'SSAT T1: UNPREDICTABLE (should-be bits)'],
    ['SSAT with hw1 bit 10 set', 0xf701, 0x0007, 'SSAT T1: UNPREDICTABLE (should-be bits)'],
    // SSAT says SEE SSAT16, whose bit 4 is (0)
    ['SSAT ASR #0 with sat_imm bit 4 set', 0xf321, 0x0017, 'SSAT16 T1: UNPREDICTABLE'],
    ['USAT ASR #0 with sat_imm bit 4 set', 0xf3a1, 0x0018, 'USAT16 T1: UNPREDICTABLE'],
    ['USAT with Rd = PC', 0xf381, 0x0f08, 'USAT T1: UNPREDICTABLE'],
    ['SSAT16 with Rd = SP', 0xf321, 0x0d07, 'SSAT16 T1: UNPREDICTABLE'],
    ['USAT16 with Rn = SP', 0xf3ad, 0x0008, 'USAT16 T1: UNPREDICTABLE'],
    ['SXTB.W with Rd = PC', 0xfa4f, 0xff81, 'SXTB T2: UNPREDICTABLE'],
    ['SXTB.W with hw2 bit 6 set', 0xfa4f, 0xf0c1, 'SXTB T2: UNPREDICTABLE (should-be bits)'],
    ['UXTB16 with Rm = PC', 0xfa3f, 0xf08f, 'UXTB16 T1: UNPREDICTABLE'],
    ['SXTAB with Rn = SP', 0xfa4d, 0xf082, 'SXTAB T1: UNPREDICTABLE'],
    ['SXTAH with Rm = SP', 0xfa01, 0xf08d, 'SXTAH T1: UNPREDICTABLE'],
    ['UXTAB16 with Rd = SP', 0xfa31, 0xfd82, 'UXTAB16 T1: UNPREDICTABLE'],
    ['UXTAH with hw2 bit 6 set', 0xfa11, 0xf0c2, 'UXTAH T1: UNPREDICTABLE (should-be bits)'],
  ];
  it.each(unpredictable)('%s faults (UNDEFINSTR)', (_what, hw1, hw2, why) => {
    const cpu = runHalfwords([hw1, hw2, B_SELF], { regs: { r0: 0x55, r1: 2, r2: 3 } }, 5);
    expectUndefined(cpu, why);
    expect(cpu.regs[0]).toBe(0x55);
  });
});

describe('CLZ, RBIT', () => {
  table('CLZ', [
    ['clz r0, r1', 0, 0, 32],
    ['clz r0, r1', 1, 0, 31],
    ['clz r0, r1', 0x80000000, 0, 0],
    ['clz r0, r1', 0xffffffff, 0, 0],
    ['clz r0, r1', 0x00010000, 0, 15],
    ['clz r0, r1', 0x0000ffff, 0, 16],
    ['clz r8, r9', 0x00000400, 0, 21],
  ]);
  table('RBIT', [
    ['rbit r0, r1', 1, 0, 0x80000000],
    ['rbit r0, r1', 0x12345678, 0, 0x1e6a2c48],
    ['rbit r0, r1', 0xf0000000, 0, 0x0000000f],
    ['rbit r0, r1', 0x80000001, 0, 0x80000001],
    ['rbit r0, r1', 0, 0, 0],
    ['rbit r8, r9', 0xffff0000, 0, 0x0000ffff],
  ]);
});

describe('REV, REV16, REVSH', () => {
  table('REV', [
    ['rev r0, r1', 0x12345678, 0, 0x78563412],
    ['rev r0, r1', 0x000000ff, 0, 0xff000000],
    ['rev r0, r1', 0x80000001, 0, 0x01000080],
    ['rev.w r8, r9', 0x12345678, 0, 0x78563412],
    ['rev.w r8, r9', 0xff000000, 0, 0x000000ff],
  ]);
  table('REV16', [
    ['rev16 r0, r1', 0x12345678, 0, 0x34127856],
    ['rev16 r0, r1', 0xff0000ff, 0, 0x00ffff00],
    ['rev16.w r8, r9', 0x12345678, 0, 0x34127856],
    ['rev16.w r8, r9', 0x00ff8000, 0, 0xff000080],
  ]);
  // REVSH: R[d]<31:8> = SignExtend(R[m]<7:0>), R[d]<7:0> = R[m]<15:8>
  table('REVSH', [
    ['revsh r0, r1', 0x12345678, 0, 0x00007856],
    ['revsh r0, r1', 0x123480ff, 0, 0xffffff80],
    ['revsh r0, r1', 0xffffff7f, 0, 0x00007fff],
    ['revsh.w r8, r9', 0x12345678, 0, 0x00007856],
    ['revsh.w r8, r9', 0x00000080, 0, 0xffff8000],
  ]);

  it('REV T1 and T2 in an IT block whose condition fails do nothing', () => {
    // IT NE (0xbf18); REV r0, r1 (0xba08)
    const cpu = runHalfwords(
      [0xbf18, 0xba08, B_SELF],
      { regs: { r0: 7, r1: 0x12 }, flags: 'Z' },
      5,
    );
    expect(cpu.regs[0]).toBe(7);
    // ITT EQ (0xbf04): REV r0, r1; REV.W r2, r1
    const both = runHalfwords(
      [0xbf04, 0xba08, 0xfa91, 0xf281, B_SELF],
      {
        regs: { r1: 0x12 },
        flags: 'Z',
      },
      5,
    );
    expect([both.regs[0], both.regs[2]]).toEqual([0x12000000, 0x12000000]);
  });
});

describe('BFC, BFI', () => {
  table('BFC', [
    ['bfc r0, #4, #8', 0, 0, 0x5555_5005],
    ['bfc r8, #8, #16', 0, 0, 0x5500_0055],
    ['bfc r0, #31, #1', 0, 0, 0x5555_5555], // bit 31 is already clear
    ['bfc r0, #30, #2', 0, 0, 0x1555_5555],
    ['bfc r0, #0, #32', 0, 0, 0],
    ['bfc r0, #0, #1', 0, 0, 0x5555_5554],
  ]);

  it('BFC bit 31 of 0xffffffff', async () => {
    const cpu = await run('bfc r0, #31, #1\nb .', { regs: { r0: 0xffffffff } });
    expect(cpu.regs[0]).toBe(0x7fffffff);
  });

  /** BFI into r0 = `into` from r1. */
  const bfi: [string, number, number, number][] = [
    ['bfi r0, r1, #4, #8', 0xffffffff, 0x000000a5, 0xfffffa5f],
    ['bfi r0, r1, #4, #8', 0, 0xffffff5a, 0x000005a0],
    ['bfi r0, r1, #31, #1', 0, 1, 0x80000000],
    ['bfi r0, r1, #31, #1', 0xffffffff, 0xfffffffe, 0x7fffffff],
    ['bfi r0, r1, #0, #32', 1, 0xdeadbeef, 0xdeadbeef],
    ['bfi r0, r1, #16, #16', 0x12345678, 0xabcd, 0xabcd5678],
    ['bfi r0, r1, #0, #1', 0xfffffffe, 0xffffffff, 0xffffffff],
    ['bfi r0, r0, #8, #8', 0x12345678, 0, 0x12347878],
    ['bfi r8, r9, #1, #31', 0x00000001, 0xc0000000, 0x80000001],
  ];
  it.each(
    bfi.map(
      ([s, into, from, want]) => [s, hex(into), hex(from), hex(want), into, from, want] as const,
    ),
  )('%s: into %s from %s gives %s', async (source, _a, _b, _c, into, from, want) => {
    const cpu = await run(`${source}\nb .`, {
      regs: { r0: into, r1: from, r8: into, r9: from },
      flags: 'NZCVQ',
    });
    const d = source.includes('r8') ? 8 : 0;
    expect(hex(cpu.regs[d])).toBe(hex(want));
    expect(flags(cpu)).toBe('NZCVQ');
  });
});

describe('SBFX, UBFX', () => {
  table('SBFX', [
    ['sbfx r0, r1, #4, #8', 0x00000f80, 0, 0xfffffff8],
    ['sbfx r0, r1, #4, #8', 0xfffff70f, 0, 0x00000070],
    ['sbfx r0, r1, #31, #1', 0x80000000, 0, 0xffffffff],
    ['sbfx r0, r1, #31, #1', 0x7fffffff, 0, 0],
    ['sbfx r0, r1, #0, #32', 0x80000001, 0, 0x80000001],
    ['sbfx r0, r1, #16, #16', 0x80001234, 0, 0xffff8000],
    ['sbfx r0, r1, #0, #1', 1, 0, 0xffffffff],
    ['sbfx r0, r1, #1, #31', 0x80000000, 0, 0xc0000000],
    ['sbfx r8, r9, #8, #4', 0x00000700, 0, 7],
  ]);
  table('UBFX', [
    ['ubfx r0, r1, #4, #8', 0x00000f80, 0, 0xf8],
    ['ubfx r0, r1, #31, #1', 0x80000000, 0, 1],
    ['ubfx r0, r1, #0, #32', 0xffffffff, 0, 0xffffffff],
    ['ubfx r0, r1, #1, #31', 0xffffffff, 0, 0x7fffffff],
    ['ubfx r0, r1, #16, #16', 0x80001234, 0, 0x8000],
    ['ubfx r0, r1, #0, #1', 0xfffffffe, 0, 0],
    ['ubfx r8, r9, #28, #4', 0xa0000000, 0, 0xa],
  ]);
});

/** Saturating instructions: [source, r1, result, Q afterwards], from Q clear and NZCV set. */
function saturation(title: string, list: [string, number, number, 0 | 1][]): void {
  it.each(
    list.map(([s, r1, want, q]) => [s, hex(r1), hex(want), q ? 'Q' : 'no Q', r1, want, q] as const),
  )(`${title}: %s with %s gives %s, %s`, async (source, _a, _b, _c, r1, want, q) => {
    const cpu = await run(`${source}\nb .`, { regs: { r0: 0x5555_5555, r1 }, flags: 'NZCV' });
    expect(hex(cpu.regs[0])).toBe(hex(want));
    expect(flags(cpu)).toBe(q ? 'NZCVQ' : 'NZCVq');
  });
}

describe('SSAT', () => {
  saturation('SSAT', [
    ['ssat r0, #8, r1', 200, 127, 1],
    ['ssat r0, #8, r1', 0xffffff38, 0xffffff80, 1], // -200 -> -128
    ['ssat r0, #8, r1', 127, 127, 0],
    ['ssat r0, #8, r1', 0xffffff80, 0xffffff80, 0],
    ['ssat r0, #8, r1', 128, 127, 1],
    ['ssat r0, #8, r1', 0xffffff7f, 0xffffff80, 1], // -129
    ['ssat r0, #32, r1', 0x80000000, 0x80000000, 0],
    ['ssat r0, #32, r1', 0x7fffffff, 0x7fffffff, 0],
    ['ssat r0, #1, r1', 1, 0, 1],
    ['ssat r0, #1, r1', 0xfffffffb, 0xffffffff, 1],
    ['ssat r0, #1, r1', 0xffffffff, 0xffffffff, 0],
    ['ssat r0, #1, r1', 0, 0, 0],
    ['ssat r0, #16, r1, lsl #4', 0x1000, 0x7fff, 1],
    ['ssat r0, #16, r1, lsl #4', 0x100, 0x1000, 0],
    ['ssat r0, #16, r1, lsl #1', 0x40000000, 0xffff8000, 1], // the shift makes it -2^31
    ['ssat r0, #32, r1, lsl #31', 3, 0x80000000, 0],
    ['ssat r0, #8, r1, asr #4', 0x7f0, 0x7f, 0],
    ['ssat r0, #8, r1, asr #4', 0x800, 0x7f, 1],
    ['ssat r0, #8, r1, asr #4', 0xfffff800, 0xffffff80, 0],
    ['ssat r0, #8, r1, asr #4', 0xfffff7f0, 0xffffff80, 1],
    ['ssat r0, #1, r1, asr #31', 0x80000000, 0xffffffff, 0],
    ['ssat r0, #1, r1, asr #31', 0x7fffffff, 0, 0],
  ]);

  it('Q is sticky: a saturate that does not saturate leaves it set', async () => {
    const cpu = await run('ssat r0, #8, r1\nb .', { regs: { r1: 5 }, flags: 'Q' });
    expect(cpu.regs[0]).toBe(5);
    expect(flags(cpu)).toBe('nzcvQ');
  });

  it('high registers', async () => {
    const cpu = await run('ssat r12, #12, r11, asr #2\nb .', { regs: { r11: 0xffff0000 } });
    // -65536 >> 2 = -16384, below -2048
    expect(cpu.regs[12]).toBe(0xfffff800);
    expect(flags(cpu)).toBe('nzcvQ');
  });
});

describe('USAT', () => {
  saturation('USAT', [
    ['usat r0, #8, r1', 300, 255, 1],
    ['usat r0, #8, r1', 0xffffffff, 0, 1],
    ['usat r0, #8, r1', 200, 200, 0],
    ['usat r0, #8, r1', 255, 255, 0],
    ['usat r0, #8, r1', 256, 255, 1],
    ['usat r0, #0, r1', 1, 0, 1],
    ['usat r0, #0, r1', 0, 0, 0],
    ['usat r0, #0, r1', 0xffffffff, 0, 1],
    ['usat r0, #31, r1', 0x7fffffff, 0x7fffffff, 0],
    ['usat r0, #31, r1', 0x80000000, 0, 1],
    ['usat r0, #8, r1, lsl #2', 63, 252, 0],
    ['usat r0, #8, r1, lsl #2', 64, 255, 1],
    ['usat r0, #16, r1, lsl #31', 1, 0, 1], // the shift makes it negative
    ['usat r0, #8, r1, asr #1', 0x1fe, 0xff, 0],
    ['usat r0, #8, r1, asr #1', 0xfffffffe, 0, 1],
  ]);

  it('Q is sticky', async () => {
    const cpu = await run('usat r0, #4, r1\nb .', { regs: { r1: 15 }, flags: 'NQ' });
    expect(cpu.regs[0]).toBe(15);
    expect(flags(cpu)).toBe('NzcvQ');
  });
});

describe('SSAT16, USAT16', () => {
  saturation('SSAT16', [
    ['ssat16 r0, #8, r1', 0x00c8ff38, 0x007fff80, 1], // 200, -200
    ['ssat16 r0, #8, r1', 0x0064ff9c, 0x0064ff9c, 0], // 100, -100
    ['ssat16 r0, #8, r1', 0x01000005, 0x007f0005, 1], // only the top half saturates
    ['ssat16 r0, #8, r1', 0x00050100, 0x0005007f, 1], // only the bottom half saturates
    ['ssat16 r0, #8, r1', 0xff80007f, 0xff80007f, 0],
    ['ssat16 r0, #16, r1', 0x80007fff, 0x80007fff, 0],
    ['ssat16 r0, #16, r1', 0x0001ffff, 0x0001ffff, 0], // a negative bottom half stays there
    ['ssat16 r0, #1, r1', 0x00010002, 0, 1],
    ['ssat16 r0, #1, r1', 0xffff0000, 0xffff0000, 0],
    ['ssat16 r0, #1, r1', 0x8000ffff, 0xffffffff, 1],
  ]);
  saturation('USAT16', [
    ['usat16 r0, #8, r1', 0x012cffff, 0x00ff0000, 1], // 300, -1
    ['usat16 r0, #8, r1', 0x00c80064, 0x00c80064, 0],
    ['usat16 r0, #8, r1', 0x00050100, 0x000500ff, 1], // only the bottom half saturates
    ['usat16 r0, #8, r1', 0x80000005, 0x00000005, 1], // only the top half saturates
    ['usat16 r0, #0, r1', 0x00010000, 0, 1],
    ['usat16 r0, #0, r1', 0, 0, 0],
    ['usat16 r0, #15, r1', 0x80007fff, 0x00007fff, 1],
    ['usat16 r0, #15, r1', 0x7fff0001, 0x7fff0001, 0],
  ]);

  it('Q is sticky', async () => {
    const cpu = await run('ssat16 r0, #8, r1\nusat16 r2, #8, r1\nb .', {
      regs: { r1: 0x00050006 },
      flags: 'Q',
    });
    expect([cpu.regs[0], cpu.regs[2]]).toEqual([0x00050006, 0x00050006]);
    expect(flags(cpu)).toBe('nzcvQ');
  });
});

describe('SXTB, SXTH, UXTB, UXTH', () => {
  // 0x80ff7f01 rotated right by 8, 16, 24: 0x0180ff7f, 0x7f0180ff, 0xff7f0180
  const X = 0x80ff7f01;
  table('SXTB', [
    ['sxtb r0, r1', 0x12345680, 0, 0xffffff80],
    ['sxtb r0, r1', 0x1234567f, 0, 0x7f],
    ['sxtb.w r8, r9', 0x12345680, 0, 0xffffff80],
    ['sxtb r0, r1, ror #8', X, 0, 0x7f],
    ['sxtb r0, r1, ror #16', X, 0, 0xffffffff],
    ['sxtb r8, r9, ror #24', X, 0, 0xffffff80],
  ]);
  table('SXTH', [
    ['sxth r0, r1', 0x12348000, 0, 0xffff8000],
    ['sxth r0, r1', 0x12347fff, 0, 0x7fff],
    ['sxth.w r8, r9', 0x00018000, 0, 0xffff8000],
    ['sxth r0, r1, ror #8', X, 0, 0xffffff7f],
    ['sxth r0, r1, ror #16', X, 0, 0xffff80ff],
    ['sxth r8, r9, ror #24', X, 0, 0x0180],
  ]);
  table('UXTB', [
    ['uxtb r0, r1', 0x12345680, 0, 0x80],
    ['uxtb.w r8, r9', 0xffffffff, 0, 0xff],
    ['uxtb r0, r1, ror #8', X, 0, 0x7f],
    ['uxtb r0, r1, ror #16', X, 0, 0xff],
    ['uxtb r8, r9, ror #24', X, 0, 0x80],
  ]);
  table('UXTH', [
    ['uxth r0, r1', 0x12348000, 0, 0x8000],
    ['uxth.w r8, r9', 0xffffffff, 0, 0xffff],
    ['uxth r0, r1, ror #8', X, 0, 0xff7f],
    ['uxth r0, r1, ror #16', X, 0, 0x80ff],
    ['uxth r8, r9, ror #24', X, 0, 0x0180],
  ]);
});

describe('SXTB16, UXTB16', () => {
  // 0x12805634 rotated right by 8, 16, 24: 0x34128056, 0x56341280, 0x80563412
  const X = 0x12805634;
  table('SXTB16', [
    ['sxtb16 r0, r1', X, 0, 0xff800034],
    ['sxtb16 r0, r1, ror #8', X, 0, 0x00120056],
    ['sxtb16 r0, r1, ror #16', X, 0, 0x0034ff80],
    ['sxtb16 r8, r9, ror #24', X, 0, 0x00560012],
    ['sxtb16 r0, r1', 0x00ff00ff, 0, 0xffffffff],
  ]);
  table('UXTB16', [
    ['uxtb16 r0, r1', X, 0, 0x00800034],
    ['uxtb16 r0, r1, ror #8', X, 0, 0x00120056],
    ['uxtb16 r0, r1, ror #16', X, 0, 0x00340080],
    ['uxtb16 r8, r9, ror #24', X, 0, 0x00560012],
  ]);
});

describe('SXTAB, SXTAH, UXTAB, UXTAH', () => {
  table('SXTAB', [
    ['sxtab r0, r1, r2', 100, 0x000000ff, 99],
    ['sxtab r0, r1, r2', 0xffffffff, 0x7f, 0x7e], // wraps modulo 2^32
    ['sxtab r0, r1, r2', 0, 0x12345680, 0xffffff80],
    ['sxtab r0, r1, r2, ror #8', 10, 0x0000fe00, 8],
    ['sxtab r8, r9, r10, ror #24', 0x80000000, 0x01000000, 0x80000001],
  ]);
  table('SXTAH', [
    ['sxtah r0, r1, r2', 0x10000, 0x8000, 0x8000],
    ['sxtah r0, r1, r2', 5, 0xabcd0003, 8],
    ['sxtah r0, r1, r2, ror #16', 0, 0xffff0000, 0xffffffff],
    ['sxtah r8, r9, r10, ror #8', 0x100, 0x00fffe00, 0xfe],
  ]);
  table('UXTAB', [
    ['uxtab r0, r1, r2', 0xffffffff, 0x80, 0x7f],
    ['uxtab r0, r1, r2', 1, 0xffffffff, 0x100],
    ['uxtab r0, r1, r2, ror #24', 0x100, 0xab000000, 0x1ab],
    ['uxtab r8, r9, r10, ror #16', 2, 0x00fe0000, 0x100],
  ]);
  table('UXTAH', [
    ['uxtah r0, r1, r2', 0x10000, 0xffffffff, 0x1ffff],
    ['uxtah r0, r1, r2', 0xffff0001, 0xffff, 0],
    ['uxtah r0, r1, r2, ror #8', 0, 0x00ffff00, 0xffff],
    ['uxtah r8, r9, r10, ror #24', 1, 0x80000001, 0x181], // rotated 0x00000180
  ]);

  it('the destination may be an operand', async () => {
    const cpu = await run('sxtab r1, r1, r1\nb .', { regs: { r1: 0x100000f0 } });
    // 0x100000f0 + SignExtend(0xf0) = 0x100000f0 - 0x10
    expect(cpu.regs[1]).toBe(0x100000e0);
  });
});

describe('SXTAB16, UXTAB16', () => {
  table('SXTAB16', [
    ['sxtab16 r0, r1, r2', 0x00017fff, 0x00ff0001, 0x00008000],
    ['sxtab16 r0, r1, r2', 0x0000ffff, 0x00000001, 0], // no carry into the top half
    ['sxtab16 r0, r1, r2', 0, 0x00800080, 0xff80ff80],
    ['sxtab16 r0, r1, r2, ror #8', 0x00050005, 0x0100ff00, 0x00060004],
    ['sxtab16 r8, r9, r10, ror #16', 0x12345678, 0x00010002, 0x12365679],
  ]);
  table('UXTAB16', [
    ['uxtab16 r0, r1, r2', 0xffff0001, 0x00020080, 0x00010081],
    ['uxtab16 r0, r1, r2', 0x0000ffff, 0x000000ff, 0x000000fe], // no carry into the top half
    ['uxtab16 r0, r1, r2, ror #24', 0x00010001, 0x7f008000, 0x00810080],
    ['uxtab16 r8, r9, r10, ror #8', 0, 0xff00ff00, 0x00ff00ff],
  ]);
});

describe('cycles', () => {
  it('every instruction here takes one cycle', async () => {
    for (const source of [
      'clz r0, r1',
      'rev r0, r1',
      'rev16.w r0, r1',
      'bfi r0, r1, #4, #8',
      'ubfx r0, r1, #4, #8',
      'ssat r0, #8, r1',
      'usat16 r0, #8, r1',
      'sxtb r0, r1',
      'uxtab16 r0, r1, r2, ror #8',
    ]) {
      const m = prepare(await assemble(`${source}\nb .`, CODE), { regs: { r1: 0x12345 } });
      m.cpu.step();
      expect(m.cpu.stopped).toBeNull();
      expect(m.cpu.cycles, source).toBe(CYCLES.alu);
    }
  });
});
