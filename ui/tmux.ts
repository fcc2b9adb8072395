/**
 * A real terminal for the UI's tests: tmux runs a command in a detached session of its own
 * server (a user's sessions are never touched), keys go in with `send-keys`, and the screen is
 * read back with `capture-pane`, as a user would see it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/** A tmux server of our own for each terminal, so that a user's sessions are never touched. */
const SOCKET = `loom-ui-test-${process.pid}`;
/** The machine may be busy (tests run in parallel): starting takes seconds. */
export const START_MS = 60_000;

export class Terminal {
  constructor(
    readonly name: string,
    command: string,
    width = 80,
    height = 24,
  ) {
    const tmux = this.tmux;
    // The shell prints a line before and the exit status after, to see what is left behind.
    const script = `echo BEFORE-THE-UI; ${command}; echo EXIT=$?; sleep 600`;
    tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(width),
      '-y',
      String(height),
      '-e',
      'LANG=C.UTF-8',
      '-c',
      ROOT,
      'bash',
      '-c',
      script,
    );
  }

  private readonly tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', `${SOCKET}-${this.name}`, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
    });

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** A tmux format variable of the pane (alternate_on, cursor_flag...). */
  flag(name: string): string {
    return this.tmux('display-message', '-p', '-t', this.name, `#{${name}}`).trim();
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const start = Date.now();
    let text = '';
    while (Date.now() - start < timeoutMs) {
      text = this.screen();
      if (pattern.test(text)) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the screen never showed ${pattern}:\n${text}`);
  }

  async waitWhile(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const start = Date.now();
    let text = this.screen();
    while (pattern.test(text)) {
      if (Date.now() - start > timeoutMs) throw new Error(`the screen still shows ${pattern}`);
      await new Promise((r) => setTimeout(r, 100));
      text = this.screen();
    }
    return text;
  }

  close(): void {
    spawnSync('tmux', ['-L', `${SOCKET}-${this.name}`, '-f', '/dev/null', 'kill-server']);
  }
}
