@ blinky.s: LD1 (green, PB0) blinks on the 16 MHz HSI: 250 ms on, 250 ms off.
@
@ Run it:      npx loom run blinky.s --max-time 2 --trace-gpio
@ Watch it:    npx loom ui blinky.s --run
@ Check it:    npx loom lesson check 11
@
@ Registers: RM0385 5.3.10 (RCC_AHB1ENR), 6.4.1 (GPIOx_MODER), 6.4.7 (GPIOx_BSRR).

        .syntax unified
        .thumb

        .equ RCC_AHB1ENR, 0x40023830    @ RCC base 0x40023800 + 0x30
        .equ GPIOB_MODER, 0x40020400    @ GPIOB base 0x40020400 + 0x00
        .equ GPIOB_BSRR,  0x40020418    @ GPIOB base + 0x18

@ 250 ms at 16 MHz is 4,000,000 cycles; once round the wait loop is 3 of them (SUBS 1, a taken
@ BNE 2), so 4,000,000 / 3 = 1,333,333 times round.
        .equ HALF_PERIOD_LOOPS, 1333333

start:
        @ 1. Port B's clock: RCC_AHB1ENR.GPIOBEN (bit 1), read-modify-write.
        ldr r0, =RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)
        str r1, [r0]
        ldr r1, [r0]                    @ read back: the clock is on before GPIOB is touched

        @ 2. PB0 a general-purpose output: MODER0 (bits 1:0) = 01, the other pins as they were.
        ldr r0, =GPIOB_MODER
        ldr r1, [r0]
        bic r1, r1, #(3 << 0)
        orr r1, r1, #(1 << 0)
        str r1, [r0]

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

@ wait: about 250 ms at 16 MHz. Uses r3.
wait:
        ldr r3, =HALF_PERIOD_LOOPS
wait_loop:
        subs r3, r3, #1                 @ 1 cycle
        bne wait_loop                   @ 2 cycles when taken (1, and 1 to refill the pipeline)
        bx lr
