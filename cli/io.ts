/** What the commands touch of the outside world, so that tests can run them in-process. */
import { readFileSync, writeFileSync } from 'node:fs';

import { LoaderError } from '../loader/error.ts';

export interface Io {
  /** The program's output: the firmware's console, listings, JSON. */
  stdout(data: string | Uint8Array): void;
  /** Loom's own report and messages. */
  stderr(text: string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
}

function fileError(path: string, e: unknown): LoaderError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'a directory, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (e as Error).message;
  return new LoaderError(`${path}: ${why}`);
}

export const nodeIo: Io = {
  stdout: (data) => void process.stdout.write(data),
  stderr: (text) => void process.stderr.write(text),
  readFile(path) {
    try {
      const b = readFileSync(path);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      throw fileError(path, e);
    }
  },
  writeFile(path, data) {
    try {
      writeFileSync(path, data);
    } catch (e) {
      throw fileError(path, e);
    }
  },
};
