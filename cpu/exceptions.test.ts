/**
 * The exception model (ARMv7-M ARM B1.5) on the whole machine: programs with a vector table in
 * RAM take SVC, PendSV, SysTick, NVIC interrupts and faults, and every architectural effect is
 * checked against the manual: the stacked frame, EXC_RETURN, IPSR, priorities, fault status.
 */
import { describe, expect, test } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { assembleListing } from '../loader/asm.ts';

const VECTORS = 0x2000_0000;
const CODE = 0x2000_0200;
const LOG = 0x2001_0000;
const STACK = 0x2002_0000;

interface Booted {
  m: Machine;
  at: (label: string) => number;
  /** Runs until the core stops; returns the stop kind and message. */
  go: (max?: number) => string;
  word: (addr: number) => number;
}

/**
 * Assembles `source` at CODE, puts a vector table at VECTORS whose entries point at the labels
 * given (with the Thumb bit), and starts at `main` with SP at STACK.
 */
async function boot(source: string, vectors: Record<number, string>): Promise<Booted> {
  const m = new Machine();
  const asm = await assembleListing(
    '.syntax unified\n.thumb\n' + source.replace(/^ {4}/gm, '') + '\n',
    CODE,
  );
  const at = (label: string) => {
    const s = asm.symbols.get(label);
    if (s === undefined) throw new Error(`no label ${label}`);
    return s.address;
  };
  m.bus.load(CODE, asm.code);
  m.startAt(at('main'), STACK);
  m.vtor = VECTORS;
  for (const [n, label] of Object.entries(vectors)) {
    m.bus.write32(VECTORS + 4 * Number(n), at(label) | 1);
  }
  const go = (max = 100_000) => {
    m.run(max);
    const s = m.cpu.stopped;
    return s === null ? 'running' : `${s.kind}: ${s.message}`;
  };
  return { m, at, go, word: (a) => m.bus.read32(a) };
}

/** Steps past the BKPT the core stopped on. */
function resume(b: Booted): void {
  b.m.cpu.pc += 2;
}

describe('exception entry and return (B1.5.6, B1.5.8)', () => {
  test('SVC stacks R0-R3, R12, LR, the return address and xPSR, and BX LR returns', async () => {
    const b = await boot(
      `
      main:
        movs r0, #10
        movs r1, #11
        movs r2, #12
        movs r3, #13
        mov r12, r3
        movs r4, #0x44
        mov lr, r4
        adds r0, #0        @ Z = 0, N = 0
        svc #5
      after:
        bkpt #1
      svc_handler:
        bkpt #2
        bx lr
      `,
      { 11: 'svc_handler' },
    );
    expect(b.go()).toMatch(/^breakpoint: BKPT #2/);
    const { cpu } = b.m;
    expect(cpu.ipsr).toBe(11);
    expect(cpu.regs[14]).toBe(0xfffffff9);
    expect(cpu.msp).toBe(STACK - 32);
    const frame = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => b.word(STACK - 32 + 4 * k));
    expect(frame.slice(0, 6)).toEqual([10, 11, 12, 13, 13, 0x44]);
    expect(frame[6]).toBe(b.at('after'));
    expect(frame[7]).toBe(0x0100_0000); // T set, no flags, IPSR 0, no realignment
    // SVCall is active; ICSR.VECTACTIVE says so, RETTOBASE too (the only active exception).
    const icsr = b.word(0xe000ed04);
    expect(icsr & 0x1ff).toBe(11);
    expect(icsr & (1 << 11)).not.toBe(0);
    expect(b.word(0xe000ed24) & (1 << 7)).not.toBe(0); // SHCSR.SVCALLACT
    resume(b);
    expect(b.go()).toMatch(/^breakpoint: BKPT #1/);
    expect(cpu.pc).toBe(b.at('after'));
    expect(cpu.ipsr).toBe(0);
    expect(cpu.msp).toBe(STACK);
    expect(cpu.regs[14]).toBe(0x44);
    expect(b.word(0xe000ed24) & (1 << 7)).toBe(0);
  });

  test('a stack pointer that is 4 mod 8 is realigned, and xPSR bit 9 records it', async () => {
    const b = await boot(
      `
      main:
        sub sp, #4
        svc #0
        bkpt #1
      svc_handler:
        bkpt #2
        bx lr
      `,
      { 11: 'svc_handler' },
    );
    expect(b.go()).toMatch(/BKPT #2/);
    const sp = b.m.cpu.msp;
    expect(sp).toBe(STACK - 4 - 4 - 32);
    expect(b.word(sp + 28) & (1 << 9)).not.toBe(0);
    resume(b);
    expect(b.go()).toMatch(/BKPT #1/);
    expect(b.m.cpu.msp).toBe(STACK - 4);
  });

  test('Thread mode on PSP: the frame goes on PSP, EXC_RETURN is 0xFFFFFFFD', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0x20018000
        msr psp, r0
        movs r0, #2
        msr control, r0
        isb
        svc #0
        bkpt #1
      svc_handler:
        bkpt #2
        bx lr
      `,
      { 11: 'svc_handler' },
    );
    expect(b.go()).toMatch(/BKPT #2/);
    const { cpu } = b.m;
    expect(cpu.regs[14]).toBe(0xfffffffd);
    expect(cpu.psp).toBe(0x20018000 - 32);
    expect(cpu.msp).toBe(STACK);
    expect(cpu.regs[13]).toBe(STACK); // handlers run on MSP
    expect(cpu.control & 2).toBe(0);
    resume(b);
    expect(b.go()).toMatch(/BKPT #1/);
    expect(cpu.control & 2).toBe(2);
    expect(cpu.regs[13]).toBe(0x20018000);
  });

  test('POP {PC} with EXC_RETURN returns, after the POP has written SP back', async () => {
    const b = await boot(
      `
      main:
        movs r5, #7
        svc #0
        bkpt #1
      svc_handler:
        push {r4, lr}
        movs r5, #9
        pop {r4, pc}
      `,
      { 11: 'svc_handler' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(b.m.cpu.msp).toBe(STACK);
    expect(b.m.cpu.regs[5]).toBe(9);
    expect(b.m.cpu.ipsr).toBe(0);
  });
});

describe('priorities, preemption and tail-chaining (B1.5.4)', () => {
  // Each handler appends its exception number to the log at LOG (count at LOG, entries after).
  const LOGGING = `
      log:                  @ r0 = value to append
        ldr r1, =${LOG}
        ldr r2, [r1]
        adds r2, #1
        str r2, [r1]
        str r0, [r1, r2, lsl #2]
        bx lr
  `;
  const logged = (b: Booted) => {
    const n = b.word(LOG);
    return Array.from({ length: n }, (_, k) => b.word(LOG + 4 + 4 * k));
  };

  test('PendSV set in a higher-priority SVC handler runs after it, by tail-chaining', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED1C    @ SHPR2: SVCall priority 0x40
        ldr r1, =0x40000000
        str r1, [r0]
        ldr r0, =0xE000ED20    @ SHPR3: PendSV priority 0x80
        ldr r1, =0x00800000
        str r1, [r0]
        svc #0
        movs r0, #99
        bl log
        bkpt #1
      svc_handler:
        push {lr}
        ldr r0, =0xE000ED04
        ldr r1, =0x10000000    @ ICSR.PENDSVSET
        str r1, [r0]
        movs r0, #11
        bl log
        pop {pc}
      pendsv_handler:
        push {lr}
        movs r0, #14
        bl log
        pop {pc}
      ${LOGGING}
      `,
      { 11: 'svc_handler', 14: 'pendsv_handler' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(logged(b)).toEqual([11, 14, 99]);
  });

  test('tail-chaining skips the unstacking: FP state a handler preserved stays in the frame', async () => {
    // The thread's S0 = 1.0 (its FP context active); the SVC handler pends PendSV, then writes
    // S0 = 2.0, which preserves the thread's S0-S15 in the frame (LSPACT clears). PendSV is
    // tail-chained on the same frame (Cortex-M7 TRM 2.7: no state restored and saved again), so
    // it sees LSPACT still clear, EXC_RETURN 0xFFFFFFE9 and S0 = 2.0; the thread gets 1.0 back.
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED88    @ CPACR: CP10, CP11 full access
        ldr r1, =0x00F00000
        str r1, [r0]
        ldr r0, =0xE000ED1C    @ SHPR2: SVCall priority 0x40
        ldr r1, =0x40000000
        str r1, [r0]
        ldr r0, =0xE000ED20    @ SHPR3: PendSV priority 0x80
        ldr r1, =0x00800000
        str r1, [r0]
        ldr r0, =0x3F800000
        vmov s0, r0
        svc #0
        vmov r0, s0
        bl log
        bkpt #1
      svc_handler:
        ldr r0, =0xE000ED04
        ldr r1, =0x10000000    @ ICSR.PENDSVSET
        str r1, [r0]
        ldr r0, =0x40000000
        vmov s0, r0
        bx lr
      pendsv_handler:
        push {r4, lr}
        mov r4, lr
        ldr r0, =0xE000EF34    @ FPCCR
        ldr r0, [r0]
        and r0, r0, #1         @ LSPACT
        bl log
        mov r0, r4
        bl log
        vmov r0, s0
        bl log
        pop {r4, pc}
      ${LOGGING}
      `,
      { 11: 'svc_handler', 14: 'pendsv_handler' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(logged(b)).toEqual([0, 0xffffffe9, 0x4000_0000, 0x3f80_0000]);
  });

  test('a higher-priority IRQ preempts a running handler (nesting, EXC_RETURN 0xFFFFFFF1)', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000E100    @ NVIC_ISER0: IRQ 0 and IRQ 1
        movs r1, #3
        str r1, [r0]
        ldr r0, =0xE000E400    @ IPR: IRQ 0 priority 0xC0, IRQ 1 priority 0x20
        ldr r1, =0x20C0
        str r1, [r0]
        ldr r0, =0xE000EF00    @ STIR: IRQ 0
        movs r1, #0
        str r1, [r0]
        movs r0, #99
        bl log
        bkpt #1
      irq0:
        push {lr}
        movs r0, #16
        bl log
        ldr r0, =0xE000E200    @ ISPR0: IRQ 1 pending, preempts at once
        movs r1, #2
        str r1, [r0]
        movs r0, #160
        bl log
        pop {pc}
      irq1:
        mov r4, lr
        push {lr}
        movs r0, #17
        bl log
        pop {pc}
      ${LOGGING}
      `,
      { 16: 'irq0', 17: 'irq1' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(logged(b)).toEqual([16, 17, 160, 99]);
    expect(b.m.cpu.regs[4]).toBe(0xfffffff1);
  });

  test('equal group priority does not preempt; PRIGROUP decides what is a group', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED0C    @ AIRCR: PRIGROUP 5 (2 group bits), VECTKEY
        ldr r1, =0x05FA0500
        str r1, [r0]
        ldr r0, =0xE000E100
        movs r1, #3
        str r1, [r0]
        ldr r0, =0xE000E400    @ IRQ 0: 0x80, IRQ 1: 0x90 - the same group 0x80
        ldr r1, =0x9080
        str r1, [r0]
        ldr r0, =0xE000E200
        movs r1, #1
        str r1, [r0]
        bkpt #1
      irq0:
        push {lr}
        ldr r0, =0xE000E200
        movs r1, #2
        str r1, [r0]
        movs r0, #16
        bl log
        pop {pc}
      irq1:
        push {lr}
        movs r0, #17
        bl log
        pop {pc}
      ${LOGGING}
      `,
      { 16: 'irq0', 17: 'irq1' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(logged(b)).toEqual([16, 17]);
    expect(b.word(0xe000ed0c)).toBe(0xfa050500);
  });

  test('PRIMASK holds an interrupt off until CPSIE; BASEPRI masks by priority', async () => {
    const b = await boot(
      `
      main:
        cpsid i
        ldr r0, =0xE000E100
        movs r1, #1
        str r1, [r0]
        ldr r0, =0xE000E400
        movs r1, #0x80
        str r1, [r0]
        ldr r0, =0xE000E200
        movs r1, #1
        str r1, [r0]
        movs r0, #1
        bl log
        movs r0, #0x80
        msr basepri, r0        @ masks priority 0x80 and lower
        cpsie i
        movs r0, #2
        bl log
        movs r0, #0
        msr basepri, r0
        movs r0, #3
        bl log
        bkpt #1
      irq0:
        push {lr}
        movs r0, #16
        bl log
        pop {pc}
      ${LOGGING}
      `,
      { 16: 'irq0' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(logged(b)).toEqual([1, 2, 16, 3]);
  });

  test('NVIC registers: enable, pending and active bits, implemented priority bits', async () => {
    const b = await boot(
      `
      main:
        bkpt #1
      `,
      {},
    );
    b.go();
    const bus = b.m.bus;
    bus.write32(0xe000e104, 1 << 5); // ISER1: IRQ 37
    expect(bus.read32(0xe000e104)).toBe(1 << 5);
    expect(bus.read32(0xe000e184)).toBe(1 << 5); // ICER reads the enables too
    bus.write8(0xe000e400 + 37, 0xff);
    expect(bus.read8(0xe000e400 + 37)).toBe(0xf0);
    expect(bus.read32(0xe000e004)).toBe(3); // ICTR: 98 IRQs in 4 words
    b.m.cpu.primask = 1;
    bus.write32(0xe000ef00, 37); // STIR
    expect(bus.read32(0xe000e204)).toBe(1 << 5);
    expect((bus.read32(0xe000ed04) >>> 12) & 0x1ff).toBe(16 + 37); // VECTPENDING
    expect(bus.read32(0xe000ed04) & (1 << 22)).not.toBe(0); // ISRPENDING
    bus.write32(0xe000e284, 1 << 5);
    expect(bus.read32(0xe000e204)).toBe(0);
  });
});

describe('faults (B1.5.14, B3.2.15)', () => {
  test('an undefined instruction with UsageFault disabled escalates to HardFault (FORCED)', async () => {
    const b = await boot(
      `
      main:
        nop
      bad:
        udf #0
      hardfault:
        bkpt #3
      `,
      { 3: 'hardfault' },
    );
    expect(b.go()).toMatch(/BKPT #3/);
    expect(b.m.cpu.ipsr).toBe(3);
    expect(b.word(0xe000ed28)).toBe(1 << 16); // CFSR.UNDEFINSTR
    expect(b.word(0xe000ed2c)).toBe(1 << 30); // HFSR.FORCED
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bad')); // returns to the faulting instruction
  });

  test('with USGFAULTENA, DIV_0_TRP makes SDIV by zero a UsageFault (DIVBYZERO)', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED24    @ SHCSR.USGFAULTENA
        ldr r1, =0x40000
        str r1, [r0]
        ldr r0, =0xE000ED14    @ CCR.DIV_0_TRP
        ldr r1, [r0]
        orr r1, #0x10
        str r1, [r0]
        movs r2, #0
        movs r3, #7
      bad:
        sdiv r4, r3, r2
        bkpt #1
      usagefault:
        bkpt #6
      `,
      { 6: 'usagefault' },
    );
    expect(b.go()).toMatch(/BKPT #6/);
    expect(b.m.cpu.ipsr).toBe(6);
    expect(b.word(0xe000ed28)).toBe(1 << 25);
    expect(b.word(0xe000ed2c)).toBe(0);
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bad'));
    // CFSR is write-one-to-clear.
    b.m.bus.write32(0xe000ed28, 1 << 25);
    expect(b.word(0xe000ed28)).toBe(0);
  });

  test('with DEMCR.MON_EN a BKPT is the DebugMonitor exception (DFSR.BKPT); masked, DEBUGEVT', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000EDFC
        ldr r1, [r0]
        orr r1, r1, #0x10000
        str r1, [r0]
        ldr r2, =0xE000ED20
        movs r1, #0x20
        strb r1, [r2]
      bp:
        bkpt #7
        mov r6, r4
        mov r7, r5
        ldr r1, [r0]
        orr r1, r1, #0x20000
        str r1, [r0]
        mov r8, r4
        movs r1, #0x20
        msr basepri, r1
      bp2:
        bkpt #8
        b .
      monitor:
        ldr r3, =0xE000ED30
        ldr r4, [r3]
        str r4, [r3]
        ldr r5, [sp, #24]
        tst r4, #2
        beq skip
        adds r1, r5, #2
        str r1, [sp, #24]
      skip:
        bx lr
      hardfault:
        b .
      `,
      { 3: 'hardfault', 12: 'monitor' },
    );
    expect(b.go()).toMatch(/^halted: branch to self/);
    // The BKPT: DebugMonitor (priority 0x20 preempts Thread mode), returning to the BKPT itself.
    expect(b.m.cpu.regs[6]).toBe(2); // DFSR.BKPT
    expect(b.m.cpu.regs[7]).toBe(b.at('bp'));
    // DEMCR.MON_PEND pends it by software: no debug event, DFSR 0.
    expect(b.m.cpu.regs[8]).toBe(0);
    expect(b.word(0xe000edfc) & 0x30000).toBe(0x10000); // MON_EN, no longer pending
    // BASEPRI 0x20 holds DebugMonitor off: the BKPT is a HardFault with HFSR.DEBUGEVT.
    expect(b.m.cpu.pc).toBe(b.at('hardfault'));
    expect(b.word(0xe000ed2c)).toBe(2 ** 31);
    expect(b.word(0xe000ed30)).toBe(2);
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bp2'));
  });

  test('an invalid EXC_RETURN deactivates the handler and takes INVPC with LR = EXC_RETURN', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED24
        ldr r1, [r0]
        orr r1, r1, #0x40000
        str r1, [r0]
        svc #0
      after:
        b .
      svc:
        ldr r0, =0xFFFFFFF5
        bx r0
      usage:
        mov r4, lr
        mrs r5, ipsr
        ldr r0, =0xE000ED28
        ldr r6, [r0]
        ldr r0, =0xE000ED24
        ldr r7, [r0]
        ldr lr, =0xFFFFFFF9
        bx lr
      `,
      { 11: 'svc', 6: 'usage' },
    );
    // B1.5.8 ExceptionReturn(): DeActivate(SVCall), UFSR.INVPC, LR = 0xF0000000 +
    // EXC_RETURN<27:0>, ExceptionTaken(UsageFault) with no new frame: the SVC's frame is still
    // on MSP, and returning through it reaches Thread mode (the SVC no longer active).
    expect(b.go()).toMatch(/^halted: branch to self \(b \.\) at/);
    expect(b.m.cpu.pc).toBe(b.at('after'));
    expect(b.m.cpu.regs[4]).toBe(0xfffffff5);
    expect(b.m.cpu.regs[5]).toBe(6);
    expect(b.m.cpu.regs[6]).toBe(1 << 18); // CFSR.INVPC
    expect(b.m.cpu.regs[7] & (1 << 7)).toBe(0); // SHCSR.SVCALLACT
  });

  test('a stacked IPSR that contradicts EXC_RETURN: INVPC on the frame pushed again', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED24
        ldr r1, [r0]
        orr r1, r1, #0x40000
        str r1, [r0]
        svc #0
      after:
        b .
      svc:
        ldr r1, [sp, #28]
        orr r1, r1, #3
        str r1, [sp, #28]
        bx lr
      usage:
        mov r4, lr
        mrs r5, ipsr
        mov r6, sp
        ldr r7, [sp, #28]
        ldr r8, [sp, #24]
        ldr r0, =0xE000ED28
        ldr r9, [r0]
        ldr r1, [sp, #28]
        bic r1, r1, #0xff
        bic r1, r1, #0x100
        str r1, [sp, #28]
        ldr lr, =0xFFFFFFF9
        bx lr
      `,
      { 11: 'svc', 6: 'usage' },
    );
    // B1.5.8: PopStack(), then IPSR 3 in Thread mode: UFSR.INVPC, PushStack() to negate the
    // pop (the same frame, its xPSR with IPSR 3), LR = 0xF0000000 + EXC_RETURN<27:0>.
    expect(b.go()).toMatch(/^halted: branch to self/);
    expect(b.m.cpu.pc).toBe(b.at('after'));
    expect(b.m.cpu.regs[4]).toBe(0xfffffff9);
    expect(b.m.cpu.regs[5]).toBe(6);
    expect(b.m.cpu.regs[6]).toBe(STACK - 32);
    expect(b.m.cpu.regs[7] & 0x1ff).toBe(3);
    expect(b.m.cpu.regs[8]).toBe(b.at('after'));
    expect(b.m.cpu.regs[9]).toBe(1 << 18);
  });

  test('a load from nowhere is a precise BusFault with BFAR', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED24    @ SHCSR.BUSFAULTENA
        ldr r1, =0x20000
        str r1, [r0]
        ldr r0, =0x60000010
        ldr r1, [r0]
        bkpt #1
      busfault:
        bkpt #5
      `,
      { 5: 'busfault' },
    );
    expect(b.go()).toMatch(/BKPT #5/);
    expect(b.word(0xe000ed28)).toBe((1 << 9) | (1 << 15)); // PRECISERR, BFARVALID
    expect(b.word(0xe000ed38)).toBe(0x60000010);
  });

  test('a fault in the HardFault handler locks the core up, and says why', async () => {
    const b = await boot(
      `
      main:
        udf #0
      hardfault:
        udf #1
      `,
      { 3: 'hardfault' },
    );
    const stop = b.go();
    expect(stop).toMatch(/^lockup: .*UNDEFINSTR/);
    expect(stop).toContain('HFSR 0x40000000 (FORCED)');
    expect(b.m.cpu.pc).toBe(b.at('hardfault'));
  });

  test('with no handler in the vector table Loom stops at the faulting instruction', async () => {
    const b = await boot(
      `
      main:
        nop
      bad:
        udf #0
      `,
      {},
    );
    expect(b.go()).toMatch(/^fault: UNDEFINSTR .* HardFault has no handler/);
    expect(b.m.cpu.pc).toBe(b.at('bad'));
  });

  test('unprivileged code cannot reach the SCS: a BusFault', async () => {
    const b = await boot(
      `
      main:
        movs r0, #1
        msr control, r0        @ unprivileged Thread mode
        isb
        ldr r0, =0xE000ED00
      bad:
        ldr r1, [r0]
        bkpt #1
      hardfault:
        bkpt #3
      `,
      { 3: 'hardfault' },
    );
    expect(b.go()).toMatch(/BKPT #3/);
    expect(b.word(0xe000ed28) & (1 << 9)).not.toBe(0);
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bad'));
  });
});

describe('the MPU (B3.5): MemManage faults', () => {
  // Region 0: 32 bytes at LOG, read-only for everyone (AP = 110), execute-never; region 1: the
  // code, 4 KB read-only and executable for privileged code only (AP = 101); region 2: the
  // stack, 32 KB below STACK, read/write for everyone (so that stacking does not fault).
  const MPU_SETUP = `
        ldr r0, =0xE000ED24    @ SHCSR.MEMFAULTENA
        ldr r1, =0x10000
        str r1, [r0]
        ldr r0, =0xE000ED9C    @ RBAR: LOG, VALID, region 0
        ldr r1, =${LOG | 0x10}
        str r1, [r0]
        ldr r1, =0x16000009    @ RASR: XN, AP 110, SIZE 4 (32 bytes), ENABLE
        str r1, [r0, #4]
        ldr r1, =${CODE | 0x11}
        str r1, [r0]           @ RBAR: CODE, VALID, region 1
        ldr r1, =0x05000017    @ RASR: AP 101, SIZE 11 (4 KB), ENABLE
        str r1, [r0, #4]
        ldr r1, =0x20018012    @ RBAR: the stack's 32 KB, VALID, region 2
        str r1, [r0]
        ldr r1, =0x1300001d    @ RASR: XN, AP 011 (full access), SIZE 14, ENABLE
        str r1, [r0, #4]
        ldr r0, =0xE000ED94    @ CTRL: ENABLE, PRIVDEFENA
        movs r1, #5
        str r1, [r0]
        dsb
        isb
  `;

  test('a write to a read-only region is a MemManage fault with DACCVIOL and MMFAR', async () => {
    const b = await boot(
      `
      main:
        ${MPU_SETUP}
        ldr r2, =${LOG}
        ldr r3, [r2, #4]       @ reading is allowed
      bad:
        str r3, [r2, #4]
        bkpt #1
      memmanage:
        bkpt #4
      `,
      { 4: 'memmanage' },
    );
    expect(b.go()).toMatch(/BKPT #4/);
    expect(b.word(0xe000ed28)).toBe((1 << 1) | (1 << 7)); // DACCVIOL, MMARVALID
    expect(b.word(0xe000ed34)).toBe(LOG + 4); // MMFAR
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bad'));
  });

  test('unprivileged code outside every region it may use: IACCVIOL on the fetch', async () => {
    const b = await boot(
      `
      main:
        ${MPU_SETUP}
        movs r0, #1
        msr control, r0        @ unprivileged: region 1 no longer lets it execute
      after:
        isb                    @ the first instruction fetched unprivileged
        bkpt #1
      memmanage:
        bkpt #4
      `,
      { 4: 'memmanage' },
    );
    // The MemManage handler itself runs privileged from region 1.
    expect(b.go()).toMatch(/BKPT #4/);
    expect(b.word(0xe000ed28)).toBe(1 << 0); // IACCVIOL, no MMFAR
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('after'));
  });

  test('pages the MPU treats alike stay fast, for the privilege in force', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED24    @ SHCSR.MEMFAULTENA
        ldr r1, =0x10000
        str r1, [r0]
        ldr r0, =0xE000ED9C
        ldr r1, =0x20000010    @ region 0: 128 KB from 0x20000000 (code, stack), full access
        str r1, [r0]
        ldr r1, =0x03000021
        str r1, [r0, #4]
        ldr r1, =0x20030011    @ region 1: the 64 KB page at 0x20030000, privileged only
        str r1, [r0]
        ldr r1, =0x0100001f
        str r1, [r0, #4]
        ldr r1, =0x20040012    @ region 2: 32 bytes at 0x20040000, read-only
        str r1, [r0]
        ldr r1, =0x06000009
        str r1, [r0, #4]
        ldr r0, =0xE000ED94    @ CTRL: ENABLE, PRIVDEFENA
        movs r1, #5
        str r1, [r0]
        dsb
        isb
        ldr r2, =0x20030000
        movs r3, #7
        str r3, [r2]           @ privileged: allowed
        bkpt #1
        movs r0, #1
        msr control, r0        @ unprivileged from here
        isb
      bad:
        str r3, [r2, #4]
        bkpt #2
      memmanage:
        bkpt #4
      `,
      { 4: 'memmanage' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    const bus = b.m.bus;
    // Whole pages one region decides: on the fast paths (privileged).
    expect(bus.readPages[0x2003]).toBeDefined();
    expect(bus.writePages[0x2003]).toBeDefined();
    expect(bus.readPages[0x2000]).toBeDefined(); // (its writes check for code: it holds some)
    // A page a region's edge crosses: every access there is checked.
    expect(bus.readPages[0x2004]).toBeUndefined();
    expect(b.word(0x2003_0000)).toBe(7);
    resume(b);
    // Unprivileged, the page at 0x20030000 is checked again, and refused.
    expect(b.go()).toMatch(/BKPT #4/);
    expect(b.word(0xe000ed28)).toBe((1 << 1) | (1 << 7)); // DACCVIOL, MMARVALID
    expect(b.word(0xe000ed34)).toBe(0x2003_0004);
    expect(b.word(b.m.cpu.msp + 24)).toBe(b.at('bad'));
  });

  test('with the MPU off again, the same store works (and the fast paths are back)', async () => {
    const b = await boot(
      `
      main:
        ${MPU_SETUP}
        ldr r0, =0xE000ED94
        movs r1, #0
        str r1, [r0]
        dsb
        isb
        ldr r2, =${LOG}
        movs r3, #42
        str r3, [r2, #4]
        bkpt #1
      `,
      {},
    );
    expect(b.go()).toMatch(/BKPT #1/);
    expect(b.word(LOG + 4)).toBe(42);
  });
});

describe('SysTick (B3.3), WFI and the time model', () => {
  test('counts down from RVR at the processor clock and interrupts on each wrap', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000E010
        movs r1, #99
        str r1, [r0, #4]       @ RVR = 99: a period of 100 cycles
        str r1, [r0, #8]       @ CVR write: clears it
        movs r1, #7            @ ENABLE | TICKINT | CLKSOURCE
        str r1, [r0]
      idle:
        wfi
        ldr r2, =${LOG}
        ldr r3, [r2]
        cmp r3, #3
        bne idle
        bkpt #1
      systick:
        ldr r0, =${LOG}
        ldr r1, [r0]
        adds r1, #1
        str r1, [r0]
        bx lr
      `,
      { 15: 'systick' },
    );
    expect(b.go()).toMatch(/BKPT #1/);
    // Three wraps: the counter is reloaded one tick after enable, then wraps every 100 cycles.
    expect(b.word(LOG)).toBe(3);
    const cycles = b.m.cpu.cycles;
    expect(cycles).toBeGreaterThan(300);
    expect(cycles).toBeLessThan(400);
    expect(b.m.cpu.instructions).toBeLessThan(60); // WFI slept: no spinning
  });

  test('CVR reads the count; COUNTFLAG is set on a wrap and cleared by reading CSR', async () => {
    const b = await boot('main:\n  bkpt #1\n', {});
    b.go();
    const { bus, cpu } = b.m;
    bus.write32(0xe000e014, 999);
    bus.write32(0xe000e018, 0);
    bus.write32(0xe000e010, 5); // ENABLE | CLKSOURCE, no interrupt
    const start = cpu.cycles;
    cpu.cycles = start + 1 + 400; // reload at +1, then 400 ticks
    expect(bus.read32(0xe000e018)).toBe(999 - 400);
    expect(bus.read32(0xe000e010) & (1 << 16)).toBe(0);
    cpu.cycles = start + 1 + 999;
    b.m.scheduler.runDue();
    expect(bus.read32(0xe000e018)).toBe(0);
    expect(bus.read32(0xe000e010) & (1 << 16)).not.toBe(0);
    expect(bus.read32(0xe000e010) & (1 << 16)).toBe(0);
    // The external clock (CLKSOURCE = 0) is HCLK / 8 on the STM32F7.
    bus.write32(0xe000e018, 0);
    bus.write32(0xe000e010, 1);
    const t = cpu.cycles;
    cpu.cycles = (Math.floor(t / 8) + 1 + 10) * 8;
    expect(bus.read32(0xe000e018)).toBe(999 - 10);
  });

  test('WFI with nothing that could wake the core halts the run', async () => {
    const b = await boot('main:\n  wfi\n  bkpt #1\n', {});
    expect(b.go()).toMatch(/^halted: WFI .* nothing that could wake/);
  });
});

describe('system control block', () => {
  test('identification, cache geometry and reset values', async () => {
    const b = await boot('main:\n  bkpt #1\n', {});
    b.go();
    const r = (a: number) => b.m.bus.read32(a);
    expect(r(0xe000ed00)).toBe(0x410fc271); // CPUID: Cortex-M7 r0p1
    expect(r(0xe000ed14) & (1 << 9)).not.toBe(0); // CCR.STKALIGN
    expect(r(0xe000ef34)).toBe(0xc0000000); // FPCCR: ASPEN, LSPEN
    b.m.bus.write32(0xe000ed84, 0); // CSSELR: L1 data cache
    const ccsidr = r(0xe000ed80);
    expect(((ccsidr >>> 13) & 0x7fff) + 1).toBe(32); // sets
    expect(((ccsidr >>> 3) & 0x3ff) + 1).toBe(4); // ways
    expect(4 << ((ccsidr & 7) + 2)).toBe(32); // line bytes
    b.m.bus.write32(0xe000ed88, 0xf << 20); // CPACR: CP10, CP11 full access
    expect(b.m.cpu.cpacr).toBe(0xf << 20);
  });

  test('AIRCR.SYSRESETREQ resets the chip through the vector table', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000ED0C
        ldr r1, =0x05FA0004
        str r1, [r0]
        bkpt #1
      `,
      {},
    );
    // The boot address holds a vector table that starts at `main` again with a new SP.
    b.m.bootAddress = VECTORS;
    b.m.bus.write32(VECTORS, 0x2003_0000);
    b.m.bus.write32(VECTORS + 4, b.at('main') | 1);
    // Three instructions, the reset, and the first instruction after it.
    b.m.run(4);
    expect(b.m.cpu.pc).toBe(b.at('main') + 2);
    expect(b.m.cpu.msp).toBe(0x2003_0000);
    expect(b.m.cpu.stopped).toBeNull();
  });

  test('DWT CYCCNT follows the cycle count once TRCENA and CYCCNTENA are set', async () => {
    const b = await boot('main:\n  bkpt #1\n', {});
    b.go();
    const { bus, cpu } = b.m;
    bus.write32(0xe0001004, 0);
    bus.write32(0xe0001000, 1);
    cpu.cycles += 50;
    expect(bus.read32(0xe0001004)).toBe(0); // DEMCR.TRCENA is off
    bus.write32(0xe000edfc, 1 << 24);
    cpu.cycles += 50;
    expect(bus.read32(0xe0001004)).toBe(50);
  });

  test('ITM stimulus port 0 prints to the console', async () => {
    const b = await boot(
      `
      main:
        ldr r0, =0xE000EDFC
        ldr r1, =0x01000000
        str r1, [r0]            @ DEMCR.TRCENA
        ldr r0, =0xE0000000
        movs r1, #1
        ldr r2, =0xE0000E80
        str r1, [r2]            @ TCR.ITMENA
        ldr r2, =0xE0000E00
        str r1, [r2]            @ TER: port 0
        movs r1, #0x4c          @ 'L'
        strb r1, [r0]
        movs r1, #0x0a
        strb r1, [r0]
        bkpt #1
      `,
      {},
    );
    b.go();
    expect((b.m.console as { text?: string }).text).toBe('L\n');
  });
});
