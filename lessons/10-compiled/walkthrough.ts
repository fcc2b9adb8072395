/**
 * Lesson 10's walkthrough: sum.c and the code gcc made of it (firmware/build/sum.elf, taken
 * apart here) beside the hand-written sum.s; the linker script and where it put each section;
 * the vector table and the reset handler, and the ELF booted through reset on an emulated board.
 */
import { Machine } from '../../chip/machine.ts';
import { disassemble } from '../../cpu/disassemble.ts';
import { SHF_ALLOC } from '../../loader/elf.ts';
import { hex32 } from '../../loader/error.ts';
import { loadImage, startImage, type LoadedImage } from '../../loader/image.ts';
import type { LessonContext } from '../lesson.ts';
import { runItYourself } from '../machine/firmware.ts';
import { heading, listing, prose } from '../present.ts';

const ELF = 'firmware/build/sum.elf';
const FIRMWARE = '../../firmware/';
const LAST = 0x2000_0000;

/** The lines of `text` from the first that matches `from` to the first after it matching `to`. */
function excerpt(text: string, from: RegExp, to: RegExp): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => from.test(l));
  const end = lines.findIndex((l, k) => k > start && to.test(l));
  return lines.slice(start, end + 1).join('\n');
}

/** A function of the ELF, disassembled: its instructions, then its constants as words. */
async function disassembleFunction(machine: Machine, image: LoadedImage, name: string) {
  const symbol = image.symbols.get(name)!;
  const start = symbol.address & ~1;
  const end = start + symbol.size;
  // Mapping symbols ($t, $d) say where code stops and constants start (ELF for the Arm arch.).
  const data = image.elf!.mapping.find(
    (m) => m.kind === 'data' && m.address > start && m.address < end,
  );
  const codeEnd = data?.address ?? end;
  const insns = await disassemble(machine.bus.dump(start, codeEnd - start), start);
  const lines = insns.map((i) => {
    const bytes = Array.from(i.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `${hex32(i.address)}  ${bytes.padEnd(11)}  ${i.mnemonic.padEnd(6)} ${i.operands}`;
  });
  for (let a = codeEnd; a + 4 <= end; a += 4) {
    lines.push(`${hex32(a)}  ${' '.repeat(11)}  .word  ${hex32(machine.bus.read32(a))}`);
  }
  return lines;
}

/** Why the machine stopped (a function, so that TypeScript does not keep an old narrowing). */
const stopOf = (machine: Machine) => machine.cpu.stopped?.kind ?? 'running';

const indent = (lines: string[]) => lines.map((l) => `    ${l}`.trimEnd()).join('\n') + '\n';

export async function walkthrough(context: LessonContext): Promise<string> {
  const sumC = context.read(`${FIRMWARE}sum.c`);
  const sumS = context.read(`${FIRMWARE}sum.s`);
  const script = context.read(`${FIRMWARE}stm32f746.ld`);
  const startup = context.read(`${FIRMWARE}startup/startup.c`);

  let out = heading('The same sum in C');
  out += listing('firmware/sum.c', sumC.slice(sumC.indexOf('volatile int')));
  out += prose(
    'Lesson 9 wrote the loop by hand; here a compiler writes it. npm run firmware builds it ' +
      'with arm-none-eabi-gcc -mcpu=cortex-m7 -mthumb -O2 (firmware/build.ts), links it with ' +
      "Loom's startup code and linker script, and writes firmware/build/sum.elf: an ELF file, " +
      'the machine code with the addresses it goes to and the names of its functions.',
  );

  if (context.program === undefined) {
    out += '\n' + prose(runItYourself(`disasm ${ELF}`));
    return out;
  }
  const machine = new Machine();
  const image = await loadImage(machine, ELF, context.program(ELF));

  out += heading("The compiler's code beside yours");
  out += prose("gcc's main, from the ELF (loom disasm firmware/build/sum.elf shows all of it):");
  out += '\n' + indent(await disassembleFunction(machine, image, 'main')) + '\n';
  const hand = sumS.split('\n').filter((l) => /^\s*\w*:?\s+(movs|adds|subs|bne|b)\s/.test(l));
  out += prose('and firmware/sum.s, by hand:') + '\n';
  out += indent(hand) + '\n';
  out += prose(
    'The same idea, some differences. gcc counts up (R3 = 1, 2, ...) where sum.s counts down. ' +
      'last is volatile, "it may change behind the program\'s back", so gcc reads it ' +
      'from memory again each time round (ldr r2, [r1]) and compares with cmp; sum.s lets subs set ' +
      'the flags for free. gcc checks first that the loop runs at all (cmp r3, #0; ble), and ' +
      'main ends with bx lr, a return: main is a function, called by the startup code, and ' +
      'its result goes back in R0. The words after the code are constants the code loads with ' +
      "ldr [pc, #...]: here last's address, 0x20000000.",
  );

  out += heading('The linker script: where everything goes');
  out += listing(
    'firmware/stm32f746.ld (parts)',
    excerpt(script, /^MEMORY/, /^\}/) +
      '\n\n' +
      excerpt(script, /^\s*\.data :/, /__data_load/) +
      '\n\n' +
      excerpt(script, /^\s*\.bss/, /^\s*\} > RAM/),
  );
  const rows = image
    .elf!.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0)
    .map((s) => `${s.name.padEnd(12)}  ${hex32(s.address)}  ${String(s.size).padStart(5)} bytes`);
  out += prose('It put the sections of sum.elf here:') + '\n';
  out += indent(rows) + '\n';
  const dataLoad = image.symbols.get('__data_load')?.address;
  out += prose(
    '.isr_vector, the vector table, comes first in flash, at 0x08000000; the code (.text) ' +
      'after it. .data, the variables with a first value (last = 5), lives in RAM but its first ' +
      `value is kept in flash ("AT > FLASH"), at __data_load = ${dataLoad === undefined ? '?' : hex32(dataLoad)}: ` +
      'RAM forgets everything at power-off. .bss, the variables with none, takes room in RAM ' +
      'only: C says they start at 0 (sum.c has none, so its .bss is empty).',
  );

  out += heading('Reset: the vector table and the reset handler');
  const sp = machine.bus.read32(0x0800_0000) >>> 0;
  const reset = machine.bus.read32(0x0800_0004) >>> 0;
  startImage(machine, image);
  machine.bus.write32(LAST, 0xdead_beef);
  const handler = image.symbols.get('Reset_Handler')!.address & ~1;
  out += prose(
    `At reset the core reads two words at the boot address, 0x00200000, where the chip shows ` +
      `the flash: word 0, ${hex32(sp)} (__stack_top, the end of RAM), becomes SP; word 1, ` +
      `${hex32(reset)}, is Reset_Handler's address ${hex32(handler)} with bit 0 set, the Thumb ` +
      `bit. On the emulated board, after reset: SP = ${hex32(machine.cpu.msp)}, PC = ` +
      `${hex32(machine.cpu.pc)}. Reset_Handler, in firmware/startup/startup.c:`,
  );
  out +=
    '\n' +
    listing(
      'firmware/startup/startup.c (the end of Reset_Handler)',
      excerpt(startup, /\.data's initial values/, /halt\(main\(\)\)/)
        .split('\n')
        .map((l) => l.replace(/^ {2}/, ''))
        .join('\n'),
    );
  const main = image.symbols.get('main')!.address & ~1;
  machine.cpu.addBreakpoint(main);
  machine.run(100_000);
  const atMain = machine.cpu.instructions;
  const last = machine.bus.read32(LAST) >>> 0;
  machine.cpu.removeBreakpoint(main);
  machine.cpu.stopped = null;
  machine.run(100_000);
  out += prose(
    `Before that, Reset_Handler turns on the FPU (CPACR), since the code is built for it. gcc ` +
      `made the two loops into calls of memcpy and memset. Run here with RAM's first word ` +
      `set to garbage (0xdeadbeef), main is reached after ${atMain} instructions, with last = ` +
      `${last} at ${hex32(LAST)}: copied from flash. main returns R0 = ` +
      `${machine.cpu.regs[0]}, and the startup code stops on a b . (${stopOf(machine)}) ` +
      `after ${machine.cpu.instructions} instructions in all: sum.s took 18.`,
  );

  out += heading('Step it yourself');
  out += prose(
    'The terminal UI opens sum.elf paused at Reset_Handler, the first instruction after reset. ' +
      'B main (then Enter) sets a breakpoint on main, c runs to it; m 0x20000000 shows last in ' +
      'RAM. s steps main one instruction at a time; compare it with the listing above.',
  );
  return out;
}
