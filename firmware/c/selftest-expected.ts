/** selftest.c's results, computed independently in TypeScript: the words of `struct results`. */

export const RESULT_WORDS = 9 + 256 + 64;

export function xorshift32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 as zlib computes it, continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const bytesOf = (words: Int32Array) =>
  new Uint8Array(words.buffer, words.byteOffset, words.byteLength);

export function expectedResults(): Uint32Array {
  const next = xorshift32(0x12345678);
  const buffer = Uint8Array.from({ length: 4096 }, () => 0xff ^ (next() & 0xff));
  const message = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');

  const sorted = Int32Array.from({ length: 256 }, () => next() | 0).sort();
  const a = new Int32Array(64);
  const b = new Int32Array(64);
  for (let i = 0; i < 64; i++) {
    a[i] = (next() % 201) - 100;
    b[i] = (next() % 2001) - 1000;
  }
  const product = new Int32Array(64);
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      let sum = 0;
      for (let k = 0; k < 8; k++) sum = (sum + Math.imul(a[i * 8 + k], b[k * 8 + j])) | 0;
      product[i * 8 + j] = sum;
    }
  }

  let sum = 0;
  let dot = 0n;
  sorted.forEach((v, i) => {
    sum = (sum + v) >>> 0;
    dot += BigInt(v) * BigInt(product[i % 64]);
  });
  for (const v of product) sum = (sum + v) >>> 0;
  dot = BigInt.asUintN(64, dot);

  const out = new Uint32Array(RESULT_WORDS);
  out.set([
    0x4d4f4f4c,
    crc32(buffer),
    crc32(message),
    message.length,
    3,
    crc32(bytesOf(product), crc32(bytesOf(sorted))),
    sum,
    Number(dot & 0xffffffffn),
    Number(dot >> 32n),
  ]);
  out.set(new Uint32Array(sorted.buffer), 9);
  out.set(new Uint32Array(product.buffer), 9 + 256);
  return out;
}

/** Parses sh_dump's lines of hex words. */
export function parseDump(text: string): Uint32Array {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return Uint32Array.from(words, (w) => parseInt(w, 16));
}

const FIELDS = ['magic', 'crc_buffer', 'crc_message', 'message_length', 'sorts_agree'].concat([
  'checksum',
  'sum',
  'dot_lo',
  'dot_hi',
]);

/** The C name of word `i` of `struct results`. */
export function fieldName(i: number): string {
  if (i < FIELDS.length) return FIELDS[i];
  return i < FIELDS.length + 256
    ? `sorted[${i - FIELDS.length}]`
    : `product[${i - FIELDS.length - 256}]`;
}

/** '' when equal, else a sentence naming the first field that differs. */
export function firstDifference(got: Uint32Array, expected: Uint32Array): string {
  const hex = (w: number | undefined) =>
    w === undefined ? 'nothing' : '0x' + w.toString(16).padStart(8, '0');
  for (let i = 0; i < Math.max(got.length, expected.length); i++) {
    if (got[i] !== expected[i])
      return `${fieldName(i)}: got ${hex(got[i])}, expected ${hex(expected[i])}`;
  }
  return '';
}
