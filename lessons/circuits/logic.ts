/**
 * Signal levels: 0, 1 and X (unknown). X is what a latch holds at power-up before anything set
 * it, and what the simulator writes on wires that oscillated and could settle either way.
 */
export const LOW = 0;
export const HIGH = 1;
export const UNKNOWN = 2;
export type Level = typeof LOW | typeof HIGH | typeof UNKNOWN;

export function not(a: Level): Level {
  return a === UNKNOWN ? UNKNOWN : a === HIGH ? LOW : HIGH;
}

/** 0 wins over X: a 0 at either input of AND decides the output whatever the other holds. */
export function and(a: Level, b: Level): Level {
  if (a === LOW || b === LOW) return LOW;
  return a === HIGH && b === HIGH ? HIGH : UNKNOWN;
}

export function or(a: Level, b: Level): Level {
  if (a === HIGH || b === HIGH) return HIGH;
  return a === LOW && b === LOW ? LOW : UNKNOWN;
}

export function xor(a: Level, b: Level): Level {
  return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : a === b ? LOW : HIGH;
}

/** One character per level, for tables and views. */
export function levelChar(level: Level): string {
  return level === UNKNOWN ? '?' : String(level);
}

/** A bus's bits (bit 0 first) as a number, or null when a bit is unknown. */
export function busValue(bits: readonly Level[]): number | null {
  let value = 0;
  for (let k = bits.length - 1; k >= 0; k--) {
    if (bits[k] === UNKNOWN) return null;
    value = value * 2 + bits[k];
  }
  return value;
}

/** A number as `width` bits, bit 0 first. */
export function bitsOf(value: number, width: number): Level[] {
  const bits: Level[] = [];
  for (let k = 0; k < width; k++) bits.push(Math.floor(value / 2 ** k) % 2 === 1 ? HIGH : LOW);
  return bits;
}

/** Bits written as the lessons write them: most significant first, `?` where unknown. */
export function bitString(bits: readonly Level[]): string {
  let text = '';
  for (let k = bits.length - 1; k >= 0; k--) text += levelChar(bits[k]);
  return text;
}
