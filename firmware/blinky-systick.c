/*
 * blinky-systick.c: time from an interrupt instead of a busy-wait. SysTick, the core's own
 * 24-bit down-counter (ARMv7-M ARM B3.3), raises its exception every 1 ms; the handler counts
 * milliseconds and the main loop toggles LD1 every 500 of them, sleeping (WFI) in between.
 *
 *   npx loom run firmware/build/blinky-systick.elf --max-time 5 --trace-gpio
 *
 * It starts on the 16 MHz HSI (SysTick reloads every 16,000 cycles), and after 2 seconds raises
 * the clock to 216 MHz (lib/clock.c) and reloads SysTick every 216,000 cycles: LD1 keeps its
 * rhythm, 500 ms on, 500 ms off, at either clock. Compare blinky-pll.c, whose busy-wait speeds up.
 */
#include <stdint.h>

#include "clock.h"
#include "nucleo.h"
#include "stm32f746.h"

static volatile uint32_t milliseconds;

void SysTick_Handler(void) { milliseconds++; }

/* SysTick on the processor clock, an exception every 1 ms (RELOAD = cycles per ms - 1). */
static void systick_1khz(uint32_t hclk)
{
  SysTick->CTRL = 0;
  SysTick->LOAD = hclk / 1000u - 1u;
  SysTick->VAL = 0; /* any write clears the count: the first period is a whole one */
  SysTick->CTRL = SysTick_CTRL_CLKSOURCE | SysTick_CTRL_TICKINT | SysTick_CTRL_ENABLE;
}

int main(void)
{
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  (void)RCC->AHB1ENR;
  GPIOB->MODER = (GPIOB->MODER & ~(3u << (2 * LD1_PIN))) | (GPIO_MODE_OUTPUT << (2 * LD1_PIN));

  systick_1khz(hclk_hz);
  uint32_t next_toggle = 500;
  for (;;) {
    __asm volatile("wfi"); /* sleep until the next interrupt: SysTick's */
    if (milliseconds < next_toggle) continue;
    GPIOB->ODR ^= 1u << LD1_PIN;
    next_toggle += 500;
    if (next_toggle == 2500) { /* the toggle at 2 s */
      clock_pll(8, 432);     /* 216 MHz */
      systick_1khz(hclk_hz); /* the same 1 ms from 13.5 times as many cycles */
    }
  }
}
