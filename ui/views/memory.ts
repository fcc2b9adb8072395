/**
 * The memory pane: bytes in hex and ASCII from any address, bytes changed since the last step or
 * run began highlighted. Only RAM and ROM are read: a device register may change when read (a
 * USART's RDR), so device space shows the device's name instead.
 */
import type { Machine } from '../../chip/machine.ts';
import { hex8, hexN, span, type Line, type Span } from '../text.ts';

export interface MemoryInput {
  machine: Machine;
  address: number;
  /** Bytes at the same addresses when the last step or run began (see `memorySnapshot`). */
  before: Map<number, number>;
  width: number;
  height: number;
}

/** Bytes per row that fit `width`: 16, 8 or 4 (address, hex with a gap midway, ASCII). */
export function bytesPerRow(width: number): number {
  for (const n of [16, 8, 4]) if (10 + 4 * n <= width) return n;
  return 4;
}

/** The bytes the pane will show (memory only), by address: what "changed" compares with. */
export function memorySnapshot(
  machine: Machine,
  address: number,
  length: number,
): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = 0; k < length; k++) {
    const a = (address + k) >>> 0;
    const m = machine.bus.find(a);
    if (m !== undefined && m.memory !== null) out.set(a, machine.bus.read8(a));
  }
  return out;
}

export function memoryView(input: MemoryInput): Line[] {
  const { machine, before, width, height } = input;
  const perRow = bytesPerRow(width);
  const start = (input.address - (input.address % perRow)) >>> 0;
  const lines: Line[] = [];
  for (let row = 0; row < height; row++) {
    const base = (start + row * perRow) >>> 0;
    const m = machine.bus.find(base);
    if (m === undefined || m.memory === null) {
      const what =
        m === undefined ? 'nothing mapped' : `${m.name} (device: see the peripheral view)`;
      lines.push([span(`${hex8(base)} `), span(what)]);
      continue;
    }
    const spans: Span[] = [span(`${hex8(base)} `)];
    let ascii = '';
    for (let k = 0; k < perRow; k++) {
      const a = (base + k) >>> 0;
      const inside = machine.bus.find(a)?.memory != null;
      if (!inside) {
        spans.push(span('   '));
        ascii += ' ';
        continue;
      }
      const b = machine.bus.read8(a);
      const was = before.get(a);
      spans.push(span(hexN(b, 2), was !== undefined && was !== b ? 'changed' : undefined));
      spans.push(span(k === perRow / 2 - 1 ? '  ' : ' '));
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    spans.push(span(ascii));
    lines.push(spans);
  }
  return lines;
}
