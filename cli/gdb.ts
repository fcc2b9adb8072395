/**
 * `loom gdb IMAGE [--port N] [--host ADDR]`: loads IMAGE, starts it halted at reset and serves
 * one debugger at a time on a TCP port until Ctrl-C. What the firmware prints goes to stdout;
 * Loom's messages (and its diagnostics, as `loom run` prints them) go to stderr.
 */
import { Machine } from '../chip/machine.ts';
import { MachineTarget } from '../gdb/machine-target.ts';
import { GdbTcpServer } from '../gdb/tcp.ts';
import { hex32 } from '../loader/error.ts';
import { loadImage, startImage } from '../loader/image.ts';
import { flag, option, parseArgs, type CommandSpec } from './args.ts';
import { boardOption } from './board-session.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { parseAddress, parseCount } from './numbers.ts';

export const GDB: CommandSpec = {
  name: 'gdb',
  positionals: ['IMAGE'],
  options: [
    { name: 'port', value: 'N' },
    { name: 'host', value: 'ADDR' },
    { name: 'base', value: 'ADDR' },
    { name: 'boot-address', value: 'ADDR' },
    { name: 'board', value: 'NAME' },
    { name: 'verbose' },
  ],
};

export const DEFAULT_GDB_PORT = 3333;

/** Resolves when the process is asked to end (Ctrl-C, SIGTERM). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export async function gdbCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, GDB);
  const portText = option(args, 'port');
  const port = portText === undefined ? DEFAULT_GDB_PORT : parseCount(portText, '--port');
  if (port > 65535) throw new UsageError(`--port: ${port} is not a TCP port (0-65535)`, 'gdb');
  const host = option(args, 'host') ?? '127.0.0.1';
  const base = option(args, 'base');
  const bootAddress = option(args, 'boot-address');

  const board = boardOption(args, 'gdb');

  const machine = new Machine(board);
  if (bootAddress !== undefined) machine.bootAddress = parseAddress(bootAddress, '--boot-address');
  const path = args.positionals[0];
  const image = await loadImage(machine, path, io.readFile(path), {
    base: base === undefined ? undefined : parseAddress(base, '--base'),
  });
  startImage(machine, image);
  machine.console = { write: (bytes) => io.stdout(bytes) };

  const log = (text: string) => io.stderr(text);
  machine.diagnostics.onReport = (d) =>
    log(`loom: ${d.message} (at ${d.atSeconds.toFixed(6)} s)\n`);
  const target = new MachineTarget(machine, {
    reset: () => startImage(machine, image),
    defer: (fn) => void setImmediate(fn),
    log,
  });
  const server = new GdbTcpServer(target, {
    port,
    host,
    info: log,
    log,
    trace: flag(args, 'verbose') ? (line) => log(`${printable(line)}\n`) : undefined,
  });
  let listening: { host: string; port: number };
  try {
    listening = await server.listen();
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is in use' : (e as Error).message;
    throw new UsageError(`cannot listen on ${host}:${port}: the port ${why}`, 'gdb');
  }
  const at = `${listening.host}:${listening.port}`;
  const state = machine.cpu.stopped?.message ?? `halted at pc ${hex32(machine.cpu.pc)}`;
  log(
    `loom gdb: ${path}: ${state}\n` +
      `loom gdb: listening on ${at}; connect with\n` +
      `  gdb-multiarch ${path} -ex 'target remote ${at}'\n`,
  );
  await untilSignal();
  target.kill();
  await server.close();
  return 0;
}

/** A packet for the log: binary data shown as dots, long ones cut. */
function printable(line: string): string {
  const text = line.replace(/[^\x20-\x7e]/g, '.');
  return text.length > 200 ? `${text.slice(0, 200)}... (${text.length} chars)` : text;
}
