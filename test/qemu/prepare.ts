/**
 * Makes a straight-line instruction safe to run: loads and stores get their base and index
 * registers set so that they land in the scratch area; PC writes are refused here (templates
 * handle them); exclusives follow the monitor the program knows about.
 */
import { writesPc, writtenRegisters, type EncodingInfo } from './classify.ts';
import type { Instance } from './instance.ts';
import { SCRATCH, SCRATCH_SIZE, STORE_HIGH, STORE_LOW } from './layout.ts';
import { planAccess } from './memory-plan.ts';
import type { Prepared, ProgramWriter, SetupOp } from './writer.ts';

/** 'main': surely executes, in order. 'maybe': skipped by a branch, or inside an IT block. */
export type Zone = 'main' | 'maybe';

/** SYSm 0-3 are the APSR views: MSR to them only writes flags. */
const isApsrMsr = (info: EncodingInfo, inst: Instance) =>
  info.mnemonic === 'MSR' && inst.insn.imm32 <= 3;

/** Families `prepareSimple` takes. */
export function isSimple(info: EncodingInfo): boolean {
  if (info.family === 'plain' || info.family === 'memory') return true;
  return info.mnemonic === 'MRS' || info.mnemonic === 'MSR';
}

/** STM T1 with the base in the list, not lowest: the stored base is UNKNOWN (A7.7.159). */
function unknownStore(info: EncodingInfo, inst: Instance): boolean {
  const { registers, n } = inst.insn;
  return (
    info.encoding.name === 'STM T1' &&
    ((registers >>> n) & 1) !== 0 &&
    (registers & ((1 << n) - 1)) !== 0
  );
}

/**
 * Null when this instance cannot run straight-line here (a PC write, an exclusive outside the
 * main line, an address that cannot be reached...).
 */
export function prepareSimple(
  w: ProgramWriter,
  info: EncodingInfo,
  inst: Instance,
  zone: Zone,
): Prepared | null {
  if (!isSimple(info) || writesPc(info, inst.insn)) return null;
  if (info.mnemonic === 'MSR' && !isApsrMsr(info, inst)) return null;
  if (info.mnemonic === 'CLREX' && zone !== 'main') return null;
  const writes = writtenRegisters(info, inst.insn);
  const form = info.memory;
  if (!form) return { info, inst, setup: edgeOperands(w, inst), writes, stores: false };
  if (unknownStore(info, inst)) return null;
  if (form.exclusive && zone !== 'main') return null;
  const stores = !form.load;
  if (form.addressing === 'literal') return { info, inst, setup: [], writes, stores };
  let at: number | undefined;
  if (form.exclusive && !form.load) {
    const m = w.monitor;
    if (m.state === 'exclusive' && m.clean && m.size === form.size) at = m.address;
    else w.openMonitor();
  }
  const [low, high] = stores ? [STORE_LOW, STORE_HIGH] : [SCRATCH, SCRATCH + SCRATCH_SIZE];
  const plan = planAccess(info, inst, w.random, low, high, at);
  if (plan === null) return null;
  return withBase(w, info, inst, plan.base, plan.index, writes, stores);
}

/** Values where saturation, overflow, carries and division by zero live. */
const EDGES = [
  0, 1, 2, 31, 32, 33, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
  0xffff_8000, 0x8000_8000, 0x7fff_7fff, 0x8080_8080, 0x7f7f_7f7f, 0x00ff_00ff,
];

/** Sometimes sets the operands (n, m, a) of a register-only instruction to edge values. */
function edgeOperands(w: ProgramWriter, inst: Instance): SetupOp[] {
  if (!w.random.chance(0.2)) return [];
  const regs = new Set([inst.insn.n, inst.insn.m, inst.insn.a].filter((r) => r < 13));
  return [...regs].map((reg) => ({ reg, value: w.random.pick(EDGES) }));
}

/** The setup for a base (and index) register; SP goes through a scratch register. */
export function withBase(
  w: ProgramWriter,
  info: EncodingInfo,
  inst: Instance,
  base: number | undefined,
  index: number | undefined,
  writes: Set<number>,
  stores: boolean,
): Prepared {
  const { n, m } = inst.insn;
  const setup: SetupOp[] = [];
  let spTemp: number | undefined;
  if (base !== undefined && n !== 15) {
    setup.push({ reg: n, value: base });
    if (n === 13) spTemp = w.freeRegisters(new Set([m]))[0];
  }
  if (index !== undefined && n !== m) setup.push({ reg: m, value: index });
  return { info, inst, setup, spTemp, writes, stores };
}
