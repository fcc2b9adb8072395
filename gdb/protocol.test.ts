/**
 * The protocol against a real Machine through MachineTarget: packets in, replies out, checked
 * against the GDB manual's packet definitions, GDB's own target description files
 * (features/arm/arm-m-profile.xml, arm-vfpv2.xml) and the ARMv7-M ARM.
 */
import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { MachineTarget } from './machine-target.ts';
import { GdbProtocol, fromHex, toHex } from './protocol.ts';
import { G_PACKET_BYTES } from './registers.ts';

const BASE = 0x2000_0100;
// Thumb encodings (ARMv7-M ARM A7.7): MOVS Rd,#imm8 T1 = 0x2000 | Rd << 8 | imm8; ADDS Rdn,#imm8
// T2 = 0x3000 | Rdn << 8 | imm8; LDR Rt,[Rn] T1 = 0x6800 | Rn << 3 | Rt; STR Rt,[Rn] T1 =
// 0x6000 | Rn << 3 | Rt; B . = 0xe7fe; NOP = 0xbf00; BKPT #imm8 = 0xbe00 | imm8.
const MOVS = (d: number, imm: number) => 0x2000 | (d << 8) | imm;
const ADDS = (d: number, imm: number) => 0x3000 | (d << 8) | imm;
const LDR = (t: number, n: number) => 0x6800 | (n << 3) | t;
const STR = (t: number, n: number) => 0x6000 | (n << 3) | t;
const B_SELF = 0xe7fe;
const NOP = 0xbf00;
const BKPT = (imm: number) => 0xbe00 | imm;

const le32 = (v: number) => toHex(new Uint8Array(new Uint32Array([v >>> 0]).buffer));
const hexText = (text: string) => toHex(new TextEncoder().encode(text));
const textOf = (hex: string) => new TextDecoder().decode(fromHex(hex)!);

function session(code: number[]) {
  const machine = new Machine();
  machine.bus.load(BASE, new Uint8Array(new Uint16Array(code).buffer));
  machine.startAt(BASE);
  const target = new MachineTarget(machine, { defer: (fn) => void setImmediate(fn) });
  const replies: string[] = [];
  let waiter: ((reply: string) => void) | null = null;
  const protocol = new GdbProtocol(target, (body) => {
    if (waiter !== null) {
      const w = waiter;
      waiter = null;
      w(body);
    } else replies.push(body);
  });
  /** A packet whose reply comes at once. */
  const ask = (packet: string): string => {
    protocol.handle(packet);
    expect(replies).toHaveLength(1);
    return replies.pop()!;
  };
  /** A packet whose reply (a stop reply) may come later. */
  const resume = (packet: string): Promise<string> => {
    protocol.handle(packet);
    if (replies.length > 0) return Promise.resolve(replies.pop()!);
    return new Promise((resolve) => (waiter = resolve));
  };
  return { machine, cpu: machine.cpu, target, protocol, ask, resume, replies };
}

/** Waits (letting the run loop's slices go) until `condition` holds. */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`still not so after ${ms} ms: ${condition}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A stop reply's fields: signal, registers by number, and the rest by name. */
function parseStop(reply: string) {
  expect(reply).toMatch(/^T[0-9a-f]{2}/);
  const fields = new Map<string, string>();
  for (const item of reply
    .slice(3)
    .split(';')
    .filter((x) => x !== '')) {
    const [k, v] = item.split(':');
    fields.set(k, v);
  }
  return { signal: parseInt(reply.slice(1, 3), 16), fields };
}

describe('queries', () => {
  it('qSupported announces the packet size, the target description, vCont and no-ack mode', () => {
    const { ask } = session([B_SELF]);
    const features = ask('qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386').split(';');
    expect(features).toContain('PacketSize=4000');
    expect(features).toContain('qXfer:features:read+');
    expect(features).toContain('vContSupported+');
    expect(features).toContain('QStartNoAckMode+');
  });

  it("reads target.xml in pieces: GDB's M-profile, m-system and VFP features", () => {
    const { ask } = session([B_SELF]);
    let xml = '';
    for (;;) {
      const reply = ask(`qXfer:features:read:target.xml:${xml.length.toString(16)},80`);
      expect(reply[0]).toMatch(/[ml]/);
      xml += reply.slice(1);
      if (reply[0] === 'l') break;
    }
    expect(xml).toMatch(/^<\?xml version="1.0"\?>/);
    const features = [...xml.matchAll(/<feature name="([^"]+)">/g)].map((m) => m[1]);
    expect(features).toEqual([
      'org.gnu.gdb.arm.m-profile',
      'org.gnu.gdb.arm.m-system',
      'org.gnu.gdb.arm.vfp',
    ]);
    const regs = [...xml.matchAll(/<reg name="(\w+)" bitsize="(\d+)"( regnum="(\d+)")?/g)];
    const names = regs.map((m) => m[1]);
    const core = [...Array.from({ length: 13 }, (_, k) => `r${k}`), 'sp', 'lr', 'pc', 'xpsr'];
    expect(names.slice(0, 17)).toEqual(core);
    expect(names.slice(17, 23)).toEqual([
      'msp',
      'psp',
      'primask',
      'basepri',
      'faultmask',
      'control',
    ]);
    expect(names.slice(23)).toEqual([...Array.from({ length: 16 }, (_, k) => `d${k}`), 'fpscr']);
    // As in GDB's arm-m-profile.xml: xpsr is register 25.
    expect(regs[16][4]).toBe('25');
    expect(regs.slice(23, 39).every((m) => m[2] === '64')).toBe(true);
    expect(ask('qXfer:features:read:other.xml:0,100')).toBe('E00');
  });

  it('one thread, attached, current', () => {
    const { ask } = session([B_SELF]);
    expect(ask('qC')).toBe('QC1');
    expect(ask('qfThreadInfo')).toBe('m1');
    expect(ask('qsThreadInfo')).toBe('l');
    expect(ask('qAttached')).toBe('1');
    expect(ask('Hg0')).toBe('OK');
    expect(ask('Hc-1')).toBe('OK');
    expect(ask('T1')).toBe('OK');
    expect(ask('T2')).toBe('E01');
    expect(ask('vCont?')).toBe('vCont;c;C;s;S;t');
  });

  it('a failure inside Loom is an E. reply, and the session goes on', () => {
    const { target, ask } = session([B_SELF]);
    target.readMemory = () => {
      throw new Error('a bug #1');
    };
    expect(ask('m20000000,4')).toBe('E.a bug ?1');
    expect(ask('qC')).toBe('QC1');
  });

  it('answers unknown packets with the empty reply and malformed ones with an error', () => {
    const { ask } = session([B_SELF]);
    for (const p of ['vMustReplyEmpty', 'qTStatus', 'Qbogus', 'jfoo', '!', 'Z9,0,0']) {
      expect(ask(p)).toBe('');
    }
    for (const p of ['mzz,4', 'm2000', 'M20000000,4:12', 'pzz', 'P0=12', 'Hg7', 'Z0,x,2']) {
      expect(ask(p)).toMatch(/^E[0-9A-F]{2}$/);
    }
  });
});

describe('registers', () => {
  it('g lays out r0-pc, xpsr, the system registers, d0-d15 and fpscr, little-endian', () => {
    const { cpu, ask } = session([B_SELF]);
    for (let k = 0; k < 13; k++) cpu.regs[k] = 0x11111111 * (k % 15) + k;
    cpu.regs[14] = 0x0800_0123;
    cpu.apsr = 0x8000_0000;
    cpu.msp = 0x2000_8000;
    cpu.psp = 0x2000_4000;
    cpu.basepri = 0x40;
    // D1 = 1.0 and S4 = 2.5 as IEEE 754, D<n> = S<2n+1>:S<2n> (ARMv7-M ARM A2.5.2).
    const d1 = new Uint32Array(new Float64Array([1.0]).buffer);
    cpu.s[2] = d1[0];
    cpu.s[3] = d1[1];
    cpu.s[4] = new Uint32Array(new Float32Array([2.5]).buffer)[0];
    cpu.fpscr = 0x0300_0000;
    const g = fromHex(ask('g'))!;
    expect(g.length).toBe(G_PACKET_BYTES);
    const w = new DataView(g.buffer);
    for (let k = 0; k < 13; k++) expect(w.getUint32(4 * k, true)).toBe(cpu.regs[k]);
    expect(w.getUint32(13 * 4, true)).toBe(0x2000_8000);
    expect(w.getUint32(14 * 4, true)).toBe(0x0800_0123);
    expect(w.getUint32(15 * 4, true)).toBe(BASE);
    expect(w.getUint32(16 * 4, true)).toBe(0x8100_0000); // N, T
    const sys = [0x2000_8000, 0x2000_4000, 0, 0x40, 0, 0];
    for (let k = 0; k < 6; k++) expect(w.getUint32((17 + k) * 4, true)).toBe(sys[k]);
    const fp = 23 * 4;
    expect(w.getFloat64(fp + 8, true)).toBe(1.0);
    expect(w.getFloat32(fp + 16, true)).toBe(2.5);
    expect(w.getUint32(fp + 16 * 8, true)).toBe(0x0300_0000);
  });

  it('p and P by register number; the PC drops its Thumb bit; IPSR cannot be written', () => {
    const { cpu, ask } = session([B_SELF]);
    expect(ask(`P0=${le32(0xcafef00d)}`)).toBe('OK');
    expect(cpu.regs[0]).toBe(0xcafef00d);
    expect(ask('p0')).toBe(le32(0xcafef00d));
    expect(ask(`Pf=${le32(0x2000_0201)}`)).toBe('OK');
    expect(cpu.pc).toBe(0x2000_0200);
    expect(ask('p19')).toBe(le32(0x0100_0000));
    expect(ask(`P19=${le32(0x6100_0003)}`)).toBe('OK');
    expect([cpu.z, cpu.c, cpu.t, cpu.ipsr]).toEqual([1, 1, 1, 0]);
    expect(ask(`P1a=${le32(0x2000_1000)}`)).toBe('OK');
    expect(cpu.msp).toBe(0x2000_1000);
    expect(cpu.sp).toBe(0x2000_1000);
    expect(ask(`P1f=${le32(2)}`)).toBe('OK'); // CONTROL.SPSEL: SP is now PSP
    expect(ask(`P1b=${le32(0x2000_0800)}`)).toBe('OK');
    expect(ask('pd')).toBe(le32(0x2000_0800));
    expect(ask(`P21=${toHex(new Uint8Array(new Float64Array([-2]).buffer))}`)).toBe('OK');
    expect(new Float64Array(new Uint32Array([cpu.s[2], cpu.s[3]]).buffer)[0]).toBe(-2);
    expect(ask('p10')).toBe('E45'); // 16-24: the FPA registers of old ARMs, not here
    expect(ask('p31')).toBe('E45');
  });

  it('G writes every register back', () => {
    const { cpu, ask } = session([B_SELF]);
    const g = fromHex(ask('g'))!;
    new DataView(g.buffer).setUint32(4 * 5, 0x12345678, true);
    expect(ask(`G${toHex(g)}`)).toBe('OK');
    expect(cpu.regs[5]).toBe(0x12345678);
    expect(ask(`G${toHex(g.subarray(4))}`)).toBe('E01');
  });
});

describe('memory', () => {
  it('m reads memory; it stops where memory ends, and fails where nothing is mapped', () => {
    const { machine, ask } = session([B_SELF]);
    machine.bus.write32(0x2000_0000, 0x04030201);
    expect(ask('m20000000,4')).toBe('01020304');
    // DTCM ends at 0x20010000 and SRAM1 follows: one read across both.
    expect(ask('m2000fffe,4')).toBe('00000000');
    // The backup SRAM (4 KB at 0x40024000) has nothing after it.
    expect(ask('m40024ffe,4')).toBe('0000');
    expect(ask('m30000000,4')).toBe('E14');
  });

  it('M and X write memory, flash too (as `load` needs), with escapes undone', () => {
    const { machine, protocol, replies } = session([B_SELF]);
    protocol.handle('M08000000,4:78563412');
    expect(machine.bus.read32(0x0800_0000)).toBe(0x12345678);
    // X carries binary: 0x7d ('}') and 0x23 ('#') arrive escaped, the framing undoes that.
    protocol.handle('X08000004,4:}#$*');
    expect(Array.from(machine.bus.dump(0x0800_0004, 4))).toEqual([0x7d, 0x23, 0x24, 0x2a]);
    // The ITCM alias shows the same flash.
    expect(machine.bus.read32(0x0020_0000)).toBe(0x12345678);
    protocol.handle('X08000000,0:');
    protocol.handle('X30000000,1:a');
    expect(replies).toEqual(['OK', 'OK', 'OK', 'E14']);
  });

  it('a write over code that ran replaces it (the decode cache is told)', async () => {
    const { cpu, ask, resume } = session([MOVS(0, 1), B_SELF]);
    expect(parseStop(await resume('s')).signal).toBe(5);
    expect(cpu.regs[0]).toBe(1);
    expect(ask(`Pf=${le32(BASE)}`)).toBe('OK');
    expect(
      ask(`M${BASE.toString(16)},2:${toHex(new Uint8Array(new Uint16Array([MOVS(0, 9)]).buffer))}`),
    ).toBe('OK');
    await resume('s');
    expect(cpu.regs[0]).toBe(9);
  });
});

describe('running', () => {
  it('s steps one instruction; the stop reply carries PC, SP and LR, and the thread', async () => {
    const { cpu, resume } = session([MOVS(0, 5), ADDS(0, 2), B_SELF]);
    const { signal, fields } = parseStop(await resume('s'));
    expect(signal).toBe(5);
    expect(fields.get('0f')).toBe(le32(BASE + 2));
    expect(fields.get('0d')).toBe(le32(cpu.sp));
    expect(fields.get('0e')).toBe(le32(0xffffffff));
    expect(fields.get('thread')).toBe('1');
    await resume('vCont;s:1');
    expect([cpu.regs[0], cpu.pc]).toEqual([7, BASE + 4]);
    // Stepping a `b .` stays there.
    await resume('vCont;s:p1.1');
    expect(cpu.pc).toBe(BASE + 4);
  });

  it('c runs to a breakpoint (swbreak, Z0) and past it when continued', async () => {
    const { cpu, ask, resume } = session([MOVS(0, 0), ADDS(0, 1), ADDS(0, 1), B_SELF]);
    expect(ask(`Z0,${(BASE + 4).toString(16)},2`)).toBe('OK');
    const first = parseStop(await resume('c'));
    expect(first.signal).toBe(5);
    expect(first.fields.has('swbreak')).toBe(true);
    expect([cpu.pc, cpu.regs[0]]).toEqual([BASE + 4, 1]);
    expect(ask(`z0,${(BASE + 4).toString(16)},2`)).toBe('OK');
    expect(ask(`z0,${(BASE + 4).toString(16)},2`)).toBe('E14');
    expect(ask(`Z1,${(BASE + 6).toString(16)},2`)).toBe('OK');
    const second = parseStop(await resume('vCont;c'));
    expect(second.fields.has('hwbreak')).toBe(true);
    expect([cpu.pc, cpu.regs[0]]).toEqual([BASE + 6, 2]);
  });

  it('Ctrl-C stops a core spinning in `b .` with SIGINT; ? tells why it stopped', async () => {
    const { cpu, protocol, resume, ask } = session([B_SELF]);
    const stop = resume('c');
    await new Promise((r) => setTimeout(r, 50));
    protocol.interrupt();
    expect(parseStop(await stop).signal).toBe(2);
    expect(cpu.pc).toBe(BASE);
    expect(parseStop(ask('?')).signal).toBe(2);
  });

  it('a running loop is interrupted too, and vCont;t stops it', async () => {
    // loop: adds r0,#1; b loop (B T2 with imm11 = -3 halfwords: 0xe7fd)
    const { cpu, protocol, resume } = session([ADDS(0, 1), 0xe7fd]);
    const stop = resume('c');
    await until(() => cpu.regs[0] > 1000);
    protocol.interrupt();
    expect(parseStop(await stop).signal).toBe(2);
    const again = resume('c');
    await new Promise((r) => setTimeout(r, 20));
    protocol.handle('vCont;t');
    expect(parseStop(await again).signal).toBe(2);
  });

  it('a load from an unmapped address with no handler stops with SIGSEGV (vector catch)', async () => {
    const { cpu, ask, resume } = session([
      MOVS(1, 0x30),
      0x0609 /* lsls r1,r1,#24 */,
      LDR(0, 1),
      B_SELF,
    ]);
    const { signal } = parseStop(await resume('c'));
    expect(signal).toBe(11);
    expect(cpu.pc).toBe(BASE + 4);
    expect(parseStop(ask('?')).signal).toBe(11);
    const faults = textOf(ask(`qRcmd,${hexText('faults')}`));
    expect(faults).toContain('BusFault: CFSR.BFSR 0x82');
    expect(faults).toContain('PRECISERR');
    expect(faults).toContain('BFAR 0x30000000');
    expect(faults).toContain('FORCED');
  });

  it('BKPT stops with SIGTRAP and no breakpoint reason', async () => {
    const { cpu, resume } = session([NOP, BKPT(1), B_SELF]);
    const { signal, fields } = parseStop(await resume('c'));
    expect([signal, cpu.pc, fields.has('swbreak')]).toEqual([5, BASE + 2, false]);
  });

  it('a semihosting exit is W with the status', async () => {
    // SYS_EXIT (0x18) with a reason that is not ADP_Stopped_ApplicationExit: status 1.
    const { resume } = session([MOVS(0, 0x18), MOVS(1, 0), BKPT(0xab), B_SELF]);
    expect(await resume('c')).toBe('W01');
  });
});

describe('watchpoints', () => {
  const program = [
    MOVS(1, 0x20), // r1 = 0x20
    0x0609, // lsls r1, r1, #24: r1 = 0x20000000
    MOVS(0, 7),
    NOP,
    STR(0, 1), // BASE + 8: writes the watched word
    NOP,
    LDR(2, 1), // BASE + 12: reads it
    B_SELF,
  ];

  it('Z2 stops after the store with watch:ADDR, and the step GDB asks next is already done', async () => {
    const { cpu, machine, ask, resume } = session(program);
    expect(ask('Z2,20000000,4')).toBe('OK');
    const hit = parseStop(await resume('c'));
    expect(hit.signal).toBe(5);
    expect(hit.fields.get('watch')).toBe('20000000');
    expect(machine.bus.read32(0x2000_0000)).toBe(7);
    expect(cpu.pc).toBe(BASE + 10);
    // GDB removes the watchpoint and steps: the store has completed already.
    expect(ask('z2,20000000,4')).toBe('OK');
    const step = parseStop(await resume('vCont;s:1'));
    expect(step.fields.has('watch')).toBe(false);
    expect(cpu.pc).toBe(BASE + 10);
    // The next step is a real one.
    await resume('s');
    expect(cpu.pc).toBe(BASE + 12);
  });

  it('Z3 reports the read (rwatch), Z4 reads and writes (awatch); a byte inside counts', async () => {
    const { cpu, ask, resume } = session(program);
    expect(ask('Z3,20000002,1')).toBe('OK');
    const read = parseStop(await resume('c'));
    expect(read.fields.get('rwatch')).toBe('20000002');
    expect(cpu.pc).toBe(BASE + 14);
    expect(ask('z3,20000002,1')).toBe('OK');
    expect(ask('Z4,20000000,4')).toBe('OK');
    expect(ask(`Pf=${le32(BASE)}`)).toBe('OK');
    const write = parseStop(await resume('c'));
    expect(write.fields.get('awatch')).toBe('20000000');
    expect(cpu.pc).toBe(BASE + 10);
  });

  it('the debugger reading watched memory sets nothing off; removing restores the fast path', async () => {
    const { cpu, machine, ask, resume, protocol } = session(program);
    const fastRead = machine.bus.readPages[0x2000];
    expect(fastRead).toBeDefined();
    expect(machine.bus.writePages[0x2000]).toBe(fastRead);
    expect(ask('Z4,20000000,4')).toBe('OK');
    expect(machine.bus.writePages[0x2000]).toBeUndefined();
    expect(machine.bus.readPages[0x2000]).toBeUndefined();
    expect(ask('m20000000,4')).toBe('00000000');
    expect(ask('M20000000,4:01000000')).toBe('OK');
    // The first stop is the program's store, not the debugger's accesses.
    const hit = parseStop(await resume('c'));
    expect([hit.fields.get('awatch'), cpu.pc]).toEqual(['20000000', BASE + 10]);
    expect(ask('z4,20000000,4')).toBe('OK');
    expect(ask('z4,20000000,4')).toBe('E14');
    expect(machine.bus.readPages[0x2000]).toStrictEqual(fastRead);
    // The program runs from this page now: its writes go through the bus for the decode cache.
    expect(machine.bus.writePages[0x2000]).toBeUndefined();
    // Without the watchpoint the program runs on to its `b .`.
    await resume('s');
    const stop = resume('c');
    await new Promise((r) => setTimeout(r, 30));
    protocol.interrupt();
    expect(parseStop(await stop).signal).toBe(2);
    expect(cpu.pc).toBe(BASE + 14);
  });
});

describe('monitor commands', () => {
  const say = (ask: (p: string) => string, command: string) =>
    textOf(ask(`qRcmd,${hexText(command)}`));

  it('help, reset halt, halt and an unknown one, as text', () => {
    const { cpu, ask } = session([MOVS(0, 3), B_SELF]);
    expect(say(ask, 'help')).toContain('monitor reset halt');
    cpu.regs[0] = 99;
    cpu.pc = BASE + 2;
    // This machine was started at BASE, without a vector table: the chip's reset reads SP and
    // PC from the boot address (ARMv7-M ARM B1.5.5), where the flash is still blank.
    expect(say(ask, 'reset halt')).toBe(
      'Reset: the core is halted at pc 0x00000000, sp 0x00000000.\n',
    );
    expect(cpu.regs[0]).toBe(0);
    expect(say(ask, 'halt')).toBe('The core is halted at pc 0x00000000, sp 0x00000000.\n');
    expect(say(ask, 'frobnicate')).toContain("Unknown monitor command 'frobnicate'");
  });

  it('leds: LD1 (PB0) lights when the debugger makes PB0 an output and sets it', () => {
    const { ask } = session([B_SELF]);
    expect(say(ask, 'leds')).toMatch(/LD1 green PB0 +off \(PB0 is input, not an output\)/);
    // RM0385: RCC_AHB1ENR.GPIOBEN (0x40023830 bit 1), GPIOB_MODER (0x40020400) MODER0 = 01,
    // GPIOB_BSRR (0x40020418) BS0.
    expect(ask('M40023830,4:02000000')).toBe('OK');
    expect(ask('M40020400,4:81020000')).toBe('OK'); // reset value 0x00000280 | MODER0 = 01
    expect(ask('M40020418,4:01000000')).toBe('OK');
    const leds = say(ask, 'leds');
    expect(leds).toMatch(/^NUCLEO-F746ZG user LEDs:\n/);
    expect(leds).toMatch(/LD1 green PB0 +on\n/);
    expect(leds).toMatch(/LD2 blue +PB7 +off/);
    expect(leds).toMatch(/LD3 red +PB14 +off/);
  });

  it('clocks: the HSI after reset; 216 MHz from the PLL once the debugger sets it up', () => {
    const { ask } = session([B_SELF]);
    expect(say(ask, 'clocks')).toMatch(/^SYSCLK +16 MHz from the HSI oscillator\nHCLK +16 MHz/);
    // RM0385 5.3: HSE bypass (the Nucleo's 8 MHz from the ST-LINK), PLL M 4 N 216 P 2 from HSE,
    // AHB /1, APB1 /4, APB2 /2, then SW = PLL. 8 / 4 * 216 / 2 = 216 MHz; APB1 54, APB2 108;
    // timers on a divided APB run at twice it.
    expect(ask(`M40023800,4:${le32(0x0005_0081)}`)).toBe('OK');
    expect(ask(`M40023804,4:${le32(0x0940_3604)}`)).toBe('OK');
    expect(ask(`M40023800,4:${le32(0x0105_0081)}`)).toBe('OK');
    expect(ask(`M40023808,4:${le32(0x0000_9402)}`)).toBe('OK');
    const clocks = say(ask, 'clocks');
    expect(clocks).toContain('SYSCLK  216 MHz from the PLL: HSE 8 MHz / M 4 * N 216 / P 2');
    expect(clocks).toContain('HCLK    216 MHz');
    expect(clocks).toContain('PCLK1   54 MHz (APB1), its timers 108 MHz');
    expect(clocks).toContain('PCLK2   108 MHz (APB2), its timers 216 MHz');
  });
});

describe('detach and kill', () => {
  it('D lets the core run free without the debugger breakpoints; k leaves it halted', async () => {
    const { cpu, target, ask, protocol, replies } = session([ADDS(0, 1), 0xe7fd]);
    expect(ask(`Z0,${BASE.toString(16)},2`)).toBe('OK');
    expect(ask('D')).toBe('OK');
    expect(target.running).toBe(true);
    expect(cpu.hasBreakpoint(BASE)).toBe(false);
    await until(() => cpu.regs[0] > 100);
    protocol.handle('k');
    expect(replies).toEqual([]);
    expect(target.running).toBe(false);
  });

  it('k and D while the core runs send no stop reply', async () => {
    const { target, ask, protocol, replies } = session([ADDS(0, 1), 0xe7fd]);
    protocol.handle('c');
    expect(target.running).toBe(true);
    protocol.handle('k');
    expect(target.running).toBe(false);
    protocol.handle('c');
    expect(ask('D')).toBe('OK');
    expect(target.running).toBe(true);
    protocol.interrupt();
    await new Promise((r) => setTimeout(r, 20));
    expect(replies).toEqual([]);
  });
});
