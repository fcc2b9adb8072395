/*
 * From the 16 MHz HSI to SYSCLK on the PLL, step by step as RM0385 chapter 5 (RCC) and 4.1.4
 * (over-drive) describe it, in the order ST's HAL follows. Every `while` waits for a ready flag
 * the hardware raises.
 */
#include "clock.h"

#include "nucleo.h"
#include "stm32f746.h"

uint32_t hclk_hz = 16000000u;
uint32_t pclk1_hz = 16000000u;

void clock_pll(uint32_t pllm, uint32_t plln)
{
  /* Voltage scale 1, the one that allows 216 MHz (PWR needs its clock first). */
  RCC->APB1ENR |= RCC_APB1ENR_PWREN;
  (void)RCC->APB1ENR;
  PWR->CR1 |= PWR_CR1_VOS_SCALE1;

  /* HSE: the Nucleo feeds 8 MHz from the ST-LINK, so bypass the oscillator (set HSEBYP while
   * HSE is off), then start it. */
  RCC->CR |= RCC_CR_HSEBYP;
  RCC->CR |= RCC_CR_HSEON;
  while ((RCC->CR & RCC_CR_HSERDY) == 0) {
  }

  /* The PLL can be configured only while it is off: stop it, and wait until it has. */
  RCC->CR &= ~RCC_CR_PLLON;
  while (RCC->CR & RCC_CR_PLLRDY) {
  }

  /* VCO input = HSE / PLLM, 0.95-2.1 MHz; VCO = input * PLLN, 100-432 MHz;
   * SYSCLK = VCO / PLLP; PLLQ = 9 gives USB's 48 MHz. */
  RCC->PLLCFGR = (pllm << RCC_PLLCFGR_PLLM_Pos) | (plln << RCC_PLLCFGR_PLLN_Pos) |
                 (0u << RCC_PLLCFGR_PLLP_Pos) | RCC_PLLCFGR_PLLSRC_HSE |
                 (9u << RCC_PLLCFGR_PLLQ_Pos);
  RCC->CR |= RCC_CR_PLLON;
  while ((RCC->CR & RCC_CR_PLLRDY) == 0) {
  }

  /* Above 180 MHz the regulator needs over-drive: enable it, then switch to it. */
  PWR->CR1 |= PWR_CR1_ODEN;
  while ((PWR->CSR1 & PWR_CSR1_ODRDY) == 0) {
  }
  PWR->CR1 |= PWR_CR1_ODSWEN;
  while ((PWR->CSR1 & PWR_CSR1_ODSWRDY) == 0) {
  }

  /* Flash wait states before the clock rises: 7 for 210-216 MHz at 2.7-3.6 V (RM0385 3.3.2).
   * Read back: the new latency must be in force before SYSCLK changes. */
  FLASH->ACR = 7u | FLASH_ACR_ARTEN | FLASH_ACR_PRFTEN;
  while ((FLASH->ACR & FLASH_ACR_LATENCY_Msk) != 7u) {
  }

  /* APB1 at most 54 MHz, APB2 at most 108 MHz; then SYSCLK from the PLL. */
  RCC->CFGR = (RCC->CFGR & ~((7u << RCC_CFGR_PPRE1_Pos) | (7u << RCC_CFGR_PPRE2_Pos) |
                             (0xFu << RCC_CFGR_HPRE_Pos))) |
              (RCC_CFGR_PPRE_DIV4 << RCC_CFGR_PPRE1_Pos) |
              (RCC_CFGR_PPRE_DIV2 << RCC_CFGR_PPRE2_Pos);
  RCC->CFGR = (RCC->CFGR & ~RCC_CFGR_SW_Msk) | RCC_CFGR_SW_PLL;
  while ((RCC->CFGR & RCC_CFGR_SWS_Msk) != RCC_CFGR_SWS_PLL) {
  }

  hclk_hz = HSE_HZ / pllm * plln / 2u;
  pclk1_hz = hclk_hz / 4u;
}
