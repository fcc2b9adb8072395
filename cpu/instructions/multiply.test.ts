import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, flags, prepare, run, runHalfwords, type Setup } from '../../test/thumb.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { encodingOf } from '../decoder.ts';

const B_SELF = 0xe7fe;

function expectUndefined(cpu: Cpu, why: string): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain('UNDEFINSTR');
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(CODE);
}

/** The cycles one instruction takes (the first of `source`). */
async function cyclesOf(source: string, setup: Setup = {}): Promise<number> {
  const m = prepare(await assemble(source + '\nb .', CODE), setup);
  const before = m.cpu.cycles;
  m.cpu.step();
  expect(m.cpu.stopped).toBeNull();
  expect([CODE + 2, CODE + 4]).toContain(m.cpu.pc);
  return m.cpu.cycles - before;
}

/** Runs `source` with CCR.DIV_0_TRP set. */
async function runTrapping(source: string, setup: Setup): Promise<Cpu> {
  const m = prepare(await assemble(source, CODE), setup);
  m.cpu.divZeroTrap = true;
  m.cpu.run(100);
  return m.cpu;
}

describe('decoding', () => {
  const examples: [number, 2 | 4, string][] = [
    [0x4348, 2, 'MUL T1'],
    [0xfb01f002, 4, 'MUL T2'], // MLA with Ra == 1111 is MUL
    [0xfb013002, 4, 'MLA T1'],
    [0xfb013012, 4, 'MLS T1'],
    [0xfb820103, 4, 'SMULL T1'],
    [0xfba20103, 4, 'UMULL T1'],
    [0xfbc20103, 4, 'SMLAL T1'],
    [0xfbe20103, 4, 'UMLAL T1'],
    [0xfb91f0f2, 4, 'SDIV T1'],
    [0xfbb1f0f2, 4, 'UDIV T1'],
  ];
  it.each(examples.map(([raw, size, name]) => [raw.toString(16), name, raw, size] as const))(
    '0x%s is %s',
    (_hex, name, raw, size) => {
      expect(encodingOf(raw, size)?.name).toBe(name);
    },
  );

  it('keystone assembles to the encodings above', async () => {
    const code = await assemble(
      'muls r0, r1, r0\nmul r0, r1, r2\nmla r0, r1, r2, r3\nmls r0, r1, r2, r3\nsdiv r0, r1, r2',
      CODE,
    );
    expect(Array.from(code)).toEqual([
      0x48, 0x43, 0x01, 0xfb, 0x02, 0xf0, 0x01, 0xfb, 0x02, 0x30, 0x01, 0xfb, 0x12, 0x30, 0x91,
      0xfb, 0xf2, 0xf0,
    ]);
  });

  const unpredictable: [string, number, number, string][] = [
    ['MUL T2 with Rd = SP', 0xfb01, 0xfd02, 'MUL T2: UNPREDICTABLE'],
    ['MUL T2 with Rm = PC', 0xfb01, 0xf00f, 'MUL T2: UNPREDICTABLE'],
    ['MUL T2 with Rn = SP', 0xfb0d, 0xf002, 'MUL T2: UNPREDICTABLE'],
    ['MLA with Ra = SP', 0xfb01, 0xd002, 'MLA T1: UNPREDICTABLE'],
    ['MLA with Rd = PC', 0xfb01, 0x3f02, 'MLA T1: UNPREDICTABLE'],
    ['MLS with Ra = PC', 0xfb01, 0xf012, 'MLS T1: UNPREDICTABLE'],
    ['MLS with Ra = SP', 0xfb01, 0xd012, 'MLS T1: UNPREDICTABLE'],
    ['SMULL with RdHi == RdLo', 0xfb82, 0x0003, 'SMULL T1: UNPREDICTABLE'],
    ['UMULL with RdHi = SP', 0xfba2, 0x0d03, 'UMULL T1: UNPREDICTABLE'],
    ['SMLAL with Rn = PC', 0xfbcf, 0x0103, 'SMLAL T1: UNPREDICTABLE'],
    ['UMLAL with Rm = SP', 0xfbe2, 0x010d, 'UMLAL T1: UNPREDICTABLE'],
    ['UMLAL with RdLo = PC', 0xfbe2, 0xf103, 'UMLAL T1: UNPREDICTABLE'],
    ['SDIV with Rd = SP', 0xfb91, 0xfdf2, 'SDIV T1: UNPREDICTABLE'],
    ['SDIV with hw2[15:12] != 1111', 0xfb91, 0xe0f2, 'SDIV T1: UNPREDICTABLE (should-be bits)'],
    ['UDIV with Rm = PC', 0xfbb1, 0xf0ff, 'UDIV T1: UNPREDICTABLE'],
    ['UDIV with hw2[15:12] != 1111', 0xfbb1, 0x70f2, 'UDIV T1: UNPREDICTABLE (should-be bits)'],
  ];
  it.each(unpredictable)('%s faults (UNDEFINSTR)', (_what, hw1, hw2, why) => {
    const cpu = runHalfwords([hw1, hw2, B_SELF], { regs: { r0: 0x55, r1: 2, r2: 3 } }, 5);
    expectUndefined(cpu, why);
    expect(cpu.regs[0]).toBe(0x55);
  });
});

describe('MUL', () => {
  it('MULS (T1): 7 * 6 = 42, sets N and Z, leaves C and V', async () => {
    const cpu = await run('muls r0, r1, r0\nb .', { regs: { r0: 7, r1: 6 }, flags: 'NZCV' });
    expect(cpu.regs[0]).toBe(42);
    expect(flags(cpu)).toBe('nzCVq');
  });

  it('MULS: a zero product sets Z', async () => {
    const cpu = await run('muls r3, r4, r3\nb .', { regs: { r3: 0, r4: 0x12345 }, flags: 'N' });
    expect(cpu.regs[3]).toBe(0);
    expect(flags(cpu)).toBe('nZcvq');
  });

  it('MULS: a product that is 0 modulo 2^32 sets Z (0x10000 * 0x10000)', async () => {
    const cpu = await run('muls r0, r1, r0\nb .', { regs: { r0: 0x10000, r1: 0x10000 } });
    expect(cpu.regs[0]).toBe(0);
    expect(flags(cpu)).toBe('nZcvq');
  });

  it('MULS: -1 * 3 = -3 sets N', async () => {
    const cpu = await run('muls r0, r1, r0\nb .', { regs: { r0: 0xffffffff, r1: 3 }, flags: 'Z' });
    expect(cpu.regs[0]).toBe(0xfffffffd);
    expect(flags(cpu)).toBe('Nzcvq');
  });

  it('MULS: the result is the low word of the product; N is its bit 31', async () => {
    const cpu = await run('muls r0, r1, r0\nb .', { regs: { r0: 0x12345678, r1: 0x9abcdef0 } });
    expect(cpu.regs[0]).toBe(0x242d2080);
    expect(flags(cpu)).toBe('nzcvq');
  });

  it('MUL T1 inside an IT block leaves the flags alone', () => {
    // IT EQ; MUL r0, r1, r0 (0x4348)
    const cpu = runHalfwords([0xbf08, 0x4348, B_SELF], { regs: { r0: 2, r1: 3 }, flags: 'Z' }, 10);
    expect(cpu.regs[0]).toBe(6);
    expect(flags(cpu)).toBe('nZcvq');
    expect(cpu.stopped?.kind).toBe('halted');
  });

  it('MUL T1 inside an IT block does nothing when the condition fails', () => {
    const cpu = runHalfwords([0xbf08, 0x4348, B_SELF], { regs: { r0: 2, r1: 3 } }, 10);
    expect(cpu.regs[0]).toBe(2);
    expect(flags(cpu)).toBe('nzcvq');
  });

  it('MUL T2 on high registers never sets flags', async () => {
    const cpu = await run('mul r8, r9, r10\nb .', {
      regs: { r9: 0xfffffffe, r10: 0x7fffffff },
      flags: 'ZCV',
    });
    // -2 * (2^31 - 1) = -2^32 + 2 = 2 modulo 2^32
    expect(cpu.regs[8]).toBe(2);
    expect(flags(cpu)).toBe('nZCVq');
  });

  it('MUL T2 with Rd = Rn = Rm squares', async () => {
    const cpu = await run('mul r5, r5, r5\nb .', { regs: { r5: 0xffff } });
    expect(cpu.regs[5]).toBe(0xfffe0001);
  });
});

describe('MLA, MLS', () => {
  it('MLA: 5 * -3 + 100 = 85', async () => {
    const cpu = await run('mla r0, r1, r2, r3\nb .', {
      regs: { r1: 5, r2: 0xfffffffd, r3: 100 },
      flags: 'NZCV',
    });
    expect(cpu.regs[0]).toBe(85);
    expect(flags(cpu)).toBe('NZCVq');
  });

  it('MLA wraps modulo 2^32: -1 * -1 + 0xffffffff = 0', async () => {
    const cpu = await run('mla r0, r1, r2, r3\nb .', {
      regs: { r1: 0xffffffff, r2: 0xffffffff, r3: 0xffffffff },
    });
    expect(cpu.regs[0]).toBe(0);
    expect(flags(cpu)).toBe('nzcvq');
  });

  it('MLA with the accumulator in the destination', async () => {
    const cpu = await run('mla r12, r11, r10, r12\nb .', {
      regs: { r10: 0x10000, r11: 0x10001, r12: 1 },
    });
    // 0x10001 * 0x10000 = 0x1_0001_0000 -> 0x00010000, + 1
    expect(cpu.regs[12]).toBe(0x00010001);
  });

  it('MLS: 100 - 5 * 6 = 70', async () => {
    const cpu = await run('mls r0, r1, r2, r3\nb .', { regs: { r1: 5, r2: 6, r3: 100 } });
    expect(cpu.regs[0]).toBe(70);
  });

  it('MLS wraps: 0 - 1 * 1 = 0xffffffff, flags untouched', async () => {
    const cpu = await run('mls r0, r1, r2, r3\nb .', { regs: { r1: 1, r2: 1, r3: 0 }, flags: 'Z' });
    expect(cpu.regs[0]).toBe(0xffffffff);
    expect(flags(cpu)).toBe('nZcvq');
  });

  it('MLS with negative operands: 7 - (-3 * 4) = 19', async () => {
    const cpu = await run('mls r4, r5, r6, r7\nb .', { regs: { r5: 0xfffffffd, r6: 4, r7: 7 } });
    expect(cpu.regs[4]).toBe(19);
  });
});

/** [RdLo, RdHi] after a long multiply of r2 and r3 into r0 (lo), r1 (hi). */
async function long(op: string, rn: number, rm: number, lo = 0, hi = 0): Promise<number[]> {
  const cpu = await run(`${op} r0, r1, r2, r3\nb .`, {
    regs: { r0: lo, r1: hi, r2: rn, r3: rm },
    flags: 'NZCVQ',
  });
  expect(flags(cpu)).toBe('NZCVQ');
  expect([cpu.regs[2], cpu.regs[3]]).toEqual([rn, rm]);
  return [cpu.regs[0], cpu.regs[1]];
}

describe('UMULL', () => {
  const cases: [string, number, number, number, number][] = [
    ['0 * 0', 0, 0, 0, 0],
    ['2 * 3', 2, 3, 6, 0],
    ['0xffffffff * 2', 0xffffffff, 2, 0xfffffffe, 1],
    ['0xffffffff * 0xffffffff = 2^64 - 2^33 + 1', 0xffffffff, 0xffffffff, 0x00000001, 0xfffffffe],
    ['0x80000000 * 0x80000000 = 2^62', 0x80000000, 0x80000000, 0, 0x40000000],
    ['carry across the 16-bit halves: 0x1ffff^2', 0x1ffff, 0x1ffff, 0xfffc0001, 3],
    ['0x12345678 * 0x9abcdef0', 0x12345678, 0x9abcdef0, 0x242d2080, 0x0b00ea4e],
    ['0xdeadbeef * 0xcafebabe', 0xdeadbeef, 0xcafebabe, 0x88cf5b62, 0xb092ab7b],
    ['0x10000 * 0x10000 = 2^32', 0x10000, 0x10000, 0, 1],
  ];
  it.each(cases)('%s', async (_what, rn, rm, lo, hi) => {
    expect(await long('umull', rn, rm, 0x55, 0x66)).toEqual([lo, hi]);
  });

  it('may overwrite its own operands (RdLo = Rn, RdHi = Rm)', async () => {
    const cpu = await run('umull r2, r3, r2, r3\nb .', { regs: { r2: 0xffffffff, r3: 0x10 } });
    expect([cpu.regs[2], cpu.regs[3]]).toEqual([0xfffffff0, 0xf]);
  });
});

describe('SMULL', () => {
  const cases: [string, number, number, number, number][] = [
    ['-1 * -1 = 1', 0xffffffff, 0xffffffff, 1, 0],
    ['-2 * 3 = -6', 0xfffffffe, 3, 0xfffffffa, 0xffffffff],
    ['3 * -2 = -6', 3, 0xfffffffe, 0xfffffffa, 0xffffffff],
    ['(2^31 - 1)^2 = 2^62 - 2^32 + 1', 0x7fffffff, 0x7fffffff, 1, 0x3fffffff],
    ['(-2^31)^2 = 2^62', 0x80000000, 0x80000000, 0, 0x40000000],
    ['-2^31 * (2^31 - 1)', 0x80000000, 0x7fffffff, 0x80000000, 0xc0000000],
    ['-1 * 0 = 0', 0xffffffff, 0, 0, 0],
    ['0x12345678 * -0x65432110', 0x12345678, 0x9abcdef0, 0x242d2080, 0xf8cc93d6],
    ['-0x21524111 * -0x35014542', 0xdeadbeef, 0xcafebabe, 0x88cf5b62, 0x06e631ce],
    ['carry across the 16-bit halves: 0x1ffff^2', 0x1ffff, 0x1ffff, 0xfffc0001, 3],
  ];
  it.each(cases)('%s', async (_what, rn, rm, lo, hi) => {
    expect(await long('smull', rn, rm, 0x55, 0x66)).toEqual([lo, hi]);
  });
});

describe('SMLAL', () => {
  const cases: [string, number, number, number, number, number, number][] = [
    ['1 * 1 + 0x1_ffffffff carries into RdHi', 1, 1, 0xffffffff, 1, 0, 2],
    ['-1 * 1 + 0 = -1', 0xffffffff, 1, 0, 0, 0xffffffff, 0xffffffff],
    ['-2 * 3 + 5 = -1', 0xfffffffe, 3, 5, 0, 0xffffffff, 0xffffffff],
    ['1 * 1 + -1 = 0', 1, 1, 0xffffffff, 0xffffffff, 0, 0],
    ['1 + (2^63 - 1) wraps to -2^63', 1, 1, 0xffffffff, 0x7fffffff, 0, 0x80000000],
    ['-1 * 6 + 2^32 = 2^32 - 6 (borrow)', 0xffffffff, 6, 0, 1, 0xfffffffa, 0],
    [
      '(-2^31)^2 + 2^62 = 2^63 (overflow ignored)',
      0x80000000,
      0x80000000,
      0,
      0x40000000,
      0,
      0x80000000,
    ],
  ];
  it.each(cases)('%s', async (_what, rn, rm, accLo, accHi, lo, hi) => {
    expect(await long('smlal', rn, rm, accLo, accHi)).toEqual([lo, hi]);
  });
});

describe('UMLAL', () => {
  const cases: [string, number, number, number, number, number, number][] = [
    ['2 * 3 + 4 = 10', 2, 3, 4, 0, 10, 0],
    ['1 + 0xffffffff_ffffffff wraps to 0', 1, 1, 0xffffffff, 0xffffffff, 0, 0],
    [
      '0xffffffff^2 + 0xffffffff_ffffffff',
      0xffffffff,
      0xffffffff,
      0xffffffff,
      0xffffffff,
      0,
      0xfffffffe,
    ],
    ['0x1_fffffffe + 0xffffffff carries twice', 0xffffffff, 2, 0xffffffff, 0, 0xfffffffd, 2],
    ['the operands are unsigned: 0x80000000 * 2', 0x80000000, 2, 0, 0x10, 0, 0x11],
  ];
  it.each(cases)('%s', async (_what, rn, rm, accLo, accHi, lo, hi) => {
    expect(await long('umlal', rn, rm, accLo, accHi)).toEqual([lo, hi]);
  });
});

describe('long multiplies against the pseudocode on random operands', () => {
  // An independent reference: the ARM ARM's integer arithmetic, in BigInt.
  const M64 = (1n << 64n) - 1n;
  const sint = (x: number) => BigInt(x | 0);
  const uint = (x: number) => BigInt(x >>> 0);
  const ops: [string, (n: number, m: number, lo: number, hi: number) => bigint][] = [
    ['umull', (n, m) => uint(n) * uint(m)],
    ['smull', (n, m) => sint(n) * sint(m)],
    ['umlal', (n, m, lo, hi) => uint(n) * uint(m) + ((uint(hi) << 32n) | uint(lo))],
    ['smlal', (n, m, lo, hi) => sint(n) * sint(m) + ((uint(hi) << 32n) | uint(lo))],
  ];
  // Operands biased toward the interesting ones: 0, ±1, the signed extremes, half-word edges.
  const special = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 0x8000, 0xffff8000];
  let seed = 0x1234567;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const r = (seed ^ (seed >>> 15)) >>> 0;
    return (r & 7) === 0 ? special[(r >>> 3) % special.length] : Math.imul(r, 0x9e3779b1) >>> 0;
  };
  it.each(ops)('%s', async (op, reference) => {
    const m = prepare(await assemble(`${op} r0, r1, r2, r3\nb .`, CODE));
    const cpu = m.cpu;
    for (let k = 0; k < 3000; k++) {
      const [n, mm, lo, hi] = [random(), random(), random(), random()];
      cpu.pc = CODE;
      cpu.regs.set([lo, hi, n, mm]);
      cpu.step();
      const want = reference(n, mm, lo, hi) & M64;
      const got = (BigInt(cpu.regs[1]) << 32n) | BigInt(cpu.regs[0]);
      if (got !== want) {
        const hex = (x: number) => '0x' + x.toString(16);
        expect.fail(
          `${op} ${hex(n)}, ${hex(mm)} (acc ${hex(hi)}:${hex(lo)}): 0x${got.toString(16)}`,
        );
      }
    }
  });
});

describe('SDIV', () => {
  const cases: [string, number, number, number][] = [
    ['7 / 2 = 3', 7, 2, 3],
    ['-7 / 2 = -3 (toward zero)', 0xfffffff9, 2, 0xfffffffd],
    ['7 / -2 = -3', 7, 0xfffffffe, 0xfffffffd],
    ['-7 / -2 = 3', 0xfffffff9, 0xfffffffe, 3],
    ['-2^31 / -1 = 2^31, which is 0x80000000', 0x80000000, 0xffffffff, 0x80000000],
    ['-2^31 / 1', 0x80000000, 1, 0x80000000],
    ['(2^31 - 1) / -1', 0x7fffffff, 0xffffffff, 0x80000001],
    ['1 / -2 = 0', 1, 0xfffffffe, 0],
    ['-2^31 / (2^31 - 1) = -1', 0x80000000, 0x7fffffff, 0xffffffff],
    ['x / 0 = 0 without DIV_0_TRP', 1234, 0, 0],
    ['-1 / 0 = 0', 0xffffffff, 0, 0],
  ];
  it.each(cases)('%s', async (_what, n, m, q) => {
    const cpu = await run('sdiv r0, r1, r2\nb .', {
      regs: { r0: 0x55, r1: n, r2: m },
      flags: 'NZCVQ',
    });
    expect(cpu.regs[0]).toBe(q);
    expect(flags(cpu)).toBe('NZCVQ');
  });

  it('by zero with CCR.DIV_0_TRP: UsageFault DIVBYZERO, Rd unchanged', async () => {
    const cpu = await runTrapping('sdiv r0, r1, r2\nb .', { regs: { r0: 0x55, r1: 7, r2: 0 } });
    expect(cpu.stopped?.kind).toBe('fault');
    expect(cpu.stopped?.message).toContain('DIVBYZERO');
    expect(cpu.pc).toBe(CODE);
    expect(cpu.regs[0]).toBe(0x55);
  });

  it('DIV_0_TRP does not affect a non-zero divisor', async () => {
    const cpu = await runTrapping('sdiv r0, r1, r2\nb .', { regs: { r1: 9, r2: 0xfffffffd } });
    expect(cpu.stopped?.kind).toBe('halted');
    expect(cpu.regs[0]).toBe(0xfffffffd);
  });
});

describe('UDIV', () => {
  const cases: [string, number, number, number][] = [
    ['7 / 2 = 3', 7, 2, 3],
    ['0xffffffff / 1', 0xffffffff, 1, 0xffffffff],
    ['0xffffffff / 16', 0xffffffff, 16, 0x0fffffff],
    ['the operands are unsigned: 0x80000000 / 3', 0x80000000, 3, 0x2aaaaaaa],
    ['0xfffffff9 / 0xfffffffe = 0', 0xfffffff9, 0xfffffffe, 0],
    ['0xfffffffe / 0x7fffffff = 2', 0xfffffffe, 0x7fffffff, 2],
    ['5 / 10 = 0', 5, 10, 0],
    ['x / 0 = 0 without DIV_0_TRP', 100, 0, 0],
  ];
  it.each(cases)('%s', async (_what, n, m, q) => {
    const cpu = await run('udiv r8, r9, r10\nb .', {
      regs: { r8: 0x55, r9: n, r10: m },
      flags: 'NZCVQ',
    });
    expect(cpu.regs[8]).toBe(q);
    expect(flags(cpu)).toBe('NZCVQ');
  });

  it('by zero with CCR.DIV_0_TRP: UsageFault DIVBYZERO', async () => {
    const cpu = await runTrapping('udiv r0, r1, r2\nb .', { regs: { r0: 0x55, r1: 7, r2: 0 } });
    expect(cpu.stopped?.kind).toBe('fault');
    expect(cpu.stopped?.message).toContain('DIVBYZERO');
    expect(cpu.pc).toBe(CODE);
    expect(cpu.regs[0]).toBe(0x55);
  });
});

describe('cycles', () => {
  it('MUL 1, MLA and MLS 2, the long multiplies 1', async () => {
    expect(await cyclesOf('muls r0, r1, r0')).toBe(CYCLES.mul);
    expect(await cyclesOf('mul r0, r1, r2')).toBe(CYCLES.mul);
    expect(await cyclesOf('mla r0, r1, r2, r3')).toBe(CYCLES.mulAcc);
    expect(await cyclesOf('mls r0, r1, r2, r3')).toBe(CYCLES.mulAcc);
    for (const op of ['smull', 'umull', 'smlal', 'umlal']) {
      expect(await cyclesOf(`${op} r0, r1, r2, r3`)).toBe(CYCLES.mulLong);
    }
  });

  // 2 + ceil(significant bits of |quotient| / 4)
  const divisions: [string, number, number, number][] = [
    ['udiv', 0, 5, 2], // quotient 0
    ['udiv', 5, 0, 2], // division by zero: quotient 0
    ['udiv', 1, 1, 3], // 1 bit
    ['udiv', 15, 1, 3], // 4 bits
    ['udiv', 16, 1, 4], // 5 bits
    ['udiv', 0xffffffff, 16, 9], // 28 bits
    ['udiv', 0xffffffff, 1, 10], // 32 bits
    ['sdiv', 0xfffffff9, 2, 3], // -3: 2 bits of magnitude
    ['sdiv', 0x80000000, 0xffffffff, 10], // 2^31: 32 bits
    ['sdiv', 0x80000000, 1, 10], // -2^31: 32 bits of magnitude
    ['sdiv', 0xffff0000, 1, 7], // -0x10000: 17 bits
  ];
  it.each(divisions)('%s %i / %i takes %i cycles', async (op, n, m, cycles) => {
    expect(await cyclesOf(`${op} r0, r1, r2`, { regs: { r1: n, r2: m } })).toBe(cycles);
  });
});
