/**
 * The STM32F7's timers: their registers and bits (RM0385 chapters 22-25, ST's stm32f746xx.h;
 * ../shared/reference section 3.6), and which of them each kind of timer has.
 */
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
export const TIM_RCR = 0x30;
export const TIM_CCR1 = 0x34;
export const TIM_CCR4 = 0x40;
export const TIM_BDTR = 0x44;
export const TIM_DCR = 0x48;
export const TIM_DMAR = 0x4c;
export const TIM_OR = 0x50;
export const TIM_CCMR3 = 0x54;
export const TIM_CCR5 = 0x58;
export const TIM_CCR6 = 0x5c;

// TIMx_CR1
export const CR1_CEN = 1 << 0;
export const CR1_UDIS = 1 << 1;
export const CR1_URS = 1 << 2;
export const CR1_OPM = 1 << 3;
export const CR1_DIR = 1 << 4;
export const CR1_CMS_SHIFT = 5;
export const CR1_ARPE = 1 << 7;
export const CR1_UIFREMAP = 1 << 11;
// TIMx_CR2 (TIM1/TIM8): capture/compare preload, output idle states
export const CR2_CCPC = 1 << 0;
export const CR2_OIS1 = 1 << 8;
// TIMx_DIER, TIMx_SR, TIMx_EGR: update, channels 1-4 (bits 1-4), COM, trigger, break
export const DIER_UIE = 1 << 0;
export const DIER_CC1IE = 1 << 1;
export const DIER_COMIE = 1 << 5;
export const DIER_TIE = 1 << 6;
export const DIER_BIE = 1 << 7;
export const SR_UIF = 1 << 0;
export const SR_CC1IF = 1 << 1;
export const SR_COMIF = 1 << 5;
export const SR_TIF = 1 << 6;
export const SR_BIF = 1 << 7;
export const SR_B2IF = 1 << 8;
export const SR_CC1OF = 1 << 9;
export const SR_CC5IF = 1 << 16;
export const EGR_UG = 1 << 0;
export const EGR_CC1G = 1 << 1;
export const EGR_COMG = 1 << 5;
export const EGR_TG = 1 << 6;
export const EGR_BG = 1 << 7;
export const EGR_B2G = 1 << 8;
// TIMx_SMCR
export const SMCR_SMS = 0x7 | (1 << 16);
export const SMCR_ECE = 1 << 14;
// TIMx_CCMRx, per channel byte: CCxS [1:0], OCxPE bit 3, OCxM [6:4]; OCxM[3] at bit 16 / 24
export const CCMR_CCS = 0x3;
export const CCMR_OCPE = 1 << 3;
export const CCMR_OCM_SHIFT = 4;
// TIMx_CCER, per channel nibble: CCxE, CCxP, CCxNE, CCxNP
export const CCER_CCE = 1 << 0;
export const CCER_CCP = 1 << 1;
export const CCER_CCNE = 1 << 2;
export const CCER_CCNP = 1 << 3;
// TIMx_BDTR (TIM1/TIM8)
export const BDTR_DTG = 0xff;
export const BDTR_LOCK_SHIFT = 8;
export const BDTR_OSSI = 1 << 10;
export const BDTR_OSSR = 1 << 11;
export const BDTR_BKE = 1 << 12;
export const BDTR_AOE = 1 << 14;
export const BDTR_MOE = 1 << 15;
export const BDTR_BK2E = 1 << 24;

/** Output compare modes, OCxM (RM0385 23.4.7). */
export const OC_FROZEN = 0;
export const OC_ACTIVE_ON_MATCH = 1;
export const OC_INACTIVE_ON_MATCH = 2;
export const OC_TOGGLE = 3;
export const OC_FORCE_INACTIVE = 4;
export const OC_FORCE_ACTIVE = 5;
export const OC_PWM1 = 6;
export const OC_PWM2 = 7;

/** What a kind of timer has: its channels, its counting modes, the writable bits of its registers. */
export interface TimerKind {
  name: 'advanced' | 'general' | 'basic';
  /** Compare channels; TIM1/TIM8's channels 5 and 6 have no pins. */
  channels: 0 | 1 | 2 | 4 | 6;
  /** Counts down and center-aligned too (CR1.DIR and CMS). */
  upDown: boolean;
  /** CR1.OPM. */
  onePulse: boolean;
  /** Writable bits; 0 where the register does not exist. */
  cr2: number;
  smcr: number;
  dier: number;
  ccmr: number;
  ccer: number;
  /** DCR and DMAR. */
  dma: boolean;
}

/** TIM1/TIM8 (RM0385 chapter 22): four channels with complementary outputs, two internal ones. */
export const ADVANCED: TimerKind = {
  name: 'advanced',
  channels: 6,
  upDown: true,
  onePulse: true,
  // CCPC, CCUS, CCDS, MMS, TI1S, OIS1-OIS4, OIS1N-OIS3N, OIS5, OIS6, MMS2
  cr2: 0x00f5_7ffd,
  smcr: 0x1_ffff,
  dier: 0x7fff,
  ccmr: 0x0101_ffff,
  // CCxE, CCxP, CCxNE, CCxNP for 1-3; CC4E, CC4P, CC4NP; CC5E, CC5P, CC6E, CC6P
  ccer: 0x0033_bfff,
  dma: true,
};

/** TIM2-TIM5 (RM0385 chapter 23). */
export const GENERAL: TimerKind = {
  name: 'general',
  channels: 4,
  upDown: true,
  onePulse: true,
  cr2: 0xf8,
  smcr: 0x1_ffff,
  dier: 0x5f5f,
  ccmr: 0x0101_ffff,
  ccer: 0xbbbb,
  dma: true,
};

/** TIM9/TIM12 (RM0385 chapter 24): up-counting, two channels, no DMA. */
export const GENERAL_2CH: TimerKind = {
  name: 'general',
  channels: 2,
  upDown: false,
  onePulse: true,
  cr2: 0,
  // SMS, TS, MSM, SMS[3]
  smcr: 0x1_00f7,
  // UIE, CC1IE, CC2IE, TIE
  dier: 0x47,
  // no OCxCE
  ccmr: 0x0101_7f7f,
  ccer: 0xbb,
  dma: false,
};

/** TIM10/TIM11/TIM13/TIM14 (RM0385 chapter 24): up-counting, one channel, no one-pulse mode. */
export const GENERAL_1CH: TimerKind = {
  name: 'general',
  channels: 1,
  upDown: false,
  onePulse: false,
  cr2: 0,
  smcr: 0,
  dier: 0x03,
  ccmr: 0x0001_007f,
  ccer: 0x0b,
  dma: false,
};

/** TIM6/TIM7 (RM0385 chapter 25). */
export const BASIC: TimerKind = {
  name: 'basic',
  channels: 0,
  upDown: false,
  onePulse: true,
  cr2: 0x70,
  smcr: 0,
  dier: 0x0101,
  ccmr: 0,
  ccer: 0,
  dma: false,
};

export interface TimerSpec {
  kind: TimerKind;
  /** Counter, ARR and CCR width. */
  bits: 16 | 32;
  /** Writable bits of TIMx_OR, where it has one. */
  or?: number;
}

/** The STM32F7's TIM1-TIM14 (RM0385 chapters 22-25). */
export const STM32F7_TIMERS: Record<string, TimerSpec> = {
  TIM1: { kind: ADVANCED, bits: 16 },
  TIM2: { kind: GENERAL, bits: 32, or: 0xffff_ffff },
  TIM3: { kind: GENERAL, bits: 16 },
  TIM4: { kind: GENERAL, bits: 16 },
  TIM5: { kind: GENERAL, bits: 32, or: 0xffff_ffff },
  TIM6: { kind: BASIC, bits: 16 },
  TIM7: { kind: BASIC, bits: 16 },
  TIM8: { kind: ADVANCED, bits: 16 },
  TIM9: { kind: GENERAL_2CH, bits: 16 },
  TIM10: { kind: GENERAL_1CH, bits: 16 },
  // TIM11_OR.TI1_RMP (ST's stm32f746xx.h)
  TIM11: { kind: GENERAL_1CH, bits: 16, or: 0x3 },
  TIM12: { kind: GENERAL_2CH, bits: 16 },
  TIM13: { kind: GENERAL_1CH, bits: 16 },
  TIM14: { kind: GENERAL_1CH, bits: 16 },
};

/**
 * The SR flags each of a timer's interrupt lines carries, by the name the chip table gives the
 * line: one global line, or TIM1/TIM8's four (BRK, UP, TRG_COM, CC; ST's IRQn_Type).
 */
export const TIMER_IRQ_FLAGS: Record<string, number> = {
  global: 0x1ff,
  brk: SR_BIF | SR_B2IF,
  up: SR_UIF,
  trg: SR_TIF | SR_COMIF,
  cc: 0xf * SR_CC1IF,
};
