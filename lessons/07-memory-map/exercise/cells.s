@ cells.s: lesson 7's exercise. Fill in the four TODOs, then check it:
@
@     loom lesson check 7
@
@ Run it yourself with `loom run cells.s` (the registers at the end, and --dump 0x20010000:16
@ shows cells), or step it with `loom ui cells.s` and watch the Memory pane (m goes to an
@ address). It is loaded at 0x20000100, in DTCM, runs from its first line and stops at `b .`.
@
@ STR writes a word (4 cells), STRH a halfword (2), STRB one byte; LDR, LDRH and LDRB read
@ them. `str r1, [r0, #4]` writes R1 to the word at R0 + 4.

        .syntax unified
        .thumb

@ 1. A word in DTCM: store 0xCAFEF00D at 0x20000400, with one STR.
        ldr r0, =0x20000400
        ldr r1, =0xcafef00d
        @ TODO: one STR that writes R1 to the word at R0

@ 2. Bytes in SRAM1: 0x11, 0x22, 0x33, 0x44 at 0x20010000, 0x20010001, 0x20010002 and
@    0x20010003, one STRB each; then the halfword 0xBEEF at 0x20010006, with STRH.
        ldr r0, =0x20010000
        movs r1, #0x11
        strb r1, [r0]
        @ TODO: the three other bytes, then the halfword

@ 3. Read them back with loads from the cells (not ldr rN, =value, which is a constant):
@    R5 = the word at 0x20010000 (LDR), R7 = the word at 0x20010004 (LDR),
@    R6 = the byte at 0x20000400 (LDRB).
@    Before you run it, write down what you expect in R5, R6 and R7.
        @ TODO

@ 4. A store that lights an LED. LD2 (blue) is on pin PB7: GPIO port B, pin 7. The port needs
@    its clock, and the pin must be an output; these lines do both:
        ldr r0, =0x40023830     @ RCC_AHB1ENR: the clocks of the AHB1 peripherals
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)   @ GPIOBEN: port B's clock on
        str r1, [r0]
        ldr r0, =0x40020400     @ GPIOB_MODER, the first register of port B
        ldr r1, [r0]
        orr r1, r1, #(1 << 14)  @ MODER7 (bits 15:14) = 01: PB7 is an output
        str r1, [r0]
        @ TODO: set bit 7 of GPIOB_ODR (port B's output data register, GPIOB + 0x14) with
        @ a store: the pin goes high and the LED lights

done:   b .
