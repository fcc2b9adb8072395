/**
 * One instruction's text for reports: cpu/disassemble.ts, or capstone loaded by its file when
 * that fails (under tsx, the tsconfig `paths` entry for capstone-wasm resolves the bare name to
 * its .d.ts, an empty module), or nothing.
 */
import { disassemble } from '../../cpu/disassemble.ts';

type Text = (bytes: Uint8Array, address: number) => string;

let fallback: Promise<Text | null> | null = null;

async function capstoneByPath(): Promise<Text | null> {
  try {
    const url = new URL('../../node_modules/capstone-wasm/dist/index.mjs', import.meta.url);
    const cs = await import(url.href);
    const api = cs.loadCapstone ? cs : cs.default;
    await api.loadCapstone({ printErr: () => {} });
    const mode = api.Const.CS_MODE_THUMB | api.Const.CS_MODE_MCLASS;
    const engine = new api.Capstone(api.Const.CS_ARCH_ARM, mode);
    return (bytes, address) => {
      const [insn] = engine.disasm(bytes, { address, count: 1 });
      return insn ? `${insn.mnemonic} ${insn.opStr}`.trim() : '(undecodable)';
    };
  } catch {
    return null;
  }
}

export async function instructionText(bytes: Uint8Array, address: number): Promise<string> {
  try {
    const [d] = await disassemble(bytes, address, 1);
    return `${d.mnemonic} ${d.operands}`.trim();
  } catch {
    fallback ??= capstoneByPath();
    const text = await fallback;
    if (text === null) return '';
    try {
      return text(bytes, address);
    } catch {
      return '(undecodable)';
    }
  }
}
