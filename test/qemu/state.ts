/** Machine state as the differential test sees it, and how two of them are compared. */
import { SCRATCH } from './layout.ts';

export const REG_NAMES = [
  'r0',
  'r1',
  'r2',
  'r3',
  'r4',
  'r5',
  'r6',
  'r7',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'sp',
  'lr',
  'pc',
];

export interface Snapshot {
  /** r0-r12, sp, lr, pc. */
  regs: number[];
  xpsr: number;
  /** The scratch area (not read after every step of a lockstep run). */
  memory?: Uint8Array;
  /** S0-S31 and FPSCR (read at the end, and in lockstep after FP instructions). */
  fp?: number[];
}

/** The names of Snapshot.fp's words. */
export const FP_NAMES = [...Array.from({ length: 32 }, (_, k) => `s${k}`), 'fpscr'];

/** What made a run stop: the program's end, or an exception. */
export type StopKind = 'end' | 'step' | 'exception' | 'timeout' | 'crash';

export interface Outcome {
  stop: StopKind;
  /** For exceptions: 'svc', 'bkpt' or a fault's CFSR name (UNDEFINSTR, INVSTATE...). */
  event?: string;
  /** What the target said about the stop, for reports. */
  detail: string;
  /** At an exception: the state the exception saw, PC = its return address. */
  state: Snapshot;
  /** Scratch bytes [start, end) not to compare (an exception frame QEMU stacked there). */
  ignore?: [number, number][];
}

/** The APSR flags and the T bit; ITSTATE too where it is architecturally visible. */
const APSR_MASK = 0xf80f_0000;
const T_BIT = 0x0100_0000;
const IT_MASK = 0x0600_fc00;

export function xpsrMask(stop: StopKind): number {
  return (APSR_MASK | T_BIT | (stop === 'exception' ? 0 : IT_MASK)) >>> 0;
}

export interface Difference {
  what: string;
  loom: string;
  qemu: string;
}

export const hex = (v: number, digits = 8) => '0x' + (v >>> 0).toString(16).padStart(digits, '0');

/** Every difference between Loom's outcome and QEMU's. */
export function compare(loom: Outcome, qemu: Outcome): Difference[] {
  const diffs: Difference[] = [];
  if (loom.stop !== qemu.stop || loom.event !== qemu.event) {
    diffs.push({ what: 'stop', loom: describeStop(loom), qemu: describeStop(qemu) });
    return diffs;
  }
  const a = loom.state;
  const b = qemu.state;
  for (let k = 0; k < 16; k++) {
    if (a.regs[k] >>> 0 !== b.regs[k] >>> 0) {
      diffs.push({ what: REG_NAMES[k], loom: hex(a.regs[k]), qemu: hex(b.regs[k]) });
    }
  }
  const mask = xpsrMask(loom.stop);
  if ((a.xpsr & mask) >>> 0 !== (b.xpsr & mask) >>> 0) {
    diffs.push({
      what: 'xpsr',
      loom: describeXpsr(a.xpsr & mask),
      qemu: describeXpsr(b.xpsr & mask),
    });
  }
  if (a.fp !== undefined && b.fp !== undefined) {
    for (let k = 0; k < FP_NAMES.length; k++) {
      if (a.fp[k] >>> 0 !== b.fp[k] >>> 0) {
        diffs.push({ what: FP_NAMES[k], loom: hex(a.fp[k]), qemu: hex(b.fp[k]) });
      }
    }
  }
  if (a.memory === undefined || b.memory === undefined) return diffs;
  const ignored = [...(loom.ignore ?? []), ...(qemu.ignore ?? [])];
  for (let k = 0; k + 4 <= a.memory.length; k += 4) {
    const addr = SCRATCH + k;
    if (ignored.some(([s, e]) => addr + 4 > s && addr < e)) continue;
    const x = word(a.memory, k);
    const y = word(b.memory, k);
    if (x !== y) diffs.push({ what: `[${hex(addr)}]`, loom: hex(x), qemu: hex(y) });
  }
  return diffs;
}

export function word(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

export function describeStop(o: Outcome): string {
  return o.stop === 'exception' ? `exception ${o.event} (${o.detail})` : `${o.stop} (${o.detail})`;
}

/** "0x21000000 nzCvq GE=0000 T IT=00" */
export function describeXpsr(x: number): string {
  const flag = (bit: number, c: string) => ((x >>> bit) & 1 ? c.toUpperCase() : c);
  const it = (((x >>> 10) & 0x3f) << 2) | ((x >>> 25) & 3);
  const ge = ((x >>> 16) & 0xf).toString(2).padStart(4, '0');
  return (
    `${hex(x)} ${flag(31, 'n')}${flag(30, 'z')}${flag(29, 'c')}${flag(28, 'v')}${flag(27, 'q')}` +
    ` GE=${ge}${(x >>> 24) & 1 ? ' T' : ' t=0'}${it !== 0 ? ` IT=${hex(it, 2)}` : ''}`
  );
}
