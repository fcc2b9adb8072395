/**
 * The lessons and their circuit simulator run in a browser too: no Node-only API, and nothing
 * from the command line or the terminal UI. The machine lessons (7-14) run programs on the
 * emulator, which is Node-free too (cpu/, chip/, loader/...). Tests may use Node.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = import.meta.dirname;
/** The emulator's Node-free folders, which the machine lessons may use. */
const EMULATOR = ['cpu', 'chip', 'memory', 'loader', 'peripherals', 'time'];
/** Test helpers, imported by tests only. */
const TEST_ONLY = new Set(['test-files.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !TEST_ONLY.has(e.name)
      ? [path]
      : [];
  });
}

it('lessons/ imports only lessons/ and the emulator, and uses no Node API', () => {
  const files = sources(ROOT);
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    for (const [, spec] of text.matchAll(/\bfrom '([^']+)'/g)) {
      expect(spec, `${name} imports ${spec}`).toMatch(/^\./);
      const target = relative(ROOT, join(file, '..', spec));
      const outside = target.startsWith('..');
      const emulator = outside && EMULATOR.includes(target.split(/[\\/]/)[1]);
      expect(
        outside && !emulator,
        `${name} imports ${spec}, outside lessons/ and the emulator`,
      ).toBe(false);
    }
    expect(text, name).not.toMatch(/\b(process|Buffer|require)\s*[.(]/);
  }
});

it('the simulator (lessons/circuits) imports nothing from the lessons', () => {
  for (const file of sources(join(ROOT, 'circuits'))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/\bfrom '([^']+)'/g)) {
      expect(spec, relative(ROOT, file)).toMatch(/^\.\/[^/]+$/);
    }
  }
});
