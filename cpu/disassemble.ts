/**
 * Thumb disassembly for the Cortex-M (capstone in Thumb + M-class mode), loaded on first use so
 * that running a program never pays for it. Bytes capstone cannot decode come back as
 * `.inst.n`/`.inst.w` lines, so a listing never stops early.
 */
import type { Capstone } from 'capstone-wasm';

export interface Disassembled {
  address: number;
  size: number;
  bytes: Uint8Array;
  mnemonic: string;
  operands: string;
  /** Where a direct branch (B, BL, CBZ, CBNZ) goes. */
  target?: number;
}

let engine: Promise<Capstone> | null = null;

type CapstoneModule = typeof import('capstone-wasm');

/**
 * The package, by name; under tsx, tsconfig.json's "paths" (there for the type checker) turn the
 * bare name into the package's .d.ts, an empty module: then by its file.
 */
async function importCapstone(): Promise<CapstoneModule> {
  const cs = await import('capstone-wasm');
  if (typeof cs.loadCapstone === 'function') return cs;
  const url = new URL('../node_modules/capstone-wasm/dist/index.mjs', import.meta.url);
  return (await import(/* @vite-ignore */ url.href)) as CapstoneModule;
}

async function capstone(): Promise<Capstone> {
  engine ??= (async () => {
    const cs = await importCapstone();
    await cs.loadCapstone({ printErr: () => {} });
    const mode = cs.Const.CS_MODE_THUMB | cs.Const.CS_MODE_MCLASS;
    return new cs.Capstone(cs.Const.CS_ARCH_ARM, mode);
  })();
  return engine;
}

/** How many bytes capstone sees at a time (its input is copied on every call). */
const CHUNK = 4096;

const BRANCH = /^(b|bl|cbz|cbnz|b(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al))(\.[nw])?$/;

function undecodable(bytes: Uint8Array, at: number, address: number): Disassembled {
  const hw1 = bytes[at] | (bytes[at + 1] << 8);
  const wide = hw1 >>> 11 >= 0x1d && at + 4 <= bytes.length;
  const size = at + 2 <= bytes.length ? (wide ? 4 : 2) : 1;
  const value = wide ? ((hw1 << 16) | bytes[at + 2] | (bytes[at + 3] << 8)) >>> 0 : hw1;
  const text = (size === 1 ? bytes[at] : value).toString(16).padStart(size * 2, '0');
  const mnemonic = size === 1 ? '.byte' : wide ? '.inst.w' : '.inst.n';
  return { address, size, bytes: bytes.slice(at, at + size), mnemonic, operands: '0x' + text };
}

/**
 * Disassembles up to `count` instructions from `bytes`, the first of which sits at `address`.
 */
export async function disassemble(
  bytes: Uint8Array,
  address: number,
  count = Number.POSITIVE_INFINITY,
): Promise<Disassembled[]> {
  const cs = await capstone();
  const out: Disassembled[] = [];
  let at = 0;
  while (at < bytes.length && out.length < count) {
    const chunkEnd = Math.min(bytes.length, at + CHUNK);
    const want = Math.min(count - out.length, CHUNK);
    let decoded: { size: number; mnemonic: string; opStr: string }[];
    try {
      decoded = cs.disasm(bytes.subarray(at, chunkEnd), {
        address: (address + at) >>> 0,
        count: want,
      });
    } catch {
      decoded = []; // capstone throws when the first instruction does not decode
    }
    for (const insn of decoded) {
      out.push(described(insn, bytes.slice(at, at + insn.size), (address + at) >>> 0));
      at += insn.size;
    }
    if (decoded.length === want || at >= chunkEnd) continue;
    // Capstone stopped early. An instruction cut by the chunk's end decodes in the next chunk;
    // anything else does not decode at all.
    if (chunkEnd < bytes.length && chunkEnd - at < 4 && decoded.length > 0) continue;
    const bad = undecodable(bytes, at, (address + at) >>> 0);
    out.push(bad);
    at += bad.size;
  }
  return out;
}

function described(
  insn: { size: number; mnemonic: string; opStr: string },
  bytes: Uint8Array,
  address: number,
): Disassembled {
  const entry: Disassembled = {
    address,
    size: insn.size,
    bytes,
    mnemonic: insn.mnemonic,
    operands: insn.opStr,
  };
  const target = /#(0x[0-9a-f]+)$/.exec(insn.opStr);
  if (BRANCH.test(insn.mnemonic) && target !== null) entry.target = Number(target[1]);
  return entry;
}
