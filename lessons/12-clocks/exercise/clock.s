@ clock.s: raise SYSCLK from the 16 MHz HSI to 96 MHz from the PLL, fed by the Nucleo's 8 MHz
@ HSE (bypass); then LD1 (green, PB0) blinks: 100 ms on, 100 ms off.
@
@ Run it:      npx loom run clock.s --base 0x08000000 --max-time 1 --trace-gpio
@ Watch it:    npx loom ui clock.s --base 0x08000000 --run   (d twice: the RCC page)
@ Check it:    npx loom lesson check 12
@
@ As it is, the program blinks on the HSI, six times too slowly. The six steps marked TODO
@ raise the clock; the blink after them is written, its loop count already set for 96 MHz.
@ Why 96 MHz: it is below 180 MHz, so the regulator needs no over-drive (the reset voltage
@ scale 1 is enough), and the PLL's Q output can give USB's 48 MHz from the same VCO.
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
@ 432 MHz; SYSCLK = VCO / PLLP (the PLLP field: 00 divides by 2, 01 by 4, 10 by 6, 11 by 8);
@ USB = VCO / PLLQ.
@ TODO: choose PLLM, PLLN and PLLP so that SYSCLK is 96 MHz, and PLLQ so that USB gets 48 MHz.
        .equ PLLM, 1
        .equ PLLN, 1
        .equ PLLP_BITS, 0
        .equ PLLQ, 1
@ TODO: flash wait states for HCLK = 96 MHz at 3.3 V (RM0385 3.3.2: one more for each
@ 30 MHz above the first 30).
        .equ LATENCY, 0
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
        @ TODO 1. HSE: the ST-LINK feeds 8 MHz, so bypass the oscillator: set RCC_CR.HSEBYP
        @    (bit 18), then RCC_CR.HSEON (bit 16); wait until RCC_CR.HSERDY (bit 17) reads 1.

        @ TODO 2. Write RCC_PLLCFGR: PLLM (bits 5:0), PLLN (bits 14:6), PLLP (bits 17:16),
        @    PLLSRC (bit 22) = 1 for HSE, PLLQ (bits 27:24). It only takes a new value while
        @    the PLL is off, as it is after reset.

        @ TODO 3. Set RCC_CR.PLLON (bit 24); wait until RCC_CR.PLLRDY (bit 25) reads 1.

        @ TODO 4. FLASH_ACR.LATENCY (bits 3:0) = LATENCY, before the clock rises; read it back
        @    until it says so.

        @ TODO 5. RCC_CFGR: APB1 may run at 54 MHz at most, APB2 at 108: set PPRE1 (bits 12:10)
        @    and PPRE2 (bits 15:13) (0xx: /1, 100: /2, 101: /4, 110: /8, 111: /16); AHB /1
        @    (HPRE, bits 7:4, = 0000).

        @ TODO 6. RCC_CFGR.SW (bits 1:0) = 10: SYSCLK from the PLL; wait until RCC_CFGR.SWS
        @    (bits 3:2) reads 10.

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
