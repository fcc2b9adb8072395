/* The clock tree's fast setting: SYSCLK from the PLL on the Nucleo's 8 MHz HSE. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* HCLK, the core's clock, in Hz: 16 MHz after reset, what clock_pll() set afterwards. */
extern uint32_t hclk_hz;
/* The APB1 clock (USART3, TIM3, TIM6 run on it). */
extern uint32_t pclk1_hz;

/*
 * SYSCLK = 8 MHz / pllm * plln / 2 from the PLL, with over-drive on and 7 flash wait states;
 * APB1 = HCLK / 4, APB2 = HCLK / 2. pllm = 8, plln = 432 gives the maximum, 216 MHz.
 */
void clock_pll(uint32_t pllm, uint32_t plln);

#endif
