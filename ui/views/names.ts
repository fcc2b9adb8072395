/**
 * Names of exceptions and interrupts for people: the architecture's (ARMv7-M ARM B1.5.2) and the
 * chip's (IRQ 40 is EXTI15_10, IRQ 39 USART3), from the STM32F767 table: the STM32F746's with the
 * F767's IRQs 99-109 after them.
 */
import type { PeripheralSpec } from '../../chip/stm32f746.ts';
import { STM32F767_PERIPHERALS } from '../../chip/stm32f767.ts';
import { exceptionName, FIRST_IRQ } from '../../cpu/exceptions.ts';

function irqNames(specs: readonly PeripheralSpec[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const spec of specs) {
    for (const [line, irq] of Object.entries(spec.irqs ?? {})) {
      const name =
        line === 'global'
          ? spec.name
          : line.startsWith(spec.name.toLowerCase())
            ? line.toUpperCase()
            : `${spec.name}_${line.toUpperCase()}`;
      // Some lines are shared (TIM6 and the DAC): both names.
      const before = names.get(irq);
      names.set(irq, before === undefined ? name : `${before}/${name}`);
    }
  }
  return names;
}

const IRQ_NAMES = irqNames(STM32F767_PERIPHERALS);

/** "SysTick", "IRQ 40 EXTI15_10", "Thread" for 0. */
export function exceptionLabel(n: number): string {
  if (n === 0) return 'Thread';
  if (n < FIRST_IRQ) return exceptionName(n);
  const name = IRQ_NAMES.get(n - FIRST_IRQ);
  return name === undefined ? exceptionName(n) : `IRQ ${n - FIRST_IRQ} ${name}`;
}
