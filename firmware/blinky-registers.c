/*
 * blinky-registers.c: LD1 (green, PB0) blinks, by registers alone, on the 16 MHz HSI that the
 * STM32F746 runs on after reset.
 *
 *   npx loom run firmware/build/blinky-registers.elf --max-time 3 --trace-gpio
 *
 * Three steps, as RM0385 describes them:
 *   1. RCC_AHB1ENR.GPIOBEN = 1: port B gets its clock (without it, writes to GPIOB are lost).
 *   2. GPIOB_MODER: pin 0 becomes a general-purpose output (MODER0 = 01).
 *   3. GPIOB_BSRR: writing bit 0 drives the pin high, bit 16 drives it low, nothing else moves.
 * Between toggles the core counts down a busy-wait (include/delay.h): 2,666,667 times round at
 * 3 cycles is 8,000,000 cycles, half a second at 16 MHz, so LD1 changes twice a second.
 */
#include <stdint.h>

#include "delay.h"
#include "nucleo.h"
#include "stm32f746.h"

#define HALF_PERIOD_LOOPS 2666667u

int main(void)
{
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  (void)RCC->AHB1ENR; /* read back: the clock is on before the port is touched */

  GPIOB->MODER = (GPIOB->MODER & ~(3u << (2 * LD1_PIN))) | (GPIO_MODE_OUTPUT << (2 * LD1_PIN));

  for (;;) {
    GPIOB->BSRR = 1u << LD1_PIN; /* LD1 on */
    busy_wait(HALF_PERIOD_LOOPS);
    GPIOB->BSRR = 1u << (LD1_PIN + 16); /* LD1 off */
    busy_wait(HALF_PERIOD_LOOPS);
  }
}
