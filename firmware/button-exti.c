/*
 * button-exti.c: pressing B1 (the blue button, PC13) toggles LD2 (blue, PB7) from an interrupt.
 *
 *   npx loom run firmware/build/button-exti.elf --press B1@0.5+0.2 --press B1@1.5+0.2 --trace-gpio
 *
 * The pin reaches the NVIC in three steps (RM0385 chapter 10):
 *   SYSCFG_EXTICR4.EXTI13 = PC: of the eleven pins numbered 13 (PA13 ... PK13), EXTI line 13
 *     listens to PC13;
 *   EXTI_RTSR.TR13 = 1, EXTI_IMR.MR13 = 1: a rising edge (the press) sets EXTI_PR.PR13 and
 *     raises the interrupt;
 *   NVIC: lines 10 to 15 share one interrupt, EXTI15_10 (IRQ 40).
 * The handler writes 1 to PR13 to clear it, or the interrupt would be taken again at once.
 * Between presses the core sleeps in WFI; once no press is left to come, Loom ends the run.
 */
#include <stdint.h>

#include "nucleo.h"
#include "stm32f746.h"

void EXTI15_10_IRQHandler(void)
{
  if (EXTI->PR & (1u << B1_PIN)) {
    EXTI->PR = 1u << B1_PIN; /* write 1 to clear */
    GPIOB->ODR ^= 1u << LD2_PIN;
  }
}

int main(void)
{
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIOBEN | RCC_AHB1ENR_GPIOCEN;
  RCC->APB2ENR |= RCC_APB2ENR_SYSCFGEN;
  (void)RCC->APB2ENR;

  GPIOB->MODER = (GPIOB->MODER & ~(3u << (2 * LD2_PIN))) | (GPIO_MODE_OUTPUT << (2 * LD2_PIN));
  /* PC13 stays an input (its reset mode); the board pulls it low while B1 is released. */

  SYSCFG->EXTICR[3] = (SYSCFG->EXTICR[3] & ~(0xFu << 4)) | (SYSCFG_EXTICR_PC << 4);
  EXTI->RTSR |= 1u << B1_PIN;
  EXTI->IMR |= 1u << B1_PIN;
  nvic_enable(EXTI15_10_IRQn);

  for (;;) __asm volatile("wfi");
}
