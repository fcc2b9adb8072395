@ startup.s: lesson 10's exercise, solved.

        .syntax unified
        .thumb

        .equ STACK_TOP, 0x20050000      @ one past the end of RAM: the stack grows down from it
        .equ LAST, 0x20000000           @ `last`, in .data: starts as 5, from flash
        .equ ROUNDS, 0x20000004         @ `rounds`, in .bss: starts as 0

@ --- The vector table, at 0x08000000 ---
vectors:
        .word STACK_TOP                 @ 0: the initial SP_main
        .word reset_handler             @ 1: Reset (a .thumb_func: bit 0 is set)
        .word default_handler           @ 2: NMI
        .word default_handler           @ 3: HardFault

@ --- .data's initial values, in flash ---
data_load:
        .word 5                         @ the initial value of `last`

@ --- The reset handler ---
        .thumb_func
reset_handler:
        ldr r0, =data_load              @ .data: copy the word from flash to RAM
        ldr r1, [r0]
        ldr r2, =LAST
        str r1, [r2]
        movs r1, #0                     @ .bss: zero the word
        ldr r2, =ROUNDS
        str r1, [r2]
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
