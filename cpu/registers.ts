/**
 * The core's registers by their lower-case names (r0-r12, sp, lr, pc, xpsr, the banked stack
 * pointers, the masks, CONTROL, s0-s31, FPSCR), read and written as a debugger does: what
 * `loom run --set` and its report, the terminal UI and the GDB server share.
 */
import type { Cpu } from './cpu.ts';
import { FPSCR_WRITABLE } from './fpu/registers.ts';

export const REGISTER_NAMES = [
  ...Array.from({ length: 13 }, (_, k) => `r${k}`),
  'sp',
  'lr',
  'pc',
  'xpsr',
  'msp',
  'psp',
  'primask',
  'basepri',
  'faultmask',
  'control',
  // The FPU: S0-S31 as raw bits, and FPSCR.
  ...Array.from({ length: 32 }, (_, k) => `s${k}`),
  'fpscr',
] as const;

export type RegisterName = (typeof REGISTER_NAMES)[number];

/** Whether `name` is one of REGISTER_NAMES. */
export function isRegisterName(name: string): name is RegisterName {
  return (REGISTER_NAMES as readonly string[]).includes(name);
}

export function readRegister(cpu: Cpu, name: RegisterName): number {
  switch (name) {
    case 'pc':
      return cpu.pc >>> 0;
    case 'xpsr':
      return cpu.xpsr;
    case 'msp':
      return cpu.msp >>> 0;
    case 'psp':
      return cpu.psp >>> 0;
    case 'primask':
      return cpu.primask;
    case 'basepri':
      return cpu.basepri;
    case 'faultmask':
      return cpu.faultmask;
    case 'control':
      return cpu.control;
    case 'sp':
      return cpu.regs[13];
    case 'lr':
      return cpu.regs[14];
    case 'fpscr':
      return cpu.fpscr >>> 0;
    default:
      return name[0] === 's' ? cpu.s[Number(name.slice(1))] : cpu.regs[Number(name.slice(1))];
  }
}

/** Writes a register as a debugger does (the PC's bit 0 is the Thumb bit, and dropped). */
export function writeRegister(cpu: Cpu, name: RegisterName, value: number): void {
  value >>>= 0;
  switch (name) {
    case 'pc':
      cpu.pc = value & ~1;
      cpu.nextPc = cpu.pc;
      cpu.regs[15] = cpu.pc;
      break;
    case 'xpsr':
      cpu.xpsr = value;
      break;
    case 'msp':
      cpu.msp = value;
      break;
    case 'psp':
      cpu.psp = value;
      break;
    case 'primask':
      cpu.primask = value & 1;
      break;
    case 'basepri':
      cpu.basepri = value & 0xff;
      break;
    case 'faultmask':
      cpu.faultmask = value & 1;
      break;
    case 'control':
      cpu.setControl(value);
      break;
    case 'sp':
      cpu.sp = value;
      break;
    case 'lr':
      cpu.regs[14] = value;
      break;
    case 'fpscr':
      cpu.fpscr = (value & FPSCR_WRITABLE) >>> 0;
      break;
    default:
      if (name[0] === 's') cpu.s[Number(name.slice(1))] = value;
      else cpu.regs[Number(name.slice(1))] = value;
      return;
  }
  // A mask, mode or stack change may let a pending exception in before the next instruction.
  if (name !== 'sp' && name !== 'lr' && name !== 'pc' && name !== 'fpscr') cpu.requestAttention();
}

export function readRegisters(cpu: Cpu): Record<RegisterName, number> {
  const out = {} as Record<RegisterName, number>;
  for (const name of REGISTER_NAMES) out[name] = readRegister(cpu, name);
  return out;
}
