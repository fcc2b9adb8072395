/** `loom run IMAGE [...]`: load, start, run headless, report. */
import { Machine, ConsoleBuffer, type ConsoleSink } from '../chip/machine.ts';
import { hex32 } from '../loader/error.ts';
import { loadImage, place, startImage, type LoadedImage } from '../loader/image.ts';
import { flag, option, options, parseArgs, type CommandSpec, type ParsedArgs } from './args.ts';
import { BoardSession, parseBoardOptions } from './board-session.ts';
import { UsageError } from './errors.ts';
import type { Limits } from './execute.ts';
import type { Io } from './io.ts';
import { isNumber, parseAddress, parseCount, parseWord } from './numbers.ts';
import { registerName, writeRegister } from './registers.ts';
import { makeReport, reportJson, reportText, type MemoryDump } from './report.ts';

/** How an image is placed and started: `loom run`'s options that `loom ui` takes too. */
export const IMAGE_OPTIONS: CommandSpec['options'] = [
  { name: 'base', value: 'ADDR' },
  { name: 'entry', value: 'ADDR' },
  { name: 'boot-address', value: 'ADDR' },
  { name: 'set', value: 'REG=VALUE', repeat: true },
  { name: 'load', value: 'FILE@ADDR', repeat: true },
  { name: 'poke', value: 'ADDR=VALUE', repeat: true },
];

export const RUN: CommandSpec = {
  name: 'run',
  positionals: ['IMAGE'],
  options: [
    ...IMAGE_OPTIONS,
    { name: 'steps', value: 'N' },
    { name: 'max-cycles', value: 'N' },
    { name: 'until', value: 'ADDR|SYMBOL' },
    { name: 'dump', value: 'ADDR:LEN', repeat: true },
    { name: 'json' },
    { name: 'board', value: 'NAME' },
    { name: 'max-time', value: 'SECONDS' },
    { name: 'press', value: 'BUTTON@TIME', repeat: true },
    { name: 'release', value: 'BUTTON@TIME', repeat: true },
    { name: 'uart-in', value: 'TEXT|FILE' },
    { name: 'uart-in-at', value: 'SECONDS' },
    { name: 'trace-gpio' },
    { name: 'vcd', value: 'FILE' },
    { name: 'realtime' },
  ],
};

/** Splits `left<sep>right` at the last separator. */
export function split(text: string, sep: string, what: string, form: string): [string, string] {
  const at = text.lastIndexOf(sep);
  if (at <= 0 || at === text.length - 1)
    throw new UsageError(`${what}: '${text}' is not ${form}`, 'run');
  return [text.slice(0, at), text.slice(at + 1)];
}

/** An address given as a number or as a symbol of the image. */
function addressOf(text: string, image: LoadedImage, what: string): number {
  if (isNumber(text)) return parseAddress(text, what);
  const symbol = image.symbols.get(text);
  if (symbol === undefined)
    throw new UsageError(`${what}: no symbol '${text}' in ${image.name}`, 'run');
  return symbol.address;
}

/** --dump ranges, checked before the run so that a bad one costs nothing. */
function dumpRanges(args: ParsedArgs, image: LoadedImage, machine: Machine): [number, number][] {
  return options(args, 'dump').map((d) => {
    const [a, l] = split(d, ':', '--dump', 'ADDR:LEN');
    const addr = addressOf(a, image, '--dump');
    const length = parseCount(l, '--dump');
    for (let k = 0; k < length; k++) {
      if (machine.bus.find(addr + k) === undefined) {
        throw new UsageError(`--dump ${d}: nothing is mapped at ${hex32(addr + k)}`, 'run');
      }
    }
    return [addr, length];
  });
}

/** --poke ADDR=VALUE: a 32-bit word written as a debugger writes it (flash included). */
export function poke(machine: Machine, text: string): void {
  const [a, v] = split(text, '=', '--poke', 'ADDR=VALUE');
  const addr = parseAddress(a, '--poke');
  const value = parseWord(v, '--poke');
  const m = machine.bus.find(addr);
  if (m === undefined)
    throw new UsageError(`--poke ${text}: nothing is mapped at ${hex32(addr)}`, 'run');
  if (m.memory !== null) {
    machine.bus.load(addr, new Uint8Array(new Uint32Array([value]).buffer));
  } else {
    machine.bus.write32(addr, value);
  }
}

/** The firmware's console: stdout, or kept for the JSON report. */
function consoleFor(io: Io, json: boolean): ConsoleSink {
  return json ? new ConsoleBuffer() : { write: (bytes) => io.stdout(bytes) };
}

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, RUN);
  const json = flag(args, 'json');
  const number = (name: string, parse: (t: string, w: string) => number) => {
    const text = option(args, name);
    return text === undefined ? undefined : parse(text, `--${name}`);
  };
  const base = number('base', parseAddress);
  const entry = number('entry', parseAddress);
  const bootAddress = number('boot-address', parseAddress);
  const limits: Limits = {
    steps: number('steps', parseCount),
    maxCycles: number('max-cycles', parseCount),
  };
  const sets = options(args, 'set').map((s) => {
    const [name, value] = split(s, '=', '--set', 'REG=VALUE');
    return [registerName(name), parseWord(value, `--set ${name}`)] as const;
  });

  const boardOptions = parseBoardOptions(args, io);

  const machine = new Machine(boardOptions.board);
  if (bootAddress !== undefined) machine.bootAddress = bootAddress;
  const path = args.positionals[0];
  const image = await loadImage(machine, path, io.readFile(path), { base });
  for (const l of options(args, 'load')) {
    const [file, at] = split(l, '@', '--load', 'FILE@ADDR');
    place(machine, file, 'the file', parseAddress(at, '--load'), io.readFile(file));
  }
  const dumps = dumpRanges(args, image, machine);
  const until = option(args, 'until');
  const untilAddress = until === undefined ? undefined : addressOf(until, image, '--until');

  startImage(machine, image, { entry });
  const cpu = machine.cpu;
  machine.console = consoleFor(io, json);
  for (const p of options(args, 'poke')) poke(machine, p);
  for (const [name, value] of sets) writeRegister(cpu, name, value);
  if (untilAddress !== undefined) cpu.addBreakpoint(untilAddress);
  const session = new BoardSession(machine, boardOptions, io);

  const before = cpu.instructions;
  // A reset that found no vector table has already stopped the core (lockup).
  const stop = cpu.stopped !== null ? { ...cpu.stopped } : await session.run(limits);
  session.finish(path);
  const memory: MemoryDump[] = dumps.map(([addr, length]) => ({
    addr,
    bytes: machine.bus.dump(addr, length),
  }));
  const text = machine.console instanceof ConsoleBuffer ? machine.console.text : '';
  const report = makeReport(cpu, stop, cpu.instructions - before, memory, text);
  if (json) io.stdout(reportJson(report));
  else io.stderr(reportText(report, cpu, image.symbols));
  if (stop.kind === 'exit') return stop.code ?? 0;
  return stop.kind === 'fault' || stop.kind === 'lockup' ? 1 : 0;
}
