/**
 * Things a student should hear about but that are not faults: a peripheral Loom does not model,
 * a peripheral used without its clock, a clock configured out of range. Each is said once.
 */
export interface Diagnostic {
  /** Emulated time, in seconds, when it was first noticed. */
  atSeconds: number;
  message: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  private readonly said = new Set<string>();
  /** Told about each new diagnostic (the CLI prints them, the UI shows them). */
  onReport: (d: Diagnostic) => void = () => {};

  constructor(private readonly now: () => number) {}

  /** Reports `message` unless `key` was reported before. */
  once(key: string, message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    const d = { atSeconds: this.now(), message };
    this.list.push(d);
    this.onReport(d);
  }

  /** Forget what was said (a new run). */
  clear(): void {
    this.list.length = 0;
    this.said.clear();
  }
}
