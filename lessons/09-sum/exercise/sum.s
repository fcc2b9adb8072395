@ sum.s: lesson 9's exercise. 1 + 2 + ... + N into R0, counting up this time: R1 goes 1, 2,
@ ..., N, and each time round the loop R0 = R0 + R1. Two things are missing: fill in the TODOs,
@ then check it:
@
@     loom lesson check 9
@
@ Step it with `loom ui sum.s` (s steps; watch R0, R1 and the flags N Z C V) or run it with
@ `loom run sum.s`. The checker runs it with N = 5 (R0 = 15), and with other values of N too:
@ use N, not the number 5, wherever the program means "the last number".

        .syntax unified
        .thumb

        .equ N, 5               @ the last number to add

        movs r0, #0             @ R0: the sum so far
        movs r1, #1             @ R1: the number to add next, from 1 up to N
loop:
        @ TODO: R0 = R0 + R1 (one instruction)
        adds r1, r1, #1         @ the next number
        cmp r1, #N              @ compare R1 with N: the flags are set as for R1 - N
        blt loop                @ TODO: BLT goes round while R1 < N. Is that right? Step it
                                @ and see which numbers are added (B<cond>: ARM ARM A7.3)
done:   b .                     @ R0 = 1 + 2 + ... + N
