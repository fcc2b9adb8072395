/*
 * blinky-pll.c: blinky-registers.c's loop, unchanged, after the clock goes from the 16 MHz HSI
 * to 216 MHz from the PLL (lib/clock.c: HSE bypass, PLL, over-drive, 7 flash wait states).
 *
 *   npx loom run firmware/build/blinky-pll.elf --max-time 1 --trace-gpio
 *
 * The busy-wait takes the same number of cycles, each cycle is 216 / 16 = 13.5 times shorter:
 * LD1 now changes every 37 ms instead of every 500 ms.
 *
 * Built with -DPLL_M=25 it becomes blinky-pll-wrong.elf: PLLM = 25 is right for a board with a
 * 25 MHz HSE (the STM32F746G-DISCO) but not for the Nucleo's 8 MHz. The PLL's input becomes
 * 0.32 MHz, below its 0.95 MHz minimum, SYSCLK 69.12 MHz instead of 216, and LD1 blinks 4.3
 * times faster than at 16 MHz instead of 13.5. Loom says so when the PLL starts:
 *   PLL input 0.32 MHz (source / PLLM 25) is outside 0.95-2.1 MHz
 */
#include <stdint.h>

#include "clock.h"
#include "delay.h"
#include "nucleo.h"
#include "stm32f746.h"

#ifndef PLL_M
#define PLL_M 8 /* 8 MHz / 8 = 1 MHz into the VCO, x 432 = 432 MHz, / 2 = 216 MHz */
#endif
#define PLL_N 432

#define HALF_PERIOD_LOOPS 2666667u

int main(void)
{
  clock_pll(PLL_M, PLL_N);

  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  (void)RCC->AHB1ENR;
  GPIOB->MODER = (GPIOB->MODER & ~(3u << (2 * LD1_PIN))) | (GPIO_MODE_OUTPUT << (2 * LD1_PIN));

  for (;;) {
    GPIOB->BSRR = 1u << LD1_PIN;
    busy_wait(HALF_PERIOD_LOOPS);
    GPIOB->BSRR = 1u << (LD1_PIN + 16);
    busy_wait(HALF_PERIOD_LOOPS);
  }
}
