/**
 * Things that happen at a moment of emulated time: a button pressed at 0.5 s, the end of the run
 * at --max-time, the end of a --realtime slice. Emulated time is cycles over HCLK, so the cycle
 * at which a moment falls moves when the firmware changes the clock; each track keeps one alarm
 * on the machine's scheduler for its earliest moment and moves it on every clock change.
 *
 * Events (a button) can wake a sleeping core; stops only observe, so a core asleep with nothing
 * but a time limit ahead has halted, as without one.
 */
import type { Machine } from '../chip/machine.ts';
import { Alarm } from '../time/scheduler.ts';

interface Moment {
  atSeconds: number;
  action: () => void;
}

class Track {
  /** Pending moments, earliest first. */
  private readonly moments: Moment[] = [];
  private readonly alarm: Alarm;

  constructor(
    private readonly machine: Machine,
    name: string,
    wakes: boolean,
  ) {
    this.alarm = new Alarm(name, () => this.fire(), wakes);
  }

  get pending(): number {
    return this.moments.length;
  }

  add(atSeconds: number, action: () => void): void {
    let k = this.moments.length;
    while (k > 0 && this.moments[k - 1].atSeconds > atSeconds) k--;
    this.moments.splice(k, 0, { atSeconds, action });
    this.arm();
  }

  /**
   * The cycle at which emulated time reaches `seconds`, at the current clock: the first cycle at
   * or after it, with a millionth of a cycle allowed for rounding (0.65 s * 16 MHz is
   * 10,400,000.000000002 in floating point).
   */
  private cycleOf(seconds: number): number {
    const { machine } = this;
    const cycles = Math.ceil((seconds - machine.seconds) * machine.hclkHz - 1e-6);
    return machine.cpu.cycles + (cycles > 0 ? cycles : 0);
  }

  arm(): void {
    const scheduler = this.machine.scheduler;
    if (this.moments.length === 0) scheduler.cancel(this.alarm);
    else scheduler.schedule(this.alarm, this.cycleOf(this.moments[0].atSeconds));
  }

  private fire(): void {
    const now = this.machine.cpu.cycles;
    while (this.moments.length > 0 && this.cycleOf(this.moments[0].atSeconds) <= now) {
      this.moments.shift()!.action();
    }
    this.arm();
  }
}

export class Timeline {
  private readonly events: Track;
  private readonly stops: Track;

  /** Arms itself on the machine: make it after the machine's reset (a reset clears alarms). */
  constructor(private readonly machine: Machine) {
    this.events = new Track(machine, 'timeline events', true);
    this.stops = new Track(machine, 'timeline stops', false);
    machine.chip.rcc.onChange(() => {
      this.events.arm();
      this.stops.arm();
    });
  }

  /** Runs `action` (a button press) when emulated time reaches `atSeconds`. */
  at(atSeconds: number, action: () => void): void {
    this.events.add(atSeconds, action);
  }

  /** Stops the run when emulated time reaches `atSeconds`, after telling `why`. */
  stopAt(atSeconds: number, why: () => void = () => {}): void {
    this.stops.add(atSeconds, () => {
      why();
      this.machine.cpu.stop('request', 'a time limit');
    });
  }

  /** Events (not stops) still to come. */
  get pendingEvents(): number {
    return this.events.pending;
  }
}
