/**
 * Keystone, loaded on first use (running an ELF never pays for it), with what it prints on
 * stderr captured as the reason for a failure instead of leaking to the terminal.
 */
import type { Keystone } from 'keystone-wasm';

/** Every program is assembled for the Cortex-M7 in unified syntax. */
const PRELUDE = '.cpu cortex-m7\n.syntax unified\n.thumb\n';

type KeystoneModule = typeof import('keystone-wasm');

let loaded: Promise<KeystoneModule> | null = null;
let instance: Keystone | null = null;
const diagnostics: string[] = [];

/**
 * The package, by name; under tsx, tsconfig.json's "paths" (there for the type checker) turn the
 * bare name into the package's .d.ts, an empty module: then by its file.
 */
async function importKeystone(): Promise<KeystoneModule> {
  const ks = await import('keystone-wasm');
  if (typeof ks.loadKeystone === 'function') return ks;
  const url = new URL('../node_modules/keystone-wasm/dist/index.mjs', import.meta.url);
  return (await import(/* @vite-ignore */ url.href)) as KeystoneModule;
}

async function keystone(): Promise<Keystone> {
  loaded ??= (async () => {
    const ks = await importKeystone();
    await ks.loadKeystone({ printErr: (text: string) => diagnostics.push(text) });
    return ks;
  })();
  const ks = await loaded;
  instance ??= new ks.Keystone(ks.Const.KS_ARCH_ARM, ks.Const.KS_MODE_THUMB);
  return instance;
}

export type Attempt = { ok: true; code: Uint8Array } | { ok: false; reason: string };

/** Keystone's names for its errors, in the words Loom uses. */
const REASONS: Record<string, string> = {
  KS_ERR_ASM_MNEMONICFAIL: 'unknown instruction',
  KS_ERR_ASM_INVALIDOPERAND: 'invalid operand',
  KS_ERR_ASM_SYMBOL_MISSING: 'undefined symbol',
  KS_ERR_ASM_SYMBOL_REDEFINED: 'a symbol defined twice',
  KS_ERR_ASM_LABEL_INVALID: 'invalid label (numeric local labels are not supported)',
  KS_ERR_ASM_FRAGMENT_INVALID: 'cannot place this (.org is not supported)',
  KS_ERR_ASM_MISSINGFEATURE: 'an instruction the Cortex-M7 does not have',
};

function reasonOf(e: unknown): string {
  const printed = diagnostics.find((line) => line.startsWith('error: '));
  if (printed !== undefined) return printed.slice('error: '.length);
  const message = e instanceof Error ? e.message : String(e);
  const code = /\((KS_ERR_\w+)\)/.exec(message)?.[1];
  if (code !== undefined && code in REASONS) return REASONS[code];
  const text = /error: (.*?) \(KS_ERR/.exec(message)?.[1] ?? message;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Assembles `source` at `base`; a failure comes back as a reason, never thrown. */
export async function tryAssemble(source: string, base: number): Promise<Attempt> {
  const ks = await keystone();
  diagnostics.length = 0;
  try {
    const code = ks.asm(PRELUDE + source, { address: base >>> 0 });
    // Some errors are only printed: the code that comes back is then empty or partial.
    if (diagnostics.some((line) => line.startsWith('error: '))) {
      return { ok: false, reason: reasonOf(null) };
    }
    return { ok: true, code: new Uint8Array(code) };
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // A trap inside keystone: start afresh with a new instance.
      instance = null;
      return { ok: false, reason: 'the assembler (keystone) crashed on this code' };
    }
    return { ok: false, reason: reasonOf(e) };
  }
}
