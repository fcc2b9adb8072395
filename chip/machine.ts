import { BusError } from '../cpu/bus.ts';
import { Cpu } from '../cpu/cpu.ts';
import { ExceptionModel } from '../cpu/exceptions.ts';
import { PPB_BASE, PPB_SIZE, PrivatePeripheralBus } from '../cpu/scs/ppb.ts';
import { Memory, MemoryBus } from '../memory/bus.ts';
import { Scheduler } from '../time/scheduler.ts';
import { Semihosting } from './semihosting.ts';
import {
  DEFAULT_BOOT_ADDRESS,
  HSI_HZ,
  IRQ_COUNT,
  NVIC_PRIORITY_BITS,
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
  /** Emulated time: the core's cycles, and the events devices schedule on them. */
  readonly scheduler = new Scheduler(() => this.cpu.cycles);
  readonly exceptions: ExceptionModel;
  /** The core's own registers at 0xE0000000: NVIC, SCB, SysTick, MPU, DWT, ITM. */
  readonly ppb: PrivatePeripheralBus;
  readonly semihosting: Semihosting;
  /** BOOT_ADD0 as an address (the option byte << 14). */
  bootAddress = DEFAULT_BOOT_ADDRESS;
  /** Where the firmware's output goes. */
  console: ConsoleSink = new ConsoleBuffer();
  /** Console input waiting for the firmware (semihosting SYS_READ). */
  private input: Uint8Array = new Uint8Array(0);
  /** The core clock (HCLK) in Hz: the HSI until the clock tree is modelled. */
  hclkHz = HSI_HZ;
  /** SP_main as reset (or a debugger's start) set it. */
  private initialSp = SRAM_TOP;
  /** The run loop's own cycle bound (see `run`). */
  private untilCycle = Number.POSITIVE_INFINITY;

  constructor(memoryMap: readonly MemoryRegionSpec[] = STM32F746_MEMORY) {
    const stores = new Map<string, Memory>();
    for (const r of memoryMap) {
      const store = r.aliasOf ? stores.get(r.aliasOf) : new Memory(r.size);
      if (!store) throw new Error(`${r.name}: alias of unknown region ${r.aliasOf}`);
      stores.set(r.name, store);
      this.bus.map(r.name, r.base, r.size, r.kind, store);
    }
    this.scheduler.onChange = () => this.updateCycleLimit();
    this.semihosting = new Semihosting({
      write: (bytes) => this.console.write(bytes),
      read: (max) => this.takeInput(max),
      elapsedSeconds: () => this.cpu.cycles / this.hclkHz,
      cycles: () => this.cpu.cycles,
      hz: () => this.hclkHz,
      stackBase: () => this.initialSp,
      commandLine: 'loom',
    });
    this.exceptions = new ExceptionModel(this.cpu, IRQ_COUNT, NVIC_PRIORITY_BITS, {
      bkpt: (cpu, imm8) => {
        if (imm8 === 0xab) this.semihosting.call(cpu);
        else {
          // Loom acts as an attached debugger: BKPT halts the core (ARMv7-M ARM C1.4).
          cpu.nextPc = cpu.pc;
          cpu.stop('breakpoint', `BKPT #${imm8} at 0x${cpu.pc.toString(16).padStart(8, '0')}`);
        }
      },
      canWake: () => !this.scheduler.empty,
      systemReset: () => this.reset(),
    });
    this.ppb = new PrivatePeripheralBus(this.cpu, this.exceptions, this.scheduler, {
      itmOutput: (bytes) => this.console.write(bytes),
    });
    this.bus.map('PPB', PPB_BASE, PPB_SIZE, 'device', this.ppb);
  }

  /** VTOR: where the vector table is. */
  get vtor(): number {
    return this.exceptions.vtor;
  }

  set vtor(value: number) {
    this.exceptions.vtor = value;
  }

  /** Bytes for the firmware to read from its console. */
  feedInput(bytes: Uint8Array): void {
    const joined = new Uint8Array(this.input.length + bytes.length);
    joined.set(this.input);
    joined.set(bytes, this.input.length);
    this.input = joined;
  }

  private takeInput(max: number): Uint8Array {
    const taken = this.input.slice(0, max);
    this.input = this.input.slice(taken.length);
    return taken;
  }

  /** Everything but memory goes back to its reset state. */
  private resetSystem(): void {
    this.cpu.resetState();
    this.scheduler.clear();
    this.exceptions.reset(this.bootAddress);
    this.ppb.reset();
    this.semihosting.reset();
  }

  /**
   * Reset as the chip does it (ARMv7-M ARM B1.5.5): VTOR = boot address, SP_main from the
   * vector table's word 0, PC from word 1 (bit 0 must be 1: the Thumb bit).
   */
  reset(): void {
    const cpu = this.cpu;
    this.resetSystem();
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
    this.initialSp = cpu.msp;
    cpu.t = entry & 1;
    cpu.pc = entry & ~1;
    cpu.nextPc = cpu.pc;
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
    this.resetSystem();
    cpu.msp = sp;
    this.initialSp = cpu.msp;
    cpu.t = 1;
    cpu.pc = entry & ~1;
    cpu.regs[15] = cpu.pc;
  }

  /** Emulated time since the cycle counter started, in seconds. */
  get seconds(): number {
    return this.cpu.cycles / this.hclkHz;
  }

  private updateCycleLimit(): void {
    const next = this.scheduler.nextAtCycle;
    this.cpu.cycleLimit = next < this.untilCycle ? next : this.untilCycle;
  }

  /**
   * Runs up to `maxInstructions`, firing scheduled events on time, until something stops the
   * core or the cycle counter reaches `untilCycle`. A sleeping core (WFI, WFE) skips straight to
   * the next event. Returns the number of instructions executed.
   */
  run(maxInstructions: number, untilCycle = Number.POSITIVE_INFINITY): number {
    const cpu = this.cpu;
    const scheduler = this.scheduler;
    const before = cpu.instructions;
    this.untilCycle = untilCycle;
    try {
      while (cpu.instructions - before < maxInstructions && cpu.cycles < untilCycle) {
        if (cpu.cycles >= scheduler.nextAtCycle) scheduler.runDue(cpu.cycles);
        this.updateCycleLimit();
        cpu.run(maxInstructions - (cpu.instructions - before));
        if (cpu.stopped !== null) break;
        if (this.exceptions.sleeping) {
          if (scheduler.empty) {
            cpu.stop('halted', 'the core sleeps (WFI/WFE) with nothing that could wake it');
            break;
          }
          // Idle: time jumps to the next event.
          const next = scheduler.nextAtCycle < untilCycle ? scheduler.nextAtCycle : untilCycle;
          if (next > cpu.cycles) cpu.cycles = next;
        }
      }
    } finally {
      this.untilCycle = Number.POSITIVE_INFINITY;
      this.updateCycleLimit();
    }
    return cpu.instructions - before;
  }
}
