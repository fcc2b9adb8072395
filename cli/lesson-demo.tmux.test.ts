/**
 * `loom lesson N` for a machine lesson in a real terminal (tmux): the text, then Enter opens the
 * terminal UI on the lesson's demo program, paused; q quits back to the shell. Expected values
 * come from the demo's source (punched.s: movs r0, #0, then movs r1, #5).
 */
import { afterEach, describe, expect, it } from 'vitest';

import { START_MS, Terminal } from '../ui/tmux.ts';

let terminal: Terminal | undefined;

afterEach(() => terminal?.close());

describe('loom lesson in a terminal', () => {
  it('opens the demo of lesson 8 in the terminal UI after its text', async () => {
    const t = (terminal = new Terminal('lesson8', 'node bin/loom.mjs lesson 8', 120, 40));
    await t.waitFor(
      /Enter opens the terminal UI on lessons\/08-machine-code\/punched\.bin, paused/,
      START_MS,
    );
    t.keys('Enter');
    // The raw bytes decode as the instructions punched.s writes as numbers.
    const screen = await t.waitFor(/paused: ready at 0x20000100/, START_MS);
    expect(screen).toMatch(/▶ 20000100 {2}2000 {7}movs +r0, #0/);
    expect(screen).toMatch(/20000102 {2}2105 {7}movs +r1, #5/);
    t.keys('s', 's');
    await t.waitFor(/│r1 +00000005 +5 *│/);
    t.keys('q');
    await t.waitFor(/EXIT=0/);
  });

  it('Ctrl-C at the prompt ends the command as an interrupt (status 130)', async () => {
    const t = (terminal = new Terminal('lesson9', 'node bin/loom.mjs lesson 9', 120, 40));
    await t.waitFor(/Enter opens the terminal UI on /, START_MS);
    t.keys('C-c');
    await t.waitFor(/EXIT=130/);
  });
});
