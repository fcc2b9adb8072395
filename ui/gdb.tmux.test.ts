/**
 * `loom ui IMAGE --gdb PORT`: the real gdb-multiarch attached to the terminal UI running in tmux.
 * What gdb does shows on the screen (a register, memory, the PC), gdb's `continue` runs the
 * program paced to the wall clock as the UI's own runs are, and the UI's pause key stops gdb's
 * run as Ctrl-C in gdb would. Expected values come from the programs' sources and the talk's
 * demo (0xE7FE at 0x20000100 is `b .`), never from an earlier run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { gdbScript, interruptAfter } from '../test/gdb-batch.ts';
import { START_MS, Terminal } from './tmux.ts';

const LOOM = 'node bin/loom.mjs ui';
const dir = mkdtempSync(join(tmpdir(), 'loom-ui-gdb-'));
let open: Terminal[] = [];
let count = 0;

function terminal(command: string): Terminal {
  const t = new Terminal(`g${count++}`, command, 120, 40);
  open.push(t);
  return t;
}

afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

/** The port the UI says its GDB server listens on (it was asked for port 0: any free one). */
async function gdbPort(t: Terminal): Promise<number> {
  const screen = await t.waitFor(/gdb server on 127\.0\.0\.1:\d+/, START_MS);
  return Number(/gdb server on 127\.0\.0\.1:(\d+)/.exec(screen)![1]);
}

/** gdb-multiarch in batch mode, in the background; resolves with what it printed. */
function gdb(port: number, commands: string[]): Promise<string> {
  const script = gdbScript(dir, port, commands);
  return new Promise((resolve, reject) => {
    // In the background: the test goes on watching the screen while gdb waits.
    const child = spawn('gdb-multiarch', ['-batch', '-nx', '-x', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.once('error', reject);
    child.once('close', () => resolve(out));
  });
}

/** The emulated time the board pane shows, in seconds. */
function boardSeconds(screen: string): number {
  const m = /time +([0-9.]+) (µs|ms|s)\b/.exec(screen);
  if (m === null) throw new Error(`no time on the screen:\n${screen}`);
  return Number(m[1]) * { µs: 1e-6, ms: 1e-3, s: 1 }[m[2] as 'µs' | 'ms' | 's'];
}

describe.sequential('loom ui --gdb with gdb-multiarch', { timeout: 120_000 }, () => {
  it("shows what gdb does: the talk's demo, a register, the PC that does not move", async () => {
    const t = terminal(`${LOOM} firmware/sum.s --gdb 0`);
    const port = await gdbPort(t);
    await t.waitFor(/paused: ready at 0x20000100/);
    const out = await gdb(port, [
      'set {short}0x20000100 = 0xe7fe',
      'set $pc = 0x20000100',
      'set $r5 = 0x1234',
      'stepi',
      'stepi',
      'p/x $pc',
    ]);
    expect(out).toMatch(/\$1 = 0x20000100/);
    const screen = await t.waitFor(/halted: branch to self \(b \.\) at 0x20000100/);
    // gdb's writes, on the screen: the word in the code and memory panes, the register.
    expect(screen).toMatch(/20000100 {2}e7fe {7}b +#0x20000100/);
    expect(screen).toMatch(/20000100 fe e7 05 21/);
    expect(screen).toMatch(/│r5 +00001234 +4660/);
    expect(screen).toMatch(/gdb: .*attached/);
  });

  it("paces gdb's continue to the wall clock, as the UI's own runs are", async () => {
    // The blinky demo starts running; gdb attaching halts it, as on a board.
    const t = terminal(`${LOOM} --gdb 0`);
    const port = await gdbPort(t);
    await t.waitFor(/▶ running/, START_MS);
    // gdb stays attached a while after the stop (then detaches): the screen shows the stop.
    const session = gdb(port, [...interruptAfter(2000), 'continue', 'p $pc', 'shell sleep 10']);
    await t.waitFor(/running \(real time\): gdb runs the program/);
    const before = boardSeconds(t.screen());
    const screen = await t.waitFor(/paused: gdb: stopped, SIGINT at 0x/);
    const elapsed = boardSeconds(screen) - before;
    // blinky-systick sleeps in WFI between SysTicks: unpaced, Loom skips idle time and 2 s of
    // wall clock would be minutes of emulated time. Paced, gdb's 2 s are about 2 s.
    expect(elapsed).toBeGreaterThan(1.2);
    expect(elapsed).toBeLessThan(4);
    expect(await session).toMatch(/Program received signal SIGINT/);
    // After gdb detaches, the UI runs the program on.
    await t.waitFor(/▶ running/);
  });

  it("stops gdb's continue with the UI's pause key, as Ctrl-C in gdb would", async () => {
    const t = terminal(`${LOOM} firmware/build/blinky-systick.elf --gdb 0`);
    const port = await gdbPort(t);
    await t.waitFor(/paused: ready/);
    const session = gdb(port, ['continue', 'p/x $pc', 'info registers msp', 'shell sleep 10']);
    await t.waitFor(/running \(real time\): gdb runs the program/);
    t.keys('p');
    await t.waitFor(/paused: gdb: stopped, SIGINT/);
    const out = await session;
    expect(out).toMatch(/Program received signal SIGINT/);
    expect(out).toMatch(/msp +0x2[0-9a-f]{7}/);
  });
});
