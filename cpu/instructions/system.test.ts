import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, flags, prepare, run, runHalfwords, type Setup } from '../../test/thumb.ts';
import { CONTROL_FPCA, CONTROL_nPRIV, CONTROL_SPSEL, type Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { encodingOf } from '../decoder.ts';
import { stopOnEvent } from '../hooks.ts';

/** prepare() sets the main stack pointer to this. */
const MSP0 = 0x2005_0000;
const ONES = 0xffff_ffff;

/** Like run(), with core state a Setup cannot express (mode, masks, CONTROL, hooks). */
async function runIn(source: string, setup: Setup, init: (cpu: Cpu) => void): Promise<Cpu> {
  const m = prepare(await assemble(source, CODE), setup);
  init(m.cpu);
  m.cpu.run(10_000);
  return m.cpu;
}

/** Handler mode for exception `n` (2 NMI, 3 HardFault, 11 SVCall, 16 + k IRQ k). */
const handler = (n: number) => (cpu: Cpu) => {
  cpu.ipsr = n;
  cpu.syncStackPointer();
};

/** Thread mode, unprivileged, on the process stack. */
function unprivilegedOnPsp(cpu: Cpu): void {
  cpu.psp = 0x2000_3000;
  cpu.setControl(CONTROL_nPRIV | CONTROL_SPSEL);
}

function expectHalted(cpu: Cpu, at: number): void {
  expect(cpu.stopped?.kind).toBe('halted');
  expect(cpu.stopped?.message).toContain('branch to self');
  expect(cpu.pc).toBe(at);
}

function expectUndefined(cpu: Cpu, why: string, at = CODE): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain('UNDEFINSTR');
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(at);
}

describe('decoding', () => {
  const examples: [number, 2 | 4, string][] = [
    [0xf3ef8000, 4, 'MRS T1'],
    [0xf3818805, 4, 'MSR (register) T1'],
    [0xb662, 2, 'CPS T1'],
    [0xbf00, 2, 'NOP T1'],
    [0xbf10, 2, 'YIELD T1'],
    [0xbf20, 2, 'WFE T1'],
    [0xbf30, 2, 'WFI T1'],
    [0xbf40, 2, 'SEV T1'],
    [0xbf50, 2, 'NOP T1'], // unallocated hint
    [0xbff0, 2, 'NOP T1'],
    [0xbf08, 2, 'IT T1'], // mask != 0000: not a hint
    [0xf3af8000, 4, 'NOP T2'],
    [0xf3af8001, 4, 'YIELD T2'],
    [0xf3af8002, 4, 'WFE T2'],
    [0xf3af8003, 4, 'WFI T2'],
    [0xf3af8004, 4, 'SEV T2'],
    [0xf3af8005, 4, 'NOP T2'], // unallocated hint
    [0xf3af80ef, 4, 'NOP T2'],
    [0xf3af80f0, 4, 'DBG T1'],
    [0xf3af80ff, 4, 'DBG T1'],
    [0xbe07, 2, 'BKPT T1'],
    [0xdf09, 2, 'SVC T1'],
    [0xde03, 2, 'UDF T1'], // not B T1 with cond 1110
    [0xf7f1a234, 4, 'UDF T2'],
    [0xf3bf8f4f, 4, 'DSB T1'],
    [0xf3bf8f5f, 4, 'DMB T1'],
    [0xf3bf8f6f, 4, 'ISB T1'],
  ];
  it.each(examples.map(([raw, size, name]) => [raw.toString(16), name, raw, size] as const))(
    '0x%s is %s',
    (_hex, name, raw, size) => {
      expect(encodingOf(raw, size)?.name).toBe(name);
    },
  );
});

describe('MRS', () => {
  const psrViews = `
    mrs r0, apsr
    mrs r1, iapsr
    mrs r2, eapsr
    mrs r3, xpsr
    mrs r4, ipsr
    mrs r5, epsr
    mrs r6, iepsr
    b .`;
  const preset = { r0: ONES, r1: ONES, r2: ONES, r3: ONES, r4: ONES, r5: ONES, r6: ONES };

  it('reads N Z C V Q and GE through every APSR view; EPSR (T, IT) reads as zero', async () => {
    const cpu = await run(psrViews, { regs: preset, flags: 'NZCVQ', ge: 0xf });
    expect([...cpu.regs.slice(0, 7)]).toEqual([
      0xf80f0000, 0xf80f0000, 0xf80f0000, 0xf80f0000, 0, 0, 0,
    ]);
    expectHalted(cpu, CODE + 28);
  });

  it('adds the exception number for the IPSR views in Handler mode', async () => {
    // APSR = Z, V, GE = 0101: 0x50050000; IPSR = 21 (IRQ 5).
    const cpu = await runIn(psrViews, { regs: preset, flags: 'ZV', ge: 0b0101 }, handler(21));
    expect([...cpu.regs.slice(0, 7)]).toEqual([
      0x50050000, 0x50050015, 0x50050000, 0x50050015, 0x15, 0, 0x15,
    ]);
  });

  it('never returns the IT bits, even inside an IT block', async () => {
    const cpu = await run('it eq\nmrseq r0, xpsr\nb .', { regs: { r0: ONES }, flags: 'Z' });
    expect(cpu.regs[0]).toBe(0x40000000);
    expectHalted(cpu, CODE + 6);
  });

  it('reads MSP and PSP whichever is active', async () => {
    const cpu = await runIn('mrs r0, msp\nmrs r1, psp\nb .', {}, (c) => {
      c.psp = 0x2000_3000;
      c.setControl(CONTROL_SPSEL);
    });
    expect(cpu.regs[0]).toBe(MSP0);
    expect(cpu.regs[1]).toBe(0x2000_3000);
    expect(cpu.regs[13]).toBe(0x2000_3000);
  });

  const masks = `
    mrs r0, primask
    mrs r1, basepri
    mrs r2, basepri_max
    mrs r3, faultmask
    mrs r4, control
    b .`;
  const preset5 = { r0: ONES, r1: ONES, r2: ONES, r3: ONES, r4: ONES };

  it('reads PRIMASK, BASEPRI (twice), FAULTMASK and CONTROL with FPCA', async () => {
    const cpu = await runIn(masks, { regs: preset5 }, (c) => {
      c.primask = 1;
      c.basepri = 0x60;
      c.faultmask = 1;
      c.setControl(CONTROL_FPCA);
    });
    expect([...cpu.regs.slice(0, 5)]).toEqual([1, 0x60, 0x60, 1, 4]);
  });

  it('clears the bits a register does not have', async () => {
    const cpu = await run(masks, { regs: preset5 });
    expect([...cpu.regs.slice(0, 5)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('writes r12 and lr', async () => {
    const cpu = await runIn('mrs lr, apsr\nmrs r12, control\nb .', { flags: 'N' }, (c) =>
      c.setControl(CONTROL_SPSEL),
    );
    expect(cpu.regs[14]).toBe(0x80000000);
    expect(cpu.regs[12]).toBe(CONTROL_SPSEL);
  });

  it('unprivileged: the stack pointers and masks read as zero; CONTROL and APSR read', async () => {
    const source = `
      mrs r0, msp
      mrs r1, psp
      mrs r2, primask
      mrs r3, basepri
      mrs r4, basepri_max
      mrs r5, faultmask
      mrs r6, control
      mrs r7, apsr
      b .`;
    const regs = { r0: ONES, r1: ONES, r2: ONES, r3: ONES, r4: ONES, r5: ONES, r6: ONES };
    const cpu = await runIn(source, { regs, flags: 'C', ge: 0b1000 }, (c) => {
      c.primask = 1;
      c.basepri = 0x40;
      c.faultmask = 1;
      unprivilegedOnPsp(c);
    });
    expect([...cpu.regs.slice(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 3, 0x20080000]);
    expect(cpu.primask).toBe(1);
  });

  it('costs CYCLES.system', () => {
    const cpu = runHalfwords([0xf3ef, 0x8000]);
    expect(cpu.cycles).toBe(CYCLES.system);
    expect(cpu.pc).toBe(CODE + 4);
  });

  it.each([
    ['SYSm 4', 0xf3ef, 0x8004],
    ['SYSm 10', 0xf3ef, 0x800a],
    ['SYSm 15', 0xf3ef, 0x800f],
    ['SYSm 21', 0xf3ef, 0x8015],
    ['SYSm 255', 0xf3ef, 0x80ff],
    ['Rd = SP', 0xf3ef, 0x8d00],
    ['Rd = PC', 0xf3ef, 0x8f00],
    ['hw1 bit 4 set', 0xf3ff, 0x8000],
    ['hw1 bits 3:0 clear', 0xf3e0, 0x8000],
    ['hw2 bit 13 set', 0xf3ef, 0xa000],
  ])('%s is UNPREDICTABLE', (_why, hw1, hw2) => {
    const cpu = runHalfwords([hw1, hw2], { regs: { r0: 0x1234 } });
    expectUndefined(cpu, 'MRS T1: UNPREDICTABLE');
    expect(cpu.regs[0]).toBe(0x1234);
  });
});

describe('MSR (register)', () => {
  it('APSR_nzcvq writes N Z C V Q from bits 31:27 and leaves GE', async () => {
    const set = await run('msr apsr_nzcvq, r0\nb .', { regs: { r0: 0xf80f0000 } });
    expect(flags(set)).toBe('NZCVQ');
    expect(set.ge).toBe(0);
    const clear = await run('msr apsr, r0\nb .', {
      regs: { r0: 0x07ffffff },
      flags: 'NZCVQ',
      ge: 0xa,
    });
    expect(flags(clear)).toBe('nzcvq');
    expect(clear.ge).toBe(0xa);
  });

  it('APSR_g writes GE from bits 19:16 and leaves the flags', async () => {
    const cpu = await run('msr apsr_g, r0\nb .', { regs: { r0: 0xfff5ffff } });
    expect(cpu.ge).toBe(0b0101);
    expect(flags(cpu)).toBe('nzcvq');
  });

  it('APSR_nzcvqg writes both', async () => {
    const cpu = await run('msr apsr_nzcvqg, r0\nb .', {
      regs: { r0: 0x500a0000 },
      flags: 'NCQ',
      ge: 0b0101,
    });
    expect(flags(cpu)).toBe('nZcVq');
    expect(cpu.ge).toBe(0b1010);
  });

  it('IAPSR, EAPSR and XPSR write only their APSR part', async () => {
    // T = 0, ITSTATE bits and exception number 0x1ff in r0: none of them is written.
    const cpu = await run('msr xpsr_nzcvq, r0\nmsr iapsr_g, r0\nmsr eapsr_nzcvqg, r1\nb .', {
      regs: { r0: 0xaeffffff, r1: 0x20000000 | 0x06000000 | 0xfc00 | 0x1ff },
    });
    // r0 = 1010 1...: N C Q, then GE = 1111; r1 = 0010 0...: C only, and GE = 0000.
    expect(flags(cpu)).toBe('nzCvq');
    expect(cpu.ge).toBe(0);
    expect(cpu.t).toBe(1);
    expect(cpu.itstate).toBe(0);
    expect(cpu.ipsr).toBe(0);
    expectHalted(cpu, CODE + 12);
  });

  it('ignores writes to IPSR, EPSR and IEPSR', async () => {
    const cpu = await run('msr ipsr, r0\nmsr epsr, r0\nmsr iepsr, r1\nb .', {
      regs: { r0: ONES, r1: 0 },
      flags: 'Z',
      ge: 0b0110,
    });
    expect(flags(cpu)).toBe('nZcvq');
    expect(cpu.ge).toBe(0b0110);
    expect([cpu.ipsr, cpu.t, cpu.itstate]).toEqual([0, 1, 0]);
    expectHalted(cpu, CODE + 12);
  });

  it('writes MSP and PSP with bits 1:0 cleared', async () => {
    const cpu = await run('msr msp, r0\nmsr psp, r1\nb .', {
      regs: { r0: 0x20004007, r1: 0x20005002 },
    });
    expect(cpu.msp).toBe(0x20004004);
    expect(cpu.psp).toBe(0x20005000);
    expect(cpu.regs[13]).toBe(0x20004004);
  });

  it('CONTROL.SPSEL = 1 makes SP the process stack pointer, 0 brings MSP back', async () => {
    const source = `
      msr psp, r0
      msr control, r1
      mrs r2, control
      mrs r3, psp
      mrs r4, msp
      msr msp, r5
      b .`;
    const cpu = await run(source, { regs: { r0: 0x20003000, r1: 2, r5: 0x20006000 } });
    expect(cpu.control).toBe(CONTROL_SPSEL);
    expect(cpu.regs[13]).toBe(0x20003000);
    expect([cpu.regs[2], cpu.regs[3], cpu.regs[4]]).toEqual([2, 0x20003000, MSP0]);
    expect(cpu.msp).toBe(0x20006000);
    expect(cpu.psp).toBe(0x20003000);

    const back = await runIn('msr control, r0\nb .', { regs: { r0: 0 } }, (c) => {
      c.psp = 0x20003000;
      c.setControl(CONTROL_SPSEL);
    });
    expect(back.control).toBe(0);
    expect(back.regs[13]).toBe(MSP0);
    expect(back.psp).toBe(0x20003000);
  });

  it('CONTROL keeps 3 bits; FPCA is writable', async () => {
    const cpu = await run('msr control, r0\nmrs r1, control\nmsr control, r2\nb .', {
      regs: { r0: 0xfffffff4, r2: 0xfffffff8 },
    });
    expect(cpu.regs[1]).toBe(CONTROL_FPCA);
    expect(cpu.control).toBe(0);
  });

  it('in Handler mode, CONTROL.SPSEL is not written but nPRIV is', async () => {
    const cpu = await runIn('msr control, r0\nb .', { regs: { r0: 3 } }, handler(11));
    expect(cpu.control).toBe(CONTROL_nPRIV);
    expect(cpu.regs[13]).toBe(MSP0);
    expect(cpu.isPrivileged()).toBe(true);
  });

  it('PRIMASK takes bit 0', async () => {
    const cpu = await run('msr primask, r0\nmrs r2, primask\nmsr primask, r1\nb .', {
      regs: { r0: 3, r1: 0xfffffffe },
    });
    expect(cpu.regs[2]).toBe(1);
    expect(cpu.primask).toBe(0);
  });

  it('BASEPRI takes bits 7:4 (bits 3:0 are not implemented) and may lower the boost', async () => {
    const source = `
      msr basepri, r0
      mrs r4, basepri
      msr basepri, r1
      mrs r5, basepri_max
      msr basepri, r2
      mrs r6, basepri
      msr basepri, r3
      b .`;
    const cpu = await run(source, { regs: { r0: 0x1ff, r1: 0x45, r2: 0x80, r3: 0x0f } });
    expect([cpu.regs[4], cpu.regs[5], cpu.regs[6]]).toEqual([0xf0, 0x40, 0x80]);
    expect(cpu.basepri).toBe(0);
  });

  it('BASEPRI_MAX writes only a non-zero value that raises the boost', async () => {
    const source = `
      msr basepri_max, r0
      mrs r8, basepri
      msr basepri_max, r1
      mrs r9, basepri
      msr basepri_max, r2
      mrs r10, basepri
      msr basepri_max, r3
      mrs r11, basepri
      msr basepri_max, r4
      mrs r12, basepri
      msr basepri_max, r5
      mrs lr, basepri_max
      b .`;
    const cpu = await run(source, {
      regs: { r0: 0x80, r1: 0xa0, r2: 0x40, r3: 0x100, r4: 0x4f, r5: 0x3f },
    });
    // 0x80 (BASEPRI was 0); 0xA0 > 0x80: no; 0x40 < 0x80; bits 7:0 zero: no; 0x4F > 0x40: no;
    // 0x3F < 0x40, stored as 0x30.
    expect([...cpu.regs.slice(8, 13), cpu.regs[14]]).toEqual([0x80, 0x80, 0x40, 0x40, 0x40, 0x30]);
  });

  it('BASEPRI_MAX from 0 with only unimplemented bits leaves BASEPRI at 0', async () => {
    const cpu = await run('msr basepri_max, r0\nb .', { regs: { r0: 0x05 } });
    expect(cpu.basepri).toBe(0);
  });

  it('FAULTMASK is written in Thread mode and in a configurable-priority handler', async () => {
    const source =
      'msr faultmask, r0\nmrs r2, faultmask\nmsr faultmask, r1\nmrs r3, faultmask\nb .';
    const cpu = await run(source, { regs: { r0: 3, r1: 2 } });
    expect([cpu.regs[2], cpu.regs[3], cpu.faultmask]).toEqual([1, 0, 0]);
    const memManage = await runIn('msr faultmask, r0\nb .', { regs: { r0: 1 } }, handler(4));
    expect(memManage.faultmask).toBe(1);
  });

  it.each([
    [2, 'NMI'],
    [3, 'HardFault'],
  ])('FAULTMASK is not written at execution priority -1 or below (exception %i, %s)', async (n) => {
    const set = await runIn('msr faultmask, r0\nb .', { regs: { r0: 1 } }, handler(n));
    expect(set.faultmask).toBe(0);
    const clear = await runIn('msr faultmask, r0\nb .', { regs: { r0: 0 } }, (c) => {
      handler(n)(c);
      c.faultmask = 1;
    });
    expect(clear.faultmask).toBe(1);
  });

  it('unprivileged: only the APSR is written', async () => {
    const source = `
      msr control, r0
      msr primask, r1
      msr basepri, r2
      msr basepri_max, r2
      msr faultmask, r1
      msr msp, r3
      msr psp, r3
      msr control, r4
      msr apsr_nzcvqg, r5
      mrs r6, control
      b .`;
    const cpu = await runIn(
      source,
      { regs: { r0: 1, r1: 1, r2: 0x80, r3: 0x20007000, r4: 2, r5: 0xf80f0000 } },
      (c) => {
        c.psp = 0x20003000;
      },
    );
    expect([cpu.primask, cpu.basepri, cpu.faultmask]).toEqual([0, 0, 0]);
    expect([cpu.msp, cpu.psp, cpu.regs[13]]).toEqual([MSP0, 0x20003000, MSP0]);
    expect(cpu.control).toBe(CONTROL_nPRIV);
    expect(cpu.regs[6]).toBe(CONTROL_nPRIV);
    expect(cpu.isPrivileged()).toBe(false);
    expect(flags(cpu)).toBe('NZCVQ');
    expect(cpu.ge).toBe(0xf);
  });

  it.each([
    ['mask 00', 0xf380, 0x8000],
    ['mask 01 with MSP', 0xf380, 0x8408],
    ['mask 11 with IPSR', 0xf380, 0x8c05],
    ['mask 01 with CONTROL', 0xf380, 0x8414],
    ['Rn = SP', 0xf38d, 0x8808],
    ['Rn = PC', 0xf38f, 0x8808],
    ['SYSm 4', 0xf380, 0x8804],
    ['SYSm 21', 0xf380, 0x8815],
    ['SYSm 128', 0xf380, 0x8880],
    ['hw1 bit 4 set', 0xf390, 0x8808],
    ['hw2 bit 8 set', 0xf380, 0x8908],
    ['hw2 bit 13 set', 0xf380, 0xa808],
  ])('%s is UNPREDICTABLE', (_why, hw1, hw2) => {
    const cpu = runHalfwords([hw1, hw2], { regs: { r0: 0x20001000 } });
    expectUndefined(cpu, 'MSR (register) T1: UNPREDICTABLE');
    expect(cpu.msp).toBe(MSP0);
  });
});

describe('CPS', () => {
  it('CPSID I / CPSIE I set and clear PRIMASK', async () => {
    const cpu = await run('cpsid i\nmrs r0, primask\ncpsie i\nmrs r1, primask\nb .');
    expect([cpu.regs[0], cpu.regs[1], cpu.primask]).toEqual([1, 0, 0]);
  });

  it('CPSID F / CPSIE F set and clear FAULTMASK; IF does both', async () => {
    const cpu = await run('cpsid f\nmrs r0, faultmask\ncpsie f\nmrs r1, faultmask\ncpsid if\nb .');
    expect([cpu.regs[0], cpu.regs[1]]).toEqual([1, 0]);
    expect([cpu.primask, cpu.faultmask]).toEqual([1, 1]);
    const both = await runIn('cpsie if\nb .', {}, (c) => {
      c.primask = 1;
      c.faultmask = 1;
    });
    expect([both.primask, both.faultmask]).toEqual([0, 0]);
  });

  it('CPSID F does nothing in HardFault or NMI; CPSIE F still clears', async () => {
    for (const n of [2, 3]) {
      const cpu = await runIn('cpsid f\ncpsid i\nb .', {}, handler(n));
      expect([cpu.faultmask, cpu.primask]).toEqual([0, 1]);
      const clear = await runIn('cpsie f\nb .', {}, (c) => {
        handler(n)(c);
        c.faultmask = 1;
      });
      expect(clear.faultmask).toBe(0);
    }
  });

  it('is ignored when unprivileged', async () => {
    const set = await runIn('cpsid if\nb .', {}, unprivilegedOnPsp);
    expect([set.primask, set.faultmask]).toEqual([0, 0]);
    const clear = await runIn('cpsie if\nb .', {}, (c) => {
      c.primask = 1;
      c.faultmask = 1;
      unprivilegedOnPsp(c);
    });
    expect([clear.primask, clear.faultmask]).toEqual([1, 1]);
    expectHalted(clear, CODE + 2);
  });

  it('inside an IT block is UNPREDICTABLE', () => {
    // IT EQ; CPSID I
    const cpu = runHalfwords([0xbf08, 0xb672], { flags: 'Z' }, 2);
    expectUndefined(cpu, 'IT block', CODE + 2);
    expect(cpu.primask).toBe(0);
  });

  it('with neither I nor F, or a should-be-zero bit set, is UNPREDICTABLE', () => {
    expectUndefined(runHalfwords([0xb660]), 'CPS T1: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xb676]), 'CPS T1: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xb67a]), 'CPS T1: UNPREDICTABLE');
  });
});

describe('hints', () => {
  it('NOP, YIELD and DBG change nothing but the PC', async () => {
    const regs = { r0: 1, r1: 2, r12: 3, lr: 4 };
    const cpu = await run('nop\nyield\nnop.w\nyield.w\ndbg #5\nb .', { regs, flags: 'NCQ', ge: 3 });
    expectHalted(cpu, CODE + 16);
    expect(cpu.instructions).toBe(6);
    expect([cpu.regs[0], cpu.regs[1], cpu.regs[12], cpu.regs[14]]).toEqual([1, 2, 3, 4]);
    expect(cpu.regs[13]).toBe(MSP0);
    expect(flags(cpu)).toBe('NzCvQ');
    expect(cpu.ge).toBe(3);
  });

  it('unallocated hints execute as NOPs', () => {
    const code = [0xbf50, 0xbff0, 0xf3af, 0x8005, 0xf3af, 0x80ef, 0xe7fe];
    expectHalted(runHalfwords(code, {}, 10), CODE + 12);
  });

  it('a 32-bit hint with op1 != 000 is UNDEFINED; should-be bits are checked', () => {
    expectUndefined(runHalfwords([0xf3af, 0x8100]), 'no such encoding');
    expectUndefined(runHalfwords([0xf3a0, 0x8000]), 'NOP T2: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xf3af, 0x8803]), 'WFI T2: UNPREDICTABLE');
  });

  it.each(['wfi', 'wfi.w'])('%s with nothing to wake the core halts after it', async (wfi) => {
    const cpu = await run(`${wfi}\nb .`);
    expect(cpu.stopped?.kind).toBe('halted');
    expect(cpu.stopped?.message).toContain('WFI');
    expect(cpu.pc).toBe(CODE + (wfi === 'wfi' ? 2 : 4));
  });

  it('WFE halts when the event register is clear; SEV sets it and WFE consumes it', async () => {
    const wait = await run('wfe\nb .');
    expect(wait.stopped?.kind).toBe('halted');
    expect(wait.stopped?.message).toContain('WFE');
    expect(wait.pc).toBe(CODE + 2);

    const cpu = await run('sev\nwfe\nsev.w\nwfe.w\nb .');
    expectHalted(cpu, CODE + 12);
    expect(cpu.eventRegister).toBe(false);

    const pending = await run('sev.w\nb .');
    expect(pending.eventRegister).toBe(true);
  });

  it('WFI, WFE and SEV go through cpu.hooks', async () => {
    const calls: string[] = [];
    const cpu = await runIn('wfi\nwfe\nsev\nwfi.w\nwfe.w\nsev.w\nb .', {}, (c) => {
      c.hooks = {
        ...stopOnEvent,
        wfi: () => calls.push('wfi'),
        wfe: () => calls.push('wfe'),
        sev: () => calls.push('sev'),
      };
    });
    expect(calls).toEqual(['wfi', 'wfe', 'sev', 'wfi', 'wfe', 'sev']);
    expectHalted(cpu, CODE + 18);
  });
});

describe('BKPT', () => {
  it('stops the run with kind breakpoint, the PC at the BKPT', async () => {
    const cpu = await run('nop\nbkpt #7\nb .', { regs: { r0: 5 } });
    expect(cpu.stopped?.kind).toBe('breakpoint');
    expect(cpu.stopped?.message).toContain('BKPT #7');
    expect(cpu.pc).toBe(CODE + 2);
    expect(cpu.regs[0]).toBe(5);
  });

  it('hands imm8 to cpu.hooks.bkpt', async () => {
    const got: number[] = [];
    const cpu = await runIn('bkpt #0xab\nb .', {}, (c) => {
      c.hooks = { ...stopOnEvent, bkpt: (_c, imm8) => got.push(imm8) };
    });
    expect(got).toEqual([0xab]);
    expectHalted(cpu, CODE + 2);
  });
});

describe('SVC', () => {
  it('with no exception model, stops with a reason and the PC at the SVC', async () => {
    const cpu = await run('svc #9\nb .');
    expect(cpu.stopped?.kind).toBe('halted');
    expect(cpu.stopped?.message).toContain('SVC #9');
    expect(cpu.pc).toBe(CODE);
  });

  it('hands imm8 to cpu.hooks.svc', async () => {
    const got: number[] = [];
    const cpu = await runIn('svc #0x42\nsvc #255\nb .', {}, (c) => {
      c.hooks = { ...stopOnEvent, svc: (_c, imm8) => got.push(imm8) };
    });
    expect(got).toEqual([0x42, 255]);
    expectHalted(cpu, CODE + 4);
  });
});

describe('UDF', () => {
  it('UDF T1 faults with UNDEFINSTR at its own address', async () => {
    const cpu = await run('nop\nudf #3\nb .');
    expectUndefined(cpu, 'UDF #3', CODE + 2);
  });

  it('UDF T2 faults with UNDEFINSTR', async () => {
    const cpu = await run('udf.w #0x1234\nb .');
    expectUndefined(cpu, 'UDF.W #4660');
  });

  it('is conditional: skipped in an IT block whose condition fails', () => {
    // IT EQ; UDF #3; B .
    expectHalted(runHalfwords([0xbf08, 0xde03, 0xe7fe], {}, 3), CODE + 4);
    expectUndefined(runHalfwords([0xbf08, 0xde03, 0xe7fe], { flags: 'Z' }, 3), 'UDF', CODE + 2);
  });
});

describe('barriers', () => {
  it('DMB, DSB and ISB execute with any option', async () => {
    const cpu = await run('dmb\ndsb\nisb\ndmb ish\ndsb #3\nisb #5\nb .', { regs: { r0: 7 } });
    expectHalted(cpu, CODE + 24);
    expect(cpu.regs[0]).toBe(7);
  });

  it.each([
    [0x8f4f, 'DSB'],
    [0x8f5f, 'DMB'],
    [0x8f6f, 'ISB'],
  ])('0xf3bf %s (%s) costs CYCLES.barrier', (hw2) => {
    const cpu = runHalfwords([0xf3bf, hw2]);
    expect(cpu.stopped).toBeNull();
    expect(cpu.pc).toBe(CODE + 4);
    expect(cpu.cycles).toBe(CYCLES.barrier);
  });

  it('should-be bits are checked; op 0111 is not a barrier', () => {
    expectUndefined(runHalfwords([0xf3bf, 0x805f]), 'DMB T1: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xf3b0, 0x8f4f]), 'DSB T1: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xf3bf, 0xaf6f]), 'ISB T1: UNPREDICTABLE');
    expectUndefined(runHalfwords([0xf3bf, 0x8f7f]), 'no such encoding');
  });
});
