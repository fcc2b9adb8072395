/**
 * Writes a scenario (scenario.ts) as the C file that runtime.c completes: scenario_setup(),
 * scenario_thread() and scenario_handler(). Every action is followed by a numbered mark in the
 * log, so a log shows where each exception was taken.
 */
import { IRQ0, PENDSV, SYSTICK, exceptionName, type Action, type Scenario } from './scenario.ts';

const hex = (v: number) => `0x${(v >>> 0).toString(16)}u`;
const FPU = '.fpu fpv5-sp-d16\\n';

function priorityAddress(exc: number): string {
  return exc >= IRQ0 ? `NVIC_IPR_ADDR(${exc - IRQ0})` : `SHPR_ADDR(${exc})`;
}

/** The register and value that pend (set) or clear an exception's pending state. */
function pendWrite(exc: number, set: boolean, via: 'ispr' | 'stir' | 'icsr' = 'ispr'): string {
  if (exc === PENDSV) return `ICSR_ADDR, ${set ? 'ICSR_PENDSVSET' : 'ICSR_PENDSVCLR'}`;
  if (exc === SYSTICK) return `ICSR_ADDR, ${set ? 'ICSR_PENDSTSET' : 'ICSR_PENDSTCLR'}`;
  const irq = exc - IRQ0;
  if (set && via === 'stir') return `STIR_ADDR, ${irq}u`;
  const base = set ? 'NVIC_ISPR_ADDR' : 'NVIC_ICPR_ADDR';
  return `${base} + ${4 * (irq >> 5)}u, 1u << ${irq & 31}`;
}

class Writer {
  private mark = 0;
  readonly lines: string[] = [];

  emit(line: string, indent: number): void {
    this.lines.push('  '.repeat(indent) + line);
  }

  actions(list: Action[], indent: number): void {
    for (const a of list) {
      this.action(a, indent);
      this.emit(`record_mark(${++this.mark});`, indent);
    }
  }

  action(a: Action, i: number): void {
    switch (a.kind) {
      case 'pend':
        this.emit(
          `write_sync(${pendWrite(a.exc, true, a.via)}); /* pend ${exceptionName(a.exc)} */`,
          i,
        );
        break;
      case 'unpend':
        this.emit(
          `write_sync(${pendWrite(a.exc, false)}); /* unpend ${exceptionName(a.exc)} */`,
          i,
        );
        break;
      case 'state':
        this.emit('record_state();', i);
        break;
      case 'svc': {
        const regs = ['r0', 'r1', 'r2', 'r3', 'r12'];
        const moves = regs
          .map(
            (r, k) => `"movw ${r}, #${a.regs[k] & 0xffff}\\n movt ${r}, #${a.regs[k] >>> 16}\\n"`,
          )
          .join(' ');
        this.emit(
          `__asm__ volatile(${moves} "svc #${a.imm}" ::: "r0", "r1", "r2", "r3", "r12", "memory");`,
          i,
        );
        break;
      }
      case 'fault':
        if (a.fault === 'div0') {
          this.emit('{', i);
          this.emit('uint32_t q = 0xdeadu;', i + 1);
          // ISB first: QEMU 7.2 stacks stale flags for a DIVBYZERO fault in the translation
          // block that set them (known-deviations.md, 5); an ISB ends the block.
          this.emit(
            '__asm__ volatile("isb\\n udiv %0, %0, %1" : "+r"(q) : "r"(0u) : "memory");',
            i + 1,
          );
          this.emit('record_header(REC_VALUE, 1, 0);', i + 1);
          this.emit('record(q);', i + 1);
          this.emit('}', i);
        } else if (a.fault === 'nocp') {
          this.emit(`__asm__ volatile("${FPU} vmov s0, %0" ::"r"(0u) : "memory"); /* NOCP */`, i);
        } else {
          this.emit(`__asm__ volatile("${a.fault} #${a.imm}" ::: "memory");`, i);
        }
        break;
      case 'fp-write':
        this.emit(
          `__asm__ volatile("${FPU} vmov s${a.reg}, %0" ::"r"(${hex(a.value)}) : "memory");`,
          i,
        );
        break;
      case 'fp-read':
        this.emit('{', i);
        this.emit('uint32_t v;', i + 1);
        this.emit(`__asm__ volatile("${FPU} vmov %0, s${a.reg}" : "=r"(v)::"memory");`, i + 1);
        this.emit(`record_header(REC_FP, 1, ${a.reg});`, i + 1);
        this.emit('record(v);', i + 1);
        this.emit('}', i);
        break;
      case 'fp-frame':
        this.emit('record_fp_frame(frame, exc_return);', i);
        break;
      case 'fpca-clear':
        this.emit(
          '__asm__ volatile("mrs r0, control\\n bic r0, r0, #4\\n msr control, r0\\n isb" ::: "r0", "memory");',
          i,
        );
        break;
      case 'enable': {
        const base = a.on ? 'NVIC_ISER_ADDR' : 'NVIC_ICER_ADDR';
        this.emit(`write_sync(${base} + ${4 * (a.irq >> 5)}u, 1u << ${a.irq & 31});`, i);
        break;
      }
      case 'priority':
        this.emit(`write_sync8(${priorityAddress(a.exc)}, ${hex(a.value)});`, i);
        break;
      case 'prigroup':
        this.emit(`write_sync(AIRCR_ADDR, 0x05FA0000u | (${a.value}u << 8));`, i);
        break;
      case 'masked':
        this.emit(a.mask === 'primask' ? 'primask_set();' : `set_basepri(${hex(a.mask)});`, i);
        this.actions(a.body, i);
        this.emit(a.mask === 'primask' ? 'primask_clear();' : 'set_basepri(0);', i);
        break;
      case 'systick':
        this.emit('primask_set();', i);
        this.emit('REG(SYST_RVR_ADDR) = 99;', i);
        this.emit('REG(SYST_CVR_ADDR) = 0;', i);
        this.emit('REG(SYST_CSR_ADDR) = 7; /* processor clock, TICKINT, ENABLE */', i);
        this.emit('while (!(REG(SYST_CSR_ADDR) & (1u << 16))) { } /* COUNTFLAG */', i);
        this.emit('REG(SYST_CSR_ADDR) = 0;', i);
        this.emit('record_state();', i);
        this.emit('primask_clear();', i);
        break;
    }
  }
}

export function emitC(s: Scenario): string {
  const w = new Writer();
  const head = [
    `/* Exception sequence, seed ${s.seed}: test/exceptions-fuzz/generator.ts wrote it. */`,
    '#include "runtime.h"',
    '',
    `const unsigned scenario_psp = ${s.psp ? 1 : 0};`,
    '',
    'void scenario_setup(void)',
    '{',
  ];
  w.lines.push(...head);
  w.emit(`REG(AIRCR_ADDR) = 0x05FA0000u | (${s.prigroup}u << 8);`, 1);
  for (const [exc, p] of s.priorities)
    w.emit(`REG8(${priorityAddress(exc)}) = ${hex(p)}; /* ${exceptionName(exc)} */`, 1);
  if (s.usageFaultEnabled) w.emit('REG(SHCSR_ADDR) |= SHCSR_USGFAULTENA;', 1);
  if (s.divideByZeroTraps) w.emit('REG(CCR_ADDR) |= CCR_DIV_0_TRP;', 1);
  if (s.fpu !== 'off') w.emit('REG(CPACR_ADDR) |= 0xfu << 20; /* CP10, CP11 */', 1);
  if (s.fpu === 'eager') w.emit('REG(FPCCR_ADDR) &= ~FPCCR_LSPEN;', 1);
  const enabled = s.enabled.reduce((m, n) => (m | (1 << n)) >>> 0, 0);
  if (enabled !== 0) w.emit(`REG(NVIC_ISER_ADDR) = ${hex(enabled)};`, 1);
  w.emit('__asm__ volatile("dsb\\n isb" ::: "memory");', 1);
  w.lines.push('}', '', 'void scenario_thread(void)', '{');
  w.actions(s.thread, 1);
  w.emit('record_state();', 1);
  if (s.fpu !== 'off')
    w.actions(
      [0, 1, 2, 3].map((reg) => ({ kind: 'fp-read', reg })),
      1,
    );
  w.lines.push('}', '');
  w.lines.push(
    'void scenario_handler(unsigned exc, unsigned nth, uint32_t *frame, uint32_t exc_return)',
    '{',
    '  (void)nth;',
    '  (void)frame;',
    '  (void)exc_return;',
    '  switch (exc) {',
  );
  for (const h of s.handlers) {
    if (h.scripts.every((sc) => sc.length === 0)) continue;
    w.emit(`case ${h.exc}: /* ${exceptionName(h.exc)} */`, 1);
    w.emit('switch (nth) {', 2);
    h.scripts.forEach((script, n) => {
      if (script.length === 0) return;
      w.emit(`case ${n}:`, 2);
      w.actions(script, 3);
      w.emit('break;', 3);
    });
    w.emit('}', 2);
    w.emit('break;', 2);
  }
  w.lines.push('  }', '}', '');
  return w.lines.join('\n');
}
