import type { Encoding } from '../encoding.ts';

export const ENCODINGS: Encoding[] = [];
