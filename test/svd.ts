/**
 * ST's SVD for the STM32F746 (../shared/reference/svd): the registers of a peripheral with
 * their offsets, reset values and access, for tests that check Loom's definitions against ST's.
 */
import { readFileSync } from 'node:fs';

export interface SvdRegister {
  name: string;
  offset: number;
  resetValue: number;
  access: string;
}

const SVD = new URL('../../shared/reference/svd/STM32F746.svd', import.meta.url);
let text: string | undefined;

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(xml)?.[1];

/** The registers ST lists for `peripheral` (following `derivedFrom`). */
export function svdRegisters(peripheral: string): SvdRegister[] {
  text ??= readFileSync(SVD, 'utf8');
  const block = text
    .split('<peripheral')
    .slice(1)
    .find((b) => tag(b, 'name') === peripheral);
  if (block === undefined) throw new Error(`${peripheral} is not in the SVD`);
  const derived = /^[^>]*derivedFrom="(\w+)"/.exec(block)?.[1];
  if (derived !== undefined) return svdRegisters(derived);
  return [...block.matchAll(/<register>([\s\S]*?)<\/register>/g)].map(([, r]) => ({
    name: tag(r, 'name')!,
    offset: Number(tag(r, 'addressOffset')),
    resetValue: Number(tag(r, 'resetValue')),
    access: tag(r, 'access') ?? 'read-write',
  }));
}
