/**
 * `loom run` end to end: the real executable (bin/loom.mjs) in a child process, as a user or a
 * script runs it. Expected values come from the sources, never from an earlier run's output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { assembleListing, type Assembly } from '../loader/asm.ts';
import { REGISTER_NAMES } from './registers.ts';

const ROOT = join(import.meta.dirname, '..');
const SUM = 'firmware/sum.s';
const BDOT = 'firmware/b-dot.s';
const BASE = 0x20000100;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function loom(...args: string[]): Result {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  stop: { kind: string; message: string };
  steps: number;
  cycles: number;
  registers: Record<string, number>;
  memory: { addr: number; hex: string }[];
  console: string;
}

/** Runs with --json: stdout must be exactly one JSON object, and stderr empty. */
function loomJson(...args: string[]): Json & { status: number | null } {
  const r = loom(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return { ...(JSON.parse(r.stdout) as Json), status: r.status };
}

let sum: Assembly;
/** The address of the line of sum.s that matches `pattern`, from the assembler's listing. */
const addressOf = (pattern: RegExp) => sum.lines.find((l) => pattern.test(l.source))!.address!;

const tmp = mkdtempSync(join(tmpdir(), 'loom-run-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  sum = await assembleListing(readFileSync(join(ROOT, SUM), 'utf8'), BASE);
});

describe('loom run firmware/sum.s --base 0x20000100', () => {
  it('ends with R0 = 15 and the PC on the b .', () => {
    const r = loomJson('run', SUM, '--base', '0x20000100');
    expect(r.status).toBe(0);
    expect(r.stop.kind).toBe('halted');
    expect(r.registers.r0).toBe(15);
    expect(r.registers.pc).toBe(addressOf(/^\S*:?\s*b\s+\.\s*(@.*)?$/));
    expect(r.registers.sp).toBe(0x20050000);
    expect(r.console).toBe('');
    expect(r.memory).toEqual([]);
  });

  it('reports every register by its lower-case name, as an unsigned number', () => {
    const r = loomJson('run', SUM, '--set', 'r7=-1', '--set', 'xpsr=0xf9000000', '--steps', '0');
    expect(Object.keys(r.registers)).toEqual([...REGISTER_NAMES]);
    for (const v of Object.values(r.registers)) {
      expect(Number.isInteger(v) && v >= 0 && v <= 0xffffffff).toBe(true);
    }
    expect(r.registers.r7).toBe(0xffffffff);
    expect(r.registers.xpsr).toBe(0xf9000000);
    expect(r.registers.lr).toBe(0xffffffff);
  });

  it('without --json: nothing on stdout, the report with decoded flags on stderr', () => {
    const r = loom('run', SUM, '--base', '0x20000100');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('halted: branch to self (b .)');
    expect(r.stderr).toMatch(/r0 0x0000000f +15/);
    expect(r.stderr).toMatch(/pc 0x[0-9a-f]{8} <done>/);
    expect(r.stderr).toContain('N=0 Z=1 C=1 V=0 Q=0 GE=0000 T=1 IT=none IPSR=0');
    expect(r.stderr).toContain('Thread mode, privileged');
  });
});

describe('--steps, --until, --set, --poke, --dump', () => {
  it('--steps N executes exactly N instructions', () => {
    // movs, movs, adds (r0 = 5), subs (r1 = 4), bne: back at loop.
    const r = loomJson('run', SUM, '--steps', '5');
    expect(r.stop.kind).toBe('steps');
    expect(r.steps).toBe(5);
    expect(r.registers.r0).toBe(5);
    expect(r.registers.r1).toBe(4);
    expect(r.registers.pc).toBe(addressOf(/^loop:/));
    const zero = loomJson('run', SUM, '--steps', '0');
    expect([zero.steps, zero.registers.pc, zero.registers.r1]).toEqual([0, BASE, 0]);
  });

  it('--steps counts each instruction of an IT block, executed or not', () => {
    const source = file(
      'it.s',
      ['cmp r0, #0', 'ite eq', 'moveq r1, #1', 'movne r1, #2', 'adds r2, #1', 'b .'].join('\n'),
    );
    const r = loomJson('run', source, '--steps', '4');
    expect(r.steps).toBe(4);
    expect(r.registers.pc).toBe(BASE + 8); // cmp, ite, moveq, movne: 2 bytes each
    expect(r.registers.r1).toBe(1);
    expect(r.registers.r2).toBe(0);
  });

  it('--steps beyond the end stops where the program halts', () => {
    const r = loomJson('run', BDOT, '--steps', '1000');
    expect([r.stop.kind, r.steps]).toEqual(['halted', 1]);
  });

  it('--until stops at a symbol or an address, before executing it', () => {
    const loop = loomJson('run', SUM, '--until', 'loop');
    expect(loop.stop.kind).toBe('breakpoint');
    expect([loop.registers.pc, loop.steps, loop.registers.r0, loop.registers.r1]).toEqual([
      addressOf(/^loop:/),
      2,
      0,
      5,
    ]);
    const done = loomJson('run', SUM, '--until', `0x${addressOf(/^done:/).toString(16)}`);
    expect([done.stop.kind, done.registers.pc, done.registers.r0]).toEqual([
      'breakpoint',
      addressOf(/^done:/),
      15,
    ]);
  });

  it('--set sets registers before the run', () => {
    const r = loomJson(
      'run',
      BDOT,
      '--set',
      'r3=0x1234',
      '--set',
      'R12=42',
      '--set',
      'sp=0x20001000',
    );
    expect([r.registers.r3, r.registers.r12, r.registers.sp, r.registers.msp]).toEqual([
      0x1234, 42, 0x20001000, 0x20001000,
    ]);
  });

  it('--set and the report take the FP registers: S0-S31 as bits, FPSCR', () => {
    const r = loomJson('run', BDOT, '--set', 's31=0x3fc00000', '--set', 'FPSCR=0xffffffff');
    // FPSCR keeps only the bits the M profile has.
    expect([r.registers.s31, r.registers.s0, r.registers.fpscr]).toEqual([
      0x3fc00000, 0, 0xf7c0009f,
    ]);
    expect(loom('run', BDOT, '--set', 's31=0x3fc00000').stderr).toMatch(/s31 0x3fc00000 +1\.5\b/);
  });

  it('--poke writes words before the run, over code too', () => {
    // movs r0, #7 (0x2007) then b . (0xE7FE), over the b . of b-dot.s.
    const r = loomJson('run', BDOT, '--poke', '0x20000100=0xe7fe2007', '--poke', '0x20001000=3054');
    expect(r.registers.r0).toBe(7);
    expect(r.registers.pc).toBe(BASE + 2);
  });

  it('--dump shows memory after the run, as {addr, hex}', () => {
    const r = loomJson(
      'run',
      SUM,
      '--dump',
      '0x20000100:4',
      '--poke',
      '0x20001000=0xdeadbeef',
      '--dump',
      '0x20001000:4',
      '--dump',
      'done:2',
    );
    const code = Array.from(sum.code.subarray(0, 4), (b) => b.toString(16).padStart(2, '0'));
    expect(r.memory).toEqual([
      { addr: BASE, hex: code.join('') },
      { addr: 0x20001000, hex: 'efbeadde' },
      { addr: addressOf(/^done:/), hex: 'fee7' },
    ]);
  });
});

describe('exit status and messages', () => {
  it('1 for a fault', () => {
    const r = loomJson('run', file('udf.s', 'movs r0, #1\nudf #0\n'));
    expect(r.status).toBe(1);
    expect(r.stop.kind).toBe('fault');
    expect(r.stop.message).toContain('UNDEFINSTR');
    expect(r.registers.pc).toBe(BASE + 2);
  });

  it('2 for an unknown option, naming it, with nothing on stdout', () => {
    const r = loom('run', SUM, '--frobnicate', '3');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('loom run: unknown option --frobnicate for loom run (loom help run)\n');
  });

  it('2 for a file Loom cannot load: one sentence, no stack trace', () => {
    const elf64 = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, ...new Array(57).fill(0)]);
    const r = loom('run', file('fw.elf', elf64));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `loom run: ${join(tmp, 'fw.elf')}: a 64-bit ELF; Loom runs 32-bit ARM ELF files\n`,
    );
    const missing = loom('run', 'no-such-file.elf');
    expect([missing.status, missing.stderr]).toEqual([
      2,
      'loom run: no-such-file.elf: no such file\n',
    ]);
    const bad = loom('run', file('bad.s', 'movs r0, #1\n  frob r2\n'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      `loom run: ${join(tmp, 'bad.s')} line 2: unknown instruction: frob r2\n`,
    );
  });

  it('npm start opens the terminal UI (on the blinky: ui/ui.tmux.test.ts)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('node bin/loom.mjs ui');
    expect(pkg.bin.loom).toBe('bin/loom.mjs');
    const bin = readFileSync(join(ROOT, 'bin/loom.mjs'), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
