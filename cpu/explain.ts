/**
 * One Thumb encoding taken apart bit by bit, from the same encoding table the core decodes with
 * (cpu/instructions/): the fixed bits that select the encoding, each field by its ARM ARM name
 * and value, what the manual's "encoding-specific operations" make of them, and for a branch the
 * offset worked out step by step (concatenation, sign extension, PC + 4, target). Used by
 * `loom explain` and by the lessons.
 */
import { ENCODINGS } from './decoder.ts';
import { disassemble } from './disassemble.ts';
import { extractFields, matches, specificity, type Encoding, type Fields } from './encoding.ts';
import { Insn } from './insn.ts';

/** 0x-prefixed, eight hex digits. */
const hex32 = (value: number) => '0x' + (value >>> 0).toString(16).padStart(8, '0');

export interface Explained {
  encoding: Encoding;
  fields: Fields;
  /** Why the instruction is not valid, if it is not. */
  invalid: 'UNPREDICTABLE' | 'UNDEFINED' | null;
  /** The Insn fields the encoding's decode set, in the order it set them. */
  decoded: Map<string, number | boolean>;
}

/**
 * The encoding `raw` decodes as, tried as the core's decoder tries them (most fixed bits first,
 * moving on where the manual says SEE), with what its decode made of the fields.
 */
export function takeApart(raw: number, size: 2 | 4): Explained | null {
  const candidates = ENCODINGS.map((e, order) => ({ e, order }))
    .filter(({ e }) => e.size === size && matches(e, raw))
    .sort((a, b) => specificity(b.e) - specificity(a.e) || a.order - b.order);
  for (const { e } of candidates) {
    const fields = extractFields(e, raw);
    const decoded = new Map<string, number | boolean>();
    const insn = new Proxy(new Insn(() => {}), {
      set(target, key, value) {
        decoded.set(String(key), value);
        return Reflect.set(target, key, value);
      },
    });
    const result = e.decode(fields, insn);
    if (result === 'SEE') continue;
    const shouldBe = (raw & e.sbMask) >>> 0 !== e.sbValue;
    const invalid = result === 'UNDEFINED' || result === 'UNPREDICTABLE' ? result : null;
    return {
      encoding: e,
      fields,
      invalid: invalid ?? (shouldBe ? 'UNPREDICTABLE' : null),
      decoded,
    };
  }
  return null;
}

/** What each bit of the encoding is: a field's name, a fixed bit, a should-be bit or x. */
export function bitLabels(e: Encoding): string[] {
  const bits = e.size * 8;
  const labels: string[] = [];
  for (let b = bits - 1; b >= 0; b--) {
    const field = e.fields.find((f) => b >= f.shift && b < f.shift + f.width);
    if (field !== undefined) labels.push(field.name);
    else if ((e.mask >>> b) & 1) labels.push('opcode');
    else if ((e.sbMask >>> b) & 1) labels.push(`(${(e.sbValue >>> b) & 1})`);
    else labels.push('x');
  }
  return labels;
}

/** A label under `n` bit columns (4 characters each): └── name ──┘; short fixed runs are ≡. */
function span(label: string, n: number): string {
  const width = 4 * n - 1;
  if (label === 'opcode' && width < 8) return '≡'.repeat(width);
  if (n === 1 || label.length + 2 > width) return label.slice(0, width).padEnd(width);
  const inner = width - 2 - label.length;
  const left = Math.floor(inner / 2);
  return `└${'─'.repeat(left)}${label}${'─'.repeat(inner - left)}┘`;
}

/** Bit numbers, bit values and what they are, one halfword at a time: 4 columns per bit. */
export function diagram(raw: number, e: Encoding): string {
  const labels = bitLabels(e);
  const lines: string[] = [];
  const bits = Array.from({ length: 16 }, (_, k) => 15 - k);
  for (let h = 0; h < e.size / 2; h++) {
    const name = e.size === 2 ? 'bit' : `hw${h + 1} bit`;
    const half = e.size === 2 ? raw : (raw >>> (16 - 16 * h)) & 0xffff;
    const own = labels.slice(16 * h, 16 * h + 16);
    const spans: string[] = [];
    for (let k = 0; k < 16;) {
      let end = k + 1;
      while (end < 16 && own[end] === own[k] && !own[k].startsWith('(')) end++;
      spans.push(span(own[k], end - k));
      k = end;
    }
    lines.push(
      `  ${name.padEnd(9)} ${bits.map((b) => `${String(b).padStart(2)} `).join(' ')}`.trimEnd(),
      `${' '.repeat(12)}${bits.map((b) => ` ${(half >>> b) & 1} `).join(' ')}`.trimEnd(),
      `${' '.repeat(12)}${spans.join(' ')}`.trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

const bin = (value: number, width: number) => value.toString(2).padStart(width, '0');
const CONDITIONS = [
  'EQ',
  'NE',
  'CS',
  'CC',
  'MI',
  'PL',
  'VS',
  'VC',
  'HI',
  'LS',
  'GE',
  'LT',
  'GT',
  'LE',
  'AL',
];
const REGISTER_FIELDS = new Set(['d', 'n', 'm', 't', 't2', 'a', 'dLo', 'dHi']);
const register = (r: number) => (r === 13 ? 'SP' : r === 14 ? 'LR' : r === 15 ? 'PC' : `R${r}`);

function decodedValue(key: string, value: number | boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (REGISTER_FIELDS.has(key)) return `${value} (${register(value)})`;
  if (key === 'cond') return `${bin(value, 4)} (${CONDITIONS[value] ?? '?'})`;
  if (key === 'setflags')
    return (
      ['0 (flags unchanged)', '1 (sets the flags)', '2 (sets the flags outside an IT block)'][
        value
      ] ?? String(value)
    );
  if (key === 'registers') {
    const list = Array.from({ length: 16 }, (_, r) => r).filter((r) => (value >>> r) & 1);
    return `${hex32(value)} {${list.map(register).join(', ')}}`;
  }
  if (key === 'imm32') {
    const signed = value | 0;
    return `${hex32(value)} (${signed})`;
  }
  return String(value);
}

/** The fixed bits, as runs: hw1[15:11] = 11100. */
function fixedRuns(raw: number, e: Encoding): string[] {
  const labels = bitLabels(e);
  const runs: string[] = [];
  const bits = e.size * 8;
  for (let k = 0; k < bits;) {
    if (labels[k] !== 'opcode') {
      k++;
      continue;
    }
    let end = k + 1;
    while (end < bits && labels[end] === 'opcode' && end % 16 !== 0) end++;
    const hi = 15 - (k % 16);
    const lo = 15 - ((end - 1) % 16);
    const half = e.size === 4 ? `hw${Math.floor(k / 16) + 1} ` : '';
    const where = `${half}${hi === lo ? `bit ${hi}` : `bits ${hi}:${lo}`}`;
    const value = (raw >>> (bits - end)) & ((1 << (end - k)) - 1);
    runs.push(`${where} = ${bin(value, end - k)}`);
    k = end;
  }
  return runs;
}

interface Offset {
  /** The fields (or I1, I2) concatenated, most significant first, then '0'. */
  parts: string[];
  signed: boolean;
  section: string;
}

/** How the branches' offsets are built (ARMv7-M ARM A7.7.12 B, A7.7.18 BL, A7.7.21 CBZ). */
const OFFSETS: Record<string, Offset> = {
  'B T1': { parts: ['imm8'], signed: true, section: 'A7.7.12 B' },
  'B T2': { parts: ['imm11'], signed: true, section: 'A7.7.12 B' },
  'B T3': { parts: ['S', 'J2', 'J1', 'imm6', 'imm11'], signed: true, section: 'A7.7.12 B' },
  'B T4': { parts: ['S', 'I1', 'I2', 'imm10', 'imm11'], signed: true, section: 'A7.7.12 B' },
  'BL T1': { parts: ['S', 'I1', 'I2', 'imm10', 'imm11'], signed: true, section: 'A7.7.18 BL' },
  'CBZ/CBNZ T1': { parts: ['i', 'imm5'], signed: false, section: 'A7.7.21 CBNZ, CBZ' },
};

/** The bits of the branch offset, as the manual builds it; I1 and I2 from J1, J2 and S. */
export function offsetBits(
  e: Encoding,
  fields: Fields,
): { text: string; value: number; width: number } | null {
  const offset = OFFSETS[e.name];
  if (offset === undefined) return null;
  const widths = new Map(e.fields.map((f) => [f.name, f.width]));
  const values: Record<string, number> = { ...fields };
  if (offset.parts.includes('I1')) {
    values.I1 = (fields.J1 ^ fields.S ^ 1) & 1;
    values.I2 = (fields.J2 ^ fields.S ^ 1) & 1;
    widths.set('I1', 1).set('I2', 1);
  }
  let value = 0;
  let width = 1;
  const text: string[] = [];
  for (const part of offset.parts) {
    const w = widths.get(part)!;
    value = value * 2 ** w + values[part];
    width += w;
    text.push(bin(values[part], w));
  }
  return { text: `${text.join(' ')} 0`, value: value * 2, width };
}

function branchText(e: Encoding, fields: Fields, imm32: number, at: number | undefined): string {
  const offset = OFFSETS[e.name];
  const bits = offsetBits(e, fields)!;
  const concat = `${offset.parts.join(':')}:'0'`;
  let out = `\n  imm32 = ${offset.signed ? 'SignExtend' : 'ZeroExtend'}(${concat}, 32)    (ARMv7-M ARM ${offset.section})\n`;
  if (offset.parts.includes('I1')) {
    out += `    I1 = NOT(J1 XOR S) = ${(fields.J1 ^ fields.S ^ 1) & 1}, I2 = NOT(J2 XOR S) = ${(fields.J2 ^ fields.S ^ 1) & 1}\n`;
  }
  out += `    ${concat} = ${bits.text}\n`;
  out += `      ${bits.width} bits: the '0' doubles a count of halfwords (instructions are 2-byte aligned)\n`;
  const sign = (bits.value >>> (bits.width - 1)) & 1;
  if (offset.signed) {
    out +=
      sign === 1
        ? `    bit ${bits.width - 1}, the sign, is 1: bits 31..${bits.width} become 1s too, a negative offset\n`
        : `    bit ${bits.width - 1}, the sign, is 0: a forward offset\n`;
  }
  const signed = imm32 | 0;
  out += `    imm32 = ${hex32(imm32)} = ${signed}\n`;
  out += `  target = PC + imm32, where PC reads as this instruction's address + 4 (A5.1.2)\n`;
  const plus = signed < 0 ? `- ${-signed}` : `+ ${signed}`;
  const self = signed === -4 ? ': the instruction itself, so the PC never moves' : '';
  if (at === undefined) {
    out += `    = address + 4 ${plus}${self}  (--at ADDR gives the address)\n`;
  } else {
    const target = (at + 4 + signed) >>> 0;
    out += `    = ${hex32(at)} + 4 ${plus} = ${hex32(target)}${self}\n`;
  }
  return out;
}

/** The whole explanation; `assembly` is the disassembler's text for it, if any. */
export function explainEncoding(raw: number, size: 2 | 4, at?: number, assembly?: string): string {
  const hex = `0x${raw.toString(16).padStart(size * 2, '0')}`;
  const found = takeApart(raw, size);
  if (found === null) {
    return `${hex}: no Thumb encoding matches these bits (${size * 8}-bit): the core raises a UsageFault (UNDEFINSTR)\n`;
  }
  const { encoding: e, fields, invalid, decoded } = found;
  let out = `${hex}: ${e.name}, ${size * 8} bits${assembly === undefined ? '' : `: ${assembly}`}\n\n`;
  out += diagram(raw, e);
  out += `\n  ${'fixed bits'.padEnd(Math.max(10, ...e.fields.map((f) => f.name.length)))}  `;
  out += `${fixedRuns(raw, e).join(', ')}: they select ${e.name}\n`;
  const width = Math.max(...e.fields.map((f) => f.name.length), 10);
  const bitsWidth = Math.max(...e.fields.map((f) => f.width));
  for (const f of e.fields) {
    const v = fields[f.name];
    const hex = f.width > 4 ? `0x${v.toString(16)} = ` : '';
    out += `  ${f.name.padEnd(width)}  ${bin(v, f.width).padEnd(bitsWidth)}  = ${hex}${v}\n`;
  }
  if (invalid !== null) {
    const why =
      (raw & e.sbMask) >>> 0 !== e.sbValue
        ? ' (a should-be bit, (0) or (1), is not)'
        : ` (the manual's decode of ${e.name} says so for these field values)`;
    out += `\n  ${invalid}${why}: the core raises a UsageFault instead of executing it\n`;
    return out;
  }
  const shown = [...decoded].filter(([k]) => k !== 'why');
  if (shown.length > 0) {
    out += `\n  decoded (the manual's encoding-specific operations):\n`;
    out += shown.map(([k, v]) => `    ${k} = ${decodedValue(k, v)}\n`).join('');
  }
  if (OFFSETS[e.name] !== undefined)
    out += branchText(e, fields, Number(decoded.get('imm32') ?? 0), at);
  return out;
}

/**
 * The explanation of an instruction with the disassembler's text for it: `b .` rather than an
 * absolute target when no address is given. `valid` is false for bits that do not decode or are
 * UNDEFINED or UNPREDICTABLE.
 */
export async function explainInstruction(
  raw: number,
  size: 2 | 4,
  at?: number,
): Promise<{ text: string; valid: boolean }> {
  const bytes =
    size === 2
      ? Uint8Array.of(raw & 0xff, raw >>> 8)
      : Uint8Array.of((raw >>> 16) & 0xff, raw >>> 24, raw & 0xff, (raw >>> 8) & 0xff);
  const [insn] = await disassemble(bytes, at ?? 0, 1);
  let assembly = insn.mnemonic.startsWith('.')
    ? undefined
    : `${insn.mnemonic} ${insn.operands}`.trim();
  const found = takeApart(raw, size);
  if (assembly !== undefined && at === undefined && found && OFFSETS[found.encoding.name]) {
    // No address: the target relative to the instruction, as an assembler writes it (b .).
    const relative = (Number(found.decoded.get('imm32') ?? 0) | 0) + 4;
    const to = relative === 0 ? '.' : `.${relative > 0 ? '+' : ''}${relative}`;
    assembly = assembly.replace(/#[-0-9a-fx]+$/, to);
  }
  return { text: explainEncoding(raw, size, at, assembly), valid: found?.invalid === null };
}
