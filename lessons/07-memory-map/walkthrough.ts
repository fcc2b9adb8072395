/**
 * Lesson 7's walkthrough: the demo program run here, its cells shown byte by byte, the chip's
 * memory map drawn from the same table the emulator is built from, and the stores that reached
 * a device rather than memory.
 */
import { STM32F746_MEMORY, STM32F746_PERIPHERALS, type Bus } from '../../chip/stm32f746.ts';
import { hex32 } from '../../loader/error.ts';
import type { LessonContext } from '../lesson.ts';
import { bytesAt, hex } from '../machine/program.ts';
import { runExercise } from '../machine/run.ts';
import { heading, listing, prose } from '../present.ts';

const DTCM = 0x2000_0000;

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;

/** The peripheral at `address`, as 'GPIOB + 0x14'. */
function peripheralAt(address: number): string | undefined {
  const p = STM32F746_PERIPHERALS.find((s) => address >= s.base && address < s.base + s.size);
  return p === undefined ? undefined : `${p.name} + ${hex(address - p.base)}`;
}

const table = (rows: string[][]) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return (
    rows
      .map(
        (r) =>
          '    ' +
          r
            .map((cell, c) => cell.padEnd(widths[c]))
            .join('  ')
            .trimEnd(),
      )
      .join('\n') + '\n'
  );
};

/** The memory regions, then the peripherals bus by bus, then the core's own registers. */
export function memoryMap(): string {
  const rows = [['from', 'to', 'size', 'what']];
  for (const r of STM32F746_MEMORY) {
    const what = r.aliasOf ? `${r.name}: the same cells as ${r.aliasOf}` : r.name;
    rows.push([hex32(r.base), hex32(r.base + r.size - 1), size(r.size), `${what} (${r.kind})`]);
  }
  const buses: Bus[] = ['APB1', 'APB2', 'AHB1', 'AHB2', 'AHB3'];
  for (const bus of buses) {
    const on = STM32F746_PERIPHERALS.filter((p) => p.bus === bus);
    const from = Math.min(...on.map((p) => p.base));
    const to = Math.max(...on.map((p) => p.base + p.size - 1));
    const names = on
      .slice(0, 4)
      .map((p) => p.name)
      .join(', ');
    rows.push([hex32(from), hex32(to), '', `${bus}: ${on.length} peripherals (${names}, ...)`]);
  }
  rows.push([
    hex32(0xe000_0000),
    hex32(0xe00f_ffff),
    '1 MB',
    "the core's own: NVIC, SysTick, SCB, MPU",
  ]);
  rows.sort((a, b) => (a[0] === 'from' ? -1 : b[0] === 'from' ? 1 : a[0].localeCompare(b[0])));
  return table(rows);
}

export async function walkthrough(context: LessonContext): Promise<string> {
  const source = context.read('memory.s');
  const outcome = await runExercise(source, 'memory.s', {
    maxInstructions: 1000,
    trace: { stores: [{ address: 0x4002_0000, length: 0x3c00 }] },
  });
  if (!outcome.ok) throw new Error(`lesson 7's demo: ${outcome.result.summary}`);
  const run = outcome.run;
  const regs = run.machine.cpu.regs;

  let out = heading('Memory is a row of cells');
  out += prose(
    'Memory is a very long row of cells. Each holds one byte, 8 bits, a number from 0 to 255, ' +
      'and each has a number of its own, its address. The Cortex-M7 has 32-bit addresses: ' +
      '4,294,967,296 of them, from 0x00000000 to 0xFFFFFFFF. A word is 4 bytes, in 4 cells in a ' +
      'row; a halfword is 2. The demo, memory.s, stores into the DTCM RAM at 0x20000000:',
  );
  const stores = source
    .split('\n')
    .filter((l) => /^\s+(ldr|str|movs)/.test(l))
    .slice(0, 10)
    .map((l) => l.slice(8));
  out += '\n' + listing('memory.s', stores.join('\n'));
  out += prose('(ldr r0, =value puts a 32-bit number in R0.)') + '\n';
  out += prose('After it ran, here on an emulated board, the first 8 cells are:') + '\n';
  out += table([
    ['address', ...Array.from({ length: 8 }, (_, k) => `+${k}`)],
    [hex32(DTCM), ...bytesAt(run, DTCM, 8).split(' ')],
  ]);
  out +=
    '\n' +
    prose(
      `The word 0x12345678 went in as 78 56 34 12: the lowest byte in the cell with the ` +
        `lowest address. That order is called little-endian, and it is the Cortex-M7's. So LDRB ` +
        `of 0x20000000 gives R4 = ${hex(regs[4])}, LDRB of 0x20000003 gives R5 = ${hex(regs[5])}, ` +
        `and LDR of the word at 0x20000004, whose cells are ab 00 ef be, gives R6 = ` +
        `${hex32(regs[6])}. The cells do not know what they hold: a word, two halfwords, four ` +
        'characters or an instruction are all bytes. The instruction that reads them decides.',
    );

  out += heading("The STM32F746's memory map");
  out +=
    prose(
      'Only some addresses answer. This is where the STM32F746 puts its memories and its ' +
        'devices (from chip/stm32f746.ts, the table Loom builds the chip from; RM0385 section 2.2):',
    ) + '\n';
  out += memoryMap();
  out +=
    '\n' +
    prose(
      'Flash keeps the program when the power is off; the chip boots from it. DTCM (tightly ' +
        'coupled memory), SRAM1 and SRAM2 are RAM, one after the other from 0x20000000: 320 KB ' +
        "that forget everything at power-off. Loom runs a lesson's program from 0x20000100, in " +
        'DTCM. A load or store anywhere else, where nothing answers, is a bus fault.',
    );

  out += heading('Memory-mapped I/O: a store that lights an LED');
  out +=
    prose(
      'From 0x40000000 on, the addresses are not memory but the registers of devices. A store ' +
        "there does not keep a number: it switches something. The demo's last stores:",
    ) + '\n';
  for (const a of run.trace!.accesses.filter((x) => x.kind === 'store')) {
    out += `    ${hex32(a.pc)}  ${a.encoding.padEnd(20)} to ${hex32(a.address)}  ${peripheralAt(a.address) ?? ''}\n`;
  }
  const lit = run.pins.find((p) => p.pin === 'PB0' && p.level === 1);
  out +=
    '\n' +
    prose(
      'RCC_AHB1ENR (RCC + 0x30) turns on the clock of GPIO port B; GPIOB_MODER (GPIOB + 0x00) ' +
        'makes pin PB0 an output; GPIOB_ODR (GPIOB + 0x14), the output data register, sets it: ' +
        (lit === undefined
          ? 'PB0 goes high.'
          : `PB0 went high at ${(lit.atSeconds * 1e6).toFixed(2)} µs of emulated time, `) +
        'and LD1, the green LED wired to it on the Nucleo board, lit. It is the same STR ' +
        'instruction that wrote the cells above: only the address differs.',
    );

  out += heading('Step it yourself');
  out += prose(
    'The terminal UI opens memory.s paused at its first instruction. s steps one instruction: ' +
      'the Memory pane shows the cells from 0x20000000 (what changed is in red), the Registers ' +
      'pane R0-R6, and the Board pane LD1, which lights at the last store. d shows a GPIO port ' +
      'pin by pin ([ and ] for the others); m moves the Memory pane to another address: try ' +
      '0x40020400, GPIO port B, before and after the last stores.',
  );
  return out;
}
