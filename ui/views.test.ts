/**
 * What the screen shows, read as text from the frames the UI draws (no terminal needed): the
 * layout at every size from 80×24 up, the registers after the sum program, the disassembly's
 * marks, the board's LEDs, GPIO decoded as RM0385 6.4.1 defines MODER, the NVIC's interrupts,
 * the stacked exception frame in a handler, the status line, the help.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { CodeCache } from './code-cache.ts';
import { buildFrame, helpOverlay, newViewState, type Frame } from './frame.ts';
import { layout, type PaneId } from './layout.ts';
import { ASM_BLINKY, imageProgram } from './programs.ts';
import { Session } from './session.ts';
import { classify } from './stepping.ts';
import { lineText } from './text.ts';
import { encoding } from './views/disassembly.ts';

const ROOT = join(import.meta.dirname, '..');

function paneText(frame: Frame, id: PaneId): string {
  const pane = frame.panes.find((p) => p.id === id);
  if (pane === undefined) throw new Error(`no ${id} pane`);
  return pane.lines.map(lineText).join('\n');
}

async function open(path: string, base: number, run = false) {
  const s = new Session();
  await s.load(imageProgram(path, readFileSync(path), { base }, run));
  const code = new CodeCache(s.machine!);
  await code.prepare(s.image!);
  return { s, code, view: newViewState() };
}

function runToStop(s: Session): void {
  for (let k = 0; k < 1000 && s.running; k++) s.slice(performance.now() + 50);
}

describe('layout', () => {
  const sizes = [
    [80, 24],
    [100, 30],
    [120, 40],
    [160, 50],
    [220, 60],
    [60, 16],
  ];
  for (const [w, h] of sizes) {
    it(`${w}×${h}: panes inside the screen, none overlapping`, () => {
      for (const fpu of [false, true]) {
        for (let sharedIndex = 0; sharedIndex < 4; sharedIndex++) {
          const plan = layout(w, h, { fpu, sharedIndex });
          const rects = Object.values(plan.rects);
          for (const r of rects) {
            expect(r.left).toBeGreaterThanOrEqual(0);
            expect(r.top).toBeGreaterThanOrEqual(0);
            expect(r.left + r.width).toBeLessThanOrEqual(w);
            expect(r.top + r.height).toBeLessThanOrEqual(plan.statusRow);
            expect(r.height).toBeGreaterThanOrEqual(4);
          }
          for (let i = 0; i < rects.length; i++) {
            for (let j = i + 1; j < rects.length; j++) {
              const a = rects[i];
              const b = rects[j];
              const apart =
                a.left + a.width <= b.left ||
                b.left + b.width <= a.left ||
                a.top + a.height <= b.top ||
                b.top + b.height <= a.top;
              expect(apart).toBe(true);
            }
          }
          expect(plan.rects.disassembly).toBeDefined();
          expect(plan.rects.board).toBeDefined();
          expect(plan.rects[fpu ? 'fpu' : 'registers']).toBeDefined();
          expect(plan.statusRow).toBe(h - 1);
        }
      }
    });
  }

  it('80×24: console, memory, stack and peripherals share one place; more room gives each its own', () => {
    expect(layout(80, 24, { fpu: false, sharedIndex: 0 }).shared).toEqual([
      'console',
      'memory',
      'stack',
      'peripherals',
    ]);
    const big = layout(160, 50, { fpu: true, sharedIndex: 0 });
    expect(big.shared).toEqual([]);
    for (const id of ['registers', 'fpu', 'console', 'memory', 'stack', 'peripherals'] as const) {
      expect(big.rects[id]).toBeDefined();
    }
  });
});

describe('the frame in 80×24', () => {
  it('sum.s at its b .: R0 = 15 in hex and decimal, the PC marked, Z and C set', async () => {
    const { s, code, view } = await open(join(ROOT, 'firmware/sum.s'), 0x2000_0100);
    s.resume();
    runToStop(s);
    const frame = buildFrame(s, view, code, 80, 24);
    const regs = paneText(frame, 'registers');
    expect(regs).toMatch(/^r0 +0000000f +15$/m);
    // The last SUBS made R1 zero: Z = 1, and no borrow: C = 1 (A7.7.174 with AddWithCarry).
    expect(regs).toMatch(/N=0 Z=1 C=1 V=0 Q=0/);
    expect(regs).toMatch(/^Thread, privileged$/m);
    const pc = s.symbols.get('done')!.address;
    expect(regs).toContain(`pc  ${pc.toString(16).padStart(8, '0')} done`);
    const codeText = paneText(frame, 'disassembly');
    // b . is 0xE7FE (B T2, offset -2 halfwords: ARMv7-M ARM A7.7.12).
    expect(codeText).toMatch(/▶ 2000010a {2}e7fe {7}b +#0x2000010a <done>/);
    expect(codeText).toMatch(/^loop:$/m);
    expect(lineText(frame.status)).toMatch(/^■ halted: branch to self \(b \.\) at 0x2000010a/);
    expect(lineText(frame.status)).toContain('18 instr');
    for (const pane of frame.panes) {
      for (const line of pane.lines) {
        expect([...lineText(line)].length).toBeLessThanOrEqual(pane.rect.width - 2);
      }
      expect(pane.lines.length).toBeLessThanOrEqual(pane.rect.height - 2);
      expect(pane.title.length).toBeLessThanOrEqual(pane.rect.width - 4);
    }
    expect([...lineText(frame.status)].length).toBeLessThanOrEqual(80);
  });

  it('marks a breakpoint and highlights the registers a step changed', async () => {
    const { s, code, view } = await open(join(ROOT, 'firmware/sum.s'), 0x2000_0100);
    s.toggleBreakpoint(s.symbols.get('loop')!.address);
    s.step();
    const frame = buildFrame(s, view, code, 80, 24);
    expect(paneText(frame, 'disassembly')).toMatch(/^● {2}20000104 {2}1840 {7}adds/m);
    const pane = frame.panes.find((p) => p.id === 'registers')!;
    const changed = pane.lines.flatMap((l) =>
      l.filter((x) => x.style === 'changed').map((x) => x.text),
    );
    // movs r0, #0 leaves R0 at 0 but moves the PC and sets Z (A7.7.76).
    expect(changed.some((t) => t.startsWith('pc '))).toBe(true);
    expect(changed.some((t) => t.startsWith('xpsr '))).toBe(true);
    expect(changed.some((t) => t.startsWith('r0 '))).toBe(false);
  });

  it('the blinky: LED, GPIO port B decoded, the NVIC, the stacked frame in SysTick', async () => {
    const { s, code, view } = await open(ASM_BLINKY.path, 0x0800_0000, true);
    s.setRealtime(false);
    s.pause();
    s.toggleBreakpoint(s.symbols.get('systick_handler')!.address);
    s.resume();
    runToStop(s);
    let frame = buildFrame(s, view, code, 80, 24);
    expect(paneText(frame, 'registers')).toMatch(/^Handler: SysTick$/m);
    expect(paneText(frame, 'board')).toMatch(/○ {2}LD1 off green/);
    // Stepping through the handler's store to GPIOB_ODR lights LD1.
    for (let k = 0; k < 4; k++) s.step();
    view.sharedIndex = 2;
    frame = buildFrame(s, view, code, 80, 24);
    expect(paneText(frame, 'board')).toMatch(/● {2}LD1 on {2}green/);
    expect(paneText(frame, 'stack')).toMatch(/^2004ffe0 e000e010 frame r0$/m);
    const stack = paneText(buildFrame(s, view, code, 120, 40), 'stack');
    // Entry pushed R0-R3, R12, LR, the return address, xPSR at SP (B1.5.6): R0 was the SysTick
    // base the reset code left in it, the return address the instruction after the WFI.
    const idle = s.symbols.get('idle')!.address;
    expect(stack).toMatch(/^2004ffe0 e000e010 frame r0$/m);
    const ret = (idle + 2).toString(16).padStart(8, '0');
    expect(stack).toMatch(new RegExp(`^2004fff8 ${ret} frame pc$`, 'm'));
    // The stacked xPSR: Thumb bit set, Thread mode, flags clear.
    expect(stack).toMatch(/^2004fffc 01000000 frame xpsr$/m);
    view.sharedIndex = 3;
    frame = buildFrame(s, view, code, 80, 24);
    const gpio = paneText(frame, 'peripherals');
    // MODER: PB0, PB7, PB14 written 01 (output); PB3, PB4 reset to 10 (alternate: the debug
    // port's SWO and NJTRST, RM0385 6.4.1 reset value 0x0000_0280).
    expect(gpio).toMatch(/^mode OIIFFIIOIIIIIIOI$/m);
    expect(gpio).toMatch(/^out {2}1000000000000000$/m);
    view.page = 'nvic';
    frame = buildFrame(s, view, code, 160, 50);
    const nvic = paneText(frame, 'peripherals');
    // EXTI15_10 is IRQ 40 (RM0385 table 40), enabled by the firmware's NVIC_ISER1 bit 8.
    expect(nvic).toMatch(/IRQ 40 EXTI15_10 +en/);
    expect(nvic).toMatch(/SysTick +- +\. +act/);
  });

  it('the help lists the keys, and fits 80×24', () => {
    const help = helpOverlay(80);
    expect(help.lines.length + 2).toBeLessThanOrEqual(23);
    const text = help.lines.map(lineText).join('\n');
    for (const key of ['F5', 'F10', 'F11', 'S-F11', 'F9', 'q']) expect(text).toContain(key);
    for (const line of help.lines) expect(lineText(line).length + 1).toBeLessThanOrEqual(76);
  });
});

describe('instructions a debugger steps over and out of (ARMv7-M ARM A7.7)', () => {
  it('knows calls and returns by their encodings', () => {
    expect(classify(0xf000, 0xf800).kind).toBe('call'); // BL (T1)
    expect(classify(0x4780, 0).kind).toBe('call'); // BLX r0
    expect(classify(0x4770, 0)).toMatchObject({ kind: 'return', viaLr: true }); // BX LR
    expect(classify(0xbd10, 0).kind).toBe('return'); // POP {r4, pc}
    expect(classify(0xe8bd, 0x8010).kind).toBe('return'); // POP.W {r4, pc}
    expect(classify(0xf85d, 0xfb04).kind).toBe('return'); // LDR pc, [sp], #4
    expect(classify(0xf000, 0xb800).kind).toBe('other'); // B.W (T4)
    expect(classify(0x4700, 0).kind).toBe('other'); // BX r0
    expect(classify(0xbc10, 0).kind).toBe('other'); // POP {r4}
  });

  it('shows raw encodings as the manual writes them: halfwords, first one first', () => {
    const bytes = new Uint8Array([0x00, 0xf0, 0x00, 0xf8]);
    expect(encoding({ address: 0, size: 4, bytes, mnemonic: 'bl', operands: '' })).toBe(
      'f000 f800',
    );
    const word = new Uint8Array([0x00, 0x00, 0x05, 0x20]);
    expect(encoding({ address: 0, size: 4, bytes: word, mnemonic: '.word', operands: '' })).toBe(
      '20050000',
    );
  });
});
