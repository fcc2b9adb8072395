/**
 * Emulated time as a discrete-event queue: the core's cycle counter is the clock, and devices
 * schedule alarms at cycle times instead of polling every instruction (the run loop stops the
 * core at the next alarm). Alarms are made once and re-armed, so the queue allocates nothing.
 */
export class Alarm {
  /** The cycle at which it fires, while scheduled. */
  atCycle = Number.POSITIVE_INFINITY;
  scheduled = false;

  constructor(
    readonly name: string,
    /** Called with the cycle the alarm was set for (which may be a little in the past). */
    readonly fire: (atCycle: number) => void,
    /**
     * False for an observer that cannot change what the firmware sees (a run's time limit, the
     * end of a paced slice): a sleeping core with only observers ahead can never wake.
     */
    readonly wakes = true,
  ) {}
}

export class Scheduler {
  /** Scheduled alarms, earliest first (a handful: a sorted array beats a heap here). */
  private readonly queue: Alarm[] = [];
  /** The earliest alarm's cycle, or +Infinity. */
  nextAtCycle = Number.POSITIVE_INFINITY;
  /** Scheduled alarms that can wake the core (not observers). */
  private wakers = 0;
  /** Told whenever `nextAtCycle` changes (the run loop sets the core's cycle limit). */
  onChange: (nextAtCycle: number) => void = () => {};

  constructor(
    /** The current cycle count. */
    readonly now: () => number,
  ) {}

  /** Arms (or re-arms) `alarm` at an absolute cycle. */
  schedule(alarm: Alarm, atCycle: number): void {
    if (alarm.scheduled) this.remove(alarm);
    alarm.atCycle = atCycle;
    alarm.scheduled = true;
    if (alarm.wakes) this.wakers++;
    const q = this.queue;
    let i = q.length;
    q.push(alarm);
    while (i > 0 && q[i - 1].atCycle > atCycle) {
      q[i] = q[i - 1];
      i--;
    }
    q[i] = alarm;
    this.update();
  }

  /** Arms `alarm` `inCycles` from now. */
  scheduleIn(alarm: Alarm, inCycles: number): void {
    this.schedule(alarm, this.now() + inCycles);
  }

  cancel(alarm: Alarm): void {
    if (!alarm.scheduled) return;
    this.remove(alarm);
    this.update();
  }

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** Nothing scheduled can wake the core: no alarms, or only observers (see `Alarm.wakes`). */
  get idle(): boolean {
    return this.wakers === 0;
  }

  /** Fires every alarm due at `nowCycle` or before, in time order. */
  runDue(nowCycle: number = this.now()): void {
    const q = this.queue;
    while (q.length > 0 && q[0].atCycle <= nowCycle) {
      const alarm = q.shift()!;
      alarm.scheduled = false;
      if (alarm.wakes) this.wakers--;
      this.update();
      alarm.fire(alarm.atCycle);
    }
  }

  /** Drops every alarm (a system reset). */
  clear(): void {
    for (const alarm of this.queue) alarm.scheduled = false;
    this.queue.length = 0;
    this.wakers = 0;
    this.update();
  }

  private remove(alarm: Alarm): void {
    const i = this.queue.indexOf(alarm);
    if (i >= 0) {
      this.queue.splice(i, 1);
      if (alarm.wakes) this.wakers--;
    }
    alarm.scheduled = false;
  }

  private update(): void {
    const next = this.queue.length > 0 ? this.queue[0].atCycle : Number.POSITIVE_INFINITY;
    if (next !== this.nextAtCycle) {
      this.nextAtCycle = next;
      this.onChange(next);
    }
  }
}
