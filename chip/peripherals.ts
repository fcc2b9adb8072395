/**
 * The STM32F746's peripherals built from the chip table and wired: each modelled peripheral
 * gets its clock gate, its interrupt lines and the clocks it runs on; every other block is a
 * named placeholder. The board's LEDs and buttons hang on the GPIO pins.
 */
import type { Device } from '../memory/bus.ts';
import { Dbgmcu } from '../peripherals/dbgmcu.ts';
import type { Diagnostics } from '../peripherals/diagnostics.ts';
import { Exti } from '../peripherals/exti.ts';
import { FlashInterface } from '../peripherals/flash-interface.ts';
import { GpioPort, MODE_ALTERNATE } from '../peripherals/gpio.ts';
import { Placeholder } from '../peripherals/placeholder.ts';
import { Pwr } from '../peripherals/pwr.ts';
import {
  Rcc,
  RCC_AHB1ENR,
  RCC_AHB2ENR,
  RCC_AHB3ENR,
  RCC_APB1ENR,
  RCC_APB2ENR,
  type ResetKind,
} from '../peripherals/rcc.ts';
import { Syscfg } from '../peripherals/syscfg.ts';
import { Timer } from '../peripherals/timer.ts';
import { AdvancedTimer } from '../peripherals/timer-advanced.ts';
import { ADVANCED, STM32F7_TIMERS } from '../peripherals/timer-registers.ts';
import { Usart, USART_KERNEL_INDEX } from '../peripherals/usart.ts';
import type { Scheduler } from '../time/scheduler.ts';
import type { BoardSpec } from './boards.ts';
import {
  STM32F746_TIMER_PINS,
  STM32F746_USART_TX_PINS,
  type AlternatePin,
  type PeripheralSpec,
} from './stm32f746.ts';

const ENABLE_REGISTER = {
  AHB1ENR: RCC_AHB1ENR,
  AHB2ENR: RCC_AHB2ENR,
  AHB3ENR: RCC_AHB3ENR,
  APB1ENR: RCC_APB1ENR,
  APB2ENR: RCC_APB2ENR,
};

/** A model with a reset, mapped as a device. */
export interface PeripheralDevice extends Device {
  reset(): void;
}

/** What the wiring needs from the machine. */
export interface ChipContext {
  diagnostics: Diagnostics;
  /** Drives NVIC interrupt line `irq`. */
  setIrq(irq: number, high: boolean): void;
  /** Emulated time, for peripherals that schedule events (USART frames, timer updates). */
  scheduler: Scheduler;
}

/**
 * A peripheral behind its RCC clock enable: with the clock off, writes are ignored and reads
 * return zero, as on silicon, and Loom says so once.
 */
class ClockGate implements Device {
  constructor(
    private readonly spec: PeripheralSpec,
    private readonly inner: Device,
    private readonly rcc: Rcc,
    private readonly diagnostics: Diagnostics,
  ) {}

  private clocked(access: 'read' | 'written'): boolean {
    const enable = this.spec.enable!;
    if (this.rcc.enabled(ENABLE_REGISTER[enable.register], enable.bit)) return true;
    const what = this.spec.model === 'gpio' ? 'the port' : this.spec.name;
    this.diagnostics.once(
      `clock:${this.spec.name}:${access}`,
      `${this.spec.name} ${access} while RCC_${enable.register}.${this.spec.name}EN = 0: ` +
        `${what} has no clock`,
    );
    return false;
  }

  read(offset: number, bytes: number): number {
    return this.clocked('read') ? this.inner.read(offset, bytes) : 0;
  }

  write(offset: number, bytes: number, value: number): void {
    if (this.clocked('written')) this.inner.write(offset, bytes, value);
  }
}

export class Stm32f746Peripherals {
  readonly pwr = new Pwr();
  readonly flash = new FlashInterface();
  readonly rcc: Rcc;
  readonly syscfg = new Syscfg();
  readonly exti: Exti;
  readonly gpio: Record<string, GpioPort> = {};
  readonly dbgmcu: Dbgmcu;
  readonly usarts: Record<string, Usart> = {};
  readonly timers: Record<string, Timer> = {};
  /** Every model, for reset. */
  readonly all: PeripheralDevice[] = [];
  /** What the bus maps: name, base, size, device. */
  readonly mappings: { spec: PeripheralSpec; device: Device }[] = [];

  constructor(
    specs: readonly PeripheralSpec[],
    readonly board: BoardSpec,
    private readonly context: ChipContext,
  ) {
    const { diagnostics } = context;
    this.dbgmcu = new Dbgmcu(board.chip.dbgmcuIdcode);
    this.rcc = new Rcc(
      {
        hseHz: board.hseHz,
        hseBypass: board.hseBypass,
        voltageScale: () => this.pwr.voltageScale,
        overdrive: () => this.pwr.overdrive,
        flashLatency: () => this.flash.latency,
      },
      diagnostics,
    );
    this.pwr.onChange = () => this.rcc.checkLimits();
    this.flash.onChange = () => this.rcc.checkLimits();
    const extiSpec = specs.find((s) => s.model === 'exti');
    const extiIrqs = extiSpec?.irqs ?? {};
    this.exti = new Exti(
      (line) =>
        line < 5
          ? (extiIrqs[`exti${line}`] ?? -1)
          : line < 10
            ? (extiIrqs.exti9_5 ?? -1)
            : line < 16
              ? (extiIrqs.exti15_10 ?? -1)
              : -1,
      (irq, high) => context.setIrq(irq, high),
    );
    for (const spec of specs) {
      const model = this.modelFor(spec, diagnostics);
      this.all.push(model);
      const device =
        spec.enable !== undefined && !(model instanceof Placeholder)
          ? new ClockGate(spec, model, this.rcc, diagnostics)
          : model;
      this.mappings.push({ spec, device });
    }
    // GPIO pins 0-15 feed EXTI lines 0-15 through SYSCFG's port selection.
    for (const port of Object.values(this.gpio)) {
      port.onPinChange((letter, pin, level) => {
        if (this.syscfg.portOf(pin) === letter) this.exti.edge(pin, level === 1);
      });
    }
    this.wireBoard();
  }

  private modelFor(spec: PeripheralSpec, diagnostics: Diagnostics): PeripheralDevice {
    switch (spec.model) {
      case 'rcc':
        return this.rcc;
      case 'pwr':
        return this.pwr;
      case 'flash':
        return this.flash;
      case 'syscfg':
        return this.syscfg;
      case 'exti':
        return this.exti;
      case 'dbgmcu':
        return this.dbgmcu;
      case 'usart': {
        const usart = new Usart({
          ...this.context,
          name: spec.name,
          kernelIndex: USART_KERNEL_INDEX[spec.name],
          irq: spec.irqs?.global ?? -1,
          clocks: this.rcc,
        });
        usart.txPin = this.txPin(STM32F746_USART_TX_PINS[spec.name] ?? []);
        this.usarts[spec.name] = usart;
        return usart;
      }
      case 'timer': {
        const options = {
          ...this.context,
          ...STM32F7_TIMERS[spec.name],
          name: spec.name,
          apb: spec.bus === 'APB2' ? (2 as const) : (1 as const),
          irqs: spec.irqs ?? {},
          clocks: this.rcc,
          // TIM1_BRK_TIM9, TIM8_UP_TIM13...: two timers on one line.
          setIrq: (irq: number, high: boolean) => this.sharedIrq(spec.name, irq, high),
        };
        const timer = options.kind === ADVANCED ? new AdvancedTimer(options) : new Timer(options);
        timer.onOutput = (channel, complementary, level) =>
          this.timerOutput(spec.name, channel, complementary, level);
        this.timers[spec.name] = timer;
        return timer;
      }
      case 'gpio': {
        const letter = spec.name.slice(4);
        const port = new GpioPort(letter, this.board.chip.gpioReset[letter]);
        this.gpio[letter] = port;
        return port;
      }
    }
    return new Placeholder(spec.name, spec.base, diagnostics);
  }

  /** A timer channel's output reaches the pins that select it as their alternate function. */
  private timerOutput(
    timer: string,
    channel: number,
    complementary: boolean,
    level: boolean,
  ): void {
    const pins = STM32F746_TIMER_PINS[timer];
    const routes = complementary ? pins?.complementary : pins?.channels;
    for (const { port, pin, af } of routes?.[channel - 1] ?? []) {
      this.gpio[port]?.setAlternateOutput(pin, af, level);
    }
  }

  /** Interrupt lines that two sources share: high while either holds it high. */
  private readonly irqHolders = new Map<number, Set<string>>();

  private sharedIrq(source: string, irq: number, high: boolean): void {
    let holders = this.irqHolders.get(irq);
    if (holders === undefined) this.irqHolders.set(irq, (holders = new Set()));
    const before = holders.size > 0;
    if (high) holders.add(source);
    else holders.delete(source);
    if (holders.size > 0 !== before) this.context.setIrq(irq, !before);
  }

  /** A U(S)ART's TX as it reaches the pins that select it as their alternate function. */
  private txPin(pins: readonly AlternatePin[]): Usart['txPin'] {
    return {
      routed: () =>
        pins.some(
          ({ port, pin, af }) =>
            this.gpio[port]?.mode(pin) === MODE_ALTERNATE &&
            this.gpio[port].alternateFunction(pin) === af,
        ),
      drive: (high) => {
        for (const { port, pin, af } of pins) this.gpio[port]?.setAlternateOutput(pin, af, high);
      },
    };
  }

  /** The U(S)ART on the board's virtual COM port (USART3 on the Nucleo). */
  get console(): Usart | undefined {
    return this.usarts[this.board.console.usart];
  }

  /** The board's buttons rest released: an active-high button's pin reads low. */
  private wireBoard(): void {
    for (const button of this.board.buttons) {
      this.gpio[button.port]?.drive(button.pin, !button.activeHigh);
    }
  }

  /** Presses or releases a board button by name ("B1"). */
  press(name: string, pressed: boolean): void {
    const button = this.board.buttons.find((b) => b.name === name);
    if (button === undefined) throw new Error(`${this.board.name} has no button ${name}`);
    this.gpio[button.port].drive(button.pin, pressed === button.activeHigh);
  }

  /** Whether a board LED is lit now. */
  ledLit(name: string): boolean {
    const led = this.board.leds.find((l) => l.name === name);
    if (led === undefined) throw new Error(`${this.board.name} has no LED ${name}`);
    return (this.gpio[led.port].level(led.pin) === 1) === led.activeHigh;
  }

  reset(kind: ResetKind = 'power'): void {
    for (const model of this.all) {
      if (model === this.rcc) this.rcc.reset(kind);
      else model.reset();
    }
    this.wireBoard();
  }
}
