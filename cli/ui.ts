/**
 * `loom ui [IMAGE] [...]`: the terminal UI, on an image with `loom run`'s image options, or on
 * the blinky demo. An image that cannot be loaded opens the UI with the reason and the demos.
 * `--gdb PORT` serves a debugger on the same machine while the UI runs (ui/gdb-link.ts).
 */
import { GdbTcpServer } from '../gdb/tcp.ts';
import { App } from '../ui/app.ts';
import { GdbLink } from '../ui/gdb-link.ts';
import { Session } from '../ui/session.ts';
import { defaultDemo, demoProgram, demos, fileProgram, type ImageOptions } from '../ui/programs.ts';
import { flag, option, options, parseArgs, type CommandSpec, type ParsedArgs } from './args.ts';
import { UsageError } from './errors.ts';
import { boardOption } from './board-session.ts';
import type { Io } from './io.ts';
import { parseAddress, parseCount, parseWord } from './numbers.ts';
import { registerName } from './registers.ts';
import { IMAGE_OPTIONS, split } from './run.ts';

export const UI: CommandSpec = {
  name: 'ui',
  positionals: ['IMAGE'],
  options: [
    ...IMAGE_OPTIONS,
    { name: 'board', value: 'NAME' },
    { name: 'run' },
    { name: 'fast' },
    { name: 'gdb', value: 'PORT' },
    { name: 'gdb-host', value: 'ADDR' },
  ],
};

/** IMAGE is optional: without it, the blinky demo. */
function parseOptionalImage(argv: string[]): ParsedArgs {
  try {
    return parseArgs(argv, UI);
  } catch (e) {
    if (!(e instanceof UsageError) || !e.message.startsWith('missing IMAGE')) throw e;
    return parseArgs(argv, { ...UI, positionals: [] });
  }
}

export async function uiCommand(argv: string[], io: Io): Promise<number> {
  const args = parseOptionalImage(argv);
  const path = args.positionals[0] ?? '';
  const address = (name: string) => {
    const text = option(args, name);
    return text === undefined ? undefined : parseAddress(text, `--${name}`);
  };
  const imageOptions: ImageOptions = {
    board: boardOption(args, 'ui'),
    base: address('base'),
    entry: address('entry'),
    bootAddress: address('boot-address'),
    sets: options(args, 'set').map((s) => {
      const [name, value] = split(s, '=', '--set', 'REG=VALUE');
      return [registerName(name), parseWord(value, `--set ${name}`)];
    }),
    loads: options(args, 'load').map((l) => {
      const [file, at] = split(l, '@', '--load', 'FILE@ADDR');
      return { name: file, address: parseAddress(at, '--load'), bytes: io.readFile(file) };
    }),
    pokes: options(args, 'poke'),
  };
  const free = ['run', 'fast', 'gdb', 'gdb-host'];
  if (path === '' && [...args.options.keys()].some((o) => !free.includes(o))) {
    throw new UsageError('image options need an IMAGE', 'ui');
  }
  const gdbPort = option(args, 'gdb');
  const gdbHost = option(args, 'gdb-host') ?? '127.0.0.1';
  if (gdbPort === undefined && option(args, 'gdb-host') !== undefined) {
    throw new UsageError('--gdb-host needs --gdb PORT', 'ui');
  }
  const port = gdbPort === undefined ? undefined : parseCount(gdbPort, '--gdb');
  if (port !== undefined && port > 65535) {
    throw new UsageError(`--gdb: ${port} is not a TCP port (0-65535)`, 'ui');
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError('the UI needs a terminal (use loom run to run without one)', 'ui');
  }
  const program =
    path === ''
      ? demoProgram(defaultDemo(), io.readFile)
      : fileProgram(path, io.readFile, imageOptions, flag(args, 'run'));
  const session = new Session();
  let server: GdbTcpServer | null = null;
  let link: GdbLink | undefined;
  let listening = '';
  if (port !== undefined) {
    link = new GdbLink(session);
    server = new GdbTcpServer(link, {
      port,
      host: gdbHost,
      info: (text) => session.console.note(text.replace(/^loom gdb: /, 'gdb: ').trimEnd()),
      onAttach: () => session.pause(),
    });
    try {
      const at = await server.listen();
      listening = `${at.host}:${at.port}`;
    } catch (e) {
      const why =
        (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is in use' : (e as Error).message;
      throw new UsageError(`--gdb: cannot listen on ${gdbHost}:${port}: the port ${why}`, 'ui');
    }
    link.banner = [`gdb server on ${listening}`, `(gdb) target remote ${listening}`];
  }
  const app = new App({
    program,
    demos: demos(),
    readFile: io.readFile,
    realtime: !flag(args, 'fast'),
    session,
    gdb: link,
  });
  const status = await app.run();
  await server?.close();
  return status;
}
