/**
 * Starts `qemu-system-arm -M mps2-an500 -cpu cortex-m7` halted, with its GDB stub on a free
 * local port, and connects to it. A watchdog ends QEMU if this process dies without closing it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { GdbClient } from './gdb-client.ts';

export const QEMU_BINARY = process.env.LOOM_QEMU ?? 'qemu-system-arm';

export class QemuMissingError extends Error {
  constructor(detail: string) {
    super(
      `${QEMU_BINARY} cannot be started (${detail}). The differential test needs QEMU's ` +
        'Cortex-M7: install the Debian package qemu-system-arm.',
    );
    this.name = 'QemuMissingError';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface QemuProcess {
  child: ChildProcess;
  gdb: GdbClient;
  /** What QEMU wrote on stderr (a lockup report, for instance). */
  stderr: () => string;
}

export async function startQemu(): Promise<QemuProcess> {
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['-M', 'mps2-an500', '-cpu', 'cortex-m7', '-nographic', '-S'];
    args.push('-gdb', `tcp:127.0.0.1:${port}`, '-monitor', 'none', '-serial', 'none');
    const child = spawn(QEMU_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => (stderr += text));
    const exited = new Promise<string>((resolve) => {
      child.once('error', (e) => resolve(e.message));
      child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`));
    });
    let spawnError: string | null = null;
    void exited.then((why) => (spawnError = why));
    for (let k = 0; k < 100 && spawnError === null; k++) {
      try {
        const gdb = await GdbClient.connect(port);
        watchdog(child);
        return { child, gdb, stderr: () => stderr };
      } catch {
        await sleep(50);
      }
    }
    child.kill();
    const why: string = spawnError ?? 'its GDB stub never answered';
    if (/ENOENT/.test(why)) throw new QemuMissingError('not found');
    lastError = `${why}${stderr ? `: ${stderr.trim()}` : ''}`;
  }
  throw new Error(`QEMU did not start: ${lastError}`);
}

/** A shell that ends QEMU when this process is gone. */
function watchdog(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill ${child.pid} 2>/dev/null`;
  const dog = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  dog.unref();
}
