/**
 * The disassembly the UI shows, kept ready: the image's code disassembled once at load (with
 * its data - literal pools, vector tables - shown as data), and windows of memory disassembled
 * on demand where execution goes elsewhere. Capstone is asynchronous: a window it has not
 * produced yet is asked for, and the screen redraws when it arrives. Code that changed in
 * memory since it was disassembled is disassembled again.
 */
import type { Machine } from '../chip/machine.ts';
import { dataLines, regions } from '../cli/disasm.ts';
import { disassemble, type Disassembled } from '../cpu/disassemble.ts';
import type { LoadedImage } from '../loader/image.ts';

/** A run of instructions in address order, each starting where the one before ends. */
interface Run {
  start: number;
  end: number;
  insns: Disassembled[];
}

const DATA_DIRECTIVE =
  /^\s*(?:[A-Za-z_.$][\w.$]*:\s*)*\.(word|long|4byte|int|short|hword|2byte|byte|ascii|asciz|string|space|skip|zero|fill)\b/;

/** How far before an address a window starts, and how far after it goes (bytes). */
const WINDOW_BEFORE = 96;
const WINDOW_AFTER = 512;
const MAX_WINDOWS = 8;

/** The address ranges of an image that hold data, not instructions. */
export function dataRanges(image: LoadedImage): [number, number][] {
  const ranges: [number, number][] = [];
  if (image.elf !== undefined) {
    const mapping = image.elf.mapping;
    for (let k = 0; k < mapping.length; k++) {
      if (mapping[k].kind !== 'data') continue;
      const end = k + 1 < mapping.length ? mapping[k + 1].address : 0xffffffff;
      ranges.push([mapping[k].address, end]);
    }
  } else if (image.assembly !== undefined) {
    for (const line of image.assembly.lines) {
      if (line.address === undefined || line.bytes.length === 0) continue;
      if (line.line === 0 || DATA_DIRECTIVE.test(line.source)) {
        ranges.push([line.address, line.address + line.bytes.length]);
      }
    }
  }
  return ranges;
}

/**
 * A raw image that starts with a vector table: its first words, as long as they look like one
 * (the stack's top, then zeros and Thumb addresses inside the image).
 */
function vectorTableRange(image: LoadedImage, machine: Machine): [number, number] | null {
  if (!image.hasVectorTable || image.elf !== undefined || image.assembly !== undefined) return null;
  const first = image.segments[0];
  if (first === undefined) return null;
  const inside = (a: number) =>
    image.segments.some((s) => a >= s.address && a < s.address + s.size);
  const end = first.address + first.size;
  let at = first.address + 4;
  while (at + 4 <= end) {
    const word = machine.bus.read32(at) >>> 0;
    if (word !== 0 && ((word & 1) === 0 || !inside(word & ~1))) break;
    at += 4;
  }
  return [first.address, at];
}

export class CodeCache {
  /** The image's code, disassembled at load. */
  private image: Run[] = [];
  /** Windows disassembled on demand, most recent last. */
  private windows: Run[] = [];
  private readonly requested = new Set<number>();
  /** Told when a window asked for has arrived. */
  onReady: () => void = () => {};

  constructor(private readonly machine: Machine) {}

  /** Disassembles the image's code and data. */
  async prepare(image: LoadedImage): Promise<void> {
    const data = dataRanges(image);
    const table = vectorTableRange(image, this.machine);
    if (table !== null) data.push(table);
    const runs: Run[] = [];
    for (const region of regions(image, this.machine)) {
      const insns = await disassembleMixed(region.bytes, region.address, data);
      if (insns.length > 0) {
        runs.push({ start: region.address, end: region.address + region.bytes.length, insns });
      }
    }
    this.image = runs.sort((a, b) => a.start - b.start);
  }

  /**
   * The instructions around `address` (which one of them starts at), or null while they are
   * being disassembled.
   */
  around(address: number): { insns: Disassembled[]; index: number } | null {
    for (let k = this.windows.length - 1; k >= 0; k--) {
      const run = this.windows[k];
      const index = indexOf(run, address);
      if (index >= 0) {
        if (this.current(run, index)) return { insns: run.insns, index };
        this.windows.splice(k, 1);
      }
    }
    for (const run of this.image) {
      const index = indexOf(run, address);
      if (index >= 0 && this.current(run, index)) return { insns: run.insns, index };
    }
    this.request(address);
    return null;
  }

  /** Whether the instructions near `index` still match memory. */
  private current(run: Run, index: number): boolean {
    const bus = this.machine.bus;
    const from = Math.max(0, index - 40);
    const to = Math.min(run.insns.length, index + 60);
    for (let k = from; k < to; k++) {
      const insn = run.insns[k];
      const m = bus.find(insn.address);
      if (m === undefined || m.memory === null) continue;
      for (let b = 0; b < insn.bytes.length; b++) {
        if (m.end - insn.address <= b) break;
        if (bus.read8(insn.address + b) !== insn.bytes[b]) return false;
      }
    }
    return true;
  }

  private request(address: number): void {
    if (this.requested.has(address)) return;
    this.requested.add(address);
    void this.disassembleWindow(address).then((run) => {
      this.requested.delete(address);
      if (run === null) return;
      this.windows.push(run);
      if (this.windows.length > MAX_WINDOWS) this.windows.shift();
      this.onReady();
    });
  }

  /**
   * Memory around `address`, disassembled from a start that lands on it (Thumb instructions are
   * 2 or 4 bytes, so a start too early may be out of step).
   */
  private async disassembleWindow(address: number): Promise<Run | null> {
    const m = this.machine.bus.find(address);
    if (m === undefined || m.memory === null) {
      return { start: address, end: address + 2, insns: [unreadable(address)] };
    }
    const end = Math.min(m.end, address + WINDOW_AFTER);
    for (let start = Math.max(m.base, address - WINDOW_BEFORE); start <= address; start += 2) {
      const bytes = this.machine.bus.dump(start, end - start);
      const insns = await disassemble(bytes, start);
      const run = { start, end, insns };
      if (indexOf(run, address) >= 0) return run;
    }
    return null;
  }
}

/** Disassembles `bytes` at `address`, showing the parts in `data` as data. */
async function disassembleMixed(
  bytes: Uint8Array,
  address: number,
  data: [number, number][],
): Promise<Disassembled[]> {
  const end = address + bytes.length;
  const cuts = new Set<number>([address, end]);
  for (const [from, to] of data) {
    if (from < end && to > address) {
      cuts.add(Math.max(from, address));
      cuts.add(Math.min(to, end));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Disassembled[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k];
    const to = points[k + 1];
    const part = bytes.subarray(from - address, to - address);
    const isData = data.some(([a, b]) => from >= a && from < b);
    out.push(...(isData ? dataLines(part, from) : await disassemble(part, from)));
  }
  return out;
}

function unreadable(address: number): Disassembled {
  return { address, size: 2, bytes: new Uint8Array(0), mnemonic: '??', operands: 'no memory here' };
}

/** The index of the instruction that starts at `address` in a run, or -1. */
function indexOf(run: Run, address: number): number {
  if (address < run.start || address >= run.end) return -1;
  const insns = run.insns;
  let lo = 0;
  let hi = insns.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const a = insns[mid].address;
    if (a === address) return mid;
    if (a < address) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
