import { describe, expect, it } from 'vitest';
import { CODE, run, runHalfwords } from '../../test/thumb.ts';

describe('B', () => {
  it('b . (0xE7FE) branches to itself: the PC does not move and the run halts', () => {
    const cpu = runHalfwords([0xe7fe], {}, 5);
    expect(cpu.pc).toBe(CODE);
    expect(cpu.stopped?.kind).toBe('halted');
  });

  it('a conditional branch is taken only when its condition passes', async () => {
    const taken = await run('beq done\nmovs r0, #1\ndone: b .', { flags: 'Z' });
    expect(taken.regs[0]).toBe(0);
    expect(taken.pc).toBe(CODE + 4);
  });
});

describe('breakpoints', () => {
  it('stop before the instruction, and resuming executes it', async () => {
    const { prepare } = await import('../../test/thumb.ts');
    const { assemble } = await import('../../loader/asm.ts');
    const m = prepare(await assemble('b next\nnext: b .', CODE));
    m.cpu.addBreakpoint(CODE + 2);
    expect(m.cpu.run(100)).toBe(1);
    expect(m.cpu.stopped?.kind).toBe('breakpoint');
    expect(m.cpu.pc).toBe(CODE + 2);
    expect(m.cpu.instructions).toBe(1);
    m.cpu.run(100);
    expect(m.cpu.stopped?.kind).toBe('halted');
    expect(m.cpu.instructions).toBe(2);
  });
});
