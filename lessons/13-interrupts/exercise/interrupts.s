@ interrupts.s: time and a button from interrupts, on the 16 MHz HSI.
@   Part 1: SysTick should interrupt every 1 ms, and its handler toggle LD1 (green, PB0) every
@   500 ticks: LD1 on 500 ms, off 500 ms.
@   Part 2: each press of B1 (PC13) should reach the NVIC through EXTI line 13, and its handler
@   toggle LD2 (blue, PB7).
@   Between interrupts the core sleeps (WFI). The vector table, the LEDs and the main loop are
@   written; the parts marked TODO are yours.
@
@ Run it:      npx loom run interrupts.s --base 0x08000000 --max-time 2 --trace-gpio \
@                  --press B1@0.3+0.1
@ Watch it:    npx loom ui interrupts.s --base 0x08000000 --run    (1 presses B1)
@ Check it:    npx loom lesson check 13
@
@ SysTick and the NVIC: ARMv7-M ARM B3.3 and B3.4. EXTI and SYSCFG: RM0385 10.9 and 7.2.

        .syntax unified
        .thumb

        .equ RCC_AHB1ENR,    0x40023830
        .equ RCC_APB2ENR,    0x40023844
        .equ GPIOB_MODER,    0x40020400
        .equ GPIOB_ODR,      0x40020414
        .equ SYSCFG_EXTICR4, 0x40013814 @ EXTI lines 12-15: which port each listens to
        .equ EXTI_IMR,       0x40013c00
        .equ EXTI_RTSR,      0x40013c08
        .equ EXTI_PR,        0x40013c14
        .equ SYST_CSR,       0xe000e010 @ SysTick control and status
        .equ SYST_RVR,       0xe000e014 @ reload value
        .equ SYST_CVR,       0xe000e018 @ current value
        .equ NVIC_ISER1,     0xe000e104 @ set-enable for IRQ 32-63
        .equ TICKS,          0x20000000 @ a word of RAM: milliseconds since the last toggle

@ The vector table, at 0x08000000 (the chip boots from it): the initial SP, then the address of
@ each exception's handler, with bit 0 set (Thumb). IRQ n is entry 16 + n.
vectors:
        .word 0x20050000                @ 0: initial SP_main, the top of SRAM2
        .word reset_handler             @ 1: Reset
        .word fault_handler             @ 2: NMI
        .word fault_handler             @ 3: HardFault
        .word fault_handler             @ 4: MemManage
        .word fault_handler             @ 5: BusFault
        .word fault_handler             @ 6: UsageFault
        .word 0, 0, 0, 0                @ 7-10: reserved
        .word fault_handler             @ 11: SVCall
        .word fault_handler             @ 12: DebugMonitor
        .word 0                         @ 13: reserved
        .word fault_handler             @ 14: PendSV
        .word systick_handler           @ 15: SysTick
        .space 40 * 4                   @ IRQ 0-39: not used here
        .word exti15_10_handler         @ IRQ 40: EXTI lines 10 to 15

        .thumb_func
reset_handler:
        @ The clocks of port B (LD1, LD2), port C (B1) and SYSCFG; PB0 and PB7 outputs.
        ldr r0, =RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1) | (1 << 2) @ GPIOBEN, GPIOCEN
        str r1, [r0]
        ldr r0, =RCC_APB2ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 14)          @ SYSCFGEN
        str r1, [r0]
        ldr r1, [r0]                    @ read back: the clocks are on
        ldr r0, =GPIOB_MODER
        ldr r1, [r0]
        ldr r2, =(3 << 0) | (3 << 14)
        bic r1, r1, r2
        ldr r2, =(1 << 0) | (1 << 14)   @ MODER0 = MODER7 = 01: outputs
        orr r1, r1, r2
        str r1, [r0]

        ldr r0, =TICKS
        movs r1, #0
        str r1, [r0]

        @ TODO part 1. SysTick: an exception every 1 ms, 16,000 cycles of the 16 MHz processor
        @ clock. SYST_RVR: the reload value (the counter goes RVR, RVR - 1, ..., 0, so RVR + 1
        @ cycles a period). SYST_CVR: write anything to clear the count. Then SYST_CSR:
        @ CLKSOURCE (bit 2) = 1, the processor clock; TICKINT (bit 1) = 1, an exception when the
        @ count reaches 0; ENABLE (bit 0) = 1.

        @ TODO part 2. B1 on PC13 -> EXTI line 13 -> IRQ 40 (EXTI15_10):
        @   SYSCFG_EXTICR4 bits 7:4 (EXTI13) = 0010, port C (read-modify-write);
        @   EXTI_RTSR bit 13 = 1: a rising edge (B1 pressed reads high) sets EXTI_PR bit 13;
        @   EXTI_IMR bit 13 = 1: line 13 unmasked, a pending line raises IRQ 40;
        @   NVIC_ISER1 bit 8 (40 - 32) = 1: the NVIC takes IRQ 40.

idle:   wfi                             @ sleep until an interrupt
        b idle

@ SysTick: 1 ms has passed.
        .thumb_func
systick_handler:
        @ TODO part 1: add 1 to the word at TICKS; on the 500th tick set it back to 0 and toggle
        @ LD1, with the three lines below. LR holds EXC_RETURN: bx lr goes back to where the
        @ core was.
        ldr r2, =GPIOB_ODR
        ldr r3, [r2]
        eor r3, r3, #(1 << 0)           @ toggle LD1
        str r3, [r2]
        bx lr

@ EXTI lines 10-15: B1 was pressed.
        .thumb_func
exti15_10_handler:
        @ TODO part 2: clear EXTI_PR bit 13 (write 1 to it): while it stays set, the line keeps
        @ IRQ 40 pending and the handler is taken again as soon as it returns.
        ldr r0, =GPIOB_ODR
        ldr r1, [r0]
        eor r1, r1, #(1 << 7)           @ toggle LD2
        str r1, [r0]
        bx lr

        .thumb_func
fault_handler:
        b .                             @ a fault: Loom's checker shows why
