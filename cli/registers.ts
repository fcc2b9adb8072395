/** `--set`'s register names: aliases and a usage error; the registers themselves are cpu/registers.ts. */
import { REGISTER_NAMES, type RegisterName } from '../cpu/registers.ts';
import { UsageError } from './errors.ts';

export {
  REGISTER_NAMES,
  readRegister,
  readRegisters,
  writeRegister,
  type RegisterName,
} from '../cpu/registers.ts';

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
