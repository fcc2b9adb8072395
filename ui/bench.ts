/**
 * The cost of the UI: emulation speed with the terminal UI drawing (in a 120×40 terminal whose
 * output is counted and dropped) against the same program headless. Both run as fast as
 * possible; speed is instructions per second of this process's CPU time, so that other programs
 * on the machine do not skew the comparison. `npm run bench:ui [-- SECONDS]`.
 */
import { PassThrough, Writable } from 'node:stream';

import { Machine } from '../chip/machine.ts';
import { loadImage, startImage } from '../loader/image.ts';
import { App } from './app.ts';
import { imageProgram } from './programs.ts';

/** A loop of ALU work, loads and stores that never ends. */
const WORKLOAD = `
        .syntax unified
        .thumb
        movs r0, #0
        ldr r2, =0x20001000
loop:   adds r0, r0, #1
        str r0, [r2]
        ldr r1, [r2, #4]
        eors r1, r1, r0
        adds r3, r3, r1
        lsls r4, r0, #3
        str r4, [r2, #4]
        b loop
`;
const BASE = 0x2000_0100;
const source = new TextEncoder().encode(WORKLOAD);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function headless(seconds: number): Promise<number> {
  const machine = new Machine();
  startImage(machine, await loadImage(machine, 'workload.s', source, { base: BASE }));
  const wallEnd = performance.now() + seconds * 1000;
  const cpu0 = cpuMs();
  let instructions = 0;
  while (performance.now() < wallEnd) instructions += machine.run(200_000);
  return instructions / ((cpuMs() - cpu0) / 1000);
}

interface UiResult {
  ips: number;
  drawShare: number;
  fps: number;
  bytesPerSecond: number;
}

async function withUi(seconds: number): Promise<UiResult> {
  let written = 0;
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done();
      },
    }),
    { columns: 120, rows: 40, isTTY: true },
  );
  const app = new App({
    program: imageProgram('workload.s', source, { base: BASE }, true),
    demos: [],
    readFile: () => new Uint8Array(0),
    realtime: false,
    streams: { input: new PassThrough(), output },
  });
  const exited = app.run();
  // Let it load and start, then measure a window of running.
  while (app.session.machine === null || app.frames < 5)
    await new Promise((r) => setTimeout(r, 20));
  const cpu = app.session.machine!.cpu;
  const start = { instructions: cpu.instructions, cpu: cpuMs(), wall: performance.now() };
  const draw0 = { ms: app.drawMs, frames: app.frames, bytes: written };
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpuS = (cpuMs() - start.cpu) / 1000;
  const wallS = (performance.now() - start.wall) / 1000;
  const result = {
    ips: (cpu.instructions - start.instructions) / cpuS,
    drawShare: (app.drawMs - draw0.ms) / 1000 / wallS,
    fps: (app.frames - draw0.frames) / wallS,
    bytesPerSecond: (written - draw0.bytes) / wallS,
  };
  app.quit();
  await exited;
  return result;
}

const seconds = Number(process.argv[2] ?? 3);
const runs: { headless: number; ui: UiResult }[] = [];
for (let k = 0; k < 2; k++)
  runs.push({ headless: await headless(seconds), ui: await withUi(seconds) });
const best = <T>(list: T[], key: (t: T) => number) =>
  list.reduce((a, b) => (key(b) > key(a) ? b : a));
const h = best(runs, (r) => r.headless).headless;
const u = best(runs, (r) => r.ui.ips).ui;
const mips = (ips: number) => (ips / 1e6).toFixed(1);
process.stdout.write(
  `headless:   ${mips(h)} MIPS per CPU second\n` +
    `with the UI: ${mips(u.ips)} MIPS per CPU second (${((u.ips / h) * 100).toFixed(1)}% of headless), ` +
    `drawing ${(u.drawShare * 100).toFixed(1)}% of the time, ${u.fps.toFixed(1)} frames/s, ` +
    `${Math.round(u.bytesPerSecond / 1024)} KiB/s to the terminal\n`,
);
