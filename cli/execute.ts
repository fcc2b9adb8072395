/**
 * Runs the core until the program stops by itself (a `b .`, a fault, a breakpoint), or until a
 * limit: `--steps` instructions, `--max-cycles` cycles, or Loom's safety limit.
 */
import type { Machine } from '../chip/machine.ts';
import type { StopKind } from '../cpu/hooks.ts';

/** Why a run ended: the core's reasons, and the limits this runner sets. */
export interface RunStop {
  kind: StopKind | 'steps' | 'max-cycles' | 'max-time' | 'limit';
  message: string;
  code?: number;
}

export interface Limits {
  /** Execute exactly this many instructions (unless the program stops first). */
  steps?: number;
  /** Stop once the cycle counter reaches this. */
  maxCycles?: number;
  /** Without --steps: how many instructions before giving up on a program that never stops. */
  safety?: number;
}

export const SAFETY_LIMIT = 2e9;
/** Instructions per call to machine.run: small enough to check limits, large enough to be free. */
const CHUNK = 1_000_000;

export function execute(machine: Machine, limits: Limits = {}): RunStop {
  const cpu = machine.cpu;
  const start = cpu.instructions;
  const budget = limits.steps ?? limits.safety ?? SAFETY_LIMIT;
  const untilCycle = limits.maxCycles ?? Number.POSITIVE_INFINITY;
  while (true) {
    const done = cpu.instructions - start;
    if (cpu.stopped !== null) return { ...cpu.stopped };
    if (limits.maxCycles !== undefined && cpu.cycles >= limits.maxCycles) {
      return {
        kind: 'max-cycles',
        message: `reached ${cpu.cycles} cycles (--max-cycles ${limits.maxCycles})`,
      };
    }
    if (done >= budget) {
      return limits.steps !== undefined
        ? { kind: 'steps', message: `executed ${done} instructions (--steps ${limits.steps})` }
        : {
            kind: 'limit',
            message:
              `still running after ${done} instructions, Loom's safety limit ` +
              '(--steps or --max-cycles set another)',
          };
    }
    const cycles = cpu.cycles;
    const ran = machine.run(Math.min(CHUNK, budget - done), untilCycle);
    if (ran === 0 && cpu.cycles === cycles && cpu.stopped === null) {
      return { kind: 'request', message: 'the core made no progress' };
    }
  }
}
