/** Loom's side: a Machine with the STM32F746 map, the program loaded as QEMU gets it. */
import { Machine } from '../../chip/machine.ts';
import { CPACR_CP10_SHIFT, CPACR_FULL } from '../../cpu/fpu/registers.ts';
import type { CpuHooks } from '../../cpu/hooks.ts';
import { codeRegionImage, vectorTable } from './harness-code.ts';
import { CODE, CODE_REGION, PSP_INIT, SCRATCH, SCRATCH_SIZE, VECTORS } from './layout.ts';
import type { Program } from './program.ts';
import type { Target } from './target.ts';
import { hex, type Outcome, type Snapshot } from './state.ts';

/** Programs run forward only: far fewer instructions than this. */
const MAX_INSTRUCTIONS = 100_000;

export class LoomTarget implements Target {
  readonly name = 'loom';
  private readonly machine = new Machine();
  private readonly image = codeRegionImage();
  private event: { name: string; detail: string } | null = null;
  private program: Program | null = null;

  /**
   * The exception model is not Loom's core's business: these hooks stop the run and say what
   * was raised. WFI and WFE complete at once, as the architecture allows (QEMU does the same
   * for WFE, and for WFI when single-stepped, which is how the harness runs it there).
   */
  private readonly hooks: CpuHooks = {
    svc: (cpu, imm8) => this.raise(cpu, 'svc', `SVC #${imm8}`, false),
    bkpt: (cpu, imm8) => this.raise(cpu, 'bkpt', `BKPT #${imm8}`, true),
    fault: (cpu, kind, address, detail) =>
      this.raise(cpu, kind, `${kind} at ${hex(address)}${detail ? `: ${detail}` : ''}`, true),
    wfi: () => {},
    wfe: () => {},
    sev: (cpu) => {
      cpu.eventRegister = true;
    },
    selfBranch: () => {},
    exceptionReturn: (cpu, excReturn) =>
      this.raise(cpu, 'INVPC', `exception return to ${hex(excReturn)}`, true),
    // No exception entry here sets FPCCR.LSPACT: nothing is ever lazily stacked.
    preserveFPState: (cpu) => cpu.preserveFPState(),
  };

  private raise(cpu: Machine['cpu'], name: string, detail: string, atInstruction: boolean): void {
    // Faults and BKPT return to the instruction itself; SVC to the next one.
    if (atInstruction) cpu.nextPc = cpu.pc;
    this.event = { name, detail };
    cpu.stop('halted', detail);
  }

  async begin(p: Program): Promise<void> {
    const { bus, cpu } = this.machine;
    this.program = p;
    cpu.resetState();
    const image = this.image.slice();
    image.set(p.code, CODE - CODE_REGION);
    bus.load(VECTORS, vectorTable());
    bus.load(CODE_REGION, image);
    bus.load(SCRATCH, p.initial.memory);
    cpu.hooks = this.hooks;
    // The FPU as QEMU's Cortex-M7 has it: enabled by the harness (harness-code.ts), with double
    // precision (FPv5-D16, as on the STM32F767).
    cpu.cpacr = (CPACR_FULL << CPACR_CP10_SHIFT) | (CPACR_FULL << (CPACR_CP10_SHIFT + 2));
    cpu.fpDoublePrecision = true;
    cpu.s.set(p.initial.fp);
    cpu.xpsr = p.initial.xpsr;
    cpu.psp = PSP_INIT;
    for (let k = 0; k < 15; k++) cpu.regs[k] = p.initial.regs[k];
    cpu.pc = CODE;
    cpu.regs[15] = CODE;
    this.event = null;
  }

  /**
   * Addresses of the instructions the last run executed, IT-skipped ones left out: what the
   * coverage report counts.
   */
  trace: number[] = [];

  async run(p: Program): Promise<Outcome> {
    await this.begin(p);
    const cpu = this.machine.cpu;
    this.trace = [];
    for (let n = 0; n < MAX_INSTRUCTIONS && cpu.pc !== p.end; n++) {
      const pc = cpu.pc;
      const it = cpu.itstate;
      const passed = (it & 0xf) === 0 || cpu.conditionPassed(it >>> 4);
      cpu.run(1);
      if (passed) this.trace.push(pc);
      if (this.event !== null || cpu.stopped !== null) break;
    }
    return this.outcome(false);
  }

  async step(withMemory: boolean): Promise<Outcome> {
    this.machine.cpu.run(1);
    return this.outcome(true, withMemory);
  }

  private outcome(stepping: boolean, withMemory = true): Outcome {
    const cpu = this.machine.cpu;
    const atEnd = this.event !== null || cpu.pc === this.program?.end || !stepping;
    const state = this.snapshot(withMemory || atEnd);
    if (this.event !== null) {
      return { stop: 'exception', event: this.event.name, detail: this.event.detail, state };
    }
    if (cpu.pc === this.program?.end) return { stop: 'end', detail: `pc ${hex(cpu.pc)}`, state };
    if (stepping && cpu.stopped === null) return { stop: 'step', detail: '', state };
    const why = cpu.stopped?.message ?? `${MAX_INSTRUCTIONS} instructions without reaching the end`;
    return { stop: 'timeout', detail: why, state };
  }

  private snapshot(withMemory: boolean): Snapshot {
    const cpu = this.machine.cpu;
    const regs = Array.from(cpu.regs);
    regs[15] = cpu.pc;
    const memory = withMemory ? this.machine.bus.dump(SCRATCH, SCRATCH_SIZE) : undefined;
    return { regs, xpsr: cpu.xpsr, memory, fp: [...cpu.s, cpu.fpscr] };
  }

  async close(): Promise<void> {}
}
