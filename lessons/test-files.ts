/** Tests read the lessons' files from disk, as the command line does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ReadText } from './lesson.ts';

export const LESSONS_ROOT = import.meta.dirname;

export const readFromDisk: ReadText = (path) => readFileSync(join(LESSONS_ROOT, path), 'utf8');

/** A file of Loom's tree by its path from the root, as bytes (a demo's program). */
export const programFromDisk = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(join(LESSONS_ROOT, '..', path)));
