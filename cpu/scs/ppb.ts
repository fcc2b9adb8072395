import { BusError } from '../bus.ts';
import type { Cpu } from '../cpu.ts';
import { CCR_USERSETMPEND, type ExceptionModel } from '../exceptions.ts';
import type { Scheduler } from '../../time/scheduler.ts';
import { Dwt } from './dwt.ts';
import { Itm, ITM_STIM_LAST } from './itm.ts';
import { MpuRegisters } from './mpu.ts';
import { Nvic, STIR } from './nvic.ts';
import { CORTEX_M7_R0P1, Scb, type CoreIdentity } from './scb.ts';
import { SysTick } from './systick.ts';

/** A memory-mapped device, as the bus sees one. */
export interface PpbDevice {
  read(offset: number, bytes: number): number;
  write(offset: number, bytes: number, value: number): void;
}

/** The Private Peripheral Bus (ARMv7-M ARM B3.1): 0xE0000000 .. 0xE00FFFFF. */
export const PPB_BASE = 0xe000_0000;
export const PPB_SIZE = 0x10_0000;

const ITM_BASE = 0x0000;
const DWT_BASE = 0x1000;
const SCS_BASE = 0xe000;
const SYSTICK_BASE = 0xe010;

export interface PpbOptions {
  identity?: CoreIdentity;
  /** SysTick's external reference divider (STM32F7: HCLK / 8) and CALIB value. */
  systickDivider?: number;
  systickCalib?: number;
  mpuRegions?: number;
  /** Where ITM stimulus port 0 writes go. */
  itmOutput?: (bytes: Uint8Array) => void;
}

/**
 * The core's own memory-mapped registers: ITM, DWT and the system control space (SCB, NVIC,
 * SysTick, MPU, FPU control, cache maintenance). A device on the bus; unprivileged accesses to
 * the SCS are bus errors (B3.2.1) except STIR when CCR.USERSETMPEND allows it. The debug
 * components Loom does not model (FPB, TPIU, ETM, ROM table) read as zero and ignore writes.
 */
export class PrivatePeripheralBus {
  readonly scb: Scb;
  readonly nvic: Nvic;
  readonly systick: SysTick;
  readonly mpu: MpuRegisters;
  readonly dwt: Dwt;
  readonly itm: Itm;

  constructor(
    private readonly cpu: Cpu,
    private readonly exceptions: ExceptionModel,
    scheduler: Scheduler,
    options: PpbOptions = {},
  ) {
    this.scb = new Scb(cpu, exceptions, options.identity ?? CORTEX_M7_R0P1);
    this.nvic = new Nvic(exceptions);
    this.systick = new SysTick(
      exceptions,
      scheduler,
      options.systickDivider ?? 8,
      options.systickCalib ?? 0,
    );
    this.mpu = new MpuRegisters(options.mpuRegions ?? 8);
    const trace = () => this.scb.traceEnabled;
    this.dwt = new Dwt(() => cpu.cycles, trace);
    this.itm = new Itm(options.itmOutput ?? (() => {}), trace);
    this.scb.onTraceChange = () => this.dwt.sync();
  }

  /** Devices outside the core on the PPB (the STM32's DBGMCU at 0xE0042000), by offset. */
  private readonly attached: { offset: number; size: number; device: PpbDevice }[] = [];

  /** Maps a device at `offset` into the PPB's external range (0x40000 and up). */
  attach(offset: number, size: number, device: PpbDevice): void {
    this.attached.push({ offset, size, device });
  }

  private attachedAt(offset: number): { offset: number; device: PpbDevice } | undefined {
    return this.attached.find((a) => offset >= a.offset && offset < a.offset + a.size);
  }

  reset(): void {
    this.scb.reset();
    this.systick.reset();
    this.mpu.reset();
    this.dwt.reset();
    this.itm.reset();
  }

  read(offset: number, bytes: number): number {
    const outside = this.attachedAt(offset);
    if (outside !== undefined) return outside.device.read(offset - outside.offset, bytes);
    const aligned = offset & ~3;
    const word = this.read32(aligned, bytes);
    if (bytes === 4) return word >>> 0;
    const shift = (offset & 3) * 8;
    return (word >>> shift) & (bytes === 2 ? 0xffff : 0xff);
  }

  write(offset: number, bytes: number, value: number): void {
    const outside = this.attachedAt(offset);
    if (outside !== undefined) {
      outside.device.write(offset - outside.offset, bytes, value);
      return;
    }
    const aligned = offset & ~3;
    const shift = (offset & 3) * 8;
    const mask = bytes === 4 ? 0xffffffff : ((bytes === 2 ? 0xffff : 0xff) << shift) >>> 0;
    this.write32(aligned, ((value << shift) & mask) >>> 0, mask >>> 0, bytes, value);
  }

  private checkPrivilege(offset: number, access: 'read' | 'write', bytes: number): void {
    if (this.cpu.isPrivileged()) return;
    if (offset >= ITM_BASE && offset <= ITM_STIM_LAST) return;
    if (
      access === 'write' &&
      offset === SCS_BASE + STIR &&
      (this.exceptions.ccr & CCR_USERSETMPEND) !== 0
    )
      return;
    throw new BusError(
      (PPB_BASE + offset) >>> 0,
      access,
      bytes,
      'the system control space is privileged',
    );
  }

  private read32(offset: number, bytes: number): number {
    this.checkPrivilege(offset, 'read', bytes);
    if (offset < DWT_BASE) return this.itm.read(offset - ITM_BASE);
    if (offset < DWT_BASE + 0x1000) return this.dwt.read(offset - DWT_BASE);
    if (offset >= SCS_BASE && offset < SCS_BASE + 0x1000) {
      const scs = offset - SCS_BASE;
      if (offset >= SYSTICK_BASE && offset < SYSTICK_BASE + 0x10) {
        return this.systick.read(offset - SYSTICK_BASE);
      }
      if (this.nvic.owns(scs)) return this.nvic.read(scs);
      if (this.mpu.owns(scs)) return this.mpu.read(scs);
      if (this.scb.owns(scs)) return this.scb.read(scs);
    }
    return 0;
  }

  private write32(offset: number, value: number, mask: number, bytes: number, raw: number): void {
    this.checkPrivilege(offset, 'write', bytes);
    if (offset < DWT_BASE) {
      this.itm.write(offset - ITM_BASE, bytes, raw);
      return;
    }
    if (offset < DWT_BASE + 0x1000) {
      this.dwt.write(offset - DWT_BASE, value);
      return;
    }
    if (offset >= SCS_BASE && offset < SCS_BASE + 0x1000) {
      const scs = offset - SCS_BASE;
      if (offset >= SYSTICK_BASE && offset < SYSTICK_BASE + 0x10) {
        this.systick.write(offset - SYSTICK_BASE, value);
      } else if (this.nvic.owns(scs)) {
        this.nvic.write(scs, value, mask);
      } else if (this.mpu.owns(scs)) {
        this.mpu.write(scs, value);
      } else if (this.scb.owns(scs)) {
        this.scb.write(scs, value, mask);
      }
    }
  }
}
