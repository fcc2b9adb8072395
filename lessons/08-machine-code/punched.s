@ punched.s: lesson 8's demo. A program written as numbers, one halfword per instruction, the
@ way it sits in memory: no mnemonics, only the bits the processor decodes.
@
@ punched.bin is this file assembled: the twelve bytes alone. Step them in the terminal UI,
@     loom ui lessons/08-machine-code/punched.bin --base 0x20000100   (s steps, q quits)
@ and the Code pane shows what each halfword decodes to (for this file, which says its numbers
@ are .hword data, it shows them as data). Take one apart with loom explain:
@     loom explain 0x2105         loom explain 0xe7fe --at 0x2000010a

        .syntax unified
        .thumb

        .hword 0x2000           @ movs r0, #0
        .hword 0x2105           @ movs r1, #5
        .hword 0x1840           @ adds r0, r0, r1
        .hword 0x3901           @ subs r1, #1
        .hword 0xd1fc           @ bne back to the adds
        .hword 0xe7fe           @ b . : the PC never moves again; R0 = 15
