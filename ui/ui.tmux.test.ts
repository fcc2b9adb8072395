/**
 * `loom ui` in a real terminal: tmux runs it, keys go in with `send-keys`, and the screen is
 * read back with `capture-pane`, as a user would see it. Expected values come from the
 * programs' sources (sum.s ends with R0 = 15 at its `b .`; the blinky's SysTick toggles LD1
 * every 8,000,000 cycles of the 16 MHz HSI, 0.5 s), never from an earlier run.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { START_MS, Terminal } from './tmux.ts';

const LOOM = 'node bin/loom.mjs ui';
let open: Terminal[] = [];
let count = 0;

function terminal(command: string, width?: number, height?: number): Terminal {
  const t = new Terminal(`t${count++}`, command, width, height);
  open.push(t);
  return t;
}

afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

describe.sequential('loom ui in tmux', () => {
  it('steps sum.s to its b . and shows R0 = 15 and the PC there', async () => {
    const t = terminal(`${LOOM} firmware/sum.s --base 0x20000100`);
    await t.waitFor(/paused: ready at 0x20000100/, START_MS);
    // movs, movs, then five rounds of adds, subs, bne: 17 instructions to reach the b .
    for (let k = 0; k < 17; k++) t.keys('s');
    const screen = await t.waitFor(/17 instr/);
    expect(screen).toMatch(/│r0 +0000000f +15│/);
    expect(screen).toMatch(/│pc +2000010a done/);
    expect(screen).toMatch(/▶ 2000010a {2}e7fe {7}b +#0x2000010a <done>/);
    t.keys('F11');
    await t.waitFor(/halted: branch to self \(b \.\) at 0x2000010a/);
  });

  it('stops at a breakpoint set with F9 on a line found with g', async () => {
    const t = terminal(`${LOOM} firmware/sum.s --base 0x20000100`);
    await t.waitFor(/paused: ready/, START_MS);
    t.keys('g', 'loop', 'Enter');
    t.keys('F9');
    await t.waitFor(/● {2}20000104 {2}1840/);
    t.keys('F5');
    let screen = await t.waitFor(/paused: breakpoint at 0x20000104 <loop>/);
    expect(screen).toMatch(/│r0 +00000000 +0│/);
    t.keys('c');
    screen = await t.waitFor(/│r0 +00000005 +5│/);
    expect(screen).toMatch(/paused: breakpoint at 0x20000104 <loop>/);
  });

  it('a click at the left edge of a code line sets a breakpoint there', async () => {
    const t = terminal(`${LOOM} firmware/sum.s --base 0x20000100`);
    await t.waitFor(/paused: ready/, START_MS);
    // The code pane is drawn once the disassembler is ready: click on its line, not before.
    await t.waitFor(/ {3}20000104 {2}1840 /);
    const row = t
      .screen()
      .split('\n')
      .findIndex((l) => l.includes('20000104'));
    const column = t.screen().split('\n')[row].indexOf('20000104') - 3;
    // An X10 mouse report (the mode blessed asks tmux for): ESC [ M, then the button, the column
    // and the row, each plus 32 and 1-based. A press, then the release (button 3).
    const at = String.fromCharCode(32 + column + 1, 32 + row + 1);
    t.keys('-l', `\x1b[M ${at}`);
    t.keys('-l', `\x1b[M#${at}`);
    await t.waitFor(/● {2}20000104 {2}1840/);
  });

  it('opens the blinky by default: LD1 changes state every 0.5 s of emulated time', async () => {
    const t = terminal(LOOM);
    await t.waitFor(/blinky-systick\.elf/, START_MS);
    await t.waitFor(/▶ running \(real time\)/);
    // blinky-systick.c toggles LD1 on every 500th SysTick of 1 ms: the board pane shows LD1 and
    // the emulated time of the same moment, lit from 0.5 s to 1 s, dark to 1.5 s, and so on
    // (give or take the few instructions between the 500th tick and the toggle).
    const changes: boolean[] = [];
    let last: boolean | undefined;
    const start = Date.now();
    while (changes.length < 3 && Date.now() - start < 40_000) {
      const screen = t.screen();
      const lit = /● {2}LD1 on/.test(screen);
      const seconds = Number(/time +([0-9.]+) s\b/.exec(screen)?.[1]);
      if (!Number.isNaN(seconds) && seconds % 0.5 > 0.001) {
        expect(lit).toBe(Math.floor(seconds / 0.5) % 2 === 1);
        if (last !== undefined && lit !== last) changes.push(lit);
        last = lit;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(changes.length).toBe(3);
  });

  it('B1 (key 1) toggles LD2 in button-exti', async () => {
    const t = terminal(`${LOOM} firmware/build/button-exti.elf --run`);
    await t.waitFor(/▶ running/, START_MS);
    expect(t.screen()).toMatch(/○ {2}LD2 off blue/);
    // Let the firmware set EXTI13 up (a press before that is not seen, as on the board).
    await t.waitFor(/time +(0\.[1-9]|[1-9])[0-9.]* s/);
    t.keys('1');
    await t.waitFor(/● {2}LD2 on {2}blue/);
    await t.waitFor(/B1 up/);
    t.keys('1');
    await t.waitFor(/○ {2}LD2 off blue/);
  });

  it('loads the sum program from the menu', async () => {
    const t = terminal(LOOM);
    await t.waitFor(/▶ running/, START_MS);
    t.keys('l');
    const menu = await t.waitFor(/Load a demo/);
    const key = /│ (\w) +sum\.s +1 \+ 2/.exec(menu)?.[1];
    expect(key).toBeDefined();
    t.keys(key!);
    await t.waitFor(/Code {2}sum\.s/);
    await t.waitFor(/paused: ready at 0x20000100/);
    t.keys('c');
    const screen = await t.waitFor(/halted: branch to self/);
    expect(screen).toMatch(/│r0 +0000000f +15│/);
  });

  it('shows the help over the screen, and any key closes it', async () => {
    const t = terminal(`${LOOM} firmware/b-dot.s --base 0x20000100`);
    await t.waitFor(/paused: ready/, START_MS);
    t.keys('?');
    const screen = await t.waitFor(/Keys/);
    expect(screen).toMatch(/F10 n +step over a call/);
    expect(screen).toMatch(/S-F11 o step out/);
    t.keys('x');
    const after = await t.waitWhile(/Keys/);
    expect(after).toMatch(/Registers/);
    expect(after).not.toMatch(/step over a call/);
  });

  it('an image it cannot load is a message in the UI, not a stack trace', async () => {
    const t = terminal(`${LOOM} no-such-file.elf`);
    const screen = await t.waitFor(/no program/, START_MS);
    expect(screen).toMatch(/no-such-file\.elf: no such file/);
    expect(screen).not.toMatch(/at .*\.ts:\d+/);
    t.keys('q');
    await t.waitFor(/EXIT=0/);
  });

  for (const [how, key] of [
    ['q', 'q'],
    ['Ctrl-C', 'C-c'],
  ]) {
    it(`quitting with ${how} gives the terminal back as it was`, async () => {
      const t = terminal(LOOM);
      await t.waitFor(/▶ running/, START_MS);
      expect(t.flag('alternate_on')).toBe('1');
      t.keys(key);
      const screen = await t.waitFor(/EXIT=0/);
      expect(screen).toMatch(/^BEFORE-THE-UI$/m);
      expect(screen).not.toMatch(/Registers|LD1/);
      expect(t.flag('alternate_on')).toBe('0');
      expect(t.flag('cursor_flag')).toBe('1');
      expect(t.flag('mouse_any_flag')).toBe('0');
      expect(t.flag('mouse_standard_flag')).toBe('0');
    });
  }
});
