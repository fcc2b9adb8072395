/*
 * The NUCLEO-F746ZG board (UM1974): what is wired to the STM32F746's pins.
 *   LD1 green on PB0, LD2 blue on PB7, LD3 red on PB14: lit when the pin is high.
 *   B1, the blue user button, on PC13: reads 1 while pressed.
 *   The ST-LINK's virtual COM port on USART3: TX on PD8, RX on PD9 (alternate function 7).
 *   HSE: 8 MHz from the ST-LINK's MCO, an external clock (HSE bypass, no crystal).
 */
#ifndef NUCLEO_H
#define NUCLEO_H

#define LD1_PIN 0  /* GPIOB */
#define LD2_PIN 7  /* GPIOB */
#define LD3_PIN 14 /* GPIOB */
#define B1_PIN 13  /* GPIOC */
#define HSE_HZ 8000000u

#endif
