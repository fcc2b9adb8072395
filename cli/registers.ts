/** The registers `--set` writes and the report shows, by their lower-case names. */
import type { Cpu } from '../cpu/cpu.ts';
import { FPSCR_WRITABLE } from '../cpu/fpu/registers.ts';
import { UsageError } from './errors.ts';

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

const ALIASES: Record<string, RegisterName> = { r13: 'sp', r14: 'lr', r15: 'pc', psr: 'xpsr' };

/** The canonical name of a register, or a usage error listing the valid ones. */
export function registerName(text: string): RegisterName {
  const lower = text.toLowerCase();
  if (lower in ALIASES) return ALIASES[lower];
  if ((REGISTER_NAMES as readonly string[]).includes(lower)) return lower as RegisterName;
  throw new UsageError(
    `--set: no register '${text}' (r0-r12, sp, lr, pc, xpsr, msp, psp, primask, basepri, ` +
      'faultmask, control, s0-s31, fpscr)',
    'run',
  );
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
  }
}

export function readRegisters(cpu: Cpu): Record<RegisterName, number> {
  const out = {} as Record<RegisterName, number>;
  for (const name of REGISTER_NAMES) out[name] = readRegister(cpu, name);
  return out;
}
