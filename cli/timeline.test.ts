/**
 * Moments of emulated time on a machine whose firmware changes the clock: blinky-pll.elf goes
 * from the 16 MHz HSI to 216 MHz in its first microseconds, so a moment set before the switch
 * must still fall at its time in seconds, not at the cycle the 16 MHz clock would give.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { loadImage, startImage } from '../loader/image.ts';
import { Timeline } from './timeline.ts';

const BUILD = join(import.meta.dirname, '..', 'firmware', 'build');

async function boot(name: string): Promise<Machine> {
  const machine = new Machine();
  const path = join(BUILD, `${name}.elf`);
  startImage(machine, await loadImage(machine, path, readFileSync(path)));
  return machine;
}

function runToStop(machine: Machine): void {
  do machine.run(10_000_000);
  while (machine.cpu.stopped === null);
}

describe('Timeline', () => {
  it('keeps its moments in seconds across a clock change (16 -> 216 MHz)', async () => {
    const machine = await boot('blinky-pll');
    const timeline = new Timeline(machine);
    const seen: number[] = [];
    timeline.at(0.03, () => seen.push(machine.seconds));
    timeline.stopAt(0.05);
    expect(machine.hclkHz).toBe(16e6);
    runToStop(machine);
    expect(machine.hclkHz).toBe(216e6);
    // Each moment comes at the end of the instruction that reaches it: a few cycles of 216 MHz.
    const cycle = 1 / 216e6;
    expect(seen).toHaveLength(1);
    expect(seen[0] - 0.03).toBeGreaterThanOrEqual(0);
    expect(seen[0] - 0.03).toBeLessThanOrEqual(4 * cycle);
    expect(machine.cpu.stopped?.kind).toBe('request');
    expect(machine.seconds - 0.05).toBeGreaterThanOrEqual(0);
    expect(machine.seconds - 0.05).toBeLessThanOrEqual(4 * cycle);
  });

  it('wakes a sleeping core for an event, but a stop alone does not keep it alive', async () => {
    const machine = await boot('button-exti');
    const timeline = new Timeline(machine);
    timeline.at(0.5, () => machine.chip.press('B1', true));
    timeline.stopAt(10);
    runToStop(machine);
    // Pressed at 0.5 s: LD2 toggles; then only the stop is ahead, and the core sleeps: halted.
    expect(machine.chip.ledLit('LD2')).toBe(true);
    expect(machine.cpu.stopped?.kind).toBe('halted');
    expect(machine.seconds).toBeLessThan(0.501);
  });
});
