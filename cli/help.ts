/** `loom help [COMMAND]`. */
const GENERAL = `Loom: an emulator of the ARM Cortex-M7 and the STM32F746.

usage: loom COMMAND [ARGS]

commands:
  run IMAGE [options]        load a program, run it headless, report the registers
  asm FILE.s [options]       assemble Thumb code: print a listing, write the binary
  disasm IMAGE [options]     disassemble a program, with its symbols
  help [COMMAND]             this text, or a command's options

Images: .elf, .hex (Intel HEX), .bin (raw bytes) and .s (assembly source).
Numbers: 0x1f (hex), 31 (decimal), 0b11111 (binary).
`;

const RUN = `usage: loom run IMAGE [options]

Loads IMAGE and runs it until it stops by itself (a \`b .\`, a fault, a breakpoint) or a limit.
An image that brings a vector table at the boot address starts through reset (SP and PC from
the table); any other starts at its entry (ELF e_entry, --entry or --base) with SP at the top of
SRAM (0x20050000).

  --base ADDR          where a .bin or .s image goes (default 0x08000000 for .bin, the flash;
                       0x20000100 for .s, in DTCM)
  --entry ADDR         start here instead
  --boot-address ADDR  the BOOT_ADD0 option byte as an address (default 0x00200000, the flash)
  --set REG=VALUE      set a register before the run: r0-r12, sp, lr, pc, xpsr, msp, psp,
                       primask, basepri, faultmask, control (repeatable)
  --load FILE@ADDR     also load FILE's bytes at ADDR (repeatable)
  --poke ADDR=VALUE    write a 32-bit word before the run, as a debugger would (repeatable)
  --steps N            execute exactly N instructions (each one of an IT block counts)
  --max-cycles N       stop once N cycles have elapsed
  --until ADDR|SYMBOL  stop when execution reaches ADDR or the symbol
  --dump ADDR:LEN      show LEN bytes of memory at ADDR (or a symbol) after the run (repeatable)
  --json               print one JSON object on stdout instead of the readable report

What the program prints goes to stdout; Loom's report goes to stderr (or is the JSON object).
Exit status: 0 when the program halted or reached a limit, 1 after a fault or a lockup,
2 for a usage error or an image Loom cannot load; a program that exits through semihosting
(SYS_EXIT_EXTENDED, as newlib's exit() does) passes its own status on.
`;

const ASM = `usage: loom asm FILE.s [--base ADDR] [-o OUT.bin]

Assembles Thumb code for the Cortex-M7 (unified syntax) at ADDR (default 0x20000100), prints a
listing (line, address, bytes in memory order, source) and writes the machine code to OUT.bin
(default: FILE with .bin for .s).
`;

const DISASM = `usage: loom disasm IMAGE [--base ADDR]

Disassembles IMAGE's code: an ELF's executable sections with a header for each function, or a
raw image (.bin at --base, .hex, .s) from its first byte.
`;

export const HELP: Record<string, string> = { run: RUN, asm: ASM, disasm: DISASM };

export function helpText(command?: string): string {
  return command !== undefined && command in HELP ? HELP[command] : GENERAL;
}
