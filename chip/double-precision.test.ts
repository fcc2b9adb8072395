/**
 * C with doubles built for the STM32F767's FPU (arm-none-eabi-gcc -mfpu=fpv5-d16
 * -mfloat-abi=hard) and run by `loom run --board nucleo-f767zi`: what it prints through newlib's
 * snprintf and semihosting must be what QEMU's Cortex-M7 (mps2-an500, double precision too)
 * prints, and each result's bits the host's IEEE double arithmetic. On the NUCLEO-F746ZG the
 * same program stops at its first double-precision instruction: UNDEFINED there. The toolchain
 * and QEMU are required (CI installs them): without them these tests fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FIRMWARE_DIR } from '../firmware/c/build.ts';
import { runInQemu } from '../firmware/c/qemu-run.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'loom-f767-'));

const C_SOURCE = `
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "semihost.h"

static void show(const char *name, double v)
{
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  char text[96];
  snprintf(text, sizeof text, "%s = %.17g (%08lx%08lx)\\n", name, v, (unsigned long)(b >> 32),
           (unsigned long)b);
  sh_write0(text);
}

int main(void)
{
  volatile double tenth = 0.1, fifth = 0.2, three = 3.0, two = 2.0, big = 1e308;
  show("0.1+0.2", tenth + fifth);
  show("0.2-0.1", fifth - tenth);
  show("0.1*3", tenth * three);
  show("1/3", 1.0 / three);
  show("sqrt(2)", sqrt(two));
  show("fma(0.1,3,-0.3)", fma(tenth, three, -0.3));
  show("(float)0.1", (double)(float)tenth);
  show("1e308*10", big * 10.0);
  double h = 0;
  for (int k = 1; k <= 1000; k++) h += 1.0 / k;
  show("harmonic(1000)", h);
  char text[64];
  snprintf(text, sizeof text, "MVFR0 %08lx MVFR1 %08lx\\n",
           (unsigned long)*(volatile uint32_t *)0xe000ef40,
           (unsigned long)*(volatile uint32_t *)0xe000ef44);
  sh_write0(text);
  return 0;
}
`;

/** The printed bits of each "name = text (bits)" line, as doubles. */
function printed(output: string): Map<string, number> {
  const out = new Map<string, number>();
  const view = new DataView(new ArrayBuffer(8));
  for (const m of output.matchAll(/^(.+) = \S+ \(([0-9a-f]{16})\)$/gm)) {
    view.setBigUint64(0, BigInt(`0x${m[2]}`));
    out.set(m[1], view.getFloat64(0));
  }
  return out;
}

function loom(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/loom.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let elf: string;
let f767Run: ReturnType<typeof loom> | undefined;
/** `loom run` on the NUCLEO-F767ZI, booting from 0 (float.ld's vector table), once. */
const onF767 = () =>
  (f767Run ??= loom('run', elf, '--board', 'nucleo-f767zi', '--boot-address', '0'));

beforeAll(() => {
  const c = join(dir, 'doubles.c');
  elf = join(dir, 'doubles.elf');
  writeFileSync(c, C_SOURCE);
  const at = (file: string) => join(FIRMWARE_DIR, file);
  const flags = ['-mcpu=cortex-m7', '-mthumb', '-mfpu=fpv5-d16', '-mfloat-abi=hard', '-O2'];
  flags.push('-fno-math-errno', '-std=c11', '-Wall', '-Wextra', '-Werror', `-I${FIRMWARE_DIR}`);
  // firmware/c's startup (CPACR on, .data, .bss, exit) and float.ld: code at 0x00200000, the
  // flash through ITCM on the STM32F7, ZBT SSRAM on mps2-an500.
  flags.push('-T', at('float.ld'), '--specs=nano.specs', '--specs=nosys.specs', '-nostartfiles');
  flags.push('-u', '_printf_float', '-o', elf, at('startup.c'), at('semihost.c'), c, '-lm');
  execFileSync('arm-none-eabi-gcc', flags, { stdio: ['ignore', 'pipe', 'pipe'] });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('doubles on the NUCLEO-F767ZI (FPv5-D16)', () => {
  it('are computed by the double-precision instructions themselves', () => {
    const code = execFileSync('arm-none-eabi-objdump', ['-d', elf], { encoding: 'utf8' });
    for (const op of ['vadd.f64', 'vsub.f64', 'vmul.f64', 'vdiv.f64', 'vsqrt.f64', 'vfma.f64']) {
      expect(code, op).toContain(op);
    }
  });

  it('loom run prints the results the host computes, bit for bit', () => {
    const r = onF767();
    expect(r.stderr).toMatch(/^exit: the program exited \(semihosting, status 0\)/);
    expect(r.status).toBe(0);
    const p = printed(r.stdout);
    expect(p.get('0.1+0.2')).toBe(0.1 + 0.2);
    expect(p.get('0.2-0.1')).toBe(0.2 - 0.1);
    expect(p.get('0.1*3')).toBe(0.1 * 3);
    expect(p.get('1/3')).toBe(1 / 3);
    expect(p.get('sqrt(2)')).toBe(Math.sqrt(2));
    // Fused: 0.1 * 3 exactly (10808639105689191 / 2^55) less 0.3 (10808639105689190 / 2^55).
    expect(p.get('fma(0.1,3,-0.3)')).toBe(2 ** -55);
    expect(p.get('(float)0.1')).toBe(Math.fround(0.1));
    expect(p.get('1e308*10')).toBe(Infinity);
    let h = 0;
    for (let k = 1; k <= 1000; k++) h += 1 / k;
    expect(p.get('harmonic(1000)')).toBe(h);
    expect(p.size).toBe(9);
    // ARMv7-M ARM B4.7: double precision supported, half-double conversions.
    expect(r.stdout).toContain('MVFR0 10110221 MVFR1 12000011\n');
  });

  it('prints exactly what QEMU prints', () => {
    expect(onF767().stdout).toBe(runInQemu(elf).output);
  });

  it('stops at the first double-precision instruction on the NUCLEO-F746ZG (FPv5-SP-D16)', () => {
    const run = (...more: string[]) => {
      const args = ['run', elf, '--boot-address', '0', '--until', 'Fault_Handler', '--json'];
      return JSON.parse(loom(...args, ...more).stdout);
    };
    const first = run('--dump', '0xe000ed28:4');
    expect(first.stop.kind).toBe('breakpoint');
    expect(first.console).toBe('');
    // UNDEFINSTR (CFSR bit 16, bytes in memory order), in HardFault: UsageFault is not enabled.
    expect(first.memory[0].hex).toBe('00000100');
    expect(first.registers.xpsr & 0x1ff).toBe(3);
    // The stacked return address is the instruction that faulted: a double-precision one.
    const frame = run('--dump', `${first.registers.sp + 24}:4`).memory[0].hex as string;
    const pc = parseInt(frame.match(/../g)!.reverse().join(''), 16);
    const code = execFileSync('arm-none-eabi-objdump', ['-d', elf], { encoding: 'utf8' });
    const line = code.split('\n').find((l) => l.startsWith(`  ${pc.toString(16)}:`));
    expect(line).toMatch(/\.f64/);
  });
});
