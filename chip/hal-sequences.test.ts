/**
 * Register sequences ST's HAL runs on the STM32F746 that Loom once got wrong, written here in
 * our own assembly from RM0385 and stm32f746xx.h (no ST code): HAL_GetUIDw0-2 and the flash
 * size read from the device signature, and the reset cause read from RCC_CSR after
 * HAL_NVIC_SystemReset.
 */
import { describe, expect, test } from 'vitest';

import { assembleListing } from '../loader/asm.ts';
import { LOOM_UID } from '../peripherals/device-signature.ts';
import { NUCLEO_F767ZI, type BoardSpec } from './boards.ts';
import { Machine } from './machine.ts';

const VECTORS = 0x2000_0000;
const CODE = 0x2000_0200;
/** Words the program stores, in DTCM: kept across a system reset as in SRAM. */
const LOG = 0x2001_0000;

const UID_BASE = 0x1ff0_f420;
const FLASHSIZE_BASE = 0x1ff0_f442;
const FLASH_OTP_BASE = 0x1ff0_f000;
const RCC_CSR = 0x4002_3874;
const RCC_BDCR = 0x4002_3870;
// RCC_CSR's flags (RM0385 5.3.21).
const PINRSTF = 1 << 26;
const PORRSTF = 1 << 27;
const SFTRSTF = 1 << 28;
const BORRSTF = 1 << 25;

/** A machine that boots `source` through a vector table in RAM, as from flash. */
async function boot(source: string, board?: BoardSpec): Promise<Machine> {
  const m = new Machine(board);
  const asm = await assembleListing('.syntax unified\n.thumb\n' + source + '\n', CODE);
  m.bus.load(CODE, asm.code);
  m.bootAddress = VECTORS;
  m.bus.write32(VECTORS, 0x2003_0000);
  m.bus.write32(VECTORS + 4, CODE | 1);
  m.reset();
  return m;
}

function runToBkpt(m: Machine): void {
  m.run(10_000);
  expect(m.cpu.stopped?.kind).toBe('breakpoint');
}

describe('the device electronic signature (RM0385 41)', () => {
  const readSignature = `
    ldr r4, =${UID_BASE}
    ldr r0, [r4]            @ HAL_GetUIDw0
    ldr r1, [r4, #4]        @ HAL_GetUIDw1
    ldr r2, [r4, #8]        @ HAL_GetUIDw2
    ldr r4, =${FLASHSIZE_BASE}
    ldrh r3, [r4]           @ *(uint16_t *)FLASHSIZE_BASE: the flash size in KB
    ldr r4, =${FLASH_OTP_BASE}
    ldr r5, [r4]            @ OTP block 0, word 0
    ldrb r6, [r4, #0x400]   @ LOCKB0
    bkpt #1
  `;

  test('the unique ID, the flash size and the erased OTP read as the CPU loads them', async () => {
    const m = await boot(readSignature);
    runToBkpt(m);
    const r = m.cpu.regs;
    expect([r[0], r[1], r[2]].map((w) => w >>> 0)).toEqual([...LOOM_UID]);
    expect(r[3]).toBe(1024); // STM32F746ZG: 1 MB of flash
    expect(r[5] >>> 0).toBe(0xffff_ffff); // never programmed
    expect(r[6]).toBe(0xff); // block 0 unlocked
    expect(m.diagnostics.list).toEqual([]);
  });

  test("the ID's fields are in RM0385 41.1's format, and bytes read as the words hold them", async () => {
    const m = await boot(readSignature);
    const [w0, w1, w2] = LOOM_UID;
    // UID[31:0]: X and Y on the wafer in BCD; UID[95:40]: the lot number in ASCII.
    expect(w0.toString(16)).toMatch(/^[0-9]+$/);
    const lot = [w1 >>> 8, w1 >>> 16, w1 >>> 24, w2, w2 >>> 8, w2 >>> 16, w2 >>> 24];
    for (const c of lot) expect(c & 0xff).toBeGreaterThanOrEqual(0x20);
    for (const c of lot) expect(c & 0xff).toBeLessThan(0x7f);
    // "The 96-bit unique device identifier can also be read in single bytes/half-words/words".
    for (let i = 0; i < 12; i++) {
      expect(m.bus.read8(UID_BASE + i)).toBe((LOOM_UID[i >> 2] >>> ((i & 3) * 8)) & 0xff);
    }
    expect(m.bus.read16(UID_BASE + 2)).toBe(w0 >>> 16);
  });

  test('the STM32F767ZI says 2 MB', async () => {
    const m = await boot(readSignature, NUCLEO_F767ZI);
    runToBkpt(m);
    expect(m.cpu.regs[3]).toBe(2048);
  });

  test('a write is ignored, and Loom says that programming is not modelled', async () => {
    const m = await boot(`
      ldr r4, =${FLASH_OTP_BASE}
      movs r0, #0
      str r0, [r4]
      ldr r1, [r4]
      bkpt #1
    `);
    runToBkpt(m);
    expect(m.cpu.regs[1] >>> 0).toBe(0xffff_ffff);
    expect(m.diagnostics.list.map((d) => d.message).join()).toContain('does not model');
  });
});

describe('the reset cause in RCC_CSR (RM0385 5.1.2, 5.3.21)', () => {
  // Boot 1 logs RCC_CSR, sets LSION and RTCSEL, clears the flags (__HAL_RCC_CLEAR_RESET_FLAGS),
  // then resets as HAL_NVIC_SystemReset does; boot 2 logs RCC_CSR and RCC_BDCR.
  const program = `
      ldr r7, =${LOG}
      ldr r0, =${RCC_CSR}
      ldr r1, [r7]              @ boots so far (RAM keeps it)
      adds r1, #1
      str r1, [r7]
      ldr r2, [r0]
      str r2, [r7, r1, lsl #2]  @ RCC_CSR at this boot
      cmp r1, #2
      beq second
      orr r2, r2, #1            @ LSION
      orr r2, r2, #0x01000000   @ RMVF
      str r2, [r0]
      ldr r3, =${RCC_BDCR}
      mov r2, #0x200            @ RTCSEL = LSI
      str r2, [r3]
      dsb
      ldr r0, =0xE000ED0C       @ AIRCR
      ldr r2, [r0]
      and r2, r2, #0x700        @ PRIGROUP kept
      ldr r3, =0x05FA0004       @ VECTKEY, SYSRESETREQ
      orr r2, r2, r3
      str r2, [r0]
      dsb
    wait:
      b wait
    second:
      ldr r3, =${RCC_BDCR}
      ldr r3, [r3]
      str r3, [r7, #12]
      bkpt #1
  `;

  test('power on: PORRSTF, PINRSTF and BORRSTF; after SYSRESETREQ: SFTRSTF and PINRSTF', async () => {
    const m = await boot(program);
    m.bus.write32(LOG, 0);
    m.run(100_000);
    expect(m.cpu.stopped?.kind).toBe('breakpoint');
    expect(m.bus.read32(LOG)).toBe(2);
    expect(m.bus.read32(LOG + 4) >>> 0).toBe((PORRSTF | PINRSTF | BORRSTF) >>> 0);
    // Flags cleared by RMVF stay cleared; LSION goes back to 0: a system reset, not a power-on.
    expect(m.bus.read32(LOG + 8) >>> 0).toBe((SFTRSTF | PINRSTF) >>> 0);
    // RCC_BDCR is in the backup domain: a system reset leaves it.
    expect(m.bus.read32(LOG + 12)).toBe(0x200);
  });

  test("Loom's own reset is a power-on reset", async () => {
    const m = await boot(program);
    m.bus.write32(RCC_CSR, 1 << 24); // RMVF
    expect(m.bus.read32(RCC_CSR)).toBe(0);
    m.reset();
    expect(m.bus.read32(RCC_CSR) >>> 0).toBe((PORRSTF | PINRSTF | BORRSTF) >>> 0);
  });
});
