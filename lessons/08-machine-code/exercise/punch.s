@ punch.s: lesson 8's exercise. Punch four instructions by hand, as halfwords (.hword 0x....):
@ between the two marker lines, no mnemonics. Then check it:
@
@     loom lesson check 8
@
@ Each TODO gives the instruction and its encoding from the ARMv7-M Architecture Reference
@ Manual (section A7.7): fixed bits, then fields, most significant bit first. Fill in the
@ fields, write the 16 bits as four hex digits, and check each with loom explain (loom explain
@ 0x2105 takes apart movs r1, #5). The program is loaded at 0x20000100: the movs below is there,
@ halfword 1 at 0x20000102, halfword 2 at 0x20000104, and so on. It stops at `b .`.

        .syntax unified
        .thumb

        movs r1, #7             @ given: R1 = 7

@ --- punch below: .hword lines only ---
        @ 1. movs r0, #42
        @    MOV (immediate) T1:  0 0 1 0 0 | Rd:3 | imm8:8
        .hword 0x0000           @ TODO

        @ 2. adds r0, r0, r1   (R0 = R0 + R1)
        @    ADD (register) T1:   0 0 0 1 1 0 0 | Rm:3 | Rn:3 | Rd:3
        .hword 0x0000           @ TODO

        @ 3. subs r1, r1, #1   (R1 = R1 - 1; the flags: Z = 1 when R1 becomes 0)
        @    SUB (immediate) T1:  0 0 0 1 1 1 1 | imm3:3 | Rn:3 | Rd:3
        .hword 0x0000           @ TODO

        @ 4. bne back to halfword 2 (branch if Z = 0: while R1 is not 0)
        @    B T1:                1 1 0 1 | cond:4 | imm8:8
        @    cond NE is 0001. The target is PC + imm8 * 2, with imm8 signed (two's complement)
        @    and PC the address of this instruction + 4.
        .hword 0x0000           @ TODO
@ --- end of punching ---

done:   b .                     @ R0 = 42 + 7 + 6 + 5 + 4 + 3 + 2 + 1 = 70
