/** Tests read the lessons' files from disk, as the command line does. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ReadText } from './lesson.ts';

export const LESSONS_ROOT = import.meta.dirname;

export const readFromDisk: ReadText = (path) => readFileSync(join(LESSONS_ROOT, path), 'utf8');
