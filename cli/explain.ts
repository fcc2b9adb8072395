/**
 * `loom explain HALFWORD [HALFWORD2] [--at ADDR]`: one Thumb encoding taken apart bit by bit
 * (cpu/explain.ts), with the disassembler's text for it.
 */
import { explainInstruction } from '../cpu/explain.ts';
import { option, parseArgs, type CommandSpec } from './args.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { parseAddress, parseWord } from './numbers.ts';

const bin = (value: number, width: number) => value.toString(2).padStart(width, '0');

export const EXPLAIN: CommandSpec = {
  name: 'explain',
  positionals: ['HALFWORD'],
  options: [{ name: 'at', value: 'ADDR' }],
};

/** A 32-bit instruction starts with a halfword whose bits 15:11 are 11101, 11110 or 11111 (A5.1). */
const isFirstOfTwo = (hw: number) => hw >>> 11 >= 0b11101;

function instruction(values: string[]): { raw: number; size: 2 | 4 } {
  const words = values.map((v) => parseWord(v, 'loom explain'));
  const hw = (v: number, text: string) => {
    if (v > 0xffff) throw new UsageError(`${text} is not a halfword (16 bits)`, 'explain');
    return v;
  };
  let hw1: number;
  let hw2: number | undefined;
  if (words.length === 2) {
    hw1 = hw(words[0], values[0]);
    hw2 = hw(words[1], values[1]);
  } else if (words[0] > 0xffff) {
    hw1 = words[0] >>> 16;
    hw2 = words[0] & 0xffff;
  } else {
    hw1 = words[0];
  }
  const h = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
  if (hw2 === undefined && isFirstOfTwo(hw1)) {
    throw new UsageError(
      `${h(hw1)} starts a 32-bit instruction (bits 15:11 = ${bin(hw1 >>> 11, 5)}): give its second halfword too`,
      'explain',
    );
  }
  if (hw2 !== undefined && !isFirstOfTwo(hw1)) {
    throw new UsageError(
      `${h(hw1)} is not the first halfword of a 32-bit instruction (its bits 15:11, ` +
        `${bin(hw1 >>> 11, 5)}, are not 11101, 11110 or 11111)`,
      'explain',
    );
  }
  return hw2 === undefined ? { raw: hw1, size: 2 } : { raw: ((hw1 << 16) | hw2) >>> 0, size: 4 };
}

export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const values = argv.filter((a, k) => !a.startsWith('-') && argv[k - 1] !== '--at');
  const args = parseArgs(argv, {
    ...EXPLAIN,
    positionals: values.length === 2 ? ['HALFWORD', 'HALFWORD2'] : ['HALFWORD'],
  });
  const { raw, size } = instruction(args.positionals);
  const atText = option(args, 'at');
  const at = atText === undefined ? undefined : parseAddress(atText, '--at');
  const { text, valid } = await explainInstruction(raw, size, at);
  io.stdout(text);
  return valid ? 0 : 1;
}
