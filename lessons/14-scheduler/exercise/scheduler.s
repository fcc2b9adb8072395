@ scheduler.s: two tasks should share the core, switched by PendSV every millisecond.
@   Task A counts in r4 and toggles LD1 (green, PB0) every 4,096 counts; task B counts in its
@   own r4 and toggles LD2 (blue, PB7) every 8,192. Each keeps values of its own in r5-r11 and
@   checks, every time round, that they are still there: a context switch that loses a register
@   shows up in the task's record. SysTick pends PendSV every 1 ms; PendSV, at the lowest
@   priority, saves one task and restores the other.
@
@ Run it:      npx loom run scheduler.s --max-time 1 --trace-gpio
@ Watch it:    npx loom ui scheduler.s --run    (the Stack view shows the PSP's frames)
@ Check it:    npx loom lesson check 14
@
@ Everything is written but the context switch: PendSV's priority and its handler are yours
@ (the TODOs). As it is, PendSV returns to the task it interrupted, and task B never runs.
@ The program runs from RAM at 0x20000100 and points VTOR at its own vector table.
@ PendSV, SysTick, SHPR3, ICSR, VTOR, CONTROL, EXC_RETURN: ARMv7-M ARM B1.4.4, B1.5.2, B1.5.8,
@ B3.2.4-B3.2.12, B3.3.

        .syntax unified
        .thumb

        .equ RCC_AHB1ENR, 0x40023830
        .equ GPIOB_MODER, 0x40020400
        .equ GPIOB_ODR,   0x40020414
        .equ GPIOB_BSRR,  0x40020418
        .equ ICSR,        0xe000ed04    @ PENDSVSET is bit 28
        .equ VTOR,        0xe000ed08
        .equ SHPR3,       0xe000ed20    @ PRI_14 (PendSV) bits 23:16, PRI_15 (SysTick) 31:24
        .equ SYST_CSR,    0xe000e010
        .equ SYST_RVR,    0xe000e014
        .equ SYST_CVR,    0xe000e018

        .thumb_func
start:
        ldr r0, =VTOR
        ldr r1, =vectors
        str r1, [r0]                    @ exceptions now use the table below

        @ LD1 and LD2: port B's clock, PB0 and PB7 outputs.
        ldr r0, =RCC_AHB1ENR
        ldr r1, [r0]
        orr r1, r1, #(1 << 1)
        str r1, [r0]
        ldr r1, [r0]
        ldr r0, =GPIOB_MODER
        ldr r1, [r0]
        ldr r2, =(3 << 0) | (3 << 14)
        bic r1, r1, r2
        ldr r2, =(1 << 0) | (1 << 14)
        orr r1, r1, r2
        str r1, [r0]

        @ TODO: PendSV at the lowest priority, so that a switch waits until every other handler
        @ has finished: PRI_14, bits 23:16 of SHPR3, = 0xF0 (only bits 7:4 exist). Leave
        @ SysTick (PRI_15, bits 31:24) at 0x00, the highest. Read-modify-write SHPR3.

        @ SysTick every 1 ms at 16 MHz.
        ldr r0, =SYST_RVR
        ldr r1, =16000 - 1
        str r1, [r0]
        ldr r0, =SYST_CVR
        str r1, [r0]
        ldr r0, =SYST_CSR
        movs r1, #7                     @ CLKSOURCE, TICKINT, ENABLE
        str r1, [r0]

        @ Task A runs first, from here: Thread mode on the process stack (CONTROL.SPSEL = 1).
        ldr r0, =task_a_top
        msr psp, r0
        movs r0, #2
        msr control, r0
        isb                             @ the next instruction uses the new stack
        b task_a

@ ---- PendSV: the context switch ---------------------------------------------------------
@ On entry the hardware has pushed the running task's r0-r3, r12, lr, pc and xPSR on its
@ stack (the PSP), and LR holds EXC_RETURN 0xFFFFFFFD (back to Thread mode, on the PSP).
        .thumb_func
pendsv_handler:
        @ TODO: the context switch.
        @   1. Save the running task: push r4-r11 on its stack (the PSP: mrs, then stmdb with
        @      write-back), and store the new stack pointer in its control block,
        @      task_sp[current].
        @   2. Pick the other task: current = 1 - current.
        @   3. Restore it: load task_sp[current], pop its r4-r11 (ldmia with write-back), and
        @      set the PSP (msr) to where its hardware frame starts.
        @   4. Return with EXC_RETURN 0xFFFFFFFD: Thread mode, process stack. The hardware then
        @      pops r0-r3, r12, lr, pc and xPSR of the task you picked.
        @ Only r0-r3 and r12 are free to use here: the tasks' r4-r11 are still in the registers.
        bx lr

@ ---- SysTick: time's up for the running task -------------------------------------------
        .thumb_func
systick_handler:
        ldr r0, =ticks
        ldr r1, [r0]
        adds r1, r1, #1
        str r1, [r0]
        ldr r0, =ICSR
        mov r1, #(1 << 28)              @ PENDSVSET: PendSV runs once SysTick has returned
        str r1, [r0]
        bx lr

        .thumb_func
fault_handler:
        b .                             @ a fault: Loom's checker shows why

@ ---- The tasks --------------------------------------------------------------------------
@ A task sets r5-r11 to its tag + 5 ... tag + 11, then counts in r4 for ever; `verify` checks
@ them every time round.
task_a:
        ldr r0, =task_a_record
        bl set_registers
task_a_loop:
        adds r4, r4, #1
        ldr r0, =task_a_record
        bl verify
        lsls r0, r4, #20                @ every 4,096 counts (the low 12 bits are 0)...
        bne task_a_loop
        movs r0, #(1 << 0)              @ ...toggle LD1
        bl toggle
        b task_a_loop

task_b:
        ldr r0, =task_b_record
        bl set_registers
task_b_loop:
        adds r4, r4, #1
        ldr r0, =task_b_record
        bl verify
        lsls r0, r4, #19                @ every 8,192 counts...
        bne task_b_loop
        movs r0, #(1 << 7)              @ ...toggle LD2
        bl toggle
        b task_b_loop

@ r0 = a task's record: r4 = 0, r5-r11 = its tag + 5 ... + 11.
set_registers:
        ldr r1, [r0]
        movs r4, #0
        add r5, r1, #5
        add r6, r1, #6
        add r7, r1, #7
        add r8, r1, #8
        add r9, r1, #9
        add r10, r1, #10
        add r11, r1, #11
        bx lr

@ r0 = a task's record. r4 should be one more than the count stored last time, r5-r11 the
@ tag + 5 ... + 11. A register found wrong is counted in the record (the first one with its
@ number and values) and put right. Then the count is stored. Keeps r4-r11.
verify:
        push {r4-r11, lr}               @ [sp] = r4, [sp, #4] = r5, ... [sp, #28] = r11
        ldr r1, [r0, #4]
        adds r1, r1, #1                 @ what r4 should be
        movs r3, #4                     @ the register number
        mov r2, sp
verify_next:
        ldr r12, [r2]                   @ what it is
        cmp r12, r1
        beq verify_right
        ldr lr, [r0, #8]
        adds lr, lr, #1
        str lr, [r0, #8]                @ one more error
        cmp lr, #1
        bne verify_fix
        str r3, [r0, #12]               @ the first: which register,
        str r12, [r0, #16]              @ what it held,
        str r1, [r0, #20]               @ what it should have held
verify_fix:
        str r1, [r2]                    @ pop puts it right
verify_right:
        adds r2, r2, #4
        adds r3, r3, #1
        ldr r1, [r0]
        add r1, r1, r3                  @ tag + the next register's number
        cmp r3, #12
        bne verify_next
        ldr r1, [sp]
        str r1, [r0, #4]                @ the count
        pop {r4-r11, pc}

@ r0 = the pin's bit: toggle it through BSRR (set if it is off, reset if it is on).
toggle:
        ldr r1, =GPIOB_ODR
        ldr r1, [r1]
        tst r1, r0
        it ne
        lslne r0, r0, #16               @ on: its reset bit
        ldr r1, =GPIOB_BSRR
        str r0, [r1]
        bx lr

@ ---- Data -------------------------------------------------------------------------------
        .balign 4
current:                                @ the running task: 0 (A) or 1 (B)
        .word 0
task_sp:                                @ the tasks' control blocks: each one's saved PSP
        .word 0                         @ task A: written at its first switch
        .word task_b_initial            @ task B: the context below, made up to start it
ticks:
        .word 0

@ Each task's record: its tag, its count, the registers it found changed.
task_a_record:
        .word 0xa0000000, 0, 0, 0, 0, 0 @ tag, count, errors, first: register, found, expected
task_b_record:
        .word 0xb0000000, 0, 0, 0, 0, 0

        .balign 8
task_a_stack:
        .space 512
task_a_top:

task_b_stack:
        .space 448
task_b_initial:                         @ what PendSV restores the first time it picks task B
        .word 0, 0, 0, 0, 0, 0, 0, 0    @ r4-r11: popped by the handler (ldmia)
        .word 0, 0, 0, 0, 0             @ r0-r3, r12: popped by the exception return...
        .word 0                         @ lr: task B never returns
        .word task_b                    @ pc: where task B starts
        .word 0x01000000                @ xPSR: the Thumb bit
task_b_top:

@ The vector table: VTOR needs it aligned to its size rounded up to a power of two (16 + 98
@ entries: 512 bytes). Only the core's own exceptions are used here.
        .balign 512
vectors:
        .word 0x20050000                @ 0: initial SP (unused: the program started without reset)
        .word start                     @ 1: Reset
        .word fault_handler             @ 2: NMI
        .word fault_handler             @ 3: HardFault
        .word fault_handler             @ 4: MemManage
        .word fault_handler             @ 5: BusFault
        .word fault_handler             @ 6: UsageFault
        .word 0, 0, 0, 0                @ 7-10: reserved
        .word fault_handler             @ 11: SVCall
        .word fault_handler             @ 12: DebugMonitor
        .word 0                         @ 13: reserved
        .word pendsv_handler            @ 14: PendSV
        .word systick_handler           @ 15: SysTick
