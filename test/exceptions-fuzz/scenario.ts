/**
 * What a generated exception-sequence program does, as data: the set-up (priorities, PRIGROUP,
 * which IRQs are enabled, UsageFault, DIV_0_TRP, the FPU, the thread's stack), the thread's
 * steps, and for each exception a script per invocation. generator.ts makes one from a seed,
 * emit.ts writes it as C, minimise.ts shrinks it.
 */

/** Exception numbers (ARMv7-M ARM B1.5.2). */
export const HARD_FAULT = 3;
export const USAGE_FAULT = 6;
export const SVCALL = 11;
export const PENDSV = 14;
export const SYSTICK = 15;
export const IRQ0 = 16;

export type FaultKind = 'udf' | 'udf.w' | 'div0' | 'nocp';

/** How an exception is made pending: NVIC_ISPR, NVIC_STIR (IRQs) or ICSR (PendSV, SysTick). */
export type PendVia = 'ispr' | 'stir' | 'icsr';

export type Action =
  | { kind: 'pend'; exc: number; via: PendVia }
  | { kind: 'unpend'; exc: number }
  | { kind: 'state' }
  | { kind: 'svc'; imm: number; regs: number[] }
  | { kind: 'fault'; fault: FaultKind; imm: number }
  | { kind: 'fp-write'; reg: number; value: number }
  | { kind: 'fp-read'; reg: number }
  | { kind: 'fp-frame' }
  | { kind: 'fpca-clear' }
  | { kind: 'enable'; irq: number; on: boolean }
  | { kind: 'priority'; exc: number; value: number }
  | { kind: 'prigroup'; value: number }
  /** PRIMASK set, or BASEPRI at a value, around the body; then released. */
  | { kind: 'masked'; mask: 'primask' | number; body: Action[] }
  /** SysTick counts to its wrap with PRIMASK set (no timing race), then is taken. */
  | { kind: 'systick' };

export interface HandlerScripts {
  exc: number;
  /** scripts[n]: what its n-th invocation does after logging its entry; later ones do nothing. */
  scripts: Action[][];
}

export interface Scenario {
  seed: number;
  /** AIRCR.PRIGROUP. */
  prigroup: number;
  /** [exception, priority byte] (bits [3:0] clear: the STM32F746 implements 4 bits). */
  priorities: [number, number][];
  /** The IRQs (0-31) in use, and those enabled at the start. */
  irqs: number[];
  enabled: number[];
  usageFaultEnabled: boolean;
  divideByZeroTraps: boolean;
  /** CPACR off, or on with lazy (FPCCR.LSPEN) or immediate FP context stacking. */
  fpu: 'off' | 'lazy' | 'eager';
  /** Thread mode on the process stack. */
  psp: boolean;
  thread: Action[];
  handlers: HandlerScripts[];
}

export function exceptionName(exc: number): string {
  const names: Record<number, string> = {
    [HARD_FAULT]: 'HardFault',
    4: 'MemManage',
    5: 'BusFault',
    [USAGE_FAULT]: 'UsageFault',
    [SVCALL]: 'SVCall',
    [PENDSV]: 'PendSV',
    [SYSTICK]: 'SysTick',
  };
  return names[exc] ?? (exc >= IRQ0 ? `IRQ${exc - IRQ0}` : `exception ${exc}`);
}

/** How many actions a scenario has (its size, for the minimiser's report). */
export function actionCount(s: Scenario): number {
  const count = (list: Action[]): number =>
    list.reduce((n, a) => n + 1 + (a.kind === 'masked' ? count(a.body) : 0), 0);
  return (
    count(s.thread) +
    s.handlers.reduce((n, h) => n + h.scripts.reduce((m, sc) => m + count(sc), 0), 0)
  );
}
