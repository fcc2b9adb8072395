/**
 * What the firmware printed (its serial console, semihosting, ITM), kept as lines for the
 * console pane: UTF-8 decoded across writes, carriage returns and backspaces applied as a
 * terminal would, the oldest lines dropped past a limit.
 */
export interface ConsoleLine {
  text: string;
  /** Written by Loom (a diagnostic), not by the firmware. */
  loom: boolean;
}

export class ConsoleLog {
  /** Finished lines, oldest first. */
  readonly lines: ConsoleLine[] = [];
  /** The line being written. */
  current = '';
  /** Bumped on every write, so that a view knows when to redraw. */
  version = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  /** A CR was written: the next character starts the line again. */
  private pendingReturn = false;

  constructor(readonly maxLines = 1000) {}

  write(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    for (const ch of text) {
      if (ch === '\n') {
        this.push({ text: this.current, loom: false });
        this.current = '';
      } else if (ch === '\r') {
        // A bare CR returns to the start of the line; CR LF is an ordinary line end.
        this.pendingReturn = true;
        continue;
      } else if (ch === '\b') {
        this.current = this.current.slice(0, -1);
      } else if (ch === '\t') {
        this.current += ' '.repeat(8 - (this.current.length % 8));
      } else if (ch >= ' ') {
        if (this.pendingReturn) this.current = '';
        this.current += ch;
      }
      this.pendingReturn = false;
    }
    this.version++;
  }

  /** A line from Loom itself (a diagnostic), set apart from what the firmware wrote. */
  note(text: string): void {
    this.push({ text, loom: true });
    this.version++;
  }

  private push(line: ConsoleLine): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The last `count` lines, the one being written included when it has text. */
  tail(count: number): ConsoleLine[] {
    const last = this.lines.slice(-count);
    if (this.current !== '') last.push({ text: this.current, loom: false });
    return last.slice(-count);
  }

  clear(): void {
    this.lines.length = 0;
    this.current = '';
    this.pendingReturn = false;
    this.version++;
  }
}
