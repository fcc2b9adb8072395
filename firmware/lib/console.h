/* The Nucleo's serial console: USART3 on PD8 (TX) and PD9 (RX), 115200 baud, 8N1. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdint.h>

/* Sets up the pins and USART3 for a kernel clock (PCLK1) of `pclk1_hz`; printf goes there. */
void console_init(uint32_t pclk1_hz);
void console_putc(char c);
/* Waits until the last byte has left the wire (TC). */
void console_flush(void);

#endif
