import type { Handler, Insn } from './insn.ts';

/**
 * Encodings are data: one line per encoding, written the way the ARMv7-M ARM (A5, A7) draws it.
 *
 *   enc('ADD (immediate) T3', '11110 i 0 1000 S Rn:4 | 0 imm3:3 Rd:4 imm8:8', decodeFn, handler)
 *
 * A pattern is a list of tokens, most significant bit first:
 *   `0101`   fixed bits
 *   `x`      a bit that does not matter
 *   `(0)`    a should-be-zero bit, `(1)` should-be-one: a mismatch makes the encoding UNPREDICTABLE
 *   `Rn:4`   a named field of 4 bits; a bare name (`S`) is a 1-bit field
 *   `|`      separates the two halfwords of a 32-bit encoding (readability only)
 * 16-bit patterns have 16 bits, 32-bit ones 32 bits (hw1 in the upper half).
 */

/** The fields of one encoding, by their ARM ARM names. */
export type Fields = Record<string, number>;

/**
 * `undefined` when the instruction is valid; otherwise why not. 'SEE' means "this bit pattern is
 * another instruction" (the ARM ARM's "SEE ..." lines): the decoder moves on to the next match.
 */
export type DecodeResult = undefined | 'UNPREDICTABLE' | 'UNDEFINED' | 'SEE';

export type DecodeFn = (f: Fields, i: Insn) => DecodeResult | void;

interface FieldSpec {
  name: string;
  shift: number;
  width: number;
}

export interface Encoding {
  /** As in the ARM ARM: mnemonic, the variant in parentheses, and the encoding: "LDR (immediate) T3". */
  readonly name: string;
  readonly pattern: string;
  readonly size: 2 | 4;
  readonly mask: number;
  readonly value: number;
  /** Should-be bits: (0)/(1) in the pattern. */
  readonly sbMask: number;
  readonly sbValue: number;
  readonly fields: readonly FieldSpec[];
  readonly decode: DecodeFn;
  readonly exec: Handler;
  /** Base cycle count (cycles.ts). */
  readonly cycles: number;
}

export function enc(
  name: string,
  pattern: string,
  decode: DecodeFn,
  exec: Handler,
  cycles = 1,
): Encoding {
  let mask = 0;
  let value = 0;
  let sbMask = 0;
  let sbValue = 0;
  let bits = 0;
  const parsed: { name: string; width: number; at: number }[] = [];
  for (const token of pattern.split(/\s+/)) {
    if (token === '' || token === '|') continue;
    if (/^[01x]+$/.test(token)) {
      for (const ch of token) {
        mask = (mask << 1) | (ch === 'x' ? 0 : 1);
        value = (value << 1) | (ch === '1' ? 1 : 0);
        sbMask <<= 1;
        sbValue <<= 1;
        bits++;
      }
    } else if (token === '(0)' || token === '(1)') {
      mask <<= 1;
      value <<= 1;
      sbMask = (sbMask << 1) | 1;
      sbValue = (sbValue << 1) | (token === '(1)' ? 1 : 0);
      bits++;
    } else {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::(\d+))?$/.exec(token);
      if (!m) throw new Error(`${name}: bad token '${token}' in pattern`);
      const width = m[2] ? Number(m[2]) : 1;
      parsed.push({ name: m[1], width, at: bits });
      mask <<= width;
      value <<= width;
      sbMask <<= width;
      sbValue <<= width;
      bits += width;
    }
  }
  if (bits !== 16 && bits !== 32) throw new Error(`${name}: pattern has ${bits} bits`);
  const fields = parsed.map((p) => ({
    name: p.name,
    width: p.width,
    shift: bits - p.at - p.width,
  }));
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw new Error(`${name}: field ${f.name} appears twice`);
    names.add(f.name);
  }
  return {
    name,
    pattern,
    size: bits === 16 ? 2 : 4,
    mask: mask >>> 0,
    value: value >>> 0,
    sbMask: sbMask >>> 0,
    sbValue: sbValue >>> 0,
    fields,
    decode,
    exec,
    cycles,
  };
}

export function matches(e: Encoding, raw: number): boolean {
  return (raw & e.mask) >>> 0 === e.value;
}

export function extractFields(e: Encoding, raw: number): Fields {
  const f: Fields = {};
  for (const s of e.fields) f[s.name] = (raw >>> s.shift) & ((1 << s.width) - 1);
  return f;
}

/** Number of fixed bits: more specific encodings are tried first. */
export function specificity(e: Encoding): number {
  let n = 0;
  for (let m = e.mask; m !== 0; m &= m - 1) n++;
  return n;
}
