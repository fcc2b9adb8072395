@ blinky.s: the Nucleo-F746ZG's green LED (LD1) blinks once a second; the blue one (LD2) is lit
@ while the user button B1 is held.
@
@ Run it with:   npx loom ui ui/demos/blinky.s --base 0x08000000
@           or:  npx loom ui, then l (the load menu): blinky-asm
@
@ The chip runs on its 16 MHz HSI oscillator, as after reset. SysTick counts processor cycles
@ and interrupts every 8,000,000 of them, half a second: its handler toggles LD1 (PB0). Between
@ interrupts the core sleeps in WFI, so emulating it costs almost nothing. B1 (PC13) reaches
@ the NVIC through EXTI line 13 on both edges: its handler copies the button to LD2 (PB7).
@
@ The image goes to the flash at 0x08000000; the chip boots from its ITCM alias 0x00200000,
@ where it finds the vector table below: the stack's top, then the handlers' addresses.
@ Registers and bits: RM0385 sections 5.3 (RCC), 6.4 (GPIO), 7.2 (SYSCFG), 10.9 (EXTI);
@ SysTick and NVIC: ARMv7-M ARM B3.3 and B3.4.

        .syntax unified
        .thumb

vectors:
        .word 0x20050000                @ 0: initial SP_main, the top of SRAM2
        .word reset_handler             @ 1: Reset
        .word default_handler           @ 2: NMI
        .word default_handler           @ 3: HardFault
        .word default_handler           @ 4: MemManage
        .word default_handler           @ 5: BusFault
        .word default_handler           @ 6: UsageFault
        .word 0, 0, 0, 0                @ 7-10: reserved
        .word default_handler           @ 11: SVCall
        .word default_handler           @ 12: DebugMonitor
        .word 0                         @ 13: reserved
        .word default_handler           @ 14: PendSV
        .word systick_handler           @ 15: SysTick
        .space 40 * 4                   @ IRQ 0-39: not used here
        .word exti15_10_handler         @ IRQ 40: EXTI lines 10-15

        .thumb_func
reset_handler:
        ldr r0, =0x40023830             @ RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1) | (1 << 2) @ GPIOBEN, GPIOCEN: clock the LED and button ports
        str r1, [r0]
        ldr r0, =0x40023844             @ RCC_APB2ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 14)          @ SYSCFGEN
        str r1, [r0]

        ldr r0, =0x40020400             @ GPIOB_MODER
        ldr r1, [r0]
        ldr r2, =(1 << 0) | (1 << 14) | (1 << 28)
        orr r1, r1, r2                  @ PB0, PB7, PB14 (LD1, LD2, LD3): general purpose output
        str r1, [r0]

        ldr r0, =0x40013814             @ SYSCFG_EXTICR4
        movs r1, #2 << 4                @ EXTI13 <- port C (PC13, the button)
        str r1, [r0]
        ldr r0, =0x40013c00             @ EXTI
        mov r1, #(1 << 13)
        str r1, [r0, #0x00]             @ EXTI_IMR: line 13 unmasked
        str r1, [r0, #0x08]             @ EXTI_RTSR: on a press
        str r1, [r0, #0x0c]             @ EXTI_FTSR: and on a release
        ldr r0, =0xe000e104             @ NVIC_ISER1
        mov r1, #(1 << (40 - 32))       @ IRQ 40, EXTI15_10
        str r1, [r0]

        ldr r0, =0xe000e010             @ SysTick
        ldr r1, =8000000 - 1
        str r1, [r0, #4]                @ LOAD: an interrupt every 8,000,000 cycles (0.5 s)
        movs r1, #0
        str r1, [r0, #8]                @ VAL: start from the top
        movs r1, #7
        str r1, [r0, #0]                @ CTRL: ENABLE, TICKINT, CLKSOURCE = processor clock

idle:   wfi                             @ sleep until the next interrupt
        b idle

        .thumb_func
systick_handler:
        ldr r0, =0x40020414             @ GPIOB_ODR
        ldr r1, [r0]
        eor r1, r1, #1                  @ toggle PB0: LD1
        str r1, [r0]
        bx lr                           @ LR holds EXC_RETURN: back to where the core was

        .thumb_func
exti15_10_handler:
        ldr r0, =0x40013c14             @ EXTI_PR
        mov r1, #(1 << 13)
        str r1, [r0]                    @ writing 1 clears the pending bit
        ldr r0, =0x40020810             @ GPIOC_IDR
        ldr r1, [r0]
        ldr r2, =0x40020418             @ GPIOB_BSRR
        tst r1, #(1 << 13)              @ B1 pressed? (PC13 reads high)
        ite ne
        movne r1, #(1 << 7)             @ yes: set PB7, LD2 lights
        moveq r1, #(1 << (7 + 16))      @ no: reset PB7
        str r1, [r2]
        bx lr

        .thumb_func
default_handler:
        b .                             @ an exception this demo does not expect
