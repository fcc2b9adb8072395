/*
 * printf through USART3: newlib calls _write for what it prints, and _write hands each byte to
 * the USART when its transmit data register is empty (ISR.TXE): RM0385's USART chapter,
 * "character transmission procedure".
 */
#include "console.h"

#include <stdio.h>

#include "stm32f746.h"

#define BAUD 115200u
#define TX_PIN 8 /* PD8 */
#define RX_PIN 9 /* PD9 */
#define AF7_USART3 7u

void console_init(uint32_t pclk1_hz)
{
  RCC->AHB1ENR |= RCC_AHB1ENR_GPIODEN;
  RCC->APB1ENR |= RCC_APB1ENR_USART3EN;
  (void)RCC->APB1ENR;

  /* PD8 and PD9 in alternate-function mode, AF7 (USART3) in AFRH. */
  GPIOD->AFR[1] = (GPIOD->AFR[1] & ~((0xFu << 4 * (TX_PIN - 8)) | (0xFu << 4 * (RX_PIN - 8)))) |
                  (AF7_USART3 << 4 * (TX_PIN - 8)) | (AF7_USART3 << 4 * (RX_PIN - 8));
  GPIOD->MODER = (GPIOD->MODER & ~((3u << 2 * TX_PIN) | (3u << 2 * RX_PIN))) |
                 (GPIO_MODE_ALTERNATE << 2 * TX_PIN) | (GPIO_MODE_ALTERNATE << 2 * RX_PIN);

  /* 16x oversampling: BRR = kernel clock / baud, rounded (RM0385, USART "baud rate
   * generation"). 8 data bits, 1 stop bit, no parity are CR1's and CR2's reset values. */
  USART3->BRR = (pclk1_hz + BAUD / 2) / BAUD;
  USART3->CR1 = USART_CR1_TE | USART_CR1_RE | USART_CR1_UE;
  /* The transmitter acknowledges TE (ISR.TEACK) before it sends; ST's HAL waits for it too. */
  while ((USART3->ISR & USART_ISR_TEACK) == 0) {
  }

  setvbuf(stdout, NULL, _IONBF, 0); /* every printf reaches the wire at once */
}

void console_putc(char c)
{
  while ((USART3->ISR & USART_ISR_TXE) == 0) {
  }
  USART3->TDR = (uint8_t)c;
}

void console_flush(void)
{
  while ((USART3->ISR & USART_ISR_TC) == 0) {
  }
}

/* newlib's output hook: stdout and stderr both go to the console. */
int _write(int fd, const char *bytes, int length)
{
  (void)fd;
  for (int k = 0; k < length; k++) console_putc(bytes[k]);
  return length;
}
