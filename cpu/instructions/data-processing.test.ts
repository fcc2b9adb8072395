import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, REG_NAMES, flags, run, runHalfwords, type Setup } from '../../test/thumb.ts';
import type { Cpu } from '../cpu.ts';
import { CYCLES } from '../cycles.ts';
import { decode, encodingOf } from '../decoder.ts';
import type { Insn } from '../insn.ts';
import { ENCODINGS } from './data-processing.ts';

/** prepare() sets the main stack pointer to this. */
const SP0 = 0x2005_0000;
const ONES = 0xffff_ffff;

/** The encoding names of every instruction in `source`, in order. */
async function encodings(source: string): Promise<string[]> {
  const code = await assemble(source, CODE);
  const names: string[] = [];
  for (let k = 0; k < code.length;) {
    const hw = code[k] | (code[k + 1] << 8);
    if (hw >>> 11 >= 0x1d) {
      const raw = ((hw << 16) | code[k + 2] | (code[k + 3] << 8)) >>> 0;
      names.push(encodingOf(raw, 4)?.name ?? `none (0x${raw.toString(16)})`);
      k += 4;
    } else {
      names.push(encodingOf(hw, 2)?.name ?? `none (0x${hw.toString(16)})`);
      k += 2;
    }
  }
  return names;
}

function expectHalted(cpu: Cpu): void {
  expect(cpu.stopped?.message).toContain('branch to self');
}

function expectUndefined(cpu: Cpu, why: string, at = CODE): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain('UNDEFINSTR');
  expect(cpu.stopped?.message).toContain(why);
  expect(cpu.pc).toBe(at);
}

/** [source, setup, expected registers, expected flags as flags() prints them]. */
type Case = [string, Setup, Record<string, number>, string];

/** Runs `source` followed by `b .` and checks the registers named and all of N Z C V Q. */
function cases(list: Case[]): void {
  it.each(list.map((c) => [`${c[0]}  ${JSON.stringify(c[1])}`, ...c] as const))(
    '%s',
    async (_title, source, setup, regs, f) => {
      const cpu = await run(`${source}\nb .`, setup);
      expectHalted(cpu);
      for (const [name, value] of Object.entries(regs)) {
        expect(cpu.regs[REG_NAMES.indexOf(name)], name).toBe(value >>> 0);
      }
      expect(flags(cpu)).toBe(f);
    },
  );
}

describe('decoding', () => {
  // Every encoding of data-processing.ts, as keystone assembles it.
  const examples: [string, string][] = [
    ['lsls r0, r1, #3', 'LSL (immediate) T1'],
    ['lsrs r0, r1, #32', 'LSR (immediate) T1'],
    ['asrs r0, r1, #1', 'ASR (immediate) T1'],
    ['movs r0, r1', 'MOV (register) T2'],
    ['lsls r0, r1, #0', 'MOV (register) T2'],
    ['adds r0, r1, r2', 'ADD (register) T1'],
    ['subs r0, r1, r2', 'SUB (register) T1'],
    ['adds r0, r1, #7', 'ADD (immediate) T1'],
    ['subs r0, r1, #7', 'SUB (immediate) T1'],
    ['movs r0, #255', 'MOV (immediate) T1'],
    ['cmp r0, #1', 'CMP (immediate) T1'],
    ['adds r0, #200', 'ADD (immediate) T2'],
    ['subs r0, #200', 'SUB (immediate) T2'],
    ['ands r0, r1', 'AND (register) T1'],
    ['eors r0, r1', 'EOR (register) T1'],
    ['lsls r0, r1', 'LSL (register) T1'],
    ['lsrs r0, r1', 'LSR (register) T1'],
    ['asrs r0, r1', 'ASR (register) T1'],
    ['adcs r0, r1', 'ADC (register) T1'],
    ['sbcs r0, r1', 'SBC (register) T1'],
    ['rors r0, r1', 'ROR (register) T1'],
    ['tst r0, r1', 'TST (register) T1'],
    ['negs r0, r1', 'RSB (immediate) T1'],
    ['cmp r0, r1', 'CMP (register) T1'],
    ['cmn r0, r1', 'CMN (register) T1'],
    ['orrs r0, r1', 'ORR (register) T1'],
    ['bics r0, r1', 'BIC (register) T1'],
    ['mvns r0, r1', 'MVN (register) T1'],
    ['add r8, r1', 'ADD (register) T2'],
    ['add r0, pc', 'ADD (register) T2'],
    ['add r0, sp, r0', 'ADD (SP plus register) T1'],
    ['add sp, sp, sp', 'ADD (SP plus register) T1'],
    ['add sp, r8', 'ADD (SP plus register) T2'],
    ['cmp r8, r1', 'CMP (register) T2'],
    ['mov r8, r1', 'MOV (register) T1'],
    ['mov pc, lr', 'MOV (register) T1'],
    ['adr r0, lab\n.align 2\nlab: nop', 'ADR T1'],
    ['add r0, sp, #16', 'ADD (SP plus immediate) T1'],
    ['add sp, #16', 'ADD (SP plus immediate) T2'],
    ['sub sp, #16', 'SUB (SP minus immediate) T1'],
    ['ands.w r0, r1, #0xff00ff00', 'AND (immediate) T1'],
    ['tst.w r0, #0x80000000', 'TST (immediate) T1'],
    ['bics r0, r1, #1', 'BIC (immediate) T1'],
    ['orrs r0, r1, #0x3fc', 'ORR (immediate) T1'],
    ['mov.w r0, #0x55555555', 'MOV (immediate) T2'],
    ['orns r0, r1, #0xff', 'ORN (immediate) T1'],
    ['mvns r0, #0xf0', 'MVN (immediate) T1'],
    ['eors r0, r1, #0x00ab00ab', 'EOR (immediate) T1'],
    ['teq r0, #0xab', 'TEQ (immediate) T1'],
    ['adds.w r0, r1, #0x100', 'ADD (immediate) T3'],
    ['cmn.w r0, #0x100', 'CMN (immediate) T1'],
    ['add.w r0, sp, #0x100', 'ADD (SP plus immediate) T3'],
    ['adcs r0, r1, #0x10000', 'ADC (immediate) T1'],
    ['sbcs r0, r1, #1', 'SBC (immediate) T1'],
    ['subs.w r0, r1, #0x100', 'SUB (immediate) T3'],
    ['cmp.w r0, #0x100', 'CMP (immediate) T2'],
    ['sub.w r0, sp, #0x100', 'SUB (SP minus immediate) T2'],
    ['rsbs.w r0, r1, #0x100', 'RSB (immediate) T2'],
    ['addw r0, r1, #0xfff', 'ADD (immediate) T4'],
    ['addw r0, sp, #0xfff', 'ADD (SP plus immediate) T4'],
    ['adr.w r0, lab\nlab: nop', 'ADR T3'],
    ['subw r0, r1, #0xfff', 'SUB (immediate) T4'],
    ['subw r0, sp, #0xfff', 'SUB (SP minus immediate) T3'],
    ['lab: adr.w r0, lab', 'ADR T2'],
    ['movw r0, #0xabcd', 'MOV (immediate) T3'],
    ['movt r0, #0x1234', 'MOVT T1'],
    ['ands.w r0, r1, r2, lsl #3', 'AND (register) T2'],
    ['tst.w r0, r1, lsr #32', 'TST (register) T2'],
    ['bic.w r0, r1, r2, asr #1', 'BIC (register) T2'],
    ['orr.w r0, r1, r2, ror #8', 'ORR (register) T2'],
    ['movs.w r0, r1', 'MOV (register) T3'],
    ['lsl r0, r1, #0', 'MOV (register) T3'],
    ['lsls.w r0, r1, #31', 'LSL (immediate) T2'],
    ['lsr.w r0, r1, #32', 'LSR (immediate) T2'],
    ['asrs.w r0, r1, #32', 'ASR (immediate) T2'],
    ['rrxs r0, r1', 'RRX T1'],
    ['ror r0, r1, #4', 'ROR (immediate) T1'],
    ['orn r0, r1, r2, lsl #1', 'ORN (register) T1'],
    ['mvns.w r0, r1, asr #2', 'MVN (register) T2'],
    ['eors.w r0, r1, r2', 'EOR (register) T2'],
    ['teq.w r0, r1, lsl #4', 'TEQ (register) T1'],
    ['adds.w r0, r1, r2, lsl #2', 'ADD (register) T3'],
    ['cmn.w r0, r1, lsl #2', 'CMN (register) T2'],
    ['add.w r0, sp, r2, lsl #2', 'ADD (SP plus register) T3'],
    ['adcs.w r0, r1, r2', 'ADC (register) T2'],
    ['sbcs.w r0, r1, r2', 'SBC (register) T2'],
    ['subs.w r0, r1, r2, lsr #1', 'SUB (register) T2'],
    ['cmp.w r0, r1, asr #1', 'CMP (register) T3'],
    ['sub.w sp, sp, r1, lsl #3', 'SUB (SP minus register) T1'],
    ['rsbs r0, r1, r2, lsl #4', 'RSB (register) T1'],
    ['lsls.w r0, r1, r2', 'LSL (register) T2'],
    ['lsrs.w r0, r1, r2', 'LSR (register) T2'],
    ['asr.w r0, r1, r2', 'ASR (register) T2'],
    ['rors.w r0, r1, r2', 'ROR (register) T2'],
  ];
  it.each(examples)('%s is %s', async (source, name) => {
    expect((await encodings(source))[0]).toBe(name);
  });

  it('fills every operand with an integer (random encodings of each pattern)', () => {
    let seed = 0x2545f491;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const keys = ['d', 'n', 'm', 'imm32', 'setflags', 'carry', 'shift_t', 'shift_n'] as const;
    for (const e of ENCODINGS) {
      for (let k = 0; k < 64; k++) {
        const bits = e.size === 2 ? random() & 0xffff : random();
        const insn: Insn = decode((e.value | (bits & ~e.mask)) >>> 0, e.size);
        for (const key of keys) expect(Number.isInteger(insn[key]), `${e.name} ${key}`).toBe(true);
      }
    }
  });

  it('leaves MUL T1 to multiply.ts', async () => {
    expect((await encodings('muls r0, r1, r0'))[0]).not.toMatch(/^(AND|ORR|BIC|MVN)/);
  });

  // The SEE lines: the same top bits are another instruction when Rd, Rn or S say so.
  it.each([
    [0xf0100f01, 'TST (immediate) T1'], // AND with Rd = 1111, S = 1
    [0xf0900f01, 'TEQ (immediate) T1'],
    [0xf1100f01, 'CMN (immediate) T1'],
    [0xf11d0f01, 'CMN (immediate) T1'], // ... also with Rn = SP
    [0xf1b00f01, 'CMP (immediate) T2'],
    [0xf1bd0f01, 'CMP (immediate) T2'],
    [0xf04f0001, 'MOV (immediate) T2'], // ORR with Rn = 1111
    [0xf06f0001, 'MVN (immediate) T1'],
    [0xf10d0001, 'ADD (SP plus immediate) T3'],
    [0xf1ad0001, 'SUB (SP minus immediate) T2'],
    [0xea100f01, 'TST (register) T2'],
    [0xea900f01, 'TEQ (register) T1'],
    [0xeb100f01, 'CMN (register) T2'],
    [0xeb1d0f01, 'CMN (register) T2'],
    [0xebb00f01, 'CMP (register) T3'],
    [0xebbd0f01, 'CMP (register) T3'],
    [0xea6f0001, 'MVN (register) T2'],
    [0xea4f0031, 'RRX T1'], // ROR #0
    [0xea4f0001, 'MOV (register) T3'], // LSL #0
    [0xf20f0001, 'ADR T3'], // ADDW with Rn = PC
    [0xf2af0001, 'ADR T2'],
  ])('0x%s is %s', (raw, name) => {
    expect(encodingOf(raw, 4)?.name).toBe(name);
  });
});

describe('16-bit shift (immediate), add, subtract, move, compare (A5.2.1)', () => {
  cases([
    // LSL #3 of 0x30000001: 0x80000008, carry out bit 29 = 1; V unchanged.
    ['lsls r0, r1, #3', { regs: { r1: 0x30000001 }, flags: 'V' }, { r0: 0x80000008 }, 'NzCVq'],
    ['lsls r0, r1, #1', { regs: { r1: 0x40000000 }, flags: 'C' }, { r0: 0x80000000 }, 'Nzcvq'],
    // LSR #32 (imm5 = 0): result 0, carry out bit 31.
    ['lsrs r0, r1, #32', { regs: { r1: 0x80000000 } }, { r0: 0 }, 'nZCvq'],
    ['lsrs r0, r1, #1', { regs: { r1: 1 } }, { r0: 0 }, 'nZCvq'],
    ['asrs r0, r1, #32', { regs: { r1: 0x80000000 } }, { r0: 0xffffffff }, 'NzCvq'],
    ['asrs r0, r1, #32', { regs: { r1: 0x7fffffff }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    ['asrs r0, r1, #4', { regs: { r1: 0x80000018 } }, { r0: 0xf8000001 }, 'NzCvq'],
    // MOVS Rd, Rm: N and Z only.
    ['movs r0, r1', { regs: { r1: 0 }, flags: 'NC' }, { r0: 0 }, 'nZCvq'],
    ['movs r0, r1', { regs: { r1: 0x80000000 }, flags: 'ZV' }, { r0: 0x80000000 }, 'NzcVq'],
    ['adds r0, r1, r2', { regs: { r1: 0x7fffffff, r2: 1 } }, { r0: 0x80000000 }, 'NzcVq'],
    ['adds r0, r1, r2', { regs: { r1: 0xffffffff, r2: 1 } }, { r0: 0 }, 'nZCvq'],
    ['subs r0, r1, r2', { regs: { r1: 0, r2: 1 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['subs r0, r1, r2', { regs: { r1: 5, r2: 5 } }, { r0: 0 }, 'nZCvq'],
    ['subs r0, r1, r2', { regs: { r1: 0x80000000, r2: 1 } }, { r0: 0x7fffffff }, 'nzCVq'],
    ['adds r0, r1, #7', { regs: { r1: 0xfffffffa } }, { r0: 1 }, 'nzCvq'],
    ['subs r0, r1, #7', { regs: { r1: 3 } }, { r0: 0xfffffffc }, 'Nzcvq'],
    ['subs r0, r1, #0', { regs: { r1: 0 } }, { r0: 0 }, 'nZCvq'],
    // MOVS #imm8: C unchanged.
    ['movs r0, #0', { regs: { r0: 5 }, flags: 'NC' }, { r0: 0 }, 'nZCvq'],
    ['movs r0, #255', { flags: 'ZV' }, { r0: 255 }, 'nzcVq'],
    ['cmp r0, #1', { regs: { r0: 1 } }, { r0: 1 }, 'nZCvq'],
    ['cmp r0, #1', { regs: { r0: 0 } }, { r0: 0 }, 'Nzcvq'],
    ['cmp r0, #255', { regs: { r0: 0x80000000 } }, {}, 'nzCVq'],
    ['adds r0, #200', { regs: { r0: 0xffffff38 } }, { r0: 0 }, 'nZCvq'],
    ['subs r0, #200', { regs: { r0: 200 } }, { r0: 0 }, 'nZCvq'],
    ['subs r7, #1', { regs: { r7: 0 } }, { r7: 0xffffffff }, 'Nzcvq'],
  ]);

  it('inside an IT block the 16-bit forms leave the flags alone', async () => {
    const source = `
      itttt eq
      addeq r0, r1, r2
      lsleq r3, r4, #1
      moveq r5, #0
      rsbeq r6, r7, #0
      b .`;
    expect(await encodings(source)).toEqual([
      'IT T1',
      'ADD (register) T1',
      'LSL (immediate) T1',
      'MOV (immediate) T1',
      'RSB (immediate) T1',
      'B T2',
    ]);
    const regs = { r1: 0xffffffff, r2: 1, r4: 0x80000000, r5: 7, r7: 1 };
    const cpu = await run(source, { regs, flags: 'Z' });
    expectHalted(cpu);
    expect([cpu.regs[0], cpu.regs[3], cpu.regs[5], cpu.regs[6]]).toEqual([0, 0, 0, 0xffffffff]);
    expect(flags(cpu)).toBe('nZcvq');
  });

  it('MOVS Rd, Rm (the LSL #0 encoding) is UNPREDICTABLE inside an IT block', async () => {
    const source = 'it eq\nlsleq r0, r1, #0\nb .';
    expect((await encodings(source))[1]).toBe('MOV (register) T2');
    const cpu = await run(source, { regs: { r1: 9 }, flags: 'Z' });
    expectUndefined(cpu, 'MOV (register) T2', CODE + 2);
    expect(cpu.regs[0]).toBe(0);
  });

  it('costs CYCLES.alu', () => {
    expect(runHalfwords([0x1888]).cycles).toBe(CYCLES.alu);
  });
});

describe('16-bit data processing (A5.2.2)', () => {
  cases([
    // Register forms shift by LSL #0: C is unchanged.
    [
      'ands r0, r1',
      { regs: { r0: 0xf0f0f0f0, r1: 0x8f0f0f0f }, flags: 'CV' },
      { r0: 0x80000000 },
      'NzCVq',
    ],
    ['eors r0, r1', { regs: { r0: 0x1234, r1: 0x1234 } }, { r0: 0 }, 'nZcvq'],
    // Shifts by register use Rm<7:0>.
    ['lsls r0, r1', { regs: { r0: 1, r1: 32 } }, { r0: 0 }, 'nZCvq'],
    ['lsls r0, r1', { regs: { r0: 1, r1: 33 }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    ['lsls r0, r1', { regs: { r0: 1, r1: 0x100 }, flags: 'C' }, { r0: 1 }, 'nzCvq'],
    ['lsls r0, r1', { regs: { r0: 1, r1: 0xffffff01 }, flags: 'C' }, { r0: 2 }, 'nzcvq'],
    ['lsls r0, r1', { regs: { r0: 0x80000001, r1: 1 } }, { r0: 2 }, 'nzCvq'],
    ['lsrs r0, r1', { regs: { r0: 0x80000000, r1: 32 } }, { r0: 0 }, 'nZCvq'],
    ['lsrs r0, r1', { regs: { r0: 0x80000000, r1: 31 } }, { r0: 1 }, 'nzcvq'],
    ['lsrs r0, r1', { regs: { r0: 0xffffffff, r1: 255 }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    ['lsrs r0, r1', { regs: { r0: 0xffffffff, r1: 0 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['asrs r0, r1', { regs: { r0: 0x80000000, r1: 200 } }, { r0: 0xffffffff }, 'NzCvq'],
    ['asrs r0, r1', { regs: { r0: 0x40000000, r1: 40 }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    ['asrs r0, r1', { regs: { r0: 0x80000000, r1: 32 } }, { r0: 0xffffffff }, 'NzCvq'],
    ['asrs r0, r1', { regs: { r0: 0xfffffff0, r1: 4 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['rors r0, r1', { regs: { r0: 0x80000001, r1: 1 } }, { r0: 0xc0000000 }, 'NzCvq'],
    // ROR by 32 or 64: the value, with C = bit 31; by 0: C unchanged.
    ['rors r0, r1', { regs: { r0: 0x80000001, r1: 32 } }, { r0: 0x80000001 }, 'NzCvq'],
    ['rors r0, r1', { regs: { r0: 1, r1: 64 }, flags: 'C' }, { r0: 1 }, 'nzcvq'],
    ['rors r0, r1', { regs: { r0: 1, r1: 0x100 }, flags: 'C' }, { r0: 1 }, 'nzCvq'],
    ['rors r0, r1', { regs: { r0: 1, r1: 33 } }, { r0: 0x80000000 }, 'NzCvq'],
    ['adcs r0, r1', { regs: { r0: 0xffffffff, r1: 0 }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['adcs r0, r1', { regs: { r0: 0x7fffffff, r1: 0 }, flags: 'C' }, { r0: 0x80000000 }, 'NzcVq'],
    ['adcs r0, r1', { regs: { r0: 2, r1: 3 } }, { r0: 5 }, 'nzcvq'],
    ['sbcs r0, r1', { regs: { r0: 5, r1: 5 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['sbcs r0, r1', { regs: { r0: 5, r1: 5 }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['sbcs r0, r1', { regs: { r0: 0x80000000, r1: 0 } }, { r0: 0x7fffffff }, 'nzCVq'],
    ['tst r0, r1', { regs: { r0: 0xf0, r1: 0x0f }, flags: 'NC' }, { r0: 0xf0 }, 'nZCvq'],
    ['tst r0, r1', { regs: { r0: 0x80000000, r1: 0x80000000 } }, {}, 'Nzcvq'],
    ['negs r0, r1', { regs: { r1: 1 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['negs r0, r1', { regs: { r0: 5, r1: 0 } }, { r0: 0 }, 'nZCvq'],
    ['negs r0, r1', { regs: { r1: 0x80000000 } }, { r0: 0x80000000 }, 'NzcVq'],
    ['cmp r0, r1', { regs: { r0: 1, r1: 2 } }, { r0: 1 }, 'Nzcvq'],
    ['cmp r0, r1', { regs: { r0: 0x7fffffff, r1: 0xffffffff } }, {}, 'NzcVq'],
    ['cmn r0, r1', { regs: { r0: 0x80000000, r1: 0x80000000 } }, { r0: 0x80000000 }, 'nZCVq'],
    ['cmn r0, r1', { regs: { r0: 1, r1: 0xffffffff } }, {}, 'nZCvq'],
    [
      'orrs r0, r1',
      { regs: { r0: 0x0f, r1: 0x80000000 }, flags: 'ZC' },
      { r0: 0x8000000f },
      'NzCvq',
    ],
    ['bics r0, r1', { regs: { r0: 0xff, r1: 0x0f } }, { r0: 0xf0 }, 'nzcvq'],
    ['bics r0, r1', { regs: { r0: 0xff, r1: 0xffffffff } }, { r0: 0 }, 'nZcvq'],
    ['mvns r0, r1', { regs: { r1: 0 }, flags: 'V' }, { r0: 0xffffffff }, 'NzcVq'],
    ['mvns r0, r1', { regs: { r1: 0xffffffff } }, { r0: 0 }, 'nZcvq'],
  ]);
});

describe('16-bit special data instructions (A5.2.3)', () => {
  cases([
    // ADD Rdn, Rm with high registers: no flags.
    ['add r8, r1', { regs: { r8: 0x10, r1: 0xfffffff0 } }, { r8: 0 }, 'nzcvq'],
    ['add r1, r8', { regs: { r8: 0x7fffffff, r1: 1 }, flags: 'Z' }, { r1: 0x80000000 }, 'nZcvq'],
    ['add r0, pc', { regs: { r0: 0x10 } }, { r0: CODE + 4 + 0x10 }, 'nzcvq'],
    ['add r0, sp, r0', { regs: { r0: 0x10 } }, { r0: SP0 + 0x10, sp: SP0 }, 'nzcvq'],
    ['add sp, r8', { regs: { r8: 0x100 } }, { sp: SP0 + 0x100 }, 'nzcvq'],
    ['add sp, r8', { regs: { r8: 0xfffffff0 } }, { sp: SP0 - 0x10 }, 'nzcvq'],
    ['add sp, sp, sp', {}, { sp: 2 * SP0 }, 'nzcvq'],
    ['cmp r8, r1', { regs: { r8: 5, r1: 5 } }, {}, 'nZCvq'],
    ['cmp r1, r8', { regs: { r8: 5, r1: 4 } }, {}, 'Nzcvq'],
    ['cmp sp, r9', { regs: { r9: SP0 } }, {}, 'nZCvq'],
    ['mov r8, r1', { regs: { r1: 0x12345678 }, flags: 'NZCV' }, { r8: 0x12345678 }, 'NZCVq'],
    ['mov r0, pc', {}, { r0: CODE + 4 }, 'nzcvq'],
    ['mov sp, r0', { regs: { r0: 0x20001000 } }, { sp: 0x20001000 }, 'nzcvq'],
    ['mov r0, sp', {}, { r0: SP0 }, 'nzcvq'],
  ]);

  it('ADD PC, Rm writes the PC (ALUWritePC: bit 0 cleared) and costs a refill', async () => {
    const source = 'add pc, r0\nmovs r1, #1\nmovs r2, #2\nb .';
    // PC reads CODE + 4; CODE + 4 + 1 clears to CODE + 4: the first movs is skipped.
    const cpu = await run(source, { regs: { r0: 1 } });
    expectHalted(cpu);
    expect([cpu.regs[1], cpu.regs[2]]).toEqual([0, 2]);
    expect(cpu.pc).toBe(CODE + 6);
    expect(cpu.t).toBe(1);
    const one = runHalfwords([0x4487], { regs: { r0: 0 } });
    expect(one.pc).toBe(CODE + 4);
    expect(one.cycles).toBe(CYCLES.alu + CYCLES.branchRefill);
  });

  it('MOV PC, LR branches without interworking', async () => {
    const source = 'mov pc, lr\nmovs r1, #1\nmovs r2, #2\nb .';
    const cpu = await run(source, { regs: { lr: (CODE + 4) | 1 } });
    expectHalted(cpu);
    expect([cpu.regs[1], cpu.regs[2]]).toEqual([0, 2]);
    // Even target: ALUWritePC is BranchWritePC in ARMv7-M, T stays 1.
    const even = runHalfwords([0x46f7], { regs: { lr: CODE + 8 } });
    expect(even.pc).toBe(CODE + 8);
    expect(even.t).toBe(1);
  });

  it('writing the PC is allowed as the last instruction of an IT block', async () => {
    const cpu = await run('it eq\naddeq pc, r0\nmovs r1, #1\nb .', { regs: { r0: 0 }, flags: 'Z' });
    // addeq at CODE + 2 reads PC = CODE + 6, the b . : the movs at CODE + 4 is skipped.
    expectHalted(cpu);
    expect(cpu.regs[1]).toBe(0);
    expect(cpu.pc).toBe(CODE + 6);
  });

  it.each([
    ['ADD (register) T2', 0x4487], // add pc, r0
    ['MOV (register) T1', 0x46f7], // mov pc, lr
    ['ADD (SP plus register) T1', 0x44ef], // add pc, sp, pc
  ])('%s writing the PC not last in an IT block is UNPREDICTABLE', (name, hw) => {
    // ITT EQ; <hw>; NOP
    const cpu = runHalfwords([0xbf04, hw, 0xbf00], { flags: 'Z', regs: { lr: CODE + 0x40 } }, 2);
    expectUndefined(cpu, `${name} writing the PC not last in an IT block`, CODE + 2);
  });

  it.each([
    ['ADD PC, PC', 0x44ff, 'ADD (register) T2'],
    ['CMP (register) T2 with two low registers', 0x4508, 'CMP (register) T2'],
    ['CMP Rn, PC', 0x45f8, 'CMP (register) T2'],
    ['CMP PC, Rn', 0x4587, 'CMP (register) T2'],
  ])('%s is UNPREDICTABLE', (_what, hw, name) => {
    expectUndefined(runHalfwords([hw]), `${name}: UNPREDICTABLE`);
  });
});

describe('ADR and ADD/SUB with SP, 16-bit', () => {
  it('ADR T1 adds to Align(PC, 4)', async () => {
    // adr at CODE + 2: PC = CODE + 6, aligned CODE + 4; lab is at CODE + 8.
    const cpu = await run('nop\nadr r0, lab\nb .\n.align 2\nlab: .word 0');
    expectHalted(cpu);
    expect(cpu.regs[0]).toBe(CODE + 8);
    expect(runHalfwords([0xa0ff]).regs[0]).toBe(CODE + 4 + 0x3fc);
  });

  cases([
    ['add r0, sp, #16', { flags: 'Z' }, { r0: SP0 + 16, sp: SP0 }, 'nZcvq'],
    ['add r7, sp, #1020', {}, { r7: SP0 + 1020 }, 'nzcvq'],
    ['add sp, #16', {}, { sp: SP0 + 16 }, 'nzcvq'],
    ['add sp, #508', {}, { sp: SP0 + 508 }, 'nzcvq'],
    ['sub sp, #16', {}, { sp: SP0 - 16 }, 'nzcvq'],
    ['sub sp, #508', { flags: 'C' }, { sp: SP0 - 508 }, 'nzCvq'],
  ]);
});

describe('32-bit data processing (modified immediate) (A5.3.1)', () => {
  cases([
    // 0xff00ff00 is a replicated constant (imm12<11:10> = 00): C unchanged.
    [
      'ands.w r0, r1, #0xff00ff00',
      { regs: { r1: 0x12345678 }, flags: 'C' },
      { r0: 0x12005600 },
      'nzCvq',
    ],
    ['ands.w r0, r1, #0xff00ff00', { regs: { r1: 0x12345678 } }, { r0: 0x12005600 }, 'nzcvq'],
    // Rotated constants: C = bit 31 of the constant.
    ['ands r0, r1, #0x80000000', { regs: { r1: 0x80000000 } }, { r0: 0x80000000 }, 'NzCvq'],
    ['ands r0, r1, #0x80000000', { regs: { r1: 0x7fffffff } }, { r0: 0 }, 'nZCvq'],
    ['ands r0, r1, #0x3fc', { regs: { r1: 0xffffffff }, flags: 'CV' }, { r0: 0x3fc }, 'nzcVq'],
    ['and r0, r1, #0x80000000', { regs: { r1: 0xffffffff } }, { r0: 0x80000000 }, 'nzcvq'],
    ['tst.w r0, #0x80000000', { regs: { r0: 0x7fffffff } }, {}, 'nZCvq'],
    ['tst.w r0, #1', { regs: { r0: 1 }, flags: 'ZC' }, {}, 'nzCvq'],
    ['bics r0, r1, #1', { regs: { r1: 1 }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['bic r0, r1, #0xff000000', { regs: { r1: 0xffffffff } }, { r0: 0x00ffffff }, 'nzcvq'],
    ['orrs r0, r1, #0x3fc', { regs: { r1: 0x80000000 }, flags: 'CV' }, { r0: 0x800003fc }, 'NzcVq'],
    ['orr r0, r1, #0x00ff00ff', { regs: { r1: 0x0f000f00 } }, { r0: 0x0fff0fff }, 'nzcvq'],
    ['mov.w r0, #0x55555555', { flags: 'NZCV' }, { r0: 0x55555555 }, 'NZCVq'],
    ['movs.w r0, #0xff000000', {}, { r0: 0xff000000 }, 'NzCvq'],
    ['movs.w r0, #0', { regs: { r0: 3 }, flags: 'NC' }, { r0: 0 }, 'nZCvq'],
    ['mov.w r12, #0x1fe', {}, { r12: 0x1fe }, 'nzcvq'],
    ['orns r0, r1, #0xff', { regs: { r1: 0 }, flags: 'C' }, { r0: 0xffffff00 }, 'NzCvq'],
    ['orn r0, r1, #0xffffffff', { regs: { r1: 0x1234 } }, { r0: 0x1234 }, 'nzcvq'],
    ['mvns r0, #0xf0', {}, { r0: 0xffffff0f }, 'Nzcvq'],
    ['mvns r0, #0x80000000', {}, { r0: 0x7fffffff }, 'nzCvq'],
    ['mvn r0, #0', {}, { r0: 0xffffffff }, 'nzcvq'],
    ['eors r0, r1, #0x00ab00ab', { regs: { r1: 0x00ab00ab } }, { r0: 0 }, 'nZcvq'],
    ['eor r0, r1, #0xab', { regs: { r1: 0xff } }, { r0: 0x54 }, 'nzcvq'],
    ['teq r0, #0xab', { regs: { r0: 0xab }, flags: 'C' }, {}, 'nZCvq'],
    ['teq r0, #0x80000000', { regs: { r0: 0x80000000 } }, {}, 'nZCvq'],
    ['teq r0, #0x80000000', { regs: { r0: 0 } }, {}, 'NzCvq'],
    ['adds.w r0, r1, #0x100', { regs: { r1: 0xffffff00 } }, { r0: 0 }, 'nZCvq'],
    ['add.w r0, r1, #0x100', { regs: { r1: 0xffffff00 } }, { r0: 0 }, 'nzcvq'],
    ['adds r0, r1, #0x10000', { regs: { r1: 0x7fff0000 } }, { r0: 0x80000000 }, 'NzcVq'],
    ['cmn.w r0, #0x100', { regs: { r0: 0x7fffff00 } }, {}, 'NzcVq'],
    ['cmn.w r0, #1', { regs: { r0: 0xffffffff } }, {}, 'nZCvq'],
    ['cmn.w sp, #0x100', {}, { sp: SP0 }, 'nzcvq'],
    ['add.w r0, sp, #0x100', {}, { r0: SP0 + 0x100, sp: SP0 }, 'nzcvq'],
    ['adds.w sp, sp, #0x100', { flags: 'ZCV' }, { sp: SP0 + 0x100 }, 'nzcvq'],
    ['adds.w r0, sp, #0xe0000000', {}, { r0: 0x50000 }, 'nzCvq'],
    ['adcs r0, r1, #0x10000', { regs: { r1: 0xfffeffff }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['adc r0, r1, #1', { regs: { r1: 1 }, flags: 'C' }, { r0: 3 }, 'nzCvq'],
    ['sbcs r0, r1, #1', { regs: { r1: 0 }, flags: 'C' }, { r0: 0xffffffff }, 'Nzcvq'],
    ['sbcs r0, r1, #1', { regs: { r1: 2 } }, { r0: 0 }, 'nZCvq'],
    ['subs.w r0, r1, #0x100', { regs: { r1: 0x100 } }, { r0: 0 }, 'nZCvq'],
    ['sub.w r0, r1, #0x100', { regs: { r1: 0 } }, { r0: 0xffffff00 }, 'nzcvq'],
    ['cmp.w r0, #0x100', { regs: { r0: 0x80000000 } }, {}, 'nzCVq'],
    ['cmp.w sp, #0x100', {}, {}, 'nzCvq'],
    ['sub.w r0, sp, #0x100', {}, { r0: SP0 - 0x100 }, 'nzcvq'],
    ['subs.w sp, sp, #0x100', { flags: 'Z' }, { sp: SP0 - 0x100 }, 'nzCvq'],
    ['rsbs.w r0, r1, #0x100', { regs: { r1: 0x101 } }, { r0: 0xffffffff }, 'Nzcvq'],
    ['rsb.w r0, r1, #0x100', { regs: { r1: 0x100 } }, { r0: 0 }, 'nzcvq'],
    ['rsbs.w r0, r1, #0', { regs: { r1: 0x80000000 } }, { r0: 0x80000000 }, 'NzcVq'],
  ]);

  // hw1, hw2, why: the d == 13 / d == 15 / BadReg rules and ThumbExpandImm's imm8 == 0 patterns.
  it.each([
    ['MOV #0x00000000 as 0x00XY00XY with XY = 0', 0xf04f, 0x1000, 'MOV (immediate) T2'],
    ['MOV with imm12 = 0x200 (XY00XY00, XY = 0)', 0xf04f, 0x2000, 'MOV (immediate) T2'],
    ['ADD with imm12 = 0x300 (XYXYXYXY, XY = 0)', 0xf101, 0x3000, 'ADD (immediate) T3'],
    ['AND SP, R1, #1', 0xf001, 0x0d01, 'AND (immediate) T1'],
    ['AND PC, R1, #1 (S = 0)', 0xf001, 0x0f01, 'AND (immediate) T1'],
    ['AND R0, SP, #1', 0xf00d, 0x0001, 'AND (immediate) T1'],
    ['TST SP, #1', 0xf01d, 0x0f01, 'TST (immediate) T1'],
    ['BIC SP, R1, #1', 0xf021, 0x0d01, 'BIC (immediate) T1'],
    ['BIC R0, PC, #1', 0xf02f, 0x0001, 'BIC (immediate) T1'],
    ['ORR R0, SP, #1', 0xf04d, 0x0001, 'ORR (immediate) T1'],
    ['ORR PC, R1, #1', 0xf041, 0x0f01, 'ORR (immediate) T1'],
    ['MOV SP, #1', 0xf04f, 0x0d01, 'MOV (immediate) T2'],
    ['ORN R0, SP, #1', 0xf06d, 0x0001, 'ORN (immediate) T1'],
    ['MVN PC, #1', 0xf06f, 0x0f01, 'MVN (immediate) T1'],
    ['EOR SP, R1, #1', 0xf081, 0x0d01, 'EOR (immediate) T1'],
    ['TEQ PC, #1', 0xf09f, 0x0f01, 'TEQ (immediate) T1'],
    ['ADD SP, R1, #1', 0xf101, 0x0d01, 'ADD (immediate) T3'],
    ['ADD PC, R1, #1 (S = 0)', 0xf101, 0x0f01, 'ADD (immediate) T3'],
    ['ADD R0, PC, #1', 0xf10f, 0x0001, 'ADD (immediate) T3'],
    ['ADD PC, SP, #1 (S = 0)', 0xf10d, 0x0f01, 'ADD (SP plus immediate) T3'],
    ['CMN PC, #1', 0xf11f, 0x0f01, 'CMN (immediate) T1'],
    ['ADC R0, SP, #1', 0xf14d, 0x0001, 'ADC (immediate) T1'],
    ['SBC SP, R1, #1', 0xf161, 0x0d01, 'SBC (immediate) T1'],
    ['SUB SP, R1, #1', 0xf1a1, 0x0d01, 'SUB (immediate) T3'],
    ['SUB R0, PC, #1', 0xf1af, 0x0001, 'SUB (immediate) T3'],
    ['SUB PC, SP, #1 (S = 0)', 0xf1ad, 0x0f01, 'SUB (SP minus immediate) T2'],
    ['CMP PC, #1', 0xf1bf, 0x0f01, 'CMP (immediate) T2'],
    ['RSB R0, SP, #1', 0xf1cd, 0x0001, 'RSB (immediate) T2'],
  ])('%s is UNPREDICTABLE', (_what, hw1, hw2, name) => {
    expectUndefined(runHalfwords([hw1, hw2]), `${name}: UNPREDICTABLE`);
  });
});

describe('32-bit data processing (plain binary immediate) (A5.3.3)', () => {
  cases([
    ['addw r0, r1, #0xfff', { regs: { r1: 1 }, flags: 'NZCV' }, { r0: 0x1000 }, 'NZCVq'],
    ['addw r0, r1, #0xfff', { regs: { r1: 0xfffff001 } }, { r0: 0 }, 'nzcvq'],
    ['addw r0, sp, #0xfff', {}, { r0: SP0 + 0xfff }, 'nzcvq'],
    ['addw sp, sp, #8', {}, { sp: SP0 + 8 }, 'nzcvq'],
    ['subw r0, r1, #0xfff', { regs: { r1: 0 } }, { r0: 0xfffff001 }, 'nzcvq'],
    ['subw r0, sp, #4', {}, { r0: SP0 - 4 }, 'nzcvq'],
    ['subw sp, sp, #4', {}, { sp: SP0 - 4 }, 'nzcvq'],
    ['movw r0, #0xabcd', { regs: { r0: 0xffffffff }, flags: 'NZ' }, { r0: 0xabcd }, 'NZcvq'],
    ['movw r9, #0', { regs: { r9: 5 } }, { r9: 0 }, 'nzcvq'],
    ['movt r0, #0x1234', { regs: { r0: 0xffffabcd } }, { r0: 0x1234abcd }, 'nzcvq'],
    ['movw r0, #0x5678\nmovt r0, #0x8765', {}, { r0: 0x87655678 }, 'nzcvq'],
  ]);

  it('ADR T3 adds to Align(PC, 4)', async () => {
    // adr.w at CODE: PC = CODE + 4; b . at CODE + 4; lab at CODE + 8.
    const cpu = await run('adr.w r0, lab\nb .\n.align 2\nlab: .word 0');
    expect(cpu.regs[0]).toBe(CODE + 8);
    // addw r3, pc, #0xfff at CODE + 2: Align(CODE + 6, 4) = CODE + 4.
    expect(runHalfwords([0xbf00, 0xf60f, 0x73ff], {}, 2).regs[3]).toBe(CODE + 4 + 0xfff);
  });

  it('ADR T2 subtracts from Align(PC, 4)', async () => {
    // adr.w at CODE + 2: PC = CODE + 6, aligned CODE + 4; back = CODE.
    const cpu = await run('back: nop\nadr.w r0, back\nb .');
    expect((await encodings('back: nop\nadr.w r0, back'))[1]).toBe('ADR T2');
    expect(cpu.regs[0]).toBe(CODE);
  });

  it.each([
    ['ADDW SP, R1, #1', 0xf201, 0x0d01, 'ADD (immediate) T4'],
    ['ADDW PC, R1, #1', 0xf201, 0x0f01, 'ADD (immediate) T4'],
    ['ADDW PC, SP, #1', 0xf20d, 0x0f01, 'ADD (SP plus immediate) T4'],
    ['ADR SP (T3)', 0xf20f, 0x0d01, 'ADR T3'],
    ['ADR PC (T2)', 0xf2af, 0x0f01, 'ADR T2'],
    ['SUBW SP, R1, #1', 0xf2a1, 0x0d01, 'SUB (immediate) T4'],
    ['SUBW PC, SP, #1', 0xf2ad, 0x0f01, 'SUB (SP minus immediate) T3'],
    ['MOVW SP, #0', 0xf240, 0x0d00, 'MOV (immediate) T3'],
    ['MOVT PC, #0', 0xf2c0, 0x0f00, 'MOVT T1'],
  ])('%s is UNPREDICTABLE', (_what, hw1, hw2, name) => {
    expectUndefined(runHalfwords([hw1, hw2]), `${name}: UNPREDICTABLE`);
  });
});

describe('32-bit data processing (shifted register) (A5.3.11)', () => {
  cases([
    // LSL #3 of 0x30000001: 0x80000008, shifter carry = bit 29 = 1.
    [
      'ands.w r0, r1, r2, lsl #3',
      { regs: { r1: ONES, r2: 0x30000001 } },
      { r0: 0x80000008 },
      'NzCvq',
    ],
    [
      'and.w r0, r1, r2, lsl #3',
      { regs: { r1: ONES, r2: 0x30000001 } },
      { r0: 0x80000008 },
      'nzcvq',
    ],
    ['tst.w r0, r1, lsr #32', { regs: { r0: ONES, r1: 0x80000000 } }, {}, 'nZCvq'],
    ['tst.w r0, r1', { regs: { r0: 1, r1: 1 }, flags: 'ZC' }, {}, 'nzCvq'],
    [
      'bics.w r0, r1, r2, asr #1',
      { regs: { r1: ONES, r2: 0x80000001 } },
      { r0: 0x3fffffff },
      'nzCvq',
    ],
    ['orrs.w r0, r1, r2, ror #8', { regs: { r1: 0, r2: 0xff } }, { r0: 0xff000000 }, 'NzCvq'],
    ['orrs.w r0, r1, r2, ror #31', { regs: { r1: 0, r2: 1 }, flags: 'C' }, { r0: 2 }, 'nzcvq'],
    // RRX: C into bit 31, bit 0 into C.
    ['orrs.w r0, r1, r2, rrx', { regs: { r1: 0, r2: 1 }, flags: 'C' }, { r0: 0x80000000 }, 'NzCvq'],
    ['orrs.w r0, r1, r2, rrx', { regs: { r1: 0, r2: 2 } }, { r0: 1 }, 'nzcvq'],
    [
      'orns r0, r1, r2, lsl #1',
      { regs: { r1: 0, r2: 0x7fffffff }, flags: 'C' },
      { r0: 1 },
      'nzcvq',
    ],
    ['orn r0, r1, r2', { regs: { r1: 0x10, r2: ONES } }, { r0: 0x10 }, 'nzcvq'],
    ['mvns.w r0, r1, asr #2', { regs: { r1: 0x80000002 } }, { r0: 0x1fffffff }, 'nzCvq'],
    ['mvn.w r0, r1, lsl #4', { regs: { r1: 0x0fffffff } }, { r0: 0x0000000f }, 'nzcvq'],
    ['eors.w r0, r1, r2', { regs: { r1: 0x5a5a, r2: 0x5a5a }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    [
      'eors.w r0, r1, r2, lsr #16',
      { regs: { r1: 0x12345678, r2: 0x56780000 } },
      { r0: 0x12340000 },
      'nzcvq',
    ],
    ['teq.w r0, r1, lsl #4', { regs: { r0: 0x12345670, r1: 0x01234567 }, flags: 'C' }, {}, 'nZcvq'],
    ['teq.w r0, r1, lsl #4', { regs: { r0: 0, r1: 0x18000000 } }, {}, 'NzCvq'],
    ['adds.w r0, r1, r2, lsl #2', { regs: { r1: 0xfffffffc, r2: 1 } }, { r0: 0 }, 'nZCvq'],
    ['add.w r0, r1, r2, lsr #32', { regs: { r1: 7, r2: ONES } }, { r0: 7 }, 'nzcvq'],
    ['adds.w r0, r1, r2, asr #31', { regs: { r1: 1, r2: 0x80000000 } }, { r0: 0 }, 'nZCvq'],
    ['cmn.w r0, r1, lsl #2', { regs: { r0: 0x40000000, r1: 0x10000000 } }, {}, 'NzcVq'],
    ['cmn.w sp, r1', { regs: { r1: 0 } }, {}, 'nzcvq'],
    ['add.w r0, sp, r2, lsl #2', { regs: { r2: 4 } }, { r0: SP0 + 16 }, 'nzcvq'],
    ['add.w sp, sp, r2, lsl #2', { regs: { r2: 4 } }, { sp: SP0 + 16 }, 'nzcvq'],
    ['adds.w r0, sp, r2, lsl #2', { regs: { r2: 0xf8000000 } }, { r0: 0x50000 }, 'nzCvq'],
    [
      'adcs.w r0, r1, r2',
      { regs: { r1: 0x7fffffff, r2: 0 }, flags: 'C' },
      { r0: 0x80000000 },
      'NzcVq',
    ],
    ['adc.w r0, r1, r2, lsl #1', { regs: { r1: 1, r2: 1 }, flags: 'C' }, { r0: 4 }, 'nzCvq'],
    ['sbcs.w r0, r1, r2', { regs: { r1: 0, r2: 0 } }, { r0: ONES }, 'Nzcvq'],
    ['sbcs.w r0, r1, r2', { regs: { r1: 0, r2: 0 }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['subs.w r0, r1, r2, lsr #1', { regs: { r1: 1, r2: 2 } }, { r0: 0 }, 'nZCvq'],
    ['sub.w r0, r1, r2, ror #4', { regs: { r1: 0, r2: 0x10 } }, { r0: ONES }, 'nzcvq'],
    ['cmp.w r0, r1, asr #1', { regs: { r0: 0, r1: 0xfffffffe } }, {}, 'nzcvq'],
    ['cmp.w r0, r1, lsl #1', { regs: { r0: 2, r1: 1 } }, {}, 'nZCvq'],
    ['cmp.w sp, r1', { regs: { r1: SP0 + 1 } }, {}, 'Nzcvq'],
    ['sub.w r0, sp, r1', { regs: { r1: 0x100 } }, { r0: SP0 - 0x100 }, 'nzcvq'],
    ['sub.w sp, sp, r1, lsl #3', { regs: { r1: 2 } }, { sp: SP0 - 16 }, 'nzcvq'],
    ['subs.w r0, sp, r1', { regs: { r1: SP0 } }, { r0: 0 }, 'nZCvq'],
    ['rsbs r0, r1, r2, lsl #4', { regs: { r1: 0x10, r2: 1 } }, { r0: 0 }, 'nZCvq'],
    ['rsb r0, r1, r2', { regs: { r1: 3, r2: 1 } }, { r0: 0xfffffffe }, 'nzcvq'],
    // MOV (register) T3 and the shifts by an immediate.
    ['movs.w r0, r1', { regs: { r1: 0 }, flags: 'C' }, { r0: 0 }, 'nZCvq'],
    ['mov.w r0, r1', { regs: { r1: 0x80000000 } }, { r0: 0x80000000 }, 'nzcvq'],
    ['mov.w sp, r1', { regs: { r1: 0x20001000 } }, { sp: 0x20001000 }, 'nzcvq'],
    ['mov.w r0, sp', {}, { r0: SP0 }, 'nzcvq'],
    ['lsls.w r0, r1, #31', { regs: { r1: 3 } }, { r0: 0x80000000 }, 'NzCvq'],
    ['lsls.w r0, r1, #1', { regs: { r1: 0x40000000 }, flags: 'C' }, { r0: 0x80000000 }, 'Nzcvq'],
    ['lsr.w r0, r1, #32', { regs: { r1: ONES } }, { r0: 0 }, 'nzcvq'],
    ['lsrs.w r0, r1, #32', { regs: { r1: 0x80000000 } }, { r0: 0 }, 'nZCvq'],
    ['lsrs.w r8, r9, #4', { regs: { r9: 0x1f } }, { r8: 1 }, 'nzCvq'],
    ['asrs.w r0, r1, #32', { regs: { r1: 0x80000000 } }, { r0: ONES }, 'NzCvq'],
    ['asrs.w r0, r1, #3', { regs: { r1: 0x80000003 } }, { r0: 0xf0000000 }, 'Nzcvq'],
    ['rrxs r0, r1', { regs: { r1: 3 } }, { r0: 1 }, 'nzCvq'],
    ['rrxs r0, r1', { regs: { r1: 0 }, flags: 'C' }, { r0: 0x80000000 }, 'Nzcvq'],
    ['rrx r0, r1', { regs: { r1: 1 }, flags: 'C' }, { r0: 0x80000000 }, 'nzCvq'],
    ['rors.w r0, r1, #4', { regs: { r1: 0x0000000f } }, { r0: 0xf0000000 }, 'NzCvq'],
    ['ror r0, r1, #4', { regs: { r1: 0x12345678 } }, { r0: 0x81234567 }, 'nzcvq'],
  ]);

  it.each([
    ['AND SP, R1, R2', 0xea01, 0x0d02, 'AND (register) T2'],
    ['AND PC, R1, R2 (S = 0)', 0xea01, 0x0f02, 'AND (register) T2'],
    ['AND R0, R1, SP', 0xea01, 0x000d, 'AND (register) T2'],
    ['TST SP, R1', 0xea1d, 0x0f01, 'TST (register) T2'],
    ['BIC R0, R1, PC', 0xea21, 0x000f, 'BIC (register) T2'],
    ['ORR R0, SP, R1', 0xea4d, 0x0001, 'ORR (register) T2'],
    ['MOV SP, SP (T3)', 0xea4f, 0x0d0d, 'MOV (register) T3'],
    ['MOV PC, R1 (T3)', 0xea4f, 0x0f01, 'MOV (register) T3'],
    ['MOV R0, PC (T3)', 0xea4f, 0x000f, 'MOV (register) T3'],
    ['MOVS SP, R1', 0xea5f, 0x0d01, 'MOV (register) T3'],
    ['MOVS R0, SP', 0xea5f, 0x000d, 'MOV (register) T3'],
    ['LSL SP, R1, #1', 0xea4f, 0x0d41, 'LSL (immediate) T2'],
    ['LSR R0, SP, #1', 0xea4f, 0x005d, 'LSR (immediate) T2'],
    ['ASR PC, R1, #1', 0xea4f, 0x0f61, 'ASR (immediate) T2'],
    ['RRX R0, SP', 0xea4f, 0x003d, 'RRX T1'],
    ['ROR SP, R1, #1', 0xea4f, 0x0d71, 'ROR (immediate) T1'],
    ['ORN R0, SP, R1', 0xea6d, 0x0001, 'ORN (register) T1'],
    ['MVN R0, SP', 0xea6f, 0x000d, 'MVN (register) T2'],
    ['EOR SP, R1, R2', 0xea81, 0x0d02, 'EOR (register) T2'],
    ['TEQ R0, PC', 0xea90, 0x0f0f, 'TEQ (register) T1'],
    ['ADD SP, R1, R2', 0xeb01, 0x0d02, 'ADD (register) T3'],
    ['ADD R0, PC, R2', 0xeb0f, 0x0002, 'ADD (register) T3'],
    ['ADD R0, R1, SP', 0xeb01, 0x000d, 'ADD (register) T3'],
    ['ADD SP, SP, R2, LSL #4', 0xeb0d, 0x1d02, 'ADD (SP plus register) T3'],
    ['ADD SP, SP, R2, LSR #1', 0xeb0d, 0x0d52, 'ADD (SP plus register) T3'],
    ['ADD PC, SP, R2', 0xeb0d, 0x0f02, 'ADD (SP plus register) T3'],
    ['ADD R0, SP, PC', 0xeb0d, 0x000f, 'ADD (SP plus register) T3'],
    ['CMN PC, R1', 0xeb1f, 0x0f01, 'CMN (register) T2'],
    ['CMN R0, SP', 0xeb10, 0x0f0d, 'CMN (register) T2'],
    ['ADC SP, R1, R2', 0xeb41, 0x0d02, 'ADC (register) T2'],
    ['SBC R0, SP, R2', 0xeb6d, 0x0002, 'SBC (register) T2'],
    ['SUB SP, R1, R2', 0xeba1, 0x0d02, 'SUB (register) T2'],
    ['SUB R0, PC, R2', 0xebaf, 0x0002, 'SUB (register) T2'],
    ['SUB SP, SP, R2, ASR #1', 0xebad, 0x0d62, 'SUB (SP minus register) T1'],
    ['SUB PC, SP, R2', 0xebad, 0x0f02, 'SUB (SP minus register) T1'],
    ['CMP R0, SP (T3)', 0xebb0, 0x0f0d, 'CMP (register) T3'],
    ['RSB R0, R1, SP', 0xebc1, 0x000d, 'RSB (register) T1'],
    [
      'hw2 bit 15 set (should be 0)',
      0xea01,
      0x8002,
      'AND (register) T2: UNPREDICTABLE (should-be bits)',
    ],
  ])('%s is UNPREDICTABLE', (_what, hw1, hw2, name) => {
    expectUndefined(runHalfwords([hw1, hw2]), name.includes(':') ? name : `${name}: UNPREDICTABLE`);
  });

  it('ADD/SUB SP, SP, Rm may shift by LSL #0 to #3', () => {
    // add.w sp, sp, r2, lsl #3 (eb0d 0dc2); sub.w sp, sp, r2, lsl #3 (ebad 0dc2)
    expect(runHalfwords([0xeb0d, 0x0dc2], { regs: { r2: 2 } }).regs[13]).toBe(SP0 + 16);
    expect(runHalfwords([0xebad, 0x0dc2], { regs: { r2: 2 } }).regs[13]).toBe(SP0 - 16);
  });
});

describe('32-bit register-controlled shifts (A5.3.12)', () => {
  cases([
    ['lsls.w r0, r1, r2', { regs: { r1: 1, r2: 32 } }, { r0: 0 }, 'nZCvq'],
    ['lsls.w r0, r1, r2', { regs: { r1: 1, r2: 31 } }, { r0: 0x80000000 }, 'Nzcvq'],
    ['lsls.w r0, r1, r2', { regs: { r1: ONES, r2: 0xff } }, { r0: 0 }, 'nZcvq'],
    ['lsl.w r0, r1, r2', { regs: { r1: 3, r2: 0x104 } }, { r0: 0x30 }, 'nzcvq'],
    ['lsrs.w r0, r1, r2', { regs: { r1: 0x80000000, r2: 0x120 } }, { r0: 0 }, 'nZCvq'],
    ['lsrs.w r0, r1, r2', { regs: { r1: 0x80000000, r2: 33 }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    [
      'lsrs.w r0, r1, r2',
      { regs: { r1: 0x80000000, r2: 0 }, flags: 'C' },
      { r0: 0x80000000 },
      'NzCvq',
    ],
    ['asr.w r0, r1, r2', { regs: { r1: 0x80000000, r2: 4 } }, { r0: 0xf8000000 }, 'nzcvq'],
    ['asrs.w r0, r1, r2', { regs: { r1: 0x80000000, r2: 255 } }, { r0: ONES }, 'NzCvq'],
    ['asrs.w r0, r1, r2', { regs: { r1: 0x7fffffff, r2: 32 }, flags: 'C' }, { r0: 0 }, 'nZcvq'],
    [
      'rors.w r0, r1, r2',
      { regs: { r1: 0x12345678, r2: 0x10 }, flags: 'C' },
      { r0: 0x56781234 },
      'nzcvq',
    ],
    [
      'rors.w r0, r1, r2',
      { regs: { r1: 0x12345678, r2: 0 }, flags: 'C' },
      { r0: 0x12345678 },
      'nzCvq',
    ],
    ['rors.w r0, r1, r2', { regs: { r1: 0x80000000, r2: 0x40 } }, { r0: 0x80000000 }, 'NzCvq'],
    ['ror.w r8, r9, r10', { regs: { r9: 1, r10: 1 } }, { r8: 0x80000000 }, 'nzcvq'],
  ]);

  it.each([
    ['LSL SP, R1, R2', 0xfa01, 0xfd02, 'LSL (register) T2'],
    ['LSR R0, PC, R2', 0xfa2f, 0xf002, 'LSR (register) T2'],
    ['ASR R0, R1, SP', 0xfa41, 0xf00d, 'ASR (register) T2'],
    ['ROR PC, R1, R2', 0xfa61, 0xff02, 'ROR (register) T2'],
  ])('%s is UNPREDICTABLE', (_what, hw1, hw2, name) => {
    expectUndefined(runHalfwords([hw1, hw2]), `${name}: UNPREDICTABLE`);
  });
});

describe('flag setting by encoding', () => {
  it('32-bit S forms set the flags inside an IT block; 16-bit forms do not', async () => {
    const source = 'itt eq\naddseq.w r0, r1, r2\nandeq r3, r4\nb .';
    expect(await encodings(source)).toEqual([
      'IT T1',
      'ADD (register) T3',
      'AND (register) T1',
      'B T2',
    ]);
    // adds: 0x7fffffff + 1 = 0x80000000 (N, V); then ANDEQ would need Z, which the adds cleared.
    const cpu = await run(source, {
      regs: { r1: 0x7fffffff, r2: 1, r3: 0xff, r4: 0x0f },
      flags: 'Z',
    });
    expectHalted(cpu);
    expect(cpu.regs[0]).toBe(0x80000000);
    expect(cpu.regs[3]).toBe(0xff);
    expect(flags(cpu)).toBe('NzcVq');
  });
});
