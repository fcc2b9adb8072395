/**
 * Timing diagrams: signals against time, one column per time unit (or per `scale` units), as
 * text. A wire takes two lines (high along the top, low along the bottom, ░ while unknown); a bus
 * takes one, with its value written where it changes.
 */
import { HIGH, LOW, UNKNOWN, busValue, type Level } from './logic.ts';
import type { Simulator, Trace } from './simulator.ts';

export interface TimingOptions {
  /** Start and end, in time units from the start of the recording. */
  from?: number;
  to?: number;
  /** Time units per column (1 shows every change; more makes long runs fit). */
  scale?: number;
  /** Labels to print instead of the signal names. */
  labels?: string[];
}

/** Each net's level at the start of each column. */
function sample(trace: Trace, nets: number[], times: number[]): Level[][] {
  const levels = nets.map((n) => trace.initial[n] as Level);
  const out: Level[][] = nets.map(() => []);
  let k = 0;
  for (const t of times) {
    while (k < trace.changes.length && trace.changes[k].time <= t) {
      const c = trace.changes[k++];
      const i = nets.indexOf(c.net);
      if (i >= 0) levels[i] = c.level;
    }
    levels.forEach((l, i) => out[i].push(l));
  }
  return out;
}

function wireLines(levels: Level[]): [string, string] {
  let top = '';
  let bottom = '';
  levels.forEach((level, c) => {
    const before = c === 0 ? level : levels[c - 1];
    if (level === UNKNOWN) {
      top += '░';
      bottom += '░';
    } else if (level === HIGH) {
      top += before === LOW ? '┌' : '─';
      bottom += before === LOW ? '┘' : ' ';
    } else {
      top += before === HIGH ? '┐' : ' ';
      bottom += before === HIGH ? '└' : '─';
    }
  });
  return [top, bottom];
}

function busLine(values: (number | null)[]): string {
  let line = '';
  let c = 0;
  while (c < values.length) {
    let end = c + 1;
    while (end < values.length && values[end] === values[c]) end++;
    const label = values[c] === null ? '?' : String(values[c]);
    // A change starts with ╳, unless the column before was already one (a passing glitch).
    const cross = c > 0 && !line.endsWith('╳') ? '╳' : '';
    const room = end - c - cross.length;
    line +=
      cross + (label.length <= room ? label + '═'.repeat(room - label.length) : '╳'.repeat(room));
    c = end;
  }
  return line;
}

/** The diagram of `signals` (pin or wire names) over the recorded trace. */
export function timingDiagram(
  sim: Simulator,
  signals: string[],
  options: TimingOptions = {},
): string {
  const trace = sim.trace;
  if (trace === null) throw new Error('nothing recorded: call record() before running');
  const scale = options.scale ?? 1;
  const from = trace.start + (options.from ?? 0);
  const to = options.to === undefined ? sim.now : trace.start + options.to;
  const times: number[] = [];
  for (let t = from; t < to; t += scale) times.push(t);
  const labels = options.labels ?? signals;
  const pad = Math.max(4, ...labels.map((l) => l.length)) + 2;

  // Time counts from the start of the diagram.
  let axis = '';
  for (let c = 0; c < times.length; c += 10) {
    axis += String(times[c] - from).padEnd(Math.min(10, times.length - c));
  }
  const lines = [`${'time'.padEnd(pad)}${axis}`.trimEnd()];
  signals.forEach((name, s) => {
    const nets = sim.nets(name);
    const levels = sample(trace, nets, times);
    const label = labels[s].padEnd(pad);
    if (nets.length === 1) {
      const [top, bottom] = wireLines(levels[0]);
      lines.push(`${' '.repeat(pad)}${top}`.trimEnd(), `${label}${bottom}`.trimEnd());
    } else {
      const values = times.map((_, c) => busValue(levels.map((bit) => bit[c])));
      lines.push(`${label}${busLine(values)}`);
    }
  });
  return lines.join('\n') + '\n';
}
