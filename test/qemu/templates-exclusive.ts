/**
 * LDREX/STREX pairs on the same address: the STREX passes (nothing in between stores), or fails
 * after a CLREX. A lone STREX, which the generator also makes, fails on an open monitor.
 */
import type { EncodingInfo } from './classify.ts';
import { prepareRandom, info, randomSimple } from './simple.ts';
import { clrex } from './asm.ts';
import type { ProgramWriter } from './writer.ts';

/** The load that pairs with each store-exclusive. */
const LOAD_OF: Record<string, string> = {
  'STREX T1': 'LDREX T1',
  'STREXB T1': 'LDREXB T1',
  'STREXH T1': 'LDREXH T1',
};

export function exclusivePair(w: ProgramWriter, store: EncodingInfo): boolean {
  const load = prepareRandom(w, info(LOAD_OF[store.encoding.name]), 'main');
  if (load === null) return false;
  w.emitPrepared(load);
  for (let k = w.random.below(3); k > 0; k--) {
    w.emitPrepared(randomSimple(w, 'main', (p) => !p.stores && !p.info.memory?.exclusive));
  }
  if (w.random.chance(0.2)) {
    w.setup(clrex());
    w.monitor = { state: 'open' };
  }
  const p = prepareRandom(w, store, 'main');
  if (p === null) return false;
  w.emitPrepared(p);
  return true;
}
