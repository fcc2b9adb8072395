/**
 * The USART's TX pin (RM0385, USART character description): idle high once UE and TE are set,
 * and for each frame a start bit (low), the data bits LSB first, the parity bit when PCE, and
 * the stop bits (high), at the baud rate that BRR and OVER8 give the kernel clock. The pin's
 * changes are decoded here as a UART receiver does (a falling edge starts a frame, each bit is
 * sampled in its middle) and compared with what the firmware wrote to TDR and when the frame
 * started (frame k starts k frames after the transmitter's idle frame, RM0385, USART
 * transmitter).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { runDemo } from '../firmware/demo-run.ts';
import {
  CR1_M0,
  CR1_M1,
  CR1_OVER8,
  CR1_PCE,
  CR1_PS,
  CR1_TE,
  CR1_UE,
  ISR_TXE,
  RQR_SBKRQ,
  USART_BRR,
  USART_CR1,
  USART_CR2,
  USART_ISR,
  USART_RQR,
  USART_TDR,
} from './usart.ts';

const RCC = 0x4002_3800;
const RCC_CFGR = RCC + 0x08;
const RCC_AHB1ENR = RCC + 0x30;
const RCC_APB1ENR = RCC + 0x40;
const GPIOD = 0x4002_0c00;
const USART3 = 0x4000_4800;
/** 115200 baud from 16 MHz, 16x oversampling: 139 cycles a bit. */
const BRR_16MHZ = 139;

interface Format {
  dataBits: number;
  parity?: 'even' | 'odd';
  stopBits?: number;
}

interface Frame {
  value: number;
  at: number;
}

/** The level a list of changes gives at time `t` (low before the first change). */
function levelAt(changes: [number, number][], t: number): number {
  let level = 0;
  for (const [at, l] of changes) {
    if (at > t) break;
    level = l;
  }
  return level;
}

/** A UART receiver: frames from a line's changes, `bit` time units a bit. */
function decode(changes: [number, number][], bit: number, format: Format): Frame[] {
  const frames: Frame[] = [];
  const sample = (at: number, slot: number) => levelAt(changes, at + (slot + 0.5) * bit);
  let i = 0;
  while (i < changes.length) {
    const [at, level] = changes[i];
    if (level !== 0 || levelAt(changes, at - bit / 2) !== 1) {
      i++;
      continue;
    }
    expect(sample(at, 0), `start bit at ${at}`).toBe(0);
    let value = 0;
    for (let k = 0; k < format.dataBits; k++) value |= sample(at, 1 + k) << k;
    let slot = 1 + format.dataBits;
    if (format.parity !== undefined) {
      let ones = sample(at, slot++);
      for (let v = value; v !== 0; v &= v - 1) ones++;
      expect(ones & 1, `parity of the frame at ${at}`).toBe(format.parity === 'even' ? 0 : 1);
    }
    for (let s = 0; s < (format.stopBits ?? 1); s++) {
      expect(sample(at, slot + s), `stop bit ${s} of the frame at ${at}`).toBe(1);
    }
    frames.push({ value, at });
    const end = at + (slot + 0.5) * bit;
    while (i < changes.length && changes[i][0] < end) i++;
  }
  return frames;
}

/** Moves emulated time to `cycle`, firing each scheduled event at its own cycle. */
function advanceTo(m: Machine, cycle: number): void {
  while (m.scheduler.nextAtCycle <= cycle) {
    m.cpu.cycles = m.scheduler.nextAtCycle;
    m.scheduler.runDue(m.cpu.cycles);
  }
  m.cpu.cycles = cycle;
}

/** USART3 and GPIOD clocked; PD8 in mode `mode` (2: alternate) with AF7; PD8's changes. */
function board(mode = 2): { m: Machine; pd8: [number, number][] } {
  const m = new Machine();
  m.startAt(0x2000_0100);
  m.bus.write32(RCC_AHB1ENR, m.bus.read32(RCC_AHB1ENR) | (1 << 3));
  m.bus.write32(RCC_APB1ENR, m.bus.read32(RCC_APB1ENR) | (1 << 18));
  m.bus.write32(GPIOD + 0x24, 7 << 0); // AFRH: PD8 AF7
  m.bus.write32(GPIOD, mode << 16); // MODER8
  const pd8: [number, number][] = [];
  m.chip.gpio.D.onPinChange((_, pin, level) => {
    if (pin === 8) pd8.push([m.cpu.cycles, level]);
  });
  return { m, pd8 };
}

/** Writes each character to TDR as soon as TXE allows, as a polling driver does. */
function send(m: Machine, characters: number[], until: number): void {
  for (const c of characters) {
    while ((m.bus.read32(USART3 + USART_ISR) & ISR_TXE) === 0) {
      advanceTo(m, m.scheduler.nextAtCycle);
    }
    m.bus.write32(USART3 + USART_TDR, c);
  }
  advanceTo(m, until);
}

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe('the TX pin', () => {
  test('8N1, 115200 baud at 16 MHz on PD8 (AF7): idle high, then each byte decodes back', () => {
    const { m, pd8 } = board();
    m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    m.bus.write32(USART3 + USART_CR1, CR1_TE | CR1_UE);
    expect(pd8).toEqual([[0, 1]]);
    const text = bytes('Hi, Loom\n');
    const frame = 10 * BRR_16MHZ;
    send(m, text, 20 * frame);
    const frames = decode(pd8, BRR_16MHZ, { dataBits: 8 });
    expect(frames.map((f) => f.value)).toEqual(text);
    // Back to back after the idle frame the transmitter sends first.
    expect(frames.map((f) => f.at)).toEqual(text.map((_, k) => (k + 1) * frame));
    // Every change is on a bit boundary, and the line ends high.
    for (const [at] of pd8.slice(1)) expect(at % BRR_16MHZ).toBe(0);
    expect(pd8.at(-1)![1]).toBe(1);
  });

  test('7 data bits with even parity (M1, PCE), then 2 stop bits', () => {
    const { m, pd8 } = board();
    m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    m.bus.write32(USART3 + USART_CR2, 2 << 12); // STOP = 2 bits
    m.bus.write32(USART3 + USART_CR1, CR1_M1 | CR1_PCE | CR1_TE | CR1_UE);
    const text = [0x41, 0x43, 0x7f, 0x00];
    send(m, text, 100_000);
    // A frame: start, 6 data bits and parity (7 bits with M1 and PCE), 2 stop bits.
    const frames = decode(pd8, BRR_16MHZ, { dataBits: 6, parity: 'even', stopBits: 2 });
    expect(frames.map((f) => f.value)).toEqual(text.map((c) => c & 0x3f));
    expect(frames.map((f) => f.at)).toEqual(text.map((_, k) => (k + 1) * 10 * BRR_16MHZ));
  });

  test('8 data bits and odd parity (M0, PCE, PS); 9 data bits (M0)', () => {
    const odd = board();
    odd.m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    odd.m.bus.write32(USART3 + USART_CR1, CR1_M0 | CR1_PCE | CR1_PS | CR1_TE | CR1_UE);
    send(odd.m, [0x00, 0xa5, 0xff], 100_000);
    const frames = decode(odd.pd8, BRR_16MHZ, { dataBits: 8, parity: 'odd' });
    expect(frames.map((f) => f.value)).toEqual([0x00, 0xa5, 0xff]);
    const nine = board();
    nine.m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    nine.m.bus.write32(USART3 + USART_CR1, CR1_M0 | CR1_TE | CR1_UE);
    send(nine.m, [0x1a5, 0x0ff, 0x100], 100_000);
    const nines = decode(nine.pd8, BRR_16MHZ, { dataBits: 9 });
    expect(nines.map((f) => f.value)).toEqual([0x1a5, 0x0ff, 0x100]);
    expect(nines.map((f) => f.at)).toEqual([1, 2, 3].map((k) => k * 11 * BRR_16MHZ));
  });

  test('OVER8 at 216 MHz: BRR 0x1D2 is USARTDIV 0x1D4, a bit of 234 PCLK1 ticks of 4 cycles', () => {
    const { m, pd8 } = board();
    const { bus } = m;
    bus.write32(RCC, bus.read32(RCC) | (1 << 18) | (1 << 16)); // HSEBYP, HSEON
    bus.write32(RCC + 0x04, 4 | (216 << 6) | (1 << 22) | (9 << 24)); // M 4, N 216, P /2, HSE
    bus.write32(RCC, bus.read32(RCC) | (1 << 24)); // PLLON
    bus.write32(0x4002_3c00, 7); // FLASH_ACR: 7 wait states
    bus.write32(RCC_CFGR, (5 << 10) | (4 << 13) | 2); // PPRE1 /4, PPRE2 /2, SW = PLL
    // OVER8 at 230400 baud: USARTDIV = 2 * 54e6 / 230400 = 468.75 -> 469 = 0x1D5 and
    // BRR = 0x1D0 | (5 >> 1); USARTDIV[0] is lost: 0x1D4, a bit of 0x1D4 / 2 kernel ticks.
    bus.write32(USART3 + USART_BRR, 0x1d2);
    bus.write32(USART3 + USART_CR1, CR1_OVER8 | CR1_TE | CR1_UE);
    const start = m.cpu.cycles;
    send(m, bytes('OK'), start + 1_000_000);
    const bit = (0x1d4 / 2) * 4; // HCLK is 4 times PCLK1
    const frames = decode(pd8, bit, { dataBits: 8 });
    expect(frames.map((f) => f.value)).toEqual(bytes('OK'));
    expect(frames.map((f) => f.at - start)).toEqual([1, 2].map((k) => k * 10 * bit));
  });

  test('a clock change in the middle of a frame: the bits still to come take the new rate', () => {
    const { m, pd8 } = board();
    m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    m.bus.write32(USART3 + USART_CR1, CR1_TE | CR1_UE);
    m.bus.write32(USART3 + USART_TDR, 0x55);
    const frame = 10 * BRR_16MHZ;
    const change = frame + 5 * BRR_16MHZ + 20;
    advanceTo(m, change);
    m.bus.write32(RCC_CFGR, 4 << 10); // PPRE1 /2: PCLK1 8 MHz, a bit now lasts 278 cycles
    advanceTo(m, 100_000);
    // 0x55 LSB first after the start bit: 0 1 0 1 0 1 0 1 0, stop 1; a change at each slot.
    const slotAt = (k: number) => {
      const t = frame + k * BRR_16MHZ;
      return t <= change ? t : Math.round(change + (t - change) * 2);
    };
    expect(pd8).toEqual([[0, 1], ...Array.from({ length: 10 }, (_, k) => [slotAt(k), k & 1])]);
  });

  test('a break holds TX low for the start and data bits; UE = 0 mid-frame leaves it idle', () => {
    const { m, pd8 } = board();
    m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    m.bus.write32(USART3 + USART_CR1, CR1_TE | CR1_UE);
    m.bus.write32(USART3 + USART_RQR, RQR_SBKRQ);
    advanceTo(m, 30 * BRR_16MHZ);
    const frame = 10 * BRR_16MHZ;
    expect(pd8).toEqual([
      [0, 1],
      [frame, 0],
      [frame + 9 * BRR_16MHZ, 1],
    ]);
    m.bus.write32(USART3 + USART_TDR, 0x00);
    advanceTo(m, m.cpu.cycles + 3 * BRR_16MHZ);
    expect(pd8.at(-1)).toEqual([30 * BRR_16MHZ, 0]);
    m.bus.write32(USART3 + USART_CR1, 0);
    expect(pd8.at(-1)).toEqual([33 * BRR_16MHZ, 1]);
    advanceTo(m, 100_000);
    expect(pd8).toHaveLength(5);
  });

  test('PD8 as a plain output, or TX not enabled: no waveform, no events for it', () => {
    const { m, pd8 } = board(1);
    const sent: number[] = [];
    m.chip.usarts.USART3.onTransmit = (data) => sent.push(data);
    m.bus.write32(USART3 + USART_BRR, BRR_16MHZ);
    m.bus.write32(USART3 + USART_CR1, CR1_TE | CR1_UE);
    let events = 0;
    const runDue = m.scheduler.runDue.bind(m.scheduler);
    m.scheduler.runDue = (at) => {
      events++;
      runDue(at);
    };
    send(m, bytes('abc'), 100_000);
    expect(sent).toEqual(bytes('abc'));
    expect(pd8).toEqual([]);
    // One event per frame (the idle frame and three bytes).
    expect(events).toBe(4);
  });
});

describe('firmware', () => {
  test("uart-hello's greeting, decoded from PD8's changes in the GPIO trace, is what it printed", async () => {
    const elf = join(import.meta.dirname, '../firmware/build/uart-hello.elf');
    const run = await runDemo(elf, { seconds: 0.05 });
    const changes = run.trace.of('PD8').map((c): [number, number] => [c.atSeconds, c.level]);
    // BRR = 54 MHz / 115200 rounded: 469 ticks of PCLK1 a bit.
    const frames = decode(changes, 469 / 54e6, { dataBits: 8 });
    const text = new TextDecoder().decode(Uint8Array.from(frames.map((f) => f.value)));
    expect(text).toBe(run.console.text);
    expect(text).toMatch(/^Hello from the STM32F746/);
    // Each byte reaches the console when its stop bit ends: 10 bits after its start bit.
    frames.forEach((f, k) => {
      expect(Math.abs(run.console.atSeconds[k] - (f.at + (10 * 469) / 54e6))).toBeLessThan(1e-7);
    });
  });
});
