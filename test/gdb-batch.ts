/**
 * What the tests that drive the real gdb-multiarch share: the batch script they hand it, and
 * gdb's Python for a Ctrl-C while a `continue` waits.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let scripts = 0;

/**
 * Writes a gdb batch script into `dir`: quiet settings, an optional `file`, `target remote` on
 * `port`, the commands, then `detach`. Returns its path.
 */
export function gdbScript(dir: string, port: number, commands: string[], file?: string): string {
  const script = join(dir, `session-${port}-${scripts++}.gdb`);
  const head = ['set confirm off', 'set pagination off', 'set width 0'];
  if (file !== undefined) head.push(`file ${file}`);
  head.push(`target remote 127.0.0.1:${port}`);
  writeFileSync(script, [...head, ...commands, 'detach', ''].join('\n'));
  return script;
}

/** gdb's Python: Ctrl-C (the `interrupt` command) after `ms`, while a `continue` waits. */
export const interruptAfter = (ms: number): string[] => [
  'python',
  'import threading',
  `threading.Timer(${ms / 1000}, lambda: gdb.post_event(lambda: gdb.execute("interrupt"))).start()`,
  'end',
];
