/**
 * Symbols of a loaded image (an ELF's .symtab, an assembly file's labels): found by name for
 * `--until main`, and by address to show `main+0x12`.
 */
export type SymbolType = 'function' | 'object' | 'label' | 'other';

export interface SymbolInfo {
  name: string;
  /** For a function, the address of its first instruction (the Thumb bit stripped). */
  address: number;
  /** In bytes; 0 when unknown (an assembly label). */
  size: number;
  type: SymbolType;
}

/** How far past the last symbol an unsized one still names a place. */
const UNSIZED_REACH = 0x1000;

/** Which symbol names a place when several start there. */
const RANK: Record<SymbolType, number> = { function: 0, object: 1, label: 2, other: 3 };

export class SymbolTable implements Iterable<SymbolInfo> {
  private readonly byName = new Map<string, SymbolInfo>();
  private sorted: SymbolInfo[] | null = null;

  /** Adds a symbol; a name already present keeps its first definition. */
  add(symbol: SymbolInfo): void {
    if (this.byName.has(symbol.name)) return;
    this.byName.set(symbol.name, { ...symbol, address: symbol.address >>> 0 });
    this.sorted = null;
  }

  get(name: string): SymbolInfo | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.byName.size;
  }

  [Symbol.iterator](): Iterator<SymbolInfo> {
    return this.byName.values();
  }

  /** Symbols that can name a place in code or data, by address (then rank). */
  private places(): SymbolInfo[] {
    this.sorted ??= [...this.byName.values()]
      .filter((s) => s.type !== 'other')
      .sort((a, b) => a.address - b.address || RANK[a.type] - RANK[b.type]);
    return this.sorted;
  }

  /** The symbols that start exactly at `address`, the best name first. */
  startingAt(address: number): SymbolInfo[] {
    const list = this.places();
    let k = this.lastAtOrBelow(address >>> 0);
    const found: SymbolInfo[] = [];
    while (k >= 0 && list[k].address === address >>> 0) found.unshift(list[k--]);
    return found.sort((a, b) => RANK[a.type] - RANK[b.type]);
  }

  /** The symbol `address` falls in, and how far into it: a sized symbol must cover it. */
  at(address: number): { symbol: SymbolInfo; offset: number } | undefined {
    address >>>= 0;
    const list = this.places();
    const k = this.lastAtOrBelow(address);
    if (k < 0) return undefined;
    const start = list[k].address;
    // Several symbols may start at the same place: the best-ranked one names it.
    let best = list[k];
    for (let j = k; j >= 0 && list[j].address === start; j--) {
      if (RANK[list[j].type] <= RANK[best.type]) best = list[j];
    }
    const offset = address - start;
    // An unsized symbol (a label) reaches the next one; after the last one, a little way.
    const reach =
      best.size > 0 ? best.size : k + 1 < list.length ? list[k + 1].address - start : UNSIZED_REACH;
    if (offset >= reach) return undefined;
    return { symbol: best, offset };
  }

  /** `main`, `main+0x12`, or undefined when no symbol covers `address`. */
  describe(address: number): string | undefined {
    const hit = this.at(address);
    if (hit === undefined) return undefined;
    return hit.offset === 0 ? hit.symbol.name : `${hit.symbol.name}+0x${hit.offset.toString(16)}`;
  }

  private lastAtOrBelow(address: number): number {
    const list = this.places();
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].address <= address) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
