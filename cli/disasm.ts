/** `loom disasm IMAGE [--base ADDR]`: the code, with a header where each symbol starts. */
import { Machine } from '../chip/machine.ts';
import { disassemble, type Disassembled } from '../cpu/disassemble.ts';
import { PF_X, SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS, type MappingSymbol } from '../loader/elf.ts';
import { loadImage, type LoadedImage } from '../loader/image.ts';
import type { SymbolTable } from '../loader/symbols.ts';
import { option, parseArgs, type CommandSpec } from './args.ts';
import type { Io } from './io.ts';
import { parseAddress } from './numbers.ts';

export const DISASM: CommandSpec = {
  name: 'disasm',
  positionals: ['IMAGE'],
  options: [{ name: 'base', value: 'ADDR' }],
};

export interface Region {
  name: string;
  address: number;
  bytes: Uint8Array;
}

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

/** What to disassemble: an ELF's code sections (or executable segments), else what was loaded. */
export function regions(image: LoadedImage, machine: Machine): Region[] {
  const elf = image.elf;
  if (elf !== undefined) {
    const code = elf.sections.filter(
      (s) =>
        s.type === SHT_PROGBITS &&
        (s.flags & (SHF_ALLOC | SHF_EXECINSTR)) === (SHF_ALLOC | SHF_EXECINSTR) &&
        s.size > 0,
    );
    if (code.length > 0)
      return code.map((s) => ({ name: s.name, address: s.address, bytes: s.data }));
    return elf.segments
      .filter((s) => (s.flags & PF_X) !== 0)
      .map((s) => ({ name: `segment ${s.index}`, address: s.vaddr, bytes: s.data }));
  }
  return image.segments.map((s) => ({
    name: image.name,
    address: s.address,
    bytes: machine.bus.dump(s.address, s.size),
  }));
}

/** Data (after a $d mapping symbol) shown as words, then halfwords and bytes for the tail. */
export function dataLines(bytes: Uint8Array, address: number): Disassembled[] {
  const out: Disassembled[] = [];
  for (let k = 0; k < bytes.length;) {
    const size =
      bytes.length - k >= 4 && (address + k) % 4 === 0 ? 4 : bytes.length - k >= 2 ? 2 : 1;
    let value = 0;
    for (let j = size - 1; j >= 0; j--) value = value * 256 + bytes[k + j];
    const mnemonic = size === 4 ? '.word' : size === 2 ? '.short' : '.byte';
    const operands = '0x' + value.toString(16).padStart(size * 2, '0');
    out.push({ address: address + k, size, bytes: bytes.slice(k, k + size), mnemonic, operands });
    k += size;
  }
  return out;
}

function formatLine(d: Disassembled, symbols: SymbolTable): string {
  const bytes = Array.from(d.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  let operands = d.operands;
  if (d.target !== undefined) {
    const name = symbols.describe(d.target);
    operands = operands.replace(/#(0x[0-9a-f]+)$/, (_, a: string) => (name ? `${a} <${name}>` : a));
  }
  return `  ${h8(d.address)}:  ${bytes.padEnd(11)}  ${d.mnemonic.padEnd(8)} ${operands}`.trimEnd();
}

async function regionText(
  r: Region,
  symbols: SymbolTable,
  mapping: MappingSymbol[],
): Promise<string[]> {
  const end = r.address + r.bytes.length;
  const inside = (a: number) => a >= r.address && a < end;
  const cuts = new Set<number>([r.address]);
  for (const s of symbols) if (s.type !== 'other' && inside(s.address)) cuts.add(s.address);
  for (const m of mapping) if (inside(m.address)) cuts.add(m.address);
  const starts = [...cuts].sort((a, b) => a - b);
  const lines = [`Disassembly of ${r.name} (0x${h8(r.address)}, ${r.bytes.length} bytes):`];
  let isData = false;
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k];
    const to = k + 1 < starts.length ? starts[k + 1] : end;
    for (const m of mapping)
      if (inside(m.address) && m.address <= from) isData = m.kind !== 'thumb';
    const names = symbols.startingAt(from);
    if (names.length > 0) lines.push('', `${h8(from)} <${names[0].name}>:`);
    const bytes = r.bytes.subarray(from - r.address, to - r.address);
    const decoded = isData ? dataLines(bytes, from) : await disassemble(bytes, from);
    for (const d of decoded) lines.push(formatLine(d, symbols));
  }
  return lines;
}

export async function disasmCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, DISASM);
  const path = args.positionals[0];
  const base = option(args, 'base');
  const machine = new Machine();
  const image = await loadImage(machine, path, io.readFile(path), {
    base: base === undefined ? undefined : parseAddress(base, '--base'),
  });
  const mapping = image.elf?.mapping ?? [];
  const out: string[] = [];
  for (const r of regions(image, machine)) {
    if (out.length > 0) out.push('');
    out.push(...(await regionText(r, image.symbols, mapping)));
  }
  io.stdout(out.join('\n') + '\n');
  return 0;
}
