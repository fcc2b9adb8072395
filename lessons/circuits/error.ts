/** A circuit or card file that cannot be built: names the file and line and says what is wrong. */
export class CircuitError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    /** What is wrong, without the file and line. */
    readonly reason: string,
  ) {
    super(`${file} line ${line}: ${reason}`);
    this.name = 'CircuitError';
  }
}
