/**
 * The server over real TCP sockets: broken input gets the protocol's answers, a debugger that
 * disconnects mid-run leaves the machine as it was, the next one is accepted, a second one at
 * the same time is turned away.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

import { Machine } from '../chip/machine.ts';
import { checksum } from './framing.ts';
import { MachineTarget } from './machine-target.ts';
import { GdbTcpServer } from './tcp.ts';

const BASE = 0x2000_0100;
// loop: adds r0, #1; b loop (ARMv7-M ARM A7.7.3 ADDS T2, A7.7.12 B T2 with imm11 = -3)
const LOOP = [0x3001, 0xe7fd];

const servers: GdbTcpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(code: number[]) {
  const machine = new Machine();
  machine.bus.load(BASE, new Uint8Array(new Uint16Array(code).buffer));
  machine.startAt(BASE);
  const target = new MachineTarget(machine, { defer: (fn) => void setImmediate(fn) });
  const info: string[] = [];
  const server = new GdbTcpServer(target, {
    port: 0,
    host: '127.0.0.1',
    info: (t) => info.push(t),
    log: (t) => info.push(t),
  });
  servers.push(server);
  const { port } = await server.listen();
  return { machine, target, port, info };
}

/** Undoes run-length encoding as the GDB manual defines it (`c*n`: n - 29 more c). */
function runLengthDecode(wire: string): string {
  let out = '';
  for (let k = 0; k < wire.length; k++) {
    if (wire[k] === '*') out += out[out.length - 1].repeat(wire.charCodeAt(++k) - 29);
    else out += wire[k];
  }
  return out;
}

const frame = (body: string) => `$${body}#${checksum(body).toString(16).padStart(2, '0')}`;

/** A raw client: what arrives is kept as text; `expect` waits for a pattern in it. */
class Raw {
  data = '';
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => (this.data += text));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static open(port: number): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(new Raw(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string): void {
    this.socket.write(text, 'latin1');
  }

  /** Waits until what arrived (from `from` on) matches; returns the match. */
  async expect(pattern: RegExp, from = 0, ms = 10_000): Promise<RegExpExecArray> {
    const end = Date.now() + ms;
    for (;;) {
      const m = pattern.exec(this.data.slice(from));
      if (m !== null) return m;
      if (Date.now() > end) throw new Error(`no ${pattern} in ${JSON.stringify(this.data)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async until(condition: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

describe('the TCP server', () => {
  it('answers garbage, bad checksums and unknown packets as the protocol says, then goes on', async () => {
    const { port } = await serve(LOOP);
    const c = await Raw.open(port);
    c.send('hello\r\n');
    c.send('$g#00'); // wrong checksum
    await c.expect(/^-$/);
    c.send(frame('qUnknownThing'));
    await c.expect(/^-\+\$#00$/);
    c.send('+' + frame('m30000000,4'));
    await c.expect(/\$E14#[0-9a-f]{2}$/);
    // r0 is 0: eight zeros, run-length encoded as 0*"00 (0, five more, two more).
    c.send('+' + frame('p0'));
    await c.expect(/\$0\*"00#dc$/);
    c.socket.destroy();
  });

  it('switches to no-ack mode when asked', async () => {
    const { port } = await serve(LOOP);
    const c = await Raw.open(port);
    c.send(frame('QStartNoAckMode'));
    await c.expect(/^\+\$OK#9a$/);
    c.send('+');
    const at = c.data.length;
    c.send(frame('qC'));
    await c.expect(/^\$QC1#c5$/, at);
    c.send('$qC#00'); // bad checksum: dropped without a '-'
    c.send(frame('qAttached'));
    await c.expect(/^\$QC1#c5\$1#31$/, at);
    c.socket.destroy();
  });

  it('a debugger that disconnects mid-run leaves the machine running as it was; the next one finds it', async () => {
    const { machine, target, port, info } = await serve(LOOP);
    const first = await Raw.open(port);
    first.send(frame('QStartNoAckMode'));
    await first.expect(/OK/);
    first.send('+' + frame(`Z0,${(BASE + 2).toString(16)},2`) + frame('c'));
    await first.expect(/T05.*swbreak/);
    expect(machine.cpu.regs[0]).toBe(1);
    first.send(frame(`z0,${(BASE + 2).toString(16)},2`) + frame(`Z0,${BASE.toString(16)},2`));
    first.send(frame('c'));
    // A stop at the new breakpoint; then continue and leave while running.
    await first.expect(/T05[^$]*swbreak[^$]*\$/);
    first.send(frame(`z0,${BASE.toString(16)},2`) + frame('c'));
    await first.until(() => machine.cpu.regs[0] > 1000);
    first.socket.destroy();
    await first.until(() => info.some((t) => t.includes('left')));
    // Still running, with no breakpoint left behind, its state kept.
    const before = machine.cpu.regs[0];
    await first.until(() => machine.cpu.regs[0] > before + 1000);
    expect(target.running).toBe(true);
    expect(machine.cpu.hasBreakpoint(BASE)).toBe(false);

    const second = await Raw.open(port);
    await second.until(() => !target.running);
    const r0 = machine.cpu.regs[0];
    second.send(frame('?'));
    await second.expect(/\$T02/);
    const at = second.data.length;
    second.send('+' + frame('p0'));
    const hex = runLengthDecode((await second.expect(/\$([^#$]+)#/, at))[1]);
    expect(Number(`0x${hex.match(/../g)!.reverse().join('')}`)).toBe(r0);
    second.socket.destroy();
  });

  it('turns a second debugger away while one is attached', async () => {
    const { port, info } = await serve(LOOP);
    const first = await Raw.open(port);
    const second = await Raw.open(port);
    await second.until(() => second.closed);
    expect(info.some((t) => t.includes('turned away'))).toBe(true);
    first.send(frame('qC'));
    await first.expect(/\$QC1#c5/);
    first.socket.destroy();
  });
});
