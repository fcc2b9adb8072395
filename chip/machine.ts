import { BusError } from '../cpu/bus.ts';
import { Cpu } from '../cpu/cpu.ts';
import { Memory, MemoryBus } from '../memory/bus.ts';
import {
  DEFAULT_BOOT_ADDRESS,
  SRAM_TOP,
  STM32F746_MEMORY,
  type MemoryRegionSpec,
} from './stm32f746.ts';

/**
 * Where what the firmware prints goes (semihosting, the serial console, as they arrive): `loom
 * run` sends it to stdout, or into the `console` field of its JSON report.
 */
export interface ConsoleSink {
  write(bytes: Uint8Array): void;
}

/** A console that keeps everything written to it. */
export class ConsoleBuffer implements ConsoleSink {
  private readonly chunks: Uint8Array[] = [];

  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }

  /** Everything written so far, as UTF-8 text. */
  get text(): string {
    const all = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder().decode(all);
  }
}

/** A core on a bus with the chip's memories: what `loom run`, the UI and the tests drive. */
export class Machine {
  readonly bus = new MemoryBus();
  readonly cpu = new Cpu(this.bus);
  /** BOOT_ADD0 as an address (the option byte << 14). */
  bootAddress = DEFAULT_BOOT_ADDRESS;
  /** VTOR until the system control block exists: the boot address after reset. */
  vtor = DEFAULT_BOOT_ADDRESS;
  /** Where the firmware's output goes. */
  console: ConsoleSink = new ConsoleBuffer();

  constructor(memoryMap: readonly MemoryRegionSpec[] = STM32F746_MEMORY) {
    const stores = new Map<string, Memory>();
    for (const r of memoryMap) {
      const store = r.aliasOf ? stores.get(r.aliasOf) : new Memory(r.size);
      if (!store) throw new Error(`${r.name}: alias of unknown region ${r.aliasOf}`);
      stores.set(r.name, store);
      this.bus.map(r.name, r.base, r.size, r.kind, store);
    }
  }

  /**
   * Reset as the chip does it (ARMv7-M ARM B1.5.5): VTOR = boot address, SP_main from the
   * vector table's word 0, PC from word 1 (bit 0 must be 1: the Thumb bit).
   */
  reset(): void {
    const cpu = this.cpu;
    cpu.resetState();
    this.vtor = this.bootAddress;
    let sp: number;
    let entry: number;
    try {
      sp = this.bus.read32(this.vtor);
      entry = this.bus.read32(this.vtor + 4);
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      // A vector fetch that fails at reset locks the core up (B1.5.15).
      cpu.stop('lockup', `no vector table at the boot address: ${e.message}`);
      return;
    }
    cpu.msp = sp;
    cpu.t = entry & 1;
    cpu.pc = entry & ~1;
    cpu.regs[15] = cpu.pc;
    // Bit 0 clear: the first instruction takes an INVSTATE UsageFault.
    if (cpu.t === 0) cpu.requestAttention();
  }

  /**
   * Starts an image that has no vector table, as a debugger does: the core's registers reset,
   * VTOR at the boot address, the PC at `entry` in Thumb state, SP_main at `sp`.
   */
  startAt(entry: number, sp: number = SRAM_TOP): void {
    const cpu = this.cpu;
    cpu.resetState();
    this.vtor = this.bootAddress;
    cpu.msp = sp;
    cpu.t = 1;
    cpu.pc = entry & ~1;
    cpu.regs[15] = cpu.pc;
  }
}
