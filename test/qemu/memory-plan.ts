/**
 * Where a load or store goes: the generator picks the address inside the scratch area first,
 * then works out the base (and index) register values that make the instruction's own
 * addressing form land there.
 */
import { accessBytes, type EncodingInfo } from './classify.ts';
import type { Instance } from './instance.ts';
import type { Random } from './random.ts';

export interface AccessPlan {
  /** Rn's value (absent for literal forms, whose base is the PC). */
  base?: number;
  /** Rm's value for (register) forms. */
  index?: number;
  /** The lowest byte accessed. */
  address: number;
  bytes: number;
}

/** The alignment an access must have, or 1 (MemU allows any). */
export function requiredAlignment(info: EncodingInfo): number {
  const form = info.memory!;
  if (form.exclusive) return form.size;
  return form.aligned ? 4 : 1;
}

/**
 * Plans an access within [low, high) (or exactly at `at`), aligned as the form requires (or, for
 * a fault, `misaligned`). Null if this instance cannot get there (a base register that must
 * stay word-aligned, Rn = Rm...).
 */
export function planAccess(
  info: EncodingInfo,
  inst: Instance,
  random: Random,
  low: number,
  high: number,
  at?: number,
  misaligned = false,
): AccessPlan | null {
  const form = info.memory!;
  const i = inst.insn;
  const bytes = accessBytes(form, i, info.mnemonic);
  if (form.addressing === 'literal') return null;
  const align = requiredAlignment(info);
  for (let attempt = 0; attempt < 20; attempt++) {
    let address = at ?? pickAddress(random, low, high - bytes, align, form.size);
    let base: number;
    let index: number | undefined;
    switch (form.addressing) {
      case 'immediate': {
        const offset = i.add ? i.imm32 : -i.imm32;
        base = i.index ? address - offset : address;
        break;
      }
      case 'register': {
        const scale = 2 ** i.shift_n;
        if (i.n === i.m) {
          base = Math.floor(address / (1 + scale));
          index = base;
          address = base * (1 + scale);
        } else {
          index = random.below(64);
          base = address - index * scale;
        }
        break;
      }
      case 'unprivileged':
      case 'exclusive':
        base = address - i.imm32;
        break;
      case 'increment':
        base = address;
        break;
      case 'decrement':
        base = address + bytes;
        break;
    }
    if (i.n === 13 && (base & 3) !== 0) {
      // SP keeps bits [1:0] clear: move the address with it.
      const fix = base & 3;
      base -= fix;
      address -= fix;
    }
    const inside = address >= low && address + bytes <= high;
    const aligned = address % align === 0;
    if (inside && aligned !== misaligned && (at === undefined || address === at)) {
      return { base: base >>> 0, index, address, bytes };
    }
    if (at !== undefined && attempt > 0) return null;
  }
  return null;
}

function pickAddress(random: Random, low: number, high: number, align: number, size: number) {
  let a = random.range(low, Math.max(low, high));
  // Mostly naturally aligned, sometimes not (where the form allows it).
  const natural = align > 1 ? align : random.chance(0.75) ? size : 1;
  a -= a % natural;
  if (a < low) a += natural;
  return a;
}
