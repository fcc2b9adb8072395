/** Numbers on the command line: 0x hex, 0b binary or decimal, with optional `_` separators. */
import { UsageError } from './errors.ts';

function parse(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const negative = t.startsWith('-');
  const body = negative ? t.slice(1) : t;
  let value: number;
  if (/^0x[0-9a-f]+$/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^0b[01]+$/.test(body)) value = parseInt(body.slice(2), 2);
  else if (/^[0-9]+$/.test(body)) value = parseInt(body, 10);
  else return undefined;
  return negative ? -value : value;
}

/** A 32-bit value: 0..0xFFFFFFFF, or a negative decimal down to -2^31 (two's complement). */
export function parseWord(text: string, what: string): number {
  const v = parse(text);
  if (v === undefined) throw new UsageError(`${what}: '${text}' is not a number`);
  if (v < -0x8000_0000 || v > 0xffff_ffff)
    throw new UsageError(`${what}: ${text} does not fit in 32 bits`);
  return v >>> 0;
}

/** An address (0..0xFFFFFFFF). */
export function parseAddress(text: string, what: string): number {
  const v = parse(text);
  if (v === undefined) throw new UsageError(`${what}: '${text}' is not an address`);
  if (v < 0 || v > 0xffff_ffff) throw new UsageError(`${what}: ${text} is not a 32-bit address`);
  return v;
}

/** A count (instructions, cycles, bytes): a non-negative integer. */
export function parseCount(text: string, what: string): number {
  const v = parse(text);
  if (v === undefined || v < 0 || !Number.isSafeInteger(v)) {
    throw new UsageError(`${what}: '${text}' is not a count (a whole number, 0 or more)`);
  }
  return v;
}

/** Whether `text` reads as a number (rather than a symbol name). */
export function isNumber(text: string): boolean {
  return parse(text) !== undefined;
}
