/** Random straight-line instructions: the body of programs, IT blocks and skipped code. */
import { ENCODINGS } from '../../cpu/decoder.ts';
import { classify, type EncodingInfo } from './classify.ts';
import { randomInstance } from './instance.ts';
import { isSimple, prepareSimple, type Zone } from './prepare.ts';
import type { Prepared, ProgramWriter } from './writer.ts';

export const INFOS: readonly EncodingInfo[] = ENCODINGS.map(classify);
export const INFO_BY_NAME = new Map(INFOS.map((i) => [i.encoding.name, i]));
const SIMPLE = INFOS.filter(isSimple);

export function info(name: string): EncodingInfo {
  const found = INFO_BY_NAME.get(name);
  if (!found) throw new Error(`no encoding named ${name}`);
  return found;
}

/** Prepares an instance of `info` (random fields) that `accept` takes, or null. */
export function prepareRandom(
  w: ProgramWriter,
  info: EncodingInfo,
  zone: Zone,
  accept: (p: Prepared) => boolean = () => true,
): Prepared | null {
  const found: Prepared[] = [];
  randomInstance(info.encoding, w.random, (inst) => {
    const p = prepareSimple(w, info, inst, zone);
    if (p === null || !accept(p)) return false;
    found.push(p);
    return true;
  });
  return found[0] ?? null;
}

/** A random straight-line instruction of any encoding. */
export function randomSimple(
  w: ProgramWriter,
  zone: Zone,
  accept: (p: Prepared) => boolean = () => true,
): Prepared {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const p = prepareRandom(w, w.random.pick(SIMPLE), zone, accept);
    if (p !== null) return p;
  }
  throw new Error('no straight-line instruction fits');
}

/** `count` instructions that may or may not run (skipped by a branch). */
export function fillers(w: ProgramWriter, count: number, accept?: (p: Prepared) => boolean): void {
  for (let k = 0; k < count; k++) {
    const p = randomSimple(w, 'maybe', accept);
    w.emitSetup(p);
    w.test(p.inst);
    w.noteEffects(p, false);
  }
}
