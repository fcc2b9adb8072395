@ sum.s: adds 1 + 2 + 3 + 4 + 5 into R0, then stops.
@
@ Run it with:   npx loom run firmware/sum.s --base 0x20000100
@ or step it in the terminal UI:  npx loom ui firmware/sum.s --base 0x20000100
@ It ends with R0 = 15 (0x0000000f) and the PC on the final `b .`.
@
@ R1 counts down from 5 to 1; each time round the loop R0 += R1. The S in MOVS, ADDS and SUBS
@ means "set the flags": SUBS sets Z when R1 reaches 0, and BNE ("branch if not equal", i.e.
@ if Z is clear) goes round again until then.

        movs r0, #0     @ R0: the sum so far
        movs r1, #5     @ R1: the next number to add
loop:   adds r0, r0, r1 @ R0 = R0 + R1
        subs r1, r1, #1 @ R1 = R1 - 1, and Z = 1 when it becomes 0
        bne loop        @ not zero yet: add the next one
done:   b .             @ finished: branch to self, R0 = 15
