/**
 * `loom run`'s board options, in-process through a fake Io, on the demos in firmware/build
 * (firmware/demos.test.ts checks that they are the fresh builds). Expected times come from the
 * demos' sources: clocks, busy-wait counts, the presses given on the command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { LoaderError } from '../loader/error.ts';
import type { Io } from './io.ts';
import { main } from './main.ts';

const BUILD = join(import.meta.dirname, '..', 'firmware', 'build');
const demo = (name: string) => join(BUILD, `${name}.elf`);

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
  written: Map<string, string>;
  wallSeconds: number;
}

/** Runs `loom run ...args`; files on disk are read, `extra` adds files by name. */
async function run(args: string[], extra: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const decoder = new TextDecoder();
  const io: Io = {
    stdout: (d) => void (stdout += typeof d === 'string' ? d : decoder.decode(d)),
    stderr: (t) => void (stderr += t),
    readFile(path) {
      if (path in extra) return new TextEncoder().encode(extra[path]);
      try {
        return readFileSync(path);
      } catch {
        throw new LoaderError(`${path}: no such file`);
      }
    },
    writeFile: (path, data) => void written.set(path, decoder.decode(data)),
  };
  const start = performance.now();
  const status = await main(['run', ...args], io);
  return { status, stdout, stderr, written, wallSeconds: (performance.now() - start) / 1000 };
}

/** The busy-wait of blinky-registers.c: 2,666,667 loops of 3 cycles at 16 MHz. */
const HALF_PERIOD = (2_666_667 * 3) / 16e6;

describe('--max-time', () => {
  it('stops at that much emulated time: 1.2 s at 16 MHz is 19,200,000 cycles', async () => {
    const r = await run([demo('blinky-registers'), '--max-time', '1.2', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.stop).toEqual({
      kind: 'max-time',
      message: 'reached 1.2 s of emulated time (--max-time 1.2)',
    });
    // The stop comes at the end of the instruction that reaches the cycle (at most 3 cycles).
    expect(report.cycles - 19_200_000).toBeGreaterThanOrEqual(0);
    expect(report.cycles - 19_200_000).toBeLessThanOrEqual(3);
  });

  it('does not keep a core alive that nothing can wake: it halts', async () => {
    const r = await run([demo('button-exti'), '--max-time', '5', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.stop.kind).toBe('halted');
    expect(report.cycles).toBeLessThan(16_000); // asleep at once, long before 5 s
  });

  it('refuses a time that is not a number of seconds', async () => {
    const r = await run([demo('sum'), '--max-time', '2s']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--max-time: '2s' is not a time in seconds");
  });
});

describe('--vcd', () => {
  /** The parts of a VCD file: variables by identifier, and the changes in time order. */
  function parseVcd(text: string) {
    const [header, body] = text.split('$enddefinitions $end\n');
    const vars = new Map<string, string>();
    const scopes: string[] = [];
    for (const m of header.matchAll(/\$scope module (\S+) \$end|\$var wire 1 (\S+) (\S+) \$end/g)) {
      if (m[1] !== undefined) scopes.push(m[1]);
      else vars.set(m[2], `${scopes.at(-1)}.${m[3]}`);
    }
    const changes: { ns: number; name: string; level: number }[] = [];
    let ns = 0;
    for (const line of body.split('\n')) {
      if (line.startsWith('#')) ns = Number(line.slice(1));
      else if (/^[01]/.test(line)) {
        changes.push({ ns, name: vars.get(line.slice(1))!, level: Number(line[0]) });
      }
    }
    return { header, scopes, vars, changes };
  }

  it('declares every GPIO pin and the board nets, then their changes in ns', async () => {
    const r = await run([demo('blinky-registers'), '--max-time', '1.2', '--vcd', 'out.vcd']);
    expect(r.status).toBe(0);
    const vcd = parseVcd(r.written.get('out.vcd')!);
    expect(vcd.header).toContain('$timescale 1 ns $end');
    const ports = 'ABCDEFGHIJK'.split('').map((l) => `GPIO${l}`);
    expect(vcd.scopes).toEqual(['NUCLEO-F746ZG', ...ports]);
    expect(vcd.vars.size).toBe(4 + 11 * 16); // identifiers are unique
    expect([...vcd.vars.values()].slice(0, 4)).toEqual(
      ['LD1', 'LD2', 'LD3', 'B1'].map((n) => `NUCLEO-F746ZG.${n}`),
    );
    const initial = vcd.changes.filter((c) => c.ns === 0 && c.name === 'GPIOB.PB0');
    expect(initial).toEqual([{ ns: 0, name: 'GPIOB.PB0', level: 0 }]);
    const led = vcd.changes.filter((c) => c.name === 'NUCLEO-F746ZG.LD1' && c.ns > 0);
    const pin = vcd.changes.filter((c) => c.name === 'GPIOB.PB0' && c.ns > 0);
    expect(led.map((c) => c.level)).toEqual([1, 0, 1]);
    expect(pin.map((c) => [c.ns, c.level])).toEqual(led.map((c) => [c.ns, c.level]));
    expect(led[0].ns).toBeLessThan(10_000);
    for (let k = 1; k < led.length; k++) {
      expect(Math.abs((led[k].ns - led[k - 1].ns) / 1e9 - HALF_PERIOD)).toBeLessThan(1e-6);
    }
  });

  it("names another board's nets", async () => {
    const args = [demo('sum'), '--board', 'stm32f746g-disco', '--vcd', 'disco.vcd'];
    const vcd = parseVcd((await run(args)).written.get('disco.vcd')!);
    expect(vcd.scopes[0]).toBe('STM32F746G-DISCO');
    expect([...vcd.vars.values()].slice(0, 2)).toEqual([
      'STM32F746G-DISCO.LD1',
      'STM32F746G-DISCO.B1',
    ]);
  });
});

describe('--press, --release and --trace-gpio', () => {
  it('presses B1 at the times given; the firmware toggles LD2 on each press', async () => {
    const r = await run([
      demo('button-exti'),
      '--press',
      'B1@0.25+0.1',
      '--press',
      'B1@0.6',
      '--release',
      'B1@0.65',
      '--trace-gpio',
    ]);
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => / s {2}(B1|LD2) /.test(l));
    const at = (l: string) => Number(l.split(' ')[0]);
    expect(lines.map((l) => l.slice(l.indexOf('  ') + 2))).toEqual([
      'B1 pressed',
      'LD2 lit',
      'B1 released',
      'B1 pressed',
      'LD2 dark',
      'B1 released',
    ]);
    expect(lines.map(at).filter((_, k) => k % 3 !== 1)).toEqual([0.25, 0.35, 0.6, 0.65]);
    // The EXTI15_10 interrupt runs within a few microseconds of the press.
    for (const k of [1, 4]) expect(at(lines[k]) - at(lines[k - 1])).toBeLessThan(20e-6);
    expect(r.stderr).toContain('PC13 1');
    expect(r.stderr).toMatch(/^halted: the core sleeps/m);
  });

  it('names the button that the board lacks', async () => {
    const r = await run([demo('button-exti'), '--press', 'B2@1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--press: NUCLEO-F746ZG has no button B2 (it has B1)');
  });

  it('refuses an unknown board', async () => {
    const r = await run([demo('sum'), '--board', 'pyboard']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--board: no board 'pyboard'");
  });
});

describe('the console', () => {
  const hello = 'Hello from the STM32F746 at 216 MHz!\nType: what you type comes back.\n';

  it('prints USART3 on stdout and sends --uart-in TEXT to its RX', async () => {
    const r = await run([demo('uart-hello'), '--uart-in', 'echo me']);
    expect(r.stdout).toBe(`${hello}echo me`);
    expect(r.stderr).toMatch(/^halted: /);
  });

  it('reads --uart-in from a file, and keeps the console in the JSON report', async () => {
    const r = await run([demo('uart-hello'), '--uart-in', 'typed.txt', '--json'], {
      'typed.txt': 'from a file\n',
    });
    expect(JSON.parse(r.stdout).console).toBe(`${hello}from a file\n`);
  });

  it('sends --uart-in from --uart-in-at: at 0.5 s + 4.5 frames, three characters are back', async () => {
    // Character k arrives k frames after 0.5 s and its echo leaves one frame later; a frame is
    // 10 bits at 115200 baud (BRR 469 at 54 MHz): 86.85 us.
    const frame = (10 * 469) / 54e6;
    const at = (0.5 + 4.5 * frame).toFixed(7);
    const args = ['--uart-in', 'later', '--uart-in-at', '0.5', '--max-time', at, '--json'];
    const report = JSON.parse((await run([demo('uart-hello'), ...args])).stdout);
    expect(report.stop.kind).toBe('max-time');
    expect(report.console).toBe(`${hello}lat`);
  });

  it('prints diagnostics on stderr as they happen', async () => {
    const r = await run([demo('blinky-pll-wrong'), '--max-time', '0.01']);
    expect(r.stderr).toMatch(
      /^loom: PLL input 0\.32 MHz \(source \/ PLLM 25\) is outside 0\.95-2\.1 MHz \(at 0\.0000\d\d s\)$/m,
    );
  });
});

describe('--realtime', () => {
  it('paces emulated time to the wall clock', async () => {
    const r = await run([demo('blinky-registers'), '--max-time', '0.5', '--realtime', '--json']);
    expect(JSON.parse(r.stdout).stop.kind).toBe('max-time');
    expect(r.wallSeconds).toBeGreaterThanOrEqual(0.48);
  });

  it('ends like an unpaced run when nothing can wake the core', async () => {
    const r = await run([demo('button-exti'), '--realtime', '--json']);
    expect(JSON.parse(r.stdout).stop.kind).toBe('halted');
  });
});
