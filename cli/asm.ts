/** `loom asm FILE.s [--base ADDR] [-o OUT.bin]`: a listing on stdout, the binary in a file. */
import type { ListingLine } from '../loader/asm.ts';
import { assembleFile, DEFAULT_BASE } from '../loader/image.ts';
import { option, parseArgs, type CommandSpec } from './args.ts';
import type { Io } from './io.ts';
import { parseAddress } from './numbers.ts';

export const ASM: CommandSpec = {
  name: 'asm',
  positionals: ['FILE.s'],
  options: [
    { name: 'base', value: 'ADDR' },
    { name: 'output', value: 'OUT.bin', short: 'o' },
  ],
};

/** Bytes shown on one listing line; longer data continues on the next lines. */
const PER_ROW = 4;
/** Rows shown for one source line (a `.space 4096` needs no more). */
const MAX_ROWS = 4;

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

function rows(l: ListingLine): string[] {
  const number = l.line === 0 ? '    ' : String(l.line).padStart(4);
  const hex = (from: number) =>
    Array.from(l.bytes.subarray(from, from + PER_ROW), (b) => b.toString(16).padStart(2, '0'))
      .join(' ')
      .padEnd(PER_ROW * 3 - 1);
  const label = /^\s*[A-Za-z_.$][\w.$]*\s*:/.test(l.source);
  if (l.address === undefined || (l.bytes.length === 0 && !label))
    return [`${number}  ${' '.repeat(8)}  ${' '.repeat(PER_ROW * 3 - 1)}  ${l.source}`];
  const out = [`${number}  ${h8(l.address)}  ${hex(0)}  ${l.source}`];
  for (let k = PER_ROW; k < l.bytes.length; k += PER_ROW) {
    if (out.length === MAX_ROWS) {
      out.push(`${' '.repeat(4)}  ${' '.repeat(8)}  ... ${l.bytes.length - k} more bytes`);
      break;
    }
    out.push(`${' '.repeat(4)}  ${h8(l.address + k)}  ${hex(k)}`);
  }
  return out;
}

export async function asmCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ASM);
  const path = args.positionals[0];
  const base = parseAddress(option(args, 'base') ?? String(DEFAULT_BASE.asm), '--base');
  const out = option(args, 'output') ?? path.replace(/(\.(s|asm))?$/i, '.bin');
  const source = new TextDecoder().decode(io.readFile(path));
  const assembly = await assembleFile(path, source, base);
  io.stdout(
    assembly.lines
      .flatMap(rows)
      .map((r) => r.trimEnd())
      .join('\n') + '\n',
  );
  io.writeFile(out, assembly.code);
  io.stderr(`wrote ${assembly.code.length} bytes to ${out} (at 0x${h8(base)})\n`);
  return 0;
}
