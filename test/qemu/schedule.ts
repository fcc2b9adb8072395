/**
 * Which encodings each program of a campaign must run: a round-robin over every encoding, so
 * that a campaign of `programsPerRound` programs or more exercises all of them. Program k's share
 * depends only on k, so any program can be generated again on its own.
 */
import type { EncodingInfo } from './classify.ts';
import { INFOS } from './simple.ts';
import { FAULT_ENDINGS, type FaultEnding } from './templates-fault.ts';

const BODY = INFOS.filter((i) => i.family !== 'exception');
/** Undefined words twice: each program checks one, and the decoder's gaps are many. */
const ENDINGS: (EncodingInfo | FaultEnding)[] = [
  ...INFOS.filter((i) => i.family === 'exception'),
  ...FAULT_ENDINGS,
  'undefined',
];

/** Programs in one full round of the body encodings. */
export const PROGRAMS_PER_ROUND = 48;
const PER_PROGRAM = Math.ceil(BODY.length / PROGRAMS_PER_ROUND);
/** One program in ENDING_EVERY ends with an exception. */
const ENDING_EVERY = 3;

export function requiredFor(k: number): EncodingInfo[] {
  const out: EncodingInfo[] = [];
  for (let j = 0; j < PER_PROGRAM; j++) out.push(BODY[(k * PER_PROGRAM + j) % BODY.length]);
  return out;
}

export function endingFor(k: number): EncodingInfo | FaultEnding | null {
  if (k % ENDING_EVERY !== ENDING_EVERY - 1 || ENDINGS.length === 0) return null;
  return ENDINGS[Math.floor(k / ENDING_EVERY) % ENDINGS.length];
}

/** The seed of program k of a campaign started from `seed`. */
export function programSeed(seed: number, k: number): number {
  return (Math.imul(seed >>> 0, 0x9e37_79b1) + Math.imul(k + 1, 0x85eb_ca6b)) >>> 0;
}
