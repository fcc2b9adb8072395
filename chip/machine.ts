import { BusError } from '../cpu/bus.ts';
import type { BusAccess } from '../cpu/bus.ts';
import { Cpu, CpuFault } from '../cpu/cpu.ts';
import { ExceptionModel, HARDFAULT, NMI } from '../cpu/exceptions.ts';
import { MPU_CTRL_ENABLE, mpuAllows, mpuUniformOver } from '../cpu/scs/mpu.ts';
import { PPB_BASE, PPB_SIZE, PrivatePeripheralBus } from '../cpu/scs/ppb.ts';
import { ACCESS_READ, ACCESS_WRITE, Memory, MemoryBus, PAGE_SIZE } from '../memory/bus.ts';
import { Diagnostics } from '../peripherals/diagnostics.ts';
import { DeviceSignature, OTP_BASE, SIGNATURE_AREA_SIZE } from '../peripherals/device-signature.ts';
import type { ResetKind } from '../peripherals/rcc.ts';
import { Scheduler } from '../time/scheduler.ts';
import { NUCLEO_F746ZG, type BoardSpec } from './boards.ts';
import { Stm32f746Peripherals } from './peripherals.ts';
import { Semihosting } from './semihosting.ts';
import type { MemoryRegionSpec } from './stm32f746.ts';

/**
 * RAM regions that follow one another on the bus (DTCM, SRAM1 and SRAM2 from 0x20000000) share
 * one buffer, in address order, so that the bus keeps a 64 KB page across their borders on its
 * fast paths; the regions stay separate names and sizes.
 */
function runsOfRam(
  memory: readonly MemoryRegionSpec[],
): Map<string, { buffer: ArrayBuffer; offset: number }> {
  const placed = new Map<string, { buffer: ArrayBuffer; offset: number }>();
  const rams = memory.filter((r) => r.kind === 'ram' && !r.aliasOf).sort((a, b) => a.base - b.base);
  for (let i = 0; i < rams.length;) {
    let j = i;
    while (j + 1 < rams.length && rams[j + 1].base === rams[j].base + rams[j].size) j++;
    if (j > i) {
      const start = rams[i].base;
      const buffer = new ArrayBuffer(rams[j].base + rams[j].size - start);
      for (let k = i; k <= j; k++)
        placed.set(rams[k].name, { buffer, offset: rams[k].base - start });
    }
    i = j + 1;
  }
  return placed;
}

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

/**
 * A board and its chip: the core on a bus with the chip's memories and peripherals, as the
 * chip's table (`board.chip`) describes them. What `loom run`, the UI and the tests drive.
 */
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
  bootAddress: number;
  /** Where the firmware's output goes. */
  console: ConsoleSink = new ConsoleBuffer();
  /** Console input waiting for the firmware (semihosting SYS_READ). */
  private input: Uint8Array = new Uint8Array(0);
  /** Peripherals Loom does not model, clocks out of range, a port used without its clock. */
  readonly diagnostics = new Diagnostics(() => this.seconds);
  /** RCC, PWR, FLASH, GPIO, EXTI, SYSCFG... and the board on their pins. */
  readonly chip: Stm32f746Peripherals;
  /** Emulated time up to `cyclesAtClockChange`, when HCLK last changed. */
  private secondsAtClockChange = 0;
  private cyclesAtClockChange = 0;
  /** SP_main as reset (or a debugger's start) set it. */
  private initialSp: number;
  /** The run loop's own cycle bound (see `run`). */
  private untilCycle = Number.POSITIVE_INFINITY;

  /** The memories, peripherals and core are the board's chip's (`board.chip`). */
  constructor(readonly board: BoardSpec = NUCLEO_F746ZG) {
    const spec = board.chip;
    this.bootAddress = spec.defaultBootAddress;
    this.initialSp = spec.sramTop;
    this.cpu.fpDoublePrecision = spec.fpDoublePrecision;
    const stores = new Map<string, Memory>();
    const placed = runsOfRam(spec.memory);
    for (const r of spec.memory) {
      const run = placed.get(r.name);
      const store = r.aliasOf
        ? stores.get(r.aliasOf)
        : run !== undefined
          ? new Memory(r.size, run.buffer, run.offset)
          : new Memory(r.size);
      if (!store) throw new Error(`${r.name}: alias of unknown region ${r.aliasOf}`);
      stores.set(r.name, store);
      this.bus.map(r.name, r.base, r.size, r.kind, store);
    }
    // The OTP area, unique ID and flash size (F_SIZE, in KB) that ST's code reads (RM0385 41).
    const flash = spec.memory.find((r) => r.base === 0x0800_0000);
    if (flash !== undefined) {
      const signature = new DeviceSignature(flash.size / 1024, this.diagnostics);
      this.bus.map('OTP and device signature', OTP_BASE, SIGNATURE_AREA_SIZE, 'device', signature);
    }
    this.scheduler.onChange = () => this.updateCycleLimit();
    this.semihosting = new Semihosting({
      write: (bytes) => this.console.write(bytes),
      read: (max) => this.takeInput(max),
      elapsedSeconds: () => this.seconds,
      cycles: () => this.cpu.cycles,
      hz: () => this.hclkHz,
      stackBase: () => this.initialSp,
      commandLine: 'loom',
    });
    this.exceptions = new ExceptionModel(this.cpu, spec.irqCount, spec.nvicPriorityBits, {
      bkpt: (cpu, imm8) => {
        if (imm8 === 0xab) this.semihosting.call(cpu);
        else {
          // Loom acts as an attached debugger: BKPT halts the core (ARMv7-M ARM C1.4).
          cpu.nextPc = cpu.pc;
          cpu.stop('breakpoint', `BKPT #${imm8} at 0x${cpu.pc.toString(16).padStart(8, '0')}`);
        }
      },
      canWake: () => !this.scheduler.idle,
      accessPrivilegeChanged: () => this.mpuFastPages(),
      systemReset: () => this.reset('software'),
    });
    this.ppb = new PrivatePeripheralBus(this.cpu, this.exceptions, this.scheduler, {
      identity: spec.core,
      itmOutput: (bytes) => this.console.write(bytes),
    });
    this.bus.map('PPB', PPB_BASE, PPB_SIZE, 'device', this.ppb);
    this.ppb.mpu.onChange = () => this.mpuChanged();
    this.cpu.onPrivilegeChange = () => this.mpuFastPages();
    this.chip = new Stm32f746Peripherals(spec.peripherals, board, {
      diagnostics: this.diagnostics,
      setIrq: (irq, high) => this.exceptions.setIrqLine(irq, high),
      scheduler: this.scheduler,
    });
    // What the firmware sends on the board's console U(S)ART is console output.
    const serial = this.chip.console;
    if (serial !== undefined) serial.onTransmit = (data) => this.console.write(Uint8Array.of(data));
    for (const { spec, device } of this.chip.mappings) {
      if (spec.base >= PPB_BASE && spec.base < PPB_BASE + PPB_SIZE) {
        this.ppb.attach(spec.base - PPB_BASE, spec.size, device);
      } else {
        this.bus.map(spec.name, spec.base, spec.size, 'device', device);
      }
    }
    this.hclkBefore = this.chip.rcc.hclkHz;
    this.chip.rcc.onChange(() => this.clockChanged());
  }

  /** The core clock (HCLK) in Hz, as the RCC sets it. */
  get hclkHz(): number {
    return this.chip.rcc.hclkHz;
  }

  /** The HCLK that cycles since the last clock change ran at. */
  private hclkBefore: number;

  /** HCLK changed (the RCC already has the new one): count the time so far at the old rate. */
  private clockChanged(): void {
    const cycles = this.cpu.cycles;
    this.secondsAtClockChange += (cycles - this.cyclesAtClockChange) / this.hclkBefore;
    this.cyclesAtClockChange = cycles;
    this.hclkBefore = this.hclkHz;
  }

  // --- The MPU (ARMv7-M ARM B3.5): while it is enabled, every access the core makes goes through
  // the bus's access check. A debugger's or loader's accesses (outside `run`) are not checked.

  /** True while the core executes (in `run`). */
  private executing = false;
  private mpuChecking = false;

  private mpuChanged(): void {
    const enabled = (this.ppb.mpu.ctrl & MPU_CTRL_ENABLE) !== 0;
    this.mpuChecking = enabled;
    this.cpu.fetchChecksPrivilege = enabled;
    if (enabled) this.mpuFastPages();
    else this.bus.setAccessCheck(null);
    // Instructions are checked when fetched and decoded: decode them again under the new rules.
    this.cpu.flushDecodeCache();
  }

  /**
   * The pages the MPU treats alike throughout and allows to the privilege accesses are made
   * with stay on the bus's fast paths; every other access is checked. Recomputed when the MPU
   * or that privilege changes.
   */
  private mpuFastPages(): void {
    if (this.mpuChecking) this.bus.setAccessCheck(this.mpuCheck, this.mpuTrust);
  }

  private readonly mpuTrust = (page: number): number => {
    const mpu = this.ppb.mpu;
    const start = page * PAGE_SIZE;
    if (!mpuUniformOver(mpu, start, PAGE_SIZE)) return 0;
    // Below priority 0 the MPU may be bypassed: that only allows more, so this is safe.
    const lazy = this.exceptions.lazyStacking;
    const privileged = lazy !== null ? lazy.privileged : this.cpu.isPrivileged();
    const read = mpuAllows(mpu, start, 'read', privileged, false) ? ACCESS_READ : 0;
    const write = mpuAllows(mpu, start, 'write', privileged, false) ? ACCESS_WRITE : 0;
    return read | write;
  };

  private readonly mpuCheck = (addr: number, access: BusAccess): void => {
    if (!this.executing || this.exceptions.readingVector) return;
    const cpu = this.cpu;
    const ex = this.exceptions;
    // Below priority 0 (HardFault, NMI, FAULTMASK) the MPU applies only with HFNMIENA. Lazy FP
    // state preservation writes with its context's privilege and priority.
    const lazy = ex.lazyStacking;
    const negative =
      lazy !== null
        ? lazy.negative
        : cpu.faultmask !== 0 || ex.active[HARDFAULT] !== 0 || ex.active[NMI] !== 0;
    const privileged = lazy !== null ? lazy.privileged : cpu.isPrivileged();
    if (mpuAllows(this.ppb.mpu, addr, access, privileged, negative)) return;
    const at = '0x' + (addr >>> 0).toString(16).padStart(8, '0');
    throw new CpuFault(
      access === 'fetch' ? 'IACCVIOL' : 'DACCVIOL',
      addr,
      `the MPU does not allow a ${access} at ${at}`,
    );
  };

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
  private resetSystem(kind: ResetKind = 'power'): void {
    this.cpu.resetState();
    this.scheduler.clear();
    this.exceptions.reset(this.bootAddress);
    this.ppb.reset();
    this.semihosting.reset();
    this.chip.reset(kind);
  }

  /**
   * Reset as the chip does it (ARMv7-M ARM B1.5.5): VTOR = boot address, SP_main from the
   * vector table's word 0, PC from word 1 (bit 0 must be 1: the Thumb bit). `kind` is what the
   * RCC's reset flags will say: a power-on reset, or a software one (AIRCR.SYSRESETREQ).
   */
  reset(kind: ResetKind = 'power'): void {
    const cpu = this.cpu;
    this.resetSystem(kind);
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
   * VTOR at the boot address, the PC at `entry` in Thumb state, SP_main at `sp` (by default the
   * top of the chip's SRAM).
   */
  startAt(entry: number, sp: number = this.board.chip.sramTop): void {
    const cpu = this.cpu;
    this.resetSystem();
    cpu.msp = sp;
    this.initialSp = cpu.msp;
    cpu.t = 1;
    cpu.pc = entry & ~1;
    cpu.regs[15] = cpu.pc;
  }

  /** Emulated time since power-on, in seconds: cycles at each HCLK rate they ran at. */
  get seconds(): number {
    const since = this.cpu.cycles - this.cyclesAtClockChange;
    return this.secondsAtClockChange + since / this.hclkBefore;
  }

  private updateCycleLimit(): void {
    const next = this.scheduler.nextAtCycle;
    this.cpu.cycleLimit = next < this.untilCycle ? next : this.untilCycle;
  }

  /**
   * Runs up to `maxInstructions`, firing scheduled events on time, until something stops the
   * core (an event too) or the cycle counter reaches `untilCycle`. A sleeping core (WFI, WFE)
   * skips straight to the next event. Returns the number of instructions executed.
   */
  run(maxInstructions: number, untilCycle = Number.POSITIVE_INFINITY): number {
    const cpu = this.cpu;
    const scheduler = this.scheduler;
    const before = cpu.instructions;
    this.untilCycle = untilCycle;
    try {
      while (cpu.instructions - before < maxInstructions && cpu.cycles < untilCycle) {
        if (cpu.cycles >= scheduler.nextAtCycle) {
          cpu.stopped = null;
          scheduler.runDue(cpu.cycles);
          // An event may end the run (`cpu.stop`): a time limit, a debugger's request.
          if (cpu.stopped !== null) break;
        }
        this.updateCycleLimit();
        this.executing = true;
        try {
          cpu.run(maxInstructions - (cpu.instructions - before));
        } finally {
          this.executing = false;
        }
        if (cpu.stopped !== null) break;
        if (this.exceptions.sleeping) {
          if (scheduler.idle) {
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
