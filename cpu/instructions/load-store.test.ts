import { describe, expect, it } from 'vitest';
import { assemble } from '../../loader/asm.ts';
import { CODE, DATA, prepare, run, runHalfwords, type Setup } from '../../test/thumb.ts';
import type { Cpu } from '../cpu.ts';
import { decode, encodingOf } from '../decoder.ts';
import { stopOnEvent } from '../hooks.ts';

/** prepare() sets the main stack pointer to this. */
const MSP0 = 0x2005_0000;
/** An address nothing answers on the STM32F746 (the FMC banks are not modelled). */
const UNMAPPED = 0x6000_0000;

/**
 * Data memory for the load tests: byte DATA + k holds 0x80 + k for k < 16, then 0x10 + (k - 16),
 * so bytes and halfwords are negative below DATA + 16 and positive above.
 */
const MEM: Record<number, number> = {
  [DATA]: 0x8382_8180,
  [DATA + 4]: 0x8786_8584,
  [DATA + 8]: 0x8b8a_8988,
  [DATA + 12]: 0x8f8e_8d8c,
  [DATA + 16]: 0x1312_1110,
  [DATA + 20]: 0x1716_1514,
};

/** Runs with MEM loaded, plus `setup`. */
function withMem(setup: Setup = {}): Setup {
  return { ...setup, memory: { ...MEM, ...setup.memory } };
}

/** Like run(), with core state a Setup cannot express. */
async function runWith(source: string, setup: Setup, init: (cpu: Cpu) => void): Promise<Cpu> {
  const m = prepare(await assemble(source, CODE), setup);
  init(m.cpu);
  m.cpu.run(10_000);
  return m.cpu;
}

const word = (cpu: Cpu, addr: number) => cpu.bus.read32(addr);

function expectHalted(cpu: Cpu, at: number): void {
  expect(cpu.stopped?.message).toContain('branch to self');
  expect(cpu.pc).toBe(at);
}

function expectFault(cpu: Cpu, kind: string, text = '', at = CODE): void {
  expect(cpu.stopped?.kind).toBe('fault');
  expect(cpu.stopped?.message).toContain(kind);
  expect(cpu.stopped?.message).toContain(text);
  expect(cpu.pc).toBe(at);
}

describe('decoding', () => {
  const examples: [number, 2 | 4, string][] = [
    [0x6848, 2, 'LDR (immediate) T1'],
    [0x9801, 2, 'LDR (immediate) T2'],
    [0x4801, 2, 'LDR (literal) T1'],
    [0x5888, 2, 'LDR (register) T1'],
    [0x7848, 2, 'LDRB (immediate) T1'],
    [0x5c88, 2, 'LDRB (register) T1'],
    [0x8848, 2, 'LDRH (immediate) T1'],
    [0x5a88, 2, 'LDRH (register) T1'],
    [0x5688, 2, 'LDRSB (register) T1'],
    [0x5e88, 2, 'LDRSH (register) T1'],
    [0x6048, 2, 'STR (immediate) T1'],
    [0x9001, 2, 'STR (immediate) T2'],
    [0x5088, 2, 'STR (register) T1'],
    [0x7048, 2, 'STRB (immediate) T1'],
    [0x5488, 2, 'STRB (register) T1'],
    [0x8048, 2, 'STRH (immediate) T1'],
    [0x5288, 2, 'STRH (register) T1'],
    [0xc806, 2, 'LDM T1'],
    [0xc006, 2, 'STM T1'],
    [0xb510, 2, 'PUSH T1'],
    [0xbd01, 2, 'POP T1'],
    [0xf8d1_0004, 4, 'LDR (immediate) T3'],
    [0xf851_0b04, 4, 'LDR (immediate) T4'],
    [0xf85f_0004, 4, 'LDR (literal) T2'],
    [0xf8df_0004, 4, 'LDR (literal) T2'],
    [0xf851_0022, 4, 'LDR (register) T2'],
    [0xf851_0e04, 4, 'LDRT T1'],
    [0xf85d_4b04, 4, 'POP T3'], // LDR r4, [sp], #4
    [0xf85d_fb04, 4, 'POP T3'], // LDR pc, [sp], #4
    [0xf85d_4b08, 4, 'LDR (immediate) T4'], // imm8 != 4: not POP
    [0xf891_0001, 4, 'LDRB (immediate) T2'],
    [0xf811_0d01, 4, 'LDRB (immediate) T3'],
    [0xf89f_0004, 4, 'LDRB (literal) T1'],
    [0xf81f_0004, 4, 'LDRB (literal) T1'],
    [0xf811_0032, 4, 'LDRB (register) T2'],
    [0xf811_0e00, 4, 'LDRBT T1'],
    [0xf991_0001, 4, 'LDRSB (immediate) T1'],
    [0xf911_0c01, 4, 'LDRSB (immediate) T2'],
    [0xf91f_0003, 4, 'LDRSB (literal) T1'],
    [0xf911_0032, 4, 'LDRSB (register) T2'],
    [0xf911_0e05, 4, 'LDRSBT T1'],
    [0xf890_f000, 4, 'PLD (immediate) T1'],
    [0xf891_f001, 4, 'PLD (immediate) T1'], // LDRB (immediate) T2 with Rt = PC
    [0xf810_fc04, 4, 'PLD (immediate) T2'],
    [0xf81f_f008, 4, 'PLD (literal) T1'],
    [0xf89f_f008, 4, 'PLD (literal) T1'],
    [0xf810_f021, 4, 'PLD (register) T1'],
    [0xf990_f000, 4, 'PLI (immediate, literal) T1'],
    [0xf910_fc04, 4, 'PLI (immediate, literal) T2'],
    [0xf91f_f008, 4, 'PLI (immediate, literal) T3'],
    [0xf910_f021, 4, 'PLI (register) T1'],
    [0xf8b1_0002, 4, 'LDRH (immediate) T2'],
    [0xf831_0d08, 4, 'LDRH (immediate) T3'],
    [0xf83f_0004, 4, 'LDRH (literal) T1'],
    [0xf831_0012, 4, 'LDRH (register) T2'],
    [0xf831_0e02, 4, 'LDRHT T1'],
    [0xf9b1_0010, 4, 'LDRSH (immediate) T1'],
    [0xf931_0908, 4, 'LDRSH (immediate) T2'],
    [0xf93f_0004, 4, 'LDRSH (literal) T1'],
    [0xf931_0012, 4, 'LDRSH (register) T2'],
    [0xf931_0e06, 4, 'LDRSHT T1'],
    [0xf8b1_f002, 4, 'Unallocated memory hint (LDRH (immediate) T2, Rt = PC)'],
    [0xf831_fc08, 4, 'Unallocated memory hint (LDRH (immediate) T3, Rt = PC)'],
    [0xf83f_f004, 4, 'Unallocated memory hint (LDRH (literal) T1, Rt = PC)'],
    [0xf831_f012, 4, 'Unallocated memory hint (LDRH (register) T2, Rt = PC)'],
    [0xf9b1_f002, 4, 'Unallocated memory hint (LDRSH (immediate) T1, Rt = PC)'],
    [0xf931_fc08, 4, 'Unallocated memory hint (LDRSH (immediate) T2, Rt = PC)'],
    [0xf9bf_f004, 4, 'Unallocated memory hint (LDRSH (literal) T1, Rt = PC)'],
    [0xf931_f012, 4, 'Unallocated memory hint (LDRSH (register) T2, Rt = PC)'],
    [0xf8c1_0004, 4, 'STR (immediate) T3'],
    [0xf8c1_d000, 4, 'STR (immediate) T3'], // STR may store SP
    [0xf841_0d04, 4, 'STR (immediate) T4'],
    [0xf841_0022, 4, 'STR (register) T2'],
    [0xf841_0e08, 4, 'STRT T1'],
    [0xf84d_4d04, 4, 'PUSH T3'], // STR r4, [sp, #-4]!
    [0xf84d_4d08, 4, 'STR (immediate) T4'], // imm8 != 4: not PUSH
    [0xf881_0001, 4, 'STRB (immediate) T2'],
    [0xf801_0fff, 4, 'STRB (immediate) T3'],
    [0xf801_0032, 4, 'STRB (register) T2'],
    [0xf801_0e01, 4, 'STRBT T1'],
    [0xf8a1_0001, 4, 'STRH (immediate) T2'],
    [0xf821_0d02, 4, 'STRH (immediate) T3'],
    [0xf821_0012, 4, 'STRH (register) T2'],
    [0xf821_0e03, 4, 'STRHT T1'],
    [0xe880_0006, 4, 'STM T2'],
    [0xe8a0_0102, 4, 'STM T2'],
    [0xe8ad_0006, 4, 'STM T2'], // STMIA SP! is not PUSH
    [0xe890_4102, 4, 'LDM T2'],
    [0xe89d_0006, 4, 'LDM T2'], // LDM SP without writeback is not POP
    [0xe8bd_0300, 4, 'POP T2'],
    [0xe8bd_8010, 4, 'POP T2'],
    [0xe900_000e, 4, 'STMDB T1'],
    [0xe92d_4100, 4, 'PUSH T2'],
    [0xe930_0006, 4, 'LDMDB T1'],
    [0xe93d_0006, 4, 'LDMDB T1'], // LDMDB SP! is not POP
    [0xe9f2_0102, 4, 'LDRD (immediate) T1'],
    [0xe871_23ff, 4, 'LDRD (immediate) T1'],
    [0xe9df_0101, 4, 'LDRD (literal) T1'],
    [0xe95f_0101, 4, 'LDRD (literal) T1'],
    [0xe942_01ff, 4, 'STRD (immediate) T1'],
    [0xe851_0f00, 4, 'LDREX T1'],
    [0xe8d1_0f4f, 4, 'LDREXB T1'],
    [0xe8d0_1f5f, 4, 'LDREXH T1'],
    [0xe840_3202, 4, 'STREX T1'],
    [0xe8c0_3f42, 4, 'STREXB T1'],
    [0xe8c1_0f52, 4, 'STREXH T1'],
    [0xf3bf_8f2f, 4, 'CLREX T1'],
    [0xe8d0_f001, 4, 'TBB/TBH T1'], // LDRD's "Related encodings" are still someone else's
  ];
  it.each(examples.map(([raw, size, name]) => [raw.toString(16), name, raw, size] as const))(
    '0x%s is %s',
    (_hex, name, raw, size) => {
      expect(encodingOf(raw, size)?.name).toBe(name);
    },
  );

  const refused: [number, 2 | 4, string][] = [
    [0xc800, 2, 'LDM T1: UNPREDICTABLE'], // empty list
    [0xc000, 2, 'STM T1: UNPREDICTABLE'],
    [0xb400, 2, 'PUSH T1: UNPREDICTABLE'],
    [0xbc00, 2, 'POP T1: UNPREDICTABLE'],
    [0xf851_0804, 4, 'LDR (immediate) T4: UNDEFINED'], // P == 0 && W == 0
    [0xf851_0a04, 4, 'LDR (immediate) T4: UNDEFINED'],
    [0xf851_1d04, 4, 'LDR (immediate) T4: UNPREDICTABLE'], // wback && n == t
    [0xf851_002d, 4, 'LDR (register) T2: UNPREDICTABLE'], // m == SP
    [0xf851_002f, 4, 'LDR (register) T2: UNPREDICTABLE'], // m == PC
    [0xf851_de04, 4, 'LDRT T1: UNPREDICTABLE'], // t == SP
    [0xf891_d001, 4, 'LDRB (immediate) T2: UNPREDICTABLE'], // t == SP
    [0xf811_fd01, 4, 'LDRB (immediate) T3: UNPREDICTABLE'], // t == PC with writeback
    [0xf811_f901, 4, 'LDRB (immediate) T3: UNPREDICTABLE'], // t == PC, post-indexed
    [0xf811_0801, 4, 'LDRB (immediate) T3: UNDEFINED'],
    [0xf811_1b01, 4, 'LDRB (immediate) T3: UNPREDICTABLE'], // wback && n == t
    [0xf89f_d004, 4, 'LDRB (literal) T1: UNPREDICTABLE'],
    [0xf811_d032, 4, 'LDRB (register) T2: UNPREDICTABLE'],
    [0xf811_003d, 4, 'LDRB (register) T2: UNPREDICTABLE'],
    [0xf811_fe00, 4, 'LDRBT T1: UNPREDICTABLE'], // t == PC: not a hint
    [0xf831_fd08, 4, 'LDRH (immediate) T3: UNPREDICTABLE'],
    [0xf831_fe02, 4, 'LDRHT T1: UNPREDICTABLE'],
    [0xf9b1_d010, 4, 'LDRSH (immediate) T1: UNPREDICTABLE'],
    [0xf931_0808, 4, 'LDRSH (immediate) T2: UNDEFINED'],
    [0xf991_d001, 4, 'LDRSB (immediate) T1: UNPREDICTABLE'],
    [0xf910_f02d, 4, 'PLI (register) T1: UNPREDICTABLE'],
    [0xf810_f02f, 4, 'PLD (register) T1: UNPREDICTABLE'],
    [0xf8cf_0004, 4, 'STR (immediate) T3: UNDEFINED'], // Rn == PC
    [0xf8c1_f004, 4, 'STR (immediate) T3: UNPREDICTABLE'], // t == PC
    [0xf84f_0d04, 4, 'STR (immediate) T4: UNDEFINED'],
    [0xf841_0804, 4, 'STR (immediate) T4: UNDEFINED'],
    [0xf841_1d04, 4, 'STR (immediate) T4: UNPREDICTABLE'],
    [0xf84f_0022, 4, 'STR (register) T2: UNDEFINED'],
    [0xf841_f022, 4, 'STR (register) T2: UNPREDICTABLE'],
    [0xf84f_0e04, 4, 'STRT T1: UNDEFINED'],
    [0xf841_de04, 4, 'STRT T1: UNPREDICTABLE'],
    [0xf88f_0001, 4, 'STRB (immediate) T2: UNDEFINED'],
    [0xf881_d001, 4, 'STRB (immediate) T2: UNPREDICTABLE'], // STRB may not store SP
    [0xf801_0801, 4, 'STRB (immediate) T3: UNDEFINED'],
    [0xf801_d032, 4, 'STRB (register) T2: UNPREDICTABLE'],
    [0xf80f_0e01, 4, 'STRBT T1: UNDEFINED'],
    [0xf8a1_f001, 4, 'STRH (immediate) T2: UNPREDICTABLE'],
    [0xf821_0802, 4, 'STRH (immediate) T3: UNDEFINED'],
    [0xf82f_0012, 4, 'STRH (register) T2: UNDEFINED'],
    [0xf821_fe03, 4, 'STRHT T1: UNPREDICTABLE'],
    [0xf84d_dd04, 4, 'PUSH T3: UNPREDICTABLE'],
    [0xf84d_fd04, 4, 'PUSH T3: UNPREDICTABLE'],
    [0xf85d_db04, 4, 'POP T3: UNPREDICTABLE'],
    [0xe880_0002, 4, 'STM T2: UNPREDICTABLE'], // BitCount < 2
    [0xe88f_0006, 4, 'STM T2: UNPREDICTABLE'], // n == PC
    [0xe8a0_0003, 4, 'STM T2: UNPREDICTABLE'], // wback with Rn in the list
    [0xe880_8006, 4, 'STM T2: UNPREDICTABLE (should-be bits)'], // PC in the list
    [0xe880_2006, 4, 'STM T2: UNPREDICTABLE (should-be bits)'], // SP in the list
    [0xe890_0002, 4, 'LDM T2: UNPREDICTABLE'],
    [0xe890_c002, 4, 'LDM T2: UNPREDICTABLE'], // PC and LR
    [0xe8b0_0003, 4, 'LDM T2: UNPREDICTABLE'],
    [0xe89f_0006, 4, 'LDM T2: UNPREDICTABLE'],
    [0xe890_2006, 4, 'LDM T2: UNPREDICTABLE (should-be bits)'], // SP in the list
    [0xe8bd_0010, 4, 'POP T2: UNPREDICTABLE'],
    [0xe8bd_c010, 4, 'POP T2: UNPREDICTABLE'],
    [0xe930_0003, 4, 'LDMDB T1: UNPREDICTABLE'],
    [0xe920_0003, 4, 'STMDB T1: UNPREDICTABLE'],
    [0xe900_0002, 4, 'STMDB T1: UNPREDICTABLE'],
    [0xe92d_0010, 4, 'PUSH T2: UNPREDICTABLE'],
    [0xe9d2_0002, 4, 'LDRD (immediate) T1: UNPREDICTABLE'], // t == t2
    [0xe9d2_0d02, 4, 'LDRD (immediate) T1: UNPREDICTABLE'], // t2 == SP
    [0xe9f2_2302, 4, 'LDRD (immediate) T1: UNPREDICTABLE'], // wback && n == t
    [0xe9ff_0101, 4, 'LDRD (literal) T1: UNPREDICTABLE'], // W == 1
    [0xe9cf_0100, 4, 'STRD (immediate) T1: UNPREDICTABLE'], // n == PC
    [0xe9e2_0202, 4, 'STRD (immediate) T1: UNPREDICTABLE'], // wback && n == t2
    [0xe851_df00, 4, 'LDREX T1: UNPREDICTABLE'],
    [0xe85f_0f00, 4, 'LDREX T1: UNPREDICTABLE'],
    [0xe851_0e00, 4, 'LDREX T1: UNPREDICTABLE (should-be bits)'],
    [0xe841_0001, 4, 'STREX T1: UNPREDICTABLE'], // d == t
    [0xe841_0101, 4, 'STREX T1: UNPREDICTABLE'], // d == n
    [0xe8c1_0f4d, 4, 'STREXB T1: UNPREDICTABLE'],
    [0xe8d1_df5f, 4, 'LDREXH T1: UNPREDICTABLE'],
    [0xf3bf_8f20, 4, 'CLREX T1: UNPREDICTABLE (should-be bits)'],
  ];
  it.each(refused.map(([raw, size, why]) => [raw.toString(16), why, raw, size] as const))(
    '0x%s is refused: %s',
    (_hex, why, raw, size) => {
      expect(decode(raw, size).why).toBe(why);
    },
  );

  it('an UNDEFINED encoding raises UNDEFINSTR when executed', () => {
    const cpu = runHalfwords([0xf851, 0x0804], { regs: { r1: DATA } });
    expectFault(cpu, 'UNDEFINSTR', 'LDR (immediate) T4: UNDEFINED');
    expect(cpu.regs[1]).toBe(DATA);
  });
});

describe('LDR', () => {
  it('(immediate) T1 scales imm5 by 4', async () => {
    const cpu = await run('ldr r0, [r1, #124]\nb .', withMem({ regs: { r1: DATA - 120 } }));
    expect(cpu.regs[0]).toBe(0x8786_8584);
    expect(cpu.regs[1]).toBe(DATA - 120);
  });

  it('(immediate) T2 is SP-relative with imm8:00', async () => {
    const cpu = await run('ldr r0, [sp, #1020]\nb .', withMem({ regs: { sp: DATA - 1016 } }));
    expect(cpu.regs[0]).toBe(0x8786_8584);
    expect(cpu.regs[13]).toBe(DATA - 1016);
  });

  it('(immediate) T3 takes imm12, and an unaligned word is read (MemU)', async () => {
    const cpu = await run('ldr.w r0, [r1, #4095]\nb .', withMem({ regs: { r1: DATA + 1 - 4095 } }));
    expect(cpu.regs[0]).toBe(0x8483_8281);
  });

  it('(immediate) T4: negative offset, no writeback', async () => {
    const cpu = await run('ldr r0, [r1, #-4]\nb .', withMem({ regs: { r1: DATA + 8 } }));
    expect(cpu.regs[0]).toBe(0x8786_8584);
    expect(cpu.regs[1]).toBe(DATA + 8);
  });

  it('(immediate) T4: pre-indexed with writeback', async () => {
    const down = await run('ldr r0, [r1, #-4]!\nb .', withMem({ regs: { r1: DATA + 8 } }));
    expect(down.regs[0]).toBe(0x8786_8584);
    expect(down.regs[1]).toBe(DATA + 4);
    const up = await run('ldr r0, [r1, #8]!\nb .', withMem({ regs: { r1: DATA } }));
    expect(up.regs[0]).toBe(0x8b8a_8988);
    expect(up.regs[1]).toBe(DATA + 8);
  });

  it('(immediate) T4: post-indexed, up and down', async () => {
    const up = await run('ldr r0, [r1], #255\nb .', withMem({ regs: { r1: DATA } }));
    expect(up.regs[0]).toBe(0x8382_8180);
    expect(up.regs[1]).toBe(DATA + 255);
    const down = await run('ldr r0, [r1], #-8\nb .', withMem({ regs: { r1: DATA + 12 } }));
    expect(down.regs[0]).toBe(0x8f8e_8d8c);
    expect(down.regs[1]).toBe(DATA + 4);
  });

  it('(register) T1 adds Rm; T2 shifts it left by imm2, wrapping', async () => {
    const t1 = await run('ldr r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 8 } }));
    expect(t1.regs[0]).toBe(0x8b8a_8988);
    const t2 = await run('ldr.w r0, [r1, r2, lsl #2]\nb .', withMem({ regs: { r1: DATA, r2: 3 } }));
    expect(t2.regs[0]).toBe(0x8f8e_8d8c);
    const wrap = await run(
      'ldr.w r0, [r1, r2, lsl #2]\nb .',
      withMem({ regs: { r1: DATA + 16, r2: 0xffff_fffc } }),
    );
    expect(wrap.regs[0]).toBe(0x8382_8180);
  });

  it('(literal) T1 reads from Align(PC, 4) + imm8:00', async () => {
    const cpu = await run('ldr r0, lit\nb .\n.align 2\nlit: .word 0x12345678');
    expect(cpu.regs[0]).toBe(0x1234_5678);
    // At CODE + 2, PC is CODE + 6 and Align(PC, 4) is CODE + 4: the word is at CODE + 8.
    const odd = await run('nop\nldr r0, [pc, #4]\nb .\nnop\n.word 0xcafef00d');
    expect(odd.regs[0]).toBe(0xcafe_f00d);
  });

  it('(literal) T2 adds or subtracts imm12', async () => {
    // The word at CODE is the instruction itself: hw1 = 0xf85f, hw2 = 0x0004.
    const down = await run('ldr.w r0, [pc, #-4]\nb .');
    expect(down.regs[0]).toBe(0x0004_f85f);
    const up = await run('nop\nldr.w r0, [pc, #8]\nb .\n.word 0x11111111\n.word 0x22222222');
    expect(up.regs[0]).toBe(0x2222_2222);
  });

  it('faults before writing back when the address is not mapped', async () => {
    const cpu = await run('ldr r0, [r1], #4\nb .', { regs: { r0: 7, r1: UNMAPPED } });
    expectFault(cpu, 'PRECISERR');
    expect(cpu.regs[0]).toBe(7);
    expect(cpu.regs[1]).toBe(UNMAPPED);
  });

  it('takes an UNALIGNED UsageFault on an unaligned word when CCR.UNALIGN_TRP is set', async () => {
    const source = 'ldr r0, [r1]\nb .';
    const free = await run(source, withMem({ regs: { r1: DATA + 2 } }));
    expect(free.regs[0]).toBe(0x8584_8382);
    const trapped = await runWith(source, withMem({ regs: { r0: 7, r1: DATA + 2 } }), (cpu) => {
      cpu.unalignTrap = true;
    });
    expectFault(trapped, 'UNALIGNED');
    expect(trapped.regs[0]).toBe(7);
  });

  it('costs 2 cycles', () => {
    const cpu = runHalfwords([0x6848], withMem({ regs: { r1: DATA } }));
    expect(cpu.cycles).toBe(2);
  });
});

describe('LDR to the PC', () => {
  // ldr.w pc, [r0] is 4 bytes and movs 2: `target` is at CODE + 6.
  const source = 'ldr.w pc, [r0]\nmovs r1, #1\ntarget: b .';

  it('interworks: bit 0 set continues in Thumb state at the target', async () => {
    const cpu = await run(source, {
      regs: { r0: DATA, r1: 9 },
      memory: { [DATA]: (CODE + 6) | 1 },
    });
    expectHalted(cpu, CODE + 6);
    expect(cpu.regs[1]).toBe(9);
  });

  it('bit 0 clear clears EPSR.T: INVSTATE at the target', async () => {
    const cpu = await run(source, { regs: { r0: DATA }, memory: { [DATA]: CODE + 6 } });
    expectFault(cpu, 'INVSTATE', '', CODE + 6);
    expect(cpu.t).toBe(0);
  });

  it('from an unaligned address is UNPREDICTABLE', async () => {
    const cpu = await run(source, { regs: { r0: DATA + 2 }, memory: { [DATA]: 0 } });
    expectFault(cpu, 'UNDEFINSTR', 'unaligned address');
  });

  it('writes back before branching (T4, post-indexed)', async () => {
    const cpu = await run('ldr pc, [r1], #4\nmovs r1, #1\ntarget: b .', {
      regs: { r1: DATA },
      memory: { [DATA]: (CODE + 6) | 1 },
    });
    expectHalted(cpu, CODE + 6);
    expect(cpu.regs[1]).toBe(DATA + 4);
  });

  it('(literal) T2 loads the PC from the literal pool', async () => {
    const cpu = await run('ldr.w pc, [pc, #4]\nb .\nnop\n.word 0x2000010d\nb .');
    expectHalted(cpu, CODE + 12);
  });

  it('(register) T2 loads the PC', async () => {
    const cpu = await run('ldr.w pc, [r0, r1, lsl #2]\nmovs r1, #1\ntarget: b .', {
      regs: { r0: DATA, r1: 2 },
      memory: { [DATA + 8]: (CODE + 6) | 1 },
    });
    expectHalted(cpu, CODE + 6);
  });

  it('is allowed as the last instruction of an IT block', async () => {
    const cpu = await run('it eq\nldreq.w pc, [r0]\nmovs r1, #1\ntarget: b .', {
      flags: 'Z',
      regs: { r0: DATA },
      memory: { [DATA]: (CODE + 8) | 1 },
    });
    expectHalted(cpu, CODE + 8);
  });

  it('is UNPREDICTABLE inside an IT block but not last', () => {
    // ITT EQ; LDR.W pc, [r0]; NOP
    const cpu = runHalfwords(
      [0xbf04, 0xf8d0, 0xf000, 0xbf00],
      {
        flags: 'Z',
        regs: { r0: DATA },
        memory: { [DATA]: CODE | 1 },
      },
      2,
    );
    expectFault(cpu, 'UNDEFINSTR', 'not last in an IT block', CODE + 2);
  });

  it('costs 2 cycles plus the pipeline refill', () => {
    const cpu = runHalfwords([0xf8d0, 0xf000], {
      regs: { r0: DATA },
      memory: { [DATA]: CODE | 1 },
    });
    expect(cpu.cycles).toBe(3);
  });
});

describe('LDRB, LDRH, LDRSB, LDRSH', () => {
  it('LDRB (immediate) T1, T2, T3 zero-extend the byte', async () => {
    const t1 = await run('ldrb r0, [r1, #31]\nb .', withMem({ regs: { r1: DATA - 26 } }));
    expect(t1.regs[0]).toBe(0x85);
    const t2 = await run('ldrb.w r0, [r1, #4095]\nb .', withMem({ regs: { r1: DATA + 3 - 4095 } }));
    expect(t2.regs[0]).toBe(0x83);
    const pre = await run('ldrb r0, [r1, #-1]!\nb .', withMem({ regs: { r1: DATA + 4 } }));
    expect(pre.regs[0]).toBe(0x83);
    expect(pre.regs[1]).toBe(DATA + 3);
    const post = await run('ldrb r0, [r1], #-255\nb .', withMem({ regs: { r1: DATA + 6 } }));
    expect(post.regs[0]).toBe(0x86);
    expect(post.regs[1]).toBe(DATA + 6 - 255);
  });

  it('LDRB (literal) and (register) T1, T2', async () => {
    // PC = CODE + 4; CODE + 9 is the second byte of the word 0x44332211 at CODE + 8.
    const lit = await run('ldrb.w r0, [pc, #5]\nb .\nnop\n.word 0x44332211');
    expect(lit.regs[0]).toBe(0x22);
    const t1 = await run('ldrb r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 17 } }));
    expect(t1.regs[0]).toBe(0x11);
    const t2 = await run(
      'ldrb.w r0, [r1, r2, lsl #3]\nb .',
      withMem({ regs: { r1: DATA, r2: 2 } }),
    );
    expect(t2.regs[0]).toBe(0x10);
  });

  it('LDRH (immediate) T1, T2 (unaligned), T3 pre- and post-indexed', async () => {
    const t1 = await run('ldrh r0, [r1, #62]\nb .', withMem({ regs: { r1: DATA - 56 } }));
    expect(t1.regs[0]).toBe(0x8786);
    const t2 = await run('ldrh.w r0, [r1, #4095]\nb .', withMem({ regs: { r1: DATA + 1 - 4095 } }));
    expect(t2.regs[0]).toBe(0x8281);
    const pre = await run('ldrh r0, [r1, #-8]!\nb .', withMem({ regs: { r1: DATA + 10 } }));
    expect(pre.regs[0]).toBe(0x8382);
    expect(pre.regs[1]).toBe(DATA + 2);
    const post = await run('ldrh r0, [r1], #2\nb .', withMem({ regs: { r1: DATA + 16 } }));
    expect(post.regs[0]).toBe(0x1110);
    expect(post.regs[1]).toBe(DATA + 18);
  });

  it('LDRH (literal) and (register) T1, T2', async () => {
    // The halfword at CODE is the instruction's first: 0xf83f.
    const lit = await run('ldrh r0, [pc, #-4]\nb .');
    expect(lit.regs[0]).toBe(0xf83f);
    const t1 = await run('ldrh r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 20 } }));
    expect(t1.regs[0]).toBe(0x1514);
    const t2 = await run(
      'ldrh.w r0, [r1, r2, lsl #1]\nb .',
      withMem({ regs: { r1: DATA, r2: 3 } }),
    );
    expect(t2.regs[0]).toBe(0x8786);
  });

  it('LDRH faults on an unaligned halfword when CCR.UNALIGN_TRP is set', async () => {
    const cpu = await runWith(
      'ldrh r0, [r1, #2]\nb .',
      withMem({ regs: { r1: DATA + 1 } }),
      (c) => {
        c.unalignTrap = true;
      },
    );
    expectFault(cpu, 'UNALIGNED');
  });

  it('LDRSB (register) T1, (immediate) T1, T2, (literal), (register) T2 sign-extend', async () => {
    const neg = await run('ldrsb r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 5 } }));
    expect(neg.regs[0]).toBe(0xffff_ff85);
    const pos = await run('ldrsb r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 17 } }));
    expect(pos.regs[0]).toBe(0x11);
    const t1 = await run('ldrsb.w r0, [r1, #1]\nb .', withMem({ regs: { r1: DATA } }));
    expect(t1.regs[0]).toBe(0xffff_ff81);
    const t2 = await run('ldrsb r0, [r1, #-1]\nb .', withMem({ regs: { r1: DATA + 17 } }));
    expect(t2.regs[0]).toBe(0x10);
    const post = await run('ldrsb r0, [r1], #1\nb .', withMem({ regs: { r1: DATA + 15 } }));
    expect(post.regs[0]).toBe(0xffff_ff8f);
    expect(post.regs[1]).toBe(DATA + 16);
    // CODE + 1 is the high byte of hw1 = 0xf91f.
    const lit = await run('ldrsb r0, [pc, #-3]\nb .');
    expect(lit.regs[0]).toBe(0xffff_fff9);
    const reg = await run(
      'ldrsb.w r0, [r1, r2, lsl #1]\nb .',
      withMem({ regs: { r1: DATA, r2: 6 } }),
    );
    expect(reg.regs[0]).toBe(0xffff_ff8c);
  });

  it('LDRSH (register) T1, (immediate) T1, T2, (literal), (register) T2 sign-extend', async () => {
    const neg = await run('ldrsh r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 4 } }));
    expect(neg.regs[0]).toBe(0xffff_8584);
    const t1 = await run('ldrsh.w r0, [r1, #16]\nb .', withMem({ regs: { r1: DATA } }));
    expect(t1.regs[0]).toBe(0x1110);
    const post = await run('ldrsh r0, [r1], #-8\nb .', withMem({ regs: { r1: DATA + 14 } }));
    expect(post.regs[0]).toBe(0xffff_8f8e);
    expect(post.regs[1]).toBe(DATA + 6);
    const lit = await run('ldrsh r0, [pc, #-4]\nb .');
    expect(lit.regs[0]).toBe(0xffff_f93f);
    const reg = await run(
      'ldrsh.w r0, [r1, r2, lsl #3]\nb .',
      withMem({ regs: { r1: DATA, r2: 2 } }),
    );
    expect(reg.regs[0]).toBe(0x1110);
    const unaligned = await run('ldrsh r0, [r1, r2]\nb .', withMem({ regs: { r1: DATA, r2: 3 } }));
    expect(unaligned.regs[0]).toBe(0xffff_8483);
  });
});

describe('STR, STRB, STRH', () => {
  const FILL = 0xaabb_ccdd;
  const filled = (regs: Setup['regs']): Setup => ({
    regs,
    memory: { [DATA]: FILL, [DATA + 4]: FILL, [DATA + 8]: FILL, [DATA + 124]: FILL },
  });

  it('STR (immediate) T1 and T2 (SP-relative)', async () => {
    const t1 = await run('str r0, [r1, #124]\nb .', filled({ r0: 0x1234_5678, r1: DATA }));
    expect(word(t1, DATA + 124)).toBe(0x1234_5678);
    const t2 = await run('str r0, [sp, #1020]\nb .', {
      regs: { r0: 0x1234_5678, sp: DATA - 1016 },
    });
    expect(word(t2, DATA + 4)).toBe(0x1234_5678);
    expect(t2.regs[13]).toBe(DATA - 1016);
  });

  it('STR (immediate) T3 stores unaligned, and may store SP', async () => {
    const t3 = await run('str.w r0, [r1, #4095]\nb .', {
      regs: { r0: 0x1234_5678, r1: DATA - 4094 },
    });
    expect(word(t3, DATA)).toBe(0x3456_7800);
    expect(t3.bus.read8(DATA + 4)).toBe(0x12);
    const sp = await run('str.w sp, [r1]\nb .', { regs: { r1: DATA } });
    expect(word(sp, DATA)).toBe(MSP0);
  });

  it('STR (immediate) T4: offset, pre-indexed and post-indexed', async () => {
    const off = await run('str r0, [r1, #-255]\nb .', filled({ r0: 5, r1: DATA + 255 }));
    expect(word(off, DATA)).toBe(5);
    expect(off.regs[1]).toBe(DATA + 255);
    const pre = await run('str r0, [r1, #-4]!\nb .', filled({ r0: 5, r1: DATA + 8 }));
    expect(word(pre, DATA + 4)).toBe(5);
    expect(pre.regs[1]).toBe(DATA + 4);
    const post = await run('str r0, [r1], #4\nb .', filled({ r0: 5, r1: DATA }));
    expect(word(post, DATA)).toBe(5);
    expect(word(post, DATA + 4)).toBe(FILL);
    expect(post.regs[1]).toBe(DATA + 4);
  });

  it('STR (register) T1 and T2', async () => {
    const t1 = await run('str r0, [r1, r2]\nb .', filled({ r0: 5, r1: DATA, r2: 4 }));
    expect(word(t1, DATA + 4)).toBe(5);
    const t2 = await run('str.w r0, [r1, r2, lsl #1]\nb .', filled({ r0: 5, r1: DATA, r2: 4 }));
    expect(word(t2, DATA + 8)).toBe(5);
  });

  it('STRB writes one byte: (immediate) T1, T2, T3, (register) T1, T2', async () => {
    const t1 = await run('strb r0, [r1, #31]\nb .', filled({ r0: 0x1234_5678, r1: DATA - 30 }));
    expect(word(t1, DATA)).toBe(0xaabb_78dd);
    const t2 = await run(
      'strb.w r0, [r1, #4095]\nb .',
      filled({ r0: 0x1234_5678, r1: DATA + 3 - 4095 }),
    );
    expect(word(t2, DATA)).toBe(0x78bb_ccdd);
    const pre = await run('strb r0, [r1, #-1]!\nb .', filled({ r0: 0x99, r1: DATA + 1 }));
    expect(word(pre, DATA)).toBe(0xaabb_cc99);
    expect(pre.regs[1]).toBe(DATA);
    const post = await run('strb r0, [r1], #1\nb .', filled({ r0: 0x99, r1: DATA + 2 }));
    expect(word(post, DATA)).toBe(0xaa99_ccdd);
    expect(post.regs[1]).toBe(DATA + 3);
    const r1 = await run('strb r0, [r1, r2]\nb .', filled({ r0: 0x99, r1: DATA, r2: 5 }));
    expect(word(r1, DATA + 4)).toBe(0xaabb_99dd);
    const r2 = await run('strb.w r0, [r1, r2, lsl #2]\nb .', filled({ r0: 0x99, r1: DATA, r2: 2 }));
    expect(word(r2, DATA + 8)).toBe(0xaabb_cc99);
  });

  it('STRH writes a halfword: (immediate) T1, T2 (unaligned), T3, (register)', async () => {
    const t1 = await run('strh r0, [r1, #62]\nb .', filled({ r0: 0x1234_5678, r1: DATA - 60 }));
    expect(word(t1, DATA)).toBe(0x5678_ccdd);
    const t2 = await run('strh.w r0, [r1, #1]\nb .', filled({ r0: 0x1234_5678, r1: DATA }));
    expect(word(t2, DATA)).toBe(0xaa56_78dd);
    const pre = await run('strh r0, [r1, #-2]!\nb .', filled({ r0: 0x1122, r1: DATA + 6 }));
    expect(word(pre, DATA + 4)).toBe(0xaabb_1122);
    expect(pre.regs[1]).toBe(DATA + 4);
    const post = await run('strh r0, [r1], #-2\nb .', filled({ r0: 0x1122, r1: DATA + 10 }));
    expect(word(post, DATA + 8)).toBe(0x1122_ccdd);
    expect(post.regs[1]).toBe(DATA + 8);
    const r1 = await run('strh r0, [r1, r2]\nb .', filled({ r0: 0x1122, r1: DATA, r2: 2 }));
    expect(word(r1, DATA)).toBe(0x1122_ccdd);
    const r2 = await run(
      'strh.w r0, [r1, r2, lsl #1]\nb .',
      filled({ r0: 0x1122, r1: DATA, r2: 2 }),
    );
    expect(word(r2, DATA + 4)).toBe(0xaabb_1122);
  });

  it('STRH faults when unaligned with CCR.UNALIGN_TRP set, storing nothing', async () => {
    const cpu = await runWith('strh r0, [r1]\nb .', filled({ r0: 0x1122, r1: DATA + 1 }), (c) => {
      c.unalignTrap = true;
    });
    expectFault(cpu, 'UNALIGNED');
    expect(word(cpu, DATA)).toBe(FILL);
  });

  it('faults before writing back when the address is not mapped', async () => {
    const cpu = await run('str r0, [r1, #4]!\nb .', { regs: { r1: UNMAPPED } });
    expectFault(cpu, 'PRECISERR');
    expect(cpu.regs[1]).toBe(UNMAPPED);
  });

  it('costs 1 cycle', () => {
    const cpu = runHalfwords([0x6048], { regs: { r1: DATA } });
    expect(cpu.cycles).toBe(1);
  });
});

describe('unprivileged loads and stores (LDRT, STRT...)', () => {
  it('load with a positive imm8 offset and no writeback', async () => {
    const cases: [string, number][] = [
      ['ldrt r0, [r1, #4]', 0x8786_8584],
      ['ldrt r0, [r1, #1]', 0x8483_8281],
      ['ldrbt r0, [r1, #5]', 0x85],
      ['ldrht r0, [r1, #2]', 0x8382],
      ['ldrsbt r0, [r1, #5]', 0xffff_ff85],
      ['ldrsbt r0, [r1, #17]', 0x11],
      ['ldrsht r0, [r1, #6]', 0xffff_8786],
      ['ldrsht r0, [r1, #16]', 0x1110],
    ];
    for (const [source, value] of cases) {
      const cpu = await run(`${source}\nb .`, withMem({ regs: { r1: DATA } }));
      expect(cpu.regs[0], source).toBe(value);
      expect(cpu.regs[1], source).toBe(DATA);
    }
  });

  it('store with a positive imm8 offset and no writeback', async () => {
    const setup = { regs: { r0: 0x1234_5678, r1: DATA }, memory: { [DATA]: 0, [DATA + 4]: 0 } };
    const w = await run('strt r0, [r1, #4]\nb .', setup);
    expect(word(w, DATA + 4)).toBe(0x1234_5678);
    expect(w.regs[1]).toBe(DATA);
    const b = await run('strbt r0, [r1, #1]\nb .', setup);
    expect(word(b, DATA)).toBe(0x7800);
    const h = await run('strht r0, [r1, #2]\nb .', setup);
    expect(word(h, DATA)).toBe(0x5678_0000);
  });

  it('work from unprivileged Thread mode (no MPU yet)', async () => {
    const cpu = await runWith(
      'ldrt r0, [r1, #4]\nstrt r0, [r1, #8]\nb .',
      withMem({ regs: { r1: DATA } }),
      (c) => {
        c.setControl(1); // nPRIV
      },
    );
    expect(word(cpu, DATA + 8)).toBe(0x8786_8584);
  });
});

describe('LDRD, STRD', () => {
  it('LDRD (immediate): offset, pre-indexed, post-indexed', async () => {
    const off = await run('ldrd r2, r3, [r1, #8]\nb .', withMem({ regs: { r1: DATA } }));
    expect([off.regs[2], off.regs[3], off.regs[1]]).toEqual([0x8b8a_8988, 0x8f8e_8d8c, DATA]);
    const pre = await run('ldrd r2, r3, [r1, #-8]!\nb .', withMem({ regs: { r1: DATA + 16 } }));
    expect([pre.regs[2], pre.regs[3], pre.regs[1]]).toEqual([0x8b8a_8988, 0x8f8e_8d8c, DATA + 8]);
    const post = await run('ldrd r2, r3, [r1], #-1020\nb .', withMem({ regs: { r1: DATA + 4 } }));
    expect([post.regs[2], post.regs[3], post.regs[1]]).toEqual([
      0x8786_8584,
      0x8b8a_8988,
      DATA + 4 - 1020,
    ]);
  });

  it('LDRD (literal) reads two words at Align(PC, 4) + imm8:00', async () => {
    const cpu = await run('ldrd r2, r3, lit\nb .\n.align 2\nlit: .word 1, 2');
    expect([cpu.regs[2], cpu.regs[3]]).toEqual([1, 2]);
  });

  it('LDRD needs word alignment only (MemA), and faults otherwise', async () => {
    const ok = await run('ldrd r2, r3, [r1]\nb .', withMem({ regs: { r1: DATA + 4 } }));
    expect([ok.regs[2], ok.regs[3]]).toEqual([0x8786_8584, 0x8b8a_8988]);
    const bad = await run(
      'ldrd r2, r3, [r1, #4]!\nb .',
      withMem({ regs: { r1: DATA + 2, r2: 7, r3: 8 } }),
    );
    expectFault(bad, 'UNALIGNED');
    expect([bad.regs[1], bad.regs[2], bad.regs[3]]).toEqual([DATA + 2, 7, 8]);
  });

  it('STRD (immediate): offset, pre-indexed, post-indexed', async () => {
    const regs = { r2: 0x1111_1111, r3: 0x2222_2222 };
    const off = await run('strd r2, r3, [r1, #-8]\nb .', { regs: { ...regs, r1: DATA + 8 } });
    expect([word(off, DATA), word(off, DATA + 4), off.regs[1]]).toEqual([
      0x1111_1111,
      0x2222_2222,
      DATA + 8,
    ]);
    const pre = await run('strd r2, r3, [r1, #8]!\nb .', { regs: { ...regs, r1: DATA } });
    expect([word(pre, DATA + 8), word(pre, DATA + 12), pre.regs[1]]).toEqual([
      0x1111_1111,
      0x2222_2222,
      DATA + 8,
    ]);
    const post = await run('strd r2, r3, [r1], #4\nb .', { regs: { ...regs, r1: DATA } });
    expect([word(post, DATA), word(post, DATA + 4), post.regs[1]]).toEqual([
      0x1111_1111,
      0x2222_2222,
      DATA + 4,
    ]);
  });

  it('STRD faults on an unaligned address, storing nothing', async () => {
    const cpu = await run('strd r2, r3, [r1]\nb .', {
      regs: { r1: DATA + 1, r2: 1, r3: 2 },
      memory: { [DATA]: 0, [DATA + 4]: 0 },
    });
    expectFault(cpu, 'UNALIGNED');
    expect([word(cpu, DATA), word(cpu, DATA + 4)]).toEqual([0, 0]);
  });

  it('cost 3 cycles', () => {
    const cpu = runHalfwords([0xe9d1, 0x2302], withMem({ regs: { r1: DATA } }));
    expect(cpu.cycles).toBe(3);
  });
});

describe('LDM, LDMDB', () => {
  it('LDM T1 loads in ascending order and writes back when Rn is not in the list', async () => {
    const cpu = await run('ldm r0!, {r1, r2, r3}\nb .', withMem({ regs: { r0: DATA } }));
    expect([cpu.regs[1], cpu.regs[2], cpu.regs[3]]).toEqual([
      0x8382_8180, 0x8786_8584, 0x8b8a_8988,
    ]);
    expect(cpu.regs[0]).toBe(DATA + 12);
  });

  it('LDM T1 with Rn in the list loads Rn and does not write back', async () => {
    const cpu = await run('ldm r0, {r0, r1}\nb .', withMem({ regs: { r0: DATA } }));
    expect([cpu.regs[0], cpu.regs[1]]).toEqual([0x8382_8180, 0x8786_8584]);
  });

  it('LDM T2 loads high registers and LR, with and without writeback', async () => {
    const plain = await run('ldm.w r0, {r1, r8, lr}\nb .', withMem({ regs: { r0: DATA } }));
    expect([plain.regs[1], plain.regs[8], plain.regs[14]]).toEqual([
      0x8382_8180, 0x8786_8584, 0x8b8a_8988,
    ]);
    expect(plain.regs[0]).toBe(DATA);
    const wb = await run('ldm.w r0!, {r2, r9}\nb .', withMem({ regs: { r0: DATA + 4 } }));
    expect([wb.regs[2], wb.regs[9], wb.regs[0]]).toEqual([0x8786_8584, 0x8b8a_8988, DATA + 12]);
  });

  it('LDM T2 with the PC in the list branches with interworking', async () => {
    const cpu = await run('ldm.w r0, {r1, pc}\nmovs r1, #1\ntarget: b .', {
      regs: { r0: DATA },
      memory: { [DATA]: 5, [DATA + 4]: (CODE + 6) | 1 },
    });
    expectHalted(cpu, CODE + 6);
    expect(cpu.regs[1]).toBe(5);
  });

  it('LDMDB T1 loads from Rn - 4 * BitCount upwards', async () => {
    const wb = await run('ldmdb r0!, {r1, r2}\nb .', withMem({ regs: { r0: DATA + 16 } }));
    expect([wb.regs[1], wb.regs[2], wb.regs[0]]).toEqual([0x8b8a_8988, 0x8f8e_8d8c, DATA + 8]);
    const plain = await run('ldmdb r0, {r1, r2, r3}\nb .', withMem({ regs: { r0: DATA + 12 } }));
    expect([plain.regs[1], plain.regs[2], plain.regs[3], plain.regs[0]]).toEqual([
      0x8382_8180,
      0x8786_8584,
      0x8b8a_8988,
      DATA + 12,
    ]);
  });

  it('LDMDB T1 with the PC in the list branches', async () => {
    const cpu = await run('ldmdb r0, {r1, pc}\nmovs r1, #1\ntarget: b .', {
      regs: { r0: DATA + 8 },
      memory: { [DATA]: 5, [DATA + 4]: (CODE + 6) | 1 },
    });
    expectHalted(cpu, CODE + 6);
    expect(cpu.regs[1]).toBe(5);
  });

  it('an unaligned base takes an UNALIGNED UsageFault (MemA) and changes nothing', async () => {
    const cpu = await run(
      'ldm r0!, {r1, r2}\nb .',
      withMem({ regs: { r0: DATA + 2, r1: 1, r2: 2 } }),
    );
    expectFault(cpu, 'UNALIGNED');
    expect([cpu.regs[0], cpu.regs[1], cpu.regs[2]]).toEqual([DATA + 2, 1, 2]);
  });

  it('a bus error part-way through changes no register', async () => {
    const cpu = await run('ldm r0!, {r1, r2}\nb .', {
      regs: { r0: 0x2005_0000 - 4, r1: 1, r2: 2 },
    });
    expectFault(cpu, 'PRECISERR');
    expect([cpu.regs[0], cpu.regs[1], cpu.regs[2]]).toEqual([0x2005_0000 - 4, 1, 2]);
  });

  it('costs 1 cycle plus one per register', () => {
    const cpu = runHalfwords([0xc80e], withMem({ regs: { r0: DATA } }));
    expect(cpu.cycles).toBe(4);
  });
});

describe('STM, STMDB', () => {
  it('STM T1 stores in ascending order and writes back', async () => {
    const cpu = await run('stm r0!, {r1, r2}\nb .', { regs: { r0: DATA, r1: 11, r2: 22 } });
    expect([word(cpu, DATA), word(cpu, DATA + 4), cpu.regs[0]]).toEqual([11, 22, DATA + 8]);
  });

  it('STM T1 with Rn lowest in the list stores its original value', async () => {
    const cpu = await run('stm r0!, {r0, r1}\nb .', { regs: { r0: DATA, r1: 22 } });
    expect([word(cpu, DATA), word(cpu, DATA + 4), cpu.regs[0]]).toEqual([DATA, 22, DATA + 8]);
  });

  it('STM T2 with and without writeback', async () => {
    const plain = await run('stm.w r0, {r1, r2, lr}\nb .', {
      regs: { r0: DATA, r1: 1, r2: 2, lr: 3 },
    });
    expect([
      word(plain, DATA),
      word(plain, DATA + 4),
      word(plain, DATA + 8),
      plain.regs[0],
    ]).toEqual([1, 2, 3, DATA]);
    const wb = await run('stmia.w r0!, {r1, r8}\nb .', { regs: { r0: DATA, r1: 1, r8: 8 } });
    expect([word(wb, DATA), word(wb, DATA + 4), wb.regs[0]]).toEqual([1, 8, DATA + 8]);
  });

  it('STMDB T1 stores below Rn, lowest register at the lowest address', async () => {
    const wb = await run('stmdb r0!, {r1, r2}\nb .', { regs: { r0: DATA + 8, r1: 1, r2: 2 } });
    expect([word(wb, DATA), word(wb, DATA + 4), wb.regs[0]]).toEqual([1, 2, DATA]);
    const plain = await run('stmdb r0, {r1, r2, r3}\nb .', {
      regs: { r0: DATA + 12, r1: 1, r2: 2, r3: 3 },
    });
    expect([word(plain, DATA), word(plain, DATA + 8), plain.regs[0]]).toEqual([1, 3, DATA + 12]);
  });

  it('an unaligned base faults before storing anything', async () => {
    const cpu = await run('stmdb r0!, {r1, r2}\nb .', {
      regs: { r0: DATA + 10, r1: 1, r2: 2 },
      memory: { [DATA]: 0, [DATA + 4]: 0 },
    });
    expectFault(cpu, 'UNALIGNED');
    expect([word(cpu, DATA), word(cpu, DATA + 4), cpu.regs[0]]).toEqual([0, 0, DATA + 10]);
  });

  it('costs 1 cycle plus one per register', () => {
    const cpu = runHalfwords([0xc00e], { regs: { r0: DATA } });
    expect(cpu.cycles).toBe(4);
  });
});

describe('PUSH, POP', () => {
  it('PUSH T1 stores below SP, LR at the highest address', async () => {
    const cpu = await run('push {r1, r2, lr}\nb .', { regs: { r1: 1, r2: 2, lr: 0xeeee } });
    expect(cpu.regs[13]).toBe(MSP0 - 12);
    expect([word(cpu, MSP0 - 12), word(cpu, MSP0 - 8), word(cpu, MSP0 - 4)]).toEqual([
      1, 2, 0xeeee,
    ]);
  });

  it('PUSH T2 (high registers) and T3 (one register)', async () => {
    const t2 = await run('push {r8, lr}\nb .', { regs: { r8: 8, lr: 14 } });
    expect(t2.regs[13]).toBe(MSP0 - 8);
    expect([word(t2, MSP0 - 8), word(t2, MSP0 - 4)]).toEqual([8, 14]);
    const t3 = await run('push.w {r4}\nb .', { regs: { r4: 4 } });
    expect(t3.regs[13]).toBe(MSP0 - 4);
    expect(word(t3, MSP0 - 4)).toBe(4);
  });

  it('POP T1, T2, T3 load from SP upwards and raise SP', async () => {
    const t1 = await run('pop {r1, r2}\nb .', withMem({ regs: { sp: DATA } }));
    expect([t1.regs[1], t1.regs[2], t1.regs[13]]).toEqual([0x8382_8180, 0x8786_8584, DATA + 8]);
    const t2 = await run('pop {r8, r9}\nb .', withMem({ regs: { sp: DATA + 4 } }));
    expect([t2.regs[8], t2.regs[9], t2.regs[13]]).toEqual([0x8786_8584, 0x8b8a_8988, DATA + 12]);
    const t3 = await run('pop.w {r4}\nb .', withMem({ regs: { sp: DATA + 8 } }));
    expect([t3.regs[4], t3.regs[13]]).toEqual([0x8b8a_8988, DATA + 12]);
  });

  it('PUSH then POP restores the values in order', async () => {
    const cpu = await run('push {r1, r2, r3}\npop {r4, r5, r6}\nb .', {
      regs: { r1: 1, r2: 2, r3: 3 },
    });
    expect([cpu.regs[4], cpu.regs[5], cpu.regs[6], cpu.regs[13]]).toEqual([1, 2, 3, MSP0]);
  });

  it('POP with the PC returns: T1, T2, T3 (LDR pc, [sp], #4)', async () => {
    const memory = { [DATA]: 5, [DATA + 4]: (CODE + 6) | 1 };
    const t1 = await run('pop {r0, pc}\nmovs r0, #1\nmovs r0, #2\nb .', {
      regs: { sp: DATA },
      memory,
    });
    expectHalted(t1, CODE + 6);
    expect([t1.regs[0], t1.regs[13]]).toEqual([5, DATA + 8]);
    const t2 = await run('pop.w {r4, pc}\nmovs r0, #1\ntarget: b .', {
      regs: { sp: DATA },
      memory,
    });
    expectHalted(t2, CODE + 6);
    expect([t2.regs[4], t2.regs[13]]).toEqual([5, DATA + 8]);
    const t3 = await run('ldr pc, [sp], #4\nmovs r0, #1\ntarget: b .', {
      regs: { sp: DATA + 4 },
      memory,
    });
    expectHalted(t3, CODE + 6);
    expect(t3.regs[13]).toBe(DATA + 8);
  });

  it('POP {pc} with bit 0 clear takes INVSTATE at the target', async () => {
    const cpu = await run('pop {pc}\nb .', { regs: { sp: DATA }, memory: { [DATA]: CODE + 2 } });
    expectFault(cpu, 'INVSTATE', '', CODE + 2);
  });

  it('POP {pc} of an EXC_RETURN in Handler mode sees SP already raised', async () => {
    let seen: number[] = [];
    const cpu = await runWith(
      'pop {r0, pc}\nb .',
      { regs: { sp: DATA }, memory: { [DATA]: 5, [DATA + 4]: 0xffff_fff9 } },
      (c) => {
        c.ipsr = 3;
        c.hooks = {
          ...stopOnEvent,
          exceptionReturn(cpu, excReturn) {
            seen = [excReturn, cpu.regs[13], cpu.regs[0]];
            cpu.stop('halted', 'exception return');
          },
        };
      },
    );
    expect(cpu.stopped?.message).toBe('exception return');
    expect(seen).toEqual([0xffff_fff9, DATA + 8, 5]);
  });

  it('POP with the PC is allowed last in an IT block, UNPREDICTABLE before', async () => {
    const last = await run('it eq\npopeq {r0, pc}\nmovs r0, #1\ntarget: b .', {
      flags: 'Z',
      regs: { sp: DATA },
      memory: { [DATA]: 5, [DATA + 4]: (CODE + 6) | 1 },
    });
    expectHalted(last, CODE + 6);
    // ITT EQ; POP {r0, pc}; NOP
    const early = runHalfwords(
      [0xbf04, 0xbd01, 0xbf00],
      {
        flags: 'Z',
        regs: { sp: DATA },
        memory: { [DATA]: 5, [DATA + 4]: (CODE + 6) | 1 },
      },
      2,
    );
    expectFault(early, 'UNDEFINSTR', 'POP T1: loading the PC not last in an IT block', CODE + 2);
    expect(early.regs[13]).toBe(DATA);
    // ITT EQ; POP.W {r4, pc}; NOP and ITT EQ; LDMDB r0, {r1, pc}; NOP
    const t2 = runHalfwords(
      [0xbf04, 0xe8bd, 0x8010, 0xbf00],
      { flags: 'Z', regs: { sp: DATA } },
      2,
    );
    expectFault(t2, 'UNDEFINSTR', 'not last in an IT block', CODE + 2);
    const db = runHalfwords(
      [0xbf04, 0xe910, 0x8002, 0xbf00],
      { flags: 'Z', regs: { r0: DATA + 8 } },
      2,
    );
    expectFault(db, 'UNDEFINSTR', 'not last in an IT block', CODE + 2);
  });

  it('cost 1 cycle per register plus 1, plus the refill when the PC is loaded', () => {
    const push = runHalfwords([0xb510], { regs: { r4: 4 } });
    expect(push.cycles).toBe(3);
    const pop = runHalfwords([0xbd01], {
      regs: { sp: DATA },
      memory: { [DATA]: 5, [DATA + 4]: CODE | 1 },
    });
    expect(pop.cycles).toBe(4);
  });
});

describe('exclusives', () => {
  const setup = (regs: Setup['regs']): Setup => ({
    regs,
    memory: { [DATA]: 0x1111, [DATA + 8]: 0x2222 },
  });

  it('LDREX then STREX to the same address stores and returns 0', async () => {
    const cpu = await run(
      'ldrex r1, [r0]\nstrex r2, r3, [r0]\nb .',
      setup({ r0: DATA, r2: 9, r3: 0x3333 }),
    );
    expect(cpu.regs[1]).toBe(0x1111);
    expect(cpu.regs[2]).toBe(0);
    expect(word(cpu, DATA)).toBe(0x3333);
    expect(cpu.exclusiveOpen).toBe(true);
  });

  it('with an offset (imm8:00)', async () => {
    const cpu = await run(
      'ldrex r1, [r0, #8]\nstrex r2, r3, [r0, #8]\nb .',
      setup({ r0: DATA, r3: 0x3333 }),
    );
    expect([cpu.regs[1], cpu.regs[2], word(cpu, DATA + 8)]).toEqual([0x2222, 0, 0x3333]);
  });

  it('STREX fails (returns 1, stores nothing) after CLREX', async () => {
    const cpu = await run(
      'ldrex r1, [r0]\nclrex\nstrex r2, r3, [r0]\nb .',
      setup({ r0: DATA, r3: 0x3333 }),
    );
    expect(cpu.regs[2]).toBe(1);
    expect(word(cpu, DATA)).toBe(0x1111);
  });

  it('STREX fails without a LDREX, for another address, and a second time', async () => {
    const none = await run('strex r2, r3, [r0]\nb .', setup({ r0: DATA, r3: 0x3333 }));
    expect([none.regs[2], word(none, DATA)]).toEqual([1, 0x1111]);
    const other = await run(
      'ldrex r1, [r0]\nstrex r2, r3, [r4]\nb .',
      setup({ r0: DATA, r3: 0x3333, r4: DATA + 8 }),
    );
    expect([other.regs[2], word(other, DATA + 8)]).toEqual([1, 0x2222]);
    const twice = await run(
      'ldrex r1, [r0]\nstrex r2, r3, [r0]\nstrex r5, r4, [r0]\nb .',
      setup({ r0: DATA, r3: 3, r4: 4 }),
    );
    expect([twice.regs[2], twice.regs[5], word(twice, DATA)]).toEqual([0, 1, 3]);
    // A failed STREX also leaves the monitor open.
    const after = await run(
      'ldrex r1, [r0]\nstrex r2, r3, [r4]\nstrex r5, r3, [r0]\nb .',
      setup({ r0: DATA, r3: 3, r4: DATA + 8 }),
    );
    expect([after.regs[2], after.regs[5], word(after, DATA)]).toEqual([1, 1, 0x1111]);
  });

  it('LDREXB/STREXB and LDREXH/STREXH', async () => {
    const b = await run(
      'ldrexb r1, [r0]\nstrexb r2, r3, [r0]\nb .',
      setup({ r0: DATA + 1, r3: 0x1234_56ab }),
    );
    expect([b.regs[1], b.regs[2], word(b, DATA)]).toEqual([0x11, 0, 0xab11]);
    const h = await run(
      'ldrexh r1, [r0]\nstrexh r2, r3, [r0]\nb .',
      setup({ r0: DATA + 2, r3: 0x1234_abcd }),
    );
    expect([h.regs[1], h.regs[2], word(h, DATA)]).toEqual([0, 0, 0xabcd_1111]);
    const fail = await run(
      'ldrexh r1, [r0]\nclrex\nstrexh r2, r3, [r0]\nb .',
      setup({ r0: DATA, r3: 5 }),
    );
    expect([fail.regs[1], fail.regs[2], word(fail, DATA)]).toEqual([0x1111, 1, 0x1111]);
  });

  it('unaligned exclusives fault (MemA), even a STREX that would fail', async () => {
    const ld = await run('ldrex r1, [r0]\nb .', setup({ r0: DATA + 2 }));
    expectFault(ld, 'UNALIGNED');
    const ldh = await run('ldrexh r1, [r0]\nb .', setup({ r0: DATA + 1 }));
    expectFault(ldh, 'UNALIGNED');
    const st = await run('strex r2, r3, [r0]\nb .', setup({ r0: DATA + 2, r2: 9 }));
    expectFault(st, 'UNALIGNED');
    expect(st.regs[2]).toBe(9);
    const sth = await run('strexh r2, r3, [r0]\nb .', setup({ r0: DATA + 1, r2: 9 }));
    expectFault(sth, 'UNALIGNED');
  });
});

describe('PLD, PLI and the unallocated memory hints', () => {
  it('access nothing: no fault on an unmapped address', async () => {
    const before = await run('ldr r1, [r0]\nb .', { regs: { r0: UNMAPPED } });
    expectFault(before, 'PRECISERR');
    const cpu = await run(
      [
        'pld [r0]',
        'pld [r0, #4095]',
        'pld [r0, #-4]',
        'pld [r0, r1, lsl #3]',
        'pld [pc, #-8]',
        'pli [r0]',
        'pli [r0, #-4]',
        'pli [r0, r1, lsl #2]',
        'pli [pc, #-8]',
        'b .',
      ].join('\n'),
      { regs: { r0: UNMAPPED, r1: 1 } },
    );
    expectHalted(cpu, CODE + 36);
    expect([cpu.regs[0], cpu.regs[1]]).toEqual([UNMAPPED, 1]);
  });

  it('LDRH and LDRSH with Rt = PC execute as NOPs', () => {
    const hints = [0xf8b1, 0xf002, 0xf831, 0xfc08, 0xf83f, 0xf004, 0xf831, 0xf012];
    const signed = [0xf9b1, 0xf002, 0xf931, 0xfc08, 0xf9bf, 0xf004, 0xf931, 0xf012];
    const cpu = runHalfwords([...hints, ...signed, 0xe7fe], { regs: { r1: UNMAPPED } }, 100);
    expectHalted(cpu, CODE + 32);
  });
});
