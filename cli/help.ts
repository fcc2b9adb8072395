/** `loom help [COMMAND]`. */
const GENERAL = `Loom: an emulator of the ARM Cortex-M7 and the STM32F746.

usage: loom COMMAND [ARGS]

commands:
  ui [IMAGE] [options]       the terminal UI: step, run and watch a program (the blinky demo)
  run IMAGE [options]        load a program, run it headless, report the registers
  asm FILE.s [options]       assemble Thumb code: print a listing, write the binary
  disasm IMAGE [options]     disassemble a program, with its symbols
  explain HALFWORD...        one Thumb encoding taken apart bit by bit
  gdb IMAGE [options]        serve the program, halted, to gdb-multiarch (GDB remote protocol)
  lesson [N]                 the lessons, from switches to a scheduler, and their exercises
  help [COMMAND]             this text, or a command's options

Images: .elf, .hex (Intel HEX), .bin (raw bytes) and .s (assembly source).
Numbers: 0x1f (hex), 31 (decimal), 0b11111 (binary).
`;

const UI = `usage: loom ui [IMAGE] [options]

The terminal UI: the registers, the code around the PC, memory, the stack, the board's LEDs and
button, the clocks, the serial console (USART3) and the peripherals, while the program runs in
real time or as fast as it goes. Without IMAGE it opens the blinky demo
(firmware/build/blinky-systick.elf); l in the UI loads the other demos.

  --base ADDR, --entry ADDR, --boot-address ADDR, --set REG=VALUE, --load FILE@ADDR,
  --poke ADDR=VALUE    as for loom run
  --board NAME         nucleo-f746zg (the default), nucleo-f767zi or stm32f746g-disco
  --run                start running at once (an IMAGE starts paused at its first instruction)
  --fast               as fast as possible (f switches), rather than paced to real time
  --gdb PORT           also serve GDB on PORT (0: any free port; the console says which),
                       as loom gdb does: the screen follows what the debugger does, gdb's
                       continue runs paced as the UI's own runs, p pauses it as Ctrl-C would
  --gdb-host ADDR      where the GDB server listens (127.0.0.1)

Keys: F5/c continue, F6/p pause, F11/s step, F10/n step over, Shift-F11/o step out,
F9/b breakpoint on the cursor line, u run to the cursor, r reset, g/m code/memory at an address
or symbol, w watch a word, 1 press B1, t type to the console, v FPU, d peripherals, Tab the
shared pane, ? all of them, q quit. It needs a terminal of 80x24 or more.
`;

const RUN = `usage: loom run IMAGE [options]

Loads IMAGE and runs it until it stops by itself (a \`b .\`, a fault, a breakpoint) or a limit.
An image that brings a vector table at the boot address starts through reset (SP and PC from
the table); any other starts at its entry (ELF e_entry, --entry or --base) with SP at the top of
SRAM (0x20050000; 0x20080000 on the STM32F767).

  --base ADDR          where a .bin or .s image goes (default 0x08000000 for .bin, the flash;
                       0x20000100 for .s, in DTCM)
  --entry ADDR         start here instead
  --boot-address ADDR  the BOOT_ADD0 option byte as an address (default 0x00200000, the flash)
  --set REG=VALUE      set a register before the run: r0-r12, sp, lr, pc, xpsr, msp, psp,
                       primask, basepri, faultmask, control, s0-s31 (bits), fpscr (repeatable)
  --load FILE@ADDR     also load FILE's bytes at ADDR (repeatable)
  --poke ADDR=VALUE    write a 32-bit word before the run, as a debugger would (repeatable)
  --steps N            execute exactly N instructions (each one of an IT block counts)
  --max-cycles N       stop once N cycles have elapsed
  --until ADDR|SYMBOL  stop when execution reaches ADDR or the symbol
  --dump ADDR:LEN      show LEN bytes of memory at ADDR (or a symbol) after the run (repeatable)
  --json               print one JSON object on stdout instead of the readable report

The board (a NUCLEO-F746ZG unless --board says otherwise):
  --board NAME         nucleo-f746zg, nucleo-f767zi or stm32f746g-disco
  --max-time SECONDS   stop after SECONDS of emulated time (0.5, 2); no instruction limit then
  --press BUTTON@TIME  press a button (B1) at TIME seconds of emulated time; it stays pressed
                       until a --release, or for DURATION with BUTTON@TIME+DURATION
                       (--press B1@0.5+0.2: from 0.5 s to 0.7 s) (repeatable)
  --release BUTTON@TIME
                       release it (repeatable)
  --uart-in TEXT|FILE  bytes for the console's RX (USART3 on the Nucleo): FILE's contents if
                       a file has that name, else TEXT; they arrive one frame after another
                       once the firmware enables the receiver (a busy firmware loses them, as
                       a board would: an overrun)
  --uart-in-at SECONDS start sending them at SECONDS of emulated time instead
  --trace-gpio         print every pin change (PB0 1) and LED or button change (LD1 lit) with
                       its emulated time on stderr, as it happens
  --vcd FILE           write the same changes, every GPIO pin and the board's LEDs and buttons
                       by name, as a Value Change Dump (GTKWave, PulseView)
  --realtime           pace emulated time to the wall clock: a 1 Hz blinky blinks at 1 Hz

What the program prints goes to stdout: semihosting and the board's serial console (USART3 on
the Nucleo, USART1 on the Discovery). Loom's report goes to stderr (or is the JSON object), and
so do its diagnostics, as they happen: a peripheral Loom does not model, a clock out of range.
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

const GDB = `usage: loom gdb IMAGE [--port N] [--host ADDR] [--board NAME] [--base ADDR]
                     [--boot-address ADDR] [--verbose]

Loads IMAGE, starts it halted at reset (or at its entry, as \`loom run\` does) and serves it to
one debugger at a time over GDB's remote protocol, as OpenOCD or QEMU serve a board:

  gdb-multiarch IMAGE -ex 'target remote 127.0.0.1:3333'

  --port N             the TCP port (default 3333; 0 picks a free one, printed on stderr)
  --host ADDR          the address to listen on (default 127.0.0.1, this machine only)
  --board NAME         nucleo-f746zg (the default), nucleo-f767zi or stm32f746g-disco
  --base ADDR          where a .bin or .s image goes (as for loom run)
  --boot-address ADDR  the BOOT_ADD0 option byte as an address (as for loom run)
  --verbose            log every packet on stderr

\`monitor help\` in GDB lists Loom's monitor commands (reset, halt, faults, leds, clocks).
What the program prints goes to stdout. Ctrl-C ends the server.
`;

const LESSON = `usage: loom lesson [N | start N | check N [FILE] | check N --dir DIR | reset N | try FILE]

  loom lesson                 the lessons, with your progress
  loom lesson N               lesson N's text, then its demo: for lessons 7 to 14, a
                              program the terminal UI opens (in a terminal, after Enter)
  loom lesson start N         copies lesson N's exercise to loom-lessons/NN-name/ here
  loom lesson check N [FILE]  checks your copy (or FILE) and says what to look at
  loom lesson check N --dir DIR
                              checks a class: DIR holds a folder per student (with the
                              exercise file anywhere inside) or a file per student (alice.hdl,
                              alice.s); one line per student
  loom lesson reset N         puts the starter back (your version is kept as FILE.old)
  loom lesson try FILE [--chip NAME] [--set INPUT=VALUE]...
                              a circuit's truth table, or its lamps for those switches;
                              a .card runs on the whiteboard computer (for the programs
                              of lessons 7 to 14, .s: loom run FILE and loom ui FILE)

Your progress is kept in $XDG_CONFIG_HOME/loom/progress.json (~/.config/loom by default).
Exit status: 0 when a check passes, 1 when it does not, 2 for a usage error.
`;

export const HELP: Record<string, string> = {
  ui: UI,
  run: RUN,
  asm: ASM,
  disasm: DISASM,
  explain: EXPLAIN,
  gdb: GDB,
  lesson: LESSON,
};

export function helpText(command?: string): string {
  return command !== undefined && command in HELP ? HELP[command] : GENERAL;
}
