/**
 * QEMU's side, through its GDB stub: registers with G/g, memory with M/m, breakpoints at the
 * program's end and at TRAP (where every exception lands), `c`/`s` to run. One QEMU serves
 * every program; it is restarted if it dies (QEMU ends itself on a lockup).
 */
import { GdbError } from './gdb-client.ts';
import { exceptionOutcome, FAULT_STATUS } from './qemu-exception.ts';
import { codeRegionImage, PARK, RESET, vectorTable, WAKE, WOKEN } from './harness-code.ts';
import {
  CODE,
  CODE_MAX,
  CODE_REGION,
  HANDLER_STACK,
  SCRATCH,
  SCRATCH_SIZE,
  TRAP,
  VECTORS,
} from './layout.ts';
import type { Line, Program } from './program.ts';
import { startQemu, type QemuProcess } from './qemu-process.ts';
import type { Target } from './target.ts';
import { hex, word, type Outcome, type Snapshot } from './state.ts';

/** A program runs in well under a millisecond: this only catches one that never ends. */
const RUN_TIMEOUT_MS = 3000;
/** M and m packets stay under the stub's PacketSize (0x1000 characters). */
const CHUNK = 0x780;
/**
 * The FP registers in the stub's numbering (target.xml: arm-m-profile.xml ends with xpsr = 25,
 * then arm-vfp.xml): d0-d15 are 26-41, fpscr 42. Only `p` and `P` reach them.
 */
const D0_REGNUM = 26;
const FPSCR_REGNUM = 42;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const le32 = (v: number) => toHex(new Uint8Array(new Uint32Array([v >>> 0]).buffer));

export class QemuTarget implements Target {
  readonly name = 'qemu';
  /** How many times QEMU had to be started again. */
  restarts = 0;
  private proc: QemuProcess | null = null;
  private breakpoints = new Set<number>();
  private pc = 0;
  /** QEMU must be put back in a clean Thread mode before the next program. */
  private dirty = true;
  private program: Program | null = null;
  private readonly image = codeRegionImage();

  static async start(): Promise<QemuTarget> {
    const t = new QemuTarget();
    await t.boot();
    return t;
  }

  private get gdb() {
    if (this.proc === null) throw new Error('QEMU is not running');
    return this.proc.gdb;
  }

  private async boot(): Promise<void> {
    this.proc = await startQemu();
    this.breakpoints = new Set();
    await this.gdb.request('qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm');
    await this.gdb.startNoAckMode();
    // Reading the target description makes 'g' return r0-r15 and xpsr only.
    const xml = await this.gdb.readXfer('features', 'target.xml');
    if (!xml.includes('arm-vfp.xml'))
      throw new Error(`QEMU's GDB stub does not show the FP registers: ${xml}`);
    await this.writeMemory(VECTORS, vectorTable());
    await this.writeMemory(CODE_REGION, this.image);
    await this.setBreakpoint(TRAP);
    await this.setBreakpoint(PARK);
    await this.setBreakpoint(WOKEN);
    this.dirty = true;
    await this.resetSystem();
  }

  /** QEMU died or stopped answering: start a new one. */
  private async restart(): Promise<string> {
    const why = this.proc?.stderr().trim().split('\n')[0] ?? '';
    this.proc?.gdb.close();
    this.proc?.child.kill('SIGKILL');
    this.proc = null;
    this.restarts++;
    await this.boot();
    return why;
  }

  async close(): Promise<void> {
    if (this.proc === null) return;
    this.proc.gdb.close();
    this.proc.child.kill();
    this.proc = null;
  }

  // --- GDB helpers ----------------------------------------------------------------------

  private async writeMemory(addr: number, bytes: Uint8Array): Promise<void> {
    for (let k = 0; k < bytes.length; k += CHUNK) {
      const part = bytes.subarray(k, Math.min(bytes.length, k + CHUNK));
      await this.gdb.request(
        `M${(addr + k).toString(16)},${part.length.toString(16)}:${toHex(part)}`,
      );
    }
  }

  private async readMemory(addr: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k += CHUNK) {
      const n = Math.min(CHUNK, length - k);
      out.set(fromHex(await this.gdb.request(`m${(addr + k).toString(16)},${n.toString(16)}`)), k);
    }
    return out;
  }

  private async readWords(addr: number, count: number): Promise<number[]> {
    const bytes = await this.readMemory(addr, count * 4);
    return Array.from({ length: count }, (_, k) => word(bytes, 4 * k));
  }

  /** r0-r15 and xpsr. */
  private async readRegisters(): Promise<{ regs: number[]; xpsr: number }> {
    const bytes = fromHex(await this.gdb.request('g'));
    const words = Array.from({ length: 17 }, (_, k) => word(bytes, 4 * k));
    this.pc = words[15];
    return { regs: words.slice(0, 16), xpsr: words[16] };
  }

  private async writeRegisters(regs: number[], xpsr: number): Promise<void> {
    await this.gdb.request('G' + regs.map(le32).join('') + le32(xpsr));
    this.pc = regs[15];
  }

  /** S0-S31 (from d0-d15) and FPSCR. */
  private async readFp(): Promise<number[]> {
    const out: number[] = [];
    for (let k = 0; k < 16; k++) {
      const bytes = fromHex(await this.gdb.request(`p${(D0_REGNUM + k).toString(16)}`));
      out.push(word(bytes, 0), word(bytes, 4));
    }
    out.push(word(fromHex(await this.gdb.request(`p${FPSCR_REGNUM.toString(16)}`)), 0));
    return out;
  }

  /** S0-S31 into d0-d15, and FPSCR = 0 as in a Loom just reset (the program sets its own). */
  private async writeFp(s: number[]): Promise<void> {
    for (let k = 0; k < 16; k++) {
      const value = le32(s[2 * k]) + le32(s[2 * k + 1]);
      await this.gdb.request(`P${(D0_REGNUM + k).toString(16)}=${value}`);
    }
    await this.gdb.request(`P${FPSCR_REGNUM.toString(16)}=${le32(0)}`);
  }

  private async setBreakpoint(addr: number): Promise<void> {
    await this.gdb.request(`Z0,${addr.toString(16)},2`);
    this.breakpoints.add(addr);
  }

  private async clearBreakpoint(addr: number): Promise<void> {
    await this.gdb.request(`z0,${addr.toString(16)},2`);
    this.breakpoints.delete(addr);
  }

  private async readPc(): Promise<number> {
    const bytes = fromHex(await this.gdb.request('pf'));
    this.pc = word(bytes, 0);
    return this.pc;
  }

  /** Waits for the stop reply to 'c' or 's'; false if none came (the stub was interrupted). */
  private async stopped(command: 'c' | 's'): Promise<boolean> {
    this.gdb.send(command);
    try {
      await this.gdb.next(RUN_TIMEOUT_MS);
      return true;
    } catch (e) {
      if (!(e instanceof GdbError) || /closed/.test(e.message)) throw e;
      this.gdb.interrupt();
      await this.gdb.next(RUN_TIMEOUT_MS);
      return false;
    }
  }

  /**
   * One instruction. QEMU's single-step runs one more instruction after YIELD and WFE (they end
   * their translation block with an exit to the main loop, which does not stop for the step):
   * those are stepped with a breakpoint on the next instruction instead.
   */
  private async stepOnce(): Promise<boolean> {
    const line = this.program?.lines.find((l) => l.addr === this.pc);
    if (line === undefined || !/^(YIELD|WFE) /.test(line.encoding ?? '')) return this.stopped('s');
    const next = this.pc + line.size;
    const had = this.breakpoints.has(next);
    if (!had) await this.setBreakpoint(next);
    const ok = await this.stopped('c');
    if (!had) await this.clearBreakpoint(next);
    return ok;
  }

  /**
   * Makes PendSV pending, which wakes a WFI (program.ts, wakePoints): runs the harness's WAKE
   * code outside any IT block, with the program's registers saved around it.
   */
  private async wake(): Promise<void> {
    const saved = await this.readRegisters();
    const regs = saved.regs.slice();
    regs[15] = WAKE;
    await this.writeRegisters(regs, saved.xpsr & ~0x0600_fc00);
    if (!(await this.stopped('c')) || (await this.readPc()) !== WOKEN) {
      throw new GdbError('the WAKE code did not reach its end');
    }
    await this.writeRegisters(saved.regs, saved.xpsr);
  }

  /**
   * Runs until the PC reaches one of `stops`. Returns the PC, or 'timeout' after the stub was
   * interrupted. A breakpoint where the PC already is would stop `c` at once: QEMU's
   * single-step runs past it first.
   */
  private async resume(stops: Set<number>, wakePoints: Set<number>): Promise<number | 'timeout'> {
    for (let guard = 0; guard < 1000; guard++) {
      if (wakePoints.has(this.pc)) await this.wake();
      if (this.breakpoints.has(this.pc)) {
        if (!(await this.stopped('s'))) return 'timeout';
        const pc = await this.readPc();
        if (stops.has(pc)) return pc;
        if (this.breakpoints.has(pc)) continue;
      }
      if (!(await this.stopped('c'))) return 'timeout';
      const pc = await this.readPc();
      if (stops.has(pc) || !wakePoints.has(pc)) return pc;
    }
    return 'timeout';
  }

  /**
   * Back to Thread mode with nothing active, the masks and CONTROL cleared, and the fault status
   * registers clean: through the harness's exception handler (harness-code.ts).
   */
  private async resetSystem(): Promise<void> {
    const { regs, xpsr } = await this.readRegisters();
    const inHandler = (xpsr & 0x1ff) !== 0;
    regs[15] = inHandler ? TRAP : RESET;
    if (!inHandler) regs[13] = HANDLER_STACK;
    await this.writeRegisters(regs, inHandler ? xpsr : 0x0100_0000);
    const stops = new Set([PARK]);
    let pc = await this.resume(stops, new Set());
    if (pc === TRAP) pc = await this.resume(stops, new Set());
    if (pc !== PARK) throw new Error(`QEMU did not come back to Thread mode (pc ${String(pc)})`);
    this.dirty = false;
  }

  // --- Programs -------------------------------------------------------------------------

  async begin(p: Program): Promise<void> {
    try {
      await this.load(p);
    } catch (e) {
      if (!(e instanceof GdbError)) throw e;
      await this.restart();
      await this.load(p);
    }
  }

  private async load(p: Program): Promise<void> {
    if (this.dirty) await this.resetSystem();
    this.program = p;
    this.dirty = p.resetAfter;
    const window = this.image.slice(CODE - CODE_REGION, CODE - CODE_REGION + CODE_MAX);
    if (p.code.length > CODE_MAX)
      throw new Error(`program ${p.id} has more than ${CODE_MAX} bytes`);
    window.set(p.code);
    await this.writeMemory(CODE, window);
    await this.writeMemory(SCRATCH, p.initial.memory);
    const regs = p.initial.regs.slice();
    regs[15] = CODE;
    await this.writeRegisters(regs, p.initial.xpsr);
    await this.writeFp(p.initial.fp);
  }

  /** A QEMU that died is started again and the program tried once more: twice is its doing. */
  async run(p: Program): Promise<Outcome> {
    let why = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await this.runOnce(p);
      } catch (e) {
        if (!(e instanceof GdbError)) throw e;
        why = (await this.restart()) || e.message;
      }
    }
    return { stop: 'timeout', detail: `QEMU stopped answering (${why})`, state: emptySnapshot() };
  }

  private async runOnce(p: Program): Promise<Outcome> {
    await this.load(p);
    const wakePoints = new Set(p.wakePoints);
    for (const a of [p.end, ...wakePoints]) await this.setBreakpoint(a);
    let pc: number | 'timeout';
    try {
      pc = await this.resume(new Set([p.end, TRAP]), wakePoints);
    } finally {
      for (const a of [p.end, ...wakePoints]) await this.clearBreakpoint(a);
    }
    return this.outcome(pc, false);
  }

  async step(withMemory: boolean): Promise<Outcome> {
    if (this.program?.wakePoints.includes(this.pc)) await this.wake();
    const line = this.program?.lines.find((l) => l.addr === this.pc);
    if (!(await this.stepOnce())) return this.outcome('timeout', true);
    const { regs, xpsr } = await this.readRegisters();
    const pc = regs[15];
    if (pc === TRAP || pc === this.program?.end || withMemory) return this.outcome(pc, true);
    // The FP registers after coprocessor-space instructions (the FPU's) only: p is slow.
    const fp = line && isCoprocessor(line) ? await this.readFp() : undefined;
    return { stop: 'step', detail: '', state: { regs, xpsr, fp } };
  }

  private async outcome(pc: number | 'timeout', stepping: boolean): Promise<Outcome> {
    if (pc === TRAP) return this.exception();
    const state = await this.snapshot();
    if (pc === 'timeout') {
      this.dirty = true;
      return { stop: 'timeout', detail: `no end after ${RUN_TIMEOUT_MS} ms`, state };
    }
    if (pc === this.program?.end) return { stop: 'end', detail: `pc ${hex(pc)}`, state };
    if (stepping) return { stop: 'step', detail: '', state };
    this.dirty = true;
    return { stop: 'timeout', detail: `stopped at ${hex(pc)}`, state };
  }

  private async snapshot(): Promise<Snapshot> {
    const { regs, xpsr } = await this.readRegisters();
    const memory = await this.readMemory(SCRATCH, SCRATCH_SIZE);
    return { regs, xpsr, memory, fp: await this.readFp() };
  }

  /** At TRAP: the state the exception saw, rebuilt from the stacked frame; then clean up. */
  private async exception(): Promise<Outcome> {
    const handler = await this.snapshot();
    const status = await this.readWords(FAULT_STATUS, 3);
    const frame = await this.readWords(handler.regs[13], 8);
    const returnHw = await this.readMemory(frame[6] & ~1, 2).catch(() => new Uint8Array(2));
    const outcome = exceptionOutcome(handler, status, frame, returnHw[0] | (returnHw[1] << 8));
    // Back to Thread mode through the rest of the harness's handler.
    this.dirty = true;
    const back = await this.resume(new Set([PARK]), new Set());
    if (back === PARK) this.dirty = false;
    return outcome;
  }
}

/** hw1 = 111x 11xx: the coprocessor space, where the FP instructions are. */
function isCoprocessor(line: Line): boolean {
  return line.size === 4 && ((line.raw >>> 16) & 0xec00) === 0xec00;
}

function emptySnapshot(): Snapshot {
  return { regs: new Array(16).fill(0), xpsr: 0, memory: new Uint8Array(SCRATCH_SIZE) };
}
