@ clock.s: SYSCLK from the PLL at 96 MHz, fed by the Nucleo's 8 MHz HSE (bypass), then LD1
@ (green, PB0) blinks: 100 ms on, 100 ms off.
@
@ Run it:      npx loom run clock.s --base 0x08000000 --max-time 1 --trace-gpio
@ Watch it:    npx loom ui clock.s --base 0x08000000 --run   (d twice: the RCC page)
@ Check it:    npx loom lesson check 12
@
@ Why 96 MHz: it is below 180 MHz, so the regulator needs no over-drive (the reset voltage
@ scale 1 is enough), and the PLL's Q output gives USB's 48 MHz from the same VCO.
@ Registers: RM0385 5.3.1 (RCC_CR), 5.3.2 (RCC_PLLCFGR), 5.3.3 (RCC_CFGR), 3.7.1 (FLASH_ACR).

        .syntax unified
        .thumb

        .equ RCC_CR,      0x40023800
        .equ RCC_PLLCFGR, 0x40023804
        .equ RCC_CFGR,    0x40023808
        .equ RCC_AHB1ENR, 0x40023830
        .equ FLASH_ACR,   0x40023c00
        .equ GPIOB_MODER, 0x40020400
        .equ GPIOB_BSRR,  0x40020418

@ The PLL (RM0385 5.3.2): VCO input = HSE / PLLM, 0.95 to 2.1 MHz; VCO = input x PLLN, 100 to
@ 432 MHz; SYSCLK = VCO / PLLP; USB = VCO / PLLQ.
@   8 MHz / 8 = 1 MHz;  1 MHz x 192 = 192 MHz;  192 / 2 = 96 MHz;  192 / 4 = 48 MHz.
        .equ PLLM, 8
        .equ PLLN, 192
        .equ PLLP_BITS, 0               @ PLLP field 00: divide by 2
        .equ PLLQ, 4
@ Flash wait states for 90 < HCLK <= 120 MHz at 2.7-3.6 V (RM0385 3.3.2): 3.
        .equ LATENCY, 3
@ 100 ms at 96 MHz is 9,600,000 cycles: 3,200,000 times round a 3-cycle loop.
        .equ HALF_PERIOD_LOOPS, 3200000

vectors:
        .word 0x20050000                @ initial SP: the top of SRAM2
        .word reset_handler             @ Reset
        .word fault_handler             @ NMI
        .word fault_handler             @ HardFault
        .word fault_handler             @ MemManage
        .word fault_handler             @ BusFault
        .word fault_handler             @ UsageFault

        .thumb_func
reset_handler:
        @ 1. HSE: the ST-LINK feeds 8 MHz, so bypass the oscillator (HSEBYP, bit 18) before
        @    turning HSE on (HSEON, bit 16); wait for HSERDY (bit 17).
        ldr r0, =RCC_CR
        ldr r1, [r0]
        orr r1, r1, #(1 << 18)
        str r1, [r0]
        orr r1, r1, #(1 << 16)
        str r1, [r0]
wait_hse:
        ldr r1, [r0]
        tst r1, #(1 << 17)
        beq wait_hse

        @ 2. The PLL's factors, while it is off (it is, after reset); PLLSRC (bit 22) = HSE.
        ldr r2, =RCC_PLLCFGR
        ldr r1, =(PLLM | (PLLN << 6) | (PLLP_BITS << 16) | (1 << 22) | (PLLQ << 24))
        str r1, [r2]

        @ 3. PLLON (bit 24); wait for PLLRDY (bit 25).
        ldr r1, [r0]
        orr r1, r1, #(1 << 24)
        str r1, [r0]
wait_pll:
        ldr r1, [r0]
        tst r1, #(1 << 25)
        beq wait_pll

        @ 4. Flash wait states before the clock rises; read back until they are in force.
        ldr r2, =FLASH_ACR
        ldr r1, [r2]
        bic r1, r1, #0xf
        orr r1, r1, #LATENCY
        str r1, [r2]
wait_latency:
        ldr r1, [r2]
        and r1, r1, #0xf
        cmp r1, #LATENCY
        bne wait_latency

        @ 5. The bus prescalers: AHB /1 (HPRE 0000), APB1 /2 (PPRE1 100: 48 MHz, at most 54),
        @    APB2 /1 (PPRE2 000: 96 MHz, at most 108).
        ldr r2, =RCC_CFGR
        ldr r1, [r2]
        bic r1, r1, #(0xf << 4)
        bic r1, r1, #(0x3f << 10)
        orr r1, r1, #(4 << 10)
        str r1, [r2]

        @ 6. SYSCLK from the PLL: SW (bits 1:0) = 10; wait until SWS (bits 3:2) says so.
        bic r1, r1, #3
        orr r1, r1, #2
        str r1, [r2]
wait_sws:
        ldr r1, [r2]
        and r1, r1, #(3 << 2)
        cmp r1, #(2 << 2)
        bne wait_sws

        @ LD1: port B's clock, PB0 an output (lesson 11), then blink.
        ldr r0, =RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)
        str r1, [r0]
        ldr r1, [r0]
        ldr r0, =GPIOB_MODER
        ldr r1, [r0]
        bic r1, r1, #3
        orr r1, r1, #1
        str r1, [r0]

        ldr r0, =GPIOB_BSRR
        mov r1, #(1 << 0)
        mov r2, #(1 << 16)
blink:
        str r1, [r0]                    @ LD1 on
        bl wait
        str r2, [r0]                    @ LD1 off
        bl wait
        b blink

wait:
        ldr r3, =HALF_PERIOD_LOOPS
wait_loop:
        subs r3, r3, #1
        bne wait_loop
        bx lr

        .thumb_func
fault_handler:
        b .                             @ a fault: Loom's checker shows why
