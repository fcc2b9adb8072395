/**
 * One concrete instruction of a given encoding: random fields, kept only if Loom's decoder
 * decodes the word back to that same encoding as a valid instruction.
 */
import { decode, encodingOf } from '../../cpu/decoder.ts';
import type { Encoding, Fields } from '../../cpu/encoding.ts';
import type { Insn } from '../../cpu/insn.ts';
import { encode } from './asm.ts';
import { randomFields } from './fields.ts';
import type { Random } from './random.ts';

export interface Instance {
  encoding: Encoding;
  fields: Fields;
  raw: number;
  size: 2 | 4;
  insn: Insn;
}

/** The instance for given fields, or null if they decode to something else or are refused. */
export function instanceOf(encoding: Encoding, fields: Fields): Instance | null {
  const raw = encode(encoding, fields);
  if (encodingOf(raw, encoding.size) !== encoding) return null;
  return { encoding, fields, raw, size: encoding.size, insn: decode(raw, encoding.size) };
}

/** Tries random fields until `accept` takes one; null after `attempts` tries. */
export function randomInstance(
  encoding: Encoding,
  random: Random,
  accept: (i: Instance) => boolean = () => true,
  attempts = 400,
): Instance | null {
  for (let k = 0; k < attempts; k++) {
    const candidate = instanceOf(encoding, randomFields(encoding, random));
    if (candidate !== null && accept(candidate)) return candidate;
  }
  return null;
}
