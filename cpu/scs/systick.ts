import { Alarm, type Scheduler } from '../../time/scheduler.ts';
import { SYSTICK, type ExceptionModel } from '../exceptions.ts';

/** SysTick registers, offsets from 0xE000E010 (ARMv7-M ARM B3.3.2). */
export const SYST_CSR = 0x0;
export const SYST_RVR = 0x4;
export const SYST_CVR = 0x8;
export const SYST_CALIB = 0xc;

export const CSR_ENABLE = 1 << 0;
export const CSR_TICKINT = 1 << 1;
export const CSR_CLKSOURCE = 1 << 2;
export const CSR_COUNTFLAG = 1 << 16;

const MASK24 = 0xffffff;

/**
 * The SysTick timer: a 24-bit down-counter clocked by the processor clock (CLKSOURCE = 1) or
 * the external reference (CLKSOURCE = 0: HCLK / `externalDivider`, 8 on the STM32F7). It counts
 * in cycles of the core, so a clock change changes its rate. Its value is computed when read;
 * an alarm fires at each wrap to zero (COUNTFLAG, and the exception when TICKINT is set).
 */
export class SysTick {
  private csr = 0;
  private rvr = 0;
  /** The counter's value at `anchorTick` while enabled, its value when not. */
  private anchorValue = 0;
  private anchorTick = 0;
  private readonly wrap: Alarm;

  constructor(
    private readonly exceptions: ExceptionModel,
    private readonly scheduler: Scheduler,
    /** The external reference's divider of the core clock (STM32F7: HCLK / 8). */
    private readonly externalDivider = 8,
    /** CALIB: NOREF, SKEW, TENMS. */
    private readonly calib = 0,
  ) {
    this.wrap = new Alarm('SysTick', (atCycle) => this.wrapped(atCycle));
  }

  reset(): void {
    this.scheduler.cancel(this.wrap);
    this.csr = 0;
    this.rvr = 0;
    this.anchorValue = 0;
    this.anchorTick = 0;
  }

  private get divider(): number {
    return (this.csr & CSR_CLKSOURCE) !== 0 ? 1 : this.externalDivider;
  }

  private get enabled(): boolean {
    return (this.csr & CSR_ENABLE) !== 0;
  }

  private tickAt(cycle: number): number {
    return Math.floor(cycle / this.divider);
  }

  /** The counter's value now. */
  private value(): number {
    if (!this.enabled) return this.anchorValue;
    const elapsed = this.tickAt(this.scheduler.now()) - this.anchorTick;
    if (elapsed <= this.anchorValue) return this.anchorValue - elapsed;
    // Past zero: a reload from RVR one tick after reaching 0, then every RVR + 1 ticks.
    if (this.rvr === 0) return 0;
    const since = elapsed - this.anchorValue - 1;
    return this.rvr - (since % (this.rvr + 1));
  }

  /** Re-reads the counter into the anchor (before anything that changes how it counts). */
  private freeze(): void {
    this.anchorValue = this.value();
    this.anchorTick = this.tickAt(this.scheduler.now());
  }

  /** Arms the alarm at the next tick where the counter reaches zero. */
  private arm(): void {
    if (!this.enabled) {
      this.scheduler.cancel(this.wrap);
      return;
    }
    let ticksToZero: number;
    if (this.anchorValue > 0) ticksToZero = this.anchorValue;
    else if (this.rvr > 0) ticksToZero = this.rvr + 1;
    else {
      this.scheduler.cancel(this.wrap);
      return;
    }
    this.scheduler.schedule(this.wrap, (this.anchorTick + ticksToZero) * this.divider);
  }

  private wrapped(atCycle: number): void {
    this.anchorTick = Math.floor(atCycle / this.divider);
    this.anchorValue = 0;
    this.csr |= CSR_COUNTFLAG;
    if ((this.csr & CSR_TICKINT) !== 0) this.exceptions.setPending(SYSTICK);
    this.arm();
  }

  read(offset: number): number {
    switch (offset) {
      case SYST_CSR: {
        const v = this.csr;
        this.csr &= ~CSR_COUNTFLAG;
        return v >>> 0;
      }
      case SYST_RVR:
        return this.rvr;
      case SYST_CVR:
        return this.value();
      case SYST_CALIB:
        return this.calib;
    }
    return 0;
  }

  write(offset: number, value: number): void {
    switch (offset) {
      case SYST_CSR:
        this.freeze();
        this.csr =
          (this.csr & CSR_COUNTFLAG) | (value & (CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE));
        this.anchorTick = this.tickAt(this.scheduler.now());
        this.arm();
        break;
      case SYST_RVR:
        this.freeze();
        this.rvr = value & MASK24;
        this.arm();
        break;
      case SYST_CVR:
        // Any write clears the counter and COUNTFLAG; it reloads from RVR on the next tick.
        this.csr &= ~CSR_COUNTFLAG;
        this.anchorValue = 0;
        this.anchorTick = this.tickAt(this.scheduler.now());
        this.arm();
        break;
    }
  }
}
