/**
 * What a checker watches while a program runs: each pin change with its time and who made it
 * (Thread mode or a handler, on which stack), and button presses at moments of emulated time.
 */
import type { Machine } from '../../chip/machine.ts';
import { Alarm } from '../../time/scheduler.ts';

/** CONTROL.SPSEL: Thread mode runs on the process stack (ARMv7-M ARM B1.4.4). */
export const CONTROL_SPSEL = 1 << 1;

export interface PinEvent {
  atSeconds: number;
  /** 'PB0'. */
  pin: string;
  level: number;
  /** The exception the core was in when the pin changed (IPSR; 0 in Thread mode). */
  ipsr: number;
  /** Whether Thread mode was on the process stack (CONTROL.SPSEL) at the time. */
  onPsp: boolean;
}

export class PinTrace {
  readonly events: PinEvent[] = [];
  /** Whether the run was stopped for too many changes. */
  overflowed = false;

  /**
   * Starts listening to every GPIO port of the machine. After `maxEvents` changes the run stops:
   * a pin that toggles thousands of times a second (an interrupt taken again and again) has
   * said all it will.
   */
  constructor(machine: Machine, maxEvents = 10_000) {
    const cpu = machine.cpu;
    for (const port of Object.values(machine.chip.gpio)) {
      port.onPinChange((letter, pin, level) => {
        if (this.overflowed) return;
        this.events.push({
          atSeconds: machine.seconds,
          pin: `P${letter}${pin}`,
          level,
          ipsr: cpu.ipsr,
          onPsp: (cpu.control & CONTROL_SPSEL) !== 0,
        });
        if (this.events.length >= maxEvents) {
          this.overflowed = true;
          cpu.stop('request', `the pins changed ${maxEvents} times by ${machine.seconds} s`);
        }
      });
    }
  }

  /** The changes of one pin. */
  of(pin: string): PinEvent[] {
    return this.events.filter((e) => e.pin === pin);
  }

  /** The pins that changed, other than `pins`. */
  othersThan(pins: string[]): PinEvent[] {
    return this.events.filter((e) => !pins.includes(e.pin));
  }
}

/** The times between consecutive events. */
export function intervals(events: { atSeconds: number }[]): number[] {
  return events.slice(1).map((e, k) => e.atSeconds - events[k].atSeconds);
}

/**
 * Presses a board button at `atSeconds` and releases it `forSeconds` later. Emulated time is
 * cycles over HCLK: the alarm is set at the current clock and moved on when it fires early.
 */
export function pressAt(machine: Machine, button: string, atSeconds: number, forSeconds: number) {
  const moments = [
    { at: atSeconds, pressed: true },
    { at: atSeconds + forSeconds, pressed: false },
  ];
  const cycleOf = (s: number) =>
    machine.cpu.cycles + Math.max(0, Math.ceil((s - machine.seconds) * machine.hclkHz - 1e-6));
  const alarm: Alarm = new Alarm(`press ${button}`, () => {
    while (moments.length > 0 && cycleOf(moments[0].at) <= machine.cpu.cycles) {
      machine.chip.press(button, moments.shift()!.pressed);
    }
    if (moments.length > 0) machine.scheduler.schedule(alarm, cycleOf(moments[0].at));
  });
  machine.scheduler.schedule(alarm, cycleOf(atSeconds));
}
