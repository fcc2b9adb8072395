/*
 * The STM32F746's registers that Loom's demos use, written for Loom from the reference manual
 * (RM0385: the register maps at the end of each chapter) and the Cortex-M7 generic user guide
 * (PM0253 chapter 4 for SysTick, NVIC and SCB). Register and bit names are the manual's:
 * RCC->AHB1ENR, RCC_AHB1ENR_GPIOBEN. Only what the demos need; not ST's CMSIS header.
 */
#ifndef STM32F746_H
#define STM32F746_H

#include <stdint.h>

#define REG volatile uint32_t

/* ---- The core's own registers (PM0253 4.2-4.5) ---------------------------------------- */

typedef struct {
  REG CTRL; /* SYST_CSR */
  REG LOAD; /* SYST_RVR */
  REG VAL;  /* SYST_CVR */
  REG CALIB;
} SysTick_Regs;
#define SysTick ((SysTick_Regs *)0xE000E010u)
#define SysTick_CTRL_ENABLE (1u << 0)
#define SysTick_CTRL_TICKINT (1u << 1)
#define SysTick_CTRL_CLKSOURCE (1u << 2) /* 1: the processor clock (HCLK) */
#define SysTick_CTRL_COUNTFLAG (1u << 16)

typedef struct {
  REG ISER[8];
  uint32_t reserved0[24];
  REG ICER[8];
  uint32_t reserved1[24];
  REG ISPR[8];
  uint32_t reserved2[24];
  REG ICPR[8];
  uint32_t reserved3[24];
  REG IABR[8];
  uint32_t reserved4[56];
  volatile uint8_t IPR[240]; /* one byte per interrupt; the STM32F7 implements bits [7:4] */
  uint32_t reserved5[644];
  REG STIR;
} NVIC_Regs;
#define NVIC ((NVIC_Regs *)0xE000E100u)

typedef struct {
  REG CPUID;
  REG ICSR;
  REG VTOR;
  REG AIRCR;
  REG SCR;
  REG CCR;
  volatile uint8_t SHPR[12]; /* priorities of exceptions 4-15: SHPR[n - 4] */
  REG SHCSR;
  REG CFSR;
  REG HFSR;
  REG DFSR;
  REG MMFAR;
  REG BFAR;
  REG AFSR;
  uint32_t reserved0[18];
  REG CPACR; /* 0xE000ED88 */
} SCB_Regs;
#define SCB ((SCB_Regs *)0xE000ED00u)
#define SCB_ICSR_PENDSVSET (1u << 28)
#define SCB_ICSR_VECTACTIVE 0x1FFu
#define SCB_CPACR_CP10_CP11_FULL (0xFu << 20)

/* Exception numbers of the system handlers, for SCB->SHPR[n - 4]. */
#define EXC_PENDSV 14
#define EXC_SYSTICK 15

/* ---- RCC (RM0385 5.3) --------------------------------------------------------------------- */

typedef struct {
  REG CR;
  REG PLLCFGR;
  REG CFGR;
  REG CIR;
  REG AHB1RSTR;
  REG AHB2RSTR;
  REG AHB3RSTR;
  uint32_t reserved0;
  REG APB1RSTR;
  REG APB2RSTR;
  uint32_t reserved1[2];
  REG AHB1ENR;
  REG AHB2ENR;
  REG AHB3ENR;
  uint32_t reserved2;
  REG APB1ENR;
  REG APB2ENR;
  uint32_t reserved3[2];
  REG AHB1LPENR;
  REG AHB2LPENR;
  REG AHB3LPENR;
  uint32_t reserved4;
  REG APB1LPENR;
  REG APB2LPENR;
  uint32_t reserved5[2];
  REG BDCR;
  REG CSR;
  uint32_t reserved6[2];
  REG SSCGR;
  REG PLLI2SCFGR;
  REG PLLSAICFGR;
  REG DCKCFGR1;
  REG DCKCFGR2;
} RCC_Regs;
#define RCC ((RCC_Regs *)0x40023800u)

#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_HSEBYP (1u << 18)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)

#define RCC_PLLCFGR_PLLM_Pos 0  /* VCO input = source / PLLM, 2..63 */
#define RCC_PLLCFGR_PLLN_Pos 6  /* VCO = input x PLLN, 50..432 */
#define RCC_PLLCFGR_PLLP_Pos 16 /* SYSCLK = VCO / PLLP: 0 = /2, 1 = /4, 2 = /6, 3 = /8 */
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_PLLCFGR_PLLQ_Pos 24

#define RCC_CFGR_SW_Msk 3u
#define RCC_CFGR_SW_HSI 0u
#define RCC_CFGR_SW_HSE 1u
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS_Msk (3u << 2)
#define RCC_CFGR_SWS_PLL (2u << 2)
#define RCC_CFGR_HPRE_Pos 4
#define RCC_CFGR_PPRE1_Pos 10
#define RCC_CFGR_PPRE2_Pos 13
#define RCC_CFGR_PPRE_DIV2 4u
#define RCC_CFGR_PPRE_DIV4 5u

#define RCC_AHB1ENR_GPIOAEN (1u << 0)
#define RCC_AHB1ENR_GPIOBEN (1u << 1)
#define RCC_AHB1ENR_GPIOCEN (1u << 2)
#define RCC_AHB1ENR_GPIODEN (1u << 3)
#define RCC_APB1ENR_TIM3EN (1u << 1)
#define RCC_APB1ENR_TIM4EN (1u << 2)
#define RCC_APB1ENR_TIM6EN (1u << 4)
#define RCC_APB1ENR_USART3EN (1u << 18)
#define RCC_APB1ENR_PWREN (1u << 28)
#define RCC_APB2ENR_SYSCFGEN (1u << 14)

/* ---- PWR (RM0385 4.4) ------------------------------------------------------------------- */

typedef struct {
  REG CR1;
  REG CSR1;
  REG CR2;
  REG CSR2;
} PWR_Regs;
#define PWR ((PWR_Regs *)0x40007000u)
#define PWR_CR1_VOS_SCALE1 (3u << 14)
#define PWR_CR1_ODEN (1u << 16)
#define PWR_CR1_ODSWEN (1u << 17)
#define PWR_CSR1_ODRDY (1u << 16)
#define PWR_CSR1_ODSWRDY (1u << 17)

/* ---- FLASH interface (RM0385 3.7) -------------------------------------------------------- */

typedef struct {
  REG ACR;
  REG KEYR;
  REG OPTKEYR;
  REG SR;
  REG CR;
  REG OPTCR;
  REG OPTCR1;
} FLASH_Regs;
#define FLASH ((FLASH_Regs *)0x40023C00u)
#define FLASH_ACR_LATENCY_Msk 0xFu
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ARTEN (1u << 9)

/* ---- GPIO (RM0385 6.4) ------------------------------------------------------------------- */

typedef struct {
  REG MODER;
  REG OTYPER;
  REG OSPEEDR;
  REG PUPDR;
  REG IDR;
  REG ODR;
  REG BSRR;
  REG LCKR;
  REG AFR[2]; /* AFRL, AFRH */
} GPIO_Regs;
#define GPIOA ((GPIO_Regs *)0x40020000u)
#define GPIOB ((GPIO_Regs *)0x40020400u)
#define GPIOC ((GPIO_Regs *)0x40020800u)
#define GPIOD ((GPIO_Regs *)0x40020C00u)
#define GPIO_MODE_INPUT 0u
#define GPIO_MODE_OUTPUT 1u
#define GPIO_MODE_ALTERNATE 2u

/* ---- SYSCFG and EXTI (RM0385 7.2, 10.9) -------------------------------------------------- */

typedef struct {
  REG MEMRMP;
  REG PMC;
  REG EXTICR[4];
  uint32_t reserved[2];
  REG CMPCR;
} SYSCFG_Regs;
#define SYSCFG ((SYSCFG_Regs *)0x40013800u)
#define SYSCFG_EXTICR_PC 2u /* port code of GPIOC in an EXTICR field */

typedef struct {
  REG IMR;
  REG EMR;
  REG RTSR;
  REG FTSR;
  REG SWIER;
  REG PR;
} EXTI_Regs;
#define EXTI ((EXTI_Regs *)0x40013C00u)

/* ---- USART (RM0385 31.8) ----------------------------------------------------------------- */

typedef struct {
  REG CR1;
  REG CR2;
  REG CR3;
  REG BRR;
  REG GTPR;
  REG RTOR;
  REG RQR;
  REG ISR;
  REG ICR;
  REG RDR;
  REG TDR;
} USART_Regs;
#define USART3 ((USART_Regs *)0x40004800u)
#define USART_CR1_UE (1u << 0)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_RXNEIE (1u << 5)
#define USART_ISR_ORE (1u << 3)
#define USART_ISR_RXNE (1u << 5)
#define USART_ISR_TC (1u << 6)
#define USART_ISR_TXE (1u << 7)
#define USART_ISR_TEACK (1u << 21)
#define USART_ICR_ORECF (1u << 3)

/* ---- General-purpose and basic timers (RM0385 23.4, 25.4) ------------------------------ */

typedef struct {
  REG CR1;
  REG CR2;
  REG SMCR;
  REG DIER;
  REG SR;
  REG EGR;
  REG CCMR1;
  REG CCMR2;
  REG CCER;
  REG CNT;
  REG PSC;
  REG ARR;
  REG RCR;
  REG CCR1;
  REG CCR2;
  REG CCR3;
  REG CCR4;
} TIM_Regs;
#define TIM3 ((TIM_Regs *)0x40000400u)
#define TIM4 ((TIM_Regs *)0x40000800u)
#define TIM6 ((TIM_Regs *)0x40001000u)
#define TIM_CR1_CEN (1u << 0)
#define TIM_CR1_ARPE (1u << 7)
#define TIM_DIER_UIE (1u << 0)
#define TIM_SR_UIF (1u << 0)
#define TIM_EGR_UG (1u << 0)
#define TIM_CCMR_OCxM_PWM1 6u /* OCxM = 110: high while CNT < CCRx */
#define TIM_CCMR_OCxPE (1u << 3)
#define TIM_CCER_CC3E (1u << 8)

/* ---- Interrupt numbers (RM0385 table 40) ------------------------------------------------ */

enum {
  TIM3_IRQn = 29,
  USART3_IRQn = 39,
  EXTI15_10_IRQn = 40,
  TIM6_DAC_IRQn = 54,
  SPI4_IRQn = 84,
  SPI5_IRQn = 85,
  SPI6_IRQn = 86,
};

static inline void nvic_enable(unsigned irq) { NVIC->ISER[irq / 32] = 1u << (irq % 32); }
static inline void nvic_set_pending(unsigned irq) { NVIC->ISPR[irq / 32] = 1u << (irq % 32); }
/* Priorities 0 (highest) to 15: the upper four bits of the byte. */
static inline void nvic_set_priority(unsigned irq, unsigned priority)
{
  NVIC->IPR[irq] = (uint8_t)(priority << 4);
}

#endif
