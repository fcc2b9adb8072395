/**
 * The few ARM semihosting calls the C firmware makes (BKPT 0xAB: SYS_WRITEC, SYS_WRITE0,
 * SYS_EXIT), answered the way QEMU's -semihosting answers them. Other BKPTs stop the run.
 */
import type { Cpu } from '../../cpu/cpu.ts';
import { stopOnEvent, type CpuHooks } from '../../cpu/hooks.ts';

const SYS_WRITEC = 0x03;
const SYS_WRITE0 = 0x04;
const SYS_EXIT = 0x18;
const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

export class Semihosting {
  output = '';

  readonly hooks: CpuHooks = {
    ...stopOnEvent,
    bkpt: (cpu, imm8) => {
      if (imm8 === 0xab) this.call(cpu);
      else stopOnEvent.bkpt(cpu, imm8);
    },
  };

  private call(cpu: Cpu): void {
    const op = cpu.regs[0];
    const arg = cpu.regs[1];
    if (op === SYS_WRITEC) {
      this.output += String.fromCharCode(cpu.bus.read8(arg));
    } else if (op === SYS_WRITE0) {
      for (let a = arg, c = cpu.bus.read8(a); c !== 0; c = cpu.bus.read8(++a)) {
        this.output += String.fromCharCode(c);
      }
    } else if (op === SYS_EXIT) {
      const code = arg === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
      cpu.stop('exit', `semihosting SYS_EXIT (0x${arg.toString(16)})`, code);
    } else {
      cpu.nextPc = cpu.pc;
      cpu.stop('fault', `semihosting call 0x${op.toString(16)} is not supported here`);
    }
  }
}
