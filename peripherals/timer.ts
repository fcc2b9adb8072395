import { merge } from './register-block.ts';
import { TimerCounter, type TimerOptions } from './timer-counter.ts';
import {
  CCMR_OCPE,
  CR1_ARPE,
  CR1_DIR,
  CR1_OPM,
  CR1_UDIS,
  CR1_UIFREMAP,
  CR1_URS,
  DIER_TIE,
  EGR_CC1G,
  EGR_TG,
  EGR_UG,
  OC_FORCE_ACTIVE,
  OC_FORCE_INACTIVE,
  SMCR_ECE,
  SMCR_SMS,
  SR_CC1IF,
  SR_CC1OF,
  SR_TIF,
  SR_UIF,
  TIM_ARR,
  TIM_CCER,
  TIM_CCMR1,
  TIM_CCMR2,
  TIM_CCMR3,
  TIM_CCR1,
  TIM_CCR4,
  TIM_CCR5,
  TIM_CCR6,
  TIM_CNT,
  TIM_CR1,
  TIM_CR2,
  TIM_DCR,
  TIM_DIER,
  TIM_DMAR,
  TIM_EGR,
  TIM_OR,
  TIM_PSC,
  TIM_SMCR,
  TIM_SR,
} from './timer-registers.ts';

/** TIMx_CCMR3's writable bits (TIM1/TIM8): OC5 and OC6 fields, no capture. */
const CCMR3_MASK = 0x0101_fcfc;
/** TIMx_CCR5's group bits GC5C1-GC5C3 above the compare value. */
const CCR5_GC5C = 0xe000_0000;

/**
 * A timer's registers on the bus (RM0385 chapters 22-25; ../shared/reference section 3.6):
 * what each kind has of CR1-OR, with their writable bits, over the time base and channels of
 * timer-counter.ts. TIM2-TIM7 and TIM9-TIM14 are this class; TIM1 and TIM8 add theirs in
 * timer-advanced.ts.
 */
export class Timer extends TimerCounter {
  private readonly cr1Mask: number;
  private smcr = 0;
  private dcr = 0;
  private or = 0;

  constructor(options: TimerOptions) {
    super(options);
    const kind = options.kind;
    // CEN, UDIS, URS, ARPE, UIFREMAP; OPM, DIR and CMS, CKD where the kind has them.
    this.cr1Mask =
      0x0887 |
      (kind.onePulse ? CR1_OPM : 0) |
      (kind.upDown ? 0x70 : 0) |
      (kind.channels ? 0x300 : 0);
  }

  reset(): void {
    super.reset();
    this.smcr = 0;
    this.dcr = 0;
    this.or = 0;
  }

  // --- Registers ------------------------------------------------------------------------

  protected readRegister(offset: number): number {
    const now = this.options.scheduler.now();
    this.sync(now);
    if (this.changed) this.settle(now);
    return this.registerValue(offset, now);
  }

  /** The CCRx index of a register offset, or -1. */
  private ccrIndex(offset: number): number {
    if (offset >= TIM_CCR1 && offset <= TIM_CCR4) {
      const ch = (offset - TIM_CCR1) >>> 2;
      return ch < this.channels ? ch : -1;
    }
    if (this.channels > 4 && (offset === TIM_CCR5 || offset === TIM_CCR6)) {
      return offset === TIM_CCR5 ? 4 : 5;
    }
    return -1;
  }

  protected registerValue(offset: number, now: number): number {
    const kind = this.kind;
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
        return this.smcr;
      case TIM_DIER:
        return this.dier;
      case TIM_SR:
        return this.sr;
      case TIM_CCMR1:
        return this.ccmr1;
      case TIM_CCMR2:
        return this.ccmr2;
      case TIM_CCMR3:
        return this.ccmr3;
      case TIM_CCER:
        return this.ccer;
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
        return this.dcr;
      case TIM_DMAR:
        return kind.dma ? this.dmarTarget(now, null) : 0;
      case TIM_OR:
        return this.or;
    }
    const ch = this.ccrIndex(offset);
    return ch < 0 ? 0 : this.ccr[ch];
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
    const kind = this.kind;
    switch (offset) {
      case TIM_CR1:
        this.writeCr1(merge(this.cr1, value, mask & this.cr1Mask), now);
        break;
      case TIM_CR2:
        this.cr2 = merge(this.cr2, value, mask & kind.cr2);
        break;
      case TIM_SMCR:
        this.smcr = merge(this.smcr, value, mask & kind.smcr);
        if (this.smcr & (SMCR_SMS | SMCR_ECE)) {
          this.options.diagnostics.once(
            `tim-smcr:${this.name}`,
            `${this.name}_SMCR selects a slave mode or an external clock, which Loom does not ` +
              `model: the counter runs on its internal clock`,
          );
        }
        break;
      case TIM_DIER:
        this.dier = merge(this.dier, value, mask & kind.dier);
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
      case TIM_CCMR3:
        this.writeCcmr(offset, value, mask, now);
        break;
      case TIM_CCER:
        this.ccer = merge(this.ccer, value, mask & kind.ccer);
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
        if (!kind.dma) return;
        this.dcr = merge(this.dcr, value, mask & 0x1f1f);
        break;
      case TIM_DMAR:
        if (!kind.dma) return;
        this.dmarTarget(now, { value, mask });
        return;
      case TIM_OR:
        this.or = merge(this.or, value, mask & (this.options.or ?? 0));
        break;
      default: {
        const ch = this.ccrIndex(offset);
        if (ch < 0) return;
        this.writeCcr(ch, value, mask);
      }
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
    const first = offset === TIM_CCMR1 ? 0 : offset === TIM_CCMR2 ? 2 : 4;
    if (first >= this.channels) return;
    // OCxREF holds what it showed when a channel leaves a PWM mode.
    for (let ch = 0; ch < this.channels; ch++) this.ocref[ch] = this.reference(ch, now);
    const writable = first === 4 ? CCMR3_MASK : this.kind.ccmr;
    if (offset === TIM_CCMR1) this.ccmr1 = merge(this.ccmr1, value, mask & writable);
    else if (offset === TIM_CCMR2) this.ccmr2 = merge(this.ccmr2, value, mask & writable);
    else this.ccmr3 = merge(this.ccmr3, value, mask & writable);
    const last = Math.min(first + 2, this.channels);
    for (let ch = first; ch < last; ch++) {
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
      if ((this.ccmr(ch) & CCMR_OCPE) === 0) this.ccrActive[ch] = this.ccr[ch] & this.max;
    }
  }

  private writeCcr(ch: number, value: number, mask: number): void {
    // An input channel's CCRx holds captures: read-only (RM0385 23.4.13).
    if (!this.isOutput(ch)) return;
    const writable = ch === 4 ? this.max | CCR5_GC5C : this.max;
    this.ccr[ch] = merge(this.ccr[ch], value, mask & writable);
    if ((this.ccmr(ch) & CCMR_OCPE) === 0) this.ccrActive[ch] = this.ccr[ch] & this.max;
    if (ch === 4 && this.ccr[4] & CCR5_GC5C) {
      this.options.diagnostics.once(
        `tim-gc5c:${this.name}`,
        `${this.name}_CCR5 combines channel 5 with channels 1-3 (GC5Cx), which Loom does not ` +
          `model: their outputs ignore channel 5`,
      );
    }
  }

  /** EGR: software events (RM0385 23.4.6). */
  private generate(bits: number, now: number): void {
    if (bits & EGR_UG) {
      // UG re-initializes the counter and the prescaler; unless UDIS, it is an update event,
      // which sets UIF unless URS.
      if ((this.cr1 & CR1_UDIS) === 0) {
        this.loadShadows();
        if ((this.cr1 & CR1_URS) === 0) this.sr |= SR_UIF;
        this.updated();
      }
      const down = !this.centerAligned && (this.cr1 & CR1_DIR) !== 0;
      this.anchorValue = down ? this.arrActive : 0;
      this.anchorDown = down;
      this.anchorCycle = now;
      this.processed = 0;
      this.counterInitialized();
      this.updateRunning(now);
    }
    const pinned = this.channels < 4 ? this.channels : 4;
    for (let ch = 0; ch < pinned; ch++) {
      if ((bits & (EGR_CC1G << ch)) === 0) continue;
      if (!this.isOutput(ch)) {
        // A software capture: CCRx takes the counter, CCxOF if CCxIF was still set.
        if (this.sr & (SR_CC1IF << ch)) this.sr |= SR_CC1OF << ch;
        this.ccr[ch] = this.valueAt(now);
        this.ccrActive[ch] = this.ccr[ch];
      }
      this.sr |= SR_CC1IF << ch;
    }
    if (bits & EGR_TG && this.kind.dier & DIER_TIE) this.sr |= SR_TIF;
  }
}
