/**
 * A file Loom cannot load: malformed, truncated, foreign, or aimed outside memory. The message is
 * one sentence that starts with the file's name, fit to show as is (no stack trace needed).
 */
export class LoaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoaderError';
  }
}

/** 0x-prefixed, eight hex digits: how Loom writes addresses. */
export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}
