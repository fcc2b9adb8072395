/**
 * A program built with newlib's rdimon.specs (printf, stderr, exit) run by `loom run`: what it
 * prints is on stdout and its exit status becomes Loom's, as under QEMU's -semihosting. The
 * toolchain and QEMU are required (CI installs them): without them these tests fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'loom-rdimon-'));

const C_SOURCE = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern void _start(void);
__attribute__((section(".vectors"), used))
static void *const vectors[2] = { (void *)0x20010000, _start };

int main(int argc, char **argv)
{
  printf("hello from newlib, %d + %d = %d\\n", 2, 3, 2 + 3);
  fputs("on stderr\\n", stderr);
  printf("argc %d, clock %s\\n", argc, clock() >= 0 ? "ok" : "broken");
  char line[32];
  if (fgets(line, sizeof line, stdin) == NULL) printf("stdin: end of file\\n");
  exit(argc > 0 && strcmp(argv[0], "") != 0 ? 3 : 4);
}
`;

/**
 * Code at 0 (ITCM on the STM32F746, SSRAM1 on mps2-an500), data in RAM at 0x20000000 and loaded
 * there: newlib's crt0 clears .bss but does not copy .data.
 */
const LINKER_SCRIPT = `
MEMORY
{
  CODE (rx)  : ORIGIN = 0x00000000, LENGTH = 16K
  RAM  (rwx) : ORIGIN = 0x20000000, LENGTH = 64K
}
ENTRY(_start)
SECTIONS
{
  .text :
  {
    KEEP(*(.vectors))
    *(.text .text.*)
    *(.rodata .rodata.*)
    KEEP(*(.init)) KEEP(*(.fini))
    . = ALIGN(4);
    __preinit_array_start = .; KEEP(*(.preinit_array)) __preinit_array_end = .;
    __init_array_start = .; KEEP(*(SORT(.init_array.*))) KEEP(*(.init_array)) __init_array_end = .;
    __fini_array_start = .; KEEP(*(.fini_array)) __fini_array_end = .;
  } > CODE
  .ARM.exidx : { *(.ARM.exidx*) } > CODE
  .data : ALIGN(4) { *(.data .data.*) . = ALIGN(4); } > RAM
  .bss (NOLOAD) : ALIGN(4) { __bss_start__ = .; *(.bss .bss.* COMMON) . = ALIGN(4); __bss_end__ = .; } > RAM
  end = .; __end__ = .; _end = .;
}
`;

let elf: string;

beforeAll(() => {
  const c = join(dir, 'hello.c');
  const ld = join(dir, 'hello.ld');
  elf = join(dir, 'hello.elf');
  writeFileSync(c, C_SOURCE);
  writeFileSync(ld, LINKER_SCRIPT);
  const flags = ['-mcpu=cortex-m7', '-mthumb', '-Os', '--specs=nano.specs'];
  flags.push('--specs=rdimon.specs', '-T', ld, '-o', elf, c);
  execFileSync('arm-none-eabi-gcc', flags, { stdio: ['ignore', 'pipe', 'pipe'] });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('newlib rdimon programs under loom run', () => {
  it('print on stdout and pass their exit status on', () => {
    const r = loom('run', elf, '--boot-address', '0');
    expect(r.stderr).toMatch(/^exit: the program exited \(semihosting, status 3\)/);
    expect(r.stdout).toBe(
      'hello from newlib, 2 + 3 = 5\non stderr\nargc 1, clock ok\nstdin: end of file\n',
    );
    expect(r.status).toBe(3);
  });

  it('print what QEMU prints', () => {
    const args = ['-M', 'mps2-an500', '-cpu', 'cortex-m7', '-display', 'none'];
    args.push('-monitor', 'none', '-serial', 'none', '-chardev', 'stdio,id=out');
    args.push('-semihosting-config', 'enable=on,target=native,chardev=out', '-kernel', elf);
    const q = spawnSync('qemu-system-arm', args, { encoding: 'utf8', input: '', timeout: 60_000 });
    expect(q.error).toBeUndefined();
    expect(q.status).toBe(3);
    // QEMU keeps stderr apart (on its own stderr); Loom has one console.
    expect(q.stderr).toContain('on stderr\n');
    const r = loom('run', elf, '--boot-address', '0', '--json');
    expect(JSON.parse(r.stdout).console.replace('on stderr\n', '')).toBe(q.stdout);
  });
});
