import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, flags, prepare, run, runHalfwords, type Setup } from '../../test/thumb.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { encodingOf } from '../decoder.ts';

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** Runs `asm` followed by `b .` and checks that the program got there. */
async function exec(asm: string, setup: Setup = {}): Promise<Cpu> {
  const cpu = await run(`${asm}\nb .`, setup);
  expect(cpu.stopped?.kind, cpu.stopped?.message).toBe('halted');
  return cpu;
}

function expectReg(cpu: Cpu, n: number, value: number): void {
  expect(hex(cpu.regs[n]), `r${n}`).toBe(hex(value));
}

function expectUndefined(cpu: Cpu, why: string): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain('UNDEFINSTR');
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(CODE);
}

describe('decoding', () => {
  const examples: [string, string][] = [
    ['sadd16 r0, r1, r2', 'SADD16 T1'],
    ['qadd16 r0, r1, r2', 'QADD16 T1'],
    ['shadd16 r0, r1, r2', 'SHADD16 T1'],
    ['uadd16 r0, r1, r2', 'UADD16 T1'],
    ['uqadd16 r0, r1, r2', 'UQADD16 T1'],
    ['uhadd16 r0, r1, r2', 'UHADD16 T1'],
    ['sasx r0, r1, r2', 'SASX T1'],
    ['qasx r0, r1, r2', 'QASX T1'],
    ['shasx r0, r1, r2', 'SHASX T1'],
    ['uasx r0, r1, r2', 'UASX T1'],
    ['uqasx r0, r1, r2', 'UQASX T1'],
    ['uhasx r0, r1, r2', 'UHASX T1'],
    ['ssax r0, r1, r2', 'SSAX T1'],
    ['qsax r0, r1, r2', 'QSAX T1'],
    ['shsax r0, r1, r2', 'SHSAX T1'],
    ['usax r0, r1, r2', 'USAX T1'],
    ['uqsax r0, r1, r2', 'UQSAX T1'],
    ['uhsax r0, r1, r2', 'UHSAX T1'],
    ['ssub16 r0, r1, r2', 'SSUB16 T1'],
    ['qsub16 r0, r1, r2', 'QSUB16 T1'],
    ['shsub16 r0, r1, r2', 'SHSUB16 T1'],
    ['usub16 r0, r1, r2', 'USUB16 T1'],
    ['uqsub16 r0, r1, r2', 'UQSUB16 T1'],
    ['uhsub16 r0, r1, r2', 'UHSUB16 T1'],
    ['sadd8 r0, r1, r2', 'SADD8 T1'],
    ['qadd8 r0, r1, r2', 'QADD8 T1'],
    ['shadd8 r0, r1, r2', 'SHADD8 T1'],
    ['uadd8 r0, r1, r2', 'UADD8 T1'],
    ['uqadd8 r0, r1, r2', 'UQADD8 T1'],
    ['uhadd8 r0, r1, r2', 'UHADD8 T1'],
    ['ssub8 r0, r1, r2', 'SSUB8 T1'],
    ['qsub8 r0, r1, r2', 'QSUB8 T1'],
    ['shsub8 r0, r1, r2', 'SHSUB8 T1'],
    ['usub8 r0, r1, r2', 'USUB8 T1'],
    ['uqsub8 r0, r1, r2', 'UQSUB8 T1'],
    ['uhsub8 r0, r1, r2', 'UHSUB8 T1'],
    ['qadd r0, r1, r2', 'QADD T1'],
    ['qdadd r0, r1, r2', 'QDADD T1'],
    ['qsub r0, r1, r2', 'QSUB T1'],
    ['qdsub r0, r1, r2', 'QDSUB T1'],
    ['sel r0, r1, r2', 'SEL T1'],
    ['pkhbt r0, r1, r2, lsl #3', 'PKHBT/PKHTB T1'],
    ['pkhtb r0, r1, r2, asr #3', 'PKHBT/PKHTB T1'],
    ['smlabb r0, r1, r2, r3', 'SMLABB/SMLABT/SMLATB/SMLATT T1'],
    ['smlatt r0, r1, r2, r3', 'SMLABB/SMLABT/SMLATB/SMLATT T1'],
    ['smulbb r0, r1, r2', 'SMULBB/SMULBT/SMULTB/SMULTT T1'],
    ['smultb r0, r1, r2', 'SMULBB/SMULBT/SMULTB/SMULTT T1'],
    ['smlawb r0, r1, r2, r3', 'SMLAWB/SMLAWT T1'],
    ['smulwt r0, r1, r2', 'SMULWB/SMULWT T1'],
    ['smlad r0, r1, r2, r3', 'SMLAD/SMLADX T1'],
    ['smladx r0, r1, r2, r3', 'SMLAD/SMLADX T1'],
    ['smuad r0, r1, r2', 'SMUAD/SMUADX T1'],
    ['smlsdx r0, r1, r2, r3', 'SMLSD/SMLSDX T1'],
    ['smusd r0, r1, r2', 'SMUSD/SMUSDX T1'],
    ['smmlar r0, r1, r2, r3', 'SMMLA/SMMLAR T1'],
    ['smmul r0, r1, r2', 'SMMUL/SMMULR T1'],
    ['smmls r0, r1, r2, r3', 'SMMLS/SMMLSR T1'],
    ['usada8 r0, r1, r2, r3', 'USADA8 T1'],
    ['usad8 r0, r1, r2', 'USAD8 T1'],
    ['smlalbt r0, r1, r2, r3', 'SMLALBB/SMLALBT/SMLALTB/SMLALTT T1'],
    ['smlald r0, r1, r2, r3', 'SMLALD/SMLALDX T1'],
    ['smlsldx r0, r1, r2, r3', 'SMLSLD/SMLSLDX T1'],
    ['umaal r0, r1, r2, r3', 'UMAAL T1'],
  ];
  it.each(examples)('%s is %s', async (asm, name) => {
    const code = await assemble(asm, CODE);
    expect(code.length).toBe(4);
    const raw = ((code[1] << 24) | (code[0] << 16) | (code[3] << 8) | code[2]) >>> 0;
    expect(encodingOf(raw, 4)?.name).toBe(name);
  });

  // Ra == 1111 in the accumulating forms is the form without accumulate (the manual's SEE).
  it.each([
    ['SMLABB', 0xfb11f002, 'SMULBB/SMULBT/SMULTB/SMULTT T1'],
    ['SMLAWT', 0xfb31f012, 'SMULWB/SMULWT T1'],
    ['SMLAD', 0xfb21f002, 'SMUAD/SMUADX T1'],
    ['SMLSDX', 0xfb41f012, 'SMUSD/SMUSDX T1'],
    ['SMMLA', 0xfb51f002, 'SMMUL/SMMULR T1'],
    ['USADA8', 0xfb71f002, 'USAD8 T1'],
  ])('%s with Ra = 1111 is %s', (_, raw, name) => {
    expect(encodingOf(raw, 4)?.name).toBe(name);
  });
});

describe('UNPREDICTABLE and UNDEFINED encodings fault with UNDEFINSTR', () => {
  const cases: [string, number, number, string][] = [
    ['SADD16 with Rd = SP', 0xfa91, 0xfd02, 'SADD16 T1: UNPREDICTABLE'],
    ['UHSUB8 with Rn = PC', 0xfacf, 0xf062, 'UHSUB8 T1: UNPREDICTABLE'],
    ['QADD with Rm = PC', 0xfa82, 0xf08f, 'QADD T1: UNPREDICTABLE'],
    ['SEL with Rd = PC', 0xfaa1, 0xff82, 'SEL T1: UNPREDICTABLE'],
    ['SMLABB with Ra = SP', 0xfb11, 0xd002, 'SMLABB/SMLABT/SMLATB/SMLATT T1: UNPREDICTABLE'],
    ['SMULBB with Rd = SP', 0xfb11, 0xfd02, 'SMULBB/SMULBT/SMULTB/SMULTT T1: UNPREDICTABLE'],
    ['SMLAD with Rm = SP', 0xfb21, 0x300d, 'SMLAD/SMLADX T1: UNPREDICTABLE'],
    ['SMMLS with Ra = PC (no SEE)', 0xfb61, 0xf002, 'SMMLS/SMMLSR T1: UNPREDICTABLE'],
    ['SMMLS with Ra = SP', 0xfb61, 0xd002, 'SMMLS/SMMLSR T1: UNPREDICTABLE'],
    ['USADA8 with Ra = SP', 0xfb71, 0xd002, 'USADA8 T1: UNPREDICTABLE'],
    ['SMLALD with RdHi == RdLo', 0xfbc2, 0x11c3, 'SMLALD/SMLALDX T1: UNPREDICTABLE'],
    ['SMLALBB with RdHi = SP', 0xfbc2, 0x0d83, 'SMLALBB/SMLALBT/SMLALTB/SMLALTT T1: UNPREDICTABLE'],
    ['UMAAL with RdLo = PC', 0xfbe2, 0xf163, 'UMAAL T1: UNPREDICTABLE'],
    ['UMAAL with RdHi == RdLo', 0xfbe2, 0x2263, 'UMAAL T1: UNPREDICTABLE'],
    ['PKHBT with Rn = SP', 0xeacd, 0x0002, 'PKHBT/PKHTB T1: UNPREDICTABLE'],
    ['PKHBT with S = 1', 0xead1, 0x0002, 'PKHBT/PKHTB T1: UNDEFINED'],
    ['PKHBT with T = 1', 0xeac1, 0x0012, 'PKHBT/PKHTB T1: UNDEFINED'],
    ['PKHBT with hw2[15] = 1', 0xeac1, 0x8002, 'PKHBT/PKHTB T1: UNPREDICTABLE (should-be bits)'],
  ];
  it.each(cases)('%s', (_, hw1, hw2, why) => {
    const cpu = runHalfwords([hw1, hw2], { regs: { r0: 0x1234 } });
    expectUndefined(cpu, why);
    expectReg(cpu, 0, 0x1234);
  });
});

// --- Parallel addition and subtraction ----------------------------------------------------------

/** [instruction, Rn, Rm, Rd, GE after]: 'same' for the forms that leave GE alone. */
type Parallel = [string, number, number, number, number | 'same'];

const GE_BEFORE = 0b1010;

function parallel(rows: Parallel[]): void {
  it.each(rows.map((r) => [`${r[0]} ${hex(r[1])}, ${hex(r[2])}`, ...r] as const))(
    '%s',
    async (_, op, n, m, d, ge) => {
      const cpu = await exec(`${op} r0, r1, r2`, {
        regs: { r1: n, r2: m },
        flags: 'NZCV',
        ge: GE_BEFORE,
      });
      expectReg(cpu, 0, d);
      expect(cpu.ge.toString(2).padStart(4, '0'), 'GE').toBe(
        (ge === 'same' ? GE_BEFORE : ge).toString(2).padStart(4, '0'),
      );
      // N, Z, C, V untouched; saturation in a lane never sets Q.
      expect(flags(cpu)).toBe('NZCVq');
    },
  );
}

describe('parallel halfword add and subtract (ADD16, ASX, SAX, SUB16)', () => {
  parallel([
    // SADD16: GE from the true sums: 1 + -1 = 0 (>= 0); 0x7fff + 1 = 0x8000 wraps but is >= 0.
    ['sadd16', 0x7fff_0001, 0x0001_ffff, 0x8000_0000, 0b1111],
    // 5 + -16 = -11; -0x8000 + -1 wraps to 0x7fff, negative.
    ['sadd16', 0x8000_0005, 0xffff_fff0, 0x7fff_fff5, 0b0000],
    ['sadd16', 0x0001_fffe, 0xffff_0001, 0x0000_ffff, 0b1100],
    ['qadd16', 0x7fff_8000, 0x0001_ffff, 0x7fff_8000, 'same'],
    ['qadd16', 0x1234_0010, 0x0001_fff0, 0x1235_0000, 'same'],
    ['shadd16', 0x7fff_8000, 0x7fff_8000, 0x7fff_8000, 'same'],
    // Halving rounds towards minus infinity: -3 / 2 -> -2.
    ['shadd16', 0x0003_fffd, 0x0000_0000, 0x0001_fffe, 'same'],
    // UADD16: GE when a sum carries out of 16 bits.
    ['uadd16', 0xffff_0001, 0x0001_ffff, 0x0000_0000, 0b1111],
    ['uadd16', 0x8000_7fff, 0x7fff_0001, 0xffff_8000, 0b0000],
    ['uadd16', 0xffff_0001, 0x0001_0001, 0x0000_0002, 0b1100],
    ['uqadd16', 0xfff0_1234, 0x0020_0001, 0xffff_1235, 'same'],
    ['uhadd16', 0xffff_0003, 0xffff_0000, 0xffff_0001, 'same'],

    // SASX: bottom = Rn.bottom - Rm.top, top = Rn.top + Rm.bottom.
    ['sasx', 0x0005_0003, 0x0004_0002, 0x0007_ffff, 0b1100],
    ['sasx', 0x8000_0004, 0x0003_ffff, 0x7fff_0001, 0b0011],
    ['qasx', 0x7ff0_0005, 0x0010_0020, 0x7fff_fff5, 'same'],
    ['qasx', 0x8000_8000, 0x0001_0001, 0x8001_8000, 'same'],
    ['shasx', 0x0005_0003, 0x0004_0002, 0x0003_ffff, 'same'],
    // UASX: GE[1:0] when the difference is >= 0, GE[3:2] when the sum carries.
    ['uasx', 0xfffe_0005, 0x0003_0002, 0x0000_0002, 0b1111],
    ['uasx', 0x0001_0002, 0x0003_0004, 0x0005_ffff, 0b0000],
    ['uqasx', 0xfffe_0002, 0x0003_0004, 0xffff_0000, 'same'],
    ['uhasx', 0xfffe_0002, 0x0003_0004, 0x8001_ffff, 'same'],

    // SSAX: bottom = Rn.bottom + Rm.top, top = Rn.top - Rm.bottom.
    ['ssax', 0x0005_0003, 0x0004_0002, 0x0003_0007, 0b1111],
    ['ssax', 0x0001_fffe, 0x0001_0002, 0xffff_ffff, 0b0000],
    ['ssax', 0x0001_0003, 0x0001_0002, 0xffff_0004, 0b0011],
    ['qsax', 0x8000_7fff, 0x0001_0001, 0x8000_7fff, 'same'],
    ['shsax', 0x8000_7fff, 0x0001_0001, 0xbfff_4000, 'same'],
    // USAX: GE[1:0] when the sum carries, GE[3:2] when the difference is >= 0.
    ['usax', 0x0002_fffe, 0x0003_0003, 0xffff_0001, 0b0011],
    ['usax', 0x0003_0001, 0x0000_0002, 0x0001_0001, 0b1100],
    ['uqsax', 0x0002_fffe, 0x0003_0003, 0x0000_ffff, 'same'],
    ['uhsax', 0x0002_fffe, 0x0003_0003, 0xffff_8000, 'same'],

    ['ssub16', 0x8000_0001, 0x0001_0002, 0x7fff_ffff, 0b0000],
    ['ssub16', 0x7fff_0000, 0xffff_0000, 0x8000_0000, 0b1111],
    ['qsub16', 0x8000_7fff, 0x0001_ffff, 0x8000_7fff, 'same'],
    ['qsub16', 0x0005_fff0, 0x0007_0010, 0xfffe_ffe0, 'same'],
    ['shsub16', 0x8000_7fff, 0x7fff_8000, 0x8000_7fff, 'same'],
    ['usub16', 0x0001_0005, 0x0002_0005, 0xffff_0000, 0b0011],
    ['usub16', 0xffff_0000, 0x0000_0001, 0xffff_ffff, 0b1100],
    ['uqsub16', 0x0001_0005, 0x0002_0003, 0x0000_0002, 'same'],
    ['uhsub16', 0x0001_0005, 0x0002_0003, 0xffff_0001, 'same'],
  ]);
});

describe('parallel byte add and subtract (ADD8, SUB8)', () => {
  parallel([
    // Bytes (3..0): 7f+01 = 128, 80+ff = -129, 01+ff = 0, ff+01 = 0.
    ['sadd8', 0x7f80_01ff, 0x01ff_ff01, 0x807f_0000, 0b1011],
    ['qadd8', 0x7f80_01ff, 0x01ff_ff01, 0x7f80_0000, 'same'],
    ['shadd8', 0x7f80_01ff, 0x01ff_ff01, 0x40bf_0000, 'same'],
    // 10+f0 = 0x100, 01+02 = 3, 80+80 = 0x100, ff+01 = 0x100.
    ['uadd8', 0xff80_0110, 0x0180_02f0, 0x0000_0300, 0b1101],
    ['uqadd8', 0xff80_0110, 0x0180_02f0, 0xffff_03ff, 'same'],
    ['uhadd8', 0xff80_0110, 0x0180_02f0, 0x8080_0180, 'same'],
    // 00-01 = -1, 05-05 = 0, 7f-ff = 128, 80-01 = -129.
    ['ssub8', 0x807f_0500, 0x01ff_0501, 0x7f80_00ff, 0b0110],
    ['qsub8', 0x807f_0500, 0x01ff_0501, 0x807f_00ff, 'same'],
    ['shsub8', 0x807f_0500, 0x01ff_0501, 0xbf40_00ff, 'same'],
    // 03-04 = -1, 05-05 = 0, ff-01 = 0xfe, 00-01 = -1.
    ['usub8', 0x00ff_0503, 0x0101_0504, 0xfffe_00ff, 0b0110],
    ['uqsub8', 0x00ff_0503, 0x0101_0504, 0x00fe_0000, 'same'],
    ['uhsub8', 0x00ff_0503, 0x0101_0504, 0xff7f_00ff, 'same'],
  ]);
});

describe('SEL', () => {
  it.each([
    [0b0101, 0xaa22_cc44],
    [0b0000, 0xaabb_ccdd],
    [0b1111, 0x1122_3344],
    [0b1000, 0x11bb_ccdd],
  ])('GE = %i takes each byte from Rn where GE is set, else from Rm', async (ge, d) => {
    const cpu = await exec('sel r0, r1, r2', {
      regs: { r1: 0x1122_3344, r2: 0xaabb_ccdd },
      ge,
    });
    expectReg(cpu, 0, d);
    expect(cpu.ge).toBe(ge);
  });

  it('after USUB8 gives the unsigned maximum of each byte', async () => {
    const cpu = await exec('usub8 r3, r1, r2\nsel r0, r1, r2', {
      regs: { r1: 0x1080_05ff, r2: 0x207f_0500 },
    });
    expectReg(cpu, 0, 0x2080_05ff);
    expect(cpu.ge).toBe(0b0111);
  });
});

// --- Saturating arithmetic --------------------------------------------------------------------

describe('QADD, QSUB, QDADD, QDSUB (Rd, Rm, Rn)', () => {
  // [instruction, Rm, Rn, Rd, Q after]
  const rows: [string, number, number, number, number][] = [
    ['qadd', 0x7fff_fff0, 0x0000_000f, 0x7fff_ffff, 0],
    ['qadd', 0x7fff_fff0, 0x0000_0010, 0x7fff_ffff, 1],
    ['qadd', 0x8000_0000, 0xffff_ffff, 0x8000_0000, 1],
    ['qadd', 0xffff_fffe, 0x0000_0001, 0xffff_ffff, 0],
    ['qsub', 0x0000_0005, 0x0000_0007, 0xffff_fffe, 0],
    ['qsub', 0x8000_0000, 0x0000_0001, 0x8000_0000, 1],
    ['qsub', 0x7fff_ffff, 0xffff_ffff, 0x7fff_ffff, 1],
    ['qsub', 0x0000_0000, 0x8000_0000, 0x7fff_ffff, 1],
    ['qsub', 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0],
    ['qdadd', 0x1000_0000, 0x2000_0000, 0x5000_0000, 0],
    // Doubling saturates (Q), the sum does not.
    ['qdadd', 0x0000_0000, 0x4000_0000, 0x7fff_ffff, 1],
    ['qdadd', 0x0000_0001, 0xbfff_ffff, 0x8000_0001, 1],
    // Doubling reaches exactly -2^31: no saturation.
    ['qdadd', 0x0000_0001, 0xc000_0000, 0x8000_0001, 0],
    // The sum saturates.
    ['qdadd', 0x4000_0000, 0x2000_0000, 0x7fff_ffff, 1],
    ['qdadd', 0xffff_ffff, 0xc000_0000, 0x8000_0000, 1],
    ['qdsub', 0x5000_0000, 0x1000_0000, 0x3000_0000, 0],
    ['qdsub', 0x0000_0000, 0xc000_0000, 0x7fff_ffff, 1],
    ['qdsub', 0xffff_ffff, 0xc000_0000, 0x7fff_ffff, 0],
    ['qdsub', 0x0000_0000, 0x4000_0000, 0x8000_0001, 1],
  ];
  it.each(rows.map((r) => [`${r[0]} ${hex(r[1])}, ${hex(r[2])}`, ...r] as const))(
    '%s',
    async (_, op, m, n, d, q) => {
      const cpu = await exec(`${op} r0, r1, r2`, { regs: { r1: m, r2: n }, flags: 'NZCV', ge: 5 });
      expectReg(cpu, 0, d);
      expect(cpu.q).toBe(q);
      expect(flags(cpu).slice(0, 4)).toBe('NZCV');
      expect(cpu.ge).toBe(5);
    },
  );

  it('Q is sticky: an operation that does not saturate leaves it set', async () => {
    const cpu = await exec('qadd r0, r1, r2\nqsub r3, r1, r2', {
      regs: { r1: 1, r2: 2 },
      flags: 'Q',
    });
    expectReg(cpu, 0, 3);
    expectReg(cpu, 3, 0xffff_ffff);
    expect(flags(cpu)).toBe('nzcvQ');
  });

  it('a saturation followed by a plain operation keeps Q', async () => {
    const cpu = await exec('qadd r0, r1, r1\nqadd r3, r2, r2', {
      regs: { r1: 0x7000_0000, r2: 1 },
    });
    expectReg(cpu, 0, 0x7fff_ffff);
    expectReg(cpu, 3, 2);
    expect(cpu.q).toBe(1);
  });
});

// --- PKH ---------------------------------------------------------------------------------------

describe('PKHBT, PKHTB', () => {
  const rows: [string, number, number, number][] = [
    ['pkhbt r0, r1, r2', 0x1111_2222, 0x3333_4444, 0x3333_2222],
    ['pkhbt r0, r1, r2, lsl #8', 0x1111_2222, 0x0033_4455, 0x3344_2222],
    ['pkhbt r0, r1, r2, lsl #31', 0x1111_2222, 0x0000_0001, 0x8000_2222],
    ['pkhtb r0, r1, r2, asr #16', 0x1111_2222, 0x8765_4321, 0x1111_8765],
    ['pkhtb r0, r1, r2, asr #1', 0x1111_2222, 0x0000_8001, 0x1111_4000],
    // imm = 0 with tb = 1 is ASR #32: the sign fills the bottom half.
    ['pkhtb r0, r1, r2, asr #32', 0x1111_2222, 0x8000_0000, 0x1111_ffff],
    ['pkhtb r0, r1, r2, asr #32', 0x1111_2222, 0x7fff_ffff, 0x1111_0000],
  ];
  it.each(rows)('%s', async (asm, n, m, d) => {
    const cpu = await exec(asm, { regs: { r1: n, r2: m }, flags: 'NZCV' });
    expectReg(cpu, 0, d);
    expect(flags(cpu)).toBe('NZCVq');
  });

  it('PKHTB with imm 0 (raw 0xeac1 0x0022) is ASR #32, not a zero shift', () => {
    const cpu = runHalfwords([0xeac1, 0x0022], { regs: { r1: 0xabcd_1234, r2: 0x8000_5678 } });
    expectReg(cpu, 0, 0xabcd_ffff);
  });

  it('PKHTB without a shift is assembled as PKHBT with the operands swapped', async () => {
    const cpu = await exec('pkhtb r0, r1, r2', { regs: { r1: 0x1111_2222, r2: 0x3333_4444 } });
    expectReg(cpu, 0, 0x1111_4444);
  });
});

// --- Halfword multiplies ------------------------------------------------------------------------

describe('SMLA<x><y> and SMUL<x><y>', () => {
  // Rn = 0xffff_0003: bottom 3, top -1. Rm = 0x7fff_fffe: bottom -2, top 32767. Ra = 100.
  it.each([
    ['smlabb', 0x0000_005e], // 3 * -2 + 100
    ['smlabt', 0x0001_8061], // 3 * 32767 + 100
    ['smlatb', 0x0000_0066], // -1 * -2 + 100
    ['smlatt', 0xffff_8065], // -1 * 32767 + 100
  ])('%s selects the halves', async (op, d) => {
    const cpu = await exec(`${op} r0, r1, r2, r3`, {
      regs: { r1: 0xffff_0003, r2: 0x7fff_fffe, r3: 100 },
      flags: 'NZCV',
      ge: 3,
    });
    expectReg(cpu, 0, d);
    expect(flags(cpu)).toBe('NZCVq');
    expect(cpu.ge).toBe(3);
  });

  it('SMLABB sets Q when the accumulation overflows, and wraps', async () => {
    // -32768 * -32768 = 2^30; + 2^30 = 2^31.
    const cpu = await exec('smlabb r0, r1, r2, r3', {
      regs: { r1: 0x8000, r2: 0x8000, r3: 0x4000_0000 },
    });
    expectReg(cpu, 0, 0x8000_0000);
    expect(cpu.q).toBe(1);
  });

  it('SMLABB sets Q on a negative overflow', async () => {
    // -32768 * 32767 = -0x3fff8000; + -2^31 wraps to 0x40008000.
    const cpu = await exec('smlabb r0, r1, r2, r3', {
      regs: { r1: 0x8000, r2: 0x7fff, r3: 0x8000_0000 },
    });
    expectReg(cpu, 0, 0x4000_8000);
    expect(cpu.q).toBe(1);
  });

  it('SMLATT leaves a set Q set', async () => {
    const cpu = await exec('smlatt r0, r1, r2, r3', {
      regs: { r1: 0x0002_0000, r2: 0x0003_0000, r3: 1 },
      flags: 'Q',
    });
    expectReg(cpu, 0, 7);
    expect(cpu.q).toBe(1);
  });

  // Rn = 0x0002_fffd: bottom -3, top 2. Rm = 0x8000_0007: bottom 7, top -32768.
  it.each([
    ['smulbb', 0xffff_ffeb], // -21
    ['smulbt', 0x0001_8000], // 98304
    ['smultb', 0x0000_000e], // 14
    ['smultt', 0xffff_0000], // -65536
  ])('%s', async (op, d) => {
    const cpu = await exec(`${op} r0, r1, r2`, {
      regs: { r1: 0x0002_fffd, r2: 0x8000_0007 },
    });
    expectReg(cpu, 0, d);
    expect(cpu.q).toBe(0);
  });

  it('SMULBB of -32768 * -32768 is 2^30', async () => {
    const cpu = await exec('smulbb r0, r1, r2', { regs: { r1: 0x8000, r2: 0xffff_8000 } });
    expectReg(cpu, 0, 0x4000_0000);
    expect(cpu.q).toBe(0);
  });
});

describe('SMLAW<y> and SMULW<y>: bits 47:16 of a 48-bit result', () => {
  // Rn = 0x0001_8000 = 1.5 * 2^16. Rm = 0xffff_0003: bottom 3, top -1.
  it('SMLAWB: (1.5 * 3 + 5) * 2^16 >> 16 = 9', async () => {
    const cpu = await exec('smlawb r0, r1, r2, r3', {
      regs: { r1: 0x0001_8000, r2: 0xffff_0003, r3: 5 },
    });
    expectReg(cpu, 0, 9);
    expect(cpu.q).toBe(0);
  });

  it('SMLAWT: (1.5 * -1 + 5) = 3.5, truncated to 3', async () => {
    const cpu = await exec('smlawt r0, r1, r2, r3', {
      regs: { r1: 0x0001_8000, r2: 0xffff_0003, r3: 5 },
    });
    expectReg(cpu, 0, 3);
  });

  it('SMLAWT rounds a negative result towards minus infinity: -1.5 -> -2', async () => {
    const cpu = await exec('smlawt r0, r1, r2, r3', {
      regs: { r1: 0x0001_8000, r2: 0xffff_0003, r3: 0 },
    });
    expectReg(cpu, 0, 0xffff_fffe);
  });

  it('SMLAWB sets Q when the result does not fit 32 bits', async () => {
    // 2^16 * 2^14 >> 16 = 2^14; + 0x7fffc000 = 2^31.
    const cpu = await exec('smlawb r0, r1, r2, r3', {
      regs: { r1: 0x0001_0000, r2: 0x0000_4000, r3: 0x7fff_c000 },
    });
    expectReg(cpu, 0, 0x8000_0000);
    expect(cpu.q).toBe(1);
  });

  it('SMLAWB with the largest operands', async () => {
    // ((2^31 - 1) * 32767 + (2^31 - 1) * 2^16) >> 16 = 0xbfff7ffe: overflow.
    const cpu = await exec('smlawb r0, r1, r2, r3', {
      regs: { r1: 0x7fff_ffff, r2: 0x7fff, r3: 0x7fff_ffff },
    });
    expectReg(cpu, 0, 0xbfff_7ffe);
    expect(cpu.q).toBe(1);
  });

  it('SMULWB: -2^31 * -32768 >> 16 = 2^30', async () => {
    const cpu = await exec('smulwb r0, r1, r2', { regs: { r1: 0x8000_0000, r2: 0x8000 } });
    expectReg(cpu, 0, 0x4000_0000);
    expect(cpu.q).toBe(0);
  });

  it('SMULWB truncates 4.5 to 4 and SMULWT -1.5 to -2', async () => {
    const cpu = await exec('smulwb r0, r1, r2\nsmulwt r3, r1, r2', {
      regs: { r1: 0x0001_8000, r2: 0xffff_0003 },
    });
    expectReg(cpu, 0, 4);
    expectReg(cpu, 3, 0xffff_fffe);
  });
});

describe('dual multiplies: SMLAD, SMUAD, SMLSD, SMUSD', () => {
  // Rn = 0x0003_0002, Rm = 0x0005_0007. Plain: 2 * 7 and 3 * 5. X: 2 * 5 and 3 * 7.
  const setup = { regs: { r1: 0x0003_0002, r2: 0x0005_0007, r3: 100 }, flags: 'NZCV', ge: 9 };
  it.each([
    ['smlad r0, r1, r2, r3', 129], // 14 + 15 + 100
    ['smladx r0, r1, r2, r3', 131], // 10 + 21 + 100
    ['smuad r0, r1, r2', 29],
    ['smuadx r0, r1, r2', 31],
    ['smlsd r0, r1, r2, r3', 99], // 14 - 15 + 100
    ['smlsdx r0, r1, r2, r3', 89], // 10 - 21 + 100
    ['smusd r0, r1, r2', 0xffff_ffff], // 14 - 15
    ['smusdx r0, r1, r2', 0xffff_fff5], // 10 - 21
  ])('%s', async (asm, d) => {
    const cpu = await exec(asm, setup);
    expectReg(cpu, 0, d);
    expect(flags(cpu)).toBe('NZCVq');
    expect(cpu.ge).toBe(9);
  });

  // Rn = 0xffff_0002: bottom 2, top -1. Rm = 0x0004_fffd: bottom -3, top 4.
  it.each([
    ['smlad r0, r1, r2, r3', 0xffff_fff6], // -6 + -4
    ['smladx r0, r1, r2, r3', 11], // 2 * 4 + -1 * -3
    ['smlsd r0, r1, r2, r3', 0xffff_fffe], // -6 - -4
    ['smlsdx r0, r1, r2, r3', 5], // 8 - 3
  ])('%s with negative halves', async (asm, d) => {
    const cpu = await exec(asm, { regs: { r1: 0xffff_0002, r2: 0x0004_fffd, r3: 0 } });
    expectReg(cpu, 0, d);
  });

  it('SMUAD of 0x80008000 squared overflows to 2^31 and sets Q', async () => {
    const cpu = await exec('smuad r0, r1, r1', { regs: { r1: 0x8000_8000 } });
    expectReg(cpu, 0, 0x8000_0000);
    expect(cpu.q).toBe(1);
  });

  it('SMUAD without overflow leaves Q clear', async () => {
    // -32768 * 32767 + -32768 * -32768 = 32768
    const cpu = await exec('smuad r0, r1, r2', { regs: { r1: 0x8000_8000, r2: 0x8000_7fff } });
    expectReg(cpu, 0, 0x0000_8000);
    expect(cpu.q).toBe(0);
  });

  it('SMLAD sets Q when the accumulation overflows', async () => {
    const cpu = await exec('smlad r0, r1, r1, r2', { regs: { r1: 0x0001_0001, r2: 0x7fff_ffff } });
    expectReg(cpu, 0, 0x8000_0001);
    expect(cpu.q).toBe(1);
  });

  it('SMLAD with both products 2^30 overflows', async () => {
    const cpu = await exec('smlad r0, r1, r1, r2', { regs: { r1: 0x8000_8000, r2: 0 } });
    expectReg(cpu, 0, 0x8000_0000);
    expect(cpu.q).toBe(1);
  });

  it('SMLSD sets Q when the accumulation overflows', async () => {
    // 2^30 - (-32768 * 32767) = 0x7fff8000; + 0x8000 = 2^31.
    const cpu = await exec('smlsd r0, r1, r2, r3', {
      regs: { r1: 0x8000_8000, r2: 0x7fff_8000, r3: 0x8000 },
    });
    expectReg(cpu, 0, 0x8000_0000);
    expect(cpu.q).toBe(1);
  });

  it('SMUSD at its extreme does not set Q', async () => {
    const cpu = await exec('smusd r0, r1, r2', { regs: { r1: 0x8000_8000, r2: 0x7fff_8000 } });
    expectReg(cpu, 0, 0x7fff_8000);
    expect(cpu.q).toBe(0);
  });
});

// --- Long accumulates ---------------------------------------------------------------------------

/** Runs a long multiply `op r0, r1, r2, r3` (RdLo, RdHi, Rn, Rm). */
async function long(op: string, lo: number, hi: number, n: number, m: number): Promise<Cpu> {
  return exec(`${op} r0, r1, r2, r3`, {
    regs: { r0: lo, r1: hi, r2: n, r3: m },
    flags: 'NZCV',
    ge: 6,
  });
}

function expectLong(cpu: Cpu, lo: number, hi: number): void {
  expectReg(cpu, 0, lo);
  expectReg(cpu, 1, hi);
  expect(flags(cpu)).toBe('NZCVq');
  expect(cpu.ge).toBe(6);
}

describe('SMLAL<x><y>', () => {
  // Rn = 0x0002_fffd: bottom -3, top 2. Rm = 0x8000_0007: bottom 7, top -32768. Acc = 0x10.
  it.each([
    ['smlalbb', 0xffff_fffb, 0xffff_ffff], // 16 - 21 = -5
    ['smlalbt', 0x0001_8010, 0], // 16 + 98304
    ['smlaltb', 0x0000_001e, 0], // 16 + 14
    ['smlaltt', 0xffff_0010, 0xffff_ffff], // 16 - 65536
  ])('%s', async (op, lo, hi) => {
    expectLong(await long(op, 0x10, 0, 0x0002_fffd, 0x8000_0007), lo, hi);
  });

  it('carries into RdHi and wraps at 2^63 without setting Q', async () => {
    expectLong(await long('smlalbb', 0xffff_ffff, 0x7fff_ffff, 1, 1), 0, 0x8000_0000);
  });

  it('wraps at 2^64', async () => {
    expectLong(await long('smlalbb', 0xffff_ffff, 0xffff_ffff, 1, 1), 0, 0);
  });
});

describe('SMLALD, SMLSLD', () => {
  it('SMLALD carries out of RdLo', async () => {
    // 0x1_fffffff0 + 2 * 7 + 3 * 5
    expectLong(await long('smlald', 0xffff_fff0, 1, 0x0003_0002, 0x0005_0007), 0x0000_000d, 2);
  });

  it('SMLALD borrows from RdHi', async () => {
    // 5 + (2 * -3 + -1 * 4) = -5
    expectLong(await long('smlald', 5, 0, 0xffff_0002, 0x0004_fffd), 0xffff_fffb, 0xffff_ffff);
  });

  it('SMLALDX exchanges Rm’s halves', async () => {
    // 2 * 4 + -1 * -3
    expectLong(await long('smlaldx', 0, 0, 0xffff_0002, 0x0004_fffd), 11, 0);
  });

  it('SMLALD adds 2^31 exactly and does not set Q', async () => {
    // 0x7fffffff_80000000 + 2^31
    expectLong(
      await long('smlald', 0x8000_0000, 0x7fff_ffff, 0x8000_8000, 0x8000_8000),
      0,
      0x8000_0000,
    );
  });

  it('SMLSLD subtracts the top product', async () => {
    // 0 + 14 - 15
    expectLong(await long('smlsld', 0, 0, 0x0003_0002, 0x0005_0007), 0xffff_ffff, 0xffff_ffff);
  });

  it('SMLSLD borrows from RdHi', async () => {
    expectLong(await long('smlsld', 0, 1, 0x0003_0002, 0x0005_0007), 0xffff_ffff, 0);
  });

  it('SMLSLD carries into RdHi', async () => {
    // 0xffffffff + 2 * 3 - 0 * 0
    expectLong(await long('smlsld', 0xffff_ffff, 0, 0x0000_0002, 0x0000_0003), 5, 1);
  });

  it('SMLSLDX exchanges Rm’s halves', async () => {
    // 0x1_00000010 + (2 * 5 - 3 * 7)
    expectLong(await long('smlsldx', 0x10, 1, 0x0003_0002, 0x0005_0007), 5, 1);
  });

  it('SMLSLD at its extreme', async () => {
    // (-32768)^2 - (-32768 * 32767) = 0x7fff8000
    expectLong(await long('smlsld', 0, 0, 0x8000_8000, 0x7fff_8000), 0x7fff_8000, 0);
  });
});

describe('UMAAL', () => {
  it('Rn * Rm + RdHi + RdLo', async () => {
    // 2^16 * 2^16 + 7 + 5
    expectLong(await long('umaal', 5, 7, 0x0001_0000, 0x0001_0000), 12, 1);
  });

  it('the largest result is 2^64 - 1', async () => {
    const max = 0xffff_ffff;
    expectLong(await long('umaal', max, max, max, max), max, max);
  });

  it('carries the sum of the accumulators into the high word', async () => {
    // (2^32 - 1) * 2 + 2 * (2^32 - 1) = 2^34 - 4
    expectLong(await long('umaal', 0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 2), 0xffff_fffc, 3);
  });

  it('carries a single accumulator into the high word', async () => {
    expectLong(await long('umaal', 1, 0, 0xffff_ffff, 1), 0, 1);
  });
});

// --- Most significant word multiplies ---------------------------------------------------------

describe('SMMUL, SMMLA, SMMLS', () => {
  // [instruction, Rn, Rm, Ra, Rd]
  const rows: [string, number, number, number, number][] = [
    // 6 * 2^30 = 0x1_80000000: the low word is exactly half, so R rounds up.
    ['smmul', 0x4000_0000, 6, 0, 1],
    ['smmulr', 0x4000_0000, 6, 0, 2],
    // -1 = 0xffffffff_ffffffff: truncation gives -1, rounding 0.
    ['smmul', 0xffff_ffff, 1, 0, 0xffff_ffff],
    ['smmulr', 0xffff_ffff, 1, 0, 0],
    ['smmul', 0x8000_0000, 0x8000_0000, 0, 0x4000_0000],
    ['smmulr', 0x8000_0000, 0x8000_0000, 0, 0x4000_0000],
    // (2^31 - 1)^2 = 0x3fffffff_00000001
    ['smmul', 0x7fff_ffff, 0x7fff_ffff, 0, 0x3fff_ffff],
    ['smmulr', 0x7fff_ffff, 0x7fff_ffff, 0, 0x3fff_ffff],
    // -2^31 * (2^31 - 1) = 0xc0000000_80000000
    ['smmul', 0x8000_0000, 0x7fff_ffff, 0, 0xc000_0000],
    ['smmulr', 0x8000_0000, 0x7fff_ffff, 0, 0xc000_0001],
    // 0x7fffffff: just below half, not rounded up.
    ['smmulr', 1, 0x7fff_ffff, 0, 0],

    ['smmla', 0x4000_0000, 6, 0x10, 0x11],
    ['smmlar', 0x4000_0000, 6, 0x10, 0x12],
    // 0x5_00000000 - 1
    ['smmla', 0xffff_ffff, 1, 5, 4],
    ['smmlar', 0xffff_ffff, 1, 5, 5],
    // 0x7fffffff_00000000 + 2^32 wraps, no Q.
    ['smmla', 0x4000_0000, 4, 0x7fff_ffff, 0x8000_0000],
    ['smmlar', 2, 0x4000_0000, 0, 1],
    ['smmlar', 1, 0x7fff_ffff, 0, 0],
    ['smmla', 0x8000_0000, 0x8000_0000, 0xc000_0000, 0],

    // 0x10_00000000 - 0x1_80000000 = 0xe_80000000
    ['smmls', 0x4000_0000, 6, 0x10, 0xe],
    ['smmlsr', 0x4000_0000, 6, 0x10, 0xf],
    // 0x5_00000000 - 1 = 0x4_ffffffff
    ['smmls', 1, 1, 5, 4],
    ['smmlsr', 1, 1, 5, 5],
    // A zero product: nothing to borrow.
    ['smmls', 0, 0, 5, 5],
    ['smmlsr', 0, 0, 5, 5],
    // -2^62 = 0xc0000000_00000000
    ['smmls', 0x8000_0000, 0x8000_0000, 0, 0xc000_0000],
    ['smmlsr', 0x8000_0000, 0x8000_0000, 0, 0xc000_0000],
    // -2^31 + 2^31 = 0 with rounding; -2^31 is 0xffffffff_80000000 without.
    ['smmls', 2, 0x4000_0000, 0, 0xffff_ffff],
    ['smmlsr', 2, 0x4000_0000, 0, 0],
    // 3 * 0x2aaaaaab = 0x80000001: -0x80000001 + 2^31 = -1.
    ['smmls', 3, 0x2aaa_aaab, 0, 0xffff_ffff],
    ['smmlsr', 3, 0x2aaa_aaab, 0, 0xffff_ffff],
    // A negative product: 0 - (-1) = 1, top word 0.
    ['smmls', 0xffff_ffff, 1, 0, 0],
    ['smmls', 0xffff_ffff, 1, 0x8000_0000, 0x8000_0000],
  ];
  it.each(rows.map((r) => [`${r[0]} ${hex(r[1])}, ${hex(r[2])}, ${hex(r[3])}`, ...r] as const))(
    '%s',
    async (_, op, n, m, a, d) => {
      const asm = op.startsWith('smmul') ? `${op} r0, r1, r2` : `${op} r0, r1, r2, r3`;
      const cpu = await exec(asm, { regs: { r1: n, r2: m, r3: a }, flags: 'NZCV', ge: 0xf });
      expectReg(cpu, 0, d);
      expect(flags(cpu)).toBe('NZCVq');
      expect(cpu.ge).toBe(0xf);
    },
  );
});

// --- USAD8, USADA8 ------------------------------------------------------------------------------

describe('USAD8, USADA8', () => {
  // |01 - ff| + |ff - 00| + |10 - 20| + |05 - 03| = 254 + 255 + 16 + 2
  const setup = (a: number): Setup => ({ regs: { r1: 0x01ff_1005, r2: 0xff00_2003, r3: a } });

  it('USAD8 sums the absolute differences of the bytes', async () => {
    expectReg(await exec('usad8 r0, r1, r2', setup(0)), 0, 527);
  });

  it('USADA8 adds them to Ra', async () => {
    expectReg(await exec('usada8 r0, r1, r2, r3', setup(1000)), 0, 1527);
  });

  it('USADA8 wraps at 2^32', async () => {
    expectReg(await exec('usada8 r0, r1, r2, r3', setup(0xffff_fff0)), 0, 0x0000_01ff);
  });

  it('USAD8 of equal values is 0', async () => {
    expectReg(await exec('usad8 r0, r1, r1', setup(0)), 0, 0);
  });
});

// --- Conditional execution and cycles -----------------------------------------------------------

describe('IT blocks and cycles', () => {
  it('a DSP instruction whose condition fails changes nothing, GE and Q included', async () => {
    const cpu = await exec('it ne\nsadd16ne r0, r1, r2', {
      regs: { r0: 7, r1: 0x0001_0001, r2: 0x0001_0001 },
      flags: 'Z',
      ge: 0b0101,
    });
    expectReg(cpu, 0, 7);
    expect(cpu.ge).toBe(0b0101);
  });

  it('and executes when it passes', async () => {
    const cpu = await exec('it eq\nqaddeq r0, r1, r2', {
      regs: { r1: 0x7fff_ffff, r2: 1 },
      flags: 'Z',
    });
    expectReg(cpu, 0, 0x7fff_ffff);
    expect(cpu.q).toBe(1);
  });

  it.each([
    ['uqadd8 r0, r1, r2', CYCLES.alu],
    ['qdsub r0, r1, r2', CYCLES.alu],
    ['sel r0, r1, r2', CYCLES.alu],
    ['pkhtb r0, r1, r2, asr #5', CYCLES.alu],
    ['smlabb r0, r1, r2, r3', CYCLES.mul],
    ['smmlsr r0, r1, r2, r3', CYCLES.mul],
    ['usada8 r0, r1, r2, r3', CYCLES.mul],
    ['smlald r0, r1, r2, r3', CYCLES.mulLong],
    ['umaal r0, r1, r2, r3', CYCLES.mulLong],
  ])('%s takes %i cycle(s)', async (asm, cycles) => {
    const cpu = await run(asm, {}, 1);
    expect(cpu.instructions).toBe(1);
    expect(cpu.cycles).toBe(cycles);
  });
});

// --- 64-bit exactness against BigInt transcriptions of the manual's pseudocode ------------------

/** A deterministic generator biased towards the values where carries and signs matter. */
function values(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const edges = [
    0, 1, 2, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_ffff,
    0xffff_fffe, 0x8000_8000, 0x7fff_7fff, 0xffff_0000, 0x0000_ffff, 0x4000_0000, 0xc000_0000,
  ];
  return () => {
    const r = next();
    return r % 3 === 0 ? edges[next() % edges.length] : next();
  };
}

const sx = (v: bigint, bits: number) => BigInt.asIntN(bits, v);
const half = (v: number, top: boolean) => sx(BigInt(top ? v >>> 16 : v & 0xffff), 16);
const s32 = (v: number) => sx(BigInt(v), 32);
const acc64 = (lo: number, hi: number) => sx((BigInt(hi) << 32n) | BigInt(lo), 64);

type Model = (r: number[]) => { d?: bigint; lo?: bigint; hi?: bigint };

const dual = (n: number, m: number, swap: boolean) => {
  const mm = swap ? ((m >>> 16) | (m << 16)) >>> 0 : m;
  return [half(n, false) * half(mm, false), half(n, true) * half(mm, true)];
};

const split = (result: bigint) => ({
  lo: BigInt.asUintN(32, result),
  hi: BigInt.asUintN(32, result >> 32n),
});

const models: [string, Model][] = [
  ...(['bb', 'bt', 'tb', 'tt'] as const).map((xy): [string, Model] => [
    `smlal${xy} r0, r1, r2, r3`,
    ([lo, hi, n, m]) => split(acc64(lo, hi) + half(n, xy[0] === 't') * half(m, xy[1] === 't')),
  ]),
  ...[false, true].flatMap((x): [string, Model][] => [
    [
      `smlald${x ? 'x' : ''} r0, r1, r2, r3`,
      ([lo, hi, n, m]) => {
        const [p1, p2] = dual(n, m, x);
        return split(acc64(lo, hi) + p1 + p2);
      },
    ],
    [
      `smlsld${x ? 'x' : ''} r0, r1, r2, r3`,
      ([lo, hi, n, m]) => {
        const [p1, p2] = dual(n, m, x);
        return split(acc64(lo, hi) + p1 - p2);
      },
    ],
  ]),
  [
    'umaal r0, r1, r2, r3',
    ([lo, hi, n, m]) => split(BigInt(n) * BigInt(m) + BigInt(hi) + BigInt(lo)),
  ],
  ...[false, true].flatMap((r): [string, Model][] => {
    const round = r ? 0x8000_0000n : 0n;
    const top = (v: bigint) => ({ d: BigInt.asUintN(32, v >> 32n) });
    return [
      [`smmul${r ? 'r' : ''} r4, r2, r3`, ([, , n, m]) => top(s32(n) * s32(m) + round)],
      [
        `smmla${r ? 'r' : ''} r4, r2, r3, r0`,
        ([a, , n, m]) => top((s32(a) << 32n) + s32(n) * s32(m) + round),
      ],
      [
        `smmls${r ? 'r' : ''} r4, r2, r3, r0`,
        ([a, , n, m]) => top((s32(a) << 32n) - s32(n) * s32(m) + round),
      ],
    ];
  }),
  ...[false, true].map((t): [string, Model] => [
    `smulw${t ? 't' : 'b'} r4, r2, r3`,
    ([, , n, m]) => ({ d: BigInt.asUintN(32, (s32(n) * half(m, t)) >> 16n) }),
  ]),
];

describe('64-bit results are exact (against BigInt)', () => {
  it.each(models)('%s', async (asm, model) => {
    const m = prepare(await assemble(`${asm}\nb .`, CODE));
    const cpu = m.cpu;
    const next = values(asm.length * 7919 + asm.charCodeAt(4));
    for (let k = 0; k < 3000; k++) {
      const r = [next(), next(), next(), next()];
      for (let j = 0; j < 4; j++) cpu.regs[j] = r[j];
      cpu.pc = CODE;
      cpu.run(1);
      const want = model(r);
      const got = {
        d: want.d === undefined ? undefined : BigInt(cpu.regs[4]),
        lo: want.lo === undefined ? undefined : BigInt(cpu.regs[0]),
        hi: want.hi === undefined ? undefined : BigInt(cpu.regs[1]),
      };
      if (got.d !== want.d || got.lo !== want.lo || got.hi !== want.hi) {
        expect(got, `${asm} with ${r.map(hex).join(', ')}`).toEqual({
          d: want.d,
          lo: want.lo,
          hi: want.hi,
        });
      }
    }
  });
});
