/**
 * The circuit view: its switches and its lamps, lit or dark. The symbols differ in shape, not
 * only in colour, so they read on any terminal and on paper.
 */
import { HIGH, LOW, bitString, busValue, type Level } from './logic.ts';
import type { Simulator } from './simulator.ts';

export const LIT = '●';
export const DARK = '○';
export const UNLIT = '?';
export const LEGEND = `${LIT} lit   ${DARK} dark   ${UNLIT} unknown`;

/** Lamps for a pin, most significant first, with the number they show for a bus. */
export function lamps(bits: readonly Level[]): string {
  let text = '';
  for (let k = bits.length - 1; k >= 0; k--) {
    text += bits[k] === HIGH ? LIT : bits[k] === LOW ? DARK : UNLIT;
  }
  if (bits.length === 1) return text;
  const value = busValue(bits);
  return `${text} ${value === null ? '?' : value}`;
}

/** A switch setting: `a=1`, or `n=0101 (5)` for a bus. */
export function switches(bits: readonly Level[]): string {
  if (bits.length === 1) return bitString(bits);
  const value = busValue(bits);
  return `${bitString(bits)} (${value === null ? '?' : value})`;
}

/** One line of switches and one of lamps, as the circuit stands now. */
export function circuitView(sim: Simulator): string {
  const inputs = sim.netlist.inputs.map((p) => `${p.name}=${switches(sim.read(p.name))}`);
  const outputs = sim.netlist.outputs.map((p) => `${p.name} ${lamps(sim.read(p.name))}`);
  return `  switches  ${inputs.join('   ')}\n  lamps     ${outputs.join('   ')}\n`;
}
