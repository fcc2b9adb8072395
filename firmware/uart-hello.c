/*
 * uart-hello.c: printf on the serial console, then an echo of every character received.
 *
 *   npx loom run firmware/build/uart-hello.elf --uart-in "hello, board"
 *
 * At 216 MHz (lib/clock.c) USART3 runs on PCLK1 = 54 MHz; BRR = 54,000,000 / 115,200 = 469
 * (lib/console.c). Each character is 10 bits on the wire (start, 8 data, stop): 86.8 us.
 * Reception is by interrupt: a byte in RDR sets ISR.RXNE, which with CR1.RXNEIE raises USART3's
 * interrupt (IRQ 39). The handler reads RDR (which clears RXNE) into a ring buffer, in time for
 * the next byte even while main is busy printing; main sends the buffer back. Between characters
 * the core sleeps; when nothing more is coming, Loom ends the run.
 */
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "console.h"
#include "stm32f746.h"

/* Written by the interrupt handler only (head) and by main only (tail). */
static volatile uint8_t received[256];
static volatile uint8_t head, tail;

void USART3_IRQHandler(void)
{
  uint32_t isr = USART3->ISR;
  if (isr & USART_ISR_ORE) USART3->ICR = USART_ICR_ORECF; /* a byte was lost: go on */
  if (isr & USART_ISR_RXNE) received[head++] = (uint8_t)USART3->RDR;
}

int main(void)
{
  clock_pll(8, 432);
  console_init(pclk1_hz);
  USART3->CR1 |= USART_CR1_RXNEIE;
  nvic_enable(USART3_IRQn);

  printf("Hello from the STM32F746 at %lu MHz!\n", (unsigned long)(hclk_hz / 1000000u));
  printf("Type: what you type comes back.\n");
  for (;;) {
    while (tail != head) console_putc((char)received[tail++]);
    /* Sleep unless a byte came in since the check. With PRIMASK set, an interrupt still wakes
     * WFI but is taken only after CPSIE (Cortex-M7 Generic User Guide 2.5.2): none slips in
     * between the check and the WFI. */
    __asm volatile("cpsid i" ::: "memory");
    if (tail == head) __asm volatile("wfi");
    __asm volatile("cpsie i" ::: "memory");
  }
}
