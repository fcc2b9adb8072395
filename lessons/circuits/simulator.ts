/**
 * Event-driven simulation with gate delays. A gate whose input changes computes its new output
 * now and delivers it `delay` time units later; a change that is undone before it is delivered
 * never happens (inertial delay: a pulse shorter than a gate's delay does not get through it).
 * Feedback therefore works: an SR latch holds, a ring of inverters oscillates.
 *
 * `settle()` runs until nothing changes any more. When a circuit goes back to a state it was in
 * (values and pending changes alike), it would go round for ever: settle reports the wires that
 * oscillate, marks them unknown (X), and settles from there, the way a real latch released from
 * S = R = 1 ends up in a state nobody can predict.
 */
import type { Netlist } from './build.ts';
import { HIGH, LOW, UNKNOWN, bitsOf, or, type Level } from './logic.ts';

export interface Oscillation {
  /** When the repeated state was first seen. */
  since: number;
  /** Time units between two visits of the same state. */
  period: number;
  /** The nets that changed during one period, by name. */
  nets: string[];
}

export interface Settled {
  /** The time of the last change. */
  at: number;
  oscillations: Oscillation[];
}

export interface Change {
  time: number;
  net: number;
  level: Level;
}

/** A recording of every change from `start` on, for timing diagrams. */
export interface Trace {
  start: number;
  /** Every net's level at `start`. */
  initial: Uint8Array;
  changes: Change[];
}

/** Beyond this many time units a settle gives up: no lesson circuit comes near it. */
const SETTLE_LIMIT = 100_000;

export class Simulator {
  /** The current time, in gate delays. */
  now = 0;
  /** What happened at power-on: latches start unknown; rings of gates may oscillate. */
  readonly powerOn: Settled;
  trace: Trace | null = null;

  private readonly level: Uint8Array;
  /** Per gate: what it drives onto its output net now. */
  private readonly driven: Uint8Array;
  private readonly pendingAt: Float64Array;
  private readonly pendingLevel: Uint8Array;
  private readonly delay: Int32Array;
  private readonly readers: number[][];
  private readonly drivers: number[][];
  private readonly isInput: Uint8Array;
  /** Gates with a change due, by time; `times` is a sorted list of the keys. */
  private readonly due = new Map<number, number[]>();
  private times: number[] = [];
  private readonly dirty: number[] = [];
  private readonly isDirty: Uint8Array;
  /** Nets changed during the current settle, for naming an oscillation's wires. */
  private changed: number[] | null = null;

  constructor(readonly netlist: Netlist) {
    const nets = netlist.netNames.length;
    const gates = netlist.gates.length;
    this.level = new Uint8Array(nets).fill(UNKNOWN);
    this.driven = new Uint8Array(gates).fill(UNKNOWN);
    this.pendingAt = new Float64Array(gates).fill(-1);
    this.pendingLevel = new Uint8Array(gates);
    this.delay = Int32Array.from(netlist.gates, (g) => g.delay);
    this.isDirty = new Uint8Array(gates);
    this.readers = Array.from({ length: nets }, () => []);
    this.drivers = Array.from({ length: nets }, () => []);
    netlist.gates.forEach((g, k) => {
      for (const n of new Set(g.inputs)) this.readers[n].push(k);
      this.drivers[g.output].push(k);
    });
    this.isInput = new Uint8Array(nets);
    for (const pin of netlist.inputs) for (const n of pin.nets) this.isInput[n] = 1;
    this.level[netlist.low] = LOW;
    this.level[netlist.high] = HIGH;
    // Switches start off; every gate looks at its inputs once.
    for (const pin of netlist.inputs) for (const n of pin.nets) this.level[n] = LOW;
    for (let g = 0; g < gates; g++) this.markDirty(g);
    this.evaluateDirty();
    this.powerOn = this.settle();
  }

  /** The nets of an input or output pin, a wire of the top chip, or a net by its full name. */
  nets(name: string): number[] {
    const pin = [...this.netlist.inputs, ...this.netlist.outputs].find((p) => p.name === name);
    if (pin !== undefined) return pin.nets;
    const single = this.netlist.netNames.indexOf(name);
    if (single >= 0) return [single];
    const bits: number[] = [];
    for (let b = 0; ; b++) {
      const n = this.netlist.netNames.indexOf(`${name}[${b}]`);
      if (n < 0) break;
      bits.push(n);
    }
    if (bits.length === 0) throw new Error(`no pin or wire '${name}' in ${this.netlist.chip.name}`);
    return bits;
  }

  /** Levels of a pin or wire, bit 0 first. */
  read(name: string): Level[] {
    return this.nets(name).map((n) => this.level[n] as Level);
  }

  /** Flips input switches: a number (bit 0 = the pin's bit 0) or levels, bit 0 first. */
  set(values: Record<string, number | readonly Level[]>): void {
    for (const [name, value] of Object.entries(values)) {
      const pin = this.netlist.inputs.find((p) => p.name === name);
      if (pin === undefined) {
        const names = this.netlist.inputs.map((p) => p.name).join(', ');
        throw new Error(`${this.netlist.chip.name} has no input '${name}' (its inputs: ${names})`);
      }
      const bits = typeof value === 'number' ? bitsOf(value, pin.nets.length) : value;
      pin.nets.forEach((n, b) => this.change(n, bits[b]));
    }
    this.evaluateDirty();
  }

  /** Makes the gate that drives `net` slower or faster (time units). */
  setDelay(net: string, delay: number): void {
    const [n] = this.nets(net);
    for (const g of this.drivers[n]) this.delay[g] = delay;
  }

  /** Starts recording every change, for timing diagrams. */
  record(): Trace {
    this.trace = { start: this.now, initial: this.level.slice(), changes: [] };
    return this.trace;
  }

  /** Runs until time `until`, oscillating or not. */
  runUntil(until: number): void {
    while (this.times.length > 0 && this.times[0] <= until) this.step();
    this.now = Math.max(this.now, until);
  }

  run(units: number): void {
    this.runUntil(this.now + units);
  }

  /** Runs until nothing changes; reports (and stops) oscillations, see the top of this file. */
  settle(): Settled {
    const oscillations: Oscillation[] = [];
    const seen = new Map<string, { time: number; changes: number }>();
    const start = this.now;
    this.changed = [];
    while (this.times.length > 0) {
      // A time whose changes were all cancelled changes nothing: no state to compare.
      if (!this.step()) continue;
      if (this.now - start > SETTLE_LIMIT) {
        throw new Error(`${this.netlist.chip.name} did not settle in ${SETTLE_LIMIT} time units`);
      }
      const key = this.stateKey();
      const before = seen.get(key);
      if (before === undefined) {
        seen.set(key, { time: this.now, changes: this.changed.length });
        continue;
      }
      const nets = [...new Set(this.changed.slice(before.changes))].sort((a, b) => a - b);
      oscillations.push({
        since: before.time,
        period: this.now - before.time,
        nets: nets.map((n) => this.netlist.netNames[n]),
      });
      this.makeUnknown(nets);
      seen.clear();
    }
    this.changed = null;
    return { at: this.now, oscillations };
  }

  /** Sets inputs, then settles. */
  apply(values: Record<string, number | readonly Level[]>): Settled {
    this.set(values);
    return this.settle();
  }

  private change(net: number, level: Level): void {
    if (this.level[net] === level) return;
    this.level[net] = level;
    this.trace?.changes.push({ time: this.now, net, level });
    this.changed?.push(net);
    for (const g of this.readers[net]) this.markDirty(g);
  }

  private markDirty(g: number): void {
    if (this.isDirty[g] === 1) return;
    this.isDirty[g] = 1;
    this.dirty.push(g);
  }

  private resolve(net: number): Level {
    const drivers = this.drivers[net];
    if (drivers.length === 1) return this.driven[drivers[0]] as Level;
    // Switches in parallel: the wire has power if any of them passes it.
    let level: Level = LOW;
    for (const g of drivers) level = or(level, this.driven[g] as Level);
    return level;
  }

  private drive(g: number, level: Level): void {
    this.driven[g] = level;
    const net = this.netlist.gates[g].output;
    if (this.isInput[net] === 0) this.change(net, this.resolve(net));
  }

  private evaluateDirty(): void {
    const gates = this.netlist.gates;
    for (let k = 0; k < this.dirty.length; k++) {
      const g = this.dirty[k];
      this.isDirty[g] = 0;
      const gate = gates[g];
      const a = this.level[gate.inputs[0]] as Level;
      const b = (gate.inputs.length > 1 ? this.level[gate.inputs[1]] : LOW) as Level;
      this.schedule(g, gate.primitive.evaluate(a, b));
    }
    this.dirty.length = 0;
  }

  private schedule(g: number, level: Level): void {
    if (this.pendingAt[g] >= 0) {
      if (this.pendingLevel[g] === level) return;
      this.pendingAt[g] = -1;
    }
    if (level === this.driven[g]) return;
    const at = this.now + this.delay[g];
    this.pendingAt[g] = at;
    this.pendingLevel[g] = level;
    let bucket = this.due.get(at);
    if (bucket === undefined) {
      bucket = [];
      this.due.set(at, bucket);
      let k = this.times.length;
      while (k > 0 && this.times[k - 1] > at) k--;
      this.times.splice(k, 0, at);
    }
    bucket.push(g);
  }

  /** Delivers every change due at the earliest time, then lets the gates react. */
  private step(): boolean {
    const at = this.times.shift()!;
    const bucket = this.due.get(at)!;
    this.due.delete(at);
    let delivered = false;
    for (const g of bucket) {
      if (this.pendingAt[g] !== at) continue;
      if (!delivered) this.now = at;
      delivered = true;
      this.pendingAt[g] = -1;
      this.drive(g, this.pendingLevel[g] as Level);
    }
    this.evaluateDirty();
    return delivered;
  }

  /** Everything that decides the future: what each gate drives and what it is about to. */
  private stateKey(): string {
    let key = '';
    for (let g = 0; g < this.driven.length; g++) {
      key += this.driven[g];
      if (this.pendingAt[g] >= 0) key += `@${this.pendingAt[g] - this.now}:${this.pendingLevel[g]}`;
    }
    return key;
  }

  private makeUnknown(nets: number[]): void {
    for (const net of nets) {
      for (const g of this.drivers[net]) {
        this.pendingAt[g] = -1;
        this.drive(g, UNKNOWN);
      }
    }
    // Pending changes of other gates stay queued; stale bucket entries are skipped.
    this.evaluateDirty();
  }
}
