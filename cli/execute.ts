/**
 * Runs the core until the program stops by itself (a `b .`, a fault, a breakpoint), or until a
 * limit: `--steps` instructions, `--max-cycles` cycles, or Loom's safety limit.
 */
import type { Cpu } from '../cpu/cpu.ts';
import type { StopKind } from '../cpu/hooks.ts';

/** Why a run ended: the core's reasons, and the limits this runner sets. */
export interface RunStop {
  kind: StopKind | 'steps' | 'max-cycles' | 'limit';
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
/** Instructions per call to cpu.run: small enough to check limits, large enough to be free. */
const CHUNK = 1_000_000;

export function execute(cpu: Cpu, limits: Limits = {}): RunStop {
  const start = cpu.instructions;
  const budget = limits.steps ?? limits.safety ?? SAFETY_LIMIT;
  const savedLimit = cpu.cycleLimit;
  if (limits.maxCycles !== undefined) cpu.cycleLimit = Math.min(savedLimit, limits.maxCycles);
  try {
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
      if (cpu.run(Math.min(CHUNK, budget - done)) === 0 && cpu.stopped === null) {
        return { kind: 'request', message: 'the core made no progress (a cycle limit?)' };
      }
    }
  } finally {
    cpu.cycleLimit = savedLimit;
  }
}
