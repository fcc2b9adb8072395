import { Alarm, type Scheduler } from '../time/scheduler.ts';
import type { Clocks } from './clocks.ts';
import type { Diagnostics } from './diagnostics.ts';
import { RegisterBlock } from './register-block.ts';
import {
  CCER_CCE,
  CCER_CCP,
  CCMR_CCS,
  CCMR_OCM_SHIFT,
  CR1_CEN,
  CR1_CMS_SHIFT,
  CR1_DIR,
  CR1_OPM,
  CR1_UDIS,
  DIER_BIE,
  DIER_CC1IE,
  DIER_UIE,
  OC_ACTIVE_ON_MATCH,
  OC_FORCE_ACTIVE,
  OC_FORCE_INACTIVE,
  OC_FROZEN,
  OC_INACTIVE_ON_MATCH,
  OC_PWM1,
  OC_PWM2,
  OC_TOGGLE,
  SR_B2IF,
  SR_CC1IF,
  SR_CC5IF,
  SR_UIF,
  TIMER_IRQ_FLAGS,
  type TimerKind,
  type TimerSpec,
} from './timer-registers.ts';

/** Told when a channel's output changes: channel 1-4, OCx or OCxN, its new level. */
export type OutputListener = (channel: number, complementary: boolean, level: boolean) => void;

export interface TimerOptions extends TimerSpec {
  name: string;
  /** The APB bus whose timer clock (TIMxCLK) drives it. */
  apb: 1 | 2;
  /** Its interrupt lines by the chip table's names: `global`, or `brk`, `up`, `trg`, `cc`. */
  irqs: Record<string, number>;
  clocks: Clocks;
  scheduler: Scheduler;
  setIrq(irq: number, high: boolean): void;
  diagnostics: Diagnostics;
}

/**
 * The time base and compare channels that TIM1-TIM14 share (RM0385 chapters 22-25); `Timer`
 * (timer.ts) puts their registers on the bus, and `TimerKind` says which registers and bits a
 * kind has. The counter is not stepped: it is anchored (a value and a direction at a cycle
 * where a count begins) and computed from the core's cycle counter when read. Between two
 * overflows it moves one way, so the next overflow and each channel's next compare match are
 * found by arithmetic; an alarm is set at the first of them only when something must happen on
 * time (an enabled interrupt, a pin driven by a channel). Flags that nobody waits for are
 * brought up to date when the timer is next accessed, whole periods at a time. One count lasts
 * (PSC + 1) * HCLK / TIMxCLK cycles.
 */
export abstract class TimerCounter extends RegisterBlock {
  protected readonly kind: TimerKind;
  protected readonly channels: number;
  protected readonly max: number;
  private readonly alarm: Alarm;
  private readonly irqLines: number[] = [];
  private readonly irqFlags: number[] = [];
  private readonly irqLevels: Uint8Array;

  protected cr1 = 0;
  protected cr2 = 0;
  protected dier = 0;
  protected sr = 0;
  protected ccmr1 = 0;
  protected ccmr2 = 0;
  protected ccmr3 = 0;
  protected ccer = 0;
  protected psc = 0;
  protected arr = 0;
  protected readonly ccr = new Uint32Array(6);
  /** The shadow (active) registers that the preload registers feed at update events. */
  private pscActive = 0;
  protected arrActive = 0;
  protected readonly ccrActive = new Uint32Array(6);
  /** OCxREF of channels in modes that hold it (frozen, on-match, forced). */
  protected readonly ocref = new Uint8Array(6);
  /** The levels listeners last heard: OC1-OC4, then OC1N-OC4N. */
  private readonly outputs = new Uint8Array(8);
  /** Whether channels have complementary outputs OCxN (TIM1/TIM8). */
  protected complementary = false;

  // The counter: `anchorValue` at `anchorCycle` (where a count begins), moving down or up.
  private running = false;
  protected anchorCycle = 0;
  protected anchorValue = 0;
  protected anchorDown = false;
  /** Counts since the anchor whose compare matches have been handled. */
  protected processed = 0;
  private cyclesPerCount = 1;
  /** The latest time the counter was brought to. */
  private syncedTo = 0;
  /** Something the outputs, the interrupt or the alarm depend on changed while syncing. */
  protected changed = false;

  // The run from the anchor to the next overflow, underflow or wrap (see `segment`).
  private segLength = 0;
  private segEnd = 0;
  protected segDown = false;
  private segEndDown = false;
  private segUpdate = false;

  /** Where channel outputs go (the chip routes them to GPIO pins). */
  onOutput: OutputListener | null = null;

  constructor(protected readonly options: TimerOptions) {
    super();
    const kind = options.kind;
    this.kind = kind;
    this.channels = kind.channels;
    this.max = options.bits === 32 ? 0xffff_ffff : 0xffff;
    for (const [name, irq] of Object.entries(options.irqs)) {
      const flags = TIMER_IRQ_FLAGS[name];
      if (flags === undefined) throw new Error(`${options.name}: no interrupt line "${name}"`);
      this.irqLines.push(irq);
      this.irqFlags.push(flags);
    }
    this.irqLevels = new Uint8Array(this.irqLines.length);
    this.alarm = new Alarm(options.name, (at) => this.alarmFired(at));
    options.clocks.onChange(() => this.clocksChanged());
    this.reset();
  }

  get name(): string {
    return this.options.name;
  }

  reset(): void {
    this.options.scheduler.cancel(this.alarm);
    this.cr1 = 0;
    this.cr2 = 0;
    this.dier = 0;
    this.sr = 0;
    this.ccmr1 = 0;
    this.ccmr2 = 0;
    this.ccmr3 = 0;
    this.ccer = 0;
    this.psc = 0;
    this.pscActive = 0;
    // ARR resets to all ones (RM0385; the SVD's 0 is one of its known mistakes).
    this.arr = this.max;
    this.arrActive = this.max;
    this.ccr.fill(0);
    this.ccrActive.fill(0);
    this.ocref.fill(0);
    this.outputs.fill(0);
    this.running = false;
    this.anchorCycle = 0;
    this.anchorValue = 0;
    this.anchorDown = false;
    this.processed = 0;
    this.syncedTo = 0;
    this.cyclesPerCount = this.countCycles();
    this.irqLevels.fill(0);
    for (const irq of this.irqLines) this.options.setIrq(irq, false);
  }

  // --- Hooks for the advanced-control timers ------------------------------------------------

  /** At each overflow or underflow: whether it is an update event (the repetition counter). */
  protected repetitionEnds(): boolean {
    return true;
  }

  /** `overflows` more overflows skipped at once: whether an update event was among them. */
  protected repetitionsSkipped(overflows: number): boolean {
    return overflows > 0;
  }

  /** An update event happened (after the preloads loaded). */
  protected updated(): void {}

  /** UG re-initialized the counter. */
  protected counterInitialized(): void {}

  /** Whether anything waits for the overflows (the update interrupt). */
  protected watchesOverflows(): boolean {
    return (this.dier & DIER_UIE) !== 0;
  }

  /** Whether channel `ch`'s outputs are enabled at all. */
  protected outputsEnabled(ch: number): boolean {
    return ((this.ccer >>> (4 * ch)) & CCER_CCE) !== 0;
  }

  /** OCx from OCxREF: CCxE gates it, CCxP inverts it. */
  protected outputLevel(ch: number, ref: number): number {
    const ccer = this.ccer >>> (4 * ch);
    if ((ccer & CCER_CCE) === 0 || !this.isOutput(ch)) return 0;
    return ref ^ (ccer & CCER_CCP ? 1 : 0);
  }

  /** OCxN from OCxREF (advanced-control timers only). */
  protected complementaryLevel(_ch: number, _ref: number): number {
    return 0;
  }

  // --- Time -----------------------------------------------------------------------------

  private get timerHz(): number {
    const { clocks } = this.options;
    return this.options.apb === 1 ? clocks.timclk1Hz : clocks.timclk2Hz;
  }

  /** HCLK cycles per count: the prescaler divides TIMxCLK by PSC + 1. */
  private countCycles(): number {
    return ((this.pscActive + 1) * this.options.clocks.hclkHz) / this.timerHz;
  }

  protected get centerAligned(): boolean {
    return ((this.cr1 >>> CR1_CMS_SHIFT) & 3) !== 0;
  }

  /**
   * The run of counts from the anchor to its end: an overflow (up to ARR, then 0), an
   * underflow (down to 0, then ARR), a center-aligned turn, or a wrap past the counter's
   * maximum when it starts above ARR (no update event there). Counts 1 .. segLength - 1 move
   * one way; count segLength lands on `segEnd` (RM0385 23.3.2).
   */
  private segment(): void {
    const v = this.anchorValue;
    const arr = this.arrActive;
    if (this.centerAligned) {
      const down = v >= arr ? true : v === 0 ? false : this.anchorDown;
      this.segDown = down;
      this.segLength = down ? v : arr - v;
      this.segEnd = down ? 0 : arr;
      this.segEndDown = !down;
      this.segUpdate = true;
    } else if (this.cr1 & CR1_DIR) {
      this.segDown = true;
      this.segLength = v + 1;
      this.segEnd = arr;
      this.segEndDown = true;
      this.segUpdate = true;
    } else {
      this.segDown = false;
      this.segLength = v <= arr ? arr - v + 1 : this.max - v + 1;
      this.segEnd = 0;
      this.segEndDown = false;
      this.segUpdate = v <= arr;
    }
  }

  /** Counts begun since the anchor by cycle `t`. */
  private countsAt(t: number): number {
    return Math.floor((t - this.anchorCycle) / this.cyclesPerCount);
  }

  /** The counter at `t`, once synced to `t`; `segDown` then tells which way it counts. */
  protected valueAt(t: number): number {
    this.segment();
    if (!this.running) return this.anchorValue;
    const n = this.countsAt(t);
    if (n <= 0) return this.anchorValue;
    return this.segDown ? this.anchorValue - n : this.anchorValue + n;
  }

  /** Brings the counter, the flags and OCxREF to cycle `t`, event by event. */
  protected sync(t: number): void {
    if (t < this.syncedTo) t = this.syncedTo;
    this.syncedTo = t;
    while (this.running) {
      this.segment();
      const n = this.countsAt(t);
      const length = this.segLength;
      if (n < length) {
        if (n > this.processed) this.matches(n);
        return;
      }
      if (length - 1 > this.processed) this.matches(length - 1);
      this.endSegment();
      this.skipPeriods(t);
    }
  }

  /** Compare matches at counts processed + 1 .. upTo of the current run (RM0385 23.3, output compare mode). */
  private matches(upTo: number): void {
    const v = this.anchorValue;
    for (let ch = 0; ch < this.channels; ch++) {
      if (!this.isOutput(ch)) continue;
      const c = this.ccrActive[ch];
      const i = this.segDown ? v - c : c - v;
      if (i > this.processed && i <= upTo) this.match(ch, this.segDown);
    }
    this.processed = upTo;
  }

  private match(ch: number, down: boolean): void {
    // Center-aligned modes 1, 2, 3 set CCxIF counting down, up, or both (RM0385 23.4.1, CMS).
    const cms = (this.cr1 >>> CR1_CMS_SHIFT) & 3;
    if (cms === 0 || (down ? cms & 1 : cms & 2)) this.sr |= ccFlag(ch);
    const mode = this.mode(ch);
    if (mode === OC_ACTIVE_ON_MATCH) this.ocref[ch] = 1;
    else if (mode === OC_INACTIVE_ON_MATCH) this.ocref[ch] = 0;
    else if (mode === OC_TOGGLE) this.ocref[ch] ^= 1;
    this.changed = true;
  }

  /** The run ends: the counter lands on its end value, with an update event unless a wrap. */
  private endSegment(): void {
    const down = this.segDown;
    this.anchorCycle += this.segLength * this.cyclesPerCount;
    this.anchorValue = this.segEnd;
    this.anchorDown = this.segEndDown;
    this.processed = 0;
    this.changed = true;
    if (this.segUpdate) this.overflow();
    for (let ch = 0; ch < this.channels; ch++) {
      if (this.isOutput(ch) && this.ccrActive[ch] === this.anchorValue) this.match(ch, down);
    }
  }

  /**
   * Counter overflow or underflow (RM0385 23.3.2): the update event (on the advanced timers,
   * once the repetition counter runs out), one-pulse mode.
   */
  private overflow(): void {
    if (!this.repetitionEnds()) return;
    if ((this.cr1 & CR1_UDIS) === 0) {
      this.loadShadows();
      this.sr |= SR_UIF;
      // Counting down, the counter reloads from the new ARR.
      if (!this.centerAligned && this.cr1 & CR1_DIR) this.anchorValue = this.arrActive;
      this.updated();
    }
    if (this.cr1 & CR1_OPM) {
      // One-pulse mode: the counter stops at the update event (RM0385 23.3, one-pulse mode).
      this.cr1 &= ~CR1_CEN;
      this.running = false;
    }
  }

  /** The update event copies the preload registers into the shadow registers. */
  protected loadShadows(): void {
    this.pscActive = this.psc;
    this.cyclesPerCount = this.countCycles();
    this.arrActive = this.arr;
    for (let ch = 0; ch < this.channels; ch++) this.ccrActive[ch] = this.ccr[ch] & this.max;
  }

  private shadowsPending(): boolean {
    if (this.psc !== this.pscActive || this.arr !== this.arrActive) return true;
    for (let ch = 0; ch < this.channels; ch++) {
      if ((this.ccr[ch] & this.max) !== this.ccrActive[ch]) return true;
    }
    return false;
  }

  /**
   * After an update event, nothing changes from one period to the next unless a preload
   * waits or one-pulse mode stops the counter: whole periods up to `t` are skipped but the
   * last, which runs event by event. Toggling outputs keep the parity of their matches.
   */
  private skipPeriods(t: number): void {
    if (!this.running || this.cr1 & CR1_OPM) return;
    if ((this.cr1 & CR1_UDIS) === 0 && this.shadowsPending()) return;
    const arr = this.arrActive;
    const period = this.centerAligned ? 2 * arr : arr + 1;
    const periods = Math.floor((t - this.anchorCycle) / (period * this.cyclesPerCount));
    if (periods < 2) return;
    const skipped = periods - 1;
    for (let ch = 0; ch < this.channels; ch++) {
      if (!this.isOutput(ch) || this.mode(ch) !== OC_TOGGLE || (skipped & 1) === 0) continue;
      const c = this.ccrActive[ch];
      const perPeriod = c > arr ? 0 : this.centerAligned && c > 0 && c < arr ? 2 : 1;
      if (perPeriod === 1) this.ocref[ch] ^= 1;
    }
    this.anchorCycle += skipped * period * this.cyclesPerCount;
    const overflows = this.centerAligned ? 2 * skipped : skipped;
    if (this.repetitionsSkipped(overflows) && (this.cr1 & CR1_UDIS) === 0) {
      this.sr |= SR_UIF;
      this.updated();
    }
  }

  /** Moves the anchor to the count under way at `now` (before a change of how it counts). */
  protected reanchor(now: number): void {
    if (!this.running) return;
    const value = this.valueAt(now);
    const n = Math.max(0, this.countsAt(now));
    this.anchorCycle += n * this.cyclesPerCount;
    this.anchorValue = value;
    this.anchorDown = this.segDown;
    this.processed = 0;
  }

  /** The counter runs while CEN is set, and is blocked while ARR is 0 (RM0385 23.4.12). */
  protected updateRunning(now: number): void {
    const run = (this.cr1 & CR1_CEN) !== 0 && this.arrActive !== 0;
    if (run === this.running) return;
    if (run) {
      this.anchorCycle = now;
      this.processed = 0;
    } else {
      this.anchorValue = this.valueAt(now);
      this.anchorDown = this.segDown;
    }
    this.running = run;
  }

  private clocksChanged(): void {
    const now = this.options.scheduler.now();
    this.sync(now);
    const cycles = this.countCycles();
    if (cycles === this.cyclesPerCount) return;
    if (this.running) {
      // The count under way keeps the fraction it has done, at the new rate.
      const value = this.valueAt(now);
      const n = Math.max(0, this.countsAt(now));
      const done = (now - (this.anchorCycle + n * this.cyclesPerCount)) / this.cyclesPerCount;
      this.anchorValue = value;
      this.anchorDown = this.segDown;
      this.processed = 0;
      this.anchorCycle = now - done * cycles;
    }
    this.cyclesPerCount = cycles;
    this.settle(now);
  }

  // --- Channels, outputs, interrupt, alarm -----------------------------------------------

  protected ccmr(ch: number): number {
    const reg = ch < 2 ? this.ccmr1 : ch < 4 ? this.ccmr2 : this.ccmr3;
    return (reg >>> (8 * (ch & 1))) & 0xff;
  }

  /** Channels 5 and 6 are outputs only. */
  protected isOutput(ch: number): boolean {
    return (this.ccmr(ch) & CCMR_CCS) === 0;
  }

  /** OCxM, with bit 3 (the F7's extra modes) above it. */
  protected mode(ch: number): number {
    const reg = ch < 2 ? this.ccmr1 : ch < 4 ? this.ccmr2 : this.ccmr3;
    const high = (reg >>> (16 + 8 * (ch & 1))) & 1;
    return (high << 3) | ((this.ccmr(ch) >>> CCMR_OCM_SHIFT) & 7);
  }

  /** OCxREF now: PWM modes from the counter (RM0385 23.3, PWM mode), the others as held. */
  protected reference(ch: number, now: number): number {
    const mode = this.mode(ch);
    if (mode !== OC_PWM1 && mode !== OC_PWM2) return this.ocref[ch];
    const value = this.valueAt(now);
    const c = this.ccrActive[ch];
    // PWM mode 1: active while CNT < CCR counting up, while CNT <= CCR counting down.
    const active = this.segDown ? value <= c : value < c;
    return (mode === OC_PWM1) === active ? 1 : 0;
  }

  /** Whether channel `ch` drives a pin with a level that moves on matches or updates. */
  private drives(ch: number): boolean {
    if (this.onOutput === null || ch >= 4 || !this.isOutput(ch)) return false;
    if (!this.outputsEnabled(ch)) return false;
    const mode = this.mode(ch);
    return mode !== OC_FROZEN && mode !== OC_FORCE_ACTIVE && mode !== OC_FORCE_INACTIVE && mode < 8;
  }

  private updateOutputs(now: number): void {
    const pinned = this.channels < 4 ? this.channels : 4;
    for (let ch = 0; ch < pinned; ch++) {
      const ref = this.isOutput(ch) ? this.reference(ch, now) : 0;
      this.report(ch, 0, this.outputLevel(ch, ref));
      if (this.complementary) this.report(ch, 4, this.complementaryLevel(ch, ref));
    }
  }

  private report(ch: number, offset: 0 | 4, level: number): void {
    if (level === this.outputs[ch + offset]) return;
    this.outputs[ch + offset] = level;
    this.onOutput?.(ch + 1, offset === 4, level === 1);
  }

  private updateIrq(): void {
    // BIE enables both break flags (RM0385, TIMx_DIER).
    const enabled = (this.dier & 0xff) | (this.dier & DIER_BIE ? SR_B2IF : 0);
    const pending = this.sr & enabled;
    for (let i = 0; i < this.irqLines.length; i++) {
      const level = (pending & this.irqFlags[i]) !== 0 ? 1 : 0;
      if (level === this.irqLevels[i]) continue;
      this.irqLevels[i] = level;
      this.options.setIrq(this.irqLines[i], level === 1);
    }
  }

  /**
   * Sets the alarm at the next event someone waits for: the end of the run when the update
   * interrupt is enabled or a channel drives a pin, a channel's match when its interrupt is
   * enabled or it drives a pin.
   */
  private arm(): void {
    const scheduler = this.options.scheduler;
    if (!this.running) {
      scheduler.cancel(this.alarm);
      return;
    }
    this.segment();
    const v = this.anchorValue;
    let next = Number.POSITIVE_INFINITY;
    let watchEnd = this.watchesOverflows();
    for (let ch = 0; ch < this.channels; ch++) {
      const interrupt = ch < 4 && (this.dier & (DIER_CC1IE << ch)) !== 0;
      if (!interrupt && !this.drives(ch)) continue;
      if (!this.isOutput(ch)) continue;
      watchEnd = true;
      const c = this.ccrActive[ch];
      const i = this.segDown ? v - c : c - v;
      if (i > this.processed && i < this.segLength && i < next) next = i;
    }
    if (watchEnd && this.segLength < next) next = this.segLength;
    if (next === Number.POSITIVE_INFINITY) scheduler.cancel(this.alarm);
    else scheduler.schedule(this.alarm, Math.ceil(this.anchorCycle + next * this.cyclesPerCount));
  }

  private alarmFired(atCycle: number): void {
    this.sync(atCycle);
    this.settle(this.syncedTo);
  }

  /** After a change: the outputs, the interrupt lines and the alarm follow. */
  protected settle(now: number): void {
    this.changed = false;
    this.updateOutputs(now);
    this.updateIrq();
    this.arm();
  }
}

/** Channel `ch`'s CCxIF: bits 1-4, then CC5IF and CC6IF at bits 16 and 17. */
function ccFlag(ch: number): number {
  return ch < 4 ? SR_CC1IF << ch : SR_CC5IF << (ch - 4);
}
