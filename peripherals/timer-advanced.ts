import { merge } from './register-block.ts';
import {
  BDTR_AOE,
  BDTR_BK2E,
  BDTR_BKE,
  BDTR_DTG,
  BDTR_LOCK_SHIFT,
  BDTR_MOE,
  BDTR_OSSI,
  BDTR_OSSR,
  CCER_CCE,
  CCER_CCNE,
  CCER_CCNP,
  CCER_CCP,
  CR1_CEN,
  CR2_CCPC,
  EGR_B2G,
  EGR_BG,
  EGR_COMG,
  SR_B2IF,
  SR_BIF,
  SR_COMIF,
  TIM_BDTR,
  TIM_CCER,
  TIM_CCMR1,
  TIM_CCMR2,
  TIM_CR2,
  TIM_EGR,
  TIM_RCR,
} from './timer-registers.ts';
import type { TimerOptions } from './timer-counter.ts';
import { Timer } from './timer.ts';

/** BDTR's writable bits: DTG, LOCK, OSSI, OSSR, BKE, BKP, AOE, MOE, BKF, BK2F, BK2E, BK2P. */
const BDTR_MASK = 0x03ff_ffff;
const BDTR_LOCK = 3 << BDTR_LOCK_SHIFT;
/** What each LOCK level freezes (RM0385, TIMx_BDTR.LOCK). */
const LOCK1_BDTR = 0x03ff_70ff; // DTG, BKE, BKP, AOE, BKF, BK2F, BK2E, BK2P
const LOCK1_CR2 = 0x0005_7f00; // OIS1-OIS6, OIS1N-OIS3N
const LOCK2_BDTR = BDTR_OSSI | BDTR_OSSR;
const LOCK2_CCER = 0x0022_aaaa; // CCxP, CCxNP
const LOCK3_CCMR = 0x0101_7878; // OCxM, OCxPE
/** CCxE and CCxNE of channels 1-4. */
const CCER_OUTPUTS = 0x1555;
/** CCxE and CCxNE both set, channels 1-3. */
const CCER_PAIRS = [0x5, 0x50, 0x500];

/**
 * TIM1 and TIM8, the advanced-control timers (RM0385 chapter 22): a general-purpose timer with
 * a repetition counter (an update event every RCR + 1 overflows), complementary outputs CHxN,
 * the main output enable BDTR.MOE that gates every output (with the off-state levels OSSI, OSSR
 * and OISx), the software break and commutation events, LOCK, and four interrupt lines.
 * Not modelled, and said once when used: dead-time insertion, the break input pins, the
 * commutation preload (CCPC).
 */
export class AdvancedTimer extends Timer {
  private rcr = 0;
  /** REP_CNT: overflows left before the next update event. */
  private repetitions = 0;
  private bdtr = 0;
  /** BDTR written since reset: LOCK is frozen. */
  private bdtrWritten = false;
  /** Outputs are enabled while MOE = 0: look again at the next overflow. */
  private moeCheck = false;

  constructor(options: TimerOptions) {
    super(options);
    this.complementary = true;
  }

  reset(): void {
    super.reset();
    this.rcr = 0;
    this.repetitions = 0;
    this.bdtr = 0;
    this.bdtrWritten = false;
    this.moeCheck = false;
  }

  private get lock(): number {
    return (this.bdtr & BDTR_LOCK) >>> BDTR_LOCK_SHIFT;
  }

  // --- The repetition counter (RM0385 22.3.3) -------------------------------------------

  protected repetitionEnds(): boolean {
    this.checkMoe();
    if (this.repetitions > 0) {
      this.repetitions--;
      return false;
    }
    this.repetitions = this.rcr;
    return true;
  }

  protected repetitionsSkipped(overflows: number): boolean {
    const left = this.repetitions;
    if (overflows <= left) {
      this.repetitions = left - overflows;
      return false;
    }
    // The first update event comes after `left + 1` overflows, then one every RCR + 1.
    const after = overflows - left - 1;
    this.repetitions = this.rcr - (after % (this.rcr + 1));
    return true;
  }

  protected counterInitialized(): void {
    this.repetitions = this.rcr;
  }

  /** Automatic output enable: MOE is set again at the next update event. */
  protected updated(): void {
    if (this.bdtr & BDTR_AOE) this.bdtr |= BDTR_MOE;
  }

  protected watchesOverflows(): boolean {
    if (this.moeCheck || super.watchesOverflows()) return true;
    // After a break, AOE brings the outputs back at the next update event.
    const aoe = BDTR_AOE | BDTR_MOE;
    return (this.bdtr & aoe) === BDTR_AOE && (this.ccer & CCER_OUTPUTS) !== 0;
  }

  // --- Outputs (RM0385 22.3, table "Output control bits for complementary OCx and OCxN
  // channels with break feature"); a disabled output is not driven: Loom shows it low ---------

  protected outputsEnabled(ch: number): boolean {
    const ccer = this.ccer >>> (4 * ch);
    return (this.bdtr & BDTR_MOE) !== 0 && (ccer & (CCER_CCE | CCER_CCNE)) !== 0;
  }

  protected outputLevel(ch: number, ref: number): number {
    const ccer = this.ccer >>> (4 * ch);
    if (!this.isOutput(ch)) return 0;
    const ne = ch < 3 ? ccer & CCER_CCNE : 0;
    if ((this.bdtr & BDTR_MOE) === 0) {
      // Off: the idle level OISx while OSSI keeps the output enabled.
      if (this.bdtr & BDTR_OSSI && (ccer & CCER_CCE || ne)) return (this.cr2 >>> (8 + 2 * ch)) & 1;
      return 0;
    }
    if (ccer & CCER_CCE) return ref ^ (ccer & CCER_CCP ? 1 : 0);
    // Only OCxN enabled: with OSSR, OCx holds its inactive level.
    if (ne && this.bdtr & BDTR_OSSR) return ccer & CCER_CCP ? 1 : 0;
    return 0;
  }

  protected complementaryLevel(ch: number, ref: number): number {
    if (ch >= 3 || !this.isOutput(ch)) return 0;
    const ccer = this.ccer >>> (4 * ch);
    if ((this.bdtr & BDTR_MOE) === 0) {
      if (this.bdtr & BDTR_OSSI && ccer & (CCER_CCE | CCER_CCNE)) {
        return (this.cr2 >>> (9 + 2 * ch)) & 1;
      }
      return 0;
    }
    const polarity = ccer & CCER_CCNP ? 1 : 0;
    // With OCx enabled too, OCxN is the complement of OCxREF; alone, OCxREF itself.
    if (ccer & CCER_CCNE) return (ccer & CCER_CCE ? ref ^ 1 : ref) ^ polarity;
    if (ccer & CCER_CCE && this.bdtr & BDTR_OSSR) return polarity;
    return 0;
  }

  // --- Registers ------------------------------------------------------------------------

  protected registerValue(offset: number, now: number): number {
    if (offset === TIM_RCR) return this.rcr;
    if (offset === TIM_BDTR) return this.bdtr;
    return super.registerValue(offset, now);
  }

  protected writeRegister(offset: number, value: number, mask: number): void {
    const now = this.options.scheduler.now();
    this.sync(now);
    const lock = this.lock;
    switch (offset) {
      case TIM_RCR:
        // Preloaded: REP_CNT takes it at the next update event.
        this.rcr = merge(this.rcr, value, mask & 0xffff);
        return;
      case TIM_BDTR:
        this.writeBdtr(value, mask, lock);
        this.settle(now);
        this.checkOutputs(now);
        return;
      case TIM_EGR:
        this.events(value & mask);
        break;
      case TIM_CR2:
        if (lock >= 1) mask &= ~LOCK1_CR2;
        break;
      case TIM_CCER:
        if (lock >= 2) mask &= ~LOCK2_CCER;
        break;
      case TIM_CCMR1:
      case TIM_CCMR2:
        if (lock === 3) mask &= ~LOCK3_CCMR;
        break;
    }
    super.writeRegister(offset, value, mask);
    this.checkOutputs(now);
  }

  private writeBdtr(value: number, mask: number, lock: number): void {
    let writable = BDTR_MASK;
    // LOCK can be written once after reset (RM0385, TIMx_BDTR).
    if (this.bdtrWritten) writable &= ~BDTR_LOCK;
    if (lock >= 1) writable &= ~LOCK1_BDTR;
    if (lock >= 2) writable &= ~LOCK2_BDTR;
    this.bdtr = merge(this.bdtr, value, mask & writable);
    this.bdtrWritten = true;
  }

  /** EGR's events of the advanced timers: commutation, break and break 2. */
  private events(bits: number): void {
    if (bits & EGR_COMG) {
      this.sr |= SR_COMIF;
      if (this.cr2 & CR2_CCPC) {
        this.options.diagnostics.once(
          `tim-ccpc:${this.name}`,
          `${this.name}_CR2.CCPC preloads CCxE, CCxNE and OCxM until a commutation event, ` +
            `which Loom does not model: they act when written`,
        );
      }
    }
    // A break clears MOE at once: the outputs go to their off state (RM0385 22.3, break).
    if (bits & EGR_BG) {
      this.sr |= SR_BIF;
      this.bdtr &= ~BDTR_MOE;
    }
    if (bits & EGR_B2G) {
      this.sr |= SR_B2IF;
      this.bdtr &= ~BDTR_MOE;
    }
  }

  /** Says once what the outputs depend on that Loom does not model, or that MOE is missing. */
  private checkOutputs(now: number): void {
    const { diagnostics } = this.options;
    const watch = (this.cr1 & CR1_CEN) !== 0 && this.moeMissing();
    if (watch !== this.moeCheck) {
      this.moeCheck = watch;
      this.settle(now);
    }
    if (this.bdtr & BDTR_DTG && CCER_PAIRS.some((pair) => (this.ccer & pair) === pair)) {
      diagnostics.once(
        `tim-dtg:${this.name}`,
        `${this.name}_BDTR.DTG asks for dead time between CHx and CHxN, which Loom does not ` +
          `insert: the complementary outputs switch together`,
      );
    }
    if (this.bdtr & (BDTR_BKE | BDTR_BK2E)) {
      diagnostics.once(
        `tim-bke:${this.name}`,
        `${this.name}'s break inputs (BDTR.BKE, BK2E) are not wired in Loom: only the ` +
          `software break (EGR.BG, B2G) stops the outputs`,
      );
    }
  }

  /** Outputs enabled, MOE = 0, and neither a break nor AOE explains it. */
  private moeMissing(): boolean {
    if (this.bdtr & (BDTR_MOE | BDTR_AOE) || this.sr & (SR_BIF | SR_B2IF)) return false;
    return (this.ccer & CCER_OUTPUTS) !== 0;
  }

  /** At an overflow while the counter runs: is MOE still missing? */
  private checkMoe(): void {
    if (!this.moeCheck) return;
    this.moeCheck = false;
    if (!this.moeMissing()) return;
    this.options.diagnostics.once(
      `tim-moe:${this.name}`,
      `${this.name} counts with channel outputs enabled (${this.name}_CCER) but ` +
        `${this.name}_BDTR.MOE = 0: an advanced-control timer drives no pin until its main ` +
        `output enable is set (HAL_TIM_PWM_Start does it with __HAL_TIM_MOE_ENABLE)`,
    );
  }
}
