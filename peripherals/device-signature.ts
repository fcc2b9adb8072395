import type { Diagnostics } from './diagnostics.ts';

/**
 * The OTP area and the device electronic signature in the flash's system area (RM0385 chapter 3,
 * "One-time programmable bytes", and chapter 41; stm32f746xx.h FLASH_OTP_BASE, UID_BASE,
 * FLASHSIZE_BASE; ../shared/reference section 1.1). HAL_GetUIDw0-2 read the unique ID, USB stacks make their serial number from it,
 * and ST's code reads the flash size in KB to size its erase loops.
 */
export const OTP_BASE = 0x1ff0_f000;
/** 16 blocks of 64 bytes, then the lock block at 0x1FF0F400, up to FLASH_OTP_END 0x1FF0F41F. */
export const OTP_SIZE = 0x420;
/** UID_BASE - OTP_BASE: the 96-bit unique device ID (RM0385 41.1). */
export const UID_OFFSET = 0x420;
/** FLASHSIZE_BASE - OTP_BASE: F_SIZE, the flash size in KB, 16 bits (RM0385 41.2). */
export const FLASH_SIZE_OFFSET = 0x442;
/** The bus maps 1 KB pieces: the OTP area and the signature take two. */
export const SIGNATURE_AREA_SIZE = 0x800;

/**
 * One chip's unique ID in RM0385 41.1's layout: UID[31:0] the X and Y wafer coordinates in BCD
 * (0x0041, 0x0023), UID[39:32] the wafer number (7), UID[95:40] the lot number in ASCII.
 */
export const LOOM_UID: readonly [number, number, number] = [0x0023_0041, 0x4d4f_4f07, 0x3634_374c];

/**
 * Reads as the factory left it: the OTP erased (0xFF, every block unlocked), the unique ID and the
 * flash size. Other bytes of the area are not modelled (they read 0 and Loom says so once);
 * writes are ignored, as programming through the FLASH interface is not modelled.
 */
export class DeviceSignature {
  private readonly bytes = new Uint8Array(SIGNATURE_AREA_SIZE);

  constructor(
    flashSizeKb: number,
    private readonly diagnostics: Diagnostics,
    uid: readonly [number, number, number] = LOOM_UID,
  ) {
    const view = new DataView(this.bytes.buffer);
    this.bytes.fill(0xff, 0, OTP_SIZE);
    uid.forEach((word, i) => view.setUint32(UID_OFFSET + 4 * i, word, true));
    view.setUint16(FLASH_SIZE_OFFSET, flashSizeKb, true);
  }

  read(offset: number, bytes: number): number {
    const known =
      offset + bytes <= UID_OFFSET + 12 ||
      (offset >= FLASH_SIZE_OFFSET && offset + bytes <= FLASH_SIZE_OFFSET + 2);
    if (!known) this.say('read', offset);
    let value = 0;
    for (let i = bytes - 1; i >= 0; i--) value = (value << 8) | this.bytes[offset + i];
    return value >>> 0;
  }

  write(offset: number): void {
    this.say('write', offset);
  }

  private say(access: 'read' | 'write', offset: number): void {
    const at = '0x' + (OTP_BASE + offset).toString(16).padStart(8, '0');
    if (access === 'read') {
      this.diagnostics.once(
        'signature:read',
        `${at}, in the device signature area, is not modelled: it reads 0`,
      );
    } else {
      this.diagnostics.once(
        'signature:write',
        `${at} written: the OTP area and the device signature are programmed through the FLASH ` +
          'interface, which Loom does not model; the write is ignored',
      );
    }
  }
}
