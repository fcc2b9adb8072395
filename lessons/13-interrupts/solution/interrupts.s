@ interrupts.s: time and a button from interrupts, on the 16 MHz HSI.
@   SysTick interrupts every 1 ms; its handler counts the ticks and toggles LD1 (green, PB0)
@   every 500 of them: LD1 is on 500 ms, off 500 ms. Each press of B1 (PC13) reaches the NVIC
@   through EXTI line 13 and toggles LD2 (blue, PB7). Between interrupts the core sleeps (WFI).
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

        @ Part 1. SysTick: an exception every 16,000 cycles of the processor clock, 1 ms.
        ldr r0, =TICKS
        movs r1, #0
        str r1, [r0]
        ldr r0, =SYST_RVR
        ldr r1, =16000 - 1              @ it counts RVR, RVR - 1, ..., 0: RVR + 1 cycles
        str r1, [r0]
        ldr r0, =SYST_CVR
        str r1, [r0]                    @ any write clears the count: a whole first period
        ldr r0, =SYST_CSR
        movs r1, #(1 << 2) | (1 << 1) | (1 << 0) @ CLKSOURCE = core, TICKINT, ENABLE
        str r1, [r0]

        @ Part 2. B1 on PC13 -> EXTI line 13 -> IRQ 40 (EXTI15_10).
        ldr r0, =SYSCFG_EXTICR4
        ldr r1, [r0]
        bic r1, r1, #(0xf << 4)         @ EXTI13 (bits 7:4)...
        orr r1, r1, #(2 << 4)           @ ...= 0010: port C
        str r1, [r0]
        ldr r0, =EXTI_RTSR
        ldr r1, [r0]
        orr r1, r1, #(1 << 13)          @ a rising edge: B1 pressed (it reads high)
        str r1, [r0]
        ldr r0, =EXTI_IMR
        ldr r1, [r0]
        orr r1, r1, #(1 << 13)          @ line 13 unmasked
        str r1, [r0]
        ldr r0, =NVIC_ISER1
        mov r1, #(1 << (40 - 32))       @ IRQ 40 enabled in the NVIC
        str r1, [r0]

idle:   wfi                             @ sleep until an interrupt
        b idle

@ SysTick: 1 ms has passed.
        .thumb_func
systick_handler:
        ldr r0, =TICKS
        ldr r1, [r0]
        adds r1, r1, #1
        cmp r1, #500
        bne systick_done
        movs r1, #0                     @ the 500th: start counting again...
        ldr r2, =GPIOB_ODR
        ldr r3, [r2]
        eor r3, r3, #(1 << 0)           @ ...and toggle LD1
        str r3, [r2]
systick_done:
        str r1, [r0]
        bx lr                           @ LR holds EXC_RETURN: back to where the core was

@ EXTI lines 10-15: B1 was pressed.
        .thumb_func
exti15_10_handler:
        ldr r0, =EXTI_PR
        mov r1, #(1 << 13)
        str r1, [r0]                    @ write 1 to clear: else it is taken again at once
        ldr r0, =GPIOB_ODR
        ldr r1, [r0]
        eor r1, r1, #(1 << 7)           @ toggle LD2
        str r1, [r0]
        bx lr

        .thumb_func
fault_handler:
        b .                             @ a fault: Loom's checker shows why
