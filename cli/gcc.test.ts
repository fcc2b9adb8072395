/**
 * A real ELF from arm-none-eabi-gcc, built here from C, loaded and run by `loom`. The toolchain
 * is required (CI installs gcc-arm-none-eabi): without it these tests fail, they never skip.
 * Expected addresses come from arm-none-eabi-nm, not from Loom's own ELF reader.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'loom-gcc-'));

const C_SOURCE = `
/* A vector table in flash, .data stored in flash and run from DTCM, and two functions. */
extern unsigned int _estack;
void Reset_Handler(void);

__attribute__((section(".isr_vector"), used))
static void *const vectors[2] = { &_estack, Reset_Handler };

int table[4] = { 1, 2, 3, 4 };

__attribute__((noipa)) int sum_to(int n)
{
  int s = 0;
  for (int i = 1; i <= n; i++) s += i;
  return s;
}

__attribute__((noipa, noreturn)) void done(int result)
{
  (void)result;
  for (;;) {}
}

void Reset_Handler(void)
{
  done(sum_to(10));
}
`;

/** Flash at 0x08000000 (the boot address 0x00200000 is its alias), data in DTCM. */
const FLASH_LD = `
MEMORY
{
  FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 1M
  DTCM (rwx) : ORIGIN = 0x20000000, LENGTH = 64K
}
ENTRY(Reset_Handler)
_estack = ORIGIN(DTCM) + LENGTH(DTCM);
SECTIONS
{
  .isr_vector : { KEEP(*(.isr_vector)) } > FLASH
  .text : { *(.text .text.*) *(.rodata .rodata.*) } > FLASH
  _sidata = LOADADDR(.data);
  .data : { *(.data .data.*) } > DTCM AT > FLASH
  .bss : { *(.bss .bss.* COMMON) } > DTCM
}
`;

/** Everything in SRAM1: nothing at the boot address, so the ELF starts at its entry. */
const RAM_LD = `
MEMORY { RAM (rwx) : ORIGIN = 0x20010000, LENGTH = 64K }
ENTRY(Reset_Handler)
_estack = ORIGIN(RAM) + LENGTH(RAM);
SECTIONS
{
  .isr_vector : { KEEP(*(.isr_vector)) } > RAM
  .text : { *(.text .text.*) } > RAM
  .data : { *(.data .data.*) } > RAM
}
`;

function build(name: string, script: string): string {
  const c = join(dir, 'fw.c');
  const ld = join(dir, `${name}.ld`);
  const elf = join(dir, `${name}.elf`);
  writeFileSync(c, C_SOURCE);
  writeFileSync(ld, script);
  const flags = ['-mcpu=cortex-m7', '-mthumb', '-O2', '-nostdlib', '-T', ld, '-o', elf, c];
  execFileSync('arm-none-eabi-gcc', flags, { stdio: ['ignore', 'pipe', 'pipe'] });
  return elf;
}

/** Symbol addresses by arm-none-eabi-nm (a Thumb function's Thumb bit dropped). */
function nm(elf: string): Record<string, number> {
  const out = execFileSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
  const symbols: Record<string, number> = {};
  for (const line of out.trim().split('\n')) {
    const [address, type, name] = line.split(/\s+/);
    const value = parseInt(address, 16);
    symbols[name] = /[Tt]/.test(type) ? value & ~1 : value;
  }
  return symbols;
}

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function loomJson(...args: string[]) {
  const r = loom(...args, '--json');
  expect(r.stderr).toBe('');
  return { status: r.status, ...JSON.parse(r.stdout) };
}

let flashElf: string;
let ramElf: string;
let symbols: Record<string, number>;

beforeAll(() => {
  flashElf = build('flash', FLASH_LD);
  ramElf = build('ram', RAM_LD);
  symbols = nm(flashElf);
});

describe('a gcc-built ELF', () => {
  it('boots through reset from flash: SP and PC from its vector table', () => {
    const r = loomJson('run', flashElf, '--steps', '0');
    expect(r.registers.pc).toBe(symbols.Reset_Handler);
    expect(r.registers.sp).toBe(symbols._estack);
    expect(r.registers.msp).toBe(0x20010000);
  });

  it('runs to the answer: done(sum_to(10)) halts with R0 = 55', () => {
    const r = loomJson('run', flashElf);
    expect(r.status).toBe(0);
    expect(r.stop.kind).toBe('halted');
    expect(r.registers.r0).toBe(55);
    expect(r.registers.pc).toBe(symbols.done);
  });

  it('--until a function stops at its first instruction', () => {
    const r = loomJson('run', flashElf, '--until', 'sum_to');
    expect(r.stop.kind).toBe('breakpoint');
    expect(r.registers.pc).toBe(symbols.sum_to);
    expect(r.registers.r0).toBe(10);
    const text = loom('run', flashElf, '--until', 'done');
    expect(text.stderr).toMatch(/ pc 0x0*[0-9a-f]+ <done>\n/);
    expect(text.stderr).toMatch(/r0 0x00000037 +55/);
  });

  it('stores .data at its load address in flash', () => {
    const r = loomJson('run', flashElf, '--steps', '0', '--dump', '_sidata:16');
    expect(symbols._sidata).toBeGreaterThanOrEqual(0x08000000);
    expect(r.memory).toEqual([{ addr: symbols._sidata, hex: '01000000020000000300000004000000' }]);
  });

  it('starts at its entry with SP at the top of SRAM when nothing is at the boot address', () => {
    const ram = nm(ramElf);
    const r = loomJson('run', ramElf, '--steps', '0');
    expect(r.registers.pc).toBe(ram.Reset_Handler);
    expect(r.registers.sp).toBe(0x20050000);
    const run = loomJson('run', ramElf);
    expect([run.stop.kind, run.registers.r0, run.registers.pc]).toEqual(['halted', 55, ram.done]);
  });

  it('disassembles with a header for each function and branch targets by name', () => {
    const r = loom('disasm', flashElf);
    expect(r.status).toBe(0);
    const hex = (name: string) => symbols[name].toString(16).padStart(8, '0');
    expect(r.stdout).toContain(`${hex('sum_to')} <sum_to>:\n`);
    expect(r.stdout).toContain(`${hex('Reset_Handler')} <Reset_Handler>:\n`);
    expect(r.stdout).toMatch(new RegExp(`bl +0x${symbols.sum_to.toString(16)} <sum_to>`));
  });

  it('never loads keystone or capstone to run an ELF', () => {
    // A resolve hook that refuses both packages: running the ELF must not notice.
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      'export async function resolve(s, c, next) {\n' +
        "  if (/^(keystone|capstone)-wasm$/.test(s)) throw new Error('refused ' + s);\n" +
        '  return next(s, c);\n}\n',
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
    );
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', register, join(ROOT, 'bin/loom.mjs'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const elf = run('run', flashElf, '--json');
    expect(elf.status).toBe(0);
    expect(JSON.parse(elf.stdout).registers.r0).toBe(55);
    // The hook does refuse them: assembling a .s needs keystone.
    const asm = run('run', 'firmware/b-dot.s', '--json');
    expect(asm.stderr).toContain('refused keystone-wasm');
  });
});
