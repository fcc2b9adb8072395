/**
 * Thumb assembly through keystone (loaded on first use, so that running an ELF never pays for it):
 * plain machine code, or a listing that gives each source line its address and bytes, and the
 * labels as symbols. Errors name the line.
 *
 * The listing works by instrumentation: a label goes in front of every line that may carry one,
 * and a table of `.word`s at the end gives their addresses; keystone reports nothing else.
 */
import { AssemblyError } from './asm-error.ts';
import { prepareSource, type PreparedSource } from './asm-source.ts';
import { tryAssemble } from './keystone.ts';
import { SymbolTable } from './symbols.ts';

export { AssemblyError } from './asm-error.ts';

export interface ListingLine {
  /** 1-based; 0 for the literal pool placed after the last line. */
  line: number;
  source: string;
  /** Undefined for a line inside a macro, a repeat, a conditional or an IT block. */
  address?: number;
  /** The bytes from this line up to the next line with an address. */
  bytes: Uint8Array;
}

export interface Assembly {
  base: number;
  code: Uint8Array;
  lines: ListingLine[];
  /** The source's labels (`.thumb_func` and `.type name, %function` ones as functions). */
  symbols: SymbolTable;
}

const SILENT =
  'keystone produced no code (a condition outside an IT block, or one that does not match it?)';

/** Assembles `source` to machine code placed at `base`. */
export async function assemble(source: string, base: number): Promise<Uint8Array> {
  const prepared = prepareSource(source);
  const attempt = await tryAssemble(prepared.lines.join('\n') + '\n', base);
  if (attempt.ok && (attempt.code.length > 0 || !prepared.emitsCode)) return attempt.code;
  throw await locateError(prepared, base, attempt.ok ? SILENT : attempt.reason);
}

/** Assembles `source` at `base` with a listing and the labels. */
export async function assembleListing(source: string, base: number): Promise<Assembly> {
  base >>>= 0;
  const prepared = prepareSource(source);
  const original = source.split(/\r?\n/);
  const lines = prepared.lines.map((line, k) =>
    prepared.labelable[k]
      ? `${line.slice(0, prepared.labelEnd[k])} __loom_l${k}: ${line.slice(prepared.labelEnd[k])}`
      : line,
  );
  const marked = prepared.lines.map((_, k) => k).filter((k) => prepared.labelable[k]);
  const names = [...new Set(prepared.labels.map((l) => l.name))];
  const table = [...marked.map((k) => `__loom_l${k}`), '__loom_pool', '__loom_end', ...names];
  const text =
    lines.join('\n') +
    '\n__loom_pool:\n.ltorg\n__loom_end:\n.balign 4\n' +
    table.map((name) => `.word ${name}\n`).join('');
  const attempt = await tryAssemble(text, base);
  if (!attempt.ok || attempt.code.length < 4 * table.length) {
    // Assemble it plainly: that names the line at fault, or works where the labels did not.
    const code = await assemble(source, base);
    const bare = original.map((s, k) => ({ line: k + 1, source: s, bytes: new Uint8Array(0) }));
    return { base, code, lines: bare, symbols: new SymbolTable() };
  }
  const out = attempt.code;
  const view = new DataView(out.buffer, out.byteOffset + out.length - 4 * table.length);
  const value = (index: number) => view.getUint32(4 * index, true);
  const pool = value(marked.length);
  const end = value(marked.length + 1);
  const code = out.slice(0, end - base);

  const listing: ListingLine[] = original.map((s, k) => ({
    line: k + 1,
    source: s,
    bytes: new Uint8Array(0),
  }));
  marked.forEach((k, index) => {
    const address = value(index);
    const next = index + 1 < marked.length ? value(index + 1) : pool;
    listing[k].address = address;
    listing[k].bytes = code.subarray(address - base, next - base);
  });
  if (end > pool) {
    listing.push({
      line: 0,
      source: '(literal pool)',
      address: pool,
      bytes: code.subarray(pool - base),
    });
  }
  // A label reaches the next label at a higher address, or the end of the code.
  const placed = prepared.labels.map((l) => ({ ...l, address: value(table.indexOf(l.name)) }));
  const starts = [...new Set(placed.map((l) => l.address)), end].sort((a, b) => a - b);
  const symbols = new SymbolTable();
  for (const { name, address, isFunction } of placed) {
    const size = (starts.find((a) => a > address) ?? address) - address;
    symbols.add({ name, address, size, type: isFunction ? 'function' : 'label' });
  }
  return { base, code, lines: listing, symbols };
}

/** The end of each line where the source may be cut: outside every block and IT block. */
function cutPoints(prepared: PreparedSource): number[] {
  const n = prepared.lines.length;
  const cuts: number[] = [];
  for (let k = 0; k < n; k++) if (k === n - 1 || prepared.labelable[k + 1]) cuts.push(k);
  return cuts;
}

/**
 * Finds the first line where assembly fails: the shortest prefix of the source that fails to
 * assemble, with every label defined later stubbed at its end (so forward references resolve).
 */
async function locateError(
  prepared: PreparedSource,
  base: number,
  fullReason: string,
): Promise<AssemblyError> {
  const SENTINEL = [0x4c, 0x4f, 0x4f, 0x4d];
  const failure = async (last: number): Promise<string | null> => {
    const defined = new Set(prepared.labels.filter((l) => l.line <= last).map((l) => l.name));
    const later = prepared.labels
      .filter((l) => l.line > last && !defined.has(l.name))
      .map((l) => `${l.name}:`);
    const text = [
      ...prepared.lines.slice(0, last + 1),
      ...new Set(later),
      '.ltorg',
      `.byte ${SENTINEL.join(', ')}`,
      '',
    ].join('\n');
    const attempt = await tryAssemble(text, base);
    if (!attempt.ok) return attempt.reason;
    const code = attempt.code;
    const tail = code.subarray(code.length - 4);
    return code.length >= 4 && SENTINEL.every((b, k) => tail[k] === b) ? null : SILENT;
  };
  const cuts = cutPoints(prepared);
  let lo = 0;
  let hi = cuts.length - 1;
  let found: { index: number; reason: string } | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const reason = await failure(cuts[mid]);
    if (reason === null) lo = mid + 1;
    else {
      found = { index: mid, reason };
      hi = mid - 1;
    }
  }
  if (found === null) return new AssemblyError(fullReason);
  // The fault lies between the previous cut and this one: name its first line with code.
  const first = found.index === 0 ? 0 : cuts[found.index - 1] + 1;
  const last = cuts[found.index];
  const original = prepared.original;
  let line = first;
  while (line < last && original[line].trim() === '') line++;
  return new AssemblyError(found.reason, line + 1, original[line]);
}
