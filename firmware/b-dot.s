@ b-dot.s: the smallest program there is, one instruction that branches to itself.
@
@ Run it with:   npx loom run firmware/b-dot.s --base 0x20000100
@
@ `b .` means "branch to this very instruction": `.` is the assembler's name for the address
@ of the current instruction. The processor jumps back to where it is, again and again, and
@ does nothing else, forever. Firmware ends with a loop like this when it has nothing left to
@ do, and Loom sees it and stops: nothing could ever change what happens next.
@
@ Its encoding is the 16-bit halfword 0xE7FE (ARMv7-M Architecture Reference Manual, B encoding
@ T2): 11100 is B, and the 11-bit offset 0x7FE is -2 halfwords. A branch counts from the
@ instruction's address plus 4 (what the PC reads as in Thumb state), so the target is
@ address + 4 - 4 = the address itself. In memory the halfword is stored little-endian, low byte
@ first: FE E7 (see `npx loom asm firmware/b-dot.s -o /tmp/b-dot.bin`).
@
@ It is meant to be loaded at 0x20000100, in the DTCM RAM that starts at 0x20000000. It needs
@ no vector table: Loom starts it at --base, with the stack pointer at the top of SRAM.

        b .             @ branch to self: 0xE7FE
