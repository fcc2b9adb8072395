@ sum.s: lesson 9's exercise, solved.

        .syntax unified
        .thumb

        .equ N, 5               @ the last number to add

        movs r0, #0             @ R0: the sum so far
        movs r1, #1             @ R1: the number to add next, from 1 up to N
loop:
        adds r0, r0, r1         @ R0 = R0 + R1
        adds r1, r1, #1         @ the next number
        cmp r1, #N              @ compare R1 with N: the flags are set as for R1 - N
        ble loop                @ R1 <= N: N itself is added too
done:   b .                     @ R0 = 1 + 2 + ... + N
