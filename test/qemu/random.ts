/** A seeded generator (xoshiro128**): the same seed gives the same programs everywhere. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 spreads the seed over the state.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** 0 <= n < bound. */
  below(bound: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * bound);
  }

  /** lo <= n <= hi. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  bits(width: number): number {
    return width >= 32 ? this.u32() : this.u32() & ((1 << width) - 1);
  }

  /** A register value with a taste for edge cases. */
  value(): number {
    switch (this.below(8)) {
      case 0:
        return this.pick([0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0x8000, 0x7fff, 0xff]);
      case 1:
        return this.below(64);
      case 2:
        return (0x1_0000_0000 - 1 - this.below(64)) >>> 0;
      case 3:
        return (this.u32() & 0x8080_8080) >>> 0;
      case 4:
        return (this.u32() & 0x7f7f_7f7f) >>> 0;
      default:
        return this.u32();
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
