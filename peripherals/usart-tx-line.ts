import { Alarm, type Scheduler } from '../time/scheduler.ts';

/** The TX pin as the chip wires it. */
export interface TxPin {
  /** Whether a pin is in this U(S)ART's alternate function now: only then is a waveform drawn. */
  routed(): boolean;
  /** Drives the pins that select this U(S)ART's TX. */
  drive(high: boolean): void;
}

/**
 * A U(S)ART's TX line (RM0385, USART character description): high while idle, then for each
 * frame a low start bit, the data bits LSB first (the parity bit last, when PCE), and high
 * again for the stop bits. Each level change is a scheduled event at its bit boundary, so a
 * trace or a VCD shows the frame as a logic analyser would; bits that repeat the level cost
 * nothing.
 */
export class UsartTxLine {
  private readonly alarm: Alarm;
  /** The level the pin was last driven to. */
  private high = false;
  /** Levels of bit slots 0 .. slots - 1 (slot 0 is the start bit); after them the line is high. */
  private pattern = 0;
  private slots = 0;
  /** The slot whose level is driven next. */
  private next = 0;
  /** Where slot 0 began, and a bit's length, in HCLK cycles (fractional). */
  private startCycle = 0;
  private bitCycles = 0;

  constructor(
    name: string,
    private readonly scheduler: Scheduler,
    private readonly pin: () => TxPin | null,
  ) {
    this.alarm = new Alarm(`${name} TX line`, () => this.edge());
  }

  reset(): void {
    this.scheduler.cancel(this.alarm);
    this.slots = 0;
    // The pins' alternate levels reset too.
    this.high = false;
  }

  /** The transmitter is enabled: the line idles high. */
  idle(): void {
    this.scheduler.cancel(this.alarm);
    this.slots = 0;
    this.drive(true);
  }

  /**
   * A frame begins at `atCycle`: `slots` bit slots whose levels are the bits of `pattern`
   * (bit 0 the start bit), then stop bits; `bitCycles` HCLK cycles a bit.
   */
  start(atCycle: number, pattern: number, slots: number, bitCycles: number): void {
    const pin = this.pin();
    if (pin === null || !pin.routed()) return;
    this.pattern = pattern;
    this.slots = slots;
    this.startCycle = atCycle;
    this.bitCycles = bitCycles;
    this.next = 0;
    this.edge();
  }

  /** After a clock change at `now`: the bits still to come stretch by `after / before`. */
  rescale(now: number, before: number, after: number): void {
    if (!this.alarm.scheduled || before === after) return;
    const f = after / before;
    this.startCycle = now + (this.startCycle - now) * f;
    this.bitCycles *= f;
    this.schedule();
  }

  private level(slot: number): boolean {
    return slot >= this.slots || ((this.pattern >>> slot) & 1) === 1;
  }

  /** Drives slot `next`, then waits for the next slot with another level. */
  private edge(): void {
    const level = this.level(this.next);
    this.drive(level);
    let slot = this.next + 1;
    while (slot < this.slots && this.level(slot) === level) slot++;
    if (slot > this.slots || (slot === this.slots && level)) {
      this.slots = 0;
      return;
    }
    this.next = slot;
    this.schedule();
  }

  private schedule(): void {
    this.scheduler.schedule(this.alarm, Math.round(this.startCycle + this.next * this.bitCycles));
  }

  private drive(high: boolean): void {
    if (high === this.high) return;
    this.high = high;
    this.pin()?.drive(high);
  }
}
