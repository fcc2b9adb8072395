@ punch.s: lesson 8's exercise, solved.

        .syntax unified
        .thumb

        movs r1, #7             @ given: R1 = 7

@ --- punch below: .hword lines only ---
        .hword 0x202a           @ 1. movs r0, #42: 00100 000 00101010
        .hword 0x1840           @ 2. adds r0, r0, r1: 0001100 001 000 000
        .hword 0x1e49           @ 3. subs r1, r1, #1: 0001111 001 001 001
        .hword 0xd1fc           @ 4. bne to 2: 1101 0001 11111100 (-4 halfwords from PC)
@ --- end of punching ---

done:   b .                     @ R0 = 42 + 7 + 6 + 5 + 4 + 3 + 2 + 1 = 70
