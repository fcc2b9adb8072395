import { Alarm, type Scheduler } from '../time/scheduler.ts';
import type { Clocks } from './clocks.ts';
import type { Diagnostics } from './diagnostics.ts';
import { merge, RegisterBlock } from './register-block.ts';

/** TIMx registers (RM0385 23.4 and 25.4; ../shared/reference section 3.6). */
export const TIM_CR1 = 0x00;
export const TIM_CR2 = 0x04;
export const TIM_SMCR = 0x08;
export const TIM_DIER = 0x0c;
export const TIM_SR = 0x10;
export const TIM_EGR = 0x14;
export const TIM_CCMR1 = 0x18;
export const TIM_CCMR2 = 0x1c;
export const TIM_CCER = 0x20;
export const TIM_CNT = 0x24;
export const TIM_PSC = 0x28;
export const TIM_ARR = 0x2c;
export const TIM_CCR1 = 0x34;
export const TIM_CCR4 = 0x40;
export const TIM_DCR = 0x48;
export const TIM_DMAR = 0x4c;
export const TIM_OR = 0x50;

// TIMx_CR1
export const CR1_CEN = 1 << 0;
export const CR1_UDIS = 1 << 1;
export const CR1_URS = 1 << 2;
export const CR1_OPM = 1 << 3;
export const CR1_DIR = 1 << 4;
export const CR1_CMS_SHIFT = 5;
export const CR1_ARPE = 1 << 7;
export const CR1_UIFREMAP = 1 << 11;
// TIMx_DIER, TIMx_SR, TIMx_EGR: update, channels 1-4 (bits 1-4), trigger
export const DIER_UIE = 1 << 0;
export const DIER_CC1IE = 1 << 1;
export const SR_UIF = 1 << 0;
export const SR_CC1IF = 1 << 1;
export const SR_TIF = 1 << 6;
export const SR_CC1OF = 1 << 9;
export const EGR_UG = 1 << 0;
export const EGR_CC1G = 1 << 1;
export const EGR_TG = 1 << 6;
// TIMx_SMCR
const SMCR_SMS = 0x7 | (1 << 16);
const SMCR_ECE = 1 << 14;
// TIMx_CCMRx, per channel byte: CCxS [1:0], OCxPE bit 3, OCxM [6:4]; OCxM[3] at bit 16 / 24
const CCMR_CCS = 0x3;
const CCMR_OCPE = 1 << 3;
const CCMR_OCM_SHIFT = 4;
// TIMx_CCER, per channel nibble: CCxE bit 0, CCxP bit 1
const CCER_CCE = 1 << 0;
const CCER_CCP = 1 << 1;

/** Output compare modes, OCxM (RM0385 23.4.7). */
export const OC_FROZEN = 0;
export const OC_ACTIVE_ON_MATCH = 1;
export const OC_INACTIVE_ON_MATCH = 2;
export const OC_TOGGLE = 3;
export const OC_FORCE_INACTIVE = 4;
export const OC_FORCE_ACTIVE = 5;
export const OC_PWM1 = 6;
export const OC_PWM2 = 7;

/** The STM32F7's TIM2-TIM7 (RM0385 chapters 23 and 25). */
export const STM32F7_TIMERS: Record<string, { kind: 'general' | 'basic'; bits: 16 | 32 }> = {
  TIM2: { kind: 'general', bits: 32 },
  TIM3: { kind: 'general', bits: 16 },
  TIM4: { kind: 'general', bits: 16 },
  TIM5: { kind: 'general', bits: 32 },
  TIM6: { kind: 'basic', bits: 16 },
  TIM7: { kind: 'basic', bits: 16 },
};

export interface TimerPin {
  port: string;
  pin: number;
  /** The alternate function that routes the channel to the pin. */
  af: number;
}

const pins = (af: number, ...names: string[]): TimerPin[] =>
  names.map((n) => ({ port: n[1], pin: Number(n.slice(2)), af }));

/**
 * Where each channel (CH1-CH4) of TIM2-TIM5 comes out on the STM32F746, with its alternate
 * function (datasheet DS10916 table 12, as ST's CubeMX database lists it).
 */
export const STM32F746_TIMER_PINS: Record<string, readonly TimerPin[][]> = {
  TIM2: [
    pins(1, 'PA0', 'PA5', 'PA15'),
    pins(1, 'PA1', 'PB3'),
    pins(1, 'PA2', 'PB10'),
    pins(1, 'PA3', 'PB11'),
  ],
  TIM3: [
    pins(2, 'PA6', 'PB4', 'PC6'),
    pins(2, 'PA7', 'PB5', 'PC7'),
    pins(2, 'PB0', 'PC8'),
    pins(2, 'PB1', 'PC9'),
  ],
  TIM4: [
    pins(2, 'PB6', 'PD12'),
    pins(2, 'PB7', 'PD13'),
    pins(2, 'PB8', 'PD14'),
    pins(2, 'PB9', 'PD15'),
  ],
  TIM5: [
    pins(2, 'PA0', 'PH10'),
    pins(2, 'PA1', 'PH11'),
    pins(2, 'PA2', 'PH12'),
    pins(2, 'PA3', 'PI0'),
  ],
};

/** Told when a channel's output OCx changes: channel 1-4, its new level. */
export type OutputListener = (channel: number, level: boolean) => void;

export interface TimerOptions {
  name: string;
  /** 'general': TIM2-TIM5, four channels, up, down and center-aligned; 'basic': TIM6/TIM7. */
  kind: 'general' | 'basic';
  /** Counter, ARR and CCR width. */
  bits: 16 | 32;
  /** The APB bus whose timer clock (TIMxCLK) drives it. */
  apb: 1 | 2;
  irq: number;
  clocks: Clocks;
  scheduler: Scheduler;
  setIrq(irq: number, high: boolean): void;
  diagnostics: Diagnostics;
}

/**
 * A general-purpose (TIM2-TIM5) or basic (TIM6/TIM7) timer. The counter is not stepped: it is
 * anchored (a value and a direction at a cycle where a count begins) and computed from the
 * core's cycle counter when read. Between two update events it moves one way, so the next
 * update event and each channel's next compare match are found by arithmetic; an alarm is set
 * at the first of them only when something must happen on time (an enabled interrupt, a pin
 * driven by a channel). Flags that nobody waits for are brought up to date when the timer is
 * next accessed, whole periods at a time. One count lasts (PSC + 1) * HCLK / TIMxCLK cycles.
 */
export class Timer extends RegisterBlock {
  private readonly channels: number;
  private readonly max: number;
  private readonly cr1Mask: number;
  private readonly alarm: Alarm;

  private cr1 = 0;
  private cr2 = 0;
  private smcr = 0;
  private dier = 0;
  private sr = 0;
  private ccmr1 = 0;
  private ccmr2 = 0;
  private ccer = 0;
  private psc = 0;
  private arr = 0;
  private dcr = 0;
  private or = 0;
  private readonly ccr = new Uint32Array(4);
  /** The shadow (active) registers that the preload registers feed at update events. */
  private pscActive = 0;
  private arrActive = 0;
  private readonly ccrActive = new Uint32Array(4);
  /** OCxREF of channels in modes that hold it (frozen, on-match, forced). */
  private readonly ocref = new Uint8Array(4);
  /** The OCx levels listeners last heard. */
  private readonly outputs = new Uint8Array(4);
  private irqLevel = false;

  // The counter: `anchorValue` at `anchorCycle` (where a count begins), moving down or up.
  private running = false;
  private anchorCycle = 0;
  private anchorValue = 0;
  private anchorDown = false;
  /** Counts since the anchor whose compare matches have been handled. */
  private processed = 0;
  private cyclesPerCount = 1;
  /** The latest time the counter was brought to. */
  private syncedTo = 0;
  /** Something the outputs, the interrupt or the alarm depend on changed while syncing. */
  private changed = false;

  // The run from the anchor to the next overflow, underflow or wrap (see `segment`).
  private segLength = 0;
  private segEnd = 0;
  private segDown = false;
  private segEndDown = false;
  private segUpdate = false;

  /** Where channel outputs go (the chip routes them to GPIO pins). */
  onOutput: OutputListener | null = null;

  constructor(private readonly options: TimerOptions) {
    super();
    const general = options.kind === 'general';
    this.channels = general ? 4 : 0;
    this.max = options.bits === 32 ? 0xffff_ffff : 0xffff;
    // CEN, UDIS, URS, OPM, ARPE, UIFREMAP; DIR, CMS, CKD on the general-purpose timers.
    this.cr1Mask = general ? 0x0bff : 0x088f;
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
    this.smcr = 0;
    this.dier = 0;
    this.sr = 0;
    this.ccmr1 = 0;
    this.ccmr2 = 0;
    this.ccer = 0;
    this.psc = 0;
    this.pscActive = 0;
    // ARR resets to all ones (RM0385; the SVD's 0 is one of its known mistakes).
    this.arr = this.max;
    this.arrActive = this.max;
    this.dcr = 0;
    this.or = 0;
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
    this.irqLevel = false;
    this.options.setIrq(this.options.irq, false);
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

  private get centerAligned(): boolean {
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
  private valueAt(t: number): number {
    this.segment();
    if (!this.running) return this.anchorValue;
    const n = this.countsAt(t);
    if (n <= 0) return this.anchorValue;
    return this.segDown ? this.anchorValue - n : this.anchorValue + n;
  }

  /** Brings the counter, the flags and OCxREF to cycle `t`, event by event. */
  private sync(t: number): void {
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
    if (cms === 0 || (down ? cms & 1 : cms & 2)) this.sr |= SR_CC1IF << ch;
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

  /** Counter overflow or underflow (RM0385 23.3.2): the update event, one-pulse mode. */
  private overflow(): void {
    if ((this.cr1 & CR1_UDIS) === 0) {
      this.loadShadows();
      this.sr |= SR_UIF;
      // Counting down, the counter reloads from the new ARR.
      if (!this.centerAligned && this.cr1 & CR1_DIR) this.anchorValue = this.arrActive;
    }
    if (this.cr1 & CR1_OPM) {
      // One-pulse mode: the counter stops at the update event (RM0385 23.3, one-pulse mode).
      this.cr1 &= ~CR1_CEN;
      this.running = false;
    }
  }

  /** The update event copies the preload registers into the shadow registers. */
  private loadShadows(): void {
    this.pscActive = this.psc;
    this.cyclesPerCount = this.countCycles();
    this.arrActive = this.arr;
    for (let ch = 0; ch < this.channels; ch++) this.ccrActive[ch] = this.ccr[ch];
  }

  private shadowsPending(): boolean {
    if (this.psc !== this.pscActive || this.arr !== this.arrActive) return true;
    for (let ch = 0; ch < this.channels; ch++) if (this.ccr[ch] !== this.ccrActive[ch]) return true;
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
  }

  /** Moves the anchor to the count under way at `now` (before a change of how it counts). */
  private reanchor(now: number): void {
    if (!this.running) return;
    const value = this.valueAt(now);
    const n = Math.max(0, this.countsAt(now));
    this.anchorCycle += n * this.cyclesPerCount;
    this.anchorValue = value;
    this.anchorDown = this.segDown;
    this.processed = 0;
  }

  /** The counter runs while CEN is set, and is blocked while ARR is 0 (RM0385 23.4.12). */
  private updateRunning(now: number): void {
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

  private ccmr(ch: number): number {
    return ((ch < 2 ? this.ccmr1 : this.ccmr2) >>> (8 * (ch & 1))) & 0xff;
  }

  private isOutput(ch: number): boolean {
    return (this.ccmr(ch) & CCMR_CCS) === 0;
  }

  /** OCxM, with bit 3 (the F7's extra modes) above it. */
  private mode(ch: number): number {
    const reg = ch < 2 ? this.ccmr1 : this.ccmr2;
    const high = (reg >>> (16 + 8 * (ch & 1))) & 1;
    return (high << 3) | ((this.ccmr(ch) >>> CCMR_OCM_SHIFT) & 7);
  }

  /** OCxREF now: PWM modes from the counter (RM0385 23.3, PWM mode), the others as held. */
  private reference(ch: number, now: number): number {
    const mode = this.mode(ch);
    if (mode !== OC_PWM1 && mode !== OC_PWM2) return this.ocref[ch];
    const value = this.valueAt(now);
    const c = this.ccrActive[ch];
    // PWM mode 1: active while CNT < CCR counting up, while CNT <= CCR counting down.
    const active = this.segDown ? value <= c : value < c;
    return (mode === OC_PWM1) === active ? 1 : 0;
  }

  private outputLevel(ch: number, now: number): number {
    const ccer = this.ccer >>> (4 * ch);
    if ((ccer & CCER_CCE) === 0 || !this.isOutput(ch)) return 0;
    return this.reference(ch, now) ^ (ccer & CCER_CCP ? 1 : 0);
  }

  /** Whether channel `ch` drives its pin with a level that moves on matches or updates. */
  private drives(ch: number): boolean {
    if (this.onOutput === null || !this.isOutput(ch)) return false;
    if (((this.ccer >>> (4 * ch)) & CCER_CCE) === 0) return false;
    const mode = this.mode(ch);
    return mode !== OC_FROZEN && mode !== OC_FORCE_ACTIVE && mode !== OC_FORCE_INACTIVE && mode < 8;
  }

  private updateOutputs(now: number): void {
    for (let ch = 0; ch < this.channels; ch++) {
      const level = this.outputLevel(ch, now);
      if (level === this.outputs[ch]) continue;
      this.outputs[ch] = level;
      this.onOutput?.(ch + 1, level === 1);
    }
  }

  private updateIrq(): void {
    const level = (this.sr & this.dier & 0x5f) !== 0;
    if (level === this.irqLevel) return;
    this.irqLevel = level;
    this.options.setIrq(this.options.irq, level);
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
    let watchEnd = (this.dier & DIER_UIE) !== 0;
    for (let ch = 0; ch < this.channels; ch++) {
      if ((this.dier & (DIER_CC1IE << ch)) === 0 && !this.drives(ch)) continue;
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

  /** After a change: the outputs, the interrupt line and the alarm follow. */
  private settle(now: number): void {
    this.changed = false;
    this.updateOutputs(now);
    this.updateIrq();
    this.arm();
  }

  // --- Registers ------------------------------------------------------------------------

  protected readRegister(offset: number): number {
    const now = this.options.scheduler.now();
    this.sync(now);
    if (this.changed) this.settle(now);
    return this.registerValue(offset, now);
  }

  private registerValue(offset: number, now: number): number {
    const general = this.channels > 0;
    switch (offset) {
      case TIM_CR1: {
        if (!this.centerAligned) return this.cr1;
        // In center-aligned mode DIR is read-only and shows the direction counting.
        this.valueAt(now);
        return (this.cr1 & ~CR1_DIR) | (this.segDown ? CR1_DIR : 0);
      }
      case TIM_CR2:
        return this.cr2;
      case TIM_SMCR:
        return general ? this.smcr : 0;
      case TIM_DIER:
        return this.dier;
      case TIM_SR:
        return this.sr;
      case TIM_CCMR1:
        return general ? this.ccmr1 : 0;
      case TIM_CCMR2:
        return general ? this.ccmr2 : 0;
      case TIM_CCER:
        return general ? this.ccer : 0;
      case TIM_CNT: {
        const value = this.valueAt(now);
        // UIFREMAP: bit 31 reads as a copy of UIF (RM0385 23.4.10).
        if (this.cr1 & CR1_UIFREMAP)
          return ((value & 0x7fff_ffff) | ((this.sr & SR_UIF) << 31)) >>> 0;
        return value >>> 0;
      }
      case TIM_PSC:
        return this.psc;
      case TIM_ARR:
        return this.arr;
      case TIM_DCR:
        return general ? this.dcr : 0;
      case TIM_DMAR:
        return general ? this.dmarTarget(now, null) : 0;
      case TIM_OR:
        return this.hasOr ? this.or : 0;
    }
    if (offset >= TIM_CCR1 && offset <= TIM_CCR4 && general)
      return this.ccr[(offset - TIM_CCR1) >>> 2];
    return 0;
  }

  private get hasOr(): boolean {
    return this.options.bits === 32;
  }

  /** DMAR reaches the register at DCR.DBA (RM0385 23.4.18); Loom has no DMA bursts. */
  private dmarTarget(now: number, write: { value: number; mask: number } | null): number {
    const target = (this.dcr & 0x1f) * 4;
    if (target === TIM_DMAR) return 0;
    if (write === null) return this.registerValue(target, now);
    this.writeRegister(target, write.value, write.mask);
    return 0;
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    const now = this.options.scheduler.now();
    this.sync(now);
    const general = this.channels > 0;
    switch (offset) {
      case TIM_CR1:
        this.writeCr1(merge(this.cr1, value, mask & this.cr1Mask), now);
        break;
      case TIM_CR2:
        this.cr2 = merge(this.cr2, value, mask & (general ? 0xf8 : 0x70));
        break;
      case TIM_SMCR:
        if (!general) return;
        this.smcr = merge(this.smcr, value, mask & 0x1_ffff);
        if (this.smcr & (SMCR_SMS | SMCR_ECE)) {
          this.options.diagnostics.once(
            `tim-smcr:${this.name}`,
            `${this.name}_SMCR selects a slave mode or an external clock, which Loom does not ` +
              `model: the counter runs on its internal clock`,
          );
        }
        break;
      case TIM_DIER:
        this.dier = merge(this.dier, value, mask & (general ? 0x5f5f : 0x0101));
        break;
      case TIM_SR:
        // rc_w0: writing 0 clears a flag, writing 1 leaves it (RM0385 23.4.5).
        this.sr &= (value | ~mask) >>> 0;
        break;
      case TIM_EGR:
        this.generate(value & mask, now);
        break;
      case TIM_CCMR1:
      case TIM_CCMR2:
        if (!general) return;
        this.writeCcmr(offset, value, mask, now);
        break;
      case TIM_CCER:
        if (!general) return;
        this.ccer = merge(this.ccer, value, mask & 0xbbbb);
        break;
      case TIM_CNT: {
        const count = merge(this.valueAt(now), value, mask) & this.max;
        this.reanchor(now);
        this.anchorValue = count >>> 0;
        break;
      }
      case TIM_PSC:
        // Preloaded: the new ratio counts from the next update event.
        this.psc = merge(this.psc, value, mask & 0xffff);
        break;
      case TIM_ARR:
        this.arr = merge(this.arr, value, mask & this.max);
        if ((this.cr1 & CR1_ARPE) === 0) {
          this.reanchor(now);
          this.arrActive = this.arr;
          this.updateRunning(now);
        }
        break;
      case TIM_DCR:
        if (!general) return;
        this.dcr = merge(this.dcr, value, mask & 0x1f1f);
        break;
      case TIM_DMAR:
        if (!general) return;
        this.dmarTarget(now, { value, mask });
        return;
      case TIM_OR:
        if (!this.hasOr) return;
        this.or = merge(this.or, value, mask);
        break;
      default:
        if (offset < TIM_CCR1 || offset > TIM_CCR4 || !general) return;
        this.writeCcr((offset - TIM_CCR1) >>> 2, value, mask);
    }
    this.settle(now);
  }

  private writeCr1(v: number, now: number): void {
    this.reanchor(now);
    this.cr1 = v;
    if (!this.centerAligned) this.anchorDown = (v & CR1_DIR) !== 0;
    // Without preload, ARR is transparent.
    if ((v & CR1_ARPE) === 0) this.arrActive = this.arr;
    this.updateRunning(now);
  }

  private writeCcmr(offset: number, value: number, mask: number, now: number): void {
    // OCxREF holds what it showed when a channel leaves a PWM mode.
    for (let ch = 0; ch < this.channels; ch++) this.ocref[ch] = this.reference(ch, now);
    const v = merge(offset === TIM_CCMR1 ? this.ccmr1 : this.ccmr2, value, mask & 0x0101_ffff);
    if (offset === TIM_CCMR1) this.ccmr1 = v;
    else this.ccmr2 = v;
    const first = offset === TIM_CCMR1 ? 0 : 2;
    for (let ch = first; ch < first + 2; ch++) {
      const mode = this.mode(ch);
      if (!this.isOutput(ch)) {
        this.options.diagnostics.once(
          `tim-input:${this.name}`,
          `${this.name} channel ${ch + 1} is set as an input: Loom drives no timer inputs, so ` +
            `nothing is captured`,
        );
      } else if (mode >= 8) {
        this.options.diagnostics.once(
          `tim-ocm:${this.name}`,
          `${this.name} channel ${ch + 1} uses output compare mode ${mode} (OCxM bit 3), which ` +
            `Loom does not model: it stays frozen`,
        );
      }
      if (mode === OC_FORCE_ACTIVE) this.ocref[ch] = 1;
      if (mode === OC_FORCE_INACTIVE) this.ocref[ch] = 0;
      // Without preload, CCRx is transparent.
      if ((this.ccmr(ch) & CCMR_OCPE) === 0) this.ccrActive[ch] = this.ccr[ch];
    }
  }

  private writeCcr(ch: number, value: number, mask: number): void {
    // An input channel's CCRx holds captures: read-only (RM0385 23.4.13).
    if (!this.isOutput(ch)) return;
    this.ccr[ch] = merge(this.ccr[ch], value, mask & this.max);
    if ((this.ccmr(ch) & CCMR_OCPE) === 0) this.ccrActive[ch] = this.ccr[ch];
  }

  /** EGR: software events (RM0385 23.4.6). */
  private generate(bits: number, now: number): void {
    if (bits & EGR_UG) {
      // UG re-initializes the counter and the prescaler; unless UDIS, it is an update event,
      // which sets UIF unless URS.
      if ((this.cr1 & CR1_UDIS) === 0) {
        this.loadShadows();
        if ((this.cr1 & CR1_URS) === 0) this.sr |= SR_UIF;
      }
      const down = !this.centerAligned && (this.cr1 & CR1_DIR) !== 0;
      this.anchorValue = down ? this.arrActive : 0;
      this.anchorDown = down;
      this.anchorCycle = now;
      this.processed = 0;
      this.updateRunning(now);
    }
    for (let ch = 0; ch < this.channels; ch++) {
      if ((bits & (EGR_CC1G << ch)) === 0) continue;
      if (!this.isOutput(ch)) {
        // A software capture: CCRx takes the counter, CCxOF if CCxIF was still set.
        if (this.sr & (SR_CC1IF << ch)) this.sr |= SR_CC1OF << ch;
        this.ccr[ch] = this.valueAt(now);
        this.ccrActive[ch] = this.ccr[ch];
      }
      this.sr |= SR_CC1IF << ch;
    }
    if (bits & EGR_TG && this.channels > 0) this.sr |= SR_TIF;
  }
}
