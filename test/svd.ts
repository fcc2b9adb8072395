/**
 * ST's SVDs (../shared/reference/svd): the registers of an STM32F746 peripheral with their
 * offsets, reset values and access, and the peripherals and interrupts of the STM32F746 and
 * STM32F767, for tests that check Loom's definitions against ST's.
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

/** A part's peripherals and interrupts as its SVD lists them, from STM32F746.svd or F767.svd. */
export interface SvdDevice {
  /** Base address by peripheral name (ST's names: 'Ethernet_MAC', 'OTG_FS_GLOBAL'). */
  bases: Map<string, number>;
  /** Interrupt name by number (ST's names: 'TIM6_DAC', 'HASH_RNG'). */
  interrupts: Map<number, string>;
}

export function svdDevice(part: 'STM32F746' | 'STM32F767'): SvdDevice {
  const xml = readFileSync(
    new URL(`../../shared/reference/svd/${part}.svd`, import.meta.url),
    'utf8',
  );
  const bases = new Map<string, number>();
  const interrupts = new Map<number, string>();
  for (const block of xml.split(/<peripheral[ >]/).slice(1)) {
    bases.set(tag(block, 'name')!, Number(tag(block, 'baseAddress')));
    for (const [, i] of block.matchAll(/<interrupt>([\s\S]*?)<\/interrupt>/g)) {
      interrupts.set(Number(tag(i, 'value')), tag(i, 'name')!);
    }
  }
  return { bases, interrupts };
}
