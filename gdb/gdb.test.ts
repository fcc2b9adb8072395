/**
 * The real gdb-multiarch against `loom gdb`, in batch mode: the talk's demo, the sum program, a
 * gcc-built ELF (breakpoints, next, finish, bt, print, watch, registers, load, monitor reset
 * halt) and a fault. Expected values come from the C and assembly sources, arm-none-eabi-nm and
 * IEEE arithmetic; stepping and watchpoints are compared with the same GDB session on QEMU's
 * Cortex-M7. gdb-multiarch, arm-none-eabi-gcc and qemu-system-arm are required: without them
 * these tests fail, they never skip.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { gdbScript, interruptAfter } from '../test/gdb-batch.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'loom-gdb-'));

const DEMO_C = `
/* A program to debug: a call chain, globals, a counter to watch, the FPU. */
#include <stdint.h>

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
void Reset_Handler(void);
int main(void);

__attribute__((section(".isr_vector"), used))
static void *const vectors[2] = { &_estack, Reset_Handler };

volatile int counter;
int total = 7;
float gain = 2.5f;

__attribute__((noinline)) int leaf(int x)
{
  return x * 3;
}

__attribute__((noinline)) int middle(int x)
{
  int y = leaf(x + 1);
  return y + 1;
}

__attribute__((noinline)) float scale(float x)
{
  return x * gain;
}

int main(void)
{
  total = middle(total);
  for (int i = 0; i < 3; i++)
    counter += 10;
  volatile float f = scale(4.0f);
  (void)f;
  for (;;) {
  }
}

void Reset_Handler(void)
{
  uint32_t *src = &_sidata, *dst = &_sdata;
  while (dst < &_edata)
    *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss;)
    *dst++ = 0;
  /* CPACR: CP10 and CP11 (the FPU) fully accessible (ARMv7-M ARM B3.2.20). */
  *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20;
  main();
}
`;

const FAULT_C = `
/* Reads from an address where the STM32F746 has nothing: a precise BusFault. */
extern unsigned int _estack;
void Reset_Handler(void);
#ifdef WITH_HANDLER
void HardFault_Handler(void)
{
  for (;;) {
  }
}
#endif

__attribute__((section(".isr_vector"), used))
static void *const vectors[16] = {
  &_estack, Reset_Handler,
#ifdef WITH_HANDLER
  0, HardFault_Handler,
#endif
};

__attribute__((noinline)) int read_sensor(void)
{
  return *(volatile int *)0x30000000;
}

void Reset_Handler(void)
{
  volatile int value = read_sensor();
  (void)value;
  for (;;) {
  }
}
`;

/** A Nucleo's layout: code in flash at 0x08000000, data in DTCM. */
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
  .data : { _sdata = .; *(.data .data.*) . = ALIGN(4); _edata = .; } > DTCM AT > FLASH
  .bss : { _sbss = .; *(.bss .bss.* COMMON) . = ALIGN(4); _ebss = .; } > DTCM
}
`;

/** Code at 0 (Loom's ITCM RAM, QEMU mps2-an500's SSRAM1), so that both run the same ELF. */
const ITCM_LD = FLASH_LD.replace('ORIGIN = 0x08000000, LENGTH = 1M', 'ORIGIN = 0, LENGTH = 16K');

function build(name: string, source: string, script: string, defines: string[] = []): string {
  const c = join(dir, `${name}.c`);
  const ld = join(dir, `${name}.ld`);
  const elf = join(dir, `${name}.elf`);
  writeFileSync(c, source);
  writeFileSync(ld, script);
  const flags = ['-mcpu=cortex-m7', '-mthumb', '-mfpu=fpv5-sp-d16', '-mfloat-abi=hard'];
  flags.push('-O0', '-g', '-nostdlib', ...defines, '-T', ld, '-o', elf, c);
  execFileSync('arm-none-eabi-gcc', flags, { stdio: ['ignore', 'pipe', 'pipe'] });
  return elf;
}

/** Symbol addresses by arm-none-eabi-nm (a Thumb function's Thumb bit dropped). */
function nm(file: string): Record<string, number> {
  const symbols: Record<string, number> = {};
  for (const line of execFileSync('arm-none-eabi-nm', [file], { encoding: 'utf8' }).split('\n')) {
    const [address, type, name] = line.trim().split(/\s+/);
    if (name !== undefined) symbols[name] = parseInt(address, 16) & (/[Tt]/.test(type) ? ~1 : ~0);
  }
  return symbols;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

interface Server {
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Ends the server; resolves with its exit status. */
  stop: () => Promise<number | null>;
}

/** `loom gdb IMAGE --port 0 ...`: resolves once it listens, with the port it printed. */
function startLoom(image: string, ...args: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/loom.mjs'), 'gdb', image, '--port', '0', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m !== null)
        resolve({
          port: Number(m[1]),
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`loom gdb exited (${code}): ${stderr}`)));
  });
}

/** QEMU's Cortex-M7 board, halted, with its GDB stub on a free port. */
async function startQemu(elf: string): Promise<Server> {
  const port = await freePort();
  const args = ['-M', 'mps2-an500', '-cpu', 'cortex-m7', '-nographic', '-S'];
  args.push('-gdb', `tcp:127.0.0.1:${port}`, '-monitor', 'none', '-serial', 'none', '-kernel', elf);
  const child = spawn('qemu-system-arm', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // The stub listens once QEMU is up.
  for (let k = 0; k < 100; k++) {
    const ready = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(true));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (ready) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stdout: () => '', stderr: () => stderr, stop: () => (child.kill(), exited) };
}

/** Runs gdb-multiarch in batch mode on a command file; returns what it printed. */
function gdb(port: number, commands: string[], file?: string): string {
  const script = gdbScript(dir, port, commands, file);
  const r = spawnSync('gdb-multiarch', ['-batch', '-nx', '-x', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return r.stdout + r.stderr;
}

let demoElf: string;
let demoItcmElf: string;
let demo: Record<string, number>;

beforeAll(() => {
  demoElf = build('demo', DEMO_C, FLASH_LD);
  demoItcmElf = build('demo-itcm', DEMO_C, ITCM_LD);
  demo = nm(demoElf);
});

describe('gdb-multiarch and loom gdb', () => {
  it("the talk's demo: 0xE7FE poked at 0x20000100 keeps the PC there", async () => {
    const loom = await startLoom('firmware/sum.s');
    const out = gdb(loom.port, [
      'set {short}0x20000100 = 0xe7fe',
      'x/2xb 0x20000100',
      'set $pc = 0x20000100',
      'stepi',
      'p/x $pc',
      ...interruptAfter(1000),
      'continue',
      'p/x $pc',
    ]);
    expect(out).toMatch(/0x20000100:\s+0xfe\s+0xe7/);
    expect(out).toMatch(/\$1 = 0x20000100/);
    expect(out).toContain('Program received signal SIGINT, Interrupt.');
    expect(out).toMatch(/\$2 = 0x20000100/);
    await loom.stop();
  });

  it('the sum program: stepping to its `b .` leaves r0 = 15', async () => {
    // Where `done` is, by the GNU assembler (the same source in unified syntax).
    const source = join(dir, 'sum.s');
    writeFileSync(
      source,
      `.syntax unified\n.thumb\n${readFileSync(join(ROOT, 'firmware/sum.s'), 'utf8')}`,
    );
    execFileSync('arm-none-eabi-as', ['-mcpu=cortex-m7', '-o', join(dir, 'sum.o'), source]);
    const done = 0x2000_0100 + nm(join(dir, 'sum.o')).done;
    const loom = await startLoom('firmware/sum.s');
    const out = gdb(loom.port, [
      'set $prev = 0',
      'while $pc != $prev',
      '  set $prev = $pc',
      '  stepi',
      'end',
      'info registers r0 r1 pc',
    ]);
    expect(out).toMatch(/^r0\s+0xf\s+15$/m);
    expect(out).toMatch(/^r1\s+0x0\s+0$/m);
    expect(out).toMatch(new RegExp(`^pc\\s+0x${done.toString(16)}\\s`, 'm'));
    await loom.stop();
  });

  it('a gcc-built ELF: break, next, finish, bt, print, watch, registers, load, reset', async () => {
    const loom = await startLoom(demoElf);
    const out = gdb(
      loom.port,
      [
        'break main',
        'continue',
        'print total',
        'next',
        'print total',
        'break leaf',
        'monitor reset halt',
        'maintenance flush register-cache',
        'continue',
        'continue',
        'bt',
        'finish',
        'delete',
        'watch counter',
        'continue',
        'continue',
        'delete',
        'break scale',
        'continue',
        'finish',
        'info registers',
        'info registers s0 d0 fpscr',
        'set {int}0x08000008 = 0',
        'x/wx 0x08000008',
        'load',
        'x/wx 0x08000008',
        'monitor reset halt',
        'maintenance flush register-cache',
        'p/x $pc',
        'p/x $sp',
      ],
      demoElf,
    );
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(out).toMatch(/Breakpoint 1, main \(\) at .*demo\.c:\d+/);
    // total = middle(7) = leaf(8) + 1 = 25
    expect(out).toMatch(/\$1 = 7\n.*\n\$2 = 25/);
    expect(out).toMatch(/Breakpoint 2, leaf \(x=8\)/);
    expect(out).toMatch(
      /#0 +leaf \(x=8\) at .*\n#1 +0x[0-9a-f]+ in middle \(x=7\) at .*\n#2 +0x[0-9a-f]+ in main \(\) at /,
    );
    expect(out).toContain('Value returned is $3 = 24');
    expect(out).toMatch(/Hardware watchpoint 3: counter\n\nOld value = 0\nNew value = 10\n/);
    expect(out).toMatch(/Old value = 10\nNew value = 20\n/);
    expect(out).toMatch(/Breakpoint 4, scale \(x=4\)/);
    // scale(4.0f) = 4.0f * 2.5f = 10.0f, returned in s0 (the AAPCS VFP variant).
    expect(out).toContain('Value returned is $4 = 10');
    expect(out).toMatch(/^s0\s+10\s+\(raw 0x41200000\)$/m);
    expect(out).toMatch(/^d0\s+\S+\s+\(raw 0x0000000041200000\)$/m);
    expect(out).toMatch(/^fpscr\s+0x0\s/m);
    for (const name of ['msp', 'psp', 'primask', 'basepri', 'faultmask', 'control']) {
      expect(out).toMatch(new RegExp(`^${name}\\s+0x[0-9a-f]+\\s`, 'm'));
    }
    // main's frame is on the main stack; CONTROL.FPCA is set once the FPU has been used.
    expect(out).toMatch(/^msp\s+0x2000ffe0\s/m);
    expect(out).toMatch(/^control\s+0x4\s/m);
    // A word of flash, overwritten by the debugger, then written back by `load`.
    const flashWord = readWord(demoElf, 0x0800_0008);
    expect(out).toMatch(/0x8000008 <leaf>:\s+0x00000000\n/);
    expect(out).toMatch(
      new RegExp(`0x8000008 <leaf>:\\s+0x${flashWord.toString(16).padStart(8, '0')}\\n`),
    );
    expect(out).toMatch(/Loading section \.text, size 0x[0-9a-f]+ lma 0x8000008/);
    expect(out).toMatch(
      new RegExp(`\\$5 = ${hex(demo.Reset_Handler)}\\n\\$6 = ${hex(demo._estack)}\\n`),
    );
    await loom.stop();
  });

  it('a fault with no handler stops with SIGSEGV; monitor faults names the BusFault and BFAR', async () => {
    const elf = build('fault', FAULT_C, FLASH_LD);
    const loom = await startLoom(elf);
    const out = gdb(loom.port, ['continue', 'bt', 'monitor faults'], elf);
    expect(out).toContain('Program received signal SIGSEGV, Segmentation fault.');
    expect(out).toMatch(/#0 +0x[0-9a-f]+ in read_sensor \(\)/);
    expect(out).toMatch(
      /BusFault: CFSR\.BFSR 0x82\n +PRECISERR: bus error on data access\n +BFARVALID: .*\n +BFAR 0x30000000/,
    );
    expect(out).toMatch(/HardFault: HFSR 0x40000000\n +FORCED/);
    await loom.stop();
  });

  it('a fault with a HardFault handler runs it, as on the board; Ctrl-C finds the core there', async () => {
    const elf = build('fault-handler', FAULT_C, FLASH_LD, ['-DWITH_HANDLER']);
    const loom = await startLoom(elf);
    const out = gdb(loom.port, [...interruptAfter(1000), 'continue', 'bt', 'monitor faults'], elf);
    expect(out).toContain('Program received signal SIGINT, Interrupt.');
    expect(out).toMatch(
      /#0 +HardFault_Handler \(\)[^\n]*\n#1 +<signal handler called>\n#2 +0x[0-9a-f]+ in read_sensor \(\)/,
    );
    expect(out).toContain('The core is in Handler mode: HardFault (IPSR 3).');
    await loom.stop();
  });

  it('stepping and watchpoints stop where they stop on QEMU', async () => {
    const session = [
      'break leaf',
      'continue',
      'bt',
      'finish',
      'next',
      'next',
      'stepi',
      'stepi',
      'p/x $pc',
      'delete',
      'awatch counter',
      'continue',
      'continue',
      'continue',
      'delete',
      'watch counter',
      'continue',
      'p/x $pc',
      'delete',
      'rwatch gain',
      'continue',
      'p/x $pc',
      'delete',
      'finish',
      'info registers',
      'p $s0',
    ];
    const loom = await startLoom(demoItcmElf, '--boot-address', '0');
    const onLoom = gdb(loom.port, session, demoItcmElf);
    await loom.stop();
    const qemu = await startQemu(demoItcmElf);
    const onQemu = gdb(qemu.port, session, demoItcmElf);
    await qemu.stop();
    // QEMU 7.2 shows no m-system registers in `info registers`, and names the process.
    const normal = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/^(msp|psp|primask|basepri|faultmask|control)\s/.test(l))
        .filter((l) => !/^\[Inferior 1 .* detached\]$/.test(l))
        .join('\n');
    expect(onLoom).toContain('Hardware read watchpoint 4: gain');
    expect(normal(onLoom)).toBe(normal(onQemu));
  });

  it('the server keeps serving: one session after another, and ends cleanly on SIGTERM', async () => {
    const loom = await startLoom('firmware/b-dot.s');
    for (let k = 0; k < 2; k++) {
      const out = gdb(loom.port, ['p/x $pc']);
      expect(out).toMatch(/\$1 = 0x20000100/);
    }
    expect(await loom.stop()).toBe(0);
    expect(loom.stderr().match(/debugger attached/g)).toHaveLength(2);
  });
});

/** A little-endian word of the ELF's loadable contents, by arm-none-eabi-objcopy. */
function readWord(elf: string, address: number): number {
  const bin = join(dir, 'flash.bin');
  execFileSync('arm-none-eabi-objcopy', [
    '-O',
    'binary',
    '-j',
    '.isr_vector',
    '-j',
    '.text',
    elf,
    bin,
  ]);
  const bytes = execFileSync(
    'od',
    ['-A', 'n', '-t', 'x4', '-j', String(address - 0x0800_0000), '-N', '4', bin],
    {
      encoding: 'utf8',
    },
  );
  return parseInt(bytes.trim(), 16);
}
