/**
 * The `loom` command: dispatches to run, asm, disasm, explain, lesson and help. A usage error or
 * a file Loom cannot load is one sentence on stderr and exit status 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';

import { LoaderError } from '../loader/error.ts';
import { asmCommand } from './asm.ts';
import { disasmCommand } from './disasm.ts';
import { UsageError } from './errors.ts';
import { gdbCommand } from './gdb.ts';
import { helpText } from './help.ts';
import { nodeIo, type Io } from './io.ts';
import { runCommand } from './run.ts';

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  run: runCommand,
  asm: asmCommand,
  disasm: disasmCommand,
  // Loaded when used: they bring the disassembler and the lessons, which `loom run` never needs.
  explain: async (argv, io) => (await import('./explain.ts')).explainCommand(argv, io),
  gdb: gdbCommand,
  lesson: async (argv, io) => (await import('./lesson.ts')).lessonCommand(argv, io),
  ui: async (argv, io) => (await import('./ui.ts')).uiCommand(argv, io),
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return `loom ${pkg.version}\n`;
}

/** Runs one command line; returns the exit status. */
export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(helpText());
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    io.stdout(helpText(rest[0]));
    return 0;
  }
  if (command === '--version' || command === '-V') {
    io.stdout(version());
    return 0;
  }
  const handler = COMMANDS[command];
  if (handler === undefined) {
    io.stderr(`loom: unknown command '${command}' (loom help lists the commands)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(helpText(command));
    return 0;
  }
  try {
    return await handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = ` (loom help ${e.command ?? command})`;
      io.stderr(`loom ${command}: ${e.message}${hint}\n`);
      return 2;
    }
    if (e instanceof LoaderError) {
      io.stderr(`loom ${command}: ${e.message}\n`);
      return 2;
    }
    // A bug in Loom, not in the input: the details help whoever fixes it.
    io.stderr(`loom ${command}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}
