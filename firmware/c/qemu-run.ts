/**
 * Runs a firmware ELF on QEMU's Cortex-M7 board (mps2-an500: RAM at 0 and at 0x20000000, which
 * loom.ld uses) with semihosting; what the firmware prints comes out on QEMU's stdout (without the
 * chardev, QEMU 7.2 prints it on stderr).
 */
import { spawnSync } from 'node:child_process';

export interface QemuRun {
  output: string;
  seconds: number;
}

export function runInQemu(elfPath: string, timeoutMs = 120_000): QemuRun {
  const args = ['-M', 'mps2-an500', '-cpu', 'cortex-m7', '-display', 'none', '-monitor', 'none'];
  args.push('-serial', 'none', '-chardev', 'stdio,id=out');
  args.push('-semihosting-config', 'enable=on,target=native,chardev=out', '-kernel', elfPath);
  const start = process.hrtime.bigint();
  const r = spawnSync('qemu-system-arm', args, { encoding: 'utf8', timeout: timeoutMs });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error) {
    const err = r.error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT')
      throw new Error('qemu-system-arm is not installed: install qemu-system-arm');
    throw err;
  }
  if (r.status !== 0) throw new Error(`QEMU exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return { output: r.stdout, seconds };
}
