/**
 * Every GPIO pin change with its emulated time, and the board's nets by name: an LED lit or
 * dark, a button pressed or released. `--trace-gpio` prints the changes as they happen, `--vcd`
 * writes them as a Value Change Dump, and the demos' tests read them.
 */
import type { Machine } from '../chip/machine.ts';

export interface Signal {
  /** PB0, or a board net: LD1, B1. */
  name: string;
  kind: 'pin' | 'led' | 'button';
  /** GPIOB, or the board's name for its nets. */
  group: string;
  /** The level at the start of the trace. */
  initial: number;
}

export interface Change {
  atSeconds: number;
  /** Index into `signals`. */
  signal: number;
  level: number;
}

const WORDS = {
  pin: ['0', '1'],
  led: ['dark', 'lit'],
  button: ['released', 'pressed'],
};

export class GpioTrace {
  readonly signals: Signal[] = [];
  readonly changes: Change[] = [];
  /** Told about each change as it happens (--trace-gpio). */
  onChange: (change: Change) => void = () => {};
  /** Signal indexes by pin ("B0") and by board net ("LD1", "B1"). */
  private readonly pins = new Map<string, number>();
  private readonly nets = new Map<string, number>();
  /** The LED on a pin, if any. */
  private readonly ledOnPin = new Map<string, string>();

  /** Starts listening: the levels now are the initial ones. */
  constructor(private readonly machine: Machine) {
    const { chip, board } = machine;
    for (const led of board.leds) {
      this.nets.set(led.name, this.add(led.name, 'led', board.name, chip.ledLit(led.name)));
      this.ledOnPin.set(`${led.port}${led.pin}`, led.name);
    }
    for (const b of board.buttons) {
      const pressed = chip.gpio[b.port].level(b.pin) === (b.activeHigh ? 1 : 0);
      this.nets.set(b.name, this.add(b.name, 'button', board.name, pressed));
    }
    for (const [letter, port] of Object.entries(chip.gpio)) {
      for (let pin = 0; pin < 16; pin++) {
        const signal = this.add(`P${letter}${pin}`, 'pin', `GPIO${letter}`, port.level(pin) === 1);
        this.pins.set(`${letter}${pin}`, signal);
      }
      port.onPinChange((l, pin, level) => this.pinChanged(l, pin, level));
    }
  }

  private add(name: string, kind: Signal['kind'], group: string, high: boolean): number {
    this.signals.push({ name, kind, group, initial: high ? 1 : 0 });
    return this.signals.length - 1;
  }

  private record(signal: number, level: number): void {
    const change = { atSeconds: this.machine.seconds, signal, level };
    this.changes.push(change);
    this.onChange(change);
  }

  private pinChanged(letter: string, pin: number, level: number): void {
    this.record(this.pins.get(`${letter}${pin}`)!, level);
    const led = this.ledOnPin.get(`${letter}${pin}`);
    if (led !== undefined) this.record(this.nets.get(led)!, this.machine.chip.ledLit(led) ? 1 : 0);
  }

  /** A board button pressed or released: the trace keeps its state, not its pin's level. */
  button(name: string, pressed: boolean): void {
    const signal = this.nets.get(name);
    if (signal !== undefined) this.record(signal, pressed ? 1 : 0);
  }

  /** The changes of one signal by name (PB0, LD1, B1), in time order. */
  of(name: string): Change[] {
    const signal = this.signals.findIndex((s) => s.name === name);
    return this.changes.filter((c) => c.signal === signal);
  }

  /** One change as a line: `0.500003125 s  PB0 1`, `0.500003125 s  LD1 lit`. */
  describe(change: Change): string {
    const s = this.signals[change.signal];
    return `${change.atSeconds.toFixed(9)} s  ${s.name} ${WORDS[s.kind][change.level]}`;
  }
}
