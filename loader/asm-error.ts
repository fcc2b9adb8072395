/** Source that keystone cannot assemble: the reason, and the line (1-based) and its text. */
export class AssemblyError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly text?: string,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}: ${(text ?? '').trim()}`);
    this.name = 'AssemblyError';
  }
}
