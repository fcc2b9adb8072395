/**
 * The USARTs through the bus, as firmware drives them: frame timing from BRR and the kernel
 * clock (RM0385, USART baud rate generation: BRR = f_ck / baud with 16x oversampling, a frame of start, data and
 * stop bits), the TXE/TC handshake, reception with RXNE and ORE, and the interrupt line.
 */
import { describe, expect, test } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { assembleListing } from '../loader/asm.ts';
import { svdRegisters } from '../test/svd.ts';
import {
  CR1_OVER8,
  CR1_RE,
  CR1_RXNEIE,
  CR1_TCIE,
  CR1_TE,
  CR1_TXEIE,
  CR1_UE,
  CR3_OVRDIS,
  ISR_BUSY,
  ISR_CMF,
  ISR_IDLE,
  ISR_ORE,
  ISR_REACK,
  ISR_RXNE,
  ISR_SBKF,
  ISR_TC,
  ISR_TEACK,
  ISR_TXE,
  RQR_RXFRQ,
  RQR_SBKRQ,
  USART_BRR,
  USART_CR1,
  USART_CR2,
  USART_CR3,
  USART_GTPR,
  USART_ICR,
  USART_ISR,
  USART_RDR,
  USART_RQR,
  USART_RTOR,
  USART_TDR,
} from './usart.ts';

const RCC = 0x4002_3800;
const RCC_CFGR = RCC + 0x08;
const RCC_APB1ENR = RCC + 0x40;
const RCC_APB2ENR = RCC + 0x44;
const RCC_DCKCFGR2 = RCC + 0x90;
const USART3 = 0x4000_4800;
const USART3_IRQ = 39;

/** 115200 baud at 16 MHz: BRR = 16e6 / 115200 rounded (HAL's UART_DIV_SAMPLING16) = 139. */
const BRR_16MHZ = 139;
/** 8N1: start, 8 data, 1 stop = 10 bits of 139 cycles at HCLK = f_ck = 16 MHz. */
const FRAME_16MHZ = 10 * 139;

function machine(): Machine {
  const m = new Machine();
  m.startAt(0x2000_0100);
  return m;
}

/** Moves emulated time to `cycle`, firing each scheduled event at its own cycle. */
function advanceTo(m: Machine, cycle: number): void {
  while (m.scheduler.nextAtCycle <= cycle) {
    m.cpu.cycles = m.scheduler.nextAtCycle;
    m.scheduler.runDue(m.cpu.cycles);
  }
  m.cpu.cycles = cycle;
}

/** USART3 clocked, with what it transmits recorded with the cycle each frame ended. */
function usart3(m: Machine): { data: number; atCycle: number }[] {
  m.bus.write32(RCC_APB1ENR, m.bus.read32(RCC_APB1ENR) | (1 << 18));
  const sent: { data: number; atCycle: number }[] = [];
  m.chip.usarts.USART3.onTransmit = (data, atCycle) => sent.push({ data, atCycle });
  return sent;
}

const reg = (m: Machine, offset: number) => m.bus.read32(USART3 + offset);
const set = (m: Machine, offset: number, value: number) => m.bus.write32(USART3 + offset, value);

/** SYSCLK 216 MHz from the HSE (8 MHz bypass) through the PLL; APB1 /4 = 54 MHz, APB2 /2. */
function clock216(m: Machine): void {
  const { bus } = m;
  bus.write32(RCC, bus.read32(RCC) | (1 << 18) | (1 << 16)); // HSEBYP, HSEON
  bus.write32(RCC + 0x04, 4 | (216 << 6) | (1 << 22) | (9 << 24)); // M 4, N 216, P /2, HSE
  bus.write32(RCC, bus.read32(RCC) | (1 << 24)); // PLLON
  bus.write32(0x4002_3c00, 7); // FLASH_ACR: 7 wait states
  bus.write32(RCC_CFGR, (5 << 10) | (4 << 13) | 2); // PPRE1 /4, PPRE2 /2, SW = PLL
}

describe('registers (ST SVD)', () => {
  test.each(['USART1', 'USART2', 'USART3', 'UART4', 'UART5', 'USART6', 'UART7', 'UART8'])(
    '%s: offsets and reset values',
    (name) => {
      const m = machine();
      const spec = m.chip.mappings.find((p) => p.spec.name === name)!.spec;
      m.bus.write32(spec.bus === 'APB1' ? RCC_APB1ENR : RCC_APB2ENR, 1 << spec.enable!.bit);
      const ours: Record<string, number> = {
        CR1: USART_CR1,
        CR2: USART_CR2,
        CR3: USART_CR3,
        BRR: USART_BRR,
        GTPR: USART_GTPR,
        RTOR: USART_RTOR,
        RQR: USART_RQR,
        ISR: USART_ISR,
        ICR: USART_ICR,
        RDR: USART_RDR,
        TDR: USART_TDR,
      };
      const svd = svdRegisters(name);
      expect(svd.map((r) => r.name).sort()).toEqual(Object.keys(ours).sort());
      for (const r of svd) {
        expect(ours[r.name], r.name).toBe(r.offset);
        if (r.access !== 'write-only')
          expect(m.bus.read32(spec.base + r.offset), r.name).toBe(r.resetValue);
      }
    },
  );
});

describe('transmission', () => {
  test('115200 baud at 16 MHz: the idle frame, then each byte one frame later, TXE and TC', () => {
    const m = machine();
    const sent = usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_TE | CR1_UE); // at cycle 0: the transmitter sends an idle frame
    expect(reg(m, USART_ISR) & (ISR_TEACK | ISR_TXE | ISR_TC)).toBe(ISR_TEACK | ISR_TXE | ISR_TC);

    set(m, USART_TDR, 0x41);
    // TDR holds 'A' until the idle frame is out: TXE and TC are clear.
    expect(reg(m, USART_ISR) & (ISR_TXE | ISR_TC)).toBe(0);
    advanceTo(m, FRAME_16MHZ - 1);
    expect(reg(m, USART_ISR) & ISR_TXE).toBe(0);
    advanceTo(m, FRAME_16MHZ);
    // 'A' moved to the shift register: TDR is free again, the frame is not finished.
    expect(reg(m, USART_ISR) & (ISR_TXE | ISR_TC)).toBe(ISR_TXE);
    set(m, USART_TDR, 0x42);
    expect(reg(m, USART_ISR) & ISR_TXE).toBe(0);
    advanceTo(m, 2 * FRAME_16MHZ);
    expect(sent).toEqual([{ data: 0x41, atCycle: 2 * FRAME_16MHZ }]);
    // 'B' follows at once, so TC stays clear until the last frame ends.
    expect(reg(m, USART_ISR) & (ISR_TXE | ISR_TC)).toBe(ISR_TXE);
    advanceTo(m, 3 * FRAME_16MHZ - 1);
    expect(reg(m, USART_ISR) & ISR_TC).toBe(0);
    advanceTo(m, 3 * FRAME_16MHZ);
    expect(reg(m, USART_ISR) & (ISR_TXE | ISR_TC)).toBe(ISR_TXE | ISR_TC);
    expect(sent[1]).toEqual({ data: 0x42, atCycle: 3 * FRAME_16MHZ });
    // TCCF clears TC.
    set(m, USART_ICR, 1 << 6);
    expect(reg(m, USART_ISR) & ISR_TC).toBe(0);
  });

  test('115200 baud at PCLK1 54 MHz after switching to 216 MHz: 469 * 4 cycles a bit', () => {
    const m = machine();
    clock216(m);
    expect(m.chip.rcc.hclkHz).toBe(216e6);
    expect(m.chip.rcc.uartKernelHz(2)).toBe(54e6);
    const sent = usart3(m);
    const start = (m.cpu.cycles = 1000);
    // BRR = 54e6 / 115200 = 468.75, rounded to 469; one bit lasts 469 * 216 / 54 HCLK cycles.
    set(m, USART_BRR, 469);
    set(m, USART_CR1, CR1_TE | CR1_UE);
    set(m, USART_TDR, 0x55);
    advanceTo(m, start + 10_000_000);
    const frame = 10 * 469 * 4;
    expect(sent).toEqual([{ data: 0x55, atCycle: start + 2 * frame }]);
  });

  test('a kernel clock from DCKCFGR2 (HSI) and 8x oversampling', () => {
    const m = machine();
    clock216(m);
    const sent = usart3(m);
    m.bus.write32(RCC_DCKCFGR2, 2 << 4); // USART3SEL = HSI
    // OVER8: USARTDIV = 2 * 16e6 / 115200 = 277.8 -> 278 = 0x116; BRR = 0x110 | (0x6 >> 1).
    set(m, USART_BRR, 0x113);
    set(m, USART_CR1, CR1_TE | CR1_UE | CR1_OVER8);
    set(m, USART_TDR, 0x31);
    advanceTo(m, 1_000_000);
    // A bit is USARTDIV / 2 = 139 HSI ticks; an HSI tick is 216 / 16 = 13.5 HCLK cycles.
    expect(sent).toEqual([{ data: 0x31, atCycle: 2 * 10 * 139 * 13.5 }]);
  });

  test('a clock change in the middle of a frame: the rest of it runs at the new rate', () => {
    const m = machine();
    const sent = usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_TE | CR1_UE);
    set(m, USART_TDR, 0x61);
    advanceTo(m, FRAME_16MHZ + 695); // half of 'a' sent
    m.bus.write32(RCC_CFGR, 4 << 10); // PPRE1 /2: PCLK1 = 8 MHz, a bit now lasts 278 cycles
    advanceTo(m, 100_000);
    expect(sent).toEqual([{ data: 0x61, atCycle: FRAME_16MHZ + 695 + 2 * 695 }]);
  });

  test('7 data bits with parity, 2 stop bits: the sink gets the data bits, the frame is longer', () => {
    const m = machine();
    const sent = usart3(m);
    set(m, USART_BRR, 100);
    set(m, USART_CR2, 2 << 12); // STOP = 2 bits
    set(m, USART_CR1, CR1_TE | CR1_UE | (1 << 10)); // PCE with M = 00: 7 data bits + parity
    set(m, USART_TDR, 0xff);
    advanceTo(m, 10_000);
    // start + 8 (7 data + parity) + 2 stop = 11 bits, after the idle frame.
    expect(sent).toEqual([{ data: 0x7f, atCycle: 2 * 11 * 100 }]);
  });

  test('registers that fix the frame are not written while UE = 1, and Loom says so', () => {
    const m = machine();
    usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_TE | CR1_UE);
    set(m, USART_BRR, 469);
    expect(reg(m, USART_BRR)).toBe(BRR_16MHZ);
    expect(m.diagnostics.list.map((d) => d.message)).toContain(
      'USART3_BRR written while UE = 1: it can only change while the USART is disabled ' +
        '(RM0385, USART registers), the write is ignored',
    );
  });

  test('UE = 0 stops the transmitter and puts ISR back to its reset value', () => {
    const m = machine();
    const sent = usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_TE | CR1_UE);
    set(m, USART_TDR, 0x41);
    set(m, USART_CR1, CR1_TE);
    expect(reg(m, USART_ISR)).toBe(ISR_TXE | ISR_TC);
    advanceTo(m, 10 * FRAME_16MHZ);
    expect(sent).toEqual([]);
  });

  test('a break: SBKF until its 2 stop bits are out, and nothing reaches the sink', () => {
    const m = machine();
    const sent = usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_TE | CR1_UE);
    advanceTo(m, FRAME_16MHZ);
    set(m, USART_RQR, RQR_SBKRQ);
    expect(reg(m, USART_ISR) & ISR_SBKF).toBe(ISR_SBKF);
    // A frame of zeros, then 2 stop bits.
    advanceTo(m, 2 * FRAME_16MHZ + 2 * 139 - 1);
    expect(reg(m, USART_ISR) & ISR_SBKF).toBe(ISR_SBKF);
    advanceTo(m, 2 * FRAME_16MHZ + 2 * 139);
    expect(reg(m, USART_ISR) & ISR_SBKF).toBe(0);
    expect(sent).toEqual([]);
  });
});

describe('reception', () => {
  test('one frame per byte: RXNE, RDR, ORE when RDR is still full, ICR clears it', () => {
    const m = machine();
    usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    m.chip.usarts.USART3.receive(new TextEncoder().encode('hi'));
    // The host waits for the receiver.
    advanceTo(m, 5 * FRAME_16MHZ);
    expect(reg(m, USART_ISR) & ISR_RXNE).toBe(0);
    const start = m.cpu.cycles;
    set(m, USART_CR1, CR1_RE | CR1_UE);
    expect(reg(m, USART_ISR) & (ISR_REACK | ISR_BUSY)).toBe(ISR_REACK | ISR_BUSY);
    advanceTo(m, start + FRAME_16MHZ - 1);
    expect(reg(m, USART_ISR) & ISR_RXNE).toBe(0);
    advanceTo(m, start + FRAME_16MHZ);
    expect(reg(m, USART_ISR) & (ISR_RXNE | ISR_ORE)).toBe(ISR_RXNE);
    // 'i' arrives while 'h' is unread: overrun, 'i' is lost.
    advanceTo(m, start + 2 * FRAME_16MHZ);
    expect(reg(m, USART_ISR) & (ISR_RXNE | ISR_ORE)).toBe(ISR_RXNE | ISR_ORE);
    expect(reg(m, USART_RDR)).toBe(0x68);
    expect(reg(m, USART_ISR) & (ISR_RXNE | ISR_ORE)).toBe(ISR_ORE);
    set(m, USART_ICR, 1 << 3); // ORECF
    expect(reg(m, USART_ISR) & ISR_ORE).toBe(0);
    // A whole idle frame after the last byte: IDLE.
    advanceTo(m, start + 3 * FRAME_16MHZ);
    expect(reg(m, USART_ISR) & (ISR_IDLE | ISR_BUSY)).toBe(ISR_IDLE);
  });

  test('OVRDIS: a new byte overwrites RDR without ORE; RXFRQ discards it; CMF on ADD', () => {
    const m = machine();
    usart3(m);
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR3, CR3_OVRDIS);
    set(m, USART_CR2, 0x62 << 24); // ADD = 'b'
    set(m, USART_CR1, CR1_RE | CR1_UE);
    m.chip.usarts.USART3.receive([0x61, 0x62]);
    advanceTo(m, 2 * FRAME_16MHZ);
    expect(reg(m, USART_ISR) & (ISR_RXNE | ISR_ORE | ISR_CMF)).toBe(ISR_RXNE | ISR_CMF);
    set(m, USART_RQR, RQR_RXFRQ);
    expect(reg(m, USART_ISR) & ISR_RXNE).toBe(0);
    expect(reg(m, USART_RDR)).toBe(0x62);
  });

  test('the interrupt line follows RXNE with RXNEIE, TXE with TXEIE, TC with TCIE', () => {
    const m = machine();
    usart3(m);
    const line = () => m.exceptions.lineLevel[16 + USART3_IRQ];
    set(m, USART_BRR, BRR_16MHZ);
    set(m, USART_CR1, CR1_RE | CR1_UE | CR1_RXNEIE);
    expect(line()).toBe(0);
    m.chip.usarts.USART3.receive([0x0d]);
    advanceTo(m, FRAME_16MHZ);
    expect(line()).toBe(1);
    expect(m.exceptions.pending[16 + USART3_IRQ]).toBe(1);
    reg(m, USART_RDR);
    expect(line()).toBe(0);
    set(m, USART_CR1, CR1_RE | CR1_UE | CR1_TXEIE); // UE stays 1: TXE is set
    expect(line()).toBe(1);
    set(m, USART_CR1, CR1_RE | CR1_TE | CR1_UE | CR1_TCIE);
    set(m, USART_TDR, 0x30);
    expect(line()).toBe(0);
    advanceTo(m, m.cpu.cycles + 2 * FRAME_16MHZ);
    expect(line()).toBe(1);
  });
});

describe('firmware', () => {
  const VECTORS = 0x2000_0000;
  const CODE = 0x2000_0200;
  const LOG = 0x2001_0000;

  async function boot(source: string, vectors: Record<number, string> = {}) {
    const m = new Machine();
    const asm = await assembleListing(`.syntax unified\n.thumb\n${source}\n`, CODE);
    const at = (label: string) => asm.symbols.get(label)!.address;
    m.bus.load(CODE, asm.code);
    m.startAt(at('main'), 0x2002_0000);
    m.vtor = VECTORS;
    for (const [n, label] of Object.entries(vectors))
      m.bus.write32(VECTORS + 4 * +n, at(label) | 1);
    return m;
  }

  test('HAL_UART_Init, HAL_UART_Transmit (TXE, then TC), HAL_UART_Receive (RXNE): an echo', async () => {
    const m = await boot(`
      main:
        ldr r0, =0x40023840     @ RCC_APB1ENR: USART3EN
        ldr r1, [r0]
        orr r1, r1, #(1 << 18)
        str r1, [r0]
        ldr r0, =0x40004800     @ USART3
        movs r1, #0             @ HAL_UART_Init: disable, configure, enable, wait for TEACK
        str r1, [r0]
        movs r1, #0x0c          @ TE | RE
        str r1, [r0]
        movs r1, #139
        str r1, [r0, #0x0c]
        ldr r1, [r0]
        orr r1, r1, #1
        str r1, [r0]
      teack:
        ldr r1, [r0, #0x1c]
        tst r1, #(1 << 21)
        beq teack
        ldr r2, =message        @ HAL_UART_Transmit: wait for TXE, write TDR; then wait for TC
        movs r3, #6
      send:
        ldr r1, [r0, #0x1c]
        tst r1, #0x80
        beq send
        ldrb r1, [r2], #1
        str r1, [r0, #0x28]
        subs r3, #1
        bne send
      tc:
        ldr r1, [r0, #0x1c]
        tst r1, #0x40
        beq tc
        bkpt #1
      receive:                  @ HAL_UART_Receive: wait for RXNE, read RDR; echo it
        ldr r1, [r0, #0x1c]
        tst r1, #0x20
        beq receive
        ldr r3, [r0, #0x24]
      echo:
        ldr r1, [r0, #0x1c]
        tst r1, #0x80
        beq echo
        str r3, [r0, #0x28]
        cmp r3, #10
        bne receive
      done:
        ldr r1, [r0, #0x1c]
        tst r1, #0x40
        beq done
        bkpt #2
      message:
        .ascii "Hello "
    `);
    m.run(1_000_000);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #1/);
    // An idle frame and six bytes, at 1390 cycles each.
    expect(m.cpu.cycles).toBeGreaterThanOrEqual(7 * FRAME_16MHZ);
    expect(m.cpu.cycles).toBeLessThan(7 * FRAME_16MHZ + 100);
    m.chip.console!.receive(new TextEncoder().encode('loom\n'));
    m.cpu.pc += 2;
    m.run(1_000_000);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #2/);
    expect(m.console).toHaveProperty('text', 'Hello loom\n');
  });

  test('the USART3 interrupt (IRQ 39) is taken on RXNE and its handler reads RDR', async () => {
    const m = await boot(
      `
      main:
        ldr r0, =0x40023840     @ RCC_APB1ENR: USART3EN
        ldr r1, [r0]
        orr r1, r1, #(1 << 18)
        str r1, [r0]
        ldr r0, =0x40004800
        movs r1, #139
        str r1, [r0, #0x0c]
        movs r1, #0x25          @ UE | RE | RXNEIE
        str r1, [r0]
        ldr r0, =0xe000e104     @ NVIC_ISER1: IRQ 39
        movs r1, #(1 << 7)
        str r1, [r0]
      sleep:
        wfi
        b sleep
      usart3_irq:
        ldr r0, =0x40004800
        ldr r1, [r0, #0x24]
        ldr r0, =${LOG}
        str r1, [r0]
        mrs r1, ipsr
        str r1, [r0, #4]
        bkpt #3
      `,
      { [16 + USART3_IRQ]: 'usart3_irq' },
    );
    m.run(100);
    m.chip.console!.receive([0x2a]);
    const sent = m.cpu.cycles;
    m.run(100_000);
    expect(m.cpu.stopped?.message).toMatch(/BKPT #3/);
    expect(m.bus.read32(LOG)).toBe(0x2a);
    expect(m.bus.read32(LOG + 4)).toBe(16 + USART3_IRQ);
    // The core slept until the byte arrived, one frame after it was sent.
    expect(m.cpu.cycles).toBeGreaterThanOrEqual(sent + FRAME_16MHZ);
    expect(m.cpu.cycles).toBeLessThan(sent + FRAME_16MHZ + 100);
  });
});
