/**
 * What the views produce: lines of styled spans, plain data that tests read as text and the
 * screen turns into blessed tags. Styles name a meaning, not a colour, so that the screen alone
 * decides how each looks (and keeps every one readable on a light background).
 */
export type Style =
  | 'heading'
  | 'changed' // a value that changed on the last step
  | 'current' // the instruction at the PC
  | 'cursor' // the line the user points at
  | 'breakpoint'
  | 'set' // a flag or bit that is 1
  | 'error'
  | 'good'
  | 'key' // a key name in the help
  | 'led-green'
  | 'led-blue'
  | 'led-red'
  | 'led-yellow'
  | 'pressed';

export interface Span {
  text: string;
  style?: Style;
}

export type Line = Span[];

export const span = (text: string, style?: Style): Span =>
  style === undefined ? { text } : { text, style };

/** The text of a line without its styles. */
export function lineText(line: Line): string {
  let out = '';
  for (const s of line) out += s.text;
  return out;
}

/** `v` as 8 hex digits. */
export const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

/** `v` as `digits` hex digits. */
export const hexN = (v: number, digits: number): string =>
  (v >>> 0).toString(16).padStart(digits, '0');

/** A frequency for people: 16 MHz, 216 MHz, 32.768 kHz. */
export function formatHz(hz: number): string {
  if (hz >= 1e6) return `${+(hz / 1e6).toFixed(3)} MHz`;
  if (hz >= 1e3) return `${+(hz / 1e3).toFixed(3)} kHz`;
  return `${hz} Hz`;
}

/** Emulated time with a unit that keeps it short: 12.345678 s, 1.234 ms, 56 µs. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(6)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(3)} ms`;
  return `${(seconds * 1e6).toFixed(3)} µs`;
}

/** A count with thousands separators: 1,234,567. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
