/** `loom help [COMMAND]`. */
const GENERAL = `Loom: an emulator of the ARM Cortex-M7 and the STM32F746.

usage: loom COMMAND [ARGS]

commands:
  run IMAGE [options]        load a program, run it headless, report the registers
  asm FILE.s [options]       assemble Thumb code: print a listing, write the binary
  disasm IMAGE [options]     disassemble a program, with its symbols
  explain HALFWORD...        one Thumb encoding taken apart bit by bit
  lesson [N]                 the lessons, from switches to a computer, and their exercises
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

const EXPLAIN = `usage: loom explain HALFWORD [HALFWORD2] [--at ADDR]

Takes one Thumb instruction apart, bit by bit, from the encoding table the core decodes with:
the fixed bits that select the encoding, each field by its ARM ARM name and value, what the
manual's decode makes of them, and for a branch its offset step by step (concatenation, sign
extension, PC + 4) and, with --at ADDR (the instruction's address), its target.

A 32-bit instruction is two halfwords, 0xf000 0xb800, or one number, 0xf000b800.
Exit status: 0 for a valid instruction, 1 for an UNDEFINED or UNPREDICTABLE one.
`;

const LESSON = `usage: loom lesson [N | start N | check N [FILE] | check N --dir DIR | reset N | try FILE]

  loom lesson                 the lessons, with your progress
  loom lesson N               lesson N's text, then its demo
  loom lesson start N         copies lesson N's exercise to loom-lessons/NN-name/ here
  loom lesson check N [FILE]  checks your copy (or FILE) and says what to look at
  loom lesson check N --dir DIR
                              checks a class: DIR holds a folder per student (with the
                              exercise file anywhere inside) or a file per student (alice.hdl);
                              one line per student
  loom lesson reset N         puts the starter back (your version is kept as FILE.old)
  loom lesson try FILE [--chip NAME] [--set INPUT=VALUE]...
                              a circuit's truth table, or its lamps for those switches;
                              a .card runs on the whiteboard computer

Your progress is kept in $XDG_CONFIG_HOME/loom/progress.json (~/.config/loom by default).
Exit status: 0 when a check passes, 1 when it does not, 2 for a usage error.
`;

export const HELP: Record<string, string> = {
  run: RUN,
  asm: ASM,
  disasm: DISASM,
  explain: EXPLAIN,
  lesson: LESSON,
};

export function helpText(command?: string): string {
  return command !== undefined && command in HELP ? HELP[command] : GENERAL;
}
