/**
 * Thumb assembly through keystone (loaded on first use, so that running an ELF never pays for it).
 */
import type { Keystone } from 'keystone-wasm';

let assembler: Promise<Keystone> | null = null;

async function keystone(): Promise<Keystone> {
  assembler ??= (async () => {
    const ks = await import('keystone-wasm');
    await ks.loadKeystone();
    return new ks.Keystone(ks.Const.KS_ARCH_ARM, ks.Const.KS_MODE_THUMB);
  })();
  return assembler;
}

/** Every program is assembled for the Cortex-M7 in unified syntax. */
const PRELUDE = '.cpu cortex-m7\n.syntax unified\n.thumb\n';

export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

/** Assembles `source` to machine code placed at `base`. */
export async function assemble(source: string, base: number): Promise<Uint8Array> {
  const ks = await keystone();
  let code: Uint8Array;
  try {
    code = ks.asm(PRELUDE + source, { address: base });
  } catch (e) {
    throw new AssemblyError(`cannot assemble: ${(e as Error).message}`);
  }
  if (code.length === 0 && /^\s*[^\s;@/]/m.test(source)) {
    throw new AssemblyError('cannot assemble: keystone produced no code (a malformed IT block?)');
  }
  return new Uint8Array(code);
}
