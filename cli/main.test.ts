/** The commands in-process, through a fake Io: options, errors, asm, disasm, help. */
import { describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { assemble } from '../loader/asm.ts';
import { LoaderError } from '../loader/error.ts';
import { parseArgs } from './args.ts';
import { execute } from './execute.ts';
import type { Io } from './io.ts';
import { main } from './main.ts';
import { parseAddress, parseCount, parseWord } from './numbers.ts';

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
  written: Map<string, Uint8Array>;
}

/** Runs `loom ...args` with these files (name -> text or bytes) as the file system. */
async function loom(
  files: Record<string, string | Uint8Array>,
  ...args: string[]
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, Uint8Array>();
  const io: Io = {
    stdout: (d) => void (stdout += typeof d === 'string' ? d : new TextDecoder().decode(d)),
    stderr: (t) => void (stderr += t),
    readFile(path) {
      const f = files[path];
      if (f === undefined) throw new LoaderError(`${path}: no such file`);
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeFile: (path, data) => void written.set(path, data),
  };
  const status = await main(args, io);
  return { status, stdout, stderr, written };
}

const SUM = [
  'start:  movs r0, #0',
  '        movs r1, #5',
  'loop:   adds r0, r0, r1',
  '        subs r1, r1, #1',
  '        bne loop',
  'done:   b .',
].join('\n');

const json = (r: Captured) => JSON.parse(r.stdout);

describe('numbers and arguments', () => {
  it('reads hex, decimal, binary and negative words', () => {
    expect(parseWord('0x1F', 'x')).toBe(31);
    expect(parseWord('31', 'x')).toBe(31);
    expect(parseWord('0b11111', 'x')).toBe(31);
    expect(parseWord('-1', 'x')).toBe(0xffffffff);
    expect(parseWord('0xffff_ffff', 'x')).toBe(0xffffffff);
    expect(() => parseWord('0x100000000', '--set r0')).toThrow(
      '--set r0: 0x100000000 does not fit in 32 bits',
    );
    expect(() => parseAddress('-4', '--base')).toThrow('--base: -4 is not a 32-bit address');
    expect(() => parseCount('1.5', '--steps')).toThrow("--steps: '1.5' is not a count");
    expect(parseCount('1_000_000', '--steps')).toBe(1e6);
  });

  it('parses --name value, --name=value, short options, repeats and --', () => {
    const spec = {
      name: 't',
      positionals: ['A'],
      options: [
        { name: 'base', value: 'ADDR' },
        { name: 'set', value: 'R=V', repeat: true },
        { name: 'output', value: 'OUT', short: 'o' },
        { name: 'json' },
      ],
    };
    const a = parseArgs(
      ['--base=0x10', 'x', '--set', 'r0=1', '--set=r1=2', '-o', 'f', '--json'],
      spec,
    );
    expect(a.positionals).toEqual(['x']);
    expect(Object.fromEntries(a.options)).toEqual({
      base: ['0x10'],
      set: ['r0=1', 'r1=2'],
      output: ['f'],
      json: [''],
    });
    expect(parseArgs(['--', '-file'], spec).positionals).toEqual(['-file']);
    expect(() => parseArgs(['x', '--base', '1', '--base', '2'], spec)).toThrow(
      '--base is given twice',
    );
    expect(() => parseArgs(['x', '--base'], spec)).toThrow('--base needs a value (--base ADDR)');
    expect(() => parseArgs(['x', '--json=1'], spec)).toThrow('--json takes no value');
    expect(() => parseArgs(['x', '-q'], spec)).toThrow('unknown option -q for loom t');
    expect(() => parseArgs([], spec)).toThrow('missing A');
    expect(() => parseArgs(['x', 'y'], spec)).toThrow("unexpected argument 'y'");
  });
});

describe('loom run, in-process', () => {
  it('stops at --max-cycles on a program that never halts', async () => {
    const r = await loom(
      { 'spin.s': 'loop: adds r0, #1\n b loop\n' },
      'run',
      'spin.s',
      '--max-cycles',
      '1000',
      '--json',
    );
    const out = json(r);
    expect(r.status).toBe(0);
    expect(out.stop.kind).toBe('max-cycles');
    expect(out.cycles).toBeGreaterThanOrEqual(1000);
    expect(out.cycles).toBeLessThan(1010);
  });

  it('has a safety limit for programs that never stop', async () => {
    const m = new Machine();
    m.bus.load(0x20000100, await assemble('loop: adds r0, #1\n b loop\n', 0x20000100));
    m.startAt(0x20000100);
    const stop = execute(m, { safety: 5000 });
    expect(stop.kind).toBe('limit');
    expect(stop.message).toContain("still running after 5000 instructions, Loom's safety limit");
    expect(m.cpu.instructions).toBe(5000);
  });

  it('--load puts a file at an address; --boot-address moves the boot', async () => {
    const data = Uint8Array.from([1, 2, 3, 4]);
    const r = await loom(
      { 'p.s': SUM, 'data.bin': data },
      'run',
      'p.s',
      '--load',
      'data.bin@0x20002000',
      '--dump',
      '0x20002000:4',
      '--json',
    );
    expect(json(r).memory).toEqual([{ addr: 0x20002000, hex: '01020304' }]);
    // A .bin at 0x20000000 with BOOT_ADD0 pointing there boots through reset.
    const table = Uint8Array.from([
      0, 0x10, 0, 0x20, 0x09, 1, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0x20, 0xfe, 0xe7,
    ]);
    const boot = await loom(
      { 'v.bin': table },
      'run',
      'v.bin',
      '--base',
      '0x20000100',
      '--boot-address',
      '0x20000100',
      '--json',
    );
    const out = json(boot);
    expect([out.registers.r0, out.registers.msp, out.stop.kind]).toEqual([
      42,
      0x20001000,
      'halted',
    ]);
  });

  it('faults (status 1) on a flash image whose reset vector lacks the Thumb bit', async () => {
    const r = await loom({ 'z.bin': new Uint8Array(16) }, 'run', 'z.bin', '--json');
    expect(r.status).toBe(1);
    expect(json(r).stop).toEqual({
      kind: 'fault',
      message: expect.stringContaining('INVSTATE'),
    });
  });

  it('sends the readable report to stderr with symbols', async () => {
    const r = await loom({ 'p.s': SUM }, 'run', 'p.s', '--dump', 'start:4');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^halted: branch to self \(b \.\) at 0x2000010a\nafter 18 instructions, \d+ cycles\n/,
    );
    expect(r.stderr).toContain(' pc 0x2000010a <done>');
    expect(r.stderr).toContain('memory at 0x20000100, 4 bytes:\n  20000100  00 20 05 21');
  });

  it('gives one sentence and status 2 for bad input', async () => {
    const cases: [string[], string][] = [
      [
        ['run', 'p.s', '--steps', 'many'],
        "loom run: --steps: 'many' is not a count (a whole number, 0 or more) (loom help run)\n",
      ],
      [['run', 'p.s', '--set', 'r16=1'], "loom run: --set: no register 'r16'"],
      [['run', 'p.s', '--until', 'nowhere'], "loom run: --until: no symbol 'nowhere' in p.s"],
      [['run', 'p.s', '--poke', '0x20000000'], "loom run: --poke: '0x20000000' is not ADDR=VALUE"],
      [['run', 'p.s', '--poke', '0x30000000=1'], 'nothing is mapped at 0x30000000'],
      [['run', 'p.s', '--load', 'nofile@0x20000000'], 'loom run: nofile: no such file\n'],
      [['run', 'p.s', '--load', 'p.s@0x70000000'], 'loom run: p.s: the file (0x70000000–'],
      [
        ['run', 'p.s', '--base', 'up'],
        "loom run: --base: 'up' is not an address (loom help run)\n",
      ],
      [['run', 'notes.txt'], 'loom run: notes.txt: Loom cannot tell what kind of image this is'],
      [['run'], 'loom run: missing IMAGE (loom help run)\n'],
      [['frob'], "loom: unknown command 'frob' (loom help lists the commands)\n"],
    ];
    for (const [args, message] of cases) {
      const r = await loom({ 'p.s': SUM, 'notes.txt': 'hello' }, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('loom asm, disasm, help', () => {
  it('asm prints a listing and writes the binary', async () => {
    const r = await loom({ 'sum.s': SUM }, 'asm', 'sum.s', '--base', '0x20000100');
    expect(r.status).toBe(0);
    const code = await assemble(SUM, 0x20000100);
    expect(r.written.get('sum.bin')).toEqual(code);
    expect(r.stderr).toBe(`wrote ${code.length} bytes to sum.bin (at 0x20000100)\n`);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('   1  20000100  00 20        start:  movs r0, #0');
    expect(lines[5]).toBe('   6  2000010a  fe e7        done:   b .');
    const out = await loom({ 'sum.s': SUM }, 'asm', 'sum.s', '-o', 'out/x.bin');
    expect(out.written.has('out/x.bin')).toBe(true);
  });

  it('asm names the line of an error', async () => {
    const r = await loom({ 'bad.s': 'nop\nadds r0, r1, #999\n' }, 'asm', 'bad.s');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('loom asm: bad.s line 2: invalid operand: adds r0, r1, #999\n');
    expect(r.written.size).toBe(0);
  });

  it('disasm shows labels and branch targets by name', async () => {
    const r = await loom({ 'sum.s': SUM }, 'disasm', 'sum.s');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('20000100 <start>:\n  20000100:  00 20        movs     r0, #0\n');
    expect(r.stdout).toContain('20000104 <loop>:\n');
    expect(r.stdout).toContain('bne      0x20000104 <loop>');
    expect(r.stdout).toContain(
      '2000010a <done>:\n  2000010a:  fe e7        b        0x2000010a <done>',
    );
  });

  it('disasm of a raw binary at --base, with bytes that do not decode', async () => {
    const bin = Uint8Array.from([0x00, 0x20, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xe7]);
    const r = await loom({ 'x.bin': bin }, 'disasm', 'x.bin', '--base', '0x20000000');
    expect(r.stdout).toContain('  20000000:  00 20        movs     r0, #0\n');
    expect(r.stdout).toContain('  20000002:  ff ff ff ff  .inst.w  0xffffffff\n');
    expect(r.stdout).toContain('  20000006:  fe e7        b        0x20000006\n');
  });

  it('help, --help and no command', async () => {
    const help = await loom({}, 'help');
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('run IMAGE [options]');
    const run = await loom({}, 'run', '--help');
    expect(run.stdout).toContain('--until ADDR|SYMBOL');
    expect((await loom({}, 'help', 'asm')).stdout).toContain('usage: loom asm FILE.s');
    const none = await loom({});
    expect([none.status, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toContain('usage: loom COMMAND');
  });
});
