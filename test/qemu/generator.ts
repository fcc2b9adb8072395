/**
 * Seeded random programs: the encodings asked for (the campaign's round-robin, so that every
 * encoding runs), then random ones up to the length, perhaps an exception at the end, and `b .`.
 */
import { branchToSelf, clrex } from './asm.ts';
import type { EncodingInfo } from './classify.ts';
import { CODE, CODE_MAX, SCRATCH, SCRATCH_SIZE, SP_INIT } from './layout.ts';
import type { Program } from './program.ts';
import { prepareRandom } from './simple.ts';
import { INFOS } from './simple.ts';
import { Random } from './random.ts';
import {
  callAndReturn,
  compareBranch,
  forwardBranch,
  registerBranch,
  tableBranch,
} from './templates-branch.ts';
import { exceptionEnding } from './templates-ending.ts';
import { exclusivePair } from './templates-exclusive.ts';
import { faultEnding, type FaultEnding } from './templates-fault.ts';
import { selfModifying } from './templates-smc.ts';
import { itBlock } from './templates-it.ts';
import { ALU_PC, aluPcWrite, canLoadPc, loadPcWrite } from './templates-pc.ts';
import { fpOperands, fpPrologue, randomFpRegisters } from './templates-fp.ts';
import { cpsTemplate, msrTemplate, wfiTemplate } from './templates-system.ts';
import { ProgramWriter } from './writer.ts';

export interface GenerateOptions {
  id: string;
  seed: number;
  /** Instructions under test (templates and skipped ones included). */
  length: number;
  /** Encodings that must run in this program. */
  required: readonly EncodingInfo[];
  /** An SVC, BKPT or UDF encoding or a fault to end with, or null for a plain end. */
  ending: EncodingInfo | FaultEnding | null;
}

export interface Generated {
  program: Program;
  /** Required encodings the generator could not place (none, unless something is wrong). */
  missed: string[];
}

/** Encodings a program may pick at random (the exception ones only end programs). */
const PICKABLE = INFOS.filter((i) => i.family !== 'exception');

/** Emits one instance of `e` with whatever it needs around it; false if that failed. */
export function emitItem(w: ProgramWriter, e: EncodingInfo): boolean {
  const r = w.random;
  const name = e.encoding.name;
  switch (e.family) {
    case 'control':
      if (e.mnemonic === 'IT') return itBlock(w, e);
      if (e.mnemonic === 'CBZ') return compareBranch(w, e);
      if (e.mnemonic === 'TBB') return tableBranch(w, e);
      if (name === 'BX T1' && r.chance(0.5)) return callAndReturn(w);
      if (e.mnemonic === 'BX' || e.mnemonic === 'BLX') return registerBranch(w, e);
      return forwardBranch(w, e);
    case 'system':
      if (e.mnemonic === 'CPS') return cpsTemplate(w, e);
      if (e.mnemonic === 'MSR' && r.chance(0.5)) return msrTemplate(w, e);
      break;
    case 'wfi':
      return wfiTemplate(w, e);
    case 'exception':
      return false;
    case 'plain':
      if (ALU_PC.has(name) && r.chance(0.15) && aluPcWrite(w, e)) return true;
      if (r.chance(0.3) && fpOperands(w, e)) return true;
      break;
    case 'memory':
      if (canLoadPc(e) && r.chance(0.15) && loadPcWrite(w, e)) return true;
      if (/^STREX/.test(name) && r.chance(0.6) && exclusivePair(w, e)) return true;
      break;
  }
  const p = prepareRandom(w, e, 'main');
  if (p === null) return false;
  w.emitPrepared(p);
  return true;
}

/** Room left for what comes after the body: the ending, `b .`, the literal pool. */
const TAIL_ROOM = 0x100;

export function generate(options: GenerateOptions): Generated {
  const random = new Random(options.seed);
  const w = new ProgramWriter(random, options.ending !== null);
  // QEMU's exclusive monitor outlives a program: start every one with it open.
  w.setup(clrex());
  fpPrologue(w);
  // WFI first: it needs privilege, which a random MSR CONTROL may drop.
  const queue = [...options.required].sort(
    (a, b) => Number(b.family === 'wfi') - Number(a.family === 'wfi'),
  );
  const missed: string[] = [];
  while (queue.length > 0 || w.tests < options.length) {
    const full = w.b.size > CODE_MAX - TAIL_ROOM - 0x80;
    const fromQueue =
      queue.length > 0 &&
      (full ||
        queue[0].family === 'wfi' ||
        random.chance(0.3) ||
        w.tests + queue.length >= options.length);
    if (!fromQueue && full) break;
    if (!fromQueue && random.chance(0.02) && selfModifying(w)) continue;
    const e = fromQueue ? queue.shift()! : random.pick(PICKABLE);
    let done = false;
    for (let attempt = 0; attempt < 5 && !done; attempt++) done = emitItem(w, e);
    if (!done && fromQueue) missed.push(e.encoding.name);
  }
  const ending = options.ending;
  if (ending !== null) {
    let done = false;
    for (let attempt = 0; attempt < 20 && !done; attempt++) {
      done = typeof ending === 'string' ? faultEnding(w, ending) : exceptionEnding(w, ending);
    }
    if (!done) missed.push(typeof ending === 'string' ? ending : ending.encoding.name);
  }
  return { program: finish(w, options, random), missed };
}

function finish(w: ProgramWriter, options: GenerateOptions, random: Random): Program {
  const end = w.label('end');
  w.place(end);
  w.setup(branchToSelf());
  if ((CODE + w.b.size) % 4 !== 0) w.setup({ raw: 0xbf00, size: 2 }); // pool words aligned
  for (const word of w.pool) {
    w.place(word.label);
    w.b.data(4, (a) => le32(typeof word.value === 'number' ? word.value : word.value(a)));
  }
  const { code, lines, addressOf } = w.b.link(CODE);
  if (code.length > CODE_MAX) throw new Error(`program ${options.id}: ${code.length} bytes`);
  const memory = new Uint8Array(SCRATCH_SIZE);
  for (let k = 0; k < memory.length; k += 4) memory.set(le32(random.u32()), k);
  for (const slot of w.slotValues) {
    const v = typeof slot.value === 'number' ? slot.value : slot.value(addressOf);
    memory.set(le32(v), slot.address - SCRATCH);
  }
  const regs = Array.from({ length: 16 }, () => random.value());
  regs[13] = SP_INIT;
  regs[15] = CODE;
  const xpsr = ((random.bits(5) << 27) | (random.bits(4) << 16) | 0x0100_0000) >>> 0;
  return {
    id: options.id,
    code,
    lines,
    end: addressOf(end),
    initial: { regs, xpsr, memory, fp: randomFpRegisters(random) },
    wakePoints: w.wakeLabels.map(addressOf),
    resetAfter: w.resetAfter,
  };
}

function le32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v >>> 0]).buffer);
}
