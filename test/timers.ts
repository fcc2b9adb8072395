/**
 * What the timer tests share: a Nucleo machine with every timer and GPIO port clocked, emulated
 * time moved event by event, a timer's registers through the bus, and a pin's changes.
 */
import { Machine } from '../chip/machine.ts';

const RCC = 0x4002_3800;
export const RCC_CFGR = RCC + 0x08;
const RCC_AHB1ENR = RCC + 0x30;
const RCC_APB1ENR = RCC + 0x40;
const RCC_APB2ENR = RCC + 0x44;

/** A machine at 16 MHz (HSI) with TIM1-TIM14 and GPIOA-GPIOI clocked. */
export function timerMachine(): Machine {
  const m = new Machine();
  m.startAt(0x2000_0100);
  m.bus.write32(RCC_APB1ENR, 0x1ff); // TIM2-TIM7, TIM12-TIM14
  m.bus.write32(RCC_APB2ENR, 0x7_0003); // TIM1, TIM8, TIM9-TIM11
  m.bus.write32(RCC_AHB1ENR, m.bus.read32(RCC_AHB1ENR) | 0x1ff); // GPIOA-GPIOI
  return m;
}

/** Moves emulated time to `cycle`, firing each scheduled event at its own cycle. */
export function advanceTo(m: Machine, cycle: number): void {
  while (m.scheduler.nextAtCycle <= cycle) {
    m.cpu.cycles = m.scheduler.nextAtCycle;
    m.scheduler.runDue(m.cpu.cycles);
  }
  m.cpu.cycles = cycle;
}

export interface TimerRegisters {
  read(offset: number): number;
  write(offset: number, value: number): void;
  /** The NVIC line of each of its interrupts, by the chip table's names. */
  irqs: Record<string, number>;
}

/** A timer's registers, read and written through the bus. */
export function timerRegisters(m: Machine, name: string): TimerRegisters {
  const { spec } = m.chip.mappings.find((p) => p.spec.name === name)!;
  return {
    read: (offset) => m.bus.read32(spec.base + offset),
    write: (offset, value) => m.bus.write32(spec.base + offset, value),
    irqs: spec.irqs!,
  };
}

/** Whether NVIC line `irq` is high now. */
export const lineHigh = (m: Machine, irq: number): boolean =>
  m.exceptions.lineLevel[16 + irq] === 1;

/** The changes of a pin ("PB14"): the cycle and the new level of each. */
export function tracePin(m: Machine, name: string): [number, number][] {
  const changes: [number, number][] = [];
  const pin = Number(name.slice(2));
  m.chip.gpio[name[1]].onPinChange((_, p, level) => {
    if (p === pin) changes.push([m.cpu.cycles, level]);
  });
  return changes;
}

/** A pin ("PB14") in alternate-function mode with AF `af`. */
export function alternate(m: Machine, name: string, af: number): void {
  const base = 0x4002_0000 + 0x400 * (name.charCodeAt(1) - 65);
  const pin = Number(name.slice(2));
  m.bus.write32(base, (m.bus.read32(base) & ~(3 << (2 * pin))) | (2 << (2 * pin)));
  const afr = base + (pin < 8 ? 0x20 : 0x24);
  const shift = 4 * (pin & 7);
  m.bus.write32(afr, (m.bus.read32(afr) & ~(0xf << shift)) | (af << shift));
}
