/**
 * Lesson 8's hand-punched halfwords: the region of the file where only `.hword` may appear, and
 * a wrong halfword compared with the right one field by field, from the same encoding table the
 * core decodes with (cpu/explain.ts).
 */
import { disassemble } from '../../cpu/disassemble.ts';
import { bitLabels, diagram, takeApart } from '../../cpu/explain.ts';
import { hex32 } from '../../loader/error.ts';

export const BEGIN = /^\s*@\s*---\s*punch below/;
export const END = /^\s*@\s*---\s*end of punching/;

/** One instruction the student punches. */
export interface Punch {
  /** What it is, as the exercise says it: 'movs r0, #42'. */
  asm: string;
  /** The right halfword. */
  raw: number;
}

/**
 * A line of the region that is not a comment, a blank or a halfword written as a number
 * (`.hword`, or GNU as's `.inst.n`, which also marks it as an instruction): its number and text.
 */
export function mnemonicLines(lines: string[], from: number, to: number): [number, string][] {
  const found: [number, string][] = [];
  for (let k = from + 1; k < to; k++) {
    const code = lines[k]
      .replace(/(@|\/\/).*$/, '')
      .replace(/^\s*[A-Za-z_.$][\w.$]*:/, '')
      .trim();
    if (code === '' || /^\.(hword|short|2byte|inst\.n)(?=\s|$)/i.test(code)) continue;
    found.push([k + 1, code]);
  }
  return found;
}

const bin = (v: number, width: number) => v.toString(2).padStart(width, '0');
const h4 = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
const CONDITIONS = 'EQ NE CS CC MI PL VS VC HI LS GE LT GT LE AL'.split(' ');

/** How the disassembler writes a halfword at `address`. */
export async function asmOf(raw: number, address: number): Promise<string> {
  const [insn] = await disassemble(Uint8Array.of(raw & 0xff, raw >>> 8), address, 1);
  return insn.mnemonic.startsWith('.') ? '(nothing)' : `${insn.mnemonic} ${insn.operands}`.trim();
}

/** A field's value as the manual's reader wants it: bits, and what they mean. */
function fieldText(name: string, v: number, width: number): string {
  if (/^R[dnmt]/.test(name)) return `${bin(v, width)} (R${v})`;
  if (name === 'cond') return `${bin(v, width)} (${CONDITIONS[v] ?? '?'})`;
  return `${bin(v, width)} = ${v}`;
}

/** For B T1: where imm8 sends the branch at `address`. */
function branchTarget(imm8: number, address: number): string {
  const halfwords = imm8 >= 128 ? imm8 - 256 : imm8;
  const to = (address + 4 + 2 * halfwords) >>> 0;
  const sign = halfwords < 0 ? `- ${-2 * halfwords}` : `+ ${2 * halfwords}`;
  return `${halfwords} halfwords: ${hex32(address)} + 4 ${sign} = ${hex32(to)}`;
}

/**
 * What is wrong with `given` where `punch.raw` belongs, at `address`: a heading line, then the
 * wanted encoding drawn with the student's bits under it, then each field that differs.
 */
export async function compare(punch: Punch, given: number, address: number): Promise<string[]> {
  const wanted = takeApart(punch.raw, 2)!;
  const e = wanted.encoding;
  const lines: string[] = [];
  const values = (raw: number) =>
    Array.from({ length: 16 }, (_, k) => ` ${(raw >>> (15 - k)) & 1} `).join(' ');
  const marks = Array.from({ length: 16 }, (_, k) =>
    ((given ^ punch.raw) >>> (15 - k)) & 1 ? ' ^ ' : '   ',
  ).join(' ');
  const picture = diagram(punch.raw, e).trimEnd().split('\n');
  lines.push(
    `${punch.asm} is ${e.name}:`,
    ...picture.map((l) => l.slice(2)),
    `yours     ${values(given)}`.trimEnd(),
    `          ${marks}`.trimEnd(),
  );
  if (given >>> 11 >= 0b11101) {
    lines.push(
      `${h4(given)} has bits 15:11 = ${bin(given >>> 11, 5)}: that starts a 32-bit instruction, ` +
        'and the processor would take the next halfword as its second half.',
    );
    return lines;
  }
  const found = takeApart(given, 2);
  if (found === null) {
    lines.push(`${h4(given)} matches no Thumb encoding: the core would raise a UsageFault.`);
    return lines;
  }
  if (found.encoding.name !== e.name) {
    const labels = bitLabels(e);
    const fixed = labels.map((l, k) => (l === 'opcode' ? 15 - k : -1)).filter((b) => b >= 0);
    const hi = fixed[0];
    const lo = fixed[fixed.length - 1];
    const bits = (raw: number) => bin((raw >>> lo) & ((1 << (hi - lo + 1)) - 1), hi - lo + 1);
    lines.push(
      `Yours decodes as ${found.encoding.name}, ${await asmOf(given, address)}. The fixed bits ` +
        `${hi}:${lo} select the instruction: ${e.name} needs ${bits(punch.raw)}, yours are ` +
        `${bits(given)}.`,
    );
    return lines;
  }
  lines.push(`Yours is ${e.name} too, but ${await asmOf(given, address)}:`);
  for (const f of e.fields) {
    const mine = found.fields[f.name];
    const right = wanted.fields[f.name];
    if (mine === right) continue;
    const at = f.width === 1 ? `bit ${f.shift}` : `bits ${f.shift + f.width - 1}:${f.shift}`;
    let text =
      `${f.name} (${at}) is ${fieldText(f.name, mine, f.width)}; it should be ` +
      `${fieldText(f.name, right, f.width)}.`;
    if (e.name === 'B T1' && f.name === 'imm8') {
      text +=
        ` Yours jumps ${branchTarget(mine, address)}; the target is ` +
        `${branchTarget(right, address)}.`;
    }
    lines.push(text);
  }
  return lines;
}
