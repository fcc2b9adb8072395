/**
 * Where part names are looked up: the chips of a file, then the library it sits on, then the
 * built-in parts. A chip in a student's file may take the name of a library chip or of a
 * built-in gate (build And from Nand, and call it And); the library's own chips still use the
 * library's parts.
 */
import { CircuitError } from './error.ts';
import { parseCircuit, type ChipDef } from './hdl.ts';
import { PRIMITIVES, type Primitive } from './primitives.ts';

export type Resolved =
  { kind: 'primitive'; primitive: Primitive } | { kind: 'chip'; def: ChipDef; scope: Scope };

export class Scope {
  private readonly chips = new Map<string, ChipDef>();

  constructor(
    /** Where names not found here are looked up; null: only the built-in parts. */
    readonly parent: Scope | null = null,
  ) {}

  /** Adds every chip of a circuit file; a name defined twice in one scope is an error. */
  addFile(text: string, file: string): ChipDef[] {
    const defs = parseCircuit(text, file);
    for (const def of defs) {
      const first = this.chips.get(def.name);
      if (first !== undefined) {
        const where = first.file === def.file ? `line ${first.line}` : `${first.file}`;
        throw new CircuitError(
          def.file,
          def.line,
          `CHIP ${def.name} is already defined (${where})`,
        );
      }
      this.chips.set(def.name, def);
    }
    return defs;
  }

  /** The chip of this name defined in this scope itself. */
  own(name: string): ChipDef | undefined {
    return this.chips.get(name);
  }

  resolve(name: string): Resolved | undefined {
    const def = this.chips.get(name);
    if (def !== undefined) return { kind: 'chip', def, scope: this };
    if (this.parent !== null) return this.parent.resolve(name);
    const primitive = PRIMITIVES.get(name);
    return primitive === undefined ? undefined : { kind: 'primitive', primitive };
  }

  /** Every part name visible from here. */
  names(): string[] {
    const inherited = this.parent === null ? [...PRIMITIVES.keys()] : this.parent.names();
    return [...new Set([...this.chips.keys(), ...inherited])];
  }
}

/** Edit distance, a swap of two neighbours counting as one edit: to suggest what a typo meant. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The closest of `names` to `name`, if one is close enough to be a typo. */
export function suggest(name: string, names: readonly string[]): string | undefined {
  const limit = name.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of names) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
