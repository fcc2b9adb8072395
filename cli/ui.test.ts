/**
 * `loom ui` from the command line, outside a terminal: what it refuses, in one sentence each.
 * (The UI itself is tested in a real terminal: ui/ui.tmux.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('loom ui on the command line', () => {
  it('needs a terminal, and says to use loom run without one', () => {
    const r = loom('ui', 'firmware/sum.s', '--base', '0x20000100');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'loom ui: the UI needs a terminal (use loom run to run without one) (loom help ui)\n',
    );
  });

  it('refuses options it does not know, and image options without an image', () => {
    expect(loom('ui', '--frob').stderr).toBe(
      'loom ui: unknown option --frob for loom ui (loom help ui)\n',
    );
    const b = loom('ui', 'firmware/sum.s', '--board', 'nucleo-f401re');
    expect(b.status).toBe(2);
    expect(b.stderr).toBe(
      "loom ui: --board: no board 'nucleo-f401re' (Loom knows nucleo-f746zg, " +
        'nucleo-f767zi, stm32f746g-disco) (loom help ui)\n',
    );
    const r = loom('ui', '--base', '0x20000100');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('loom ui: image options need an IMAGE (loom help ui)\n');
  });

  it('says what is wrong with --gdb before it opens anything', () => {
    const wrong = (args: string[], message: string) => {
      const r = loom('ui', 'firmware/sum.s', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`loom ui: ${message} (loom help ui)\n`);
    };
    wrong(['--gdb', '99999'], '--gdb: 99999 is not a TCP port (0-65535)');
    wrong(['--gdb', 'abc'], "--gdb: 'abc' is not a count (a whole number, 0 or more)");
    wrong(['--gdb-host', '0.0.0.0'], '--gdb-host needs --gdb PORT');
  });

  it('is listed in the help, with its keys', () => {
    expect(loom('help').stdout).toContain('ui [IMAGE] [options]');
    const help = loom('help', 'ui').stdout;
    expect(help).toMatch(/^usage: loom ui \[IMAGE\] \[options\]$/m);
    expect(help).toContain('F10/n step over');
  });
});
