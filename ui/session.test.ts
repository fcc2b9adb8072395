/**
 * The UI's commands without a screen: stepping into, over and out of calls and handlers,
 * breakpoints, run to cursor, watches, the button, pacing to the wall clock. Programs are
 * assembled from source here; what each step must do is read from the source and the ARMv7-M
 * ARM (BL sets LR to the next instruction, A7.7.18; exception entry stacks R0-R3, R12, LR, the
 * return address and xPSR, B1.5.6; a WFI woken by an interrupt returns to the instruction after
 * it, B1.5.19), never from an earlier run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { imageProgram, ASM_BLINKY } from './programs.ts';
import { Session } from './session.ts';
import { exceptionFrame } from './views/stack.ts';

const ROOT = join(import.meta.dirname, '..');

const CALLS = `
        .syntax unified
        .thumb
main:   movs r0, #1
call1:  bl double           @ r0 = 2
after1: bl quad             @ r0 = 8
after2: ldr r5, =0x20001000
        movs r6, #0x55
store:  str r6, [r5]
done:   b .

        .thumb_func
double: adds r0, r0, r0
        bx lr

        .thumb_func
quad:   push {lr}
        bl double
inquad: bl double
        pop {pc}
`;

async function session(source: string, base = 0x2000_0100, now?: () => number) {
  const s = new Session(now);
  await s.load(imageProgram('test.s', new TextEncoder().encode(source), { base }));
  const address = (name: string) => s.symbols.get(name)!.address;
  return { s, cpu: () => s.machine!.cpu, address };
}

/** Runs slices until the session stops running (an ample wall-clock budget each). */
function runToStop(s: Session): void {
  for (let k = 0; k < 1000 && s.running; k++) s.slice(performance.now() + 50);
}

describe('stepping', () => {
  it('steps one instruction, and a call into the callee', async () => {
    const { s, cpu, address } = await session(CALLS);
    expect(s.state).toBe('paused');
    expect(cpu().pc).toBe(address('main'));
    s.step();
    expect(cpu().pc).toBe(address('call1'));
    expect(cpu().regs[0]).toBe(1);
    s.step();
    expect(cpu().pc).toBe(address('double'));
    // BL: LR = the next instruction, with the Thumb bit (A7.7.18).
    expect(cpu().regs[14]).toBe(address('after1') | 1);
  });

  it('steps over a call: stops after it, the callee run', async () => {
    const { s, cpu, address } = await session(CALLS);
    s.step();
    const before = cpu().instructions;
    s.stepOver();
    runToStop(s);
    expect(s.status.state).toBe('paused');
    expect(cpu().pc).toBe(address('after1'));
    expect(cpu().regs[0]).toBe(2);
    // bl, adds, bx lr.
    expect(cpu().instructions - before).toBe(3);
  });

  it('steps out of a function, through the calls it makes', async () => {
    const { s, cpu, address } = await session(CALLS);
    s.runTo(address('quad'));
    runToStop(s);
    expect(cpu().pc).toBe(address('quad'));
    s.step(); // push {lr}
    s.step(); // bl double: now inside double, called from quad
    expect(cpu().pc).toBe(address('double'));
    s.stepOut();
    runToStop(s);
    expect(cpu().pc).toBe(address('inquad'));
    s.stepOut();
    runToStop(s);
    expect(s.status.message).toMatch(/stepped out/);
    expect(cpu().pc).toBe(address('after2'));
    expect(cpu().regs[0]).toBe(8);
  });

  it('stops at a breakpoint, and runs on past it', async () => {
    const { s, cpu, address } = await session(CALLS);
    s.toggleBreakpoint(address('double'));
    s.resume();
    runToStop(s);
    expect(s.status).toMatchObject({ state: 'paused', kind: 'breakpoint' });
    expect(cpu().pc).toBe(address('double'));
    expect(cpu().regs[0]).toBe(1);
    s.resume();
    runToStop(s);
    expect(cpu().pc).toBe(address('double'));
    expect(cpu().regs[0]).toBe(2);
    expect(s.toggleBreakpoint(address('double'))).toBe(false);
    s.resume();
    runToStop(s);
    expect(s.status).toMatchObject({ state: 'halted', kind: 'halted' });
    expect(s.status.message).toMatch(/branch to self/);
    expect(cpu().pc).toBe(address('done'));
  });

  it('a watched word stops the run after the store', async () => {
    const { s, cpu, address } = await session(CALLS);
    s.toggleWatch(0x2000_1000);
    s.resume();
    runToStop(s);
    expect(s.status.state).toBe('paused');
    expect(s.status.message).toBe('watch: 0x20001000 written, 0x00000000 -> 0x00000055');
    expect(cpu().pc).toBe(address('done'));
    expect(s.machine!.bus.read32(0x2000_1000)).toBe(0x55);
  });

  it('remembers the registers a step began with, for the highlight', async () => {
    const { s } = await session(CALLS);
    s.step();
    expect(s.before[0]).toBe(0); // r0 before movs r0, #1
    expect(s.machine!.cpu.regs[0]).toBe(1);
  });

  it('runs sum.s to its b . with R0 = 15', async () => {
    const source = readFileSync(join(ROOT, 'firmware/sum.s'));
    const s = new Session();
    await s.load(imageProgram('sum.s', source, { base: 0x2000_0100 }));
    s.resume();
    runToStop(s);
    expect(s.status).toMatchObject({ state: 'halted', kind: 'halted' });
    expect(s.machine!.cpu.regs[0]).toBe(15);
  });

  it('a reset reloads the program and keeps the breakpoints', async () => {
    const { s, cpu, address } = await session(CALLS);
    s.toggleBreakpoint(address('quad'));
    s.resume();
    runToStop(s);
    expect(cpu().pc).toBe(address('quad'));
    await s.reset();
    expect(cpu().pc).toBe(address('main'));
    expect(cpu().regs[0]).toBe(0);
    s.resume();
    runToStop(s);
    expect(cpu().pc).toBe(address('quad'));
  });

  it('an image that cannot be loaded is a message, not an exception', async () => {
    const s = new Session();
    await s.load(imageProgram('bad.s', new TextEncoder().encode('  frobnicate r0\n')));
    expect(s.state).toBe('empty');
    expect(s.status.kind).toBe('error');
    expect(s.status.message).toMatch(/^bad\.s/);
  });
});

describe('the blinky demo', () => {
  async function blinky(now?: () => number) {
    const s = new Session(now);
    await s.load(
      imageProgram(ASM_BLINKY.path, readFileSync(ASM_BLINKY.path), ASM_BLINKY.options, true),
    );
    return s;
  }

  it('starts running, paced: LD1 toggles every 0.5 s of wall-clock time', async () => {
    let wallMs = 0;
    const s = await blinky(() => wallMs);
    expect(s.running).toBe(true);
    const chip = s.machine!.chip;
    const seen: [number, boolean][] = [];
    chip.gpio.B.onPinChange((_port, pin, level) => {
      if (pin === 0) seen.push([s.machine!.seconds, level === 1]);
    });
    // 1.2 s of wall clock in 10 ms steps: the machine keeps pace and no further.
    for (wallMs = 0; wallMs <= 1200; wallMs += 10) {
      s.slice(wallMs + 15);
      // Within a few instructions' cycles (a run stops at the first block end past the target).
      expect(s.machine!.seconds).toBeLessThanOrEqual(wallMs / 1000 + 1e-5);
    }
    expect(s.machine!.seconds).toBeGreaterThan(1.1);
    // SysTick every 8,000,000 cycles of the 16 MHz HSI: 0.5 s (reload 7,999,999: B3.3.1).
    expect(seen.map(([t]) => +t.toFixed(3))).toEqual([0.5, 1]);
    expect(seen.map(([, lit]) => lit)).toEqual([true, false]);
  });

  it('as fast as possible: emulated time runs ahead of the wall clock', async () => {
    // A clock that moves 1 ms each time it is read: a 15 ms slice.
    let wallMs = 0;
    const s = await blinky(() => wallMs++);
    s.setRealtime(false);
    s.slice(wallMs + 15);
    expect(s.running).toBe(true);
    expect(s.machine!.seconds).toBeGreaterThan(1);
  });

  it('B1 pressed lights LD2 through EXTI13, released after 0.2 s it goes dark', async () => {
    let wallMs = 0;
    const s = await blinky(() => wallMs);
    const m = s.machine!;
    const until = (seconds: number) => {
      for (; m.seconds < seconds - 1e-6; wallMs += 10) s.slice(wallMs + 15);
    };
    // The firmware sets EXTI13 up first: a press before that is not seen (as on the board).
    until(0.05);
    s.pressButton('B1');
    expect(s.buttonPressed('B1')).toBe(true);
    until(0.1);
    expect(m.chip.ledLit('LD2')).toBe(true);
    until(0.3);
    expect(s.buttonPressed('B1')).toBe(false);
    expect(m.chip.ledLit('LD2')).toBe(false);
  });

  it('in the SysTick handler: the frame labelled, step out returns to the thread', async () => {
    const s = await blinky();
    s.setRealtime(false);
    s.pause();
    const handler = s.symbols.get('systick_handler')!.address;
    const idle = s.symbols.get('idle')!.address;
    s.toggleBreakpoint(handler);
    s.resume();
    runToStop(s);
    const cpu = s.machine!.cpu;
    expect(cpu.pc).toBe(handler);
    expect(cpu.ipsr).toBe(15);
    // The core slept in the WFI at `idle`: the frame returns to the instruction after it.
    const frame = exceptionFrame(s.machine!)!;
    expect(frame).toMatchObject({ address: cpu.msp, words: 8, stack: 'MSP' });
    expect(s.machine!.bus.read32(frame.address + 24)).toBe(idle + 2);
    expect(cpu.regs[14]).toBe(0xfffffff9); // Thread mode, main stack, no FP state
    s.stepOut();
    runToStop(s);
    expect(s.status.state).toBe('paused');
    expect(cpu.ipsr).toBe(0);
    expect(cpu.pc).toBe(idle + 2);
    expect(cpu.sp).toBe(0x2005_0000);
  });

  it('steps through a handler’s return to the instruction it returns to', async () => {
    const s = await blinky();
    s.setRealtime(false);
    s.pause();
    const handler = s.symbols.get('systick_handler')!;
    s.toggleBreakpoint(handler.address);
    s.resume();
    runToStop(s);
    const cpu = s.machine!.cpu;
    for (let k = 0; k < 5 && cpu.ipsr !== 0; k++) {
      s.step();
      runToStop(s);
    }
    expect(cpu.ipsr).toBe(0);
    expect(cpu.pc).toBe(s.symbols.get('idle')!.address + 2);
  });
});
