@ memory.s: lesson 7's demo. Memory is a row of numbered cells, one byte each; some of the
@ numbers (addresses) are not memory at all but a device's registers.
@
@ Step it in the terminal UI:  loom ui lessons/07-memory-map/memory.s   (s steps, q quits)
@ and watch the Memory pane, which shows the cells from 0x20000000, and the Board pane's LEDs.

        .syntax unified
        .thumb

        ldr r0, =0x20000000     @ the first cell of the DTCM RAM
        ldr r1, =0x12345678
        str r1, [r0]            @ a word is four cells: 78 56 34 12, the low byte first
        movs r2, #0xab
        strb r2, [r0, #4]       @ one cell: 0x20000004
        ldr r3, =0xbeef
        strh r3, [r0, #6]       @ two cells: 0x20000006 = ef, 0x20000007 = be
        ldrb r4, [r0]           @ the cell at 0x20000000 alone: 0x78
        ldrb r5, [r0, #3]       @ the cell at 0x20000003: 0x12
        ldr r6, [r0, #4]        @ the word at 0x20000004: 0xbeef00ab

        @ Memory-mapped I/O: these stores go to registers of the RCC and of GPIO port B.
        ldr r0, =0x40023830     @ RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)   @ GPIOBEN: give port B its clock
        str r1, [r0]
        ldr r0, =0x40020400     @ GPIOB_MODER
        ldr r1, [r0]
        orr r1, r1, #(1 << 0)   @ MODER0 = 01: PB0 is an output
        str r1, [r0]
        movs r1, #1
        str r1, [r0, #0x14]     @ GPIOB_ODR = 1: PB0 goes high and LD1 (green) lights

done:   b .
