/** `loom gdb`'s command line: what it refuses, in one sentence and exit status 2. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

import { LoaderError } from '../loader/error.ts';
import type { Io } from './io.ts';
import { main } from './main.ts';

/** Runs `loom gdb ...args` in-process with `b.bin` (a `b .`) as the only file. */
async function loomGdb(...args: string[]) {
  let stderr = '';
  let stdout = '';
  const io: Io = {
    stdout: (d) => void (stdout += typeof d === 'string' ? d : new TextDecoder().decode(d)),
    stderr: (t) => void (stderr += t),
    readFile(path) {
      if (path !== 'b.bin') throw new LoaderError(`${path}: no such file`);
      return new Uint8Array([0xfe, 0xe7]);
    },
    writeFile: () => {},
  };
  const status = await main(['gdb', ...args], io);
  return { status, stderr, stdout };
}

describe('loom gdb', () => {
  it('refuses a bad port, an unknown board and a missing image', async () => {
    expect((await loomGdb('b.bin', '--port', '70000')).stderr).toBe(
      'loom gdb: --port: 70000 is not a TCP port (0-65535) (loom help gdb)\n',
    );
    const board = await loomGdb('b.bin', '--board', 'uno');
    expect(board.status).toBe(2);
    expect(board.stderr).toContain("--board: no board 'uno' (Loom knows nucleo-f746zg");
    const missing = await loomGdb('nothing.elf');
    expect([missing.status, missing.stderr]).toEqual([2, 'loom gdb: nothing.elf: no such file\n']);
    expect((await loomGdb()).stderr).toBe('loom gdb: missing IMAGE (loom help gdb)\n');
  });

  it('says so when the port is taken', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const r = await loomGdb('b.bin', '--port', String(port));
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `loom gdb: cannot listen on 127.0.0.1:${port}: the port is in use (loom help gdb)\n`,
      );
    } finally {
      other.close();
    }
  });

  it('has its help', async () => {
    const r = await loomGdb('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: loom gdb IMAGE/);
  });
});
