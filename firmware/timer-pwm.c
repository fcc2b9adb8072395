/*
 * timer-pwm.c: two timers, no busy-wait.
 *   TIM3 makes a 1 kHz PWM signal on its channel 3, which PB0 (LD1, green) carries when the pin
 *     is in alternate function 2: LD1 is on for the first CCR3 microseconds of every
 *     millisecond, and looks dimmed (10%), half bright (50%) or nearly full (90%).
 *   TIM6, a basic timer, raises its update interrupt every 500 ms: the handler toggles LD3
 *     (red, PB14) and gives LD1 its next brightness.
 *
 *   npx loom run firmware/build/timer-pwm.elf --max-time 2 --vcd pwm.vcd
 *
 * The clock is the 16 MHz HSI; APB1's prescaler is 1, so both timers count at 16 MHz
 * (RM0385 5.2: the timer clock is PCLK1, doubled only when APB1 is divided). An update happens
 * every (PSC + 1) * (ARR + 1) timer clocks (RM0385, the timers' time-base unit):
 *   TIM3: 16 * 1000 = 16,000: 1 ms;   TIM6: 16,000 * 500 = 8,000,000: 500 ms.
 */
#include <stdint.h>

#include "nucleo.h"
#include "stm32f746.h"

#define AF2_TIM3 2u
static const uint16_t duty_us[] = {100, 500, 900};

void TIM6_DAC_IRQHandler(void)
{
  static unsigned step;
  TIM6->SR = ~TIM_SR_UIF; /* SR's flags clear when written with 0 (rc_w0) */
  GPIOB->ODR ^= 1u << LD3_PIN;
  step = (step + 1) % 3;
  TIM3->CCR3 = duty_us[step]; /* preloaded: takes effect at TIM3's next update, a clean period */
}

int main(void)
{
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN;
  RCC->APB1ENR |= RCC_APB1ENR_TIM3EN | RCC_APB1ENR_TIM6EN;
  (void)RCC->APB1ENR;

  /* PB0: alternate function 2, TIM3_CH3. PB14: an ordinary output. */
  GPIOB->AFR[0] = (GPIOB->AFR[0] & ~(0xFu << 4 * LD1_PIN)) | (AF2_TIM3 << 4 * LD1_PIN);
  GPIOB->MODER = (GPIOB->MODER & ~((3u << 2 * LD1_PIN) | (3u << 2 * LD3_PIN))) |
                 (GPIO_MODE_ALTERNATE << 2 * LD1_PIN) | (GPIO_MODE_OUTPUT << 2 * LD3_PIN);

  /* TIM3: 1 MHz count (PSC = 15), 1000 counts a period, channel 3 in PWM mode 1 (high while
   * CNT < CCR3) with its compare value preloaded, output enabled. */
  TIM3->PSC = 15;
  TIM3->ARR = 999;
  TIM3->CCR3 = duty_us[0];
  TIM3->CCMR2 = (TIM_CCMR_OCxM_PWM1 << 4) | TIM_CCMR_OCxPE; /* OC3M, OC3PE; CC3S = output */
  TIM3->CCER = TIM_CCER_CC3E;
  TIM3->EGR = TIM_EGR_UG; /* load PSC and CCR3 into their shadow registers now */
  TIM3->CR1 = TIM_CR1_ARPE | TIM_CR1_CEN;

  /* TIM6: 1 kHz count (PSC = 15999), an update every 500 counts, with its interrupt. */
  TIM6->PSC = 15999;
  TIM6->ARR = 499;
  TIM6->EGR = TIM_EGR_UG;
  TIM6->SR = 0; /* UG set UIF: clear it, or the interrupt would come at once */
  TIM6->DIER = TIM_DIER_UIE;
  nvic_enable(TIM6_DAC_IRQn);
  TIM6->CR1 = TIM_CR1_CEN;

  for (;;) __asm volatile("wfi");
}
