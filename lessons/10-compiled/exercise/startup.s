@ startup.s: lesson 10's exercise. What a C program needs before main: a vector table, and a
@ reset handler that sets up its variables. This file is loaded into flash at 0x08000000, and
@ the board starts it through reset, as a real one starts: the core reads the initial SP from
@ the word at 0x08000000 (the boot address 0x00200000 shows the same flash) and jumps to the
@ address in the next word (ARMv7-M ARM B1.5.5). Fill in the TODOs, then check it:
@
@     loom lesson check 10
@
@ Watch it boot with `loom ui startup.s --base 0x08000000` (r resets it again), or run it with
@ `loom run startup.s --base 0x08000000`.
@
@ The program is sum.c's: `last` is an initialised variable (.data: its first value, 5, is kept
@ in flash and must be copied to its place in RAM), `rounds` an uninitialised one (.bss: it
@ must start at 0). In RAM after a reset there is whatever was there before: the checker fills
@ it with 0xdeadbeef first, as garbage.

        .syntax unified
        .thumb

        .equ STACK_TOP, 0x20050000      @ one past the end of RAM: the stack grows down from it
        .equ LAST, 0x20000000           @ `last`, in .data: starts as 5, from flash
        .equ ROUNDS, 0x20000004         @ `rounds`, in .bss: starts as 0

@ --- The vector table, at 0x08000000 ---
vectors:
        .word 0                         @ TODO 0: the initial SP_main
        .word reset_handler             @ 1: Reset. TODO: bit 0 of this address must be 1 (the
                                        @ Thumb bit); .thumb_func before a label does that
        .word default_handler           @ 2: NMI
        .word default_handler           @ 3: HardFault

@ --- .data's initial values, in flash ---
data_load:
        .word 5                         @ the initial value of `last`

@ --- The reset handler ---
reset_handler:
        @ TODO: copy the word at data_load (flash) to LAST (RAM)
        @ TODO: store 0 to ROUNDS
        bl sum                          @ R0 = sum()
done:   b .

@ --- Given: sum, the C program's main ---
@ R0 = 1 + 2 + ... + last; adds 1 to `rounds` each time round.
        .thumb_func
sum:
        ldr r2, =LAST
        ldr r1, [r2]                    @ R1 = last
        movs r0, #0
sum_loop:
        adds r0, r0, r1
        ldr r3, [r2, #4]                @ rounds = rounds + 1
        adds r3, r3, #1
        str r3, [r2, #4]
        subs r1, r1, #1
        bne sum_loop
        bx lr                           @ back to the caller: LR holds the return address

        .thumb_func
default_handler:
        b .                             @ an exception: the core stays here
