/**
 * The floating-point instructions as programs run them: every encoding decodes to its name,
 * results and FPSCR flags are the IEEE 754 values worked out by hand, memory and registers move
 * as the ARM ARM says, and the FPU's gates (CPACR, ExecuteFPCheck, double precision, IT blocks,
 * other coprocessors) fault as specified. The arithmetic itself is tested in cpu/fpu/.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, DATA, flags, prepare, runHalfwords, type Setup } from '../../test/thumb.ts';
import { CONTROL_FPCA, CONTROL_nPRIV, type Cpu } from '../cpu.ts';
import { FP_CYCLES } from '../cycles.ts';
import { encodingOf } from '../decoder.ts';

const FULL_ACCESS = 0xf << 20;
const RN = 0;
const RP = 1 << 22;
const RM = 2 << 22;
const RZ = 3 << 22;
const FZ = 1 << 24;
const DN = 1 << 25;
const AHP = 1 << 26;
const [IOC, DZC, OFC, UFC, IXC, IDC] = [1, 2, 4, 8, 16, 128];

const ONE = 0x3f80_0000;
const TWO = 0x4000_0000;
const THREE = 0x4040_0000;
const QNAN = 0x7fc0_0000;
const INF = 0x7f80_0000;

interface FpSetup extends Setup {
  /** S registers by number. */
  s?: Record<number, number>;
  fpscr?: number;
  cpacr?: number;
  fpccr?: number;
  fpdscr?: number;
  /** CONTROL: FPCA is set unless given, so that FPSCR is not replaced by FPDSCR's defaults. */
  control?: number;
  /** An FPU with double precision (STM32F767) rather than the STM32F746's. */
  double?: boolean;
}

function fpState(cpu: Cpu, setup: FpSetup): void {
  cpu.cpacr = setup.cpacr ?? FULL_ACCESS;
  cpu.fpDoublePrecision = setup.double ?? false;
  for (const [k, v] of Object.entries(setup.s ?? {})) cpu.s[Number(k)] = v;
  cpu.fpscr = setup.fpscr ?? 0;
  if (setup.fpccr !== undefined) cpu.fpccr = setup.fpccr;
  cpu.fpdscr = setup.fpdscr ?? 0;
  cpu.setControl(setup.control ?? CONTROL_FPCA);
}

/** Assembles and runs until the program stops (its final `b .`, or a fault). */
async function run(source: string, setup: FpSetup = {}): Promise<Cpu> {
  const m = prepare(await assemble(source, CODE), setup);
  fpState(m.cpu, setup);
  m.cpu.run(10_000);
  return m.cpu;
}

/** Runs raw instruction words (for encodings an assembler will not produce). */
function runWords(words: number[], setup: FpSetup = {}): Cpu {
  const halfwords = words.flatMap((w) => (w > 0xffff ? [w >>> 16, w & 0xffff] : [w]));
  const cpu = runHalfwords(halfwords, setup, 0);
  fpState(cpu, setup);
  cpu.run(words.length);
  return cpu;
}

/** What the final `b .` costs, to leave out of cycle counts. */
async function selfBranch(): Promise<number> {
  return (await run('b .')).cycles;
}

/** FPSCR's cumulative flags. */
const fpFlags = (cpu: Cpu) => cpu.fpscr & 0x9f;

function expectHalted(cpu: Cpu): void {
  expect(cpu.stopped?.message).toContain('branch to self');
}

function expectFault(cpu: Cpu, kind: string, why: string, at = CODE): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain(kind);
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(at);
}

describe('decoding', () => {
  // Words from keystone (another assembler's view of the encodings).
  const examples: [number, string][] = [
    [0xee300a81, 'VADD.F32 T1'],
    [0xee310b02, 'VADD.F64 T1'],
    [0xee300ac1, 'VSUB.F32 T1'],
    [0xee200a81, 'VMUL.F32 T1'],
    [0xee200ac1, 'VNMUL.F32 T1'],
    [0xee800a81, 'VDIV.F32 T1'],
    [0xee000a81, 'VMLA.F32 T1'],
    [0xee000ac1, 'VMLS.F32 T1'],
    [0xee100ac1, 'VNMLA.F32 T1'],
    [0xee100a81, 'VNMLS.F32 T1'],
    [0xeea00a81, 'VFMA.F32 T1'],
    [0xeea00ac1, 'VFMS.F32 T1'],
    [0xee900ac1, 'VFNMA.F32 T1'],
    [0xee900a81, 'VFNMS.F32 T1'],
    [0xeeb10ae0, 'VSQRT.F32 T1'],
    [0xeeb03bc4, 'VABS.F64 T1'],
    [0xeef10a41, 'VNEG.F32 T1'],
    [0xeef01a42, 'VMOV.F32 (register) T1'],
    [0xeeb70a08, 'VMOV.F32 (immediate) T1'],
    [0xeebe0b00, 'VMOV.F64 (immediate) T1'],
    [0xeeb40b41, 'VCMP.F64 T1'],
    [0xeef50ac0, 'VCMP.F32 T2'],
    [0xeef30ac1, 'VCVTB/VCVTT.F16.F32 T1'],
    [0xeef20a41, 'VCVTB/VCVTT.F32.F16 T1'],
    [0xeef30b42, 'VCVTB/VCVTT.F16.F64 T1'],
    [0xeeb7eae1, 'VCVT.F64.F32 T1'],
    [0xeef7cbc1, 'VCVT.F32.F64 T1'],
    [0xeef80a41, 'VCVT.F32 (from integer) T1'],
    [0xeefd0a41, 'VCVT.F32 (to integer) T1'],
    [0xeeba0aee, 'VCVT.F32 (from fixed-point) T1'],
    [0xeebe1a66, 'VCVT.F32 (to fixed-point) T1'],
    [0xeef60ac1, 'VRINTZ.F32 T1'],
    [0xeef60a41, 'VRINTR.F32 T1'],
    [0xeef70a41, 'VRINTX.F32 T1'],
    [0xfeb80a60, 'VRINTA.F32 T1'],
    [0xfebb0b41, 'VRINTM.F64 T1'],
    [0xfebc0ae0, 'VCVTA.F32 T1'],
    [0xfebf0b41, 'VCVTM.F64 T1'],
    [0xfe200a81, 'VSEL.F32 T1'],
    [0xfe800a81, 'VMAXNM.F32 T1'],
    [0xfec10a61, 'VMINNM.F32 T1'],
    [0xee014a90, 'VMOV (core register to single) T1'],
    [0xee114a90, 'VMOV (single to core register) T1'],
    [0xee200b10, 'VMOV (core register to scalar) T1'],
    [0xee310b10, 'VMOV (scalar to core register) T1'],
    [0xec410a11, 'VMOV (two core registers to two singles) T1'],
    [0xec510a10, 'VMOV (two singles to two core registers) T1'],
    [0xec432b11, 'VMOV (two core registers to doubleword) T1'],
    [0xec510b10, 'VMOV (doubleword to two core registers) T1'],
    [0xeef1fa10, 'VMRS T1'],
    [0xeee12a10, 'VMSR T1'],
    [0xed900a01, 'VLDR T2'],
    [0xed1f0b02, 'VLDR (literal) T1'],
    [0xed065b04, 'VSTR T1'],
    [0xed2d0a04, 'VPUSH T2'],
    [0xecbd8b10, 'VPOP T1'],
    [0xed231a04, 'VSTMDB T2'],
    [0xed311a04, 'VLDMDB T2'],
    [0xecb31b04, 'VLDM T1'],
    [0xec821b06, 'VSTM T1'],
    [0xee110f10, 'MRC T1'],
    [0xee232eb4, 'MCR T1'],
    [0xed912502, 'LDC (immediate) T1'],
    [0xfc223704, 'STC2 T2'],
    [0xee1323a4, 'CDP T1'],
    [0xec454236, 'MCRR T1'],
    [0xfc554236, 'MRRC2 T2'],
  ];
  it.each(examples.map(([raw, name]) => [(raw >>> 0).toString(16), name, raw >>> 0] as const))(
    '0x%s is %s',
    (_hex, name, raw) => {
      expect(encodingOf(raw, 4)?.name).toBe(name);
    },
  );

  it('leaves D16-D31 UNDEFINED (FPv5-D16) and unallocated CP10 words to no encoding', () => {
    expect(encodingOf(0xee710b02, 4)).toBeNull(); // vadd.f64 d16, d1, d2
    expect(encodingOf(0xeeb90a40, 4)).toBeNull(); // opc2 = 1001: no FP instruction
    expect(encodingOf(0xeef00a10, 4)).toBeNull(); // vmrs r0, fpsid: not on the M profile
    expect(encodingOf(0xec000a00, 4)).toBeNull(); // op1 = 00000x
  });
});

describe('arithmetic', () => {
  it('VADD, VSUB, VMUL, VDIV, VSQRT compute and round (1/3, sqrt 2)', async () => {
    const cpu = await run(
      `vadd.f32 s4, s0, s1
       vsub.f32 s5, s0, s1
       vmul.f32 s6, s1, s2
       vdiv.f32 s7, s0, s2
       vsqrt.f32 s8, s1
       vnmul.f32 s9, s1, s2
       b .`,
      { s: { 0: ONE, 1: TWO, 2: THREE } },
    );
    expect([...cpu.s.slice(4, 10)]).toEqual([
      THREE,
      0xbf80_0000,
      0x40c0_0000,
      0x3eaa_aaab,
      0x3fb5_04f3,
      0xc0c0_0000,
    ]);
    expect(fpFlags(cpu)).toBe(IXC);
    expect(cpu.cycles).toBe(4 * FP_CYCLES.alu + 2 * FP_CYCLES.divSqrt + (await selfBranch()));
  });

  it('rounds by FPSCR.RMode: 1/3 toward +inf and toward zero', async () => {
    const third = (fpscr: number) =>
      run('vdiv.f32 s0, s1, s2\nb .', { s: { 1: ONE, 2: THREE }, fpscr });
    expect((await third(RN)).s[0]).toBe(0x3eaa_aaab);
    expect((await third(RP)).s[0]).toBe(0x3eaa_aaab);
    expect((await third(RZ)).s[0]).toBe(0x3eaa_aaaa);
    expect((await third(RM)).s[0]).toBe(0x3eaa_aaaa);
  });

  it('VMLA rounds twice, VFMA once: (1 + 2^-23)(1 - 2^-23) - 1', async () => {
    const setup = { s: { 0: 0xbf80_0000, 1: 0x3f80_0001, 2: 0x3f7f_fffe, 3: 0xbf80_0000 } };
    const cpu = await run('vmla.f32 s0, s1, s2\nvfma.f32 s3, s1, s2\nb .', setup);
    expect(cpu.s[0]).toBe(0); // the product rounds to 1.0
    expect(cpu.s[3]).toBe(0xa880_0000); // -2^-46, exact
    expect(cpu.cycles).toBe(2 * FP_CYCLES.mac + (await selfBranch()));
  });

  it('VMLS, VNMLA, VNMLS, VFMS, VFNMA, VFNMS negate what the manual says', async () => {
    // d = 2, n = 3, m = 1: product 3.
    const cpu = await run(
      `vmls.f32 s10, s1, s2
       vnmla.f32 s11, s1, s2
       vnmls.f32 s12, s1, s2
       vfms.f32 s13, s1, s2
       vfnma.f32 s14, s1, s2
       vfnms.f32 s15, s1, s2
       b .`,
      { s: { 1: THREE, 2: ONE, 10: TWO, 11: TWO, 12: TWO, 13: TWO, 14: TWO, 15: TWO } },
    );
    // 2 - 3, -2 - 3, -2 + 3, 2 - 3, -2 - 3, -2 + 3
    expect([...cpu.s.slice(10, 16)]).toEqual([
      0xbf80_0000,
      0xc0a0_0000,
      ONE,
      0xbf80_0000,
      0xc0a0_0000,
      ONE,
    ]);
  });

  it('VABS and VNEG only touch the sign bit, of NaNs too, and raise nothing', async () => {
    const cpu = await run('vabs.f32 s0, s2\nvneg.f32 s1, s2\nb .', { s: { 2: 0xff80_0001 } });
    expect([cpu.s[0], cpu.s[1], fpFlags(cpu)]).toEqual([0x7f80_0001, 0x7f80_0001, 0]);
  });

  it('flags: overflow, divide by zero, invalid, underflow, input denormal', async () => {
    const max = 0x7f7f_ffff;
    const overflow = await run('vadd.f32 s0, s1, s1\nb .', { s: { 1: max } });
    expect([overflow.s[0], fpFlags(overflow)]).toEqual([INF, OFC | IXC]);
    const toZero = await run('vadd.f32 s0, s1, s1\nb .', { s: { 1: max }, fpscr: RZ });
    expect(toZero.s[0]).toBe(max);
    const dz = await run('vdiv.f32 s0, s1, s2\nb .', { s: { 1: 0xbf80_0000, 2: 0 } });
    expect([dz.s[0], fpFlags(dz)]).toEqual([0xff80_0000, DZC]);
    const invalid = await run('vsqrt.f32 s0, s1\nb .', { s: { 1: 0xbf80_0000 } });
    expect([invalid.s[0], fpFlags(invalid)]).toEqual([QNAN, IOC]);
    // 2^-149 * 0.5: a tie between 0 and the smallest denormal; FZ flushes first.
    const under = await run('vmul.f32 s0, s1, s2\nb .', { s: { 1: 1, 2: 0x3f00_0000 } });
    expect([under.s[0], fpFlags(under)]).toEqual([0, UFC | IXC]);
    const fz = await run('vmul.f32 s0, s1, s2\nb .', { s: { 1: 1, 2: TWO }, fpscr: FZ });
    expect([fz.s[0], fpFlags(fz)]).toEqual([0, IDC]);
  });

  it('keeps flags cumulative: a later exact operation leaves them set', async () => {
    const cpu = await run('vdiv.f32 s0, s1, s2\nvadd.f32 s3, s1, s1\nb .', {
      s: { 1: ONE, 2: 0 },
    });
    expect(fpFlags(cpu)).toBe(DZC);
  });

  it('propagates NaNs (signalling first, quieted) unless FPSCR.DN', async () => {
    const setup = { s: { 1: 0x7fc0_0002, 2: 0x7f80_0001 } };
    const cpu = await run('vadd.f32 s0, s1, s2\nb .', setup);
    expect([cpu.s[0], fpFlags(cpu)]).toEqual([0x7fc0_0001, IOC]);
    const dn = await run('vadd.f32 s0, s1, s2\nb .', { ...setup, fpscr: DN });
    expect(dn.s[0]).toBe(QNAN);
  });
});

describe('VCMP, VCMPE and VMRS APSR_nzcv', () => {
  const compare = (a: number, b: number, e = '') =>
    run(`vcmp${e}.f32 s0, s1\nvmrs APSR_nzcv, fpscr\nb .`, { s: { 0: a, 1: b } });

  it('sets FPSCR.NZCV, which VMRS copies to the APSR', async () => {
    const less = await compare(ONE, TWO);
    expect([less.fpscr >>> 28, flags(less)]).toEqual([0b1000, 'Nzcvq']);
    expect(flags(await compare(TWO, TWO))).toBe('nZCvq');
    expect(flags(await compare(THREE, TWO))).toBe('nzCvq');
    expect(flags(await compare(QNAN, TWO))).toBe('nzCVq');
  });

  it('VCMP raises Invalid only for signalling NaNs, VCMPE for quiet ones too', async () => {
    expect(fpFlags(await compare(QNAN, ONE))).toBe(0);
    expect(fpFlags(await compare(QNAN, ONE, 'e'))).toBe(IOC);
    expect(fpFlags(await compare(0x7f80_0001, ONE))).toBe(IOC);
  });

  it('compares with #0.0, -0 equal to +0', async () => {
    const cpu = await run('vcmp.f32 s0, #0\nvmrs APSR_nzcv, fpscr\nb .', {
      s: { 0: 0x8000_0000 },
    });
    expect(flags(cpu)).toBe('nZCvq');
  });

  it('lets a conditional branch use the FP comparison', async () => {
    const cpu = await run(
      `vcmp.f32 s0, s1
       vmrs APSR_nzcv, fpscr
       ite gt
       movgt r0, #1
       movle r0, #2
       b .`,
      { s: { 0: THREE, 1: TWO } },
    );
    expect(cpu.regs[0]).toBe(1);
  });
});

describe('conversions', () => {
  const F2_5 = 0x4020_0000;
  const M2_5 = 0xc020_0000;

  it('VCVT to integer rounds toward zero, VCVTR by FPSCR (ties to even)', async () => {
    const cpu = await run(
      `vcvt.s32.f32 s0, s8
       vcvtr.s32.f32 s1, s8
       vcvtr.s32.f32 s2, s9
       vcvt.u32.f32 s3, s10
       vcvt.s32.f32 s4, s11
       b .`,
      { s: { 8: F2_5, 9: 0x4060_0000, 10: 0xbf80_0000, 11: 0x4f00_0000 } },
    );
    expect([...cpu.s.slice(0, 5)]).toEqual([2, 2, 4, 0, 0x7fff_ffff]);
    expect(fpFlags(cpu)).toBe(IXC | IOC);
  });

  it('VCVTA, VCVTN, VCVTP, VCVTM round -2.5 their own way', async () => {
    const cpu = await run(
      `vcvta.s32.f32 s0, s8
       vcvtn.s32.f32 s1, s8
       vcvtp.s32.f32 s2, s8
       vcvtm.s32.f32 s3, s8
       vcvta.u32.f32 s4, s9
       b .`,
      { s: { 8: M2_5, 9: F2_5 } },
    );
    expect([...cpu.s.slice(0, 5)]).toEqual([-3 >>> 0, -2 >>> 0, -2 >>> 0, -3 >>> 0, 3]);
  });

  it('VCVT from integer rounds by FPSCR: 2^24 + 1', async () => {
    const cpu = await run('vcvt.f32.s32 s0, s1\nvcvt.f32.u32 s2, s3\nb .', {
      s: { 1: 0x100_0001, 3: 0xffff_ffff },
      fpscr: RP,
    });
    expect([cpu.s[0], cpu.s[2]]).toEqual([0x4b80_0001, 0x4f80_0000]);
  });

  it('VCVT to and from fixed point, in place: 1.5 with 8 fraction bits', async () => {
    const cpu = await run(
      `vcvt.s16.f32 s0, s0, #8
       vcvt.f32.u32 s1, s1, #8
       vcvt.s32.f32 s2, s2, #1
       b .`,
      { s: { 0: 0xbfc0_0000, 1: 0x180, 2: 0x4020_0000 } },
    );
    expect([cpu.s[0], cpu.s[1], cpu.s[2]]).toEqual([0xffff_fe80, 0x3fc0_0000, 5]);
  });

  it('VCVT from fixed point rounds to nearest whatever FPSCR.RMode (FixedToFP)', async () => {
    // 0xFFFFFFFF / 2^18 lies just below 16384: nearest is 16384, toward minus infinity not.
    const cpu = await run('vcvt.f32.u32 s0, s0, #18\nb .', { s: { 0: 0xffff_ffff }, fpscr: RM });
    expect([cpu.s[0], fpFlags(cpu)]).toEqual([0x4680_0000, IXC]);
  });

  it('VCVTB and VCVTT convert to and from half precision, keeping the other half', async () => {
    const cpu = await run(
      `vcvtb.f16.f32 s0, s2
       vcvtt.f16.f32 s0, s3
       vcvtb.f32.f16 s4, s0
       vcvtt.f32.f16 s5, s0
       b .`,
      { s: { 0: 0x1234_5678, 2: ONE, 3: 0xc000_0000 } },
    );
    expect(cpu.s[0]).toBe(0xc000_3c00);
    expect([cpu.s[4], cpu.s[5]]).toEqual([ONE, 0xc000_0000]);
  });

  it('uses the alternative half-precision format under FPSCR.AHP', async () => {
    const ieee = await run('vcvtb.f16.f32 s0, s1\nb .', { s: { 1: 0x4780_0000 } });
    expect([ieee.s[0], fpFlags(ieee)]).toEqual([0x7c00, OFC | IXC]);
    const ahp = await run('vcvtb.f16.f32 s0, s1\nvcvtb.f32.f16 s2, s0\nb .', {
      s: { 1: 0x4780_0000 },
      fpscr: AHP,
    });
    expect([ahp.s[0], ahp.s[2], fpFlags(ahp)]).toEqual([0x7c00, 0x4780_0000, 0]);
  });

  it('VRINTA, VRINTN, VRINTP, VRINTM, VRINTZ, VRINTR, VRINTX round to integral values', async () => {
    const cpu = await run(
      `vrinta.f32 s0, s8
       vrintn.f32 s1, s8
       vrintp.f32 s2, s8
       vrintm.f32 s3, s8
       vrintz.f32 s4, s8
       vrintr.f32 s5, s8
       b .`,
      { s: { 8: M2_5 }, fpscr: RP },
    );
    expect([...cpu.s.slice(0, 6)]).toEqual([
      0xc040_0000, 0xc000_0000, 0xc000_0000, 0xc040_0000, 0xc000_0000, 0xc000_0000,
    ]);
    expect(fpFlags(cpu)).toBe(0);
    const x = await run('vrintx.f32 s0, s8\nb .', { s: { 8: F2_5 } });
    expect([x.s[0], fpFlags(x)]).toEqual([TWO, IXC]);
  });
});

describe('FPv5: VSEL, VMAXNM, VMINNM', () => {
  it('VSEL picks Sn when its condition (EQ, VS, GE, GT) holds on the APSR', async () => {
    const program = `vseleq.f32 s0, s8, s9
      vselvs.f32 s1, s8, s9
      vselge.f32 s2, s8, s9
      vselgt.f32 s3, s8, s9
      b .`;
    const setup = { s: { 8: ONE, 9: TWO } };
    const z = await run(program, { ...setup, flags: 'Z' });
    expect([...z.s.slice(0, 4)]).toEqual([ONE, TWO, ONE, TWO]);
    const nv = await run(program, { ...setup, flags: 'NV' });
    expect([...nv.s.slice(0, 4)]).toEqual([TWO, ONE, ONE, ONE]);
  });

  it('VMAXNM and VMINNM prefer a number to a quiet NaN; +0 > -0', async () => {
    const cpu = await run(
      `vmaxnm.f32 s0, s8, s9
       vminnm.f32 s1, s9, s8
       vmaxnm.f32 s2, s10, s11
       vminnm.f32 s3, s10, s11
       b .`,
      { s: { 8: QNAN, 9: TWO, 10: 0x8000_0000, 11: 0 } },
    );
    expect([...cpu.s.slice(0, 4)]).toEqual([TWO, TWO, 0, 0x8000_0000]);
  });

  it('are UNPREDICTABLE inside an IT block', () => {
    // it eq; vmaxnm.f32 s0, s1, s2 with Z set
    const cpu = runWords([0xbf08, 0xfe800a81], { flags: 'Z' });
    expectFault(cpu, 'UNDEFINSTR', 'VMAXNM.F32 T1: UNPREDICTABLE in an IT block', CODE + 2);
  });
});

describe('moves', () => {
  it('VMOV immediate expands VFPExpandImm: 1.5, -0.5, 31.0', async () => {
    const cpu = await run('vmov.f32 s0, #1.5\nvmov.f32 s1, #-0.5\nvmov.f32 s2, #31.0\nb .');
    expect([...cpu.s.slice(0, 3)]).toEqual([0x3fc0_0000, 0xbf00_0000, 0x41f8_0000]);
  });

  it('VMOV between core registers and S registers, pairs and D halves', async () => {
    const cpu = await run(
      `vmov s3, r0
       vmov r1, s3
       vmov s6, s7, r2, r3
       vmov r4, r5, s6, s7
       vmov d5, r3, r2
       vmov.32 d6[1], r0
       vmov.32 r6, d5[1]
       vmov r7, r8, d5
       vmov.f32 s20, s3
       b .`,
      { regs: { r0: 0x1111_1111, r2: 0x2222_2222, r3: 0x3333_3333 } },
    );
    expect([cpu.s[3], cpu.regs[1], cpu.s[6], cpu.s[7]]).toEqual([
      0x1111_1111, 0x1111_1111, 0x2222_2222, 0x3333_3333,
    ]);
    expect([cpu.regs[4], cpu.regs[5]]).toEqual([0x2222_2222, 0x3333_3333]);
    // D5 is S11:S10; D6[1] is S13.
    expect([cpu.s[10], cpu.s[11], cpu.s[13], cpu.regs[6]]).toEqual([
      0x3333_3333, 0x2222_2222, 0x1111_1111, 0x2222_2222,
    ]);
    expect([cpu.regs[7], cpu.regs[8], cpu.s[20]]).toEqual([0x3333_3333, 0x2222_2222, 0x1111_1111]);
  });

  it('VMRS reads FPSCR; VMSR writes only the bits the M profile has', async () => {
    const cpu = await run('vmsr fpscr, r0\nvmrs r1, fpscr\nb .', { regs: { r0: 0xffff_ffff } });
    expect([cpu.fpscr, cpu.regs[1]]).toEqual([0xf7c0_009f, 0xf7c0_009f]);
  });
});

describe('loads and stores', () => {
  it('VLDR and VSTR: single and double, offsets up and down, literal', async () => {
    const cpu = await run(
      `vldr s0, [r0, #4]
       vldr d1, [r0, #8]
       vstr s0, [r0, #-4]
       vstr d1, [r0, #-16]
       vldr s5, lit
       b .
       .align 2
       lit: .word 0xcafef00d`,
      {
        regs: { r0: DATA + 0x20 },
        memory: { [DATA + 0x24]: 7, [DATA + 0x28]: 8, [DATA + 0x2c]: 9 },
      },
    );
    expect([cpu.s[0], cpu.s[2], cpu.s[3], cpu.s[5]]).toEqual([7, 8, 9, 0xcafe_f00d]);
    const bus = cpu.bus;
    expect([bus.read32(DATA + 0x1c), bus.read32(DATA + 0x10), bus.read32(DATA + 0x14)]).toEqual([
      7, 8, 9,
    ]);
  });

  it('VPUSH and VPOP move the stack pointer by the list', async () => {
    const cpu = await run(
      `vpush {s2-s4}
       mov r1, sp
       vpush {d4}
       vpop {s10-s14}
       b .`,
      { s: { 2: 2, 3: 3, 4: 4, 8: 8, 9: 9 } },
    );
    expect(cpu.regs[1]).toBe(0x2005_0000 - 12);
    expect(cpu.sp).toBe(0x2005_0000);
    expect([...cpu.s.slice(10, 15)]).toEqual([8, 9, 2, 3, 4]);
    // VPUSH, VPOP: 1 + one per word; MOV: 1.
    expect(cpu.cycles).toBe(1 + 3 + 1 + 1 + 2 + 1 + 5 + (await selfBranch()));
  });

  it('VLDM and VSTM increment after or decrement before, with write-back', async () => {
    const cpu = await run(
      `vstmia r0!, {s1-s2}
       vstmdb r1!, {d2}
       vldmia r2, {s10-s13}
       b .`,
      {
        regs: { r0: DATA, r1: DATA + 0x20, r2: DATA },
        s: { 1: 1, 2: 2, 4: 4, 5: 5 },
        memory: { [DATA + 8]: 0xaaaa, [DATA + 12]: 0xbbbb },
      },
    );
    expect([cpu.regs[0], cpu.regs[1], cpu.regs[2]]).toEqual([DATA + 8, DATA + 0x18, DATA]);
    expect([cpu.bus.read32(DATA + 0x18), cpu.bus.read32(DATA + 0x1c)]).toEqual([4, 5]);
    expect([...cpu.s.slice(10, 14)]).toEqual([1, 2, 0xaaaa, 0xbbbb]);
  });

  it('faults on an unaligned address (MemA)', async () => {
    const cpu = await run('vldr s0, [r0]\nb .', { regs: { r0: DATA + 2 } });
    expectFault(cpu, 'UNALIGNED', '');
  });
});

describe('the FPU gates: CPACR, ExecuteFPCheck, double precision, other coprocessors', () => {
  it('takes a NOCP UsageFault while CPACR denies access', async () => {
    const cpu = await run('vadd.f32 s0, s1, s2\nb .', { cpacr: 0, s: { 1: ONE } });
    expectFault(cpu, 'NOCP', 'CPACR');
    expect(cpu.s[0]).toBe(0);
  });

  it('lets privileged code only through CPACR = 01', async () => {
    const privileged = await run('vmov.f32 s0, #1.0\nb .', { cpacr: 0x5 << 20 });
    expectHalted(privileged);
    const user = await run('vmov.f32 s0, #1.0\nb .', {
      cpacr: 0x5 << 20,
      control: CONTROL_FPCA | CONTROL_nPRIV,
    });
    expectFault(user, 'NOCP', 'CPACR');
  });

  it('enables the FPU through the SCB: firmware writes CPACR', async () => {
    const cpu = await run(
      `ldr r0, =0xe000ed88
       ldr r1, =0x00f00000
       str r1, [r0]
       vmov.f32 s0, #2.0
       b .`,
      { cpacr: 0 },
    );
    expect(cpu.s[0]).toBe(TWO);
  });

  it('starts a new FP context (FPCCR.ASPEN): CONTROL.FPCA set, FPSCR modes from FPDSCR', async () => {
    const cpu = await run('vmov.f32 s0, #1.0\nmrs r0, control\nb .', {
      control: 0,
      fpscr: RP | IXC,
      fpdscr: RZ | FZ,
    });
    expect(cpu.regs[0]).toBe(CONTROL_FPCA);
    expect(cpu.fpscr).toBe(RZ | FZ | IXC);
    const off = await run('vmov.f32 s0, #1.0\nmrs r0, control\nb .', {
      control: 0,
      fpccr: 0,
      fpscr: RP,
      fpdscr: RZ,
    });
    expect([off.regs[0], off.fpscr]).toEqual([0, RP]);
  });

  it('preserves the lazily stacked context (FPCCR.LSPACT) at the first FP instruction', async () => {
    const s = Object.fromEntries(Array.from({ length: 16 }, (_, k) => [k, 0x100 + k]));
    const m = prepare(await assemble('vmov.f32 s0, #1.0\nb .', CODE));
    fpState(m.cpu, { s, fpscr: RM | DZC, fpccr: 0xc000_0001 });
    m.cpu.fpcar = DATA + 0x40;
    m.cpu.run(100);
    const saved = Array.from({ length: 17 }, (_, k) => m.bus.read32(DATA + 0x40 + 4 * k));
    expect(saved).toEqual([...Array.from({ length: 16 }, (_, k) => 0x100 + k), RM | DZC]);
    expect(m.cpu.fpccr).toBe(0xc000_0000);
    expect(m.cpu.s[0]).toBe(ONE);
  });

  it('makes double-precision data processing UNDEFINED without double precision', async () => {
    const cpu = await run('vadd.f64 d0, d1, d2\nb .', { s: { 3: 0x3ff0_0000 } });
    expectFault(cpu, 'UNDEFINSTR', 'VADD.F64 T1: UNDEFINED (this FPU has single precision only)');
    // Moves of D registers are no data processing: they work on every FPv5-D16.
    const moves = await run('vldr d1, [r0]\nvmov r1, r2, d1\nb .', {
      regs: { r0: DATA },
      memory: { [DATA]: 5, [DATA + 4]: 6 },
    });
    expect([moves.regs[1], moves.regs[2]]).toEqual([5, 6]);
  });

  it('computes in double precision on a part that has it (STM32F767)', async () => {
    const cpu = await run(
      `vdiv.f64 d0, d1, d2
       vcvt.f32.f64 s6, d0
       vcvt.f64.f32 d4, s8
       vfma.f64 d4, d1, d2
       vmov.f64 d5, #-0.5
       b .`,
      {
        double: true,
        // d1 = 1.0, d2 = 3.0, s8 = 2.0
        s: { 3: 0x3ff0_0000, 5: 0x4008_0000, 8: TWO },
      },
    );
    expect([cpu.s[0], cpu.s[1]]).toEqual([0x5555_5555, 0x3fd5_5555]);
    expect(cpu.s[6]).toBe(0x3eaa_aaab);
    expect([cpu.s[8], cpu.s[9]]).toEqual([0, 0x4014_0000]); // 2 + 1 * 3 = 5
    expect([cpu.s[10], cpu.s[11]]).toEqual([0, 0xbfe0_0000]);
    expect(cpu.cycles).toBe(
      FP_CYCLES.divSqrtDouble + 3 * FP_CYCLES.alu + FP_CYCLES.mac + (await selfBranch()),
    );
  });

  it('takes NOCP for coprocessors other than CP10 and CP11', async () => {
    const cpu = await run('mrc p15, 0, r0, c1, c0, 0\nb .');
    expectFault(cpu, 'NOCP', 'coprocessor 15 is not present');
    const cdp2 = runWords([0xfe000300]); // cdp2 p3
    expectFault(cdp2, 'NOCP', 'coprocessor 3');
  });

  it('makes a CP10 word that is no FP instruction UNDEFINED', () => {
    const cpu = runWords([0xeeb90a40]);
    expectFault(cpu, 'UNDEFINSTR', 'no such encoding');
  });

  it('executes FP instructions conditionally inside an IT block', async () => {
    const cpu = await run('it ne\nvaddne.f32 s0, s1, s1\nb .', { s: { 1: ONE }, flags: 'Z' });
    expect(cpu.s[0]).toBe(0);
    expectHalted(cpu);
  });
});
