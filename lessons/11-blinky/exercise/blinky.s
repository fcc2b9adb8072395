@ blinky.s: make LD1 (green, PB0) blink on the 16 MHz HSI: 250 ms on, 250 ms off.
@
@ Run it:      npx loom run blinky.s --max-time 2 --trace-gpio
@ Watch it:    npx loom ui blinky.s --run
@ Check it:    npx loom lesson check 11
@
@ The blinking part is written; three things are left to you (the TODOs):
@   1. give port B its clock,
@   2. make PB0 an output,
@   3. work out how many times round the wait loop make 250 ms.
@ Registers: RM0385 5.3.10 (RCC_AHB1ENR), 6.4.1 (GPIOx_MODER), 6.4.7 (GPIOx_BSRR).

        .syntax unified
        .thumb

        .equ RCC_AHB1ENR, 0x40023830    @ RCC base 0x40023800 + 0x30
        .equ GPIOB_MODER, 0x40020400    @ GPIOB base 0x40020400 + 0x00
        .equ GPIOB_BSRR,  0x40020418    @ GPIOB base + 0x18

@ TODO 3: once round the wait loop below takes 3 cycles (SUBS 1, a taken BNE 2). How many
@ times round make 250 ms at 16 MHz?
        .equ HALF_PERIOD_LOOPS, 1000000

start:
        @ TODO 1: set bit 1 (GPIOBEN) of RCC_AHB1ENR, leaving its other bits as they are:
        @ load the word, OR the bit in (orr), store it back. Without it GPIOB has no clock and
        @ ignores every write.

        @ TODO 2: make PB0 a general-purpose output: MODER0, bits 1:0 of GPIOB_MODER, = 01.
        @ Change only those two bits (bic, then orr): the other pins have their own modes.

        @ 3. Blink through BSRR: bit 0 sets PB0, bit 16 resets it, no other pin moves.
        ldr r0, =GPIOB_BSRR
        mov r1, #(1 << 0)
        mov r2, #(1 << 16)
blink:
        str r1, [r0]                    @ LD1 on
        bl wait
        str r2, [r0]                    @ LD1 off
        bl wait
        b blink

@ wait: HALF_PERIOD_LOOPS times round. Uses r3.
wait:
        ldr r3, =HALF_PERIOD_LOOPS
wait_loop:
        subs r3, r3, #1                 @ 1 cycle
        bne wait_loop                   @ 2 cycles when taken (1, and 1 to refill the pipeline)
        bx lr
