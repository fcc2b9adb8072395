@ cells.s: lesson 7's exercise, solved.

        .syntax unified
        .thumb

@ 1. A word in DTCM: 0xCAFEF00D at 0x20000400, with one STR.
        ldr r0, =0x20000400
        ldr r1, =0xcafef00d
        str r1, [r0]

@ 2. Four bytes in SRAM1, one STRB each, and a halfword with STRH.
        ldr r0, =0x20010000
        movs r1, #0x11
        strb r1, [r0]
        movs r1, #0x22
        strb r1, [r0, #1]
        movs r1, #0x33
        strb r1, [r0, #2]
        movs r1, #0x44
        strb r1, [r0, #3]
        ldr r1, =0xbeef
        strh r1, [r0, #6]

@ 3. Read them back.
        ldr r5, [r0]            @ 0x44332211: the byte at the lowest address is the lowest
        ldr r7, [r0, #4]        @ 0xbeef0000: the halfword is the word's upper half
        ldr r0, =0x20000400
        ldrb r6, [r0]           @ 0x0d: the low byte of 0xCAFEF00D

@ 4. LD2 (blue, PB7) lit by a store to GPIOB_ODR.
        ldr r0, =0x40023830     @ RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)   @ GPIOBEN
        str r1, [r0]
        ldr r0, =0x40020400     @ GPIOB_MODER
        ldr r1, [r0]
        orr r1, r1, #(1 << 14)  @ MODER7 = 01: PB7 is an output
        str r1, [r0]
        movs r1, #(1 << 7)
        str r1, [r0, #0x14]     @ GPIOB_ODR bit 7: PB7 high, LD2 lit

done:   b .
