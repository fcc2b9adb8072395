/**
 * Lays out a program: instructions and data in order, labels, and instruction words or data
 * that depend on where labels end up (branch offsets, jump targets loaded into registers).
 */
import type { Word } from './asm.ts';
import type { Line, Role } from './program.ts';

/** Resolves a label to its address once the layout is known. */
export type AddressOf = (label: string) => number;

interface Item {
  size: number;
  role: Role;
  encoding?: string;
  /** The instruction value, given label addresses and the item's own address. */
  word?: (addressOf: AddressOf, here: number) => number;
  data?: (addressOf: AddressOf, here: number) => Uint8Array;
}

export class Builder {
  private readonly items: Item[] = [];
  private readonly labels = new Map<string, number>();
  private fresh = 0;

  /** Bytes so far (instructions are 2 or 4 bytes, so the layout never needs a second pass). */
  get size(): number {
    return this.items.reduce((n, i) => n + i.size, 0);
  }

  newLabel(hint = 'L'): string {
    return `${hint}${this.fresh++}`;
  }

  /** Places `label` here. */
  label(label: string): void {
    if (this.labels.has(label)) throw new Error(`label ${label} placed twice`);
    this.labels.set(label, this.items.length);
  }

  emit(w: Word, role: Role = 'setup', encoding?: string): void {
    this.items.push({ size: w.size, role, encoding, word: () => w.raw });
  }

  /** An instruction whose bits depend on the layout. */
  emitLate(
    size: 2 | 4,
    word: (addressOf: AddressOf, here: number) => number,
    role: Role = 'setup',
    encoding?: string,
  ): void {
    this.items.push({ size, role, encoding, word });
  }

  data(size: number, data: (addressOf: AddressOf, here: number) => Uint8Array): void {
    this.items.push({ size, role: 'data', data });
  }

  link(base: number): { code: Uint8Array; lines: Line[]; addressOf: AddressOf } {
    const addrs: number[] = [];
    let at = base;
    for (const item of this.items) {
      addrs.push(at);
      at += item.size;
    }
    const addressOf: AddressOf = (label) => {
      const index = this.labels.get(label);
      if (index === undefined) throw new Error(`label ${label} never placed`);
      return index < addrs.length ? addrs[index] : at;
    };
    const code = new Uint8Array(at - base);
    const lines: Line[] = [];
    this.items.forEach((item, k) => {
      const here = addrs[k];
      const off = here - base;
      if (item.data) {
        const bytes = item.data(addressOf, here);
        if (bytes.length !== item.size) throw new Error('data of the wrong size');
        code.set(bytes, off);
        lines.push({ addr: here, raw: 0, size: item.size, role: 'data', bytes });
        return;
      }
      const raw = item.word!(addressOf, here) >>> 0;
      if (item.size === 4) {
        code[off] = raw >>> 16;
        code[off + 1] = raw >>> 24;
        code[off + 2] = raw;
        code[off + 3] = raw >>> 8;
      } else {
        code[off] = raw;
        code[off + 1] = raw >>> 8;
      }
      lines.push({ addr: here, raw, size: item.size, role: item.role, encoding: item.encoding });
    });
    return { code, lines, addressOf };
  }
}
